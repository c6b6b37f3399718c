"""One spider per source kind.  They only find article URLs and hand pages on;
admission (incremental), cleaning and storage happen in the middleware and pipeline."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider
from twisted.python.failure import Failure

from tallywatch.config.schema import SourceConfig
from tallywatch.crawler.context import CrawlContext
from tallywatch.crawler.failures import describe_failure
from tallywatch.crawler.feeds import FeedError, UnsafeXml, check_xml, read_feed
from tallywatch.crawler.incremental import KNOWN, LISTING, ROLE, UrlGate
from tallywatch.crawler.items import FetchedPage
from tallywatch.crawler.middlewares import OffsiteFiltered, OverBudget

BYTES = "tw_bytes"
"""Request meta: body bytes received so far (to tell a size-limit cancellation)."""
SITEMAP_DEPTH = "tw_sitemap_depth"
"""Request meta: how many sitemap indexes lead from the source's URL to this sitemap."""
TIME_BUDGET = "time_budget"
"""The close reason, and the crawl event kind, of a source stopped by its time budget."""


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def on_domains(url: str, domains: list[str]) -> bool:
    """Whether `url`'s host, on whatever port, is one of `domains` or below one, as the
    offsite filter judges requests (`example.org` takes `www.example.org:8080`)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


class SourceSpider(Spider):
    """What every source spider shares: its source, the run context, error recording."""

    name = "tallywatch-source"

    def __init__(self, *args: Any, source: SourceConfig, context: CrawlContext, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.source = source
        self.context = context
        self.allowed_domains = source.domains
        self.gate = UrlGate(source, context)
        self.deadline = time.monotonic() + context.settings.crawl.source_time_budget_minutes * 60
        """When the source's time budget ends (`runner` closes the spider then)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_bytes, signal=signals.bytes_received)
        crawler.signals.connect(spider.on_spider_error, signal=signals.spider_error)
        crawler.signals.connect(spider.on_item_error, signal=signals.item_error)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    # -- requests ----------------------------------------------------------------------

    @property
    def index_maxsize(self) -> int:
        return self.context.settings.crawl.max_sitemap_bytes

    def entry_request(self, url: str, callback: Any, *, maxsize: int | None = None) -> Request:
        meta: dict[str, Any] = {ROLE: "entry"}
        if maxsize:
            meta["download_maxsize"] = maxsize
        return Request(url, callback=callback, errback=self.on_failure, meta=meta, dont_filter=True)

    def article_request(self, url: str, *, listing: bool = False) -> Request:
        meta = {ROLE: "article", LISTING: listing}
        return Request(url, callback=self.parse_article, errback=self.on_failure, meta=meta)

    def prepare_request(self, request: Request) -> None:
        """Give requests made by Scrapy's own spider code a role and an errback."""
        if request.errback is None:
            request.errback = self.on_failure
        if ROLE not in request.meta:
            is_article = request.callback == self.parse_article
            request.meta[ROLE] = "article" if is_article else "index"
            if not is_article:
                request.meta.setdefault("download_maxsize", self.index_maxsize)

    # -- responses ---------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        if response.status != 304:
            self.context.count("pages")
        yield FetchedPage(
            source=self.source.name,
            url=(response.meta.get("redirect_urls") or [response.url])[0],
            final_url=response.url,
            status=response.status,
            body=response.body,
            content_type=_header(response, "Content-Type"),
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
            known=response.meta.get(KNOWN),
        )

    # -- problems ----------------------------------------------------------------------

    def record_entry_problem(self, response: Response, kind: str, detail: str) -> None:
        """A problem with a source's own page counts as the source failing."""
        entry = response.meta.get(ROLE) == "entry"
        self.context.record(self.source.name, kind, detail, url=response.url, entry=entry)

    def on_failure(self, failure: Failure) -> None:
        request: Request = failure.request  # type: ignore[attr-defined]
        exc = failure.value
        if exc is None or isinstance(exc, OffsiteFiltered | OverBudget):
            return
        limit = request.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        what = describe_failure(exc, oversize=bool(limit) and request.meta.get(BYTES, 0) > limit)
        entry = request.meta.get(ROLE) == "entry"
        if what.kind == "robots":
            self.context.count("blocked")
        self.context.record(
            self.source.name,
            what.kind,
            what.detail,
            url=request.url,
            is_error=what.is_error or entry,
            entry=entry,
        )

    def on_offsite(self, request: Request, *, private: bool = False) -> None:
        """Record a request refused for where it leads; a refused redirect is an error, and
        one of the source's own URL fails the source."""
        redirects = request.meta.get("redirect_urls")
        self.context.count("blocked")
        where = (
            "a non-public address (loopback, private or link-local)"
            if private
            else "a host outside the allowed domains"
        )
        detail = f"redirected from {redirects[0]} to {where}" if redirects else f"link to {where}"
        self.context.record(
            self.source.name,
            "offsite",
            detail,
            url=request.url,
            is_error=bool(redirects),
            entry=request.meta.get(ROLE) == "entry",
        )

    def on_bytes(self, data: bytes, request: Request, spider: Spider) -> None:
        request.meta[BYTES] = request.meta.get(BYTES, 0) + len(data)
        self.context.count("bytes_received", len(data))

    def on_spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        self.record_entry_problem(response, "internal", f"parsing failed: {failure.value!r}")

    def on_item_error(
        self, item: Any, response: Response, spider: Spider, failure: Failure
    ) -> None:
        self.context.record(
            self.source.name, "internal", f"pipeline failed: {failure.value!r}", url=response.url
        )

    def on_closed(self, spider: Spider, reason: str) -> None:
        if reason == TIME_BUDGET:
            minutes = self.context.settings.crawl.source_time_budget_minutes
            self.context.record(
                self.source.name,
                TIME_BUDGET,
                f"stopped after {minutes:g} minutes (crawl.source_time_budget_minutes); "
                "pages not fetched yet are left for the next run",
                url=self.source.url,
                entry=True,
            )
            return
        if reason != "finished":
            self.context.tallies[self.source.name].aborted = True
            self.context.stopping = True


class FeedSourceSpider(SourceSpider):
    """An RSS or Atom feed listing article links."""

    name = "tallywatch-feed"

    async def start(self) -> AsyncIterator[Request]:
        yield self.entry_request(self.source.url, self.parse_feed, maxsize=self.index_maxsize)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        self.context.count("pages")
        try:
            links = read_feed(response.body, response.url)
        except FeedError as exc:
            self.context.record(
                self.source.name, "bad_feed", exc.reason, url=response.url, entry=not exc.links
            )
            links = exc.links
        for link in links:
            yield self.article_request(link.url)


class SitemapSourceSpider(SourceSpider, SitemapSpider):
    """A sitemap, sitemap index, news sitemap, or robots.txt naming sitemaps."""

    name = "tallywatch-sitemap"
    sitemap_rules = [("", "parse_article")]

    async def start(self) -> AsyncIterator[Request]:
        yield self.entry_request(self.source.url, self._parse_sitemap, maxsize=self.index_maxsize)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """Newest first (by `lastmod` where given), so a per-run cap keeps the latest."""
        return sorted(entries, key=lambda e: e.get("lastmod") or "", reverse=True)

    def _get_sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap's XML, refused (`UnsafeXml`) when it declares entities: Scrapy's
        parser would not expand them, but a feed with them is refused too, so alike."""
        body = super()._get_sitemap_body(response)
        if body:
            check_xml(body)
        return body

    sitemaps_fetched = 1
    """Sitemaps requested for this source so far, its own URL included."""
    limit_recorded = False

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        self.context.count("pages")
        try:
            result = super()._parse_sitemap(response)
        except UnsafeXml as exc:
            self.record_entry_problem(response, "bad_sitemap", exc.reason)
            return ()
        # Scrapy returns exactly () for a body it does not recognise as a sitemap.
        if isinstance(result, tuple) and not result:
            self.record_entry_problem(response, "bad_sitemap", "not a sitemap or sitemap index")
            return result
        return self._within_limits(response, result)

    def _within_limits(self, response: Response, requests: Iterable[Request]) -> Iterator[Request]:
        """The requests of a sitemap, but no sitemap deeper than `crawl.max_sitemap_depth`
        indexes below the source's URL, nor more than `crawl.max_sitemaps_per_source` in
        all (newest first, see `sitemap_filter`): an index that always names new indexes
        ends there, recorded once."""
        crawl = self.context.settings.crawl
        depth = response.meta.get(SITEMAP_DEPTH, 0) + 1
        for request in requests:
            if request.callback != self._parse_sitemap:
                yield request
            elif depth > crawl.max_sitemap_depth:
                self._record_limit(
                    response,
                    f"sitemap indexes nested more than {crawl.max_sitemap_depth} deep "
                    "(crawl.max_sitemap_depth)",
                )
            elif self.sitemaps_fetched >= crawl.max_sitemaps_per_source:
                self._record_limit(
                    response,
                    f"more than {crawl.max_sitemaps_per_source} sitemaps "
                    "(crawl.max_sitemaps_per_source)",
                )
            else:
                self.sitemaps_fetched += 1
                request.meta[SITEMAP_DEPTH] = depth
                yield request

    def _record_limit(self, response: Response, what: str) -> None:
        if not self.limit_recorded:
            self.limit_recorded = True
            detail = f"{what}: the sitemaps beyond it were not fetched"
            self.context.record(
                self.source.name, "sitemap_limit", detail, url=response.url, is_error=False
            )


class PageSourceSpider(SourceSpider):
    """A section or listing page: links matching `follow` (not `deny`) down to `depth`."""

    name = "tallywatch-page"

    def __init__(self, *args: Any, source: SourceConfig, context: CrawlContext, **kwargs: Any):
        super().__init__(*args, source=source, context=context, **kwargs)
        # The hosts are checked here, not by the extractor's `allow_domains`: that compares
        # a link's host *and port* with the domains, so a site on an explicit port
        # (`http://example.org:8080/news/`) would have no link to follow.
        self.links = LinkExtractor(allow=source.follow, deny=source.deny)
        self.domains = [domain.lower().strip(".") for domain in source.domains]

    async def start(self) -> AsyncIterator[Request]:
        yield self.entry_request(self.source.url, self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        self.context.count("pages")
        if not isinstance(response, HtmlResponse):
            self.record_entry_problem(response, "bad_content", "the section page is not HTML")
            return
        yield from self.follow_links(response)

    def parse_article(self, response: Response) -> Iterator[Any]:
        yield from super().parse_article(response)
        if isinstance(response, HtmlResponse):
            yield from self.follow_links(response)

    def follow_links(self, response: HtmlResponse) -> Iterator[Request]:
        depth = response.meta.get("depth", 0)
        if depth >= self.source.depth:
            return
        listing = depth + 1 < self.source.depth
        for link in self.links.extract_links(response):
            if on_domains(link.url, self.domains):
                yield self.article_request(link.url, listing=listing)


SPIDERS: dict[str, type[SourceSpider]] = {
    "feed": FeedSourceSpider,
    "sitemap": SitemapSourceSpider,
    "page": PageSourceSpider,
}
"""Source kind -> spider class."""

"""Scrapy middlewares: incremental admission, retries that wait, offsite and redirect-loop
recording."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from tallywatch.crawler.failures import redirect_loop_detail
from tallywatch.crawler.incremental import ROLE

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from tallywatch.crawler.spiders import SourceSpider


def _spider(crawler: Crawler) -> SourceSpider:
    spider = crawler.spider
    assert spider is not None
    return spider  # type: ignore[return-value]


class IncrementalMiddleware:
    """Spider middleware: passes a callback's article requests through the source's gate
    in one batch (one database lookup per feed, sitemap or listing page)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        return cls(crawler)

    def _route(self, obj: Any, batch: list[Request]) -> bool:
        """Dress a request; keep it back when it is an article candidate."""
        if not isinstance(obj, Request):
            return False
        spider = _spider(self.crawler)
        spider.prepare_request(obj)
        if obj.meta.get(ROLE) == "article":
            batch.append(obj)
            return True
        return False

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        batch: list[Request] = []
        for obj in result:
            if not self._route(obj, batch):
                yield obj
        yield from _spider(self.crawler).gate.admit(batch)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        batch: list[Request] = []
        async for obj in result:
            if not self._route(obj, batch):
                yield obj
        for request in _spider(self.crawler).gate.admit(batch):
            yield request


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


async def _pause(seconds: float) -> None:
    if seconds <= 0:
        return
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


def _time_left_for(crawler: Crawler | None, wait: float) -> bool:
    """Whether the source's time budget leaves room for a retry after `wait` seconds."""
    spider = crawler.spider if crawler is not None else None
    deadline = getattr(spider, "deadline", None)
    return deadline is None or time.monotonic() + wait + MIN_REQUEST_SECONDS < deadline


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but the retry waits: `Retry-After` when the server sent
    one (a wait above `crawl.max_retry_wait_seconds` gives up instead), otherwise an
    exponential backoff from `crawl.retry_backoff_seconds`.  No retry is made that the
    source's time budget has no room for."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("TALLYWATCH_RETRY_BACKOFF")
        self.max_wait = settings.getfloat("TALLYWATCH_MAX_RETRY_WAIT")

    def _backoff(self, request: Request) -> float:
        attempt = request.meta.get("retry_times", 0)
        return min(self.max_wait, self.backoff * (2**attempt))

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.max_wait:
            return response
        wait = asked if asked is not None else self._backoff(request)
        if not _time_left_for(self.crawler, wait):
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await _pause(wait)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        wait = self._backoff(request)
        if not _time_left_for(self.crawler, wait):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        await _pause(wait)
        return retry


class OverBudget(IgnoreRequest):
    """A request of a source whose time budget is spent (the source's event says so)."""


MIN_REQUEST_SECONDS = 1.0
"""The shortest timeout a request is given near the end of its source's time budget."""


class SourceBudgetMiddleware:
    """Downloader middleware: no request outlives its source's time budget.

    Closing a spider does not end the downloads in flight, so a source whose links never
    answer would still hold the run for `crawl.timeout` after its budget: each request's
    timeout is cut to the budget's remaining time instead (placed after Scrapy's
    DownloadTimeoutMiddleware, which sets the configured one)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceBudgetMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        remaining = _spider(self.crawler).deadline - time.monotonic()
        if remaining <= 0:
            raise OverBudget("the source's time budget is spent")
        configured = request.meta.get("download_timeout")
        allowed = max(MIN_REQUEST_SECONDS, remaining)
        request.meta["download_timeout"] = min(configured, allowed) if configured else allowed


class OffsiteFiltered(IgnoreRequest):
    """A request outside the source's allowed domains (already recorded)."""


class RecordingOffsiteMiddleware(OffsiteMiddleware):
    """Scrapy's offsite filter (also applied to redirects) that records what it drops.

    It also records redirect loops.  A redirect back to a URL already in the chain
    is a request Scrapy's duplicate filter has seen, and the scheduler drops it with
    no error at all (only the `request_dropped` signal): without this, a page caught
    in a loop would vanish from the run without a trace.  (A chain of new URLs ends
    at `REDIRECT_MAX_TIMES` with an error that `describe_failure` names.)
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        crawler.signals.connect(middleware.on_dropped, signal=signals.request_dropped)
        return middleware

    def on_dropped(self, request: Request, spider: Spider) -> None:
        chain: list[str] = request.meta.get("redirect_urls") or []
        if request.url not in chain:
            return  # a duplicate, not a loop: the URL was or will be fetched
        source_spider = _spider(self.crawler)
        source_spider.context.record(
            source_spider.source.name,
            "redirect_loop",
            redirect_loop_detail([*chain, request.url]),
            url=chain[0],
            entry=request.meta.get(ROLE) == "entry",
        )

    def process_request(self, request: Request) -> None:  # type: ignore[override]
        """Scrapy's check, and also for a redirect of a request that skips the filter (a
        source's own URL): every redirect must stay within the allowed domains."""
        spider = _spider(self.crawler)
        if request.meta.get("redirect_urls") and not self.should_follow(request, spider):
            spider.on_offsite(request)
            raise OffsiteFiltered(f"redirect to {urlparse_cached(request).hostname!r}")
        try:
            super().process_request(request)
        except IgnoreRequest as exc:
            spider.on_offsite(request)
            raise OffsiteFiltered(str(exc)) from None


RESOLVE_SECONDS = 5.0
"""How long the address check waits for a redirect target's host to resolve."""


def is_public_address(address: str) -> bool:
    """Whether an IP address is globally reachable (not loopback, private, link-local,
    shared, reserved or documentation space); IPv4 inside IPv6 is judged as IPv4."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global


class PrivateRedirectMiddleware:
    """Downloader middleware: a redirect from a source on a public address to a host on
    a non-public one (loopback, private ranges, link-local: a cloud's metadata service)
    is refused and recorded.  A source whose own URL is on a non-public address (a local
    demo, an intranet site) may be redirected to such addresses.

    A host is non-public when any address it resolves to is; a host that does not
    resolve here counts as public (its request then fails on its own)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._public: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateRedirectMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if not request.meta.get("redirect_urls"):
            return
        spider = _spider(self.crawler)
        if not await self._host_is_public(urlsplit(spider.source.url).hostname):
            return
        host = urlparse_cached(request).hostname
        if not await self._host_is_public(host):
            spider.on_offsite(request, private=True)
            raise OffsiteFiltered(f"redirect to the non-public address of {host!r}")

    async def _host_is_public(self, host: str | None) -> bool:
        if not host:
            return True
        known = self._public.get(host)
        if known is None:
            known = self._public[host] = await _resolves_publicly(host)
        return known


async def _resolves_publicly(host: str) -> bool:
    try:
        return is_public_address(host.strip("[]"))
    except ValueError:
        pass  # a name, not an address
    loop = asyncio.get_running_loop()
    try:
        found = await asyncio.wait_for(loop.getaddrinfo(host, None), RESOLVE_SECONDS)
    except (OSError, TimeoutError):
        return True
    return all(is_public_address(str(info[4][0])) for info in found)

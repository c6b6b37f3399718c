"""Which article URLs a source requests this run, and how.

A URL never seen is requested (up to `crawl.max_articles_per_source` per run).  A
captured article younger than `crawl.watch_days` is re-checked with a conditional
request built from its stored ETag / Last-Modified; an older one is left alone.
A URL known to hold no article is not requested again, unless the page spider
needs it as a listing page for deeper links.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING

from tallywatch.config.schema import SourceConfig
from tallywatch.store.articles import KnownUrl
from tallywatch.store.models import utcnow

if TYPE_CHECKING:
    from scrapy import Request

    from tallywatch.crawler.context import CrawlContext

ROLE = "tw_role"
"""Request meta: `entry` (the source's own URL), `index` (child sitemaps) or `article`."""
LISTING = "tw_listing"
"""Request meta: the page spider needs this page's links (it is above the depth limit)."""
KNOWN = "tw_known"
"""Request meta: the `KnownUrl` of a re-checked URL."""


def make_conditional(request: Request, known: KnownUrl) -> Request:
    """Ask the server for the page only if it changed since it was stored."""
    if known.etag:
        request.headers["If-None-Match"] = known.etag
    if known.last_modified:
        request.headers["If-Modified-Since"] = known.last_modified
    request.meta[KNOWN] = known
    request.meta["handle_httpstatus_list"] = [304]
    return request


class UrlGate:
    """Admits the article requests of one source, batch by batch."""

    def __init__(self, source: SourceConfig, context: CrawlContext) -> None:
        crawl = context.settings.crawl
        self.context = context
        self.follow = [re.compile(p) for p in source.follow]
        self.deny = [re.compile(p) for p in source.deny]
        self.window = timedelta(days=crawl.watch_days)
        self.cap = crawl.max_articles_per_source
        self.admitted_new = 0
        self.seen: set[str] = set()

    def wanted(self, url: str) -> bool:
        if any(p.search(url) for p in self.deny):
            return False
        return not self.follow or any(p.search(url) for p in self.follow)

    def admit(self, requests: list[Request]) -> list[Request]:
        fresh: dict[str, Request] = {}
        for request in requests:
            if request.url not in self.seen and self.wanted(request.url):
                fresh.setdefault(request.url, request)
        if not fresh:
            return []
        self.seen.update(fresh)
        known = self.context.known_urls(fresh)
        now = utcnow()
        admitted: list[Request] = []
        for url, request in fresh.items():
            entry = known.get(url)
            if entry is None:
                if self.admitted_new >= self.cap:
                    self.context.count("capped")
                    continue
                self.admitted_new += 1
                admitted.append(request)
            elif entry.skipped:
                if request.meta.get(LISTING):
                    request.meta[KNOWN] = entry
                    admitted.append(request)
                else:
                    self.context.count("known")
            elif now - entry.first_seen_at > self.window:
                self.context.count("known")
            else:
                admitted.append(make_conditional(request, entry))
        return admitted

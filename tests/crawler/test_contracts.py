"""Contracts with the private parts of Scrapy and Twisted the crawler relies on.

Each test names what the crawler code expects of a name that is not a public API, so an
upgrade that renames or changes one fails here, with the place to fix, instead of the
crawler quietly doing something else (a sitemap read without the XML check, a retry
that no longer waits, a second crawl in one process).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.settings import default_settings
from scrapy.spiders import SitemapSpider
from scrapy.utils.test import get_crawler

from tallywatch.crawler import settings as crawl_settings

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-2025.xml</loc></sitemap>
</sitemapindex>"""
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example/world/a.html</loc></url>
</urlset>"""


class Sitemaps(SitemapSpider):
    name = "contract"
    sitemap_rules = [("", "parse_article")]
    bodies: list[bytes]

    def _get_sitemap_body(self, response: Any) -> bytes | None:
        body = super()._get_sitemap_body(response)
        self.bodies.append(body or b"")
        return body

    def parse_article(self, response: Any) -> None:
        return None


def sitemaps() -> Sitemaps:
    spider = Sitemaps()
    spider.bodies = []
    return spider


def test_sitemap_spider_reads_bodies_through_get_sitemap_body() -> None:
    """crawler/spiders.py overrides `SitemapSpider._get_sitemap_body` to refuse XML with
    entity declarations: Scrapy must still get every sitemap's body through it."""
    spider = sitemaps()
    list(spider._parse_sitemap(XmlResponse("https://news.example/sitemap.xml", body=URLSET)))
    assert spider.bodies == [URLSET], (
        "Scrapy no longer reads a sitemap through SitemapSpider._get_sitemap_body: "
        "SitemapSourceSpider's XML check (crawler/spiders.py) is bypassed"
    )


def test_sitemap_index_entries_come_back_to_parse_sitemap() -> None:
    """crawler/spiders.py tells a nested sitemap from an article by its callback being
    `_parse_sitemap` (the depth and count limits apply to those)."""
    spider = sitemaps()
    index = XmlResponse("https://news.example/sitemap.xml", body=SITEMAP_INDEX)
    requests = list(spider._parse_sitemap(index))
    assert [r.url for r in requests] == ["https://news.example/sitemap-2025.xml"]
    assert requests[0].callback == spider._parse_sitemap, (
        "a sitemap index's entries no longer call SitemapSpider._parse_sitemap: the "
        "sitemap limits of SitemapSourceSpider._within_limits (crawler/spiders.py) stop working"
    )
    articles = list(spider._parse_sitemap(XmlResponse(index.url, body=URLSET)))
    assert [r.callback for r in articles] == [spider.parse_article]


def test_a_body_that_is_no_sitemap_gives_an_empty_tuple() -> None:
    """SitemapSourceSpider records `bad_sitemap` when `_parse_sitemap` returns exactly ()."""
    page = HtmlResponse("https://news.example/sitemap.xml", body=b"<html><p>moved</p></html>")
    result = sitemaps()._parse_sitemap(page)
    assert isinstance(result, tuple) and not result, (
        f"SitemapSpider._parse_sitemap returned {result!r} for a page that is no sitemap, "
        "not (): crawler/spiders.py would no longer record it as bad_sitemap"
    )


def test_retry_middleware_retry_gives_the_next_attempt_then_none() -> None:
    """BackoffRetryMiddleware (crawler/middlewares.py) waits, then asks the private
    `RetryMiddleware._retry` for the retried request; None means it gave up."""
    crawler = get_crawler(Spider, {"RETRY_ENABLED": True, "RETRY_TIMES": 1})
    crawler.spider = Spider.from_crawler(crawler, name="contract")
    middleware = RetryMiddleware.from_crawler(crawler)
    first = middleware._retry(Request("https://news.example/a.html"), "HTTP 503")
    assert isinstance(first, Request) and first.meta["retry_times"] == 1, (
        "RetryMiddleware._retry no longer returns the retried request: "
        "BackoffRetryMiddleware (crawler/middlewares.py) must be rewritten"
    )
    assert middleware._retry(first, "HTTP 503") is None
    assert {"crawler", "retry_http_codes", "exceptions_to_retry"} <= set(vars(middleware))


def test_twisted_response_failures_are_where_failures_py_imports_them() -> None:
    """crawler/failures.py names connection failures by `twisted.web._newclient`'s
    exceptions and their `reasons`."""
    from twisted.python.failure import Failure
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

    reason = Failure(ConnectionResetError("reset"))
    failed = ResponseNeverReceived([reason])
    assert isinstance(failed, ResponseFailed)
    assert failed.reasons == [reason], (
        "ResponseFailed.reasons changed: crawler/failures.py can no longer say how a "
        "connection ended"
    )


def test_twisted_reactor_remembers_it_ran() -> None:
    """crawler/runner.py refuses a second crawl in one process by the reactor's private
    `_startedBefore` flag (a stopped reactor cannot be started again)."""
    program = textwrap.dedent(
        """
        from scrapy.utils.reactor import install_reactor
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
        from twisted.internet import reactor
        print(reactor._startedBefore)
        reactor.callWhenRunning(reactor.stop)
        reactor.run()
        print(reactor._startedBefore)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"], (
        "the Twisted reactor no longer sets _startedBefore when it runs: crawler/runner.py's "
        f"check for a second crawl in one process must change ({done.stdout!r})"
    )


@pytest.mark.parametrize(
    ("setting", "unused"),
    [
        ("EXTENSIONS", crawl_settings.UNUSED_EXTENSIONS),
        ("DOWNLOADER_MIDDLEWARES", crawl_settings.UNUSED_DOWNLOADER_MIDDLEWARES),
        ("SPIDER_MIDDLEWARES", crawl_settings.UNUSED_SPIDER_MIDDLEWARES),
        ("DOWNLOAD_HANDLERS", crawl_settings.UNUSED_DOWNLOAD_HANDLERS),
    ],
)
def test_the_components_left_out_are_in_scrapys_defaults(setting: str, unused: Any) -> None:
    """crawler/settings.py leaves components out of Scrapy's `<NAME>_BASE` by their
    dotted paths: a renamed one would stay enabled without a word."""
    base = getattr(default_settings, f"{setting}_BASE")
    missing = sorted(set(unused) - set(base))
    assert not missing, (
        f"Scrapy's {setting}_BASE no longer has {missing}: update crawler/settings.py"
    )

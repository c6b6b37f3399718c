"""Which article requests a source makes: new URLs (capped), conditional re-checks
inside the watch window, nothing for settled articles and known non-articles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from scrapy import Request

from tallywatch.config import parse_settings
from tallywatch.crawler.context import CrawlContext
from tallywatch.crawler.incremental import KNOWN, LISTING, UrlGate
from tallywatch.extract.types import CleanedPage
from tallywatch.store import Database, runs, sources, utcnow
from tallywatch.store import articles as store

SITE = "https://wire.example"


@pytest.fixture
def context(db_url: str) -> Iterator[CrawlContext]:
    settings = parse_settings(
        {
            "crawl": {"watch_days": 3, "max_articles_per_source": 2},
            "sources": [
                {
                    "name": "wire",
                    "kind": "sitemap",
                    "url": f"{SITE}/sitemap.xml",
                    "follow": ["/world/"],
                    "deny": ["/world/live/"],
                }
            ],
        }
    )
    db = Database(db_url)
    with db.session() as s:
        ids = sources.sync_sources(s, settings.sources)
        run_id = runs.start_run(s)
    now = utcnow()
    for path, age, etag, modified in [
        ("/world/settled", timedelta(days=10), '"s"', None),
        ("/world/young", timedelta(hours=5), '"y"', "Tue, 14 Jan 2025 09:00:00 GMT"),
        ("/world/young-bare", timedelta(days=1), None, None),
    ]:
        with db.session() as s:
            store.save_article(
                s,
                source_id=ids["wire"],
                run_id=run_id,
                url=SITE + path,
                page=CleanedPage(text=path),
                etag=etag,
                last_modified=modified,
                at=now - age,
            )
    with db.session() as s:
        store.record_skipped(s, url=f"{SITE}/world/index", source_id=ids["wire"], reason="index")
    yield CrawlContext(settings, db, run_id, ids)
    db.dispose()


def _requests(*paths: str, listing: bool = False) -> list[Request]:
    return [Request(SITE + p, meta={LISTING: listing}) for p in paths]


def test_admission(context: CrawlContext) -> None:
    gate = UrlGate(context.settings.sources[0], context)
    admitted = gate.admit(
        _requests(
            "/world/settled",
            "/world/young",
            "/world/young-bare",
            "/world/index",
            "/world/new-1",
            "/world/new-1",
            "/world/new-2",
            "/world/new-3",
            "/world/live/feed",
            "/sport/match",
        )
    )
    by_path = {r.url.removeprefix(SITE): r for r in admitted}
    assert list(by_path) == ["/world/young", "/world/young-bare", "/world/new-1", "/world/new-2"]
    young = by_path["/world/young"]
    assert young.headers[b"If-None-Match"] == b'"y"'
    assert young.headers[b"If-Modified-Since"] == b"Tue, 14 Jan 2025 09:00:00 GMT"
    assert young.meta["handle_httpstatus_list"] == [304]
    assert young.meta[KNOWN].article_id is not None
    bare = by_path["/world/young-bare"]
    assert b"If-None-Match" not in bare.headers and bare.meta[KNOWN].etag is None
    assert KNOWN not in by_path["/world/new-1"].meta
    stats = context.stats
    assert (stats.known, stats.capped) == (2, 1)
    # A URL is considered once per run, and the cap holds across batches.
    assert gate.admit(_requests("/world/young", "/world/new-4")) == []
    assert stats.capped == 2


def test_known_non_article_is_fetched_again_only_as_a_listing_page(
    context: CrawlContext,
) -> None:
    gate = UrlGate(context.settings.sources[0], context)
    assert gate.admit(_requests("/world/index")) == []
    again = UrlGate(context.settings.sources[0], context).admit(
        _requests("/world/index", listing=True)
    )
    assert len(again) == 1 and again[0].meta[KNOWN].skipped

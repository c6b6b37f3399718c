"""A source cannot keep a run going: caps on sitemaps, and a wall-time budget per source.

Real crawls of the loopback site in a child process (`crawl` fixture).  The endless
sitemap is a chain of indexes each naming a new one, and a wide index names hundreds of
sitemaps; the stalling source lists links to a server that accepts connections and never
answers, with a request timeout far longer than the test.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tallywatch.store import Article, CrawlEvent, Database, Source

CHAIN_LENGTH = 400
WIDTH = 400


@pytest.fixture(scope="module")
def endless_sitemaps(site: Any, site_kit: Any) -> dict[str, str]:
    xml = "application/xml"
    article = "/endless/story.html"
    site_kit.publish_article(site, article, site_kit.article("two-captured"))
    for n in range(CHAIN_LENGTH):
        index = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{site.base}/endless/chain-{n + 1}.xml</loc></sitemap>"
            "</sitemapindex>\n"
        )
        site.put(
            f"/endless/chain-{n}.xml", site_kit.Resource(index.encode(), xml, validators=False)
        )
    rows = "".join(
        f"<sitemap><loc>{site.base}/endless/leaf-{n}.xml</loc></sitemap>" for n in range(WIDTH)
    )
    wide = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>\n'
    )
    site.put("/endless/wide.xml", site_kit.Resource(wide.encode(), xml, validators=False))
    leaf = site_kit.urlset(site.base, [article]).encode()
    for n in range(WIDTH):
        site.put(f"/endless/leaf-{n}.xml", site_kit.Resource(leaf, xml, validators=False))
    return {"chain": f"{site.base}/endless/chain-0.xml", "wide": f"{site.base}/endless/wide.xml"}


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections (into the backlog) and never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(128)
        yield silent.getsockname()[1]


def _events(db_url: str, kind: str) -> list[CrawlEvent]:
    db = Database(db_url)
    try:
        with db.session() as session:
            return list(session.scalars(select(CrawlEvent).where(CrawlEvent.kind == kind)))
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("which", "fetched_at_most", "limit"),
    [("chain", 4, "nested more than 3 deep"), ("wide", 100, "more than 100 sitemaps")],
)
def test_sitemaps_stop_at_the_default_caps(
    tmp_path: Path,
    site: Any,
    site_kit: Any,
    crawl: Any,
    endless_sitemaps: dict[str, str],
    db_url: str,
    which: str,
    fetched_at_most: int,
    limit: str,
) -> None:
    source = {"name": "endless", "kind": "sitemap", "url": endless_sitemaps[which]}
    config = site_kit.write_config(tmp_path / "tw.toml", db_url, site_kit.TEST_CRAWL, [source])
    mark = site.mark()
    stats = crawl(config, timeout=120)
    sitemaps = [h for h in site.since(mark) if h.path.endswith(".xml")]
    assert len(sitemaps) == fetched_at_most
    assert stats["errors"] == 0
    [event] = _events(db_url, "sitemap_limit")
    assert limit in event.detail and not event.is_error
    if which == "wide":
        assert stats["new_articles"] == 1


def test_a_stalling_source_is_stopped_at_its_budget_and_the_others_go_on(
    tmp_path: Path,
    site: Any,
    site_kit: Any,
    crawl: Any,
    news_site: Any,
    silent_server: int,
    db_url: str,
) -> None:
    links = [f"http://127.0.0.1:{silent_server}/never/{n}.html" for n in range(50)]
    feed = site_kit.rss("", links).encode()
    site.put("/stall/feed.rss", site_kit.Resource(feed, "application/rss+xml", validators=False))
    sources = [
        {"name": "stalling", "kind": "feed", "url": f"{site.base}/stall/feed.rss"},
        news_site.sources[0],
    ]
    settings = {**site_kit.TEST_CRAWL, "timeout": 600, "source_time_budget_minutes": 0.05}
    config = site_kit.write_config(tmp_path / "tw.toml", db_url, settings, sources)
    stats = crawl(config, timeout=60)
    assert not stats["interrupted"]
    assert stats["sources"] == 2 and stats["sources_failed"] == 1
    [event] = _events(db_url, "time_budget")
    assert "stopped after 0.05 minutes" in event.detail
    db = Database(db_url)
    with db.session() as session:
        status = dict(session.execute(select(Source.name, Source.last_status)).all())
        assert status == {"stalling": "failed", "world-rss": "ok"}
        assert session.scalars(select(Article.url)).all()
    db.dispose()

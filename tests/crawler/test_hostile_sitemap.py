"""A sitemap carrying an XML entity-expansion bomb is refused and recorded, like a feed.

Scrapy's sitemap parser does not expand entities, so the bomb cannot go off; but a
sitemap declaring entities is hostile, and reading it anyway would quietly crawl what
it lists.  The sitemap spider checks it with `feeds.check_xml` first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from tallywatch.store import Article, CrawlEvent, Database, Source


def test_a_sitemap_entity_bomb_is_refused(
    site: Any, hostile_sitemap: Any, crawl: Any, db_url: str, tmp_path: Path, site_kit: Any
) -> None:
    config = site_kit.write_config(
        tmp_path / "t.toml", db_url, site_kit.TEST_CRAWL, hostile_sitemap.sources
    )
    mark = site.mark()
    stats = crawl(config)
    db = Database(db_url)
    with db.session() as s:
        events = s.scalars(select(CrawlEvent).where(CrawlEvent.run_id == stats["run_id"])).all()
        source = s.scalar(select(Source))
        stored = s.scalars(select(Article.url)).all()
    db.dispose()
    assert [(e.kind, e.is_error, e.source_id) for e in events] == [("bad_sitemap", True, source.id)]
    assert "unsafe XML refused" in (events[0].detail or "")
    assert (source.last_status, source.consecutive_failures) == ("failed", 1)
    assert stats["errors"] == 1 and stats["sources_failed"] == 1
    # Nothing it lists is requested or stored.
    assert hostile_sitemap.articles["two-captured"] not in {h.path for h in site.since(mark)}
    assert stored == []

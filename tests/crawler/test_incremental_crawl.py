"""Crawl the loopback news site repeatedly: first capture, incremental re-checks with
304s, a changed article, and the watch window closing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tallywatch.store import Article, ArticleVersion, CrawlEvent, CrawlRun, Database, Source


def _hits(site: Any, mark: int, prefix: str, status: int | None = None) -> list[Any]:
    return [h for h in site.since(mark) if h.path.startswith(prefix) and status in (None, h.status)]


def test_capture_then_recheck_incrementally(
    site: Any, news_site: Any, crawl: Any, tmp_path: Path, db_url: str, site_kit: Any
) -> None:
    config = site_kit.write_config(
        tmp_path / "tallywatch.toml", db_url, site_kit.TEST_CRAWL, news_site.sources
    )
    db = Database(db_url)
    article_paths = set(news_site.articles.values())

    # 1. First crawl: every article captured once, with its metadata.
    mark = site.mark()
    first = crawl(config)
    assert first["new_articles"] == len(article_paths)
    assert first["errors"] == 0
    assert first["figures"] > 0
    with db.session() as s:
        articles = {a.url.removeprefix(site.base): a for a in s.scalars(select(Article))}
        assert set(articles) == article_paths
        seoul = articles["/news/nis-300-killed.html"]
        assert (
            seoul.title == "About 300 North Korean soldiers killed fighting for Russia, Seoul says"
        )
        assert seoul.author == "Mina Park"
        assert seoul.published == "2025-01-13"
        assert seoul.language == "en"
        assert seoul.sitename == "Loopback Herald"
        assert seoul.canonical_url == f"{site.base}/news/nis-300-killed.html"
        assert seoul.version_count == 1
        text = s.scalar(select(ArticleVersion.text).where(ArticleVersion.article_id == seoul.id))
        assert "2,700 wounded" in text
        assert "All rights reserved" not in text
        statuses = {src.name: src.last_status for src in s.scalars(select(Source))}
        assert statuses == dict.fromkeys(statuses, "ok") and len(statuses) == 4
        robots = s.scalars(select(CrawlEvent).where(CrawlEvent.kind == "robots")).all()
        assert [e.url.removeprefix(site.base) for e in robots] == ["/private/embargoed.html"]
        assert not robots[0].is_error
        run = s.get(CrawlRun, first["run_id"])
        assert (run.new_articles, run.errors, run.pages) == (7, 0, first["pages"])
    assert not _hits(site, mark, "/private/")
    assert not _hits(site, mark, "/about")
    first_200s = _hits(site, mark, "/news/", 200)
    assert {h.path for h in first_200s} == article_paths

    # 2. Nothing changed: no article body is downloaded again, except the one article
    #    whose server offers no validators; it is recognised as unchanged.
    mark = site.mark()
    second = crawl(config)
    assert _hits(site, mark, "/news/", 304)
    assert {h.path for h in _hits(site, mark, "/news/", 200)} == {"/news/engineers-return.html"}
    assert all(h.conditional for h in _hits(site, mark, "/news/", 304))
    assert second["new_articles"] == second["updated"] == 0
    assert second["not_modified"] >= 6
    assert second["unchanged"] == 1
    assert second["figures"] == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ArticleVersion)) == 7
        run = s.get(CrawlRun, second["run_id"])
        assert run.not_modified == second["not_modified"]

    # 3. An article updated in place: a new version, the old one kept.
    article = dict(site_kit.article("nis-300-killed"))
    article["paragraphs"] = [
        article["paragraphs"][0].replace("Around 300", "About 600").replace("2,700", "3,500"),
        *article["paragraphs"][1:],
    ]
    site_kit.publish_article(site, "/news/nis-300-killed.html", article)
    mark = site.mark()
    third = crawl(config)
    assert third["updated"] == 1 and third["new_articles"] == 0
    assert {h.path for h in _hits(site, mark, "/news/", 200)} == {
        "/news/nis-300-killed.html",
        "/news/engineers-return.html",
    }
    with db.session() as s:
        seoul = s.scalar(select(Article).where(Article.url.endswith("/nis-300-killed.html")))
        versions = s.scalars(
            select(ArticleVersion)
            .where(ArticleVersion.article_id == seoul.id)
            .order_by(ArticleVersion.number)
        ).all()
        assert [v.number for v in versions] == [1, 2]
        assert "Around 300" in versions[0].text and "About 600" in versions[1].text
        assert versions[1].run_id == third["run_id"]
        assert seoul.version_count == 2

    # 4. Outside the watch window, captured articles are not requested at all.
    closed = site_kit.write_config(
        tmp_path / "closed.toml",
        db_url,
        {**site_kit.TEST_CRAWL, "watch_days": 0},
        news_site.sources,
    )
    mark = site.mark()
    fourth = crawl(closed)
    assert not _hits(site, mark, "/news/")
    assert fourth["known"] >= 7
    assert _hits(site, mark, "/feeds/world.rss", 200)
    db.dispose()

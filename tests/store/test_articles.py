"""The crawler's storage functions against a real database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from tallywatch.config.schema import SourceConfig
from tallywatch.extract.types import CleanedPage, ExtractedFigure
from tallywatch.store import (
    Article,
    ArticleVersion,
    CrawlEvent,
    CrawlRun,
    Database,
    Figure,
    SkippedUrl,
    Source,
    runs,
    sources,
    utcnow,
)
from tallywatch.store import articles as store

URL = "https://news.example/world/2025/01/seoul-300"


@pytest.fixture
def source_id(db: Database) -> int:
    config = SourceConfig(name="wire", kind="feed", url="https://news.example/rss.xml")
    with db.session() as s:
        return sources.sync_sources(s, [config])["wire"]


def save(db: Database, source_id: int, text: str, **kw: Any) -> store.SavedArticle:
    page = CleanedPage(text=text, title="Seoul: 300 killed")
    with db.session() as s:
        return store.save_article(s, source_id=source_id, run_id=None, url=URL, page=page, **kw)


def test_sync_sources_creates_once_and_follows_config_changes(db: Database) -> None:
    first = SourceConfig(name="wire", kind="feed", url="https://a.example/rss")
    with db.session() as s:
        ids = sources.sync_sources(s, [first])
    moved = SourceConfig(name="wire", kind="sitemap", url="https://a.example/sitemap.xml")
    with db.session() as s:
        again = sources.sync_sources(s, [moved])
        row = s.get(Source, again["wire"])
        assert (row.kind, row.url) == ("sitemap", "https://a.example/sitemap.xml")
        assert s.scalar(select(func.count()).select_from(Source)) == 1
    assert ids == again


def test_new_changed_and_unchanged_text(db: Database, source_id: int) -> None:
    def found(value: int) -> list[ExtractedFigure]:
        sentence = f"About {value} soldiers were killed."
        return [
            ExtractedFigure(
                "nk-troops", metric, value, None, "approx", "cumulative", None, None, sentence, 6, 9
            )
            for metric in ("killed", "casualties")
        ]

    first = save(db, source_id, "About 300 soldiers were killed.", etag='"a"', figures=found(300))
    same = save(db, source_id, "About 300 soldiers were killed.", etag='"b"', figures=found(300))
    changed = save(db, source_id, "About 600 soldiers were killed.", figures=found(600))
    assert [r.outcome for r in (first, same, changed)] == ["new", "unchanged", "updated"]
    assert (first.figures, same.figures, changed.figures) == (2, 0, 2)
    assert same.version_id is None
    with db.session() as s:
        article = s.scalar(select(Article))
        texts = s.scalars(select(ArticleVersion.text).order_by(ArticleVersion.number)).all()
        assert texts == ["About 300 soldiers were killed.", "About 600 soldiers were killed."]
        assert article.version_count == 2
        assert article.last_checked_at >= article.last_changed_at
        assert article.etag is None  # the changed fetch carried no validator
        stored = s.execute(select(Figure.version_id, Figure.value).order_by(Figure.id)).all()
        assert stored == [(first.version_id, 300)] * 2 + [(changed.version_id, 600)] * 2


def test_unchanged_text_only_moves_check_time_and_validators(db: Database, source_id: int) -> None:
    earlier = utcnow() - timedelta(hours=5)
    save(db, source_id, "Text.", etag='"a"', at=earlier)
    save(db, source_id, "Text.", etag='"b"', last_modified="Tue, 14 Jan 2025 09:00:00 GMT")
    with db.session() as s:
        article = s.scalar(select(Article))
        assert article.last_changed_at == earlier
        assert article.last_checked_at > earlier
        assert (article.etag, article.last_modified) == ('"b"', "Tue, 14 Jan 2025 09:00:00 GMT")


def test_metadata_is_clipped_to_its_columns(db: Database, source_id: int) -> None:
    with db.session() as s:
        store.save_article(
            s,
            source_id=source_id,
            run_id=None,
            url=URL,
            page=CleanedPage(text="T", published="2025-01-13" + "x" * 60, language="en-" * 20),
        )
        article = s.scalar(select(Article))
        assert len(article.published) == 40 and len(article.language) == 20


def test_lookup_knows_articles_and_skipped_urls(db: Database, source_id: int) -> None:
    save(db, source_id, "Text.", etag='"e"', body_hash="h" * 64)
    with db.session() as s:
        store.record_skipped(
            s, url="https://news.example/world/", source_id=source_id, reason="index"
        )
        store.record_skipped(
            s, url="https://news.example/world/", source_id=source_id, reason="again"
        )
    urls = [URL, "https://news.example/world/", "https://news.example/unknown"]
    with db.session() as s:
        known = store.lookup_urls(s, urls * 300)  # more than one query chunk, duplicates
        assert s.scalar(select(SkippedUrl.reason)) == "again"
    assert set(known) == {URL, "https://news.example/world/"}
    assert not known[URL].skipped and known[URL].etag == '"e"' and known[URL].body_hash == "h" * 64
    assert known["https://news.example/world/"].skipped


@pytest.mark.parametrize(
    ("statuses", "failures", "error", "succeeded"),
    [
        (["ok"], 0, None, True),
        (["failed"], 1, "timeout", False),
        (["failed", "failed", "failed"], 3, "timeout", False),
        (["failed", "failed", "partial"], 0, "timeout", True),
        (["failed", "ok"], 0, None, True),
    ],
)
def test_finish_source_tracks_consecutive_failures(
    db: Database,
    source_id: int,
    statuses: list[str],
    failures: int,
    error: str | None,
    succeeded: bool,
) -> None:
    for status in statuses:
        with db.session() as s:
            sources.finish_source(
                s, source_id, status=status, error=None if status == "ok" else "timeout"
            )
    with db.session() as s:
        row = s.get(Source, source_id)
        assert row.last_status == statuses[-1]
        assert row.consecutive_failures == failures
        assert row.last_error == error
        assert (row.last_success_at is not None) == succeeded


def test_finish_source_rejects_unknown_status(db: Database, source_id: int) -> None:
    with db.session() as s, pytest.raises(ValueError):
        sources.finish_source(s, source_id, status="fine")


def test_runs_events_and_counts(db: Database, source_id: int) -> None:
    with db.session() as s:
        run_id = runs.start_run(s, worker="host:1")
    with db.session() as s:
        runs.record_event(
            s, run_id=run_id, source_id=source_id, kind="timeout", detail="slow\x00server"
        )
        runs.record_event(
            s, run_id=run_id, source_id=source_id, kind="skipped", detail="index", is_error=False
        )
        runs.write_run_counts(s, run_id, {"pages": 4, "errors": 1, "not_modified": 2, "bogus": 9})
    with db.session() as s:
        runs.finish_run(s, run_id, "ok")
    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        assert (run.status, run.pages, run.errors, run.not_modified) == ("ok", 4, 1, 2)
        assert run.finished_at is not None and run.worker == "host:1"
        events = s.scalars(select(CrawlEvent).order_by(CrawlEvent.id)).all()
        assert [(e.kind, e.is_error, e.detail) for e in events] == [
            ("timeout", True, "slowserver"),
            ("skipped", False, "index"),
        ]

"""Misbehaving sources and pages: the run completes, every problem is recorded on the
run and its source, and nothing wrong is stored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from tallywatch.store import (
    Article,
    ArticleVersion,
    CrawlEvent,
    CrawlRun,
    Database,
    SkippedUrl,
    Source,
)


@pytest.fixture(scope="module")
def outcome(
    site: Any,
    trouble_site: Any,
    crawl: Any,
    tmp_path_factory: pytest.TempPathFactory,
    site_kit: Any,
) -> dict[str, Any]:
    """One crawl of the trouble sources (cleaning in a worker process), and its database."""
    folder = tmp_path_factory.mktemp("trouble")
    db_url = f"sqlite:///{folder / 'tallywatch.db'}"
    settings = {
        **site_kit.TEST_CRAWL,
        "max_page_bytes": site_kit.TROUBLE_MAX_BYTES,
        "clean_workers": 1,
    }
    config = site_kit.write_config(folder / "t.toml", db_url, settings, trouble_site.sources)
    mark = site.mark()
    stats = crawl(config)
    return {"stats": stats, "db": Database(db_url), "hits": site.since(mark)}


def _events(outcome: dict[str, Any]) -> list[CrawlEvent]:
    with outcome["db"].session() as s:
        return list(s.scalars(select(CrawlEvent)))


def _event_for(outcome: dict[str, Any], site: Any, path: str) -> CrawlEvent:
    found = [
        e for e in _events(outcome) if (e.url or "").endswith(path) or path in (e.detail or "")
    ]
    assert len(found) == 1, [(e.kind, e.url, e.detail) for e in _events(outcome)]
    return found[0]


@pytest.mark.parametrize(
    ("page", "kind", "detail", "is_error"),
    [
        ("pdf", "bad_content", "not HTML: application/pdf", True),
        ("huge", "too_large", "", True),
        ("stream", "too_large", "", True),
        ("slow", "timeout", "took longer than", True),
        ("empty", "bad_content", "empty body", True),
        ("binary", "bad_content", "binary data served as text/html", True),
        ("moved", "offsite", "redirected from", True),
        ("index", "skipped", "mostly links", False),
        ("encoding", "encoding", "not valid UTF-8", False),
    ],
)
def test_each_bad_page_is_recorded(
    outcome: dict[str, Any],
    site: Any,
    trouble_site: Any,
    page: str,
    kind: str,
    detail: str,
    is_error: bool,
) -> None:
    event = _event_for(outcome, site, trouble_site.extra[page])
    assert (event.kind, event.is_error) == (kind, is_error)
    assert detail in (event.detail or "")
    assert event.run_id == outcome["stats"]["run_id"]
    with outcome["db"].session() as s:
        assert s.get(Source, event.source_id).name == "trouble-feed"


@pytest.mark.parametrize(
    ("source", "kind", "detail", "count"),
    [
        ("broken-feed", "bad_feed", "malformed XML", 1),
        ("bomb-feed", "bad_feed", "unsafe XML refused", 1),
        ("dead-sitemap", "http_status", "HTTP 404", 2),
        ("fake-sitemap", "bad_sitemap", "not a sitemap", 1),
        ("unreachable", "connection", "", 1),
    ],
)
def test_source_problems_are_recorded(
    outcome: dict[str, Any], source: str, kind: str, detail: str, count: int
) -> None:
    with outcome["db"].session() as s:
        source_id = s.scalar(select(Source.id).where(Source.name == source))
        events = s.scalars(select(CrawlEvent).where(CrawlEvent.source_id == source_id)).all()
    assert [e.kind for e in events] == [kind] * count
    assert all(detail in (e.detail or "") and e.is_error for e in events)


@pytest.mark.parametrize(
    ("source", "status", "failures"),
    [
        ("trouble-feed", "partial", 0),
        ("broken-feed", "partial", 0),
        ("bomb-feed", "failed", 1),
        ("dead-sitemap", "failed", 1),
        ("fake-sitemap", "failed", 1),
        ("unreachable", "failed", 1),
    ],
)
def test_source_status(outcome: dict[str, Any], source: str, status: str, failures: int) -> None:
    with outcome["db"].session() as s:
        row = s.scalar(select(Source).where(Source.name == source))
    assert (row.last_status, row.consecutive_failures) == (status, failures)
    assert row.last_run_at is not None
    assert (row.last_error is None) == (status == "ok")
    assert (row.last_success_at is not None) == (status != "failed")


def test_only_real_articles_are_stored(outcome: dict[str, Any], trouble_site: Any) -> None:
    paths = trouble_site.extra
    with outcome["db"].session() as s:
        stored = {a.url.rsplit("/", 2)[-1]: a for a in s.scalars(select(Article))}
        assert set(stored) == {"cafe.html", "busy.html", "salvaged.html"}
        cafe = s.scalar(
            select(ArticleVersion.text).where(ArticleVersion.article_id == stored["cafe.html"].id)
        )
        skipped = {u.url.rsplit("/", 1)[-1]: u.reason for u in s.scalars(select(SkippedUrl))}
    assert "Café owners in Zaporizhzhia" in cafe
    assert "the third time they have had to rebuild" in cafe and "\ufffd" not in cafe
    assert "“We serve coffee" in cafe
    # Pages that can never be articles are remembered; an empty body may be a hiccup.
    assert set(skipped) == {"report.pdf", "binary.html", "index.html"}
    assert paths["empty"].rsplit("/", 1)[-1] not in skipped


def test_retry_after_is_honoured(outcome: dict[str, Any], trouble_site: Any) -> None:
    busy = [h.status for h in outcome["hits"] if h.path == trouble_site.extra["busy"]]
    assert busy == [429, 200]


def test_run_counts_match_events(outcome: dict[str, Any]) -> None:
    stats = outcome["stats"]
    events = _events(outcome)
    errors = [e for e in events if e.is_error]
    with outcome["db"].session() as s:
        run = s.get(CrawlRun, stats["run_id"])
        versions = s.scalar(select(func.count()).select_from(ArticleVersion))
    assert run.errors == stats["errors"] == len(errors)
    assert run.new_articles == stats["new_articles"] == versions == 3
    assert run.skipped == stats["skipped"] == 1
    assert stats["sources"] == 6 and stats["sources_failed"] == 4
    assert not stats["interrupted"]

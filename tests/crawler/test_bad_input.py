"""Misbehaving sources and pages: the run completes, every problem is recorded on the
run and its source, and nothing wrong is stored.  A second run over the same database
records its own faults again and loses or duplicates nothing stored by the first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from backends import fresh_database
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

SCRAPY_INFLATE_CHUNK = 65536
"""Scrapy inflates a compressed body 64 KiB at a time, checking the size limit each time."""


@pytest.fixture(scope="module")
def db_url(
    request: pytest.FixtureRequest, site_kit: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the module (on the `--backend` chosen): the crawls are shared."""
    backend = request.config.getoption("--backend")
    with fresh_database(backend, tmp_path_factory.mktemp("trouble")) as url:
        yield url


def _source_states(db: Database) -> dict[str, tuple[str | None, int]]:
    with db.session() as s:
        return {
            row.name: (row.last_status, row.consecutive_failures)
            for row in s.scalars(select(Source))
        }


@pytest.fixture(scope="module")
def outcome(
    site: Any,
    trouble_site: Any,
    crawl: Any,
    db_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    site_kit: Any,
) -> Iterator[dict[str, Any]]:
    """One crawl of the trouble sources (cleaning in a worker process), and its database.

    The sources' state is kept as it was after this run: `rerun` crawls them again."""
    folder = tmp_path_factory.mktemp("trouble-config")
    settings = {
        **site_kit.TEST_CRAWL,
        "max_page_bytes": site_kit.TROUBLE_MAX_BYTES,
        "clean_workers": 1,
    }
    config = site_kit.write_config(folder / "t.toml", db_url, settings, trouble_site.sources)
    drips = {name: trouble_site.faults[name] for name in ("drip", "dripping-feed")}
    drip_marks = {name: len(drip.sent) for name, drip in drips.items()}
    mark = site.mark()
    stats = crawl(config)
    db = Database(db_url)
    yield {
        "stats": stats,
        "db": db,
        "hits": site.since(mark),
        "dripped": {name: drip.sent[drip_marks[name] :] for name, drip in drips.items()},
        "config": config,
        "sources": _source_states(db),
    }
    db.dispose()


def _events(outcome: dict[str, Any], run_id: int | None = None) -> list[CrawlEvent]:
    run_id = run_id or outcome["stats"]["run_id"]
    with outcome["db"].session() as s:
        return list(s.scalars(select(CrawlEvent).where(CrawlEvent.run_id == run_id)))


def _event_for(outcome: dict[str, Any], path: str) -> CrawlEvent:
    events = _events(outcome)
    found = [e for e in events if (e.url or "").endswith(path) or path in (e.detail or "")]
    assert len(found) == 1, [(e.kind, e.url, e.detail) for e in events]
    return found[0]


def _hits(outcome: dict[str, Any], path: str) -> list[int]:
    return [h.status for h in outcome["hits"] if h.path == path]


@pytest.mark.parametrize(
    ("page", "kind", "detail", "is_error"),
    [
        ("pdf", "bad_content", "not HTML: application/pdf", True),
        ("huge", "too_large", "", True),
        ("stream", "too_large", "", True),
        ("slow", "timeout", "took longer than", True),
        ("drip", "timeout", "took longer than", True),
        ("reset", "connection", "connection reset before the whole body arrived", True),
        ("http-404", "http_status", "HTTP 404 Not Found", True),
        ("http-410", "http_status", "HTTP 410 Gone", True),
        ("http-500", "http_status", "HTTP 500 Internal Server Error (still failing after 1", True),
        ("http-503", "http_status", "HTTP 503 Service Unavailable (still failing after 1", True),
        ("loop", "redirect_loop", "redirect loop: ", True),
        ("gzip-bomb", "too_large", "during decompression", True),
        ("empty", "bad_content", "empty body", True),
        ("binary", "bad_content", "binary data served as text/html", True),
        ("moved", "offsite", "redirected from", True),
        ("index", "skipped", "mostly links", False),
        ("encoding", "encoding", "not valid UTF-8", False),
        ("no-charset", "encoding", "(detected)", False),
    ],
)
def test_each_bad_page_is_recorded(
    outcome: dict[str, Any],
    trouble_site: Any,
    page: str,
    kind: str,
    detail: str,
    is_error: bool,
) -> None:
    event = _event_for(outcome, trouble_site.extra[page])
    assert (event.kind, event.is_error) == (kind, is_error)
    assert detail in (event.detail or "")
    with outcome["db"].session() as s:
        assert s.get(Source, event.source_id).name == "trouble-feed"


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        ("/trouble/http-404.html", [404]),
        ("/trouble/http-410.html", [410]),
        ("/trouble/http-500.html", [500, 500]),
        ("/trouble/http-503.html", [503, 503]),
        ("/trouble/loop-a.html", [302]),
        ("/trouble/loop-b.html", [302]),
    ],
)
def test_failing_pages_are_retried_only_when_worth_it(
    outcome: dict[str, Any], path: str, statuses: list[int]
) -> None:
    """A 5xx is retried (`retries = 1`) and then given up; a 404/410 is final; the two
    pages of a redirect loop are requested once each."""
    assert _hits(outcome, path) == statuses


def test_a_dripping_server_is_cut_off_at_the_timeout(
    outcome: dict[str, Any], trouble_site: Any
) -> None:
    """The server did send body bytes (the headers came at once), and each attempt was
    abandoned long before the whole body arrived."""
    for name in ("drip", "dripping-feed"):
        sent = outcome["dripped"][name]
        assert len(sent) == 2, name  # the first try and one retry
        body = len(trouble_site.faults[name].body)
        assert all(0 < count < body // 2 for count in sent), (name, sent)


def test_a_gzip_bomb_is_not_inflated(
    outcome: dict[str, Any], trouble_site: Any, site_kit: Any
) -> None:
    """Decompression stops at the size limit: the 48 MiB page is never held in memory."""
    event = _event_for(outcome, trouble_site.extra["gzip-bomb"])
    inflated = re.search(r"(\d+) B decompressed so far", event.detail or "")
    assert inflated, event.detail
    assert int(inflated[1]) <= site_kit.TROUBLE_MAX_BYTES + SCRAPY_INFLATE_CHUNK


@pytest.mark.parametrize(
    ("source", "kind", "detail", "count"),
    [
        ("broken-feed", "bad_feed", "malformed XML", 1),
        ("bomb-feed", "bad_feed", "unsafe XML refused", 1),
        ("dead-sitemap", "http_status", "HTTP 404", 2),
        ("fake-sitemap", "bad_sitemap", "not a sitemap", 1),
        ("unreachable", "connection", "Connection was refused", 1),
        ("unresolvable", "dns", "news.tallywatch-test.invalid", 1),
        ("dripping-feed", "timeout", "took longer than", 1),
        ("reset-sitemap", "connection", "connection reset before the whole body arrived", 1),
        ("down-feed", "http_status", "HTTP 503 Service Unavailable (still failing after 1", 1),
        ("looping-feed", "redirect_loop", "redirected more than 5 times", 1),
    ],
)
def test_source_problems_are_recorded(
    outcome: dict[str, Any], source: str, kind: str, detail: str, count: int
) -> None:
    run_id = outcome["stats"]["run_id"]
    with outcome["db"].session() as s:
        source_id = s.scalar(select(Source.id).where(Source.name == source))
        events = s.scalars(
            select(CrawlEvent).where(CrawlEvent.source_id == source_id, CrawlEvent.run_id == run_id)
        ).all()
    assert [e.kind for e in events] == [kind] * count
    assert all(detail in (e.detail or "") and e.is_error for e in events)


def test_failed_entry_pages_lead_nowhere(outcome: dict[str, Any]) -> None:
    """A feed or sitemap that never arrived whole is not read for links: the articles
    they list are not requested.  A looping feed URL is followed only up to the limit."""
    requested = {h.path for h in outcome["hits"]}
    assert not requested & {"/trouble/drip-item.html", "/trouble/reset-item.html"}
    assert _hits(outcome, "/trouble/down.rss") == [503, 503]
    assert _hits(outcome, "/trouble/loop.rss") == [302] * 6  # the request and 5 redirects


SOURCE_STATES = {
    "trouble-feed": ("partial", 0),
    "broken-feed": ("partial", 0),
    "bomb-feed": ("failed", 1),
    "dead-sitemap": ("failed", 1),
    "fake-sitemap": ("failed", 1),
    "unreachable": ("failed", 1),
    "unresolvable": ("failed", 1),
    "dripping-feed": ("failed", 1),
    "reset-sitemap": ("failed", 1),
    "down-feed": ("failed", 1),
    "looping-feed": ("failed", 1),
}
"""Each source's status and consecutive failures after the first run."""


@pytest.mark.parametrize(("source", "state"), SOURCE_STATES.items())
def test_source_status(outcome: dict[str, Any], source: str, state: tuple[str, int]) -> None:
    status = state[0]
    assert outcome["sources"][source] == state
    with outcome["db"].session() as s:
        row = s.scalar(select(Source).where(Source.name == source))
    assert row.last_run_at is not None
    assert (row.last_error is None) == (status == "ok")
    assert (row.last_success_at is not None) == (status != "failed")


def test_only_real_articles_are_stored(outcome: dict[str, Any], trouble_site: Any) -> None:
    paths = trouble_site.extra
    with outcome["db"].session() as s:
        stored = {a.url.rsplit("/", 2)[-1]: a for a in s.scalars(select(Article))}
        assert set(stored) == {
            "cafe.html",
            "busy.html",
            "salvaged.html",
            "broken-html.html",
            "no-charset.html",
        }
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


def _stored_text(outcome: dict[str, Any], path: str) -> str:
    with outcome["db"].session() as s:
        article = s.scalar(select(Article).where(Article.url.endswith(path)))
        assert article is not None, path
        return s.scalar(select(ArticleVersion.text).where(ArticleVersion.article_id == article.id))


def test_broken_html_that_is_still_an_article_is_stored(
    outcome: dict[str, Any], trouble_site: Any, site_kit: Any
) -> None:
    path = trouble_site.extra["broken-html"]
    text = _stored_text(outcome, path)
    for paragraph in site_kit.article("nis-11000-deployed")["paragraphs"]:
        assert paragraph in text
    assert not [e for e in _events(outcome) if (e.url or "").endswith(path)]


def test_a_page_with_no_charset_is_decoded_by_detection(
    outcome: dict[str, Any], trouble_site: Any, site_kit: Any
) -> None:
    """windows-1251, declared nowhere (no header charset, no meta): every word survives."""
    text = _stored_text(outcome, trouble_site.extra["no-charset"])
    for paragraph in site_kit.UKRAINIAN_ARTICLE["paragraphs"]:
        assert paragraph in text
    assert "\ufffd" not in text


def test_retry_after_is_honoured(outcome: dict[str, Any], trouble_site: Any) -> None:
    assert _hits(outcome, trouble_site.extra["busy"]) == [429, 200]


def test_run_counts_match_events(outcome: dict[str, Any]) -> None:
    stats = outcome["stats"]
    errors = [e for e in _events(outcome) if e.is_error]
    with outcome["db"].session() as s:
        run = s.get(CrawlRun, stats["run_id"])
        versions = s.scalar(
            select(func.count())
            .select_from(ArticleVersion)
            .where(ArticleVersion.run_id == stats["run_id"])
        )
    assert run.errors == stats["errors"] == len(errors)
    assert run.new_articles == stats["new_articles"] == versions == 5
    assert run.skipped == stats["skipped"] == 1
    assert stats["sources"] == len(SOURCE_STATES)
    assert stats["sources_failed"] == sum(s == "failed" for s, _n in SOURCE_STATES.values())
    assert not stats["interrupted"]


# -- the same sources again, onto the same database ------------------------------------


def _stored(db: Database) -> dict[str, Any]:
    """Everything a run must not lose or duplicate, as plain values."""
    with db.session() as s:
        return {
            "articles": sorted((a.id, a.url, a.version_count) for a in s.scalars(select(Article))),
            "versions": sorted(
                (v.id, v.article_id, v.number, v.text) for v in s.scalars(select(ArticleVersion))
            ),
            "skipped": sorted(u.url for u in s.scalars(select(SkippedUrl))),
        }


@pytest.fixture(scope="module")
def rerun(
    outcome: dict[str, Any], site: Any, trouble_site: Any, crawl: Any, site_kit: Any
) -> Iterator[dict[str, Any]]:
    """A second crawl of the same sources onto the same database, with two articles
    stored by the first run now failing too: one resets mid-body, one is gone (410)."""
    db = outcome["db"]
    before = _stored(db)
    cafe, busy = trouble_site.extra["encoding"], trouble_site.extra["busy"]
    originals = {path: site.resources[path] for path in (cafe, busy)}
    site.put(cafe, site_kit.Resource(b"", raw=site_kit.ResetMidBody(b"<html>" * 200)))
    site.put(busy, site_kit.Resource(b"<h1>Gone</h1>", status=410, validators=False))
    mark = site.mark()
    try:
        stats = crawl(outcome["config"])
    finally:
        for path, resource in originals.items():
            site.put(path, resource)
    yield {
        "stats": stats,
        "before": before,
        "after": _stored(db),
        "hits": site.since(mark),
        "sources": _source_states(db),
    }


def test_a_second_run_loses_and_duplicates_nothing(
    rerun: dict[str, Any], trouble_site: Any
) -> None:
    assert rerun["after"] == rerun["before"]
    assert len(rerun["after"]["articles"]) == 5
    assert rerun["stats"]["new_articles"] == rerun["stats"]["updated"] == 0
    assert not rerun["stats"]["interrupted"]
    # The stored articles that still answer were only re-checked, not downloaded again.
    for page in ("broken-html", "no-charset"):
        hits = [h for h in rerun["hits"] if h.path == trouble_site.extra[page]]
        assert [(h.status, h.conditional) for h in hits] == [(304, True)]


def test_a_second_run_records_its_own_faults(
    outcome: dict[str, Any], rerun: dict[str, Any]
) -> None:
    second = _events(outcome, rerun["stats"]["run_id"])
    kinds = {(e.url or "").rsplit("/", 1)[-1]: e.kind for e in second}
    assert kinds["cafe.html"] == "connection"  # stored, then reset mid-body: kept
    assert kinds["busy.html"] == "http_status"  # stored, then 410 Gone: kept
    assert kinds["drip.html"] == "timeout"
    assert kinds["loop-a.html"] == "redirect_loop"
    assert "report.pdf" not in kinds  # a known non-article is not fetched again
    with outcome["db"].session() as s:
        run = s.get(CrawlRun, rerun["stats"]["run_id"])
    assert run.errors == rerun["stats"]["errors"] == sum(e.is_error for e in second)


@pytest.mark.parametrize(("source", "state"), SOURCE_STATES.items())
def test_consecutive_failures_count_up(
    rerun: dict[str, Any], source: str, state: tuple[str, int]
) -> None:
    status, failures = state
    assert rerun["sources"][source] == (status, failures * 2)

"""Review queries on the hand-seeded database (conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from tallywatch.config import parse_settings
from tallywatch.review.alerts import AlertFilter, alert_backlog, list_alerts
from tallywatch.review.articles import (
    ArticleFilter,
    NoSuchVersion,
    article_view,
    search_articles,
)
from tallywatch.review.figures import (
    FIGURE_KEYS,
    FigureFilter,
    figure_place,
    list_figures,
    with_held,
)
from tallywatch.review.series import (
    POINT_KEYS,
    current_values,
    known_topics,
    series_points,
    tracked_series,
)
from tallywatch.review.sources import source_names
from tallywatch.store import Database
from tallywatch.store.models import Figure


def test_current_values_carry_the_figure_that_set_them(review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        values = {v.metric: v for v in current_values(session, "nk-troops")}
    assert list(values) == ["killed", "wounded", "deployed", "missing"]  # METRICS order
    deployed = values["deployed"]
    assert (deployed.value, deployed.previous) == (12000, 11000)
    assert deployed.figure_id == seeded.figures["deployed-12000"]
    assert (deployed.source, deployed.cited) == ("korea-wire", "NIS")
    assert deployed.article_id == seeded.articles["december"]


def test_series_are_in_report_order_with_a_repeated_figure_once(review_db, review_settings) -> None:
    db, seeded = review_db
    with db.session() as session:
        series = series_points(session, review_settings, "nk-troops")
    assert list(series) == ["killed", "wounded", "deployed", "missing"]
    deployed = series["deployed"]
    assert [(p.reported, p.value, p.raises) for p in deployed] == [
        ("2024-10-18", 1500, True),
        ("2024-10-30", 11000, True),
        ("2024-12-23", 12000, True),
    ]
    killed = series["killed"]
    # 300 is read from v1 and again from v2 of the same article: one report, v1's figure
    assert [(p.reported, p.value) for p in killed] == [("2024-12-23", 100), ("2025-01-13", 300)]
    assert killed[1].id == seeded.figures["killed-300"]
    # a figure first read from an update is dated by its article's publication date
    assert [(p.reported, p.value) for p in series["wounded"]] == [
        ("2024-12-23", 1000),
        ("2025-01-13", 2700),
    ]
    assert all(p.counts for points in series.values() for p in points)
    assert list(deployed[0].record()) == list(POINT_KEYS)
    assert (deployed[-1].source, deployed[-1].cited) == ("korea-wire", "NIS")


def test_the_running_high_steps_only_on_a_rise(review_db, review_settings) -> None:
    """A restatement and a lower report (by another source, a day later) are points of
    the series but no steps of it."""
    db, seeded = review_db
    lower = seeded.figures["deployed-11000"]
    with db.session() as session:
        # the Pentagon's 11,000 now reads as reported after the NIS's 12,000
        pentagon = session.get(Figure, lower)
        pentagon.article.published = "2024-12-24"
    with db.session() as session:
        deployed = series_points(session, review_settings, "nk-troops", "deployed")["deployed"]
        tracked = tracked_series(session, review_settings, "nk-troops")
    assert [(p.value, p.raises) for p in deployed] == [(1500, True), (12000, True), (11000, False)]
    assert [p.value for p in tracked["deployed"] if p.raises] == [1500, 12000]
    assert list(tracked) == ["killed", "wounded", "deployed", "missing"]


def test_only_what_counts_is_tracked(review_db) -> None:
    """The tracked series follow the topic's configuration: a metric it does not track,
    an incident, a rejected figure is no step (and no point of the chart)."""
    db, seeded = review_db
    settings = parse_settings(
        {"topics": [{"name": "nk-troops", "metrics": ["deployed", "killed"]}]}
    )
    with db.session() as session:
        session.execute(
            update(Figure)
            .where(Figure.id == seeded.figures["deployed-12000"])
            .values(status="rejected")
        )
    with db.session() as session:
        tracked = tracked_series(session, settings, "nk-troops")
        everything = series_points(
            session, settings, "nk-troops", scope=None, include_rejected=True
        )
    assert list(tracked) == ["killed", "deployed"]
    assert [p.value for p in tracked["deployed"]] == [1500, 11000]
    assert [(p.value, p.counts) for p in everything["captured"]] == [(2, False)]
    assert [(p.value, p.status, p.raises) for p in everything["deployed"]][-1] == (
        12000,
        "rejected",
        False,
    )


def test_a_figure_held_back_far_above_its_series_counts_for_nothing(
    review_db, review_settings
) -> None:
    """A figure more than `alerts.max_jump` times the series, from one article alone, is
    no step of the chart nor of the timeline, as it moved no tracked value."""
    db, seeded = review_db
    with db.session() as session:
        session.execute(
            update(Figure)
            .where(Figure.id == seeded.figures["deployed-12000"])
            .values(value=1_500_000)
        )
    with db.session() as session:
        tracked = tracked_series(session, review_settings, "nk-troops")
        deployed = series_points(session, review_settings, "nk-troops", "deployed")["deployed"]
    assert [(p.value, p.counts, p.raises) for p in deployed] == [
        (1500, True, True),
        (11000, True, True),
        (1_500_000, False, False),
    ]
    assert [p.value for p in tracked["deployed"]] == [1500, 11000]
    with db.session() as session:
        held = with_held(session, review_settings, FigureFilter(held=True))
        listed = list_figures(session, held).rows
        other = with_held(session, review_settings, FigureFilter(held=True, topic="no-such"))
        none = list_figures(session, other).rows
    assert held.ids == {seeded.figures["deployed-12000"]}
    assert [f.value for f in listed] == [1_500_000]
    assert none == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"metric": "deployed"}, {"deployed": [1500, 11000, 12000]}),
        ({"metric": "captured"}, {}),  # an incident, not a running total
        # the same reading in v1 and v2 of one article counts once
        ({"metric": "captured", "scope": "incident"}, {"captured": [2]}),
        ({"metric": "captured", "scope": None}, {"captured": [2]}),
    ],
)
def test_series_filters(review_db, review_settings, kwargs: dict, expected: dict) -> None:
    db, _ = review_db
    with db.session() as session:
        series = series_points(session, review_settings, "nk-troops", **kwargs)
    assert {m: [p.value for p in pts] for m, pts in series.items()} == expected


@pytest.mark.parametrize(
    ("filt", "expected"),
    [
        (
            FigureFilter(),
            [
                "missing-40",
                "captured-2-v2",
                "wounded-2700",
                "killed-300-v2",
                "captured-2",
                "killed-300",
                "wounded-1000",
                "killed-100",
                "deployed-12000",
                "deployed-11000",
                "deployed-1500",
            ],
        ),
        (FigureFilter(metric="deployed"), ["deployed-12000", "deployed-11000", "deployed-1500"]),
        (
            FigureFilter(topic="nk-troops", metric="killed"),
            ["killed-300-v2", "killed-300", "killed-100"],
        ),
        (FigureFilter(topic="other"), []),
        (
            FigureFilter(source="korea-wire"),
            ["wounded-1000", "killed-100", "deployed-12000", "deployed-1500"],
        ),
        (FigureFilter(status="rejected"), []),
        (
            FigureFilter(
                since=datetime(2025, 1, 13, tzinfo=UTC), until=datetime(2025, 1, 14, tzinfo=UTC)
            ),
            ["captured-2", "killed-300"],
        ),
    ],
)
def test_list_figures_filters(review_db, filt: FigureFilter, expected: list[str]) -> None:
    db, seeded = review_db
    with db.session() as session:
        page = list_figures(session, filt)
    names = {v: k for k, v in seeded.figures.items()}
    assert [names[row.id] for row in page.rows] == expected
    assert page.total == len(expected)


def test_list_figures_pages_and_marks_the_number(review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        first = list_figures(session, FigureFilter(), page=1, per_page=4)
        third = list_figures(session, FigureFilter(), page=3, per_page=4)
        beyond = list_figures(session, FigureFilter(), page=9, per_page=4)
    assert (first.total, first.pages) == (11, 3)
    assert len(first.rows) == 4 and len(third.rows) == 3 and beyond.rows == []
    wounded = first.rows[2]
    assert wounded.id == seeded.figures["wounded-2700"]
    assert wounded.sentence.number == "2,700"
    assert wounded.sentence.before.endswith("killed and ")
    assert (wounded.version, wounded.reported, wounded.source, wounded.cited) == (
        2,
        "2025-01-13",
        "front-daily",
        "Ukraine's army",
    )
    record = wounded.record()
    assert list(record) == list(FIGURE_KEYS)
    assert record["sentence"] == wounded.sentence.text
    assert (record["source"], record["cited"]) == ("front-daily", "Ukraine's army")


def test_all_rows_and_what_the_limit_hides(review_db) -> None:
    db, _ = review_db
    with db.session() as session:
        everything = list_figures(session, FigureFilter(), per_page=None)
        limited = list_figures(session, FigureFilter(), per_page=4)
    assert (len(everything.rows), everything.hidden, everything.pages) == (11, 0, 1)
    assert (len(limited.rows), limited.hidden) == (4, 7)


@pytest.mark.parametrize(
    ("filt", "expected"),
    [
        (ArticleFilter(), ["xss", "update", "december", "pentagon", "first-troops"]),
        (ArticleFilter(text="kursk"), ["update", "pentagon"]),  # title, and text of any version
        (ArticleFilter(text="2,700 WOUNDED"), ["update"]),  # only in v2, any case
        (ArticleFilter(text="front-daily.example/pentagon"), ["pentagon"]),  # the address
        (ArticleFilter(text="100%"), []),  # LIKE wildcards are taken literally
        (ArticleFilter(text="1_500"), []),  # would match "1,500" as a wildcard
        (ArticleFilter(source="korea-wire"), ["december", "first-troops"]),
        (ArticleFilter(since=datetime(2025, 1, 1, tzinfo=UTC)), ["xss", "update"]),
        (ArticleFilter(since=datetime(2025, 1, 14, tzinfo=UTC)), ["xss", "update"]),  # changed
        (
            ArticleFilter(until=datetime(2025, 1, 14, tzinfo=UTC)),
            ["december", "pentagon", "first-troops"],
        ),
        (ArticleFilter(topic="nk-troops", source="front-daily"), ["xss", "update", "pentagon"]),
        (ArticleFilter(topic="other"), []),
    ],
)
def test_search_articles(review_db, filt: ArticleFilter, expected: list[str]) -> None:
    """Newest change first; `since` and `until` bound when an article was new or changed."""
    db, seeded = review_db
    with db.session() as session:
        page = search_articles(session, filt)
    names = {v: k for k, v in seeded.articles.items()}
    assert [names[row.id] for row in page.rows] == expected
    assert page.total == len(expected)


def test_article_search_counts_figures_and_pages(review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        page = search_articles(session, ArticleFilter(), page=2, per_page=2)
    assert (page.total, page.pages) == (5, 3)
    assert [(r.id, r.figure_count, r.version_count) for r in page.rows] == [
        (seeded.articles["december"], 3, 1),
        (seeded.articles["pentagon"], 1, 1),
    ]


def test_article_view_highlights_figures_of_the_shown_version_and_diffs(review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        latest = article_view(session, seeded.articles["update"])
        first = article_view(session, seeded.articles["update"], version_number=1)
        missing = article_view(session, 999_999)
    assert missing is None
    assert latest is not None and first is not None
    assert [v.number for v in latest.versions] == [1, 2]
    assert latest.version is not None and latest.version.number == 2
    assert [s.text for s in latest.segments if s.is_figure] == ["300", "2,700", "Two"]
    assert {f.id for f in latest.figures} == {
        seeded.figures["killed-300-v2"],
        seeded.figures["wounded-2700"],
        seeded.figures["captured-2-v2"],
    }
    assert latest.diff is not None
    assert [p.text for p in latest.diff if p.kind == "insert"] == ["and 2,700 wounded "]
    assert first.diff is None  # nothing before the first version
    assert [s.text for s in first.segments if s.is_figure] == ["300", "Two"]
    assert [(v.number, v.figure_count) for v in latest.versions] == [(1, 2), (2, 3)]
    record = latest.record()
    assert record["version"] == 2 and record["source"] == "front-daily"
    assert [f["value"] for f in record["figures"]] == [300, 2700, 2]
    assert {"kind": "insert", "text": "and 2,700 wounded "} in record["diff"]
    with pytest.raises(NoSuchVersion):
        article_view(session, seeded.articles["update"], version_number=3)


def test_alerts_topics_and_sources(review_db, review_settings) -> None:
    db, seeded = review_db
    with db.session() as session:
        everything = list_alerts(session)
        failed = list_alerts(session, AlertFilter(statuses=["failed"]))
        undelivered = list_alerts(session, AlertFilter(statuses=["pending", "waiting"]))
        topics = known_topics(session, ["configured-only"])
        sources = source_names(session)
    assert [a.status for a in everything.rows] == ["waiting", "pending", "failed", "sent"]
    assert [(a.attempts, a.last_error) for a in failed.rows] == [(20, "receiver answered HTTP 500")]
    assert [a.status for a in undelivered.rows] == ["waiting", "pending"]
    sent = everything.rows[-1]
    assert (sent.source, sent.article_id) == ("korea-wire", seeded.articles["december"])
    record = sent.record("https://review.example")
    assert record["delta"] == "+1,000" and record["sent_at"].startswith("2025-01-15")
    assert topics == ["configured-only", "nk-troops"]
    assert sources == ["front-daily", "korea-wire"]


def test_alert_backlog_counts_what_is_not_delivered(review_db) -> None:
    db, _ = review_db
    with db.session() as session:
        backlog = alert_backlog(session)
    assert (backlog.pending, backlog.waiting, backlog.failed, backlog.total) == (1, 1, 1, 3)


def test_figure_place_is_its_article_at_the_version_it_was_read_from(review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        place = figure_place(session, seeded.figures["deployed-1500"])
        assert figure_place(session, 10**6) is None
    assert place is not None
    assert (place.article_id, place.version) == (seeded.articles["first-troops"], 1)


def test_queries_on_an_empty_database(review_settings) -> None:
    db = Database(review_settings.database.url)
    try:
        with db.session() as session:
            assert current_values(session) == []
            assert series_points(session, review_settings, "nk-troops") == {}
            assert list_figures(session, FigureFilter()).total == 0
            assert search_articles(session, ArticleFilter(text="x")).rows == []
            assert list_alerts(session).rows == []
            assert alert_backlog(session).total == 0
    finally:
        db.dispose()

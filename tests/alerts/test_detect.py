"""Change detection over a replayed chronology of stories, batch by batch."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from tallywatch.alerts.detect import detect_changes
from tallywatch.alerts.series import recompute_series
from tallywatch.constants import FigureStatus
from tallywatch.store import Alert, Database, Figure, SeriesValue

NIS = "South Korea's National Intelligence Service"
HUR = "Ukraine's military intelligence"
US = "U.S. officials"


def killed(value: int, source: str = HUR, **extra: Any) -> dict[str, Any]:
    sentence = f"{source} said {value:,} North Korean soldiers had been killed so far."
    return {"metric": "killed", "value": value, "source": source, "sentence": sentence, **extra}


def deployed(value: int, source: str = NIS, **extra: Any) -> dict[str, Any]:
    sentence = f"{source} said {value:,} North Korean troops were in Russia."
    return {"metric": "deployed", "value": value, "source": source, "sentence": sentence, **extra}


# Each batch is the stories one crawl brings; figures not for a tracked topic ride along.
CHRONOLOGY: list[list[tuple[str, list[dict[str, Any]]]]] = [
    [
        ("Seoul says North Korea sent troops", [deployed(1_500)]),
        (
            "First North Korean losses",
            [
                killed(100, qualifier="approx"),
                # one incident, not a running total
                killed(12, scope="incident", sentence="A drone strike killed 12 soldiers."),
                # another army's losses: no topic
                killed(1_200, topic=None, sentence="Russia lost 1,200 troops in the sector."),
            ],
        ),
        (
            "Civilians flee Kursk",
            [
                {
                    "topic": "kursk-civilians",
                    "metric": "displaced",
                    "value": 120_000,
                    "sentence": "Some 120,000 civilians have left their homes.",
                }
            ],
        ),
    ],
    [
        ("Pentagon: 10,000 North Korean troops in Russia", [deployed(10_000, source="Pentagon")]),
        (
            "Losses mount",
            [
                killed(300),
                # background paragraph restating an old figure
                deployed(1_500),
            ],
        ),
        (
            "Evacuation continues",
            [
                # a metric the topic does not track
                {
                    "topic": "kursk-civilians",
                    "metric": "wounded",
                    "value": 40,
                    "sentence": "Forty civilians were wounded.",
                }
            ],
        ),
    ],
    [
        ("More troops arrive", [deployed(11_000, high=12_000)]),
        ("Losses: 400", [killed(400)]),
        (
            "Losses: 600",
            [
                killed(600, qualifier="approx"),
                killed(5_000, status="rejected", sentence="The 5,000 figure was a misprint."),
            ],
        ),
        ("Officials dispute the numbers", [deployed(10_000, source=US)]),
        (
            "First prisoners",
            [
                {
                    "metric": "captured",
                    "value": 2,
                    "source": "Zelensky",
                    "sentence": "Zelensky said two soldiers were captured.",
                }
            ],
        ),
    ],
    [
        # a syndicated copy of earlier stories, and a restatement
        ("Losses: 600 (reprint)", [killed(600, qualifier="approx"), deployed(11_000, high=12_000)]),
        ("Background", [killed(300), deployed(1_500)]),
    ],
]

Row = tuple[str, str, str | None, int | None, int | None, int | None]
EXPECTED_WITHOUT_CONFLICTS: list[list[Row]] = [
    [
        ("baseline", "nk-troops", None, None, None, None),
        ("baseline", "kursk-civilians", None, None, None, None),
    ],
    [
        ("increase", "nk-troops", "deployed", 1_500, 10_000, None),
        ("increase", "nk-troops", "killed", 100, 300, None),
    ],
    [
        ("increase", "nk-troops", "deployed", 10_000, 11_000, 12_000),
        ("increase", "nk-troops", "killed", 300, 600, None),
        ("increase", "nk-troops", "captured", None, 2, None),
    ],
    [],
]
CONFLICT: Row = ("conflict", "nk-troops", "deployed", 11_000, 10_000, None)


def _replay(newsroom: Any, db: Database, settings: Any) -> list[list[Row]]:
    seen = []
    for batch in CHRONOLOGY:
        for title, figures in batch:
            newsroom.story(title, figures)
        with db.session() as session:
            alerts = detect_changes(session, settings, None)
            seen.append([(a.kind, a.topic, a.metric, a.previous, a.value, a.high) for a in alerts])
    return seen


@pytest.mark.parametrize("conflicts", [False, True], ids=["conflicts-off", "conflicts-on"])
def test_chronology_raises_exactly_the_expected_alerts_in_order(
    newsroom: Any, db: Database, make_settings: Any, conflicts: bool
) -> None:
    settings = make_settings(conflicts=conflicts)
    expected = [list(batch) for batch in EXPECTED_WITHOUT_CONFLICTS]
    if conflicts:
        expected[2].insert(2, CONFLICT)
    assert _replay(newsroom, db, settings) == expected

    with db.session() as session:
        assert detect_changes(session, settings, None) == []
        ids = list(session.scalars(select(Alert.id).order_by(Alert.created_at, Alert.id)))
        assert ids == sorted(ids)
        undetected = session.scalar(select(func.count()).where(Figure.detected.is_(False)))
        assert undetected == 0
        tracked = {
            (s.topic, s.metric): (s.previous, s.value) for s in session.scalars(select(SeriesValue))
        }
    assert tracked == {
        ("nk-troops", "deployed"): (10_000, 11_000),
        ("nk-troops", "killed"): (300, 600),
        ("nk-troops", "captured"): (None, 2),
        ("kursk-civilians", "displaced"): (None, 120_000),
    }


def test_increase_alert_carries_the_evidence(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    newsroom.story("First losses", [killed(100)])
    with db.session() as session:
        detect_changes(session, settings, None)
    newsroom.story("Losses near 600", [killed(600, qualifier="at_most")], published="2025-02-01")
    with db.session() as session:
        (alert,) = detect_changes(session, settings, None)
        assert (alert.status, alert.attempts, alert.qualifier) == ("pending", 0, "at_most")
        assert alert.source == HUR
        assert alert.article_title == "Losses near 600"
        assert alert.article_published == "2025-02-01"
        assert alert.article_url and alert.article_url.startswith("https://wire.example/")
        assert alert.sentence == killed(600)["sentence"]
        assert alert.dedupe_key == "increase:nk-troops:killed:600"
        assert alert.figure_id is not None


def test_baseline_summarises_current_values(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    newsroom.story("Troops", [deployed(1_500), deployed(3_000, source="Pentagon")])
    newsroom.story("Losses", [killed(100, qualifier="approx")])
    with db.session() as session:
        (alert,) = detect_changes(session, make_settings(), None)
        lines = (alert.summary or "").splitlines()
    assert alert.kind == "baseline"
    assert lines[0].startswith("killed: some 100 (per Ukraine's military intelligence) \u2014 ")
    assert lines[1].startswith("deployed: 3,000 (per Pentagon) \u2014 Troops, 2025-01-14: https://")
    assert len(lines) == 2


def test_baseline_switched_off_sets_the_series_silently(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(baseline=False)
    newsroom.story("Losses", [killed(100)])
    with db.session() as session:
        assert detect_changes(session, settings, None) == []
    newsroom.story("More losses", [killed(150)])
    with db.session() as session:
        (alert,) = detect_changes(session, settings, None)
    assert (alert.kind, alert.previous, alert.value) == ("increase", 100, 150)


def test_rejection_recomputes_without_alert_and_a_told_value_is_not_told_again(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    for figures in ([killed(100)], [killed(300)], [killed(400), killed(600)]):
        newsroom.story("Losses", figures)
        with db.session() as session:
            detect_changes(session, settings, None)

    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(Alert))
        session.execute(update(Figure).where(Figure.value == 600).values(status="rejected"))
        recompute_series(session, settings, "nk-troops", "killed")
    with db.session() as session:
        row = session.scalar(select(SeriesValue).where(SeriesValue.metric == "killed"))
        assert row is not None and (row.previous, row.value) == (300, 400)
        assert session.scalar(select(func.count()).select_from(Alert)) == before

    newsroom.story("Losses", [killed(450)])
    with db.session() as session:
        (alert,) = detect_changes(session, settings, None)
        assert (alert.previous, alert.value) == (400, 450)
    # 600 was already announced once: the series follows, no second alert.
    newsroom.story("Losses", [killed(600, source="Pentagon")])
    with db.session() as session:
        assert detect_changes(session, settings, None) == []
        row = session.scalar(select(SeriesValue).where(SeriesValue.metric == "killed"))
        assert row is not None and row.value == 600


def test_recompute_removes_a_series_left_without_figures(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    newsroom.story("Losses", [killed(100)])
    with db.session() as session:
        detect_changes(session, settings, None)
        session.execute(update(Figure).values(status="rejected"))
        recompute_series(session, settings, "nk-troops", "killed")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(SeriesValue)) == 0


def _detect(db: Database, settings: Any) -> list[Alert]:
    with db.session() as session:
        return detect_changes(session, settings, None)


def test_a_cross_source_rise_carries_the_previous_high_and_the_source_s_own_last_figure(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    newsroom.story("Kyiv: 12,000 sent", [deployed(12_000, source=HUR)], published="2024-10-30")
    newsroom.story("Seoul: 11,000", [deployed(11_000)], published="2025-01-13")
    # captured now, but reported after the rise below: not the source's "last figure" then
    newsroom.story("Seoul revises", [deployed(9_000)], published="2025-03-01")
    (baseline,) = _detect(db, settings)
    assert baseline.kind == "baseline"

    newsroom.story(
        "Seoul: some 14,000",
        # the same article's background figure is not the source's earlier statement
        [deployed(14_000, qualifier="approx"), deployed(10_500)],
        published="2025-02-04T09:00:00+09:00",
    )
    (rise,) = _detect(db, settings)
    assert (rise.previous, rise.value, rise.source) == (12_000, 14_000, NIS)
    assert (rise.previous_source, rise.previous_date) == (HUR, "2024-10-30")
    assert (rise.source_previous, rise.source_previous_date) == (11_000, "2025-01-13")

    newsroom.story("Seoul: 15,000", [deployed(15_000)], published="2025-02-10")
    (again,) = _detect(db, settings)
    assert (again.previous_source, again.previous_date) == (NIS, "2025-02-04")
    assert (again.source_previous, again.source_previous_date) == (14_000, "2025-02-04")


@pytest.mark.parametrize(
    ("source", "own"),
    [(None, (None, None)), (US, (None, None)), (HUR, (100, "2025-01-14"))],
    ids=["unnamed", "first-from-this-source", "same-source"],
)
def test_the_source_s_own_last_figure_only_when_it_gave_one(
    source: str | None,
    own: tuple[int | None, str | None],
    newsroom: Any,
    db: Database,
    make_settings: Any,
) -> None:
    settings = make_settings()
    newsroom.story("Losses", [killed(100)])
    _detect(db, settings)
    figure = killed(300, source=HUR)
    figure["source"] = source
    newsroom.story("More losses", [figure], published="2025-01-20")
    (rise,) = _detect(db, settings)
    assert (rise.previous_source, rise.previous_date) == (HUR, "2025-01-14")
    assert (rise.source_previous, rise.source_previous_date) == own


def test_a_conflict_names_where_the_tracked_value_came_from(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(conflicts=True)
    newsroom.story("Pentagon", [deployed(12_000, source="Pentagon")], published="2024-11-04")
    _detect(db, settings)
    newsroom.story("Seoul", [deployed(10_000)], published="2024-11-20")
    (conflict,) = _detect(db, settings)
    assert conflict.kind == "conflict"
    assert (conflict.previous, conflict.previous_source, conflict.previous_date) == (
        12_000,
        "Pentagon",
        "2024-11-04",
    )


def test_the_previous_high_is_dated_by_its_first_report_not_a_later_restatement(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    # read first: a later opinion piece restating the figure; then the original report
    newsroom.story("The arithmetic of Kursk", [killed(300, source=NIS)], published="2025-03-06")
    newsroom.story("Seoul: 300 killed", [killed(300, source=NIS)], published="2025-01-13")
    _detect(db, settings)
    newsroom.story("Kyiv: 600 killed", [killed(600)], published="2025-04-30")
    (rise,) = _detect(db, settings)
    assert (rise.previous, rise.previous_source, rise.previous_date) == (300, NIS, "2025-01-13")


def _tracked_killed(db: Database) -> tuple[int | None, int] | None:
    with db.session() as session:
        row = session.scalar(select(SeriesValue).where(SeriesValue.metric == "killed"))
        return None if row is None else (row.previous, row.value)


def _alerted(alerts: list[Alert]) -> list[tuple[str, int | None, int]]:
    return [(a.kind, a.previous, a.value) for a in alerts]


def test_one_article_far_above_the_series_is_held_back_and_later_rises_still_alert(
    newsroom: Any, db: Database, make_settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings()
    newsroom.story("Losses", [killed(186)])
    _detect(db, settings)
    # a population misread as a toll, beside the true one
    newsroom.story("City mourns", [killed(640_000), killed(190)])
    with caplog.at_level("WARNING", logger="tallywatch.alerts.detect"):
        assert _alerted(_detect(db, settings)) == [("increase", 186, 190)]
    assert "held back figure" in caplog.text and "640,000" in caplog.text
    assert _tracked_killed(db) == (186, 190)
    newsroom.story("Toll rises", [killed(204)])
    assert _alerted(_detect(db, settings)) == [("increase", 190, 204)]


def test_a_second_article_as_far_above_vouches_for_the_jump(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    newsroom.story("Losses", [killed(250)])
    _detect(db, settings)
    newsroom.story("Bodies returned", [killed(28_000)])
    assert _detect(db, settings) == []
    newsroom.story("Ministry confirms", [killed(28_500, source=NIS)])
    assert _alerted(_detect(db, settings)) == [("increase", 250, 28_500)]


def test_two_articles_of_one_batch_vouch_for_each_other(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings()
    newsroom.story("Losses", [killed(40)])
    _detect(db, settings)
    newsroom.story("Toll revised", [killed(4_600)])
    newsroom.story("Study", [killed(7_000, source=US)])
    assert _alerted(_detect(db, settings)) == [("increase", 40, 7_000)]


@pytest.mark.parametrize(
    ("max_jump", "expected"),
    [(0, [("increase", 100, 50_000)]), (1_000, [("increase", 100, 50_000)]), (10, [])],
    ids=["no-limit", "wider-limit", "narrower-limit"],
)
def test_the_limit_is_configurable(
    newsroom: Any, db: Database, make_settings: Any, max_jump: float, expected: list[Any]
) -> None:
    settings = make_settings(max_jump=max_jump)
    newsroom.story("Losses", [killed(100)])
    _detect(db, settings)
    newsroom.story("Census", [killed(50_000)])
    assert _alerted(_detect(db, settings)) == expected


def test_a_held_figure_moves_the_series_once_confirmed_and_never_by_recomputing(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    from tallywatch.review.curation import decide_figure

    settings = make_settings()
    for figures in ([killed(100)], [killed(120)], [killed(90_000)]):
        newsroom.story("Losses", figures)
        _detect(db, settings)
    with db.session() as session:
        session.execute(update(Figure).where(Figure.value == 120).values(status="rejected"))
        recompute_series(session, settings, "nk-troops", "killed")
    assert _tracked_killed(db) == (None, 100)
    with db.session() as session:
        held = session.scalar(select(Figure.id).where(Figure.value == 90_000))
        assert held is not None
        decision = decide_figure(session, settings, held, FigureStatus.CONFIRMED)
    assert (decision.tracked_before, decision.tracked_after) == (100, 90_000)
    assert _tracked_killed(db) == (100, 90_000)

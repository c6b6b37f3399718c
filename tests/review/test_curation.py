"""Confirming and rejecting figures: status, saved decisions, tracked value, no alert."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tallywatch.extract.types import ExtractedFigure
from tallywatch.review.curation import UnknownFigure, decide_figure
from tallywatch.store.figures import save_figures
from tallywatch.store.models import Alert, Figure, FigureDecision, SeriesValue


def _tracked(session, metric: str) -> tuple[int, int | None, int | None] | None:
    row = session.scalars(
        select(SeriesValue).where(SeriesValue.topic == "nk-troops", SeriesValue.metric == metric)
    ).first()
    return None if row is None else (row.value, row.previous, row.figure_id)


def test_rejecting_the_figure_behind_a_tracked_value_lowers_it_without_an_alert(
    review_db, review_settings
) -> None:
    db, seeded = review_db
    with db.session() as session:
        alerts_before = session.scalar(select(func.count(Alert.id)))
        decision = decide_figure(
            session, review_settings, seeded.figures["deployed-12000"], "rejected", " a date "
        )
    assert (decision.tracked_before, decision.tracked_after) == (12000, 11000)
    assert (decision.status, decision.figures) == ("rejected", 1)
    with db.session() as session:
        figure = session.get(Figure, seeded.figures["deployed-12000"])
        assert figure is not None and (figure.status, figure.note) == ("rejected", "a date")
        assert _tracked(session, "deployed") == (11000, 1500, seeded.figures["deployed-11000"])
        assert session.scalar(select(func.count(Alert.id))) == alerts_before
        saved = session.scalars(select(FigureDecision)).one()
        assert (saved.topic, saved.metric, saved.value, saved.status, saved.note) == (
            "nk-troops",
            "deployed",
            12000,
            "rejected",
            "a date",
        )
        assert saved.sentence_hash == figure.sentence_hash


def test_a_decision_reaches_every_figure_of_the_same_sentence(review_db, review_settings) -> None:
    db, seeded = review_db
    with db.session() as session:
        decision = decide_figure(session, review_settings, seeded.figures["captured-2"], "rejected")
    assert decision.figures == 2
    assert decision.tracked_before is None and decision.tracked_after is None  # not tracked
    with db.session() as session:
        statuses = {
            f.id: f.status
            for f in session.scalars(select(Figure).where(Figure.metric == "captured"))
        }
    assert statuses == {
        seeded.figures["captured-2"]: "rejected",
        seeded.figures["captured-2-v2"]: "rejected",
    }


def test_deciding_again_updates_the_one_saved_decision_and_restores_the_value(
    review_db, review_settings
) -> None:
    db, seeded = review_db
    figure_id = seeded.figures["deployed-12000"]
    with db.session() as session:
        decide_figure(session, review_settings, figure_id, "rejected", "looked wrong")
    with db.session() as session:
        decision = decide_figure(session, review_settings, figure_id, "confirmed")
        assert (decision.tracked_before, decision.tracked_after) == (11000, 12000)
    with db.session() as session:
        saved = session.scalars(select(FigureDecision)).all()
        assert [(d.status, d.note) for d in saved] == [("confirmed", None)]
        assert _tracked(session, "deployed") == (12000, 11000, figure_id)


def test_unknown_figure_and_unknown_status(review_db, review_settings) -> None:
    db, seeded = review_db
    with db.session() as session, pytest.raises(UnknownFigure, match="no figure with id 999"):
        decide_figure(session, review_settings, 999, "rejected")
    with db.session() as session, pytest.raises(ValueError, match="confirmed, rejected"):
        decide_figure(session, review_settings, seeded.figures["killed-100"], "auto")  # type: ignore[arg-type]


def test_saved_decisions_apply_to_the_same_reading_after_reextract(
    review_db, review_settings
) -> None:
    db, seeded = review_db
    with db.session() as session:
        decide_figure(
            session, review_settings, seeded.figures["killed-100"], "rejected", "an old total"
        )
    with db.session() as session:
        old = session.get(Figure, seeded.figures["killed-100"])
        assert old is not None

        def reread(value: int) -> ExtractedFigure:
            return ExtractedFigure(
                topic=old.topic,
                metric=old.metric,
                value=value,
                high=None,
                qualifier="exact",
                scope="cumulative",
                subject=None,
                source=None,
                sentence=old.sentence,
                start=old.start,
                end=old.end,
            )

        same, different = save_figures(session, old.version, [reread(100), reread(1000)])
        assert (same.status, same.note) == ("rejected", "an old total")
        assert (different.status, different.note) == ("auto", None)

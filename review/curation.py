"""Confirm or reject a figure, and keep the decision across re-extraction.

A decision is stored in `figure_decisions`, keyed by what was read — the sentence (by
hash), topic, metric and value — not by the figure's row id, because `reextract`
replaces figure rows.  Every figure with the same key takes the decision (the same
sentence is read again from each later version of an article), and the topic's
tracked value is recomputed without raising an alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.config import Settings
from tallywatch.store.models import Figure, FigureDecision, SeriesValue, utcnow

DecisionStatus = Literal["confirmed", "rejected"]
DECISIONS: tuple[DecisionStatus, ...] = ("confirmed", "rejected")


class UnknownFigure(LookupError):
    def __init__(self, figure_id: int) -> None:
        super().__init__(f"no figure with id {figure_id}")
        self.figure_id = figure_id


@dataclass(frozen=True, slots=True)
class Decision:
    figure_id: int
    status: DecisionStatus
    topic: str | None
    metric: str
    value: int
    figures: int
    """How many figure rows took the decision (the same sentence in several versions)."""
    tracked_before: int | None
    tracked_after: int | None


def _same_reading(
    model: type[Figure] | type[FigureDecision], figure: Figure
) -> list[ColumnElement[bool]]:
    topic = model.topic.is_(None) if figure.topic is None else model.topic == figure.topic
    return [
        model.sentence_hash == figure.sentence_hash,
        topic,
        model.metric == figure.metric,
        model.value == figure.value,
    ]


def _tracked(session: Session, topic: str | None, metric: str) -> int | None:
    if topic is None:
        return None
    return session.scalar(
        select(SeriesValue.value).where(SeriesValue.topic == topic, SeriesValue.metric == metric)
    )


def _save_decision(session: Session, figure: Figure, status: str, note: str | None) -> None:
    existing = session.scalars(
        select(FigureDecision).where(*_same_reading(FigureDecision, figure))
    ).first()
    if existing is None:
        try:
            with session.begin_nested():
                session.add(
                    FigureDecision(
                        sentence_hash=figure.sentence_hash,
                        topic=figure.topic,
                        metric=figure.metric,
                        value=figure.value,
                        status=status,
                        note=note,
                    )
                )
            return
        except IntegrityError:
            existing = session.scalars(
                select(FigureDecision).where(*_same_reading(FigureDecision, figure))
            ).one()
    existing.status = status
    existing.note = note
    existing.decided_at = utcnow()


def decide_figure(
    session: Session,
    settings: Settings,
    figure_id: int,
    status: DecisionStatus,
    note: str | None = None,
) -> Decision:
    """Record a reviewer's decision on a figure and recompute its topic's tracked value.

    Raises UnknownFigure when there is no such figure.
    """
    from tallywatch.alerts.series import recompute_series

    if status not in DECISIONS:
        raise ValueError(f"a decision is one of {', '.join(DECISIONS)}, not {status!r}")
    figure = session.get(Figure, figure_id)
    if figure is None:
        raise UnknownFigure(figure_id)
    note = note.strip() if note and note.strip() else None
    before = _tracked(session, figure.topic, figure.metric)
    siblings = session.scalars(select(Figure).where(*_same_reading(Figure, figure))).all()
    for sibling in siblings:
        sibling.status = status
        sibling.note = note
    _save_decision(session, figure, status, note)
    session.flush()
    if figure.topic is not None:
        recompute_series(session, settings, figure.topic, figure.metric)
        session.flush()
    return Decision(
        figure_id=figure.id,
        status=status,
        topic=figure.topic,
        metric=figure.metric,
        value=figure.value,
        figures=len(siblings),
        tracked_before=before,
        tracked_after=_tracked(session, figure.topic, figure.metric),
    )

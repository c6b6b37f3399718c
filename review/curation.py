"""Confirm or reject a figure, and keep the decision across re-extraction.

A decision is stored in `figure_decisions`, keyed by what was read — the sentence (by
hash), topic, metric and value — not by the figure's row id, because `reextract`
replaces figure rows.  Every figure with the same key takes the decision (the same
sentence is read again from each later version of an article), and the topic's
tracked value is recomputed without raising an alert.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tallywatch.config import Settings
from tallywatch.constants import FigureStatus
from tallywatch.store.figures import record_decision
from tallywatch.store.models import Figure, SeriesValue

DECISIONS: tuple[FigureStatus, ...] = (FigureStatus.CONFIRMED, FigureStatus.REJECTED)
"""What a reviewer may decide (`auto` is the extractor's own verdict)."""


class UnknownFigure(LookupError):
    def __init__(self, figure_id: int) -> None:
        super().__init__(f"no figure with id {figure_id}")
        self.figure_id = figure_id


@dataclass(frozen=True, slots=True)
class Decision:
    figure_id: int
    status: FigureStatus
    topic: str | None
    metric: str
    value: int
    figures: int
    """How many figure rows took the decision (the same sentence in several versions)."""
    tracked_before: int | None
    tracked_after: int | None


def _tracked(session: Session, topic: str | None, metric: str) -> int | None:
    if topic is None:
        return None
    return session.scalar(
        select(SeriesValue.value).where(SeriesValue.topic == topic, SeriesValue.metric == metric)
    )


def decide_figure(
    session: Session,
    settings: Settings,
    figure_id: int,
    status: FigureStatus,
    note: str | None = None,
) -> Decision:
    """Record a reviewer's decision on a figure and recompute its topic's tracked value.

    Raises UnknownFigure when there is no such figure.
    """
    from tallywatch.alerts.series import recompute_series

    if status not in DECISIONS:
        raise ValueError(f"a decision is one of {', '.join(DECISIONS)}, not {status!r}")
    status = FigureStatus(status)
    figure = session.get(Figure, figure_id)
    if figure is None:
        raise UnknownFigure(figure_id)
    note = note.strip() if note and note.strip() else None
    before = _tracked(session, figure.topic, figure.metric)
    taken = record_decision(session, figure, status, note)
    if figure.topic is not None:
        recompute_series(session, settings, figure.topic, figure.metric)
        session.flush()
    return Decision(
        figure_id=figure.id,
        status=status,
        topic=figure.topic,
        metric=figure.metric,
        value=figure.value,
        figures=taken,
        tracked_before=before,
        tracked_after=_tracked(session, figure.topic, figure.metric),
    )

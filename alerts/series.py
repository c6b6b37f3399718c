"""Tracked values: for each topic and metric, the highest cumulative figure accepted so far.

Which figures may move a series is one rule (`counts_for_series`): the figure names a
configured topic, that topic tracks its metric, it is a running total (not a single
incident) and no reviewer rejected it.  A range counts by its lower bound.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import false, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.config import Settings
from tallywatch.constants import FigureStatus
from tallywatch.store import Figure, SeriesValue
from tallywatch.store.series import remove_series, set_series

COUNTED_SCOPE = "cumulative"


def normalised_source(source: str | None) -> str:
    """A cited source as compared: case and spacing ignored."""
    return " ".join((source or "").casefold().split())


def different_sources(a: str | None, b: str | None) -> bool:
    """Both sources are named and they are not the same (case and spacing ignored)."""
    left, right = normalised_source(a), normalised_source(b)
    return bool(left and right and left != right)


def counts(settings: Settings, topic: str | None, metric: str, scope: str, status: str) -> bool:
    """Whether a figure read so may set or raise its topic's tracked value."""
    if topic is None or status == FigureStatus.REJECTED or scope != COUNTED_SCOPE:
        return False
    try:
        config = settings.topic(topic)
    except KeyError:
        return False
    return not config.metrics or metric in config.metrics


def counts_for_series(figure: Figure, settings: Settings) -> bool:
    """Whether this figure may set or raise its topic's tracked value."""
    return counts(settings, figure.topic, figure.metric, figure.scope, figure.status)


def lower_bound(figure: Figure) -> int:
    """The value a figure is compared by: a range "11,000-12,000" counts as 11,000."""
    return figure.value


def upper_bound(figure: Figure) -> int:
    return figure.high if figure.high is not None else figure.value


def highest(figures: Iterable[Figure]) -> Figure | None:
    """The figure with the highest lower bound; the earliest one among equals."""
    best: Figure | None = None
    for figure in figures:
        if best is None or lower_bound(figure) > lower_bound(best):
            best = figure
    return best


def series_of(session: Session, topic: str) -> dict[str, SeriesValue]:
    rows = session.scalars(select(SeriesValue).where(SeriesValue.topic == topic))
    return {row.metric: row for row in rows}


def counting_conditions(settings: Settings, topic: str) -> list[ColumnElement[bool]]:
    """`counts` for the figures of one topic, as conditions of a query."""
    try:
        config = settings.topic(topic)
    except KeyError:
        return [false()]
    conditions: list[ColumnElement[bool]] = [
        Figure.topic == topic,
        Figure.status != FigureStatus.REJECTED,
        Figure.scope == COUNTED_SCOPE,
    ]
    if config.metrics:
        conditions.append(Figure.metric.in_([str(m) for m in config.metrics]))
    return conditions


def accepted_figures(
    session: Session, settings: Settings, topic: str, metric: str | None = None
) -> list[Figure]:
    """Figures of a topic already considered by detection that count, oldest first."""
    query = (
        select(Figure)
        .where(*counting_conditions(settings, topic), Figure.detected.is_(True))
        .order_by(Figure.created_at, Figure.id)
    )
    if metric is not None:
        query = query.where(Figure.metric == metric)
    return list(session.scalars(query))


def track(
    session: Session, existing: SeriesValue | None, figure: Figure, previous: int | None
) -> SeriesValue:
    """Make `figure` the tracked value of its topic's metric, changed now."""
    return set_series(session, existing, figure, lower_bound(figure), previous)


def recompute_series(session: Session, settings: Settings, topic: str, metric: str) -> None:
    """Rebuild one tracked value from the accepted figures; raises no alert.

    Called after a reviewer rejects (or restores) a figure.  The value becomes the
    highest accepted figure; `previous` the highest lower value seen before it, i.e.
    the value the series held just before reaching its current one.  When no figure
    is left the series row is removed.  Figures detection has not seen yet are left
    to detection, so their alerts are not swallowed.
    """
    figures = accepted_figures(session, settings, topic, metric)
    row = session.scalar(
        select(SeriesValue).where(SeriesValue.topic == topic, SeriesValue.metric == metric)
    )
    best = highest(figures)
    if best is None:
        if row is not None:
            remove_series(session, row)
        return
    earlier = [f for f in figures[: figures.index(best)] if lower_bound(f) < lower_bound(best)]
    before = highest(earlier)
    previous = lower_bound(before) if before is not None else None
    if row is not None and row.figure_id == best.id and row.previous == previous:
        return
    set_series(session, row, best, lower_bound(best), previous, best.created_at)

"""Tracked values: for each topic and metric, the highest cumulative figure accepted so far.

Which figures may move a series is one rule (`counts_for_series`): the figure names a
configured topic, that topic tracks its metric, it is a running total (not a single
incident) and no reviewer rejected it.  A range counts by its lower bound.

A figure more than `alerts.max_jump` times the tracked value moves it only once vouched
for (`vouched_for`): a reviewer confirmed it, or another article also gives a figure that
far above.  One article alone jumping a hundredfold has more likely misread a population,
a sum of money or another event's toll than found such a rise, and a series raised by
it would stay silent on every true rise after.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import false, func, select
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


def far_above(value: int, tracked: int | None, factor: float) -> bool:
    """`value` is more than `factor` times the tracked value (never with no tracked value,
    a tracked zero, or a factor of 0, which lifts the limit)."""
    return bool(factor and tracked and value > tracked * factor)


def vouched_for(figure: Figure, figures: Iterable[Figure], tracked: int, factor: float) -> bool:
    """A figure far above `tracked` may move it: a reviewer confirmed it, or one of
    `figures` from another article is also far above it."""
    if figure.status == FigureStatus.CONFIRMED:
        return True
    return any(
        other.article_id != figure.article_id and far_above(lower_bound(other), tracked, factor)
        for other in figures
    )


def movable(
    candidates: Iterable[Figure], tracked: int | None, known: list[Figure], factor: float
) -> list[Figure]:
    """The candidates that may move a series standing at `tracked`: those not far above
    it, and those far above it that `known` (the accepted figures) vouches for."""
    return [
        figure
        for figure in candidates
        if not far_above(lower_bound(figure), tracked, factor)
        or vouched_for(figure, known, tracked or 0, factor)
    ]


def held_back(figures: list[Figure], factor: float) -> set[int]:
    """Ids of the figures (oldest first) that never moved their series: each far above
    the value the series held when it came, and not vouched for by the others."""
    held: set[int] = set()
    tracked: int | None = None
    for figure in figures:
        value = lower_bound(figure)
        if tracked is not None and value <= tracked:
            continue
        if tracked is not None and not movable([figure], tracked, figures, factor):
            held.add(figure.id)
            continue
        tracked = value
    return held


def held_ids(session: Session, settings: Settings, topic: str) -> set[int]:
    """Ids of the figures of `topic` held back from its series (`held_back`), every metric.

    Only a metric whose highest counting figure is more than `alerts.max_jump` times its
    lowest can hold one back; the others are told apart by one query and never read."""
    factor = settings.alerts.max_jump
    if not factor:
        return set()
    spans = session.execute(
        select(Figure.metric)
        .where(*counting_conditions(settings, topic), Figure.detected.is_(True))
        .group_by(Figure.metric)
        .having(func.max(Figure.value) > func.min(Figure.value) * factor)
    )
    held: set[int] = set()
    for (metric,) in spans:
        held |= held_back(accepted_figures(session, settings, topic, metric), factor)
    return held


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
    to detection, so their alerts are not swallowed.  A figure that was held back as far
    above the series (`held_back`) stays out until vouched for.
    """
    figures = accepted_figures(session, settings, topic, metric)
    held = held_back(figures, settings.alerts.max_jump)
    figures = [figure for figure in figures if figure.id not in held]
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

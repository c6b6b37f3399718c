"""A topic's series as tracked: each metric's reported figures by report date, which of
them raised the running high, and the value tracked now.

One query serves `tallywatch timeline`, the dashboard's chart and its table of tracked
values.  A figure counts for a series by the rule change detection applies
(`alerts.series.counts`: a running total, not rejected, of a metric its configured topic
tracks), unless it is held back far above the series (`alerts.series.held_ids`); among
those, a figure above every one reported before it raises the running high.  A figure
the same article repeats in a later version is one report: it is shown once, where it
was first read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from tallywatch.alerts.series import COUNTED_SCOPE, counting_conditions, held_ids
from tallywatch.config import Settings
from tallywatch.constants import FigureStatus, metric_order
from tallywatch.review.figures import FIGURE_KEYS, with_article
from tallywatch.review.reported import reported_day_column
from tallywatch.store.models import Article, Figure, SeriesValue, Source


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One reported figure of a metric."""

    id: int
    topic: str
    metric: str
    value: int
    high: int | None
    qualifier: str
    scope: str
    status: str
    reported: str
    cited: str | None
    source: str
    article_id: int
    article_title: str | None
    article_url: str
    counts: bool
    """It counts for the tracked value (see the module docstring)."""
    raises: bool
    """It is above every counting figure reported before it: a step of the tracked series."""

    def record(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in POINT_KEYS}


POINT_KEYS: tuple[str, ...] = (
    *(key for key in FIGURE_KEYS if key in {f.name for f in fields(SeriesPoint)}),
    "counts",
    "raises",
)
"""The keys of a point of a series (`timeline --json`; README: Output keys): the keys of
a figure it has, in their order, then whether it counts and whether it raises the high."""


POINT_COLUMNS = (
    Figure.id,
    Figure.metric,
    Figure.value,
    Figure.high,
    Figure.qualifier,
    Figure.scope,
    Figure.status,
    Figure.source,
    Figure.article_id,
    Article.title,
    Article.url,
    Source.name,
)
"""The columns a `SeriesPoint` is made of, besides its report day and flags."""


MAX_FAINT = 200
"""Restatements and lower reports of a metric the tracked series keeps (the latest reported)."""


def _reports(
    settings: Settings, topic: str, conditions: list[ColumnElement[bool]], held: set[int]
) -> Subquery:
    """The reports among the figures of `topic` meeting `conditions`, one row each, with
    the columns of a point, whether it counts and whether it raises the running high.

    A figure an article repeats in a later version is one report, its first reading.  The
    database orders the reports by report day (`review.reported`) and carries the running
    high along them (a window over each metric's reports): no figure is read into Python
    to find the steps.  `held`: the ids of the figures held back (`held_ids`, which reads
    the figures of a metric only when one may be), which count for nothing."""
    counting = and_(*counting_conditions(settings, topic))
    if held:
        counting = and_(counting, Figure.id.not_in(held))
    reported = reported_day_column()
    first_readings = (
        select(func.min(Figure.id))
        .where(*conditions)
        .group_by(Figure.article_id, Figure.metric, Figure.value, Figure.high)
    )
    before = func.max(case((counting, Figure.value))).over(
        partition_by=Figure.metric, order_by=(reported, Figure.id), rows=(None, -1)
    )
    reports = (
        with_article(
            *POINT_COLUMNS,
            reported.label("reported"),
            case((counting, 1), else_=0).label("counts"),
            before.label("before"),
        )
        .where(Figure.id.in_(first_readings))
        .subquery()
    )
    rises = or_(reports.c.before.is_(None), reports.c.value > reports.c.before)
    raises = case((and_(reports.c.counts == 1, rises), 1), else_=0)
    return select(reports, raises.label("raises")).subquery()


def _points(session: Session, topic: str, query: Select[Any]) -> dict[str, list[SeriesPoint]]:
    """The points of the reports `query` returns (in its order), by metric, in metric
    order."""
    series: dict[str, list[SeriesPoint]] = {}
    for row in session.execute(query):
        series.setdefault(row.metric, []).append(
            SeriesPoint(
                id=row.id,
                topic=topic,
                metric=row.metric,
                value=row.value,
                high=row.high,
                qualifier=row.qualifier,
                scope=row.scope,
                status=row.status,
                reported=row.reported,
                cited=row.source,
                source=row.name,
                article_id=row.article_id,
                article_title=row.title,
                article_url=row.url,
                counts=bool(row.counts),
                raises=bool(row.raises),
            )
        )
    return dict(sorted(series.items(), key=lambda item: metric_order(item[0])))


def series_points(
    session: Session,
    settings: Settings,
    topic: str,
    metric: str | None = None,
    *,
    scope: str | None = COUNTED_SCOPE,
    include_rejected: bool = False,
) -> dict[str, list[SeriesPoint]]:
    """Each metric's figures of `topic` in report order (`scope` None: every scope), in
    metric order, with the steps of the running high marked."""
    conditions = [Figure.topic == topic]
    if metric is not None:
        conditions.append(Figure.metric == metric)
    if scope is not None:
        conditions.append(Figure.scope == scope)
    if not include_rejected:
        conditions.append(Figure.status != FigureStatus.REJECTED)
    reports = _reports(settings, topic, conditions, held_ids(session, settings, topic))
    return _points(session, topic, select(reports).order_by(reports.c.reported, reports.c.id))


def tracked_series(
    session: Session, settings: Settings, topic: str, faint: int = MAX_FAINT
) -> dict[str, list[SeriesPoint]]:
    """The series the topic tracks, as its chart draws it: only the figures that count,
    each metric's every step of the running high by report date, among its latest
    `faint` restatements and lower reports."""
    held = held_ids(session, settings, topic)
    conditions = counting_conditions(settings, topic)
    if held:
        conditions.append(Figure.id.not_in(held))
    reports = _reports(settings, topic, conditions, held)
    recency = (
        func.row_number()
        .over(
            partition_by=(reports.c.metric, reports.c.raises),
            order_by=(reports.c.reported.desc(), reports.c.id.desc()),
        )
        .label("recency")
    )
    ranked = select(reports, recency).subquery()
    return _points(
        session,
        topic,
        select(ranked)
        .where(or_(ranked.c.raises == 1, ranked.c.recency <= faint))
        .order_by(ranked.c.reported, ranked.c.id),
    )


@dataclass(frozen=True, slots=True)
class CurrentValue:
    """A tracked value now, with the figure that set it."""

    topic: str
    metric: str
    value: int
    previous: int | None
    changed_at: datetime
    figure_id: int | None
    qualifier: str | None
    cited: str | None
    source: str | None
    article_id: int | None
    article_title: str | None
    article_url: str | None


def current_values(session: Session, topic: str | None = None) -> list[CurrentValue]:
    """The tracked value of every metric (of one topic), with the figure that set it."""
    stmt = (
        select(
            SeriesValue.topic,
            SeriesValue.metric,
            SeriesValue.value,
            SeriesValue.previous,
            SeriesValue.changed_at,
            SeriesValue.figure_id,
            Figure.qualifier,
            Figure.source.label("cited"),
            Source.name.label("source"),
            Article.id.label("article_id"),
            Article.title.label("article_title"),
            Article.url.label("article_url"),
        )
        .outerjoin(Figure, SeriesValue.figure_id == Figure.id)
        .outerjoin(Article, Figure.article_id == Article.id)
        .outerjoin(Source, Article.source_id == Source.id)
    )
    if topic is not None:
        stmt = stmt.where(SeriesValue.topic == topic)
    values = [CurrentValue(**row._mapping) for row in session.execute(stmt)]
    return sorted(values, key=lambda v: (v.topic, metric_order(v.metric)))


def known_topics(session: Session, configured: Sequence[str] = ()) -> list[str]:
    """Configured topics first, then any other topic that has a tracked value."""
    tracked = session.scalars(select(SeriesValue.topic).distinct()).all()
    return list(configured) + sorted(set(tracked) - set(configured))

"""A topic's series as tracked: each metric's reported figures by report date, which of
them raised the running high, and the value tracked now.

One query serves `tallywatch timeline`, the dashboard's chart and its table of tracked
values.  A figure counts for a series by the rule change detection applies
(`alerts.series.counts`: a running total, not rejected, of a metric its configured topic
tracks); among those, a figure above every one reported before it raises the running
high.  A figure the same article repeats in a later version is one report: it is shown
once, where it was first read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tallywatch.alerts.series import COUNTED_SCOPE, counts
from tallywatch.alerts.wording import reported_day
from tallywatch.config import Settings
from tallywatch.constants import FigureStatus, metric_order
from tallywatch.review.figures import FIGURE_KEYS, with_article
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
    rows = session.execute(
        with_article(
            Figure.id,
            Figure.metric,
            Figure.value,
            Figure.high,
            Figure.qualifier,
            Figure.scope,
            Figure.status,
            Figure.source,
            Figure.created_at,
            Figure.article_id,
            Article.published,
            Article.title,
            Article.url,
            Source.name,
        ).where(*conditions)
    ).all()
    dated = sorted(rows, key=lambda r: (reported_day(r.published, r.created_at), r.id))
    series: dict[str, list[SeriesPoint]] = {}
    highs: dict[str, int] = {}
    seen: set[tuple[int, str, int, int | None]] = set()
    for row in dated:
        key = (row.article_id, row.metric, row.value, row.high)
        if key in seen:
            continue
        seen.add(key)
        counted = counts(settings, topic, row.metric, row.scope, row.status)
        raises = counted and row.value > highs.get(row.metric, -1)
        if raises:
            highs[row.metric] = row.value
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
                reported=reported_day(row.published, row.created_at),
                cited=row.source,
                source=row.name,
                article_id=row.article_id,
                article_title=row.title,
                article_url=row.url,
                counts=counted,
                raises=raises,
            )
        )
    return dict(sorted(series.items(), key=lambda item: metric_order(item[0])))


def tracked_series(
    session: Session, settings: Settings, topic: str
) -> dict[str, list[SeriesPoint]]:
    """The series the topic tracks: only the figures that count, each metric's running
    high by report date (the steps) among its restatements and lower reports."""
    points = series_points(session, settings, topic)
    counted = {m: [p for p in pts if p.counts] for m, pts in points.items()}
    return {m: pts for m, pts in counted.items() if pts}


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

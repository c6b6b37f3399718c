"""Read-only queries behind the review commands and pages.

Each query returns plain frozen dataclasses, so the terminal, the export and the web
templates share them and never touch ORM objects after the session closes.  Lists are
paged in SQL; the only per-figure text read is the number phrase and a window of text
before it (for the highlight), never whole article texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import String, case, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.constants import AlertStatus, FigureStatus, metric_order
from tallywatch.review.highlight import MarkedSentence, mark_sentence
from tallywatch.store.models import (
    Alert,
    Article,
    ArticleVersion,
    Figure,
    SeriesValue,
    Source,
)

PER_PAGE = 50
STATUSES: tuple[str, ...] = tuple(FigureStatus)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


def page_bounds(page: int, per_page: int) -> tuple[int, int]:
    page = max(1, page)
    return page, (page - 1) * per_page


def reported_expression() -> ColumnElement[Any]:
    """When a figure was reported, as sortable text: the article's publication date for
    figures read from its first version, the fetch time of the update for later versions."""
    return case(
        (ArticleVersion.number > 1, cast(ArticleVersion.fetched_at, String)),
        else_=func.coalesce(Article.published, cast(Article.first_seen_at, String)),
    )


@dataclass(frozen=True, slots=True)
class CurrentValue:
    topic: str
    metric: str
    value: int
    previous: int | None
    changed_at: datetime
    figure_id: int | None
    qualifier: str | None
    attributed_to: str | None
    source_name: str | None
    article_id: int | None
    article_title: str | None
    article_url: str | None


def current_values(session: Session, topic: str | None = None) -> list[CurrentValue]:
    """The tracked value of every metric (of one topic), with the figure that set it."""
    stmt = (
        select(
            SeriesValue,
            Figure.qualifier,
            Figure.source,
            Source.name,
            Article.id,
            Article.title,
            Article.url,
        )
        .outerjoin(Figure, SeriesValue.figure_id == Figure.id)
        .outerjoin(Article, Figure.article_id == Article.id)
        .outerjoin(Source, Article.source_id == Source.id)
    )
    if topic is not None:
        stmt = stmt.where(SeriesValue.topic == topic)
    values = [
        CurrentValue(
            topic=sv.topic,
            metric=sv.metric,
            value=sv.value,
            previous=sv.previous,
            changed_at=sv.changed_at,
            figure_id=sv.figure_id,
            qualifier=qualifier,
            attributed_to=attributed,
            source_name=source_name,
            article_id=article_id,
            article_title=title,
            article_url=url,
        )
        for sv, qualifier, attributed, source_name, article_id, title, url in session.execute(stmt)
    ]
    return sorted(values, key=lambda v: (v.topic, metric_order(v.metric)))


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    figure_id: int
    metric: str
    value: int
    high: int | None
    qualifier: str
    scope: str
    status: str
    date: str
    attributed_to: str | None
    source_name: str
    article_id: int
    article_title: str | None
    article_url: str


def _timeline_conditions(
    topic: str, metric: str | None, scope: str | None, include_rejected: bool
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Figure.topic == topic]
    if metric is not None:
        conditions.append(Figure.metric == metric)
    if scope is not None:
        conditions.append(Figure.scope == scope)
    if not include_rejected:
        conditions.append(Figure.status != FigureStatus.REJECTED)
    return conditions


def _latest_ids(
    session: Session,
    conditions: list[ColumnElement[bool]],
    topic: str,
    metric: str | None,
    limit: int,
) -> list[int]:
    """The ids of the latest `limit` figures of each metric, newest captured first.

    One index walk per metric (ix_figures_topic_metric_id) instead of sorting every
    figure of the topic.
    """
    metrics = (
        [metric]
        if metric is not None
        else session.scalars(select(Figure.metric).where(Figure.topic == topic).distinct()).all()
    )
    ids: list[int] = []
    for name in metrics:
        ids.extend(
            session.scalars(
                select(Figure.id)
                .where(*conditions, Figure.metric == name)
                .order_by(Figure.id.desc())
                .limit(limit)
            )
        )
    return ids


def timeline(
    session: Session,
    topic: str,
    metric: str | None = None,
    *,
    scope: str | None = "cumulative",
    include_rejected: bool = False,
    per_metric: int | None = None,
) -> dict[str, list[TimelinePoint]]:
    """Each metric's reported figures in date order.

    With `per_metric`, only the latest that many captured figures of each metric are
    shown.  A figure repeated by a later version of the same article is shown once, at
    the date it was first reported.
    """
    conditions = _timeline_conditions(topic, metric, scope, include_rejected)
    if per_metric is not None:
        ids = _latest_ids(session, conditions, topic, metric, per_metric)
        if not ids:
            return {}
        conditions = [Figure.id.in_(ids)]
    stmt = (
        select(
            Figure.id,
            Figure.metric,
            Figure.value,
            Figure.high,
            Figure.qualifier,
            Figure.scope,
            Figure.status,
            reported_expression().label("reported"),
            Figure.source,
            Source.name.label("source_name"),
            Figure.article_id,
            Article.title,
            Article.url,
        )
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .join(Article, Figure.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
        .where(*conditions)
    )
    rows = sorted(session.execute(stmt), key=lambda r: (r.reported or "", r.id))
    series: dict[str, list[TimelinePoint]] = {}
    seen: set[tuple[int, str, int, int | None]] = set()
    for row in rows:
        key = (row.article_id, row.metric, row.value, row.high)
        if key in seen:
            continue
        seen.add(key)
        series.setdefault(row.metric, []).append(
            TimelinePoint(
                figure_id=row.id,
                metric=row.metric,
                value=row.value,
                high=row.high,
                qualifier=row.qualifier,
                scope=row.scope,
                status=row.status,
                date=(row.reported or "")[:10],
                attributed_to=row.source,
                source_name=row.source_name,
                article_id=row.article_id,
                article_title=row.title,
                article_url=row.url,
            )
        )
    return dict(sorted(series.items(), key=lambda item: metric_order(item[0])))


@dataclass(frozen=True, slots=True)
class FigureFilter:
    topic: str | None = None
    metric: str | None = None
    status: str | None = None
    source: str | None = None
    """The name of the configured source the article came from."""
    since: datetime | None = None
    until: datetime | None = None
    """Bounds on when the figure was captured (`until` exclusive)."""
    article_id: int | None = None
    version_id: int | None = None


@dataclass(frozen=True, slots=True)
class FigureRow:
    id: int
    topic: str | None
    metric: str
    value: int
    high: int | None
    qualifier: str
    scope: str
    subject: str | None
    attributed_to: str | None
    status: str
    note: str | None
    sentence: MarkedSentence
    article_id: int
    article_title: str | None
    article_url: str
    source_name: str
    reported: str
    version_number: int
    created_at: datetime
    start: int
    end: int


def _figure_conditions(filt: FigureFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.topic is not None:
        conditions.append(Figure.topic == filt.topic)
    if filt.metric is not None:
        conditions.append(Figure.metric == filt.metric)
    if filt.status is not None:
        conditions.append(Figure.status == filt.status)
    if filt.since is not None:
        conditions.append(Figure.created_at >= filt.since)
    if filt.until is not None:
        conditions.append(Figure.created_at < filt.until)
    if filt.article_id is not None:
        conditions.append(Figure.article_id == filt.article_id)
    if filt.version_id is not None:
        conditions.append(Figure.version_id == filt.version_id)
    if filt.source is not None:
        conditions.append(
            Figure.article_id.in_(select(Article.id).join(Source).where(Source.name == filt.source))
        )
    return conditions


def list_figures(
    session: Session, filt: FigureFilter, page: int = 1, per_page: int = PER_PAGE
) -> Page[FigureRow]:
    """Figures matching `filt`, newest first, with the number marked in each sentence.

    The page's ids are found first (an index walk); the joins and the text windows for
    the highlight are then read for those rows only.
    """
    page, offset = page_bounds(page, per_page)
    conditions = _figure_conditions(filt)
    total = session.scalar(select(func.count(Figure.id)).where(*conditions)) or 0
    ids = list(
        session.scalars(
            select(Figure.id)
            .where(*conditions)
            .order_by(Figure.id.desc())
            .limit(per_page)
            .offset(offset)
        )
    )
    if not ids:
        return Page([], total, page, per_page)
    length = func.length(Figure.sentence)
    window_start = case((Figure.start > length, Figure.start - length), else_=0)
    stmt = (
        select(
            Figure,
            func.substr(ArticleVersion.text, Figure.start + 1, Figure.end - Figure.start).label(
                "phrase"
            ),
            func.substr(ArticleVersion.text, window_start + 1, Figure.end - window_start).label(
                "window"
            ),
            ArticleVersion.number,
            reported_expression().label("reported"),
            Article.title,
            Article.url,
            Source.name,
        )
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .join(Article, Figure.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
        .where(Figure.id.in_(ids))
        .order_by(Figure.id.desc())
    )
    rows = [
        FigureRow(
            id=f.id,
            topic=f.topic,
            metric=f.metric,
            value=f.value,
            high=f.high,
            qualifier=f.qualifier,
            scope=f.scope,
            subject=f.subject,
            attributed_to=f.source,
            status=f.status,
            note=f.note,
            sentence=mark_sentence(f.sentence, phrase, window),
            article_id=f.article_id,
            article_title=title,
            article_url=url,
            source_name=source_name,
            reported=(reported or "")[:10],
            version_number=number,
            created_at=f.created_at,
            start=f.start,
            end=f.end,
        )
        for f, phrase, window, number, reported, title, url, source_name in session.execute(stmt)
    ]
    return Page(rows, total, page, per_page)


@dataclass(frozen=True, slots=True)
class AlertRow:
    id: int
    kind: str
    topic: str | None
    metric: str | None
    previous: int | None
    value: int | None
    qualifier: str | None
    attributed_to: str | None
    article_id: int | None
    article_title: str | None
    article_url: str | None
    summary: str | None
    created_at: datetime
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None


def list_alerts(
    session: Session,
    status: str | None = None,
    topic: str | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Page[AlertRow]:
    """Alerts, newest first, with their delivery state."""
    page, offset = page_bounds(page, per_page)
    conditions: list[ColumnElement[bool]] = []
    if status is not None:
        conditions.append(Alert.status == status)
    if topic is not None:
        conditions.append(Alert.topic == topic)
    total = session.scalar(select(func.count(Alert.id)).where(*conditions)) or 0
    stmt = select(Alert).where(*conditions).order_by(Alert.id.desc()).limit(per_page).offset(offset)
    rows = [
        AlertRow(
            id=a.id,
            kind=a.kind,
            topic=a.topic,
            metric=a.metric,
            previous=a.previous,
            value=a.value,
            qualifier=a.qualifier,
            attributed_to=a.source,
            article_id=a.article_id,
            article_title=a.article_title,
            article_url=a.article_url,
            summary=a.summary,
            created_at=a.created_at,
            status=a.status,
            attempts=a.attempts,
            last_error=a.last_error,
            next_attempt_at=a.next_attempt_at,
            sent_at=a.sent_at,
        )
        for a in session.scalars(stmt)
    ]
    return Page(rows, total, page, per_page)


ALERT_STATUSES: tuple[str, ...] = tuple(AlertStatus)


@dataclass(frozen=True, slots=True)
class AlertBacklog:
    """Alerts not delivered: due again later, waiting for a channel, or given up on."""

    pending: int
    waiting: int
    failed: int

    @property
    def total(self) -> int:
        return self.pending + self.waiting + self.failed


def alert_backlog(session: Session) -> AlertBacklog:
    counts: dict[str, int] = {
        status: number
        for status, number in session.execute(
            select(Alert.status, func.count())
            .where(Alert.status != AlertStatus.SENT)
            .group_by(Alert.status)
        )
    }
    return AlertBacklog(
        pending=counts.get(AlertStatus.PENDING, 0),
        waiting=counts.get(AlertStatus.WAITING, 0),
        failed=counts.get(AlertStatus.FAILED, 0),
    )


@dataclass(frozen=True, slots=True)
class FigurePlace:
    """Where one figure is shown: its article, at the version it was read from."""

    figure_id: int
    article_id: int
    version: int


def figure_place(session: Session, figure_id: int) -> FigurePlace | None:
    row = session.execute(
        select(Figure.article_id, ArticleVersion.number)
        .join(ArticleVersion, ArticleVersion.id == Figure.version_id)
        .where(Figure.id == figure_id)
    ).first()
    return FigurePlace(figure_id, row[0], row[1]) if row is not None else None


def known_topics(session: Session, configured: Sequence[str] = ()) -> list[str]:
    """Configured topics first, then any other topic that has a tracked value."""
    tracked = session.scalars(select(SeriesValue.topic).distinct()).all()
    return list(configured) + sorted(set(tracked) - set(configured))


def source_names(session: Session) -> list[str]:
    return list(session.scalars(select(Source.name).order_by(Source.name)))

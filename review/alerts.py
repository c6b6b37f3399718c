"""Alerts as the command line, the web page and the export list them, with their
delivery state; and what is not delivered yet.

An alert's `cited` is who its figure is attributed to; `source` is the configured source
its article was crawled from (none for a baseline or operator alert).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.alerts.messages import review_url
from tallywatch.alerts.wording import delta_text
from tallywatch.constants import AlertKind, AlertStatus
from tallywatch.review.paging import PER_PAGE, Page, iter_by_id, paged
from tallywatch.store.models import Alert, Article, Source


@dataclass(frozen=True, slots=True)
class AlertFilter:
    statuses: Collection[str] = ()
    """Any of these statuses (none: every status)."""
    topic: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Bounds on when the alert was raised (`until` exclusive)."""


ALERT_KEYS: tuple[str, ...] = (
    "id",
    "kind",
    "topic",
    "metric",
    "previous",
    "previous_cited",
    "previous_date",
    "value",
    "high",
    "delta",
    "qualifier",
    "cited",
    "cited_previous",
    "cited_previous_date",
    "figure_id",
    "review_url",
    "source",
    "article_id",
    "article_title",
    "article_url",
    "article_published",
    "sentence",
    "summary",
    "created_at",
    "status",
    "attempts",
    "last_error",
    "next_attempt_at",
    "sent_at",
    "run_id",
)
"""The keys of an alert everywhere it is printed or exported (README: Output keys)."""
TIMES = ("created_at", "next_attempt_at", "sent_at")


@dataclass(frozen=True, slots=True)
class AlertRow:
    id: int
    kind: str
    topic: str | None
    metric: str | None
    previous: int | None
    previous_cited: str | None
    previous_date: str | None
    value: int | None
    high: int | None
    qualifier: str | None
    cited: str | None
    cited_previous: int | None
    cited_previous_date: str | None
    figure_id: int | None
    source: str | None
    article_id: int | None
    article_title: str | None
    article_url: str | None
    article_published: str | None
    sentence: str | None
    summary: str | None
    created_at: datetime
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    run_id: int | None

    @property
    def delta(self) -> str | None:
        """`+2,000` for a rise."""
        return delta_text(self.previous, self.value) if self.kind == AlertKind.INCREASE else None

    def record(self, review_base_url: str | None = None) -> dict[str, Any]:
        """The alert as JSON and export rows give it, keyed by `ALERT_KEYS`; `review_url`
        with `review.base_url` set."""
        values = {key: getattr(self, key) for key in ALERT_KEYS if key != "review_url"}
        values["review_url"] = review_url(review_base_url, self.figure_id)
        for key in TIMES:
            moment = values[key]
            values[key] = moment.isoformat() if moment is not None else None
        return {key: values[key] for key in ALERT_KEYS}


def _conditions(filt: AlertFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.statuses:
        conditions.append(Alert.status.in_(list(filt.statuses)))
    if filt.topic is not None:
        conditions.append(Alert.topic == filt.topic)
    if filt.kind is not None:
        conditions.append(Alert.kind == filt.kind)
    if filt.since is not None:
        conditions.append(Alert.created_at >= filt.since)
    if filt.until is not None:
        conditions.append(Alert.created_at < filt.until)
    return conditions


def _alert_rows(session: Session, ids: list[int], descending: bool) -> list[AlertRow]:
    if not ids:
        return []
    stmt = (
        select(Alert, Source.name)
        .outerjoin(Article, Alert.article_id == Article.id)
        .outerjoin(Source, Article.source_id == Source.id)
        .where(Alert.id.in_(ids))
        .order_by(Alert.id.desc() if descending else Alert.id)
    )
    return [
        AlertRow(
            id=a.id,
            kind=a.kind,
            topic=a.topic,
            metric=a.metric,
            previous=a.previous,
            previous_cited=a.previous_source,
            previous_date=a.previous_date,
            value=a.value,
            high=a.high,
            qualifier=a.qualifier,
            cited=a.source,
            cited_previous=a.source_previous,
            cited_previous_date=a.source_previous_date,
            figure_id=a.figure_id,
            source=source,
            article_id=a.article_id,
            article_title=a.article_title,
            article_url=a.article_url,
            article_published=a.article_published,
            sentence=a.sentence,
            summary=a.summary,
            created_at=a.created_at,
            status=a.status,
            attempts=a.attempts,
            last_error=a.last_error,
            next_attempt_at=a.next_attempt_at,
            sent_at=a.sent_at,
            run_id=a.run_id,
        )
        for a, source in session.execute(stmt)
    ]


def list_alerts(
    session: Session,
    filt: AlertFilter | None = None,
    page: int = 1,
    per_page: int | None = PER_PAGE,
) -> Page[AlertRow]:
    """Alerts matching `filt`, newest first, with their delivery state."""
    query = select(Alert.id).where(*_conditions(filt or AlertFilter())).order_by(Alert.id.desc())
    page, total, ids = paged(session, query, page, per_page)
    return Page(_alert_rows(session, ids, descending=True), total, page, per_page)


def iter_alerts(session: Session, filt: AlertFilter) -> Iterator[AlertRow]:
    """Every alert matching `filt`, oldest first, a batch at a time."""
    return iter_by_id(
        session, Alert.id, _conditions(filt), lambda ids: _alert_rows(session, ids, False)
    )


@dataclass(frozen=True, slots=True)
class AlertBacklog:
    """Alerts not delivered: due again later, waiting for a channel, or given up on."""

    pending: int
    waiting: int
    failed: int

    @property
    def total(self) -> int:
        return self.pending + self.waiting + self.failed


def alerts_by_status(session: Session) -> dict[str, int]:
    """How many alerts stand in each status."""
    return {
        status: number
        for status, number in session.execute(
            select(Alert.status, func.count()).group_by(Alert.status)
        )
    }


def alert_backlog(session: Session) -> AlertBacklog:
    counts = alerts_by_status(session)
    return AlertBacklog(
        pending=counts.get(AlertStatus.PENDING, 0),
        waiting=counts.get(AlertStatus.WAITING, 0),
        failed=counts.get(AlertStatus.FAILED, 0),
    )

"""Runs: the history `tallywatch runs`, `tallywatch status` and the web page's runs page
show, each run with its counts and errors, and the problems it recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.constants import RunStatus
from tallywatch.review.paging import PER_PAGE, Page, paged
from tallywatch.store.models import CrawlEvent, CrawlRun, Source

COUNTS: tuple[str, ...] = (
    "pages",
    "new_articles",
    "updated",
    "unchanged",
    "not_modified",
    "skipped",
    "figures",
    "alerts",
    "errors",
    "bytes_received",
    "sources",
    "sources_failed",
)
"""A run's counters, in the order they are shown."""
RUN_KEYS: tuple[str, ...] = (
    "id",
    "status",
    "started_at",
    "finished_at",
    "duration_seconds",
    "worker",
    "error",
    *COUNTS,
)
"""The keys of a run everywhere it is printed (README: Output keys)."""


@dataclass(frozen=True, slots=True)
class RunFilter:
    status: str | None = None
    since: datetime | None = None
    """Runs started at or after."""


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    status: str
    started_at: datetime
    finished_at: datetime | None
    worker: str | None
    error: str | None
    counts: dict[str, int]

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds(), 1)

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "duration_seconds": self.duration_seconds,
            "worker": self.worker,
            "error": self.error,
            **self.counts,
        }


def _row(run: CrawlRun) -> RunRow:
    return RunRow(
        id=run.id,
        status=run.status,
        started_at=run.started_at,
        finished_at=run.finished_at,
        worker=run.worker,
        error=run.error,
        counts={name: getattr(run, name) or 0 for name in COUNTS},
    )


def _conditions(filt: RunFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.status is not None:
        conditions.append(CrawlRun.status == filt.status)
    if filt.since is not None:
        conditions.append(CrawlRun.started_at >= filt.since)
    return conditions


def list_runs(
    session: Session,
    filt: RunFilter | None = None,
    page: int = 1,
    per_page: int | None = PER_PAGE,
) -> Page[RunRow]:
    """Runs matching `filt`, the latest started first."""
    latest = (CrawlRun.started_at.desc(), CrawlRun.id.desc())
    query = select(CrawlRun).where(*_conditions(filt or RunFilter())).order_by(*latest)
    page, total, runs = paged(session, query, page, per_page)
    return Page([_row(run) for run in runs], total, page, per_page)


def last_run(session: Session, *, running: bool = False) -> RunRow | None:
    """The latest finished run, or (`running`) the latest one still running."""
    running_now = CrawlRun.status == RunStatus.RUNNING
    state = running_now if running else ~running_now
    run = session.scalars(
        select(CrawlRun)
        .where(state)
        .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        .limit(1)
    ).first()
    return _row(run) if run is not None else None


@dataclass(frozen=True, slots=True)
class RunEvent:
    """A problem (or a notable skip) a run recorded."""

    id: int
    source: str | None
    kind: str
    url: str | None
    detail: str | None
    is_error: bool
    created_at: datetime

    def record(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "url": self.url,
            "detail": self.detail,
            "is_error": self.is_error,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class RunView:
    run: RunRow
    events: Page[RunEvent]

    def record(self) -> dict[str, Any]:
        """`runs ID --json`: the run's keys and `events`, the problems it recorded."""
        return {**self.run.record(), "events": [e.record() for e in self.events.rows]}


def run_view(
    session: Session, run_id: int, page: int = 1, per_page: int | None = PER_PAGE
) -> RunView | None:
    """One run with the events it recorded, errors first, each source's together."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        return None
    order = (CrawlEvent.is_error.desc(), Source.name, CrawlEvent.id)
    query = (
        select(CrawlEvent.id)
        .outerjoin(Source, CrawlEvent.source_id == Source.id)
        .where(CrawlEvent.run_id == run_id)
        .order_by(*order)
    )
    page, total, ids = paged(session, query, page, per_page)
    events = [
        RunEvent(e.id, source, e.kind, e.url, e.detail, e.is_error, e.created_at)
        for e, source in session.execute(
            select(CrawlEvent, Source.name)
            .outerjoin(Source, CrawlEvent.source_id == Source.id)
            .where(CrawlEvent.id.in_(ids))
            .order_by(*order)
        )
    ]
    return RunView(_row(run), Page(events, total, page, per_page))

"""Runs and their events: the only code that writes `crawl_runs` and `crawl_events`.

A run is started by the cycle, counted by the crawler as its sources finish, and
finished by the cycle; a run whose process died is closed by whoever finds it (the next
cycle, or the daemon that killed it).  Every function works in the caller's session.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tallywatch.constants import RunStatus
from tallywatch.store.models import CrawlEvent, CrawlRun, utcnow

RUN_COUNT_FIELDS: tuple[str, ...] = (
    "pages",
    "new_articles",
    "updated",
    "unchanged",
    "not_modified",
    "skipped",
    "errors",
    "figures",
    "bytes_received",
    "sources",
    "sources_failed",
)
"""CrawlRun columns written from the crawl's counters."""
DIED = "the run's process died"
"""The error of a run closed because its process is gone."""


def start_run(session: Session, worker: str | None = None) -> int:
    run = CrawlRun(worker=worker, started_at=utcnow(), status=RunStatus.RUNNING)
    session.add(run)
    session.flush()
    return run.id


def close_dead_runs(session: Session) -> int:
    """Mark runs still `running` as failed: call only while holding the cycle lock, when no
    other run can be alive (a process killed with SIGKILL cannot record its own end)."""
    result = session.execute(
        update(CrawlRun)
        .where(CrawlRun.status == RunStatus.RUNNING)
        .values(status=RunStatus.FAILED, error=DIED, finished_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def write_run_counts(session: Session, run_id: int, counts: Mapping[str, int]) -> None:
    values = {field: int(counts[field]) for field in RUN_COUNT_FIELDS if field in counts}
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(**values))


def set_run_alerts(session: Session, run_id: int, alerts: int) -> None:
    """How many alerts the run's change detection raised."""
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(alerts=alerts))


def finish_run(session: Session, run_id: int, status: str, error: str | None = None) -> None:
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(status=RunStatus(status), error=error, finished_at=utcnow())
    )


def fail_worker_runs(
    session: Session,
    worker: str,
    error: str,
    *,
    open_states: Collection[RunStatus] = (RunStatus.RUNNING,),
    started_at: datetime | None = None,
) -> list[int]:
    """Fail the runs of `worker` (a `host:pid`) still in one of `open_states`, with `error`.

    The daemon calls this for a child it killed or that died: such a child could not
    record its own end.  With `started_at`, a worker that left no run at all (it died
    before starting one) gets a failed run of its own, so the failure is on record.
    Returns the ids of the runs failed.
    """
    runs = list(
        session.scalars(
            select(CrawlRun).where(CrawlRun.worker == worker, CrawlRun.status.in_(open_states))
        )
    )
    if not runs and started_at is not None:
        run = CrawlRun(worker=worker, started_at=started_at)
        session.add(run)
        runs = [run]
    now = utcnow()
    for run in runs:
        run.status, run.finished_at, run.error = RunStatus.FAILED, now, error
    session.flush()
    return [run.id for run in runs]


def record_event(
    session: Session,
    *,
    run_id: int | None,
    source_id: int | None,
    kind: str,
    detail: str | None,
    url: str | None = None,
    is_error: bool = True,
) -> None:
    session.add(
        CrawlEvent(
            run_id=run_id,
            source_id=source_id,
            url=url,
            kind=kind[:40],
            detail=detail.replace("\x00", "") if detail else detail,
            is_error=is_error,
            created_at=utcnow(),
        )
    )

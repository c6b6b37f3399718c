"""Daemons' heartbeats: the only code that writes the `daemons` table.

A daemon registers at start (clearing rows of daemons that stopped or went silent),
then writes its heartbeat and next scheduled run every `HEARTBEAT` seconds, and
`stopped` when it ends; `tallywatch status` reads them (`health.py`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from tallywatch.constants import DaemonStatus
from tallywatch.store.models import DaemonState, utcnow


def register_daemon(session: Session, worker: str, stale_before: datetime) -> None:
    """Forget daemons that stopped or whose last heartbeat is older than `stale_before`,
    and any earlier row of `worker` (a reused pid)."""
    session.execute(
        delete(DaemonState).where(
            or_(
                DaemonState.status != DaemonStatus.RUNNING,
                DaemonState.heartbeat_at < stale_before,
                DaemonState.worker == worker,
            )
        )
    )


def write_daemon_state(
    session: Session, worker: str, status: DaemonStatus, next_run_at: datetime | None
) -> None:
    """The daemon's heartbeat: its status now and, while running, its next scheduled run."""
    row = session.scalars(select(DaemonState).where(DaemonState.worker == worker)).first()
    now = utcnow()
    if row is None:
        row = DaemonState(worker=worker, started_at=now)
        session.add(row)
    row.heartbeat_at, row.status = now, status
    row.next_run_at = next_run_at if status == DaemonStatus.RUNNING else None
    row.stopped_at = now if status == DaemonStatus.STOPPED else None

"""Is tallywatch healthy?  The facts `tallywatch status` shows, and operator alerts.

`status_report` gathers, from the database alone, the last run, each source's
streak of failures, the alerts not delivered (pending a retry, waiting for a
channel, failed), the running daemons and the next scheduled run; runs, sources and
alerts are the review's own rows (`review/`), so status, `tallywatch sources`,
`tallywatch runs` and the web page say the same.
`raise_operator_alerts` turns a source failing N runs in a row into ONE
`operator` alert row for the outbox; the flag resets when the source succeeds.
Both the daemon (after every child run, including killed ones) and `run` (for
cron deployments) may call it: the dedupe key makes repeated calls harmless.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tallywatch.config import Settings
from tallywatch.constants import AlertKind, AlertStatus, DaemonStatus
from tallywatch.review.alerts import alerts_by_status
from tallywatch.review.runs import last_run
from tallywatch.review.sources import list_sources
from tallywatch.store import Alert, Database, Source, utcnow
from tallywatch.store.alerts import add_alerts, dedupe_key_used
from tallywatch.store.models import DaemonState
from tallywatch.store.sources import set_operator_alerted

HEARTBEAT_SECONDS = 30.0
"""How often a daemon refreshes its row; three missed beats mark it stale."""
STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def daemon_summaries(session: Session, now: datetime) -> list[dict[str, Any]]:
    rows = session.scalars(select(DaemonState).order_by(DaemonState.started_at.desc()))
    out = []
    for row in rows:
        alive = row.status == DaemonStatus.RUNNING and now - row.heartbeat_at <= STALE_AFTER
        shown = (
            DaemonStatus.STALE if row.status == DaemonStatus.RUNNING and not alive else row.status
        )
        out.append(
            {
                "worker": row.worker,
                "status": shown,
                "started_at": _iso(row.started_at),
                "heartbeat_at": _iso(row.heartbeat_at),
                "next_run_at": _iso(row.next_run_at) if alive else None,
            }
        )
    return out


def status_report(settings: Settings, db: Database) -> dict[str, Any]:
    """Everything `tallywatch status --json` prints, as one JSON-ready dict: the review's
    rows of runs and sources (`review/runs.py`, `review/sources.py`), alert counts, the
    daemons and the next scheduled run."""
    now = utcnow()
    with db.session() as session:
        last = last_run(session)
        current = last_run(session, running=True)
        sources = list_sources(session, settings.sources)
        counts = alerts_by_status(session)
        daemons = daemon_summaries(session, now)
    upcoming = [d["next_run_at"] for d in daemons if d["next_run_at"]]
    threshold = settings.alerts.operator_after_failures
    return {
        "generated_at": _iso(now),
        "last_run": last.record() if last else None,
        "current_run": current.record() if current else None,
        "sources": [s.record() for s in sources],
        "pending_alerts": counts.get(AlertStatus.PENDING, 0),
        "waiting_alerts": counts.get(AlertStatus.WAITING, 0),
        "failed_alerts": counts.get(AlertStatus.FAILED, 0),
        "alerts_by_status": counts,
        "daemons": daemons,
        "next_run": min(upcoming) if upcoming else None,
        "failing_sources": [s.name for s in sources if s.consecutive_failures >= threshold],
    }


def operator_dedupe_key(source: Source) -> str:
    """One key per failure streak: the streak is identified by the last success before it."""
    since = source.last_success_at.isoformat() if source.last_success_at else "never"
    return f"operator:source:{source.name}:failing-since-success:{since}"


def raise_operator_alerts(session: Session, settings: Settings) -> list[Alert]:
    """Queue one `operator` alert per source that just reached the failure threshold.

    Sets `Source.operator_alerted` so the streak alerts once; clears it for sources
    that have succeeded since.  Returns the new alert rows (status `pending`).
    """
    threshold = settings.alerts.operator_after_failures
    created: list[Alert] = []
    for source in session.scalars(select(Source).order_by(Source.name)):
        if source.consecutive_failures == 0 and source.operator_alerted:
            set_operator_alerted(session, source.id, False)
            continue
        if source.consecutive_failures < threshold or source.operator_alerted:
            continue
        set_operator_alerted(session, source.id, True)
        key = operator_dedupe_key(source)
        if dedupe_key_used(session, key):
            continue
        last_ok = _iso(source.last_success_at) or "never"
        failures = source.consecutive_failures
        created.append(
            Alert(
                kind=AlertKind.OPERATOR,
                topic=None,
                summary=(
                    f"source {source.name} ({source.url}) failed {failures} "
                    f"run{'s' if failures != 1 else ''} in a row (last success: {last_ok}); "
                    f"last error: {source.last_error or 'unknown'}"
                ),
                dedupe_key=key,
            )
        )
    add_alerts(session, created)
    return created

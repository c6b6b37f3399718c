"""Is tallywatch healthy?  The facts `tallywatch status` shows, and operator alerts.

`status_report` gathers, from the database alone, the last run, each source's
streak of failures, the alerts not delivered (pending a retry, waiting for a
channel, failed), the running daemons and the next scheduled run.
`raise_operator_alerts` turns a source failing N runs in a row into ONE
`operator` alert row for the outbox; the flag resets when the source succeeds.
Both the daemon (after every child run, including killed ones) and `run` (for
cron deployments) may call it: the dedupe key makes repeated calls harmless.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tallywatch.config import Settings
from tallywatch.constants import AlertKind, AlertStatus, DaemonStatus, RunStatus
from tallywatch.store import Alert, CrawlRun, Database, Source, utcnow
from tallywatch.store.alerts import add_alerts, dedupe_key_used
from tallywatch.store.models import DaemonState
from tallywatch.store.sources import set_operator_alerted

HEARTBEAT_SECONDS = 30.0
"""How often a daemon refreshes its row; three missed beats mark it stale."""
STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)
RUN_FIELDS = (
    "pages",
    "new_articles",
    "updated",
    "unchanged",
    "skipped",
    "figures",
    "alerts",
    "errors",
    "sources",
    "sources_failed",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def run_summary(run: CrawlRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    end = run.finished_at
    summary: dict[str, Any] = {
        "id": run.id,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(end),
        "duration_seconds": round((end - run.started_at).total_seconds(), 1) if end else None,
        "status": run.status,
        "worker": run.worker,
        "error": run.error,
    }
    summary.update({name: getattr(run, name) for name in RUN_FIELDS})
    return summary


def source_summaries(session: Session, settings: Settings) -> list[dict[str, Any]]:
    """Configured sources first (in config order), then sources only the database knows."""
    rows = {s.name: s for s in session.scalars(select(Source))}
    out: list[dict[str, Any]] = []
    names = [s.name for s in settings.sources] + sorted(
        set(rows) - {s.name for s in settings.sources}
    )
    configured = {s.name: s for s in settings.sources}
    for name in names:
        row, config = rows.get(name), configured.get(name)
        out.append(
            {
                "name": name,
                "configured": config is not None,
                "enabled": config.enabled if config is not None else False,
                "last_run_at": _iso(row.last_run_at) if row else None,
                "last_success_at": _iso(row.last_success_at) if row else None,
                "consecutive_failures": row.consecutive_failures if row else 0,
                "last_status": row.last_status if row else None,
                "last_error": row.last_error if row else None,
                "operator_alerted": bool(row.operator_alerted) if row else False,
                "leased_by": _live_lease(row),
            }
        )
    return out


def _live_lease(row: Source | None) -> str | None:
    """The worker crawling this source now under a shared deployment's lease, if any."""
    if row is None or row.lease_owner is None or row.lease_until is None:
        return None
    return row.lease_owner if row.lease_until >= utcnow() else None


def daemon_summaries(session: Session, now: datetime) -> list[dict[str, Any]]:
    rows = session.scalars(select(DaemonState).order_by(DaemonState.started_at.desc()))
    out = []
    for row in rows:
        alive = row.status == DaemonStatus.RUNNING and now - row.heartbeat_at <= STALE_AFTER
        out.append(
            {
                "worker": row.worker,
                "status": row.status
                if row.status != DaemonStatus.RUNNING or alive
                else DaemonStatus.STALE,
                "started_at": _iso(row.started_at),
                "heartbeat_at": _iso(row.heartbeat_at),
                "next_run_at": _iso(row.next_run_at) if alive else None,
            }
        )
    return out


def status_report(settings: Settings, db: Database) -> dict[str, Any]:
    """Everything `tallywatch status --json` prints, as one JSON-ready dict."""
    now = utcnow()
    with db.session() as session:
        last = session.scalars(
            select(CrawlRun)
            .where(CrawlRun.status != RunStatus.RUNNING)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(1)
        ).first()
        current = session.scalars(
            select(CrawlRun)
            .where(CrawlRun.status == RunStatus.RUNNING)
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(1)
        ).first()
        by_status = select(Alert.status, func.count()).group_by(Alert.status)
        counts = {status: count for status, count in session.execute(by_status).tuples()}
        daemons = daemon_summaries(session, now)
        report: dict[str, Any] = {
            "generated_at": _iso(now),
            "last_run": run_summary(last),
            "current_run": run_summary(current),
            "sources": source_summaries(session, settings),
            "pending_alerts": counts.get(AlertStatus.PENDING, 0),
            "waiting_alerts": counts.get(AlertStatus.WAITING, 0),
            "failed_alerts": counts.get(AlertStatus.FAILED, 0),
            "alerts_by_status": counts,
            "daemons": daemons,
        }
    upcoming = [d["next_run_at"] for d in daemons if d["next_run_at"]]
    report["next_run"] = min(upcoming) if upcoming else None
    threshold = settings.alerts.operator_after_failures
    report["failing_sources"] = [
        s["name"] for s in report["sources"] if s["consecutive_failures"] >= threshold
    ]
    return report


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

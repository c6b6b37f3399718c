"""Sources' state: the only code that writes the `sources` table (leases aside, which
`store/leases.py` keeps).

A source's row records how its crawls go: the crawler finishes each source of a run
(`finish_source`), the daemon fails the sources of a run it had to kill
(`fail_sources`), and the operator alert about a failing streak is flagged once per
streak (`set_operator_alerted`).  Every function works in the caller's session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tallywatch.config.schema import SourceConfig
from tallywatch.constants import SourceStatus
from tallywatch.store.models import Source, utcnow


def sync_sources(session: Session, configs: Iterable[SourceConfig]) -> dict[str, int]:
    """Get or create the `Source` row of each configured source; return name -> id.

    The stored URL is redacted (`alerts/redact.py`): a `${NAME}` in it never reaches the
    database."""
    from tallywatch.alerts.redact import redact_text

    configs = list(configs)
    names = [c.name for c in configs]
    rows = {s.name: s for s in session.scalars(select(Source).where(Source.name.in_(names)))}
    for config in configs:
        row = rows.get(config.name)
        if row is None:
            row = Source(
                name=config.name,
                kind=config.kind,
                url=redact_text(config.url),
                consecutive_failures=0,
            )
            session.add(row)
            rows[config.name] = row
        else:
            row.kind, row.url = config.kind, redact_text(config.url)
    session.flush()
    return {name: row.id for name, row in rows.items()}


def _record(source: Source, status: SourceStatus, error: str | None, when: datetime) -> None:
    source.last_run_at = when
    source.last_status = status
    source.last_error = error
    if status == SourceStatus.FAILED:
        source.consecutive_failures = (source.consecutive_failures or 0) + 1
    else:
        source.consecutive_failures = 0
        source.last_success_at = when


def finish_source(
    session: Session,
    source_id: int,
    *,
    status: str,
    error: str | None = None,
    at: datetime | None = None,
) -> None:
    """Record how a source's crawl went: `ok`, `partial` (some pages failed) or `failed`
    (one more failure in a row)."""
    try:
        outcome = SourceStatus(status)
    except ValueError:
        raise ValueError(f"unknown source status {status!r}") from None
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"no source with id {source_id}")
    _record(source, outcome, error, at or utcnow())


def fail_sources(
    session: Session, configs: Sequence[SourceConfig], since: datetime, error: str
) -> list[str]:
    """Count one failure for each of `configs` that has not succeeded since `since` (the
    sources of a run that was killed before it could finish them); returns their names."""
    ids = sync_sources(session, configs)
    failed: list[str] = []
    now = utcnow()
    for config in configs:
        source = session.get(Source, ids[config.name])
        assert source is not None
        if source.last_success_at is not None and source.last_success_at >= since:
            continue
        _record(source, SourceStatus.FAILED, error, now)
        failed.append(config.name)
    session.flush()
    return failed


def release_leases(session: Session, worker: str) -> int:
    """Free every source leased by `worker` (`host:pid`); returns how many it held."""
    result = session.execute(
        update(Source)
        .where(Source.lease_owner == worker)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def set_operator_alerted(session: Session, source_id: int, alerted: bool) -> None:
    """Whether the operator was told of the source's current failing streak."""
    session.execute(
        update(Source)
        .where(Source.id == source_id)
        .values(operator_alerted=alerted)
        .execution_options(synchronize_session="fetch")
    )

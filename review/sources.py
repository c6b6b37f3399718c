"""The health of every source: what `tallywatch sources`, `tallywatch status` and the
web page's sources page show.

Configured sources come first, in the configuration's order, then the sources only the
database still knows (removed from the file since).  A configured URL is shown redacted,
as it is stored: a `${NAME}` in it never shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tallywatch.alerts.redact import redact_text
from tallywatch.config import SourceConfig
from tallywatch.store.models import Article, Source, utcnow

SOURCE_KEYS: tuple[str, ...] = (
    "name",
    "kind",
    "url",
    "configured",
    "enabled",
    "status",
    "last_run_at",
    "last_success_at",
    "consecutive_failures",
    "last_error",
    "article_count",
    "operator_alerted",
    "leased_by",
)
"""The keys of a source everywhere it is printed (README: Output keys)."""
TIMES = ("last_run_at", "last_success_at")


@dataclass(frozen=True, slots=True)
class SourceRow:
    name: str
    kind: str | None
    url: str | None
    configured: bool
    enabled: bool
    status: str | None
    """A `SourceStatus` of its last crawl; None when it was never crawled."""
    last_run_at: datetime | None
    last_success_at: datetime | None
    consecutive_failures: int
    last_error: str | None
    article_count: int
    operator_alerted: bool
    leased_by: str | None
    """The worker crawling it now, under a shared deployment's live lease."""

    @property
    def label(self) -> str:
        """Its name, with what sets it apart: not in the config, disabled."""
        if not self.configured:
            return f"{self.name} (not in config)"
        return self.name if self.enabled else f"{self.name} (disabled)"

    def record(self) -> dict[str, Any]:
        values = {key: getattr(self, key) for key in SOURCE_KEYS}
        for key in TIMES:
            moment = values[key]
            values[key] = moment.isoformat() if moment is not None else None
        return values


def _live_lease(row: Source | None, now: datetime) -> str | None:
    if row is None or row.lease_owner is None or row.lease_until is None:
        return None
    return row.lease_owner if row.lease_until >= now else None


def list_sources(session: Session, configured: Sequence[SourceConfig]) -> list[SourceRow]:
    """Every source, configured or only stored, with its health and article count."""
    rows = {s.name: s for s in session.scalars(select(Source))}
    counts = {
        source_id: number
        for source_id, number in session.execute(
            select(Article.source_id, func.count()).group_by(Article.source_id)
        )
    }
    by_name = {s.name: s for s in configured}
    names = [s.name for s in configured] + sorted(set(rows) - set(by_name))
    now = utcnow()
    listed = []
    for name in names:
        row, config = rows.get(name), by_name.get(name)
        listed.append(
            SourceRow(
                name=name,
                kind=config.kind if config is not None else row.kind if row else None,
                url=redact_text(config.url) if config is not None else row.url if row else None,
                configured=config is not None,
                enabled=config.enabled if config is not None else False,
                status=row.last_status if row else None,
                last_run_at=row.last_run_at if row else None,
                last_success_at=row.last_success_at if row else None,
                consecutive_failures=(row.consecutive_failures or 0) if row else 0,
                last_error=row.last_error if row else None,
                article_count=counts.get(row.id, 0) if row else 0,
                operator_alerted=bool(row.operator_alerted) if row else False,
                leased_by=_live_lease(row, now),
            )
        )
    return listed


def source_names(session: Session) -> list[str]:
    return list(session.scalars(select(Source.name).order_by(Source.name)))

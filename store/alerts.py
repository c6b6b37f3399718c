"""New alerts into the outbox: the only code that adds `alerts` rows.

Change detection (`alerts/detect.py`) and the health check (`health.py`, operator
alerts) build the rows; this writes them, in the caller's transaction, so an alert is
committed together with what caused it.  Each alert's `dedupe_key` is unique: a key
already used means the alert was raised before (by this process or a racing one), and
the second writer's transaction fails rather than writing it twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tallywatch.constants import AlertStatus
from tallywatch.store.models import Alert, utcnow


def dedupe_key_used(session: Session, key: str) -> bool:
    return session.scalar(select(Alert.id).where(Alert.dedupe_key == key).limit(1)) is not None


def add_alerts(session: Session, alerts: Sequence[Alert], at: datetime | None = None) -> None:
    """Add `alerts` (pending, created `at`) in their order, so their ids follow it."""
    created = at or utcnow()
    for alert in alerts:
        alert.created_at = created
        alert.status = AlertStatus.PENDING
        alert.attempts = 0
        session.add(alert)
    session.flush()

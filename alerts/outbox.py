"""The alert outbox: claim pending alerts, deliver them, record each channel's result.

Guarantee: an alert reaches each channel at most once, and every alert is either
delivered or visibly not (`pending` with its error and next attempt, or `failed`).

How a delivery runs:

1. **Claim** — one UPDATE turns due `pending` rows into `sending` with this call's
   claim token (`claimed_by`) and commits.  Only one worker can win a row, on SQLite
   and on PostgreSQL alike, so two daemons never send the same alert.
2. For each channel the alert still needs: commit `sending_to = <channel>`, send, then
   commit the channel into `delivered_to` (a JSON map of channel fingerprints, never
   URLs).  A channel that already has the alert is never sent it again, also when
   another channel of the same alert failed and is retried later.
3. **Record** — `sent` when every channel has it; otherwise back to `pending` with
   `attempts + 1`, the redacted error and `next_attempt_at` (exponential backoff from
   `alerts.retry_backoff_minutes`), or `failed` after `alerts.max_attempts`.

A request that went out and then failed (its answer timed out after `alerts.timeout`,
the connection dropped while the channel answered) is treated as a crash mid-send, below:
that channel is marked "uncertain" at once and not resent.

What remains: a crash (kill -9, power loss) while one channel's request is in flight,
or after it succeeded but before the commit that records it.  At most one channel per
interrupted alert is affected, and the database says which (`sending_to`).  On the
next delivery a claim older than `4 x alerts.timeout + 60 s` counts as interrupted:

* no send in flight (crash while claiming or rendering) — the alert goes back to
  `pending` and is delivered normally: nothing can have been sent;
* a send in flight — that channel is marked "uncertain" and **not** resent, because
  it may have arrived and a duplicate is what this design exists to prevent.  The
  other channels still get the alert; the alert then ends `failed` with an error
  naming the channel, and `tallywatch alerts retry --failed` resends it there on an
  operator's decision.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from tallywatch.alerts.channels import Channel, Routing, resolve_path
from tallywatch.alerts.delivery import Sender
from tallywatch.alerts.messages import MessageRenderer
from tallywatch.config import Settings
from tallywatch.store import Alert, Database, utcnow

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
DELIVERED, UNCERTAIN = "sent", "uncertain"
CLAIM_BATCH = 200
MAX_BACKOFF = timedelta(days=1)
STALE_FACTOR = 4
STALE_MARGIN = timedelta(seconds=60)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: the configured delay, doubled per failure."""
    minutes = settings.alerts.retry_backoff_minutes * 2 ** max(attempts - 1, 0)
    return min(timedelta(minutes=minutes), MAX_BACKOFF)


def stale_after(settings: Settings) -> timedelta:
    """How old a claim must be to count as interrupted (longer than any live send)."""
    return STALE_FACTOR * timedelta(seconds=settings.alerts.timeout) + STALE_MARGIN


def delivered_map(alert: Alert) -> dict[str, str]:
    return dict(json.loads(alert.delivered_to)) if alert.delivered_to else {}


def _dump(delivered: dict[str, str]) -> str | None:
    return json.dumps(dict(sorted(delivered.items()))) if delivered else None


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class ChannelOutcome:
    alert_ids: list[int]
    channel: str
    """The channel's redacted display form."""
    ok: bool
    error: str | None = None


@dataclass
class DeliveryReport:
    sent: int = 0
    """Alerts delivered to every channel by this call."""
    failed: int = 0
    """Alerts this call could not deliver everywhere (retried later, or now `failed`)."""
    gave_up: int = 0
    """Of those, alerts now `failed` (max attempts reached, or an uncertain channel)."""
    interrupted: int = 0
    """Stale claims of an interrupted delivery found and released."""
    outcomes: list[ChannelOutcome] = field(default_factory=list)


@dataclass
class _Claimed:
    alert: Alert
    delivered: dict[str, str]
    errors: list[str] = field(default_factory=list)
    attempted: bool = False


class AlertOutbox:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        worker: str | None = None,
        echo: Callable[[str], None] | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.worker = worker or worker_id()
        self._routing: Routing | None = None
        templates = settings.alerts.templates
        self.renderer = MessageRenderer(resolve_path(settings, templates) if templates else None)
        self.echo = echo
        if self.echo is None and settings.alerts.echo:
            import click

            self.echo = click.echo

    @property
    def routing(self) -> Routing:
        """Built on first use: it loads apprise, which an empty outbox never needs."""
        if self._routing is None:
            self._routing = Routing(self.settings)
        return self._routing

    # -- public -----------------------------------------------------------------------

    def deliver_pending(
        self,
        now: datetime | None = None,
        *,
        ids: Sequence[int] | None = None,
        ignore_backoff: bool = False,
    ) -> DeliveryReport:
        """Deliver every due pending alert (or only `ids`); see the module docstring."""
        now = now or utcnow()
        report = DeliveryReport(interrupted=self.release_interrupted())
        done: set[int] = set()
        sender: Sender | None = None
        while True:
            token = self._claim(now, ids, ignore_backoff, done)
            claimed = self._load(token)
            if not claimed:
                return report
            done.update(c.alert.id for c in claimed)
            sender = sender or Sender(self.settings.alerts.timeout)
            for unit in self._units(claimed):
                self._deliver_unit(unit, token, sender, report, now)

    def release_interrupted(self) -> int:
        """Release claims older than `stale_after`; returns how many were found."""
        cutoff = utcnow() - stale_after(self.settings)
        released = 0
        with self.db.session() as session:
            stale = list(
                session.scalars(
                    select(Alert).where(Alert.status == SENDING, Alert.claimed_at < cutoff)
                )
            )
            for alert in stale:
                delivered = delivered_map(alert)
                values: dict[str, object] = {
                    "status": PENDING,
                    "claimed_by": None,
                    "claimed_at": None,
                    "sending_to": None,
                }
                if alert.sending_to:
                    delivered[alert.sending_to] = UNCERTAIN
                    values["delivered_to"] = _dump(delivered)
                    values["last_error"] = self._uncertain_note(delivered)
                result = session.execute(
                    update(Alert)
                    .where(
                        Alert.id == alert.id,
                        Alert.status == SENDING,
                        Alert.claimed_by == alert.claimed_by,
                        Alert.claimed_at == alert.claimed_at,
                    )
                    .values(**values)
                )
                if result.rowcount:  # type: ignore[attr-defined]
                    released += 1
                    log.warning(
                        "alert %d: delivery was interrupted (%s)",
                        alert.id,
                        "a send was in flight" if alert.sending_to else "nothing was in flight",
                    )
        return released

    def requeue_failed(self, ids: Sequence[int] | None = None) -> int:
        """Put `failed` alerts back to `pending` for the channels that do not have them
        for sure (uncertain channels included); channels that have them stay skipped."""
        with self.db.session() as session:
            query = select(Alert).where(Alert.status == FAILED)
            if ids:
                query = query.where(Alert.id.in_(list(ids)))
            alerts = list(session.scalars(query))
            for alert in alerts:
                sure = {k: v for k, v in delivered_map(alert).items() if v == DELIVERED}
                alert.delivered_to = _dump(sure)
                alert.status = PENDING
                alert.attempts = 0
                alert.next_attempt_at = None
            return len(alerts)

    # -- claiming ---------------------------------------------------------------------

    def _claim(
        self, now: datetime, ids: Sequence[int] | None, ignore_backoff: bool, done: set[int]
    ) -> str:
        token = f"{self.worker}/{uuid.uuid4().hex[:12]}"
        due = select(Alert.id).where(Alert.status == PENDING)
        if not ignore_backoff:
            due = due.where(or_(Alert.next_attempt_at.is_(None), Alert.next_attempt_at <= now))
        if ids is not None:
            due = due.where(Alert.id.in_(list(ids)))
        if done:
            due = due.where(Alert.id.not_in(done))
        due = due.order_by(Alert.id).limit(CLAIM_BATCH)
        with self.db.session() as session:
            # One statement: the row's status is re-checked under its write lock, so a
            # row claimed by a concurrent worker in the meantime is not taken again.
            session.execute(
                update(Alert)
                .where(Alert.status == PENDING, Alert.id.in_(due.scalar_subquery()))
                .values(status=SENDING, claimed_by=token, claimed_at=utcnow(), sending_to=None)
                .execution_options(synchronize_session=False)
            )
        return token

    def _load(self, token: str) -> list[_Claimed]:
        with self.db.session() as session:
            alerts = session.scalars(
                select(Alert).where(Alert.claimed_by == token).order_by(Alert.id)
            )
            return [_Claimed(alert, delivered_map(alert)) for alert in alerts]

    def _units(self, claimed: list[_Claimed]) -> list[list[_Claimed]]:
        """One message per alert; with `digest`, one per topic (operator alerts alone)."""
        if not self.settings.alerts.digest:
            return [[c] for c in claimed]
        units: dict[object, list[_Claimed]] = {}
        for c in claimed:
            key: object = c.alert.id if c.alert.kind == "operator" else ("topic", c.alert.topic)
            units.setdefault(key, []).append(c)
        return list(units.values())

    # -- delivering -------------------------------------------------------------------

    def _deliver_unit(
        self,
        unit: list[_Claimed],
        token: str,
        sender: Sender,
        report: DeliveryReport,
        now: datetime,
    ) -> None:
        first = unit[0].alert
        self._echo([c for c in unit if c.alert.attempts == 0 and not c.delivered])
        channels = self.routing.for_alert(first.kind, first.topic)
        for channel in channels:
            needing = [c for c in unit if channel.fingerprint not in c.delivered]
            if needing:
                self._deliver_to(channel, needing, token, sender, report)
        self._finish(unit, channels, token, report, now)

    def _deliver_to(
        self,
        channel: Channel,
        needing: list[_Claimed],
        token: str,
        sender: Sender,
        report: DeliveryReport,
    ) -> None:
        import jinja2

        ids = [c.alert.id for c in needing]
        for c in needing:
            c.attempted = True
        try:
            message = self.renderer.render([c.alert for c in needing], channel.flavour)
        except jinja2.TemplateError as exc:
            error = f"template error: {exc}"
            for c in needing:
                c.errors.append(f"{channel.display}: {error}")
            report.outcomes.append(ChannelOutcome(ids, channel.display, False, error))
            return
        with self.db.session() as session:
            session.execute(
                update(Alert)
                .where(Alert.id.in_(ids), Alert.claimed_by == token)
                .values(sending_to=channel.fingerprint, claimed_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        result = sender.send(channel, message)
        report.outcomes.append(ChannelOutcome(ids, channel.display, result.ok, result.error))
        if not result.ok and not result.uncertain:
            for c in needing:
                c.errors.append(f"{channel.display}: {result.error}")
            return
        # Delivered, or sent and then unanswered: either way never sent there again.
        state = DELIVERED if result.ok else UNCERTAIN
        with self.db.session() as session:
            for c in needing:
                c.delivered[channel.fingerprint] = state
                session.execute(
                    update(Alert)
                    .where(Alert.id == c.alert.id, Alert.claimed_by == token)
                    .values(delivered_to=_dump(c.delivered), sending_to=None)
                    .execution_options(synchronize_session=False)
                )

    def _finish(
        self,
        unit: list[_Claimed],
        channels: list[Channel],
        token: str,
        report: DeliveryReport,
        now: datetime,
    ) -> None:
        max_attempts = self.settings.alerts.max_attempts
        with self.db.session() as session:
            for c in unit:
                alert = c.alert
                attempts = alert.attempts + (1 if c.attempted else 0)
                values: dict[str, object] = {
                    "attempts": attempts,
                    "claimed_by": None,
                    "claimed_at": None,
                    "sending_to": None,
                    "delivered_to": _dump(c.delivered),
                }
                missing = [ch for ch in channels if ch.fingerprint not in c.delivered]
                uncertain = [fp for fp, state in c.delivered.items() if state == UNCERTAIN]
                if missing or c.errors:
                    notes = c.errors + ([self._uncertain_note(c.delivered)] if uncertain else [])
                    values["last_error"] = "; ".join(notes) or "not delivered"
                    report.failed += 1
                    if attempts >= max_attempts:
                        values["status"] = FAILED
                        report.gave_up += 1
                    else:
                        values["status"] = PENDING
                        values["next_attempt_at"] = now + backoff(self.settings, attempts)
                elif uncertain:
                    values["status"] = FAILED
                    values["last_error"] = self._uncertain_note(c.delivered)
                    report.failed += 1
                    report.gave_up += 1
                else:
                    values.update(status=SENT, sent_at=utcnow(), last_error=None)
                    values["next_attempt_at"] = None
                    report.sent += 1
                session.execute(
                    update(Alert)
                    .where(Alert.id == alert.id, Alert.claimed_by == token)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
                if values["status"] == SENT:
                    log.info("alert %d delivered", alert.id)
                else:
                    log.warning(
                        "alert %d not delivered (%s, next attempt %s): %s",
                        alert.id,
                        values["status"],
                        values.get("next_attempt_at") or "only on `alerts retry --failed`",
                        values["last_error"],
                    )

    # -- helpers ----------------------------------------------------------------------

    def _uncertain_note(self, delivered: dict[str, str]) -> str:
        names = [self.routing.describe(fp) for fp, s in delivered.items() if s == UNCERTAIN]
        return (
            f"delivery to {', '.join(names)} was interrupted; it may have arrived, so it is "
            "not resent automatically (`tallywatch alerts retry --failed` resends it)"
        )

    def _echo(self, fresh: list[_Claimed]) -> None:
        if self.echo is None or not fresh:
            return
        import jinja2

        for c in fresh:
            try:
                message = self.renderer.render([c.alert], "txt")
            except jinja2.TemplateError as exc:
                self.echo(f"\n[alert {c.alert.id}] (template error: {exc})")
                continue
            self.echo(f"\n[alert] {message.title}\n{message.body}")

"""The alert outbox: every alert reaches each of its channels once, each channel at its pace.

Guarantee: an alert reaches each channel at most once, and every alert is either
delivered or visibly not: `waiting` (no channel is configured for it: the reason says
so), `pending` (a channel still has to get it: its error and next attempt say why and
when) or `failed`.  Nothing is marked `sent` that a channel does not have.

The unit of work is a `Delivery`: one alert to one channel.  A delivery pass
(`deliver_pending`) runs in three steps:

1. **Route** — every alert not yet delivered gets a delivery for each channel it goes
   to now (`alerts.urls`, the topic's URLs, apprise config tags, and the terminal with
   `alerts.echo`).  An alert with no channel that counts is `waiting`, with the reason
   `no channel configured`; the first pass after a channel is added routes it there.
2. **Deliver, one thread per channel** — each channel claims its due deliveries (one
   UPDATE: two workers never take the same row, on SQLite and PostgreSQL alike), groups
   them into messages (below) and, per message, commits `sending`, sends, then commits
   `sent` — or `pending` again with the redacted error and `next_attempt_at`
   (exponential backoff from `alerts.retry_backoff_minutes`), or `failed` after
   `alerts.max_attempts`.  Channels run side by side: apprise's pause between two
   messages to one service (5.5 s between emails) holds back that channel only.
3. **Settle** — each alert's status sums up its deliveries to the channels it goes to:
   `sent` once every one has it, `failed` when one gave up and none is left to try,
   else `pending`.

Messages, per channel and pass: operator alerts go alone.  Alerts older than
`alerts.summary_after_days` (they waited for a channel, or it was down) go as one
summary per topic.  The others go one message each, or one digest per topic with
`alerts.digest` or when more than `alerts.burst` of them go to the channel at once.

A request that went out and then failed (its answer timed out after `alerts.timeout`,
the connection dropped while the channel answered) is treated as a crash mid-send,
below: its deliveries are `uncertain` at once and not resent.

What remains: a crash (kill -9, power loss) while one message is in flight, or after
it arrived but before the commit that records it.  The deliveries of that message are
`sending` in the database.  On the next pass a claim older than
`4 x alerts.timeout + 60 s` counts as interrupted (a live worker refreshes its claims
before every message, so a long, throttled queue is not mistaken for a dead one):

* claimed, nothing in flight (a crash while claiming or rendering) — back to `pending`
  and delivered normally: nothing can have been sent;
* in flight — `uncertain`, and **not** resent, because it may have arrived and a
  duplicate is what this design exists to prevent.  The alert's other channels still
  get it; the alert then ends `failed` with an error naming the channel, and
  `tallywatch alerts retry --failed` resends it there on an operator's decision.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from tallywatch.alerts.channels import Channel, Routing
from tallywatch.alerts.delivery import Sender
from tallywatch.alerts.messages import Message, MessageRenderer
from tallywatch.config import Settings
from tallywatch.constants import NO_CHANNEL, UNDELIVERED, AlertKind, AlertStatus, DeliveryStatus
from tallywatch.store import Alert, Database, Delivery, utcnow

log = logging.getLogger(__name__)
CLAIM_BATCH = 200
MAX_BACKOFF = timedelta(days=1)
STALE_FACTOR = 4
STALE_MARGIN = timedelta(seconds=60)
MAX_CHANNEL_THREADS = 32
"""Channels served at once; more channels than this queue for a thread."""
UNSETTLED = (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)
GAVE_UP = (DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: the configured delay, doubled per failure."""
    minutes = settings.alerts.retry_backoff_minutes * 2 ** max(attempts - 1, 0)
    return min(timedelta(minutes=minutes), MAX_BACKOFF)


def stale_after(settings: Settings) -> timedelta:
    """How old a claim must be to count as interrupted (longer than any live send)."""
    return STALE_FACTOR * timedelta(seconds=settings.alerts.timeout) + STALE_MARGIN


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
    """Alerts now delivered to every channel, by this pass."""
    failed: int = 0
    """Alerts a channel could not get in this pass (retried later, or now `failed`)."""
    gave_up: int = 0
    """Of those, alerts now `failed` (max attempts reached, or an uncertain channel)."""
    waiting: int = 0
    """Alerts waiting for a channel: none is configured for them."""
    interrupted: int = 0
    """Deliveries of an interrupted pass found and released."""
    outcomes: list[ChannelOutcome] = field(default_factory=list)
    """One per message sent (or tried), channel by channel in configuration order."""


@dataclass
class _Item:
    """One claimed delivery, with the alert it carries."""

    delivery_id: int
    attempts: int
    alert: Alert


@dataclass
class _Pass:
    """What one delivery pass asks for."""

    now: datetime
    ids: Sequence[int] | None
    ignore_backoff: bool


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
        self.echo = echo
        self._routing: Routing | None = None
        self.renderer = MessageRenderer(settings.alerts.templates, settings.review.base_url)

    @property
    def routing(self) -> Routing:
        """Built on first use (apprise is loaded only when a URL is configured)."""
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
        """Deliver every due alert (or only `ids`) to its channels; see the module docstring."""
        job = _Pass(now or utcnow(), ids, ignore_backoff)
        report = DeliveryReport(interrupted=self.release_interrupted())
        if not self._anything_to_do(ids):
            return report
        report.waiting = self._route(job)
        channels = self.routing.delivering()
        failed_now: set[int] = set()
        if channels:
            workers = min(len(channels), MAX_CHANNEL_THREADS)
            with ThreadPoolExecutor(workers, thread_name_prefix="tallywatch-channel") as pool:
                results = list(pool.map(lambda c: self._serve(c, job), channels))
            for outcomes in results:
                report.outcomes.extend(outcomes)
                for outcome in outcomes:
                    if not outcome.ok:
                        failed_now.update(outcome.alert_ids)
        self._settle(report, failed_now, ids)
        return report

    def release_interrupted(self) -> int:
        """Release claims older than `stale_after`; returns how many deliveries it found."""
        cutoff = utcnow() - stale_after(self.settings)
        released = 0
        with self.db.session() as session:
            stale = list(
                session.scalars(
                    select(Delivery).where(
                        Delivery.status.in_((DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)),
                        Delivery.claimed_at < cutoff,
                    )
                )
            )
            for delivery in stale:
                in_flight = delivery.status == DeliveryStatus.SENDING
                values: dict[str, object] = {
                    "status": DeliveryStatus.UNCERTAIN if in_flight else DeliveryStatus.PENDING,
                    "claimed_by": None,
                    "claimed_at": None,
                }
                if in_flight:
                    values["last_error"] = self._uncertain_note(delivery.channel)
                result = session.execute(
                    update(Delivery)
                    .where(
                        Delivery.id == delivery.id,
                        Delivery.status == delivery.status,
                        Delivery.claimed_by == delivery.claimed_by,
                        Delivery.claimed_at == delivery.claimed_at,
                    )
                    .values(**values)
                )
                if result.rowcount:  # type: ignore[attr-defined]
                    released += 1
                    log.warning(
                        "alert %d: delivery to %s was interrupted (%s)",
                        delivery.alert_id,
                        self.routing.describe(delivery.channel),
                        "a send was in flight" if in_flight else "nothing was in flight",
                    )
        return released

    def requeue_failed(self, ids: Sequence[int] | None = None) -> int:
        """Put `failed` alerts back to `pending` for the channels that do not have them
        for sure (uncertain channels included); channels that have them stay skipped."""
        with self.db.session() as session:
            query = select(Alert).where(Alert.status == AlertStatus.FAILED)
            if ids:
                query = query.where(Alert.id.in_(list(ids)))
            alerts = list(session.scalars(query.with_for_update()))
            alert_ids = [a.id for a in alerts]
            if not alert_ids:
                return 0
            session.execute(
                update(Delivery)
                .where(Delivery.alert_id.in_(alert_ids), Delivery.status.in_(GAVE_UP))
                .values(
                    status=DeliveryStatus.PENDING,
                    attempts=0,
                    next_attempt_at=None,
                    claimed_by=None,
                    claimed_at=None,
                )
            )
            for alert in alerts:
                alert.status = AlertStatus.PENDING
                alert.attempts = 0
                alert.next_attempt_at = None
            return len(alerts)

    # -- routing ----------------------------------------------------------------------

    def _anything_to_do(self, ids: Sequence[int] | None) -> bool:
        """Whether an alert awaits delivery (checked before loading any channel)."""
        query = select(Alert.id).where(Alert.status.in_(UNDELIVERED))
        if ids is not None:
            query = query.where(Alert.id.in_(list(ids)))
        with self.db.session() as session:
            return session.scalar(query.limit(1)) is not None

    def _route(self, job: _Pass) -> int:
        """Give every undelivered alert a delivery per channel; returns how many wait."""
        waiting = newly = 0
        with self.db.session() as session:
            query = select(Alert).where(Alert.status.in_(UNDELIVERED)).order_by(Alert.id)
            if job.ids is not None:
                query = query.where(Alert.id.in_(list(job.ids)))
            alerts = list(session.scalars(query))
            have = self._existing(session, [a.id for a in alerts])
            rows: list[dict[str, object]] = []
            for alert in alerts:
                channels = self.routing.for_alert(alert.kind, alert.topic)
                if not any(c.counts for c in channels):
                    waiting += 1
                    if alert.status != AlertStatus.WAITING or alert.last_error != NO_CHANNEL:
                        alert.status, alert.last_error = AlertStatus.WAITING, NO_CHANNEL
                        alert.next_attempt_at = None
                        newly += 1
                elif alert.status == AlertStatus.WAITING:
                    alert.status, alert.last_error = AlertStatus.PENDING, None
                rows += [
                    {"alert_id": alert.id, "channel": c.fingerprint}
                    for c in channels
                    if (alert.id, c.fingerprint) not in have
                ]
            if rows:
                self._add_deliveries(session, rows)
        if newly:
            log.warning(
                "%d alert(s) wait, undelivered: %s (alerts.urls); %d wait in all",
                newly,
                NO_CHANNEL,
                waiting,
            )
        return waiting

    @staticmethod
    def _existing(session: Session, alert_ids: list[int]) -> set[tuple[int, str]]:
        found: set[tuple[int, str]] = set()
        for start in range(0, len(alert_ids), CLAIM_BATCH):
            chunk = alert_ids[start : start + CLAIM_BATCH]
            query = select(Delivery.alert_id, Delivery.channel).where(Delivery.alert_id.in_(chunk))
            found.update((alert_id, channel) for alert_id, channel in session.execute(query))
        return found

    def _add_deliveries(self, session: Session, rows: list[dict[str, object]]) -> None:
        """Insert new deliveries; one another worker inserted meanwhile is left as it is."""
        from sqlalchemy.dialects import postgresql, sqlite

        created = utcnow()
        values = [
            {**row, "status": DeliveryStatus.PENDING, "attempts": 0, "created_at": created}
            for row in rows
        ]
        dialect = postgresql if self.db.dialect == "postgresql" else sqlite
        statement = dialect.insert(Delivery).on_conflict_do_nothing(
            index_elements=["alert_id", "channel"]
        )
        session.execute(statement, values)

    # -- one channel ------------------------------------------------------------------

    def _serve(self, channel: Channel, job: _Pass) -> list[ChannelOutcome]:
        """Deliver this channel's due deliveries, batch by batch (runs in its own thread)."""
        sender = Sender(self.settings.alerts.timeout, self.echo)
        outcomes: list[ChannelOutcome] = []
        done: set[int] = set()
        while True:
            token, items = self._claim(channel, job, done)
            if not items:
                return outcomes
            done.update(item.delivery_id for item in items)
            for group, summary in self._messages(items, job.now):
                outcome = self._send(channel, group, summary, token, sender, job)
                if outcome is not None:
                    outcomes.append(outcome)

    def _claim(self, channel: Channel, job: _Pass, done: set[int]) -> tuple[str, list[_Item]]:
        token = f"{self.worker}/{uuid.uuid4().hex[:12]}"
        due = select(Delivery.id).where(
            Delivery.channel == channel.fingerprint, Delivery.status == DeliveryStatus.PENDING
        )
        if not job.ignore_backoff:
            due = due.where(
                or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= job.now)
            )
        if job.ids is not None:
            due = due.where(Delivery.alert_id.in_(list(job.ids)))
        if done:
            due = due.where(Delivery.id.not_in(done))
        due = due.order_by(Delivery.alert_id).limit(CLAIM_BATCH)
        with self.db.session() as session:
            # One statement: the row's status is re-checked under its write lock, so a
            # row claimed by a concurrent worker in the meantime is not taken again.
            session.execute(
                update(Delivery)
                .where(
                    Delivery.status == DeliveryStatus.PENDING,
                    Delivery.id.in_(due.scalar_subquery()),
                )
                .values(status=DeliveryStatus.CLAIMED, claimed_by=token, claimed_at=utcnow())
                .execution_options(synchronize_session=False)
            )
        with self.db.session() as session:
            rows = session.execute(
                select(Delivery.id, Delivery.attempts, Alert)
                .join(Alert, Alert.id == Delivery.alert_id)
                .where(Delivery.claimed_by == token)
                .order_by(Delivery.alert_id)
            ).all()
            return token, [
                _Item(delivery_id, attempts, alert) for delivery_id, attempts, alert in rows
            ]

    def _messages(self, items: list[_Item], now: datetime) -> list[tuple[list[_Item], bool]]:
        """Group one channel's claimed deliveries into messages: (items, as a summary)."""
        config = self.settings.alerts
        late = now - timedelta(days=config.summary_after_days)
        alone = [[i] for i in items if i.alert.kind == AlertKind.OPERATOR]
        rest = [i for i in items if i.alert.kind != AlertKind.OPERATOR]
        old = [i for i in rest if i.alert.created_at < late]
        fresh = [i for i in rest if i.alert.created_at >= late]
        messages = [(group, True) for group in _by_topic(old)]
        if config.digest or (config.burst and len(fresh) > config.burst):
            messages += [(group, False) for group in _by_topic(fresh)]
        else:
            alone += [[i] for i in fresh]
        messages += [(group, False) for group in alone]
        return sorted(messages, key=lambda message: message[0][0].alert.id)

    def _send(
        self,
        channel: Channel,
        group: list[_Item],
        summary: bool,
        token: str,
        sender: Sender,
        job: _Pass,
    ) -> ChannelOutcome | None:
        """Send one message; None when another worker took all of it back meanwhile."""
        import jinja2

        try:
            message = self._render(group, channel, summary)
        except jinja2.TemplateError as exc:
            error = f"template error: {exc}"
            self._record(group, token, job, error)
            return ChannelOutcome([i.alert.id for i in group], channel.display, False, error)
        held = self._mark_sending(group, token)
        if len(held) < len(group):
            # Another worker released some of them as interrupted: they are not ours now.
            group = [i for i in group if i.delivery_id in held]
            if not group:
                return None
            message = self._render(group, channel, summary)
        result = sender.send(channel, message)
        failure = None if result.ok else result.error or "not delivered"
        self._record(group, token, job, failure, uncertain=result.uncertain)
        return ChannelOutcome([i.alert.id for i in group], channel.display, result.ok, result.error)

    def _render(self, group: list[_Item], channel: Channel, summary: bool) -> Message:
        return self.renderer.render([i.alert for i in group], channel.flavour, summary=summary)

    def _mark_sending(self, group: list[_Item], token: str) -> set[int]:
        """Commit `sending` for these deliveries before the request; refresh the claims on
        the channel's other deliveries.  Returns the deliveries still held by `token`."""
        ids = [i.delivery_id for i in group]
        when = utcnow()
        with self.db.session() as session:
            held = session.scalars(
                update(Delivery)
                .where(
                    Delivery.id.in_(ids),
                    Delivery.claimed_by == token,
                    Delivery.status == DeliveryStatus.CLAIMED,
                )
                .values(status=DeliveryStatus.SENDING, claimed_at=when)
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            ).all()
            session.execute(
                update(Delivery)
                .where(Delivery.claimed_by == token, Delivery.status == DeliveryStatus.CLAIMED)
                .values(claimed_at=when)
                .execution_options(synchronize_session=False)
            )
        return set(held)

    def _record(
        self,
        group: list[_Item],
        token: str,
        job: _Pass,
        error: str | None,
        *,
        uncertain: bool = False,
    ) -> None:
        """A message's result on each of its deliveries (`uncertain`: it went out and then
        failed, so it may have arrived: never sent there again)."""
        max_attempts = self.settings.alerts.max_attempts
        with self.db.session() as session:
            for item in group:
                attempts = item.attempts + 1
                values: dict[str, object] = {
                    "attempts": attempts,
                    "claimed_by": None,
                    "claimed_at": None,
                    "last_error": error,
                }
                if error is None:
                    values.update(
                        status=DeliveryStatus.SENT, sent_at=utcnow(), next_attempt_at=None
                    )
                elif uncertain:
                    values.update(status=DeliveryStatus.UNCERTAIN, next_attempt_at=None)
                elif attempts >= max_attempts:
                    values.update(status=DeliveryStatus.FAILED, next_attempt_at=None)
                else:
                    values.update(
                        status=DeliveryStatus.PENDING,
                        next_attempt_at=job.now + backoff(self.settings, attempts),
                    )
                session.execute(
                    update(Delivery)
                    .where(Delivery.id == item.delivery_id, Delivery.claimed_by == token)
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )

    # -- settling ---------------------------------------------------------------------

    def _settle(
        self, report: DeliveryReport, failed_now: set[int], ids: Sequence[int] | None
    ) -> None:
        """Sum each undelivered alert's deliveries up into its status; count the report."""
        with self.db.session() as session:
            query = select(Alert).where(
                or_(Alert.status == AlertStatus.PENDING, Alert.id.in_(failed_now))
            )
            if ids is not None:
                query = query.where(Alert.id.in_(list(ids)))
            alerts = list(session.scalars(query.order_by(Alert.id).with_for_update()))
            deliveries: dict[int, dict[str, Delivery]] = {}
            for delivery in session.scalars(
                select(Delivery).where(Delivery.alert_id.in_([a.id for a in alerts]))
            ):
                deliveries.setdefault(delivery.alert_id, {})[delivery.channel] = delivery
            for alert in alerts:
                if alert.status not in (AlertStatus.PENDING, AlertStatus.FAILED):
                    continue
                before = alert.status
                counted = [c for c in self.routing.for_alert(alert.kind, alert.topic) if c.counts]
                self._sum_up(alert, counted, deliveries.get(alert.id, {}))
                if alert.status == AlertStatus.SENT:
                    report.sent += 1
                    log.info("alert %d delivered", alert.id)
                elif alert.id in failed_now or (
                    alert.status == AlertStatus.FAILED and before != AlertStatus.FAILED
                ):
                    report.failed += 1
                    report.gave_up += alert.status == AlertStatus.FAILED
                    log.warning(
                        "alert %d not delivered (%s, next attempt %s): %s",
                        alert.id,
                        alert.status,
                        alert.next_attempt_at or "only on `alerts retry --failed`",
                        alert.last_error,
                    )

    def _sum_up(self, alert: Alert, channels: Iterable[Channel], have: dict[str, Delivery]) -> None:
        """Set the alert's status and summary fields from its deliveries to `channels`."""
        mine = [(c, have.get(c.fingerprint)) for c in channels]
        if not mine:
            return  # routed as waiting; a channel removed since leaves it to the next pass
        states = {d.status if d is not None else DeliveryStatus.PENDING for _c, d in mine}
        done = [d for _c, d in mine if d is not None]
        alert.attempts = max((d.attempts for d in done), default=0)
        errors = [
            f"{c.display}: {d.last_error}"
            for c, d in mine
            if d is not None and d.last_error and d.status != DeliveryStatus.SENT
        ]
        alert.last_error = "; ".join(errors) or None
        if states == {DeliveryStatus.SENT}:
            alert.status = AlertStatus.SENT
            alert.sent_at = max((d.sent_at for d in done if d.sent_at), default=utcnow())
            alert.next_attempt_at = None
        elif states & set(UNSETTLED):
            alert.status = AlertStatus.PENDING
            upcoming = [d.next_attempt_at for d in done if d.status == DeliveryStatus.PENDING]
            alert.next_attempt_at = min((t for t in upcoming if t), default=None)
        else:
            alert.status = AlertStatus.FAILED
            alert.next_attempt_at = None

    # -- helpers ----------------------------------------------------------------------

    def _uncertain_note(self, fingerprint: str) -> str:
        return (
            f"delivery to {self.routing.describe(fingerprint)} was interrupted; it may have "
            "arrived, so it is not resent automatically (`tallywatch alerts retry --failed` "
            "resends it)"
        )


def _by_topic(items: list[_Item]) -> list[list[_Item]]:
    groups: dict[str | None, list[_Item]] = {}
    for item in items:
        groups.setdefault(item.alert.topic, []).append(item)
    return list(groups.values())

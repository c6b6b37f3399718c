"""The fixed vocabulary of tallywatch, one place for each value: the metrics figures are
read for, the statuses figures, alerts, deliveries, runs, sources and daemons take, the
kinds of alert, and the exit codes of the `tallywatch` command.

Everything else (the config schema, the extractor, the store, change detection, the
outbox, the command line and the review page) imports these; a value is never spelled
out anywhere else.  The enums are `StrEnum`s, so a member is equal to the string stored
in the database and printed in JSON (`FigureStatus.REJECTED == "rejected"`).  A value
once published (in a database, a script, a monitoring check) keeps its meaning.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Metric(StrEnum):
    """What a figure counts.  The order is the one listings and charts use."""

    KILLED = "killed"
    WOUNDED = "wounded"
    CASUALTIES = "casualties"
    """Killed and wounded together."""
    DEPLOYED = "deployed"
    CAPTURED = "captured"
    MISSING = "missing"
    RETURNED = "returned"
    DISPLACED = "displaced"
    EVACUATED = "evacuated"


METRICS: tuple[str, ...] = tuple(metric.value for metric in Metric)
"""The metric names, in `Metric` order (for choices and lookups that want plain strings)."""


TOLL_METRICS: frozenset[str] = frozenset(
    (Metric.KILLED, Metric.WOUNDED, Metric.CASUALTIES, Metric.MISSING)
)
"""The metrics of an event's toll: counted per event (a cyclone's dead are not a cholera
outbreak's), where the displaced are totalled over every cause that drove them out."""


def metric_order(metric: str) -> int:
    """A metric's place in `Metric` order; an unknown name sorts last."""
    return METRICS.index(metric) if metric in METRICS else len(METRICS)


class FigureStatus(StrEnum):
    """A reviewer's verdict on a figure."""

    AUTO = "auto"
    """As the extractor read it; nobody has looked."""
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    """Read wrongly: it leaves its topic's tracked series."""


class AlertKind(StrEnum):
    INCREASE = "increase"
    """A tracked value rose."""
    BASELINE = "baseline"
    """The first crawl of a topic: one summary of its starting values."""
    CONFLICT = "conflict"
    """Another source reports a lower figure (`alerts.conflicts`)."""
    OPERATOR = "operator"
    """A source keeps failing (`alerts.operator_after_failures`)."""


class AlertStatus(StrEnum):
    """Where an alert stands, over the channels it goes to (each has its delivery)."""

    PENDING = "pending"
    """Some channel still has to get it (first try, or a retry after a failure)."""
    WAITING = "waiting"
    """No channel is configured for it: it waits, undelivered, until one is."""
    SENT = "sent"
    """Every channel it goes to has it."""
    FAILED = "failed"
    """Some channel gave up (max attempts, or an interrupted send not repeated)."""


UNDELIVERED: tuple[AlertStatus, ...] = (AlertStatus.PENDING, AlertStatus.WAITING)
"""Alerts some delivery pass still has to route or send."""
NO_CHANNEL = "no channel configured"
"""The `last_error` of a `waiting` alert: why it waits."""


class DeliveryStatus(StrEnum):
    """One alert's delivery to one channel, as the outbox moves it along."""

    PENDING = "pending"
    """Due (now or at `next_attempt_at`)."""
    CLAIMED = "claimed"
    """Taken by one worker (`claimed_by`); nothing sent yet."""
    SENDING = "sending"
    """The request is in flight (committed before it starts)."""
    SENT = "sent"
    FAILED = "failed"
    """Gave up after `alerts.max_attempts`."""
    UNCERTAIN = "uncertain"
    """The request went out and its answer never came (a timeout, a dropped connection, a
    worker killed mid-send): it may have arrived, so it is not sent again unless an
    operator says so (`tallywatch alerts retry --failed`)."""


class RunStatus(StrEnum):
    """How a run (one cycle) went."""

    RUNNING = "running"
    """Not finished, or its process died without saying so (the next run closes it)."""
    OK = "ok"
    """The cycle completed; some pages or sources may have failed (see its errors)."""
    FAILED = "failed"
    """The cycle itself failed, every source it crawled failed, or it was killed."""
    ABORTED = "aborted"
    """Stopped by SIGTERM or SIGINT; what it crawled is kept."""


class SourceStatus(StrEnum):
    """How a source's last crawl went."""

    OK = "ok"
    PARTIAL = "partial"
    """Some of its pages failed."""
    FAILED = "failed"
    """Its own URL (feed, sitemap, section page) failed, or every page did."""


class DaemonStatus(StrEnum):
    RUNNING = "running"
    STOPPED = "stopped"
    STALE = "stale"
    """Shown, never stored: a `running` daemon that missed three heartbeats."""


class ExitCode(IntEnum):
    """The exit codes of every `tallywatch` command, for scripts, cron and monitoring
    (the README's command table documents them)."""

    OK = 0
    """The command did what it was asked (a run: the cycle completed; failed pages and
    some failed sources are recorded, not fatal)."""
    FAILED = 1
    """The command itself failed (a run: the cycle could not complete; a database problem)."""
    CONFIG = 2
    """A bad configuration file or bad command-line arguments."""
    BUSY = 3
    """Another run holds the run lock (or, shared, every source is leased elsewhere)."""
    SOURCES_FAILED = 4
    """A run completed, but every source it crawled failed: nothing new could be read.
    Each source is named on stderr with its cause; pending alerts were delivered."""
    ABORTED = 5
    """A run was stopped before it finished (SIGTERM / SIGINT, the daemon's time limit):
    what it crawled is stored, and pending alerts were delivered."""
    INTERRUPTED = 130
    """Stopped at a prompt by Ctrl-C."""

"""Sending one message to one channel through apprise, and knowing how it went.

Each channel is notified on its own (one apprise object per URL), so the result of
every channel is known and recorded separately.  Timeouts come from `alerts.timeout`
(connect and read).  apprise reports failures through its logger, not exceptions:
the records it logs during the send, in the sending thread, are captured and redacted,
and its warnings become the error text (channels are served by threads of their own,
see `alerts/outbox.py`).  A failure after the request went out (the answer timed out,
the connection dropped while the channel was answering) is `uncertain`: the message may
have arrived, so the outbox does not send it there again.  The terminal channel
(`alerts.echo`) prints instead.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from tallywatch.alerts.channels import Channel, apprise_asset
from tallywatch.alerts.messages import Message
from tallywatch.alerts.redact import install_log_redaction, redact_text

log = logging.getLogger(__name__)
MAX_ERROR_CHARS = 500
TEST_TITLE = "tallywatch: test message"
TEST_BODY = (
    "This is a test message from `tallywatch alerts test`. "
    "If you can read it, tallywatch alerts reach this channel."
)


SENT_THEN_FAILED = re.compile(
    r"read timed out|read timeout|remotedisconnected|connection aborted|incompleteread"
    r"|server disconnected|the read operation timed out",
    re.IGNORECASE,
)
"""What apprise's log says (through requests and urllib3) when a request was sent and
then its answer never came whole: it may have reached the channel."""
APPRISE_LOGGER = "apprise"


@dataclass(frozen=True)
class SendResult:
    channel: Channel
    ok: bool
    error: str | None = None
    uncertain: bool = False
    """The request went out and then failed: the channel may have the message."""


class _AppriseRecords(logging.Handler):
    """The handler of apprise's logger, installed once per process (the logger then logs
    everything here and nowhere else).

    The records a thread logs while it sends are kept for that send, at every level
    (apprise's DEBUG lines tell a request that went out from one that did not); channels
    send side by side, and each thread sees only its own.  Every record then goes on to
    tallywatch's log when it is at or above the level in force there, as if apprise
    logged to it directly."""

    def __init__(self, own_level: int) -> None:
        super().__init__(logging.DEBUG)
        self.own_level = own_level
        """The apprise logger's level before (NOTSET: the root logger's decides)."""
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        kept: list[logging.LogRecord] | None = getattr(self.local, "records", None)
        if kept is not None:
            kept.append(record)
        root = logging.getLogger()
        if record.levelno >= (self.own_level or root.getEffectiveLevel()):
            root.handle(record)


_capture: _AppriseRecords | None = None
_capture_lock = threading.Lock()


def _apprise_capture() -> _AppriseRecords:
    global _capture
    with _capture_lock:
        if _capture is None:
            logger = logging.getLogger(APPRISE_LOGGER)
            _capture = _AppriseRecords(logger.level)
            logger.addHandler(_capture)
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
        return _capture


@contextmanager
def apprise_records() -> Iterator[list[logging.LogRecord]]:
    """Every record apprise logs in this thread while the block runs (redacted by the
    filter `install_log_redaction` put on its logger)."""
    capture = _apprise_capture()
    records: list[logging.LogRecord] = []
    capture.local.records = records
    try:
        yield records
    finally:
        capture.local.records = None


class Sender:
    """Sends messages; keeps one apprise plugin per channel so apprise's own per-service
    throttling applies between messages to one channel within a delivery batch.  Use one
    `Sender` per thread."""

    def __init__(self, timeout: float, echo: Callable[[str], None] | None = None) -> None:
        install_log_redaction()
        self.timeout = timeout
        self.echo = echo
        self._plugins: dict[str, Any] = {}

    def _plugin(self, channel: Channel) -> Any:
        import apprise

        plugin = self._plugins.get(channel.fingerprint)
        if plugin is None:
            plugin = apprise.Apprise.instantiate(channel.url, asset=apprise_asset())
            if plugin is None:
                return None
            plugin.socket_connect_timeout = self.timeout
            plugin.socket_read_timeout = self.timeout
            self._plugins[channel.fingerprint] = plugin
        return plugin

    def send(self, channel: Channel, message: Message) -> SendResult:
        """Send and report; never raises for a delivery problem."""
        if channel.echo:
            return self._print(channel, message)
        import apprise

        if channel.problem is not None:
            return SendResult(channel, False, channel.problem)
        plugin = self._plugin(channel)
        if plugin is None:
            return SendResult(channel, False, "apprise does not recognise this URL")
        bundle = apprise.Apprise(asset=apprise_asset())
        bundle.add(plugin)
        error: str | None = None
        with apprise_records() as captured:
            try:
                ok = bool(
                    bundle.notify(
                        body=message.body,
                        title=message.title,
                        body_format=message.body_format,
                        tag=apprise.common.MATCH_ALL_TAG,
                    )
                )
            except Exception as exc:  # a plugin bug must not stop the outbox
                ok = False
                error = f"{type(exc).__name__}: {exc}"
        messages = [r.getMessage().strip() for r in captured]
        uncertain = not ok and any(SENT_THEN_FAILED.search(m) for m in messages)
        if not ok and error is None:
            warnings = [
                r.getMessage().strip()
                for r in captured
                if r.levelno >= logging.WARNING and r.getMessage().strip()
            ]
            error = " / ".join(warnings[-3:]) or "apprise reported a failure"
        if uncertain:
            error = f"sent, then no complete answer (it may have arrived): {error}"
        if error is not None:
            error = redact_text(error)[:MAX_ERROR_CHARS]
            log.info("delivery to %s failed: %s", channel.display, error)
        else:
            log.info("delivered to %s", channel.display)
        return SendResult(channel, ok, error, uncertain)

    def _print(self, channel: Channel, message: Message) -> SendResult:
        if self.echo is None:
            import click

            self.echo = click.echo
        self.echo(f"\n[alert] {message.title}\n{message.body}")
        return SendResult(channel, True)


def send_test(channels: list[Channel], timeout: float) -> list[SendResult]:
    """A fixed test message to each channel, one by one."""
    sender = Sender(timeout)
    results = []
    for channel in channels:
        body = TEST_BODY
        if channel.flavour == "html":
            body = f"<p>{TEST_BODY}</p>"
        fmt = {"html": "html", "txt": "text"}.get(channel.flavour, "markdown")
        results.append(sender.send(channel, Message(TEST_TITLE, body, fmt)))
    return results

"""Sending one message to one channel through apprise, and knowing how it went.

Each channel is notified on its own (one apprise object per URL), so the result of
every channel is known and recorded separately.  Timeouts come from `alerts.timeout`
(connect and read).  apprise reports failures through its logger, not exceptions:
the warnings it logs during the send, in the sending thread, are captured, redacted,
and become the error text (channels are served by threads of their own, see
`alerts/outbox.py`).  The terminal channel (`alerts.echo`) prints instead.
"""

from __future__ import annotations

import logging
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


@dataclass(frozen=True)
class SendResult:
    channel: Channel
    ok: bool
    error: str | None = None


class _ThreadWarnings(logging.Handler):
    """The WARNING (and worse) messages one thread logs: another thread's are not mixed in."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.lines.append(record.getMessage())


@contextmanager
def apprise_warnings() -> Iterator[list[str]]:
    """What apprise warns about while the block runs in this thread (redacted by the
    filter `install_log_redaction` put on its logger).  A logger set above WARNING is
    lowered to it: apprise's warnings are the only reason it gives for a failure."""
    logger = logging.getLogger("apprise")
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    handler = _ThreadWarnings()
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


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
        with apprise_warnings() as captured:
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
        if not ok and error is None:
            lines = [line.strip() for text in captured for line in text.splitlines()]
            error = " / ".join([line for line in lines if line][-3:])
            error = error or "apprise reported a failure"
        if error is not None:
            error = redact_text(error)[:MAX_ERROR_CHARS]
            log.info("delivery to %s failed: %s", channel.display, error)
        else:
            log.info("delivered to %s", channel.display)
        return SendResult(channel, ok, error)

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

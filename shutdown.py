"""Graceful stop on SIGTERM / SIGINT for long-running commands (`run`, `daemon`).

The first signal asks the work to stop (`on_stop(signum)` is called in the main
thread, between bytecodes, so it must be quick: set a flag, or schedule a call on
the Twisted reactor with `reactor.callFromThread`).  The work is expected to stop
between items, finish its current database transaction and exit normally.

A second signal means "now": it raises `StopForced` (a `SystemExit` with code
128 + signum) in the main thread, which unwinds open `with db.session()` blocks,
so their transactions roll back instead of being half written.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

STOP_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGINT)


class StopForced(SystemExit):
    """Raised in the main thread by the second stop signal."""


class StopRequest:
    """What `install_stop_handler` returns: whether a stop was asked, and a way to undo it."""

    def __init__(self, on_stop: Callable[[int], None] | None, force_on_repeat: bool) -> None:
        self.on_stop = on_stop
        self.force_on_repeat = force_on_repeat
        self.signum: int | None = None
        self.event = threading.Event()
        self._previous: dict[int, Any] = {}

    @property
    def requested(self) -> bool:
        return self.event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until a stop is requested (or `timeout` passes); True when requested."""
        return self.event.wait(timeout)

    def handle(self, signum: int, _frame: FrameType | None = None) -> None:
        if self.event.is_set():
            if self.force_on_repeat:
                raise StopForced(128 + signum)
            return
        self.signum = signum
        self.event.set()
        if self.on_stop is not None:
            self.on_stop(signum)

    def restore(self) -> None:
        """Put back the handlers that were there before."""
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()

    def __enter__(self) -> StopRequest:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.restore()


def install_stop_handler(
    on_stop: Callable[[int], None] | None = None,
    *,
    signals: tuple[signal.Signals, ...] = STOP_SIGNALS,
    force_on_repeat: bool = True,
) -> StopRequest:
    """Handle SIGTERM/SIGINT: call `on_stop(signum)` once, force-exit on a repeat.

    Must be called from the main thread.  Use the result as a context manager (or
    call `.restore()`) to put the previous handlers back; `.requested` tells
    whether a stop was asked.  Libraries that install their own handlers (Scrapy's
    `CrawlerProcess.start()`) must be told not to (`install_signal_handlers=False`).
    """
    request = StopRequest(on_stop, force_on_repeat)
    for signum in signals:
        request._previous[signum] = signal.signal(signum, request.handle)
    return request

"""A time budget for the CPU-bound work on one page, that a stop request also cuts short.

Cleaning a page and reading its figures is pure Python and C regular expressions in one
thread: nothing in it waits on the reactor, so neither a deadline check there nor the
crawl's stop poll can run until it returns.  `page_budget` arms an interval timer
instead: every `TICK_SECONDS` SIGALRM interrupts the work (the regular-expression engine
checks for signals too), and the handler raises `PageTimeout` once the budget is spent,
or `PageStopped` as soon as `stop` is set (SIGTERM / SIGINT arrived).

Signals are delivered to the main thread only, so the budget applies there, which is
where `tallywatch run` and every clean worker process do this work; elsewhere (a crawl
started in another thread) the work runs unbounded, as `in_force` says.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Event
from types import FrameType

TICK_SECONDS = 0.25
"""How often the timer looks at the clock and the stop request while a page is worked on."""


class PageTimeout(Exception):
    """The page's work took longer than its budget."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"reading the page took longer than {seconds:g} s")


class PageStopped(Exception):
    """A stop was requested while the page was worked on; the page is left for the next run."""


def in_force() -> bool:
    """Whether `page_budget` can interrupt work in the calling thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def page_budget(seconds: float, stop: Event | None = None) -> Iterator[None]:
    """Run the block with at most `seconds` of wall time, and until `stop` is set.

    Raises `PageTimeout` or `PageStopped` from inside the block.  Nesting is not supported
    (the timer is the process's one ITIMER_REAL); the previous SIGALRM handler is restored.
    """
    if not in_force() or not math.isfinite(seconds):
        yield
        return
    deadline = time.monotonic() + seconds
    active = True

    def on_tick(_signum: int, _frame: FrameType | None) -> None:
        if not active:
            return
        if stop is not None and stop.is_set():
            raise PageStopped("a stop was requested")
        if time.monotonic() >= deadline:
            raise PageTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_tick)
    signal.setitimer(signal.ITIMER_REAL, min(TICK_SECONDS, seconds), TICK_SECONDS)
    try:
        yield
    finally:
        active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

"""Where `prepare_page` runs: in the crawler process, or in a pool of worker processes.

With an article reader (`processing.ArticleReader`), figure extraction runs right after
cleaning, in the same place: in a pool, the crawler process is left with downloading
and storing.

Each page's cleaning and reading runs within `crawl.page_time_budget_seconds`: a page
over it becomes an `extract_timeout` (recorded, and never fetched again).  A stop request
ends the page being worked on within a fraction of a second: inline, `page_budget`
interrupts it; in a pool, the workers are killed.  Workers never outlive the crawler
process: they die with it, and take none of its signal handlers.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tallywatch.crawler.budget import PageStopped, PageTimeout, page_budget
from tallywatch.crawler.pages import Cleaned, Prepared, Unusable, prepare_page
from tallywatch.extract.types import CleanedPage, ExtractedFigure

log = logging.getLogger(__name__)

Figures = Sequence[ExtractedFigure]
Analyse = Callable[[CleanedPage], Figures]
WarmUp = Callable[[], None]
"""A reader's one-time setup (`ArticleReader.warm_up`), run outside page budgets."""
Outcome = tuple[Prepared, Figures | None]
"""A prepared page and, for an article when there is a reader, the figures read in it."""


EXTRACT_TIMEOUT = "extract_timeout"
"""The crawl event kind of a page whose cleaning and reading went over its time budget."""
PARENT_POLL_SECONDS = 1.0
"""Where the kernel cannot kill a worker with its parent, how often the worker looks."""
PR_SET_PDEATHSIG = 1
MIN_BUDGET_SECONDS = 0.001

_worker_analyse: Analyse | None = None
"""The `analyse` of the run's processor, in a worker process (set by `_install`)."""
_worker_budget = math.inf
_worker_warm_up: WarmUp | None = None


def _die_with_parent(parent: int) -> None:
    """Make this worker process end when `parent` does: on Linux the kernel sends SIGKILL
    (`PR_SET_PDEATHSIG`); elsewhere a thread looks for a new parent every second."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the call
                    os._exit(1)
                return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _install(analyse: Analyse | None, warm_up: WarmUp | None, budget: float, parent: int) -> None:
    """Set up a freshly started worker: the crawler's signal handlers are not its own
    (SIGTERM ends it at once; SIGINT from a terminal is left to the crawler, which stops
    the workers itself), and it ends with the crawler process."""
    global _worker_analyse, _worker_budget, _worker_warm_up
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    _die_with_parent(parent)
    _worker_analyse = analyse
    _worker_warm_up = warm_up
    _worker_budget = budget


def prepare_and_analyse(
    body: bytes,
    url: str,
    content_type: str | None,
    analyse: Analyse | None,
    budget: float = math.inf,
    stop: threading.Event | None = None,
    warm_up: WarmUp | None = None,
) -> Outcome:
    """Clean a page and, when it holds an article, analyse it, within `budget`
    seconds (over it: an `extract_timeout`, permanent); `PageStopped` when `stop` is set.
    `warm_up` runs before the analysis, outside the budget."""
    deadline = time.monotonic() + budget
    try:
        with page_budget(budget, stop):
            prepared = prepare_page(body, url, content_type)
        if analyse is None or not isinstance(prepared, Cleaned):
            return prepared, None
        return prepared, _analyse_within(analyse, prepared, deadline, stop, warm_up)
    except PageTimeout:
        log.warning("page over its time budget of %g s, skipped: %s", budget, url)
        return _timed_out(budget), None


def _timed_out(budget: float) -> Unusable:
    return Unusable(
        EXTRACT_TIMEOUT, f"reading the page took longer than {budget:g} s: skipped", permanent=True
    )


def _analyse_within(
    analyse: Analyse,
    cleaned: Cleaned,
    deadline: float,
    stop: threading.Event | None,
    warm_up: WarmUp | None,
) -> Figures:
    if warm_up is not None:  # not counted against the page
        started = time.monotonic()
        warm_up()
        deadline += time.monotonic() - started
    with page_budget(max(deadline - time.monotonic(), MIN_BUDGET_SECONDS), stop):
        return analyse(cleaned.page)


def _in_worker(body: bytes, url: str, content_type: str | None) -> Outcome:
    return prepare_and_analyse(
        body, url, content_type, _worker_analyse, _worker_budget, warm_up=_worker_warm_up
    )


class PageCleaner:
    """Cleans (and analyses) pages inline (`workers == 0`) or in `workers` processes.

    Cleaning is the only CPU-heavy step of a crawl; in a pool it runs beside the
    reactor instead of blocking it.  Create the cleaner before the reactor starts:
    where the platform can fork, the workers are forked at once, from a process that
    has no reactor and no threads yet and has trafilatura loaded (spawned workers
    would re-import the caller's main module, which may start a crawl of its own).
    Forked workers inherit `analyse` as it is; spawned ones would need it pickled, so
    with spawn the analysis stays in the crawler process.  A pool that breaks (a
    worker killed) is given up for the rest of the run and pages are cleaned inline.

    `budget` bounds each page's work in seconds; `stop` (the crawl's stop request) ends
    the page being worked on inline, and `stop()` kills the workers: a page interrupted
    either way raises `PageStopped` and is left for the next run.
    """

    def __init__(
        self,
        workers: int = 0,
        analyse: Analyse | None = None,
        *,
        budget: float = math.inf,
        stop: threading.Event | None = None,
        warm_up: WarmUp | None = None,
    ) -> None:
        self.workers = workers
        self.analyse = analyse
        self.warm_up = warm_up
        self.budget = budget
        self.stop_request = stop
        self.stopped = False
        self._pool: ProcessPoolExecutor | None = None
        self._pool_analyses = False
        if workers > 0:
            import trafilatura  # noqa: F401  (loaded once, inherited by forked workers)

            forks = "fork" in multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if forks else "spawn")
            self._pool_analyses = forks and analyse is not None
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_install,
                initargs=(
                    analyse if self._pool_analyses else None,
                    warm_up if self._pool_analyses else None,
                    budget,
                    os.getpid(),
                ),
            )
            # With fork, the first task launches every worker: do it now, not mid-crawl.
            self._pool.submit(len, b"").result()

    async def prepare(self, body: bytes, url: str, content_type: str | None) -> Outcome:
        """The prepared page and, for an article, the figures `analyse` read in it."""
        if self.stopped:
            raise PageStopped("the crawl is stopping")
        if self._pool is None:
            return self._inline(body, url, content_type)
        try:
            future = self._pool.submit(_in_worker, body, url, content_type)
            prepared, found = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            if self.stopped:  # `stop` cancelled the tasks still queued
                raise PageStopped("the crawl is stopping") from None
            raise
        except BrokenProcessPool:
            if self.stopped:
                raise PageStopped("the crawl is stopping") from None
            log.warning("cleaning worker pool broke; cleaning in the crawler process")
            self.close()
            return self._inline(body, url, content_type)
        if self.analyse is not None and not self._pool_analyses and isinstance(prepared, Cleaned):
            return self._analyse_here(prepared)
        return prepared, found

    def _inline(self, body: bytes, url: str, content_type: str | None) -> Outcome:
        """Clean and analyse in this process, within the budget."""
        return prepare_and_analyse(
            body, url, content_type, self.analyse, self.budget, self.stop_request, self.warm_up
        )

    def _analyse_here(self, cleaned: Cleaned) -> Outcome:
        """Analyse a page a (spawned) worker cleaned, in this process, within the budget."""
        assert self.analyse is not None
        deadline = time.monotonic() + self.budget
        try:
            found = _analyse_within(
                self.analyse, cleaned, deadline, self.stop_request, self.warm_up
            )
        except PageTimeout:
            return _timed_out(self.budget), None
        return cleaned, found

    def stop(self) -> None:
        """Stop at once: kill the workers (their pages are left for the next run)."""
        self.stopped = True
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # The executor has no public way to end tasks that are running: end the processes.
        for process in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(OSError):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

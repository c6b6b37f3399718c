"""Where `prepare_page` runs: in the crawler process, or in a pool of worker processes."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from tallywatch.crawler.pages import Prepared, prepare_page

log = logging.getLogger(__name__)


class PageCleaner:
    """Cleans pages inline (`workers == 0`) or in `workers` spawned processes.

    Cleaning is the only CPU-heavy step of a crawl; in a pool it runs beside the
    reactor instead of blocking it.  Create the cleaner before the reactor starts:
    where the platform can fork, the workers are forked at once, from a process that
    has no reactor and no threads yet and has trafilatura loaded (spawned workers
    would re-import the caller's main module, which may start a crawl of its own).
    A pool that breaks (a worker killed) is given up for the rest of the run and
    pages are cleaned inline again.
    """

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            import trafilatura  # noqa: F401  (loaded once, inherited by forked workers)

            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            # With fork, the first task launches every worker: do it now, not mid-crawl.
            self._pool.submit(len, b"").result()

    async def prepare(self, body: bytes, url: str, content_type: str | None) -> Prepared:
        if self._pool is None:
            return prepare_page(body, url, content_type)
        try:
            future = self._pool.submit(prepare_page, body, url, content_type)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            log.warning("cleaning worker pool broke; cleaning in the crawler process")
            self.close()
            return prepare_page(body, url, content_type)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

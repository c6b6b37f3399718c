"""Where `prepare_page` runs: in the crawler process, or in a pool of worker processes.

With a processor that can split its work (`SplitProcessor`), the database-free half
(figure extraction) runs right after cleaning, in the same place: in a pool, the
crawler process is left with downloading and storing.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, runtime_checkable

from sqlalchemy.orm import Session

from tallywatch.crawler.pages import Cleaned, Prepared, prepare_page
from tallywatch.extract.types import CleanedPage
from tallywatch.store.models import ArticleVersion

log = logging.getLogger(__name__)

Analyse = Callable[[CleanedPage], Any]


@runtime_checkable
class SplitProcessor(Protocol):
    """An article processor in two halves.

    `analyse` reads a cleaned article (its text and title) and touches no database, so it can run
    in a clean worker; its result must be picklable.  `store` writes what `analyse`
    found for each new version, inside the transaction that stores the versions, and
    returns how many figures each got.  Calling the processor itself does both (the
    plain `ArticleProcessor` protocol), for callers that store one version at a time.
    """

    def analyse(self, page: CleanedPage) -> Any: ...

    def store(self, session: Session, found: Sequence[tuple[ArticleVersion, Any]]) -> list[int]: ...

    def __call__(self, session: Session, version: ArticleVersion) -> int: ...


_worker_analyse: Analyse | None = None
"""The `analyse` of the run's processor, in a worker process (set by `_install`)."""


def _install(analyse: Analyse | None) -> None:
    global _worker_analyse
    _worker_analyse = analyse


def prepare_and_analyse(
    body: bytes, url: str, content_type: str | None, analyse: Analyse | None
) -> tuple[Prepared, Any]:
    """Clean a page and, when it holds an article, analyse it."""
    prepared = prepare_page(body, url, content_type)
    if analyse is None or not isinstance(prepared, Cleaned):
        return prepared, None
    return prepared, analyse(prepared.page)


def _in_worker(body: bytes, url: str, content_type: str | None) -> tuple[Prepared, Any]:
    return prepare_and_analyse(body, url, content_type, _worker_analyse)


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
    """

    def __init__(self, workers: int = 0, analyse: Analyse | None = None) -> None:
        self.workers = workers
        self.analyse = analyse
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
                initargs=(analyse if self._pool_analyses else None,),
            )
            # With fork, the first task launches every worker: do it now, not mid-crawl.
            self._pool.submit(len, b"").result()

    async def prepare(
        self, body: bytes, url: str, content_type: str | None
    ) -> tuple[Prepared, Any]:
        """The prepared page and, for an article, what `analyse` found in its text."""
        if self._pool is None:
            return prepare_and_analyse(body, url, content_type, self.analyse)
        try:
            future = self._pool.submit(_in_worker, body, url, content_type)
            prepared, found = await asyncio.wrap_future(future)
        except BrokenProcessPool:
            log.warning("cleaning worker pool broke; cleaning in the crawler process")
            self.close()
            return prepare_and_analyse(body, url, content_type, self.analyse)
        if self.analyse is not None and not self._pool_analyses and isinstance(prepared, Cleaned):
            found = self.analyse(prepared.page)
        return prepared, found

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

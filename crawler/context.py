"""State shared by every spider, middleware and pipeline of one crawl run.

All of it lives in the reactor thread, so no locking: counters are plain integers.
Article stores and re-check times are batched (`batch`, see `pipelines.StoreBatch`);
events, skipped pages and source statuses are written at once, one short transaction each.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from tallywatch.alerts.redact import redact_text
from tallywatch.config.schema import Settings, SourceConfig
from tallywatch.constants import SourceStatus
from tallywatch.crawler.cleaner import PageCleaner
from tallywatch.crawler.pipelines import StoreBatch
from tallywatch.crawler.stats import CrawlStats, SourceTally
from tallywatch.store import Database
from tallywatch.store import articles as store
from tallywatch.store.runs import record_event, write_run_counts
from tallywatch.store.sources import finish_source

log = logging.getLogger("tallywatch.crawler")

PROGRESS_INTERVAL = 0.2
"""Seconds between two progress callbacks (the last one is always delivered)."""


class CrawlContext:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        run_id: int,
        source_ids: dict[str, int],
        *,
        progress: Callable[[CrawlStats], None] | None = None,
        cleaner: PageCleaner | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.run_id = run_id
        self.source_ids = source_ids
        self.progress = progress
        self.cleaner = cleaner or PageCleaner(0)
        self.stats = CrawlStats()
        self.tallies: dict[str, SourceTally] = {name: SourceTally() for name in source_ids}
        self.stopping = False
        self.batch = StoreBatch(self)
        self._last_progress = 0.0

    # -- counting ----------------------------------------------------------------------

    def count(self, field: str, amount: int = 1) -> None:
        setattr(self.stats, field, getattr(self.stats, field) + amount)
        self.notify()

    def succeeded(self, source: str, field: str) -> None:
        """A page of `source` was handled: counts towards its success."""
        self.tallies[source].successes += 1
        self.count(field)

    def notify(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if force or now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.progress(self.stats.copy())

    # -- events ------------------------------------------------------------------------

    def record(
        self,
        source: str,
        kind: str,
        detail: str,
        *,
        url: str | None = None,
        is_error: bool = True,
        entry: bool = False,
    ) -> None:
        """Store a crawl event on the run and the source; errors count against the source.
        Configured secrets (a `${NAME}` in a source URL) are redacted from it first."""
        detail = redact_text(detail)
        url = redact_text(url) if url is not None else None
        tally = self.tallies[source]
        if is_error:
            tally.errors += 1
            tally.first_error = tally.first_error or f"{kind}: {detail}"
            if entry:
                tally.entry_error = tally.entry_error or f"{kind}: {detail}"
            self.stats.errors += 1
        level = logging.WARNING if is_error else logging.INFO
        log.log(level, "crawl event source=%s kind=%s url=%s detail=%s", source, kind, url, detail)
        with self.db.session() as session:
            record_event(
                session,
                run_id=self.run_id,
                source_id=self.source_ids[source],
                url=url,
                kind=kind,
                detail=detail,
                is_error=is_error,
            )
        self.notify()

    # -- lookups and bookkeeping -------------------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> dict[str, store.KnownUrl]:
        urls = list(urls)
        if self.batch.holds_any(urls):
            self.batch.flush()  # what the database knows must include the waiting writes
        with self.db.session() as session:
            return store.lookup_urls(session, urls)

    def finish_source(self, source: SourceConfig, failure: BaseException | None) -> None:
        """Write the source's status after its spider closed (or failed to start)."""
        self.batch.flush()
        tally = self.tallies[source.name]
        if failure is not None:
            self.record(source.name, "internal", f"crawl failed: {failure!r}", entry=True)
        if tally.aborted and failure is None:
            self.stats.interrupted = True
            log.info("crawl of source %s interrupted; status unchanged", source.name)
            return
        status = tally.status()
        self.stats.sources += 1
        if status == SourceStatus.FAILED:
            self.stats.sources_failed += 1
            self.stats.failures[source.name] = tally.error_summary() or "failed"
        with self.db.session() as session:
            finish_source(
                session, self.source_ids[source.name], status=status, error=tally.error_summary()
            )
        self.flush_counts()

    def flush_counts(self) -> None:
        self.batch.flush()
        with self.db.session() as session:
            write_run_counts(session, self.run_id, self.stats.counts())
        self.notify(force=True)

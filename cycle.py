"""One cycle of work: crawl the sources, extract figures, detect changes, deliver alerts.

This is the only module that composes the stages; each stage is called with the
settings and database it needs and knows nothing of the others.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from threading import Event
from typing import TYPE_CHECKING

from tallywatch.config import Settings, SourceConfig
from tallywatch.constants import NO_CHANNEL, RunStatus
from tallywatch.extract.types import CleanedPage, ExtractedFigure
from tallywatch.store import Database, runs

if TYPE_CHECKING:
    from tallywatch.extract.figures import FigureExtractor


class FigureProcessor:
    """The crawl's article reader (`crawler.processing.ArticleReader`): the figure extractor
    of the configured topics and rules.

    The crawler runs `analyse` where it cleans a page (in a clean worker when there is a
    pool) and stores the figures with the article's new version.
    """

    def __init__(self, settings: Settings) -> None:
        self.topics = settings.topics
        self.config = settings.extract

    @cached_property
    def extractor(self) -> FigureExtractor:
        """Built on the first new article: a run that finds none (most runs of a watched
        site) skips compiling the rules, a tenth of its CPU.  The built-in rules are
        checked by the test suite, a user's when the configuration is read."""
        from tallywatch.extract.figures import FigureExtractor

        return FigureExtractor(self.topics, self.config)

    def warm_up(self) -> None:
        """Build the extractor now, if not yet: a one-time cost, not the first page's
        (the crawler calls this outside a page's time budget)."""
        _ = self.extractor

    def analyse(self, page: CleanedPage) -> list[ExtractedFigure]:
        """The figures of a cleaned article, its headline read as the article's context and
        its date as the time its figures are dated against."""
        return self.extractor.extract(page.text, page.title, page.published)


EVERY_SOURCE_FAILED = "every source failed"


@dataclass
class CycleResult:
    run_id: int
    status: str
    pages: int = 0
    new_articles: int = 0
    updated: int = 0
    skipped: int = 0
    errors: int = 0
    figures: int = 0
    alerts: int = 0
    delivered: int = 0
    delivery_failures: int = 0
    waiting: int = 0
    """Alerts waiting for a channel: none is configured for them."""
    failed_sources: dict[str, str] = field(default_factory=dict)
    """Source name -> why it failed, when every source of the run failed."""

    def summary(self) -> str:
        waiting = f", waiting {self.waiting}: {NO_CHANNEL}" if self.waiting else ""
        return (
            f"run {self.run_id} {self.status}: pages fetched {self.pages}, "
            f"new articles {self.new_articles}, updated {self.updated}, skipped {self.skipped}, "
            f"errors {self.errors}, figures {self.figures}, alerts {self.alerts} "
            f"(delivered {self.delivered}, failed {self.delivery_failures}{waiting})"
        )

    def failure(self) -> str | None:
        """Why the run failed though it completed: one line per source, with the cause."""
        if not self.failed_sources:
            return None
        lines = [f"{name}: {cause}" for name, cause in self.failed_sources.items()]
        return "\n".join([f"{EVERY_SOURCE_FAILED}:", *(f"  {line}" for line in lines)])


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_cycle(
    settings: Settings,
    db: Database,
    *,
    sources: list[SourceConfig] | None = None,
    progress: Callable[[object], None] | None = None,
    deliver: bool = True,
    stop: Event | None = None,
) -> CycleResult:
    """Run one full cycle and return its counts; raises only when the cycle itself fails.

    Alone (the default), the caller holds the cycle lock, so runs still marked `running`
    belong to dead processes and are closed first.  Shared (`schedule.shared`), the cycle
    leases its sources instead and crawls only those it won; `LockBusy` when it won none.

    A cycle asked to stop (`stop` set, or the crawl interrupted) still records what it
    crawled and the alerts that causes, delivers the pending alerts (each send is bounded
    by `alerts.timeout`; a second signal ends it at once) and ends `aborted`.
    """
    if not settings.schedule.shared:
        with db.session() as session:
            runs.close_dead_runs(session)
        return _run(settings, db, sources, progress, deliver, stop or Event())

    from tallywatch.store.leases import SourceLeases, close_runs_without_leases
    from tallywatch.store.locks import LockBusy

    schedule = settings.schedule
    wanted = sources if sources is not None else [s for s in settings.sources if s.enabled]
    leases = SourceLeases(db, worker_name(), schedule.lease_seconds, schedule.lease_batch)
    with leases.hold(wanted) as claimed:
        if not claimed:
            raise LockBusy("every source is leased by another worker")
        with db.session() as session:
            close_runs_without_leases(session, leases.ttl)
        return _run(settings, db, claimed, progress, deliver, stop or Event())


def _run(
    settings: Settings,
    db: Database,
    sources: list[SourceConfig] | None,
    progress: Callable[[object], None] | None,
    deliver: bool,
    stop: Event,
) -> CycleResult:
    from tallywatch.alerts.detect import detect_changes
    from tallywatch.alerts.outbox import AlertOutbox
    from tallywatch.alerts.redact import redact_text
    from tallywatch.crawler.runner import run_crawl
    from tallywatch.health import raise_operator_alerts
    from tallywatch.store.locks import serialize

    with db.session() as session:
        run_id = runs.start_run(session, worker_name())
    try:
        stats = run_crawl(
            settings,
            db,
            run_id,
            sources=sources,
            reader=FigureProcessor(settings),
            progress=progress,
            stop=stop,
        )
        with db.session() as session:
            # Workers sharing the database detect one at a time, each against the
            # series as the previous one left them: a rise is alerted once.
            serialize(session, "detect")
            alerts = detect_changes(session, settings, run_id)
            raise_operator_alerts(session, settings)
            runs.set_run_alerts(session, run_id, len(alerts))
        aborted = stats.interrupted or stop.is_set()
        every_failed = not aborted and stats.sources > 0 and stats.sources_failed == stats.sources
        result = CycleResult(
            run_id=run_id,
            status=RunStatus.ABORTED
            if aborted
            else RunStatus.FAILED
            if every_failed
            else RunStatus.OK,
            pages=stats.pages,
            new_articles=stats.new_articles,
            updated=stats.updated,
            skipped=stats.skipped,
            errors=stats.errors,
            figures=stats.figures,
            alerts=len(alerts),
            failed_sources=dict(stats.failures) if every_failed else {},
        )
        if deliver:
            # Also after an aborted run, or one whose every source failed: earlier alerts
            # and the operator alert about failing sources still go out.
            report = AlertOutbox(db, settings).deliver_pending()
            result.delivered = report.sent
            result.delivery_failures = report.failed
            result.waiting = report.waiting
    except BaseException as exc:
        with db.session() as session:
            error = redact_text(f"{type(exc).__name__}: {exc}")
            runs.finish_run(session, run_id, RunStatus.FAILED, error)
        raise
    with db.session() as session:
        runs.finish_run(session, run_id, result.status, result.failure())
    return result

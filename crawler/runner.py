"""Run one crawl over the configured sources, in this process, blocking until done.

Scrapy's Twisted reactor cannot be started twice in one process: call `run_crawl`
once per process (the daemon runs each cycle in a child process).  Sources are
crawled by one Scrapy crawler each; at most `concurrency // per_domain_concurrency`
of them run at a time, never two on the same host, so the global and per-domain
limits hold across sources.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from threading import Event
from typing import TYPE_CHECKING, Any

from tallywatch.alerts.redact import register_secrets
from tallywatch.config.schema import Settings, SourceConfig
from tallywatch.crawler.cleaner import PageCleaner
from tallywatch.crawler.context import CrawlContext
from tallywatch.crawler.processing import ArticleReader
from tallywatch.crawler.stats import CrawlStats
from tallywatch.store import Database
from tallywatch.store.sources import sync_sources

if TYPE_CHECKING:
    from scrapy.crawler import AsyncCrawlerProcess, Crawler

__all__ = ["CrawlError", "CrawlStats", "run_crawl"]

log = logging.getLogger("tallywatch.crawler")


class CrawlError(RuntimeError):
    """The crawl could not run at all (page and source failures are recorded instead)."""


BANNER_LOGGERS = ("scrapy.utils.log", "scrapy.crawler")
RECORDED_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt",)
"""Scrapy loggers whose errors repeat a failure the crawl records as an event anyway (a
robots.txt that cannot be fetched: the source's own request fails the same way next)."""
STOP_POLL_SECONDS = 0.2
CRAWL_GC_THRESHOLD = (20_000, 20, 20)
"""Collector thresholds while crawling (Python's defaults: 700, 10, 10)."""


@contextmanager
def _quiet_collector() -> Iterator[None]:
    """Keep the cyclic garbage collector from re-walking what the crawl set up.

    By the time a crawl starts, the process holds hundreds of thousands of objects
    (Scrapy, Twisted, SQLAlchemy, trafilatura, the extraction rules) that live until
    it ends; every full collection walked them all again.  Freezing them moves them
    out of the collector's generations (forked clean workers inherit the frozen state,
    which also keeps their pages shared), and higher thresholds make the per-page
    garbage be collected in fewer, larger passes.  Measured on 1000 pages: collection
    time 0.65 s -> 0.15 s in a first run, 0.37 s -> 0.14 s in an incremental run.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*CRAWL_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _quiet_scrapy(settings: Settings) -> None:
    """Keep Scrapy's chatter out of tallywatch's log: crawl problems are logged (and
    stored) as crawl events instead; Scrapy's errors still show."""
    debug = settings.logging.level == "DEBUG"
    level = logging.INFO if debug else logging.ERROR
    logging.getLogger("scrapy").setLevel(level)
    for name in RECORDED_LOGGERS:
        logging.getLogger(name).setLevel(level if debug else logging.CRITICAL)
    for name in BANNER_LOGGERS:
        logging.getLogger(name).disabled = False


def _host_groups(source: SourceConfig) -> set[str]:
    return {domain.lower().removeprefix("www.") for domain in source.domains}


async def crawl_sources(
    process: AsyncCrawlerProcess, sources: list[SourceConfig], context: CrawlContext
) -> None:
    """Start one crawler per source, a bounded number at a time, and finish each source."""
    from tallywatch.crawler.spiders import SPIDERS

    crawl = context.settings.crawl
    limit = max(1, crawl.concurrency // crawl.per_domain_concurrency)
    budget = crawl.source_time_budget_minutes * 60
    loop = asyncio.get_running_loop()
    pending = list(sources)
    running: dict[asyncio.Future[Any], SourceConfig] = {}
    timers: dict[asyncio.Future[Any], asyncio.TimerHandle] = {}
    while pending or running:
        while pending and not context.stopping and len(running) < limit:
            busy = set().union(*(_host_groups(s) for s in running.values()))
            ready = next((s for s in pending if not busy & _host_groups(s)), None)
            if ready is None:
                break
            pending.remove(ready)
            crawler = process.create_crawler(SPIDERS[ready.kind])
            task = process.crawl(crawler, source=ready, context=context)
            running[task] = ready
            timers[task] = loop.call_later(budget, _stop_over_budget, crawler)
        if not running:
            break
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        for finished in done:
            source = running.pop(finished)
            timers.pop(finished).cancel()
            failure = None if finished.cancelled() else finished.exception()
            context.finish_source(source, failure)
    if pending:
        context.stats.interrupted = True


def _stop_over_budget(crawler: Crawler) -> None:
    """Close a source's crawler whose time budget is spent (its spider records it); the
    other sources go on."""
    from tallywatch.crawler.spiders import TIME_BUDGET

    engine = crawler.engine
    spider: Any = crawler.spider
    if crawler.crawling and engine is not None and engine.spider is not None:
        log.warning("source %s over its time budget, stopping it", spider.source.name)
        asyncio.ensure_future(engine.close_spider_async(reason=TIME_BUDGET))


def _stop_reactor(_task: Any = None) -> None:
    from twisted.internet import reactor

    twisted_reactor: Any = reactor
    if twisted_reactor.running:
        twisted_reactor.stop()


def _watch_for_stop(process: AsyncCrawlerProcess, context: CrawlContext, stop: Event) -> None:
    """Poll `stop` on the reactor; when set, stop starting sources and close the running ones
    gracefully (downloads in flight finish and are stored)."""
    loop = asyncio.get_event_loop()

    def poll() -> None:
        if stop.is_set():
            context.stopping = True
            context.cleaner.stop()
            loop.create_task(process.stop())
        else:
            loop.call_later(STOP_POLL_SECONDS, poll)

    loop.call_later(STOP_POLL_SECONDS, poll)


def _run_reactor(
    context: CrawlContext, sources: list[SourceConfig], stop: Event | None = None
) -> None:
    # The start-up banner is logged while Scrapy resets its loggers' levels: mute it.
    for name in BANNER_LOGGERS:
        logging.getLogger(name).disabled = True
    try:
        from scrapy.crawler import AsyncCrawlerProcess

        from tallywatch.crawler.settings import scrapy_settings

        process = AsyncCrawlerProcess(scrapy_settings(context.settings.crawl))
        from twisted.internet import reactor
    except Exception as exc:
        raise CrawlError(f"cannot start Scrapy: {exc}") from exc
    finally:
        _quiet_scrapy(context.settings)
    if getattr(reactor, "_startedBefore", False):
        raise CrawlError("a crawl already ran in this process; run each crawl in a new process")
    coordinator = asyncio.get_event_loop().create_task(crawl_sources(process, sources, context))
    coordinator.add_done_callback(_stop_reactor)
    in_main_thread = threading.current_thread() is threading.main_thread()
    if stop is not None:
        _watch_for_stop(process, context, stop)
    gc.freeze()  # Scrapy and Twisted were imported just now (see `_quiet_collector`)
    process.start(stop_after_crawl=False, install_signal_handlers=in_main_thread and stop is None)
    if not coordinator.done():
        context.stats.interrupted = True
        return
    if not coordinator.cancelled() and coordinator.exception() is not None:
        raise CrawlError(f"crawl failed: {coordinator.exception()!r}") from coordinator.exception()


def run_crawl(
    settings: Settings,
    db: Database,
    run_id: int,
    *,
    sources: list[SourceConfig] | None = None,
    reader: ArticleReader | None = None,
    progress: Callable[[CrawlStats], None] | None = None,
    stop: Event | None = None,
) -> CrawlStats:
    """Crawl `sources` (default: every enabled source of `settings`) into `db` for run `run_id`.

    Each new article version is stored with the figures `reader` read in it.  Page,
    feed and source failures are recorded as `CrawlEvent`s and counted; the counts are
    written onto the `CrawlRun` row as each source finishes.  Raises `CrawlError` only
    when the crawl cannot run at all.

    With `stop`, the caller owns SIGTERM/SIGINT (Scrapy installs no handlers): setting
    the event stops the crawl gracefully and marks the stats `interrupted`.
    """
    register_secrets(settings.secrets)
    chosen = [s for s in (settings.sources if sources is None else sources) if s.enabled]
    with db.session() as session:
        source_ids = sync_sources(session, chosen)
    with _quiet_collector():
        cleaner = PageCleaner(
            settings.crawl.clean_workers if chosen else 0,
            reader.analyse if reader is not None else None,
            budget=settings.crawl.page_time_budget_seconds,
            stop=stop,
            warm_up=reader.warm_up if reader is not None else None,
        )
        context = CrawlContext(settings, db, run_id, source_ids, progress=progress, cleaner=cleaner)
        try:
            if chosen:
                _run_reactor(context, chosen, stop)
        finally:
            cleaner.close()
            context.flush_counts()
    log.info("crawl finished: %s", context.stats.counts())
    return context.stats

"""Scrapy settings built from `[crawl]`: polite by default, every limit from the config."""

from __future__ import annotations

from typing import Any

from tallywatch.config.schema import CrawlConfig

REDIRECT_MAX_TIMES = 5
MAX_AUTOTHROTTLE_DELAY = 60.0
CONCURRENT_ITEMS = 4

UNUSED_EXTENSIONS = frozenset(
    {
        "scrapy.extensions.corestats.CoreStats",
        "scrapy.extensions.logcount.LogCount",
        "scrapy.extensions.telnet.TelnetConsole",
        "scrapy.extensions.memusage.MemoryUsage",
        "scrapy.extensions.memdebug.MemoryDebugger",
        "scrapy.extensions.closespider.CloseSpider",
        "scrapy.extensions.feedexport.FeedExporter",
        "scrapy.extensions.logstats.LogStats",
        "scrapy.extensions.spiderstate.SpiderState",
        "scrapy.extensions.remote_control.RemoteControl",
    }
)
"""Scrapy extensions a tallywatch crawl never uses: it keeps its own counters and log,
and the others are off in these settings (telnet, memory checks, feeds, job state)."""
UNUSED_DOWNLOADER_MIDDLEWARES = frozenset(
    {
        "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
        "scrapy.downloadermiddlewares.stats.DownloaderStats",
        "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware",
        "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware",
        "scrapy.downloadermiddlewares.retry.RetryMiddleware",
    }
)
"""Off in these settings (no cookies, no statistics, no cache) or replaced by tallywatch's
own subclass (offsite recording, retries that wait)."""
UNUSED_SPIDER_MIDDLEWARES = frozenset(
    {"scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware"}
)
"""A development aid that inspects every request a callback yields."""
UNUSED_DOWNLOAD_HANDLERS = frozenset({"s3", "ftp"})
"""URL schemes no news source is read from."""


def _base_without(name: str, unused: frozenset[str]) -> dict[str, Any]:
    """Scrapy's default `<name>_BASE` minus `unused`.

    Unused components are left out of the base instead of being set to None in
    `<name>`: Scrapy imports every component named there, even a disabled one, and
    some of these imports are slow (the remote-control extension alone imports
    aiohttp).  Start-up time matters: it is most of an incremental run's CPU.
    """
    from scrapy.settings import default_settings

    base: dict[str, Any] = getattr(default_settings, f"{name}_BASE")
    return {key: value for key, value in base.items() if key not in unused}


def scrapy_settings(crawl: CrawlConfig) -> dict[str, Any]:
    """The settings of every crawler of a run (one crawler per source)."""
    return {
        "BOT_NAME": "tallywatch",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.per_domain_concurrency,
        # Each response yields at most one item: Scrapy's default of 100 parallel items
        # only adds task overhead (measured: about 7% of the crawl's CPU, 25% of an
        # incremental run's; 4 and 1 measure the same).
        "CONCURRENT_ITEMS": CONCURRENT_ITEMS,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 1.0),
        "AUTOTHROTTLE_MAX_DELAY": MAX_AUTOTHROTTLE_DELAY,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.per_domain_concurrency),
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": crawl.timeout,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_GIVE_UP_LOG_LEVEL": "INFO",
        "TALLYWATCH_RETRY_BACKOFF": crawl.retry_backoff_seconds,
        "TALLYWATCH_MAX_RETRY_WAIT": crawl.max_retry_wait_seconds,
        "REDIRECT_MAX_TIMES": REDIRECT_MAX_TIMES,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_INSTALL_ROOT_HANDLER": False,
        "LOGSTATS_INTERVAL": 0,
        # Scrapy's statistics are never read: tallywatch counts in `CrawlStats`.
        "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector",
        "DOWNLOADER_STATS": False,
        "MEMUSAGE_ENABLED": False,
        "EXTENSIONS_BASE": _base_without("EXTENSIONS", UNUSED_EXTENSIONS),
        "DOWNLOAD_HANDLERS_BASE": _base_without("DOWNLOAD_HANDLERS", UNUSED_DOWNLOAD_HANDLERS),
        "SPIDER_MIDDLEWARES_BASE": _base_without("SPIDER_MIDDLEWARES", UNUSED_SPIDER_MIDDLEWARES),
        "SPIDER_MIDDLEWARES": {
            "tallywatch.crawler.middlewares.IncrementalMiddleware": 950,
        },
        "DOWNLOADER_MIDDLEWARES_BASE": _base_without(
            "DOWNLOADER_MIDDLEWARES", UNUSED_DOWNLOADER_MIDDLEWARES
        ),
        "DOWNLOADER_MIDDLEWARES": {
            "tallywatch.crawler.middlewares.RecordingOffsiteMiddleware": 50,
            "tallywatch.crawler.middlewares.PrivateRedirectMiddleware": 60,
            # after DownloadTimeoutMiddleware (350), which sets the configured timeout
            "tallywatch.crawler.middlewares.SourceBudgetMiddleware": 360,
            "tallywatch.crawler.middlewares.BackoffRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {"tallywatch.crawler.pipelines.ArticlePipeline": 300},
    }

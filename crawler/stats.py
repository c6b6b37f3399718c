"""Counters of one crawl run, overall and per source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from tallywatch.constants import SourceStatus


@dataclass(slots=True)
class CrawlStats:
    """What a crawl did; the first nine fields are also written onto the `CrawlRun` row."""

    pages: int = 0
    """Responses with a body: feeds, sitemaps, listing and article pages."""
    new_articles: int = 0
    updated: int = 0
    """Articles whose cleaned text changed: a new version was stored."""
    unchanged: int = 0
    """Articles downloaded again with the same body or the same cleaned text."""
    not_modified: int = 0
    """Articles answered 304 to a conditional request."""
    skipped: int = 0
    """Pages that held no article (recorded in `skipped_urls`)."""
    errors: int = 0
    figures: int = 0
    bytes_received: int = 0
    known: int = 0
    """URLs not requested: captured earlier and outside the watch window, or known non-articles."""
    blocked: int = 0
    """Requests refused by robots.txt or outside a source's allowed domains."""
    capped: int = 0
    """New URLs left for a later run by `crawl.max_articles_per_source`."""
    sources: int = 0
    """Sources whose crawl finished."""
    sources_failed: int = 0
    interrupted: bool = False
    """The crawl was stopped (SIGINT/SIGTERM) before every source was done."""
    failures: dict[str, str] = field(default_factory=dict)
    """Each failed source's name -> why it failed (its error summary)."""

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if isinstance(v, int) and k != "interrupted"}

    def copy(self) -> CrawlStats:
        return CrawlStats(**asdict(self))


@dataclass(slots=True)
class SourceTally:
    """One source's share of a run, enough to decide its status."""

    successes: int = 0
    errors: int = 0
    first_error: str | None = None
    entry_error: str | None = None
    """Set when the source's own URL (feed, sitemap, section page) failed."""
    aborted: bool = False

    def status(self) -> SourceStatus:
        if self.entry_error or (self.errors and not self.successes):
            return SourceStatus.FAILED
        return SourceStatus.PARTIAL if self.errors else SourceStatus.OK

    def error_summary(self) -> str | None:
        if self.entry_error:
            return self.entry_error
        if self.errors:
            return f"{self.errors} page error(s), first: {self.first_error}"
        return None

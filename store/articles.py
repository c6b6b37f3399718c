"""The storage side of a crawl: sources, runs, events, articles and their versions.

Every function takes the caller's `Session`, so the caller decides the transaction:
an article version and whatever its `on_new_version` hook writes (figures, alerts)
are committed together or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tallywatch.config.schema import SourceConfig
from tallywatch.extract.types import CleanedPage
from tallywatch.store.models import (
    Article,
    ArticleVersion,
    CrawlEvent,
    CrawlRun,
    SkippedUrl,
    Source,
    utcnow,
)

RUN_COUNT_FIELDS: tuple[str, ...] = (
    "pages",
    "new_articles",
    "updated",
    "unchanged",
    "not_modified",
    "skipped",
    "errors",
    "figures",
    "bytes_received",
)
"""CrawlRun columns written from the crawl's counters."""
SOURCE_STATUSES = ("ok", "partial", "failed")
LOOKUP_CHUNK = 500

VersionHook = Callable[[Session, ArticleVersion], int]
"""Called in the transaction that stores a new version; returns how many figures it stored."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _clip(value: str | None, length: int) -> str | None:
    return value[:length] if value else None


class SaveOutcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class SavedArticle:
    outcome: SaveOutcome
    article_id: int
    version_id: int | None
    figures: int = 0


@dataclass(frozen=True, slots=True)
class KnownUrl:
    """What the database knows about a URL before it is requested again."""

    url: str
    article_id: int | None
    """None when the URL was fetched before and held no article."""
    first_seen_at: datetime
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None

    @property
    def skipped(self) -> bool:
        return self.article_id is None


# -- sources and runs ------------------------------------------------------------------


def sync_sources(session: Session, configs: Iterable[SourceConfig]) -> dict[str, int]:
    """Get or create the `Source` row of each configured source; return name -> id."""
    configs = list(configs)
    names = [c.name for c in configs]
    rows = {s.name: s for s in session.scalars(select(Source).where(Source.name.in_(names)))}
    for config in configs:
        row = rows.get(config.name)
        if row is None:
            row = Source(name=config.name, kind=config.kind, url=config.url)
            session.add(row)
            rows[config.name] = row
        else:
            row.kind, row.url = config.kind, config.url
    session.flush()
    return {name: row.id for name, row in rows.items()}


def start_run(session: Session, worker: str | None = None) -> int:
    run = CrawlRun(worker=worker, started_at=utcnow(), status="running")
    session.add(run)
    session.flush()
    return run.id


def close_dead_runs(session: Session) -> int:
    """Mark runs still `running` as failed: call only while holding the cycle lock, when no
    other run can be alive (a process killed with SIGKILL cannot record its own end)."""
    result = session.execute(
        update(CrawlRun)
        .where(CrawlRun.status == "running")
        .values(status="failed", error="the run's process died", finished_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


def write_run_counts(session: Session, run_id: int, counts: Mapping[str, int]) -> None:
    values = {field: int(counts[field]) for field in RUN_COUNT_FIELDS if field in counts}
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(**values))


def finish_run(session: Session, run_id: int, status: str, error: str | None = None) -> None:
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(status=status, error=error, finished_at=utcnow())
    )


def record_event(
    session: Session,
    *,
    run_id: int | None,
    source_id: int | None,
    kind: str,
    detail: str | None,
    url: str | None = None,
    is_error: bool = True,
) -> None:
    session.add(
        CrawlEvent(
            run_id=run_id,
            source_id=source_id,
            url=url,
            kind=kind[:40],
            detail=detail.replace("\x00", "") if detail else detail,
            is_error=is_error,
            created_at=utcnow(),
        )
    )


def finish_source(
    session: Session,
    source_id: int,
    *,
    status: str,
    error: str | None = None,
    at: datetime | None = None,
) -> None:
    """Record how a source's crawl went: `ok`, `partial` (some pages failed) or `failed`."""
    if status not in SOURCE_STATUSES:
        raise ValueError(f"unknown source status {status!r}")
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"no source with id {source_id}")
    when = at or utcnow()
    source.last_run_at = when
    source.last_status = status
    source.last_error = error
    if status == "failed":
        source.consecutive_failures = (source.consecutive_failures or 0) + 1
    else:
        source.consecutive_failures = 0
        source.last_success_at = when


# -- articles --------------------------------------------------------------------------


def lookup_urls(session: Session, urls: Iterable[str]) -> dict[str, KnownUrl]:
    """Captured articles and skipped pages among `urls`, in a few batched queries."""
    wanted = list(dict.fromkeys(urls))
    known: dict[str, KnownUrl] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        for row in session.execute(
            select(
                Article.url,
                Article.id,
                Article.first_seen_at,
                Article.etag,
                Article.last_modified,
                Article.body_hash,
            ).where(Article.url.in_(chunk))
        ):
            known[row.url] = KnownUrl(
                row.url, row.id, row.first_seen_at, row.etag, row.last_modified, row.body_hash
            )
        for url, checked_at in session.execute(
            select(SkippedUrl.url, SkippedUrl.checked_at).where(SkippedUrl.url.in_(chunk))
        ):
            known.setdefault(url, KnownUrl(url, None, checked_at))
    return known


def touch_article(
    session: Session,
    article_id: int,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    body_hash: str | None = None,
    at: datetime | None = None,
) -> None:
    """An article re-checked without a change: only the check time and validators move."""
    values: dict[str, object] = {"last_checked_at": at or utcnow()}
    if etag:
        values["etag"] = etag
    if last_modified:
        values["last_modified"] = last_modified
    if body_hash:
        values["body_hash"] = body_hash
    session.execute(update(Article).where(Article.id == article_id).values(**values))


def save_article(
    session: Session,
    *,
    source_id: int,
    run_id: int | None,
    url: str,
    page: CleanedPage,
    body_hash: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    on_new_version: VersionHook | None = None,
    at: datetime | None = None,
) -> SavedArticle:
    """Upsert the article at `url`; append a version only when its text changed."""
    when = at or utcnow()
    digest = content_hash(page.text)
    article = session.scalar(select(Article).where(Article.url == url))
    if article is not None and article.version_count:
        latest_hash = session.scalar(
            select(ArticleVersion.content_hash).where(
                ArticleVersion.article_id == article.id,
                ArticleVersion.number == article.version_count,
            )
        )
        if latest_hash == digest:
            touch_article(
                session,
                article.id,
                etag=etag,
                last_modified=last_modified,
                body_hash=body_hash,
                at=when,
            )
            return SavedArticle(SaveOutcome.UNCHANGED, article.id, None)

    outcome = SaveOutcome.UPDATED if article is not None else SaveOutcome.NEW
    if article is None:
        article = Article(source_id=source_id, url=url, first_seen_at=when, version_count=0)
        session.add(article)
    article.canonical_url = page.canonical_url
    article.title = page.title
    article.author = page.author
    article.published = _clip(page.published, 40)
    article.language = _clip(page.language, 20)
    article.sitename = page.sitename
    article.last_checked_at = when
    article.last_changed_at = when
    article.etag = etag
    article.last_modified = last_modified
    article.body_hash = body_hash
    article.version_count = (article.version_count or 0) + 1
    session.flush()
    version = ArticleVersion(
        article_id=article.id,
        number=article.version_count,
        text=page.text,
        content_hash=digest,
        fetched_at=when,
        run_id=run_id,
    )
    session.add(version)
    session.flush()
    figures = on_new_version(session, version) if on_new_version is not None else 0
    return SavedArticle(outcome, article.id, version.id, figures)


def record_skipped(
    session: Session,
    *,
    url: str,
    source_id: int | None,
    reason: str,
    at: datetime | None = None,
) -> None:
    """Remember a URL that held no article, so it is not fetched and cleaned again."""
    row = session.scalar(select(SkippedUrl).where(SkippedUrl.url == url))
    if row is None:
        session.add(
            SkippedUrl(url=url, source_id=source_id, reason=reason, checked_at=at or utcnow())
        )
    else:
        row.reason = reason
        row.checked_at = at or utcnow()

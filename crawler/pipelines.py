"""The item pipeline: clean a fetched page, then store it in a batch with others.

Storing is batched: cleaned articles and re-check times wait in a `StoreBatch` and are
written several at a time, in one transaction per batch (at most `BATCH_SIZE` pages,
at most `BATCH_SECONDS` after the first one waited, and whenever a source finishes).
An article, its version and its figures are always in the same transaction, so a
crash loses at most the waiting pages (fetched again by the next run), never half of
one.  When a batch fails, its pages are stored again one per transaction, so one
bad page is recorded as an error without taking the others with it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from tallywatch.crawler.budget import PageStopped
from tallywatch.crawler.items import FetchedPage
from tallywatch.crawler.pages import Cleaned, NotArticle, Unusable
from tallywatch.store import articles as store
from tallywatch.store.models import utcnow

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from tallywatch.crawler.context import CrawlContext

log = logging.getLogger("tallywatch.crawler")

BATCH_SIZE = 50
"""Pages stored per transaction at most."""
BATCH_SECONDS = 1.0
"""Longest a page waits for its batch to fill before it is stored anyway."""

OUTCOME_COUNTERS = {
    store.SaveOutcome.NEW: "new_articles",
    store.SaveOutcome.UPDATED: "updated",
    store.SaveOutcome.UNCHANGED: "unchanged",
}


class ArticlePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticlePipeline:
        return cls(crawler)

    @property
    def context(self) -> CrawlContext:
        return self.crawler.spider.context  # type: ignore[union-attr]

    async def process_item(self, item: FetchedPage) -> FetchedPage:
        context = self.context
        try:
            await handle_page(context, item)
        except Exception as exc:  # one page must never end the crawl
            context.record(item.source, "internal", f"storing failed: {exc!r}", url=item.url)
        item.body = b""
        return item


@dataclass(slots=True)
class _Waiting:
    """A page whose database write waits in the batch, and what to count once it is done."""

    source: str
    url: str
    counter: str
    """The counter of a re-check (`not_modified`, `unchanged`); unused for an article."""
    touch: store.Touch | None = None
    write: store.ArticleWrite | None = None


@dataclass
class StoreBatch:
    """The writes of one crawl that wait to be committed together (see the module doc)."""

    context: CrawlContext
    size: int = BATCH_SIZE
    seconds: float = BATCH_SECONDS
    waiting: list[_Waiting] = field(default_factory=list)
    urls: set[str] = field(default_factory=set)
    _timer: asyncio.TimerHandle | None = None

    def __len__(self) -> int:
        return len(self.waiting)

    def holds_any(self, urls: Iterable[str]) -> bool:
        """Whether a write of one of `urls` is waiting."""
        return bool(self.urls) and any(url in self.urls for url in urls)

    def add(self, entry: _Waiting) -> None:
        self.waiting.append(entry)
        self.urls.add(entry.url)
        if len(self.waiting) >= self.size:
            self.flush()
        elif self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # not under the reactor: nothing will flush on time
                self.flush()
                return
            self._timer = loop.call_later(self.seconds, self.flush)

    def flush(self) -> None:
        """Commit every waiting write, then count them (or record why one failed)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        entries, self.waiting, self.urls = self.waiting, [], set()
        if not entries:
            return
        try:
            with self.context.db.session() as session:
                results = self._write(session, entries)
        except Exception as exc:
            if len(entries) == 1:
                self._failed(entries[0], exc)
                return
            log.warning("storing a batch of %d pages failed (%r); one by one", len(entries), exc)
            for entry in entries:
                self._retry_alone(entry)
            return
        for entry, saved in zip(entries, results, strict=True):
            self._count(entry, saved)

    def _retry_alone(self, entry: _Waiting) -> None:
        try:
            with self.context.db.session() as session:
                (saved,) = self._write(session, [entry])
        except Exception as exc:
            self._failed(entry, exc)
        else:
            self._count(entry, saved)

    def _failed(self, entry: _Waiting, exc: Exception) -> None:
        self.context.record(entry.source, "internal", f"storing failed: {exc!r}", url=entry.url)

    def _write(self, session: Session, entries: list[_Waiting]) -> list[store.SavedArticle | None]:
        touches = [e.touch for e in entries if e.touch is not None]
        if touches:
            store.touch_articles(session, touches)
        writes = [e.write for e in entries if e.write is not None]
        run_id = self.context.run_id
        saved = iter(store.save_articles(session, run_id=run_id, writes=writes) if writes else [])
        return [next(saved) if e.write is not None else None for e in entries]

    def _count(self, entry: _Waiting, saved: store.SavedArticle | None) -> None:
        context = self.context
        if saved is None:
            context.succeeded(entry.source, entry.counter)
            return
        context.succeeded(entry.source, OUTCOME_COUNTERS[saved.outcome])
        if saved.figures:
            context.count("figures", saved.figures)


async def handle_page(context: CrawlContext, item: FetchedPage) -> None:
    name, known = item.source, item.known
    batch = context.batch
    if item.status == 304:
        if known is not None and known.article_id is not None:
            touch = store.Touch(known.article_id, utcnow())
            batch.add(_Waiting(name, item.url, "not_modified", touch=touch))
        else:
            context.succeeded(name, "not_modified")
        return
    if known is not None and known.skipped:
        # A listing page fetched again only for its links: it is known to hold no article.
        context.tallies[name].successes += 1
        return
    article_id = known.article_id if known is not None else None
    body_hash = hashlib.sha256(item.body).hexdigest()
    if article_id is not None and known is not None and known.body_hash == body_hash:
        touch = store.Touch(article_id, utcnow(), item.etag, item.last_modified)
        batch.add(_Waiting(name, item.url, "unchanged", touch=touch))
        return

    try:
        prepared, figures = await context.cleaner.prepare(
            item.body, item.final_url, item.content_type
        )
    except PageStopped:
        log.info("stopping: %s left for the next run", item.url)
        return
    source_id = context.source_ids[name]
    if isinstance(prepared, Unusable):
        context.record(name, prepared.kind, prepared.detail, url=item.url)
        if prepared.permanent and known is None:
            with context.db.session() as session:
                store.record_skipped(
                    session, url=item.url, source_id=source_id, reason=prepared.detail
                )
        return
    if isinstance(prepared, NotArticle):
        context.record(name, "skipped", prepared.reason, url=item.url, is_error=False)
        if known is None:
            with context.db.session() as session:
                store.record_skipped(
                    session, url=item.url, source_id=source_id, reason=prepared.reason
                )
        context.succeeded(name, "skipped")
        return
    assert isinstance(prepared, Cleaned)
    if prepared.encoding_problem:
        context.record(name, "encoding", prepared.encoding_problem, url=item.url, is_error=False)
    write = store.ArticleWrite(
        source_id,
        item.url,
        prepared.page,
        body_hash,
        item.etag,
        item.last_modified,
        utcnow(),
        figures or (),
    )
    batch.add(_Waiting(name, item.url, "", write=write))

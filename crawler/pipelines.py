"""The item pipeline: clean a fetched page, store it, hand new versions to the processor."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from tallywatch.crawler.items import FetchedPage
from tallywatch.crawler.pages import Cleaned, NotArticle, Unusable
from tallywatch.store import articles as store

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from tallywatch.crawler.context import CrawlContext

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


async def handle_page(context: CrawlContext, item: FetchedPage) -> None:
    name, known = item.source, item.known
    if item.status == 304:
        if known is not None and known.article_id is not None:
            with context.db.session() as session:
                store.touch_article(session, known.article_id)
        context.succeeded(name, "not_modified")
        return
    if known is not None and known.skipped:
        # A listing page fetched again only for its links: it is known to hold no article.
        context.tallies[name].successes += 1
        return
    article_id = known.article_id if known is not None else None
    body_hash = hashlib.sha256(item.body).hexdigest()
    if article_id is not None and known is not None and known.body_hash == body_hash:
        with context.db.session() as session:
            store.touch_article(
                session, article_id, etag=item.etag, last_modified=item.last_modified
            )
        context.succeeded(name, "unchanged")
        return

    prepared = await context.cleaner.prepare(item.body, item.final_url, item.content_type)
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
    with context.db.session() as session:
        saved = store.save_article(
            session,
            source_id=source_id,
            run_id=context.run_id,
            url=item.url,
            page=prepared.page,
            body_hash=body_hash,
            etag=item.etag,
            last_modified=item.last_modified,
            on_new_version=context.processor,
        )
    context.succeeded(name, OUTCOME_COUNTERS[saved.outcome])
    if saved.figures:
        context.count("figures", saved.figures)

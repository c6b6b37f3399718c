"""Batched stores: `save_articles`, `touch_articles`, `add_figures`, and the crawler's
`StoreBatch` (one failing page does not take its batch with it; a gate lookup sees
the writes still waiting)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tallywatch.config import parse_settings
from tallywatch.crawler.context import CrawlContext
from tallywatch.crawler.pipelines import StoreBatch, _Waiting
from tallywatch.extract.types import CleanedPage, ExtractedFigure
from tallywatch.store import (
    Article,
    ArticleVersion,
    CrawlEvent,
    Database,
    Figure,
    FigureDecision,
    runs,
    sources,
    utcnow,
)
from tallywatch.store import articles as store
from tallywatch.store.figures import add_figures, save_figures, sentence_hash

SITE = "https://wire.example"
SENTENCE = "Officials said some 600 soldiers were killed."


@pytest.fixture
def source_id(db: Database) -> int:
    settings = parse_settings(
        {"sources": [{"name": "wire", "kind": "sitemap", "url": f"{SITE}/sitemap.xml"}]}
    )
    with db.session() as s:
        return sources.sync_sources(s, settings.sources)["wire"]


def write(source_id: int, path: str, text: str, **kw: Any) -> store.ArticleWrite:
    page = CleanedPage(text=text, title=path)
    return store.ArticleWrite(source_id, SITE + path, page, at=kw.pop("at", utcnow()), **kw)


def test_a_batch_behaves_like_saving_one_page_after_another(db: Database, source_id: int) -> None:
    earlier = utcnow() - timedelta(hours=5)
    with db.session() as s:
        store.save_article(
            s,
            source_id=source_id,
            run_id=None,
            url=SITE + "/c",
            page=CleanedPage(text="C"),
            at=earlier,
        )
    seen: list[tuple[str, int, bool]] = []

    def hook(session: Session, version: ArticleVersion) -> int:
        seen.append((version.text, version.number, version in session))
        return 1

    batch = [
        write(source_id, "/a", "A one", hook=hook),
        write(source_id, "/b", "B one", hook=hook),
        write(source_id, "/a", "A two", hook=hook),  # the same URL again: sees the first
        write(source_id, "/c", "C", etag='"x"', hook=hook),
    ]
    with db.session() as s:
        saved = store.save_articles(s, run_id=None, writes=batch)
    assert [r.outcome for r in saved] == ["new", "new", "updated", "unchanged"]
    assert [r.figures for r in saved] == [1, 1, 1, 0]
    assert saved[0].article_id == saved[2].article_id
    assert saved[3].version_id is None
    assert sorted(seen) == [("A one", 1, True), ("A two", 2, True), ("B one", 1, True)]
    with db.session() as s:
        a = s.scalar(select(Article).where(Article.url == SITE + "/a"))
        c = s.scalar(select(Article).where(Article.url == SITE + "/c"))
        assert a.version_count == 2 and [v.text for v in a.versions] == ["A one", "A two"]
        assert c.version_count == 1 and c.etag == '"x"'
        assert c.last_changed_at == earlier and c.last_checked_at > earlier


def test_a_failing_hook_rolls_back_the_whole_batch(db: Database, source_id: int) -> None:
    def broken(session: Session, version: ArticleVersion) -> int:
        if version.text == "B":
            raise RuntimeError("extractor crashed")
        return 0

    with pytest.raises(RuntimeError), db.session() as s:
        store.save_articles(
            s,
            run_id=None,
            writes=[
                write(source_id, "/a", "A", hook=broken),
                write(source_id, "/b", "B", hook=broken),
            ],
        )
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0
        assert s.scalar(select(func.count()).select_from(ArticleVersion)) == 0


def test_touch_articles_moves_only_the_given_validators(db: Database, source_id: int) -> None:
    with db.session() as s:
        saved = store.save_articles(
            s,
            run_id=None,
            writes=[
                write(source_id, "/a", "A", etag='"a"', last_modified="Mon"),
                write(source_id, "/b", "B", etag='"b"', last_modified="Tue"),
            ],
        )
    later = utcnow() + timedelta(minutes=1)
    with db.session() as s:
        store.touch_articles(
            s,
            [
                store.Touch(saved[0].article_id, later),
                store.Touch(saved[1].article_id, later, etag='"b2"', body_hash="h" * 64),
            ],
        )
    with db.session() as s:
        a, b = (s.get(Article, r.article_id) for r in saved)
        assert (a.etag, a.last_modified, a.last_checked_at) == ('"a"', "Mon", later)
        assert (b.etag, b.last_modified, b.body_hash) == ('"b2"', "Tue", "h" * 64)


def fig(value: int, metric: str = "killed") -> ExtractedFigure:
    return ExtractedFigure(
        topic="nk-troops",
        metric=metric,
        value=value,
        high=None,
        qualifier="approx",
        scope="cumulative",
        subject="soldiers",
        source="Officials",
        sentence=SENTENCE,
        start=20,
        end=23,
    )


COLUMNS = ("topic", "metric", "value", "qualifier", "sentence_hash", "status", "note", "detected")


def test_add_figures_stores_the_rows_save_figures_would(db: Database, source_id: int) -> None:
    with db.session() as s:
        s.add(
            FigureDecision(
                sentence_hash=sentence_hash(SENTENCE),
                topic="nk-troops",
                metric="killed",
                value=600,
                status="rejected",
                note="misread",
            )
        )
        saved = store.save_articles(
            s,
            run_id=None,
            writes=[write(source_id, "/a", SENTENCE), write(source_id, "/b", SENTENCE + " ")],
        )
        one, two = (s.get(ArticleVersion, r.version_id) for r in saved)
        found: list[tuple[ArticleVersion, Sequence[ExtractedFigure]]] = [
            (one, [fig(600), fig(4700, "casualties")]),
            (two, []),
        ]
        assert add_figures(s, found) == [2, 0]
        save_figures(s, two, [fig(600), fig(4700, "casualties")])
    with db.session() as s:
        rows = {
            version: [tuple(getattr(f, c) for c in COLUMNS) for f in figures]
            for version, figures in (
                (v, s.scalars(select(Figure).where(Figure.version_id == v).order_by(Figure.id)))
                for v in (saved[0].version_id, saved[1].version_id)
            )
        }
    assert rows[saved[0].version_id] == rows[saved[1].version_id]
    assert rows[saved[0].version_id][0][5:7] == ("rejected", "misread")


def crawl_context(db: Database, processor: Any) -> CrawlContext:
    settings = parse_settings(
        {"sources": [{"name": "wire", "kind": "sitemap", "url": f"{SITE}/sitemap.xml"}]}
    )
    with db.session() as s:
        ids = sources.sync_sources(s, settings.sources)
        run_id = runs.start_run(s)
    return CrawlContext(settings, db, run_id, ids, processor=processor)


def waiting(context: CrawlContext, path: str, text: str) -> _Waiting:
    page = CleanedPage(text=text)
    entry = store.ArticleWrite(context.source_ids["wire"], SITE + path, page, at=utcnow())
    return _Waiting("wire", SITE + path, "", write=entry)


def test_one_failing_page_is_recorded_and_the_rest_of_its_batch_is_stored(db: Database) -> None:
    def processor(session: Session, version: ArticleVersion) -> int:
        if "poison" in version.text:
            raise ValueError("cannot read this one")
        return 2

    context = crawl_context(db, processor)

    async def crawl() -> int:
        batch: StoreBatch = context.batch
        for path, text in (("/a", "A"), ("/b", "poison"), ("/c", "C")):
            batch.add(waiting(context, path, text))
        left = len(batch)
        batch.flush()
        return left

    assert asyncio.run(crawl()) == 3  # nothing was written before the flush
    with db.session() as s:
        urls = set(s.scalars(select(Article.url)))
        events = s.scalars(select(CrawlEvent)).all()
    assert urls == {SITE + "/a", SITE + "/c"}
    assert [(e.kind, e.url) for e in events] == [("internal", SITE + "/b")]
    assert "storing failed: ValueError('cannot read this one')" in events[0].detail
    assert (context.stats.new_articles, context.stats.figures, context.stats.errors) == (2, 4, 1)


def test_a_gate_lookup_sees_the_writes_still_waiting(db: Database) -> None:
    context = crawl_context(db, None)

    async def crawl() -> dict[str, store.KnownUrl]:
        context.batch.add(waiting(context, "/a", "A"))
        context.batch.add(waiting(context, "/b", "B"))
        assert len(context.batch) == 2
        return context.known_urls([SITE + "/a"])

    known = asyncio.run(crawl())
    assert not known[SITE + "/a"].skipped
    assert len(context.batch) == 0


class SplitCounter:
    """A split processor: counts words where the page is cleaned, stores them in one go."""

    def __init__(self) -> None:
        self.stores: list[int] = []

    def analyse(self, text: str) -> int:
        return len(text.split())

    def store(self, session: Session, found: Sequence[tuple[ArticleVersion, Any]]) -> list[int]:
        self.stores.append(len(found))
        return [words for _version, words in found]

    def __call__(self, session: Session, version: ArticleVersion) -> int:
        return self.store(session, [(version, self.analyse(version.text))])[0]


def test_a_split_processor_stores_a_whole_batch_at_once(db: Database) -> None:
    processor = SplitCounter()
    context = crawl_context(db, processor)

    async def crawl() -> None:
        for path, text in (("/a", "one two"), ("/b", "one two three")):
            entry = waiting(context, path, text)
            entry.found = processor.analyse(text)
            context.batch.add(entry)
        context.batch.flush()

    asyncio.run(crawl())
    assert processor.stores == [2]
    assert (context.stats.new_articles, context.stats.figures) == (2, 5)

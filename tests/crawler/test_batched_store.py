"""Batched stores: `save_articles`, `touch_articles`, `add_figures`, and the crawler's
`StoreBatch` (one failing page does not take its batch with it; a gate lookup sees
the writes still waiting)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
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
from tallywatch.store.figures import NewVersion, add_figures, save_figures, sentence_hash

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


def figure_rows(s: Session) -> list[tuple[str, int, int]]:
    """(version text, version number, figure value) of every stored figure."""
    rows = s.execute(
        select(ArticleVersion.text, ArticleVersion.number, Figure.value).join(
            Figure, Figure.version_id == ArticleVersion.id
        )
    )
    return sorted((text, number, value) for text, number, value in rows)


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
    batch = [
        write(source_id, "/a", "A one", figures=[fig(1)]),
        write(source_id, "/b", "B one", figures=[fig(2)]),
        write(source_id, "/a", "A two", figures=[fig(3)]),  # the same URL again: sees the first
        write(source_id, "/c", "C", etag='"x"', figures=[fig(4)]),  # unchanged: none stored
    ]
    with db.session() as s:
        saved = store.save_articles(s, run_id=None, writes=batch)
    assert [r.outcome for r in saved] == ["new", "new", "updated", "unchanged"]
    assert [r.figures for r in saved] == [1, 1, 1, 0]
    assert saved[0].article_id == saved[2].article_id
    assert saved[3].version_id is None
    with db.session() as s:
        assert figure_rows(s) == [("A one", 1, 1), ("A two", 2, 3), ("B one", 1, 2)]
        a = s.scalar(select(Article).where(Article.url == SITE + "/a"))
        c = s.scalar(select(Article).where(Article.url == SITE + "/c"))
        assert a.version_count == 2 and [v.text for v in a.versions] == ["A one", "A two"]
        assert c.version_count == 1 and c.etag == '"x"'
        assert c.last_changed_at == earlier and c.last_checked_at > earlier


UNSTORABLE = 2**70
"""A figure value no BIGINT column holds: its page's transaction fails on every backend."""


def test_a_page_that_cannot_be_stored_rolls_back_the_whole_batch(
    db: Database, source_id: int
) -> None:
    with pytest.raises(Exception, match="(?i)int|range"), db.session() as s:
        store.save_articles(
            s,
            run_id=None,
            writes=[
                write(source_id, "/a", "A", figures=[fig(600)]),
                write(source_id, "/b", "B", figures=[fig(UNSTORABLE)]),
            ],
        )
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0
        assert s.scalar(select(func.count()).select_from(ArticleVersion)) == 0
        assert s.scalar(select(func.count()).select_from(Figure)) == 0


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
        found = [
            NewVersion(one.id, one.article_id, [fig(600), fig(4700, "casualties")]),
            NewVersion(two.id, two.article_id, []),
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


def crawl_context(db: Database) -> CrawlContext:
    settings = parse_settings(
        {"sources": [{"name": "wire", "kind": "sitemap", "url": f"{SITE}/sitemap.xml"}]}
    )
    with db.session() as s:
        ids = sources.sync_sources(s, settings.sources)
        run_id = runs.start_run(s)
    return CrawlContext(settings, db, run_id, ids)


def waiting(
    context: CrawlContext, path: str, text: str, figures: Sequence[ExtractedFigure] = ()
) -> _Waiting:
    page = CleanedPage(text=text)
    source_id = context.source_ids["wire"]
    entry = store.ArticleWrite(source_id, SITE + path, page, at=utcnow(), figures=figures)
    return _Waiting("wire", SITE + path, "", write=entry)


def test_one_failing_page_is_recorded_and_the_rest_of_its_batch_is_stored(db: Database) -> None:
    context = crawl_context(db)

    async def crawl() -> int:
        batch: StoreBatch = context.batch
        pages = (
            ("/a", "A", [fig(1), fig(2)]),
            ("/b", "poison", [fig(UNSTORABLE)]),
            ("/c", "C", [fig(3), fig(4)]),
        )
        for path, text, figures in pages:
            batch.add(waiting(context, path, text, figures))
        left = len(batch)
        batch.flush()
        return left

    assert asyncio.run(crawl()) == 3  # nothing was written before the flush
    with db.session() as s:
        urls = set(s.scalars(select(Article.url)))
        events = s.scalars(select(CrawlEvent)).all()
        assert s.scalar(select(func.count()).select_from(Figure)) == 4
    assert urls == {SITE + "/a", SITE + "/c"}
    assert [(e.kind, e.url) for e in events] == [("internal", SITE + "/b")]
    assert "storing failed: " in events[0].detail
    assert (context.stats.new_articles, context.stats.figures, context.stats.errors) == (2, 4, 1)


def test_a_gate_lookup_sees_the_writes_still_waiting(db: Database) -> None:
    context = crawl_context(db)

    async def crawl() -> dict[str, store.KnownUrl]:
        context.batch.add(waiting(context, "/a", "A"))
        context.batch.add(waiting(context, "/b", "B"))
        assert len(context.batch) == 2
        return context.known_urls([SITE + "/a"])

    known = asyncio.run(crawl())
    assert not known[SITE + "/a"].skipped
    assert len(context.batch) == 0


def test_a_batch_stores_its_figures_in_one_statement(db: Database) -> None:
    context = crawl_context(db)
    inserts: list[int] = []

    def count_inserts(_conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO FIGURES"):
            inserts.append(len(params) if isinstance(params, list) else 1)

    async def crawl() -> None:
        for path, text, figures in (("/a", "one two", [fig(1), fig(2)]), ("/b", "three", [fig(3)])):
            context.batch.add(waiting(context, path, text, figures))
        context.batch.flush()

    event.listen(db.engine, "before_cursor_execute", count_inserts)
    try:
        asyncio.run(crawl())
    finally:
        event.remove(db.engine, "before_cursor_execute", count_inserts)
    assert len(inserts) == 1
    assert (context.stats.new_articles, context.stats.figures) == (2, 3)

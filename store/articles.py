"""Articles, their versions and the figures read from them, as a crawl stores them; and
the pages that held no article.

Every function takes the caller's `Session`, so the caller decides the transaction: an
article, its new version and the figures read from that version are committed together
or not at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, insert, select, update
from sqlalchemy.orm import Session

from tallywatch.extract.types import CleanedPage, ExtractedFigure
from tallywatch.store.figures import NewVersion, add_figures
from tallywatch.store.models import (
    Article,
    ArticleVersion,
    SkippedUrl,
    utcnow,
)

LOOKUP_CHUNK = 500

ARTICLES = cast(Table, Article.__table__)
VERSIONS = cast(Table, ArticleVersion.__table__)
"""The tables, for the batched writes (Core statements, no ORM objects per row)."""


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


@dataclass(frozen=True, slots=True)
class Touch:
    """One re-check without a change, for `touch_articles`."""

    article_id: int
    at: datetime
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


TOUCH_FIELDS = ("etag", "last_modified", "body_hash")


def touch_articles(session: Session, touches: Sequence[Touch]) -> None:
    """Move the check time (and the validators given) of many articles.

    One executemany UPDATE per combination of validators present: an incremental
    run answered mostly with 304s costs a statement per batch, not per page.
    """
    groups: dict[tuple[str, ...], list[dict[str, object]]] = {}
    for touch in touches:
        given = tuple(f for f in TOUCH_FIELDS if getattr(touch, f))
        row: dict[str, object] = {"b_id": touch.article_id, "last_checked_at": touch.at}
        row.update((f, getattr(touch, f)) for f in given)
        groups.setdefault(given, []).append(row)
    for given, rows in groups.items():
        values: dict[str, Any] = {f: bindparam(f) for f in ("last_checked_at", *given)}
        statement = update(ARTICLES).where(ARTICLES.c.id == bindparam("b_id")).values(values)
        session.connection().execute(statement, rows)


@dataclass(frozen=True, slots=True)
class ArticleWrite:
    """One cleaned page to store with `save_articles`, with the figures read from it.

    The figures are stored with the page's new version, when its text changed; a page
    whose text is unchanged keeps its earlier version and figures.
    """

    source_id: int
    url: str
    page: CleanedPage
    body_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    at: datetime | None = None
    figures: Sequence[ExtractedFigure] = ()


@dataclass(slots=True)
class _Current:
    """An article as the batch has left it so far."""

    article_id: int | None
    version_count: int
    latest_hash: str | None


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
    figures: Sequence[ExtractedFigure] = (),
    at: datetime | None = None,
) -> SavedArticle:
    """Upsert the article at `url`; append a version (with `figures`) only when its text
    changed."""
    write = ArticleWrite(
        source_id, url, page, body_hash, etag, last_modified, at or utcnow(), figures
    )
    return save_articles(session, run_id=run_id, writes=[write])[0]


def _current(session: Session, urls: list[str]) -> dict[str, _Current]:
    """The stored articles among `urls` with the content hash of their latest version."""
    found: dict[str, _Current] = {}
    for start in range(0, len(urls), LOOKUP_CHUNK):
        chunk = urls[start : start + LOOKUP_CHUNK]
        latest = and_(
            ArticleVersion.article_id == Article.id,
            ArticleVersion.number == Article.version_count,
        )
        query = (
            select(Article.url, Article.id, Article.version_count, ArticleVersion.content_hash)
            .outerjoin(ArticleVersion, latest)
            .where(Article.url.in_(chunk))
        )
        for url, article_id, count, digest in session.execute(query):
            found[url] = _Current(article_id, count or 0, digest)
    return found


def _rounds(writes: Sequence[ArticleWrite]) -> list[list[tuple[int, ArticleWrite]]]:
    """Split writes so that no URL occurs twice in a round (its second write must see the
    first); rounds keep the writes' order."""
    rounds: list[list[tuple[int, ArticleWrite]]] = []
    seen: dict[str, int] = {}
    for index, write in enumerate(writes):
        number = seen.get(write.url, -1) + 1
        seen[write.url] = number
        if number == len(rounds):
            rounds.append([])
        rounds[number].append((index, write))
    return rounds


def _metadata(write: ArticleWrite, when: datetime) -> dict[str, object]:
    page = write.page
    return {
        "canonical_url": page.canonical_url,
        "title": page.title,
        "author": page.author,
        "published": _clip(page.published, 40),
        "language": _clip(page.language, 20),
        "sitename": page.sitename,
        "last_checked_at": when,
        "last_changed_at": when,
        "etag": write.etag,
        "last_modified": write.last_modified,
        "body_hash": write.body_hash,
    }


def save_articles(
    session: Session, *, run_id: int | None, writes: Sequence[ArticleWrite]
) -> list[SavedArticle]:
    """Store many cleaned pages in the caller's transaction, with a few statements per batch.

    Each write behaves as `save_article` would in turn: a new URL becomes an article
    with version 1 and its figures, a changed text appends a version with its figures,
    an unchanged text only moves the check time and validators.  The writes are Core
    statements, a few per batch whatever its size: `Article` objects already loaded in
    `session` are not refreshed by them.
    """
    saved: dict[int, SavedArticle] = {}
    for batch in _rounds(writes):
        saved.update(_save_round(session, run_id, batch))
    return [saved[index] for index in range(len(writes))]


def _save_round(
    session: Session, run_id: int | None, batch: list[tuple[int, ArticleWrite]]
) -> dict[int, SavedArticle]:
    connection = session.connection()
    current = _current(session, [write.url for _i, write in batch])
    touches: list[Touch] = []
    created: list[tuple[int, ArticleWrite, datetime, str]] = []
    changed: list[tuple[int, ArticleWrite, datetime, str, _Current]] = []
    saved: dict[int, SavedArticle] = {}
    for index, write in batch:
        when = write.at or utcnow()
        digest = content_hash(write.page.text)
        state = current.get(write.url)
        if state is None:
            created.append((index, write, when, digest))
        elif state.version_count and state.latest_hash == digest:
            assert state.article_id is not None
            touch = Touch(state.article_id, when, write.etag, write.last_modified, write.body_hash)
            touches.append(touch)
            saved[index] = SavedArticle(SaveOutcome.UNCHANGED, state.article_id, None)
        else:
            changed.append((index, write, when, digest, state))
    if touches:
        touch_articles(session, touches)
    pending: list[tuple[int, ArticleWrite, datetime, str, int, int, SaveOutcome]] = []
    if created:
        rows = [
            {
                "source_id": write.source_id,
                "url": write.url,
                "first_seen_at": when,
                "version_count": 1,
                **_metadata(write, when),
            }
            for _index, write, when, _digest in created
        ]
        add_articles = insert(ARTICLES).returning(ARTICLES.c.id, sort_by_parameter_order=True)
        ids = connection.execute(add_articles, rows).scalars().all()
        for (index, write, when, digest), article_id in zip(created, ids, strict=True):
            pending.append((index, write, when, digest, article_id, 1, SaveOutcome.NEW))
    if changed:
        rows = []
        for index, write, when, digest, state in changed:
            assert state.article_id is not None
            number = state.version_count + 1
            rows.append(
                {"b_id": state.article_id, "version_count": number, **_metadata(write, when)}
            )
            outcome = SaveOutcome.UPDATED
            pending.append((index, write, when, digest, state.article_id, number, outcome))
        values: dict[str, Any] = {key: bindparam(key) for key in rows[0] if key != "b_id"}
        by_id = ARTICLES.c.id == bindparam("b_id")
        connection.execute(update(ARTICLES).where(by_id).values(values), rows)
    if not pending:
        return saved
    rows = [
        {
            "article_id": article_id,
            "number": number,
            "text": write.page.text,
            "content_hash": digest,
            "fetched_at": when,
            "run_id": run_id,
        }
        for _index, write, when, digest, article_id, number, _outcome in pending
    ]
    add_versions = insert(VERSIONS).returning(VERSIONS.c.id, sort_by_parameter_order=True)
    version_ids = connection.execute(add_versions, rows).scalars().all()
    new_versions = [
        NewVersion(version_id, article_id, write.figures)
        for (_i, write, _w, _d, article_id, _n, _o), version_id in zip(
            pending, version_ids, strict=True
        )
    ]
    counts = add_figures(session, new_versions)
    for entry, version, figures in zip(pending, new_versions, counts, strict=True):
        index, _write, _when, _digest, article_id, _number, outcome = entry
        saved[index] = SavedArticle(outcome, article_id, version.version_id, figures)
    return saved


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

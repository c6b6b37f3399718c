"""Articles as the command line, the web page and the export list them, and one article
with its versions, its figures highlighted in its text, and what changed between them.

An article's `source` is the configured source it was crawled from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.review.diff import DiffPiece, word_diff
from tallywatch.review.figures import FigureFilter, FigureRow, list_figures
from tallywatch.review.highlight import Segment, Span, segment_text
from tallywatch.review.paging import PER_PAGE, Page, iter_by_id, page_bounds
from tallywatch.store.models import Article, ArticleVersion, Figure, Source


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    text: str | None = None
    """Matched, case-insensitively, against the title, the URL and every version's text."""
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Bounds on when the article was new or last changed (`until` exclusive)."""
    topic: str | None = None
    """Only articles with a figure for this topic."""


ARTICLE_KEYS: tuple[str, ...] = (
    "id",
    "source",
    "url",
    "canonical_url",
    "title",
    "author",
    "published",
    "language",
    "sitename",
    "first_seen_at",
    "last_checked_at",
    "last_changed_at",
    "version_count",
    "figure_count",
)
"""The keys of an article everywhere it is printed or exported (README: Output keys)."""
TIMES = ("first_seen_at", "last_checked_at", "last_changed_at")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    source: str
    url: str
    canonical_url: str | None
    title: str | None
    author: str | None
    published: str | None
    language: str | None
    sitename: str | None
    first_seen_at: datetime
    last_checked_at: datetime | None
    last_changed_at: datetime | None
    version_count: int
    figure_count: int

    def record(self) -> dict[str, Any]:
        values = {key: getattr(self, key) for key in ARTICLE_KEYS}
        for key in TIMES:
            moment = values[key]
            values[key] = moment.isoformat() if moment is not None else None
        return values


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` literally anywhere (with `\\` as the escape)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: QueryableAttribute[Any], text: str, dialect: str) -> ColumnElement[bool]:
    """`column` contains `text`, ignoring case.

    SQLite's LIKE already ignores ASCII case, and is much faster than SQLAlchemy's
    portable `lower(x) LIKE lower(y)`; other databases get ILIKE.
    """
    pattern = like_pattern(text)
    if dialect == "sqlite":
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


def _article_conditions(filt: ArticleFilter, dialect: str) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.text:
        in_text = Article.id.in_(
            select(ArticleVersion.article_id).where(
                contains(ArticleVersion.text, filt.text, dialect)
            )
        )
        conditions.append(
            or_(
                contains(Article.title, filt.text, dialect),
                contains(Article.url, filt.text, dialect),
                in_text,
            )
        )
    if filt.source:
        conditions.append(
            Article.source_id.in_(select(Source.id).where(Source.name == filt.source))
        )
    if filt.since is not None:
        conditions.append(Article.last_changed_at >= filt.since)
    if filt.until is not None:
        conditions.append(Article.last_changed_at < filt.until)
    if filt.topic:
        conditions.append(
            Article.id.in_(select(Figure.article_id).where(Figure.topic == filt.topic))
        )
    return conditions


NEWEST_CHANGE = (Article.last_changed_at.desc(), Article.id.desc())
"""Listing order: the article new or changed last comes first."""


def _article_rows(session: Session, ids: list[int]) -> list[ArticleRow]:
    if not ids:
        return []
    figure_count = (
        select(func.count(Figure.id)).where(Figure.article_id == Article.id).scalar_subquery()
    )
    stmt = (
        select(Article, Source.name, figure_count.label("figures"))
        .join(Source)
        .where(Article.id.in_(ids))
    )
    found = {
        a.id: ArticleRow(
            id=a.id,
            source=source,
            url=a.url,
            canonical_url=a.canonical_url,
            title=a.title,
            author=a.author,
            published=a.published,
            language=a.language,
            sitename=a.sitename,
            first_seen_at=a.first_seen_at,
            last_checked_at=a.last_checked_at,
            last_changed_at=a.last_changed_at,
            version_count=a.version_count,
            figure_count=figures,
        )
        for a, source, figures in session.execute(stmt)
    }
    return [found[i] for i in ids if i in found]


def search_articles(
    session: Session, filt: ArticleFilter, page: int = 1, per_page: int | None = PER_PAGE
) -> Page[ArticleRow]:
    """Articles matching `filt`, the one new or changed last first.

    The matching ids are read in one pass (a text search reads every text once, not
    once to count and again to page), then the page's rows are read by id.
    """
    page, offset = page_bounds(page, per_page)
    dialect = session.get_bind().dialect.name
    matching = session.scalars(
        select(Article.id).where(*_article_conditions(filt, dialect)).order_by(*NEWEST_CHANGE)
    ).all()
    ids = list(matching[offset : offset + per_page] if per_page else matching)
    return Page(_article_rows(session, ids), len(matching), page, per_page)


def iter_articles(session: Session, filt: ArticleFilter) -> Iterator[ArticleRow]:
    """Every article matching `filt`, oldest first, a batch at a time."""
    conditions = _article_conditions(filt, session.get_bind().dialect.name)
    return iter_by_id(session, Article.id, conditions, lambda ids: _article_rows(session, ids))


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    number: int
    fetched_at: datetime
    content_hash: str
    run_id: int | None
    characters: int
    figure_count: int

    def record(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "fetched_at": self.fetched_at.isoformat(),
            "content_hash": self.content_hash,
            "run_id": self.run_id,
            "characters": self.characters,
            "figure_count": self.figure_count,
        }


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article: its metadata, its versions, and the shown version's text cut around
    its figures, those figures, and what changed from the version before."""

    article: ArticleRow
    versions: list[VersionInfo]
    version: VersionInfo | None
    """The version shown (the latest unless one was asked for)."""
    text: str
    segments: list[Segment]
    figures: list[FigureRow]
    diff: list[DiffPiece] | None
    """Changes from the previous version to the shown one; None for a first version."""

    def record(self) -> dict[str, Any]:
        """`show --json`: the article's keys, its versions, and the shown version's
        number, text, figures and diff (pieces: kind, text)."""
        return {
            **self.article.record(),
            "versions": [v.record() for v in self.versions],
            "version": self.version.number if self.version else None,
            "text": self.text,
            "figures": [f.record() for f in self.figures],
            "diff": [{"kind": p.kind, "text": p.text} for p in self.diff]
            if self.diff is not None
            else None,
        }


def _span_label(row: FigureRow) -> str:
    value = f"{row.value}-{row.high}" if row.high is not None else str(row.value)
    return f"{row.topic or 'no topic'} {row.metric} {value} {row.qualifier}"


class NoSuchVersion(LookupError):
    pass


def article_view(
    session: Session, article_id: int, version_number: int | None = None
) -> ArticleView | None:
    """One article with the chosen version (the latest by default), or None when there
    is no such article; `NoSuchVersion` when it has no such version."""
    rows = _article_rows(session, [article_id])
    if not rows:
        return None
    figures_per_version = (
        select(func.count(Figure.id)).where(Figure.version_id == ArticleVersion.id)
    ).scalar_subquery()
    versions = [
        VersionInfo(*row)
        for row in session.execute(
            select(
                ArticleVersion.id,
                ArticleVersion.number,
                ArticleVersion.fetched_at,
                ArticleVersion.content_hash,
                ArticleVersion.run_id,
                func.length(ArticleVersion.text),
                figures_per_version,
            )
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.number)
        )
    ]
    by_number = {v.number: v for v in versions}
    shown = versions[-1] if versions else None
    if version_number is not None:
        shown = by_number.get(version_number)
        if shown is None:
            raise NoSuchVersion(f"article {article_id} has no version {version_number}")
    text = ""
    segments: list[Segment] = []
    figures: list[FigureRow] = []
    diff: list[DiffPiece] | None = None
    if shown is not None:
        text = (
            session.scalar(select(ArticleVersion.text).where(ArticleVersion.id == shown.id)) or ""
        )
        figures = sorted(
            list_figures(session, FigureFilter(version_id=shown.id), per_page=None).rows,
            key=lambda f: (f.start, f.id),
        )
        spans = [Span(f.start, f.end, f.id, _span_label(f), f.status) for f in figures]
        segments = segment_text(text, spans)
        earlier = by_number.get(shown.number - 1)
        if earlier is not None:
            old = session.scalar(select(ArticleVersion.text).where(ArticleVersion.id == earlier.id))
            diff = word_diff(old or "", text)
    return ArticleView(rows[0], versions, shown, text, segments, figures, diff)

"""Article queries: search, and one article with its versions, highlights and diff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.review.diff import DiffPiece, word_diff
from tallywatch.review.highlight import Segment, Span, segment_text
from tallywatch.review.queries import (
    PER_PAGE,
    FigureFilter,
    FigureRow,
    Page,
    list_figures,
    page_bounds,
)
from tallywatch.store.models import Article, ArticleVersion, Figure, Source


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    text: str | None = None
    """Matched, case-insensitively, against the title, the URL and every version's text."""
    source: str | None = None
    since: datetime | None = None
    """First seen at or after."""
    topic: str | None = None
    """Only articles with a figure for this topic."""


@dataclass(frozen=True, slots=True)
class ArticleRow:
    id: int
    title: str | None
    url: str
    source_name: str
    published: str | None
    first_seen_at: datetime
    last_changed_at: datetime | None
    version_count: int
    figure_count: int


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
        conditions.append(Article.first_seen_at >= filt.since)
    if filt.topic:
        conditions.append(
            Article.id.in_(select(Figure.article_id).where(Figure.topic == filt.topic))
        )
    return conditions


def search_articles(
    session: Session, filt: ArticleFilter, page: int = 1, per_page: int = PER_PAGE
) -> Page[ArticleRow]:
    """Articles matching `filt`, most recently seen first.

    The matching ids are read in one pass (a text search reads every text once, not
    once to count and again to page), then the page's rows are read by id.
    """
    page, offset = page_bounds(page, per_page)
    dialect = session.get_bind().dialect.name
    matching = session.scalars(
        select(Article.id)
        .where(*_article_conditions(filt, dialect))
        .order_by(Article.first_seen_at.desc(), Article.id.desc())
    ).all()
    ids = list(matching[offset : offset + per_page])
    if not ids:
        return Page([], len(matching), page, per_page)
    figure_count = (
        select(func.count(Figure.id)).where(Figure.article_id == Article.id).scalar_subquery()
    )
    stmt = (
        select(Article, Source.name, figure_count.label("figures"))
        .join(Source)
        .where(Article.id.in_(ids))
        .order_by(Article.first_seen_at.desc(), Article.id.desc())
    )
    rows = [
        ArticleRow(
            id=a.id,
            title=a.title,
            url=a.url,
            source_name=source_name,
            published=a.published,
            first_seen_at=a.first_seen_at,
            last_changed_at=a.last_changed_at,
            version_count=a.version_count,
            figure_count=figures,
        )
        for a, source_name, figures in session.execute(stmt)
    ]
    return Page(rows, len(matching), page, per_page)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    number: int
    fetched_at: datetime
    content_hash: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: int
    title: str | None
    url: str
    canonical_url: str | None
    author: str | None
    published: str | None
    language: str | None
    sitename: str | None
    source_name: str
    first_seen_at: datetime
    last_checked_at: datetime | None
    last_changed_at: datetime | None
    versions: list[VersionInfo]
    version: VersionInfo | None
    """The version shown (the latest unless one was asked for)."""
    segments: list[Segment]
    figures: list[FigureRow]
    diff: list[DiffPiece] | None
    """Changes from the previous version to the shown one; None for a first version."""


def _span_label(row: FigureRow) -> str:
    value = f"{row.value}-{row.high}" if row.high is not None else str(row.value)
    return f"{row.topic or 'no topic'} {row.metric} {value} {row.qualifier}"


def article_view(
    session: Session, article_id: int, version_number: int | None = None
) -> ArticleView | None:
    """One article with the chosen version's text cut around its figures, or None."""
    found = session.execute(
        select(Article, Source.name).join(Source).where(Article.id == article_id)
    ).first()
    if found is None:
        return None
    article, source_name = found
    versions = [
        VersionInfo(v.id, v.number, v.fetched_at, v.content_hash)
        for v in session.execute(
            select(
                ArticleVersion.id,
                ArticleVersion.number,
                ArticleVersion.fetched_at,
                ArticleVersion.content_hash,
            )
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.number)
        )
    ]
    by_number = {v.number: v for v in versions}
    shown = by_number.get(version_number) if version_number is not None else None
    if shown is None and versions:
        shown = versions[-1]
    segments: list[Segment] = []
    figures: list[FigureRow] = []
    diff: list[DiffPiece] | None = None
    if shown is not None:
        text = session.scalar(select(ArticleVersion.text).where(ArticleVersion.id == shown.id))
        figures = sorted(
            list_figures(session, FigureFilter(version_id=shown.id), per_page=10_000).rows,
            key=lambda f: (f.start, f.id),
        )
        spans = [Span(f.start, f.end, f.id, _span_label(f), f.status) for f in figures]
        segments = segment_text(text or "", spans)
        earlier = by_number.get(shown.number - 1)
        if earlier is not None:
            old = session.scalar(select(ArticleVersion.text).where(ArticleVersion.id == earlier.id))
            diff = word_diff(old or "", text or "")
    return ArticleView(
        id=article.id,
        title=article.title,
        url=article.url,
        canonical_url=article.canonical_url,
        author=article.author,
        published=article.published,
        language=article.language,
        sitename=article.sitename,
        source_name=source_name,
        first_seen_at=article.first_seen_at,
        last_checked_at=article.last_checked_at,
        last_changed_at=article.last_changed_at,
        versions=versions,
        version=shown,
        segments=segments,
        figures=figures,
        diff=diff,
    )

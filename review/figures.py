"""Figures as the command line, the web page and the export list them.

A figure's `source` is the configured source its article was crawled from; `cited` is who
the figure is attributed to in the text ("South Korea's National Intelligence Service").
Its `reported` day is its article's publication date where the page gives one, else the
day it was read (`alerts.wording.reported_day`, the rule alerts use too).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import case, false, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.alerts.series import held_ids
from tallywatch.alerts.wording import reported_day
from tallywatch.config import Settings
from tallywatch.review.highlight import MarkedSentence, mark_sentence
from tallywatch.review.paging import PER_PAGE, Page, iter_by_id, paged
from tallywatch.store.models import Article, ArticleVersion, Figure, Source


@dataclass(frozen=True, slots=True)
class FigureFilter:
    topic: str | None = None
    metric: str | None = None
    status: str | None = None
    source: str | None = None
    """The name of the configured source the article came from."""
    since: datetime | None = None
    until: datetime | None = None
    """Bounds on when the figure was captured (`until` exclusive)."""
    article_id: int | None = None
    version_id: int | None = None
    held: bool = False
    """Only figures held back from their topic's series, far above it (`alerts.max_jump`):
    resolved into `ids` by `with_held`, which reads the series."""
    ids: frozenset[int] | None = None
    """Only these figures."""


FIGURE_KEYS: tuple[str, ...] = (
    "id",
    "topic",
    "metric",
    "value",
    "high",
    "qualifier",
    "scope",
    "subject",
    "cited",
    "status",
    "note",
    "sentence",
    "start",
    "end",
    "reported",
    "source",
    "article_id",
    "article_title",
    "article_url",
    "published",
    "version",
    "created_at",
)
"""The keys of a figure everywhere it is printed or exported (README: Output keys)."""


@dataclass(frozen=True, slots=True)
class FigureRow:
    id: int
    topic: str | None
    metric: str
    value: int
    high: int | None
    qualifier: str
    scope: str
    subject: str | None
    cited: str | None
    status: str
    note: str | None
    sentence: MarkedSentence
    start: int
    end: int
    reported: str
    source: str
    article_id: int
    article_title: str | None
    article_url: str
    published: str | None
    version: int
    created_at: datetime

    def record(self) -> dict[str, Any]:
        """The figure as JSON and export rows give it, keyed by `FIGURE_KEYS`."""
        values = {key: getattr(self, key) for key in FIGURE_KEYS}
        values["sentence"] = self.sentence.text
        values["created_at"] = self.created_at.isoformat()
        return values


def figure_conditions(filt: FigureFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filt.topic is not None:
        conditions.append(Figure.topic == filt.topic)
    if filt.metric is not None:
        conditions.append(Figure.metric == filt.metric)
    if filt.status is not None:
        conditions.append(Figure.status == filt.status)
    if filt.since is not None:
        conditions.append(Figure.created_at >= filt.since)
    if filt.until is not None:
        conditions.append(Figure.created_at < filt.until)
    if filt.article_id is not None:
        conditions.append(Figure.article_id == filt.article_id)
    if filt.version_id is not None:
        conditions.append(Figure.version_id == filt.version_id)
    if filt.ids is not None:
        conditions.append(Figure.id.in_(sorted(filt.ids)) if filt.ids else false())
    if filt.source is not None:
        conditions.append(
            Figure.article_id.in_(select(Article.id).join(Source).where(Source.name == filt.source))
        )
    return conditions


def with_held(session: Session, settings: Settings, filt: FigureFilter) -> FigureFilter:
    """`filt` with its `held` asking resolved into the ids of the figures held back from
    their series (`alerts.series.held_ids`): of its topic, or of every configured one."""
    if not filt.held or filt.ids is not None:
        return filt
    topics = settings.topic_names(filt.topic)
    held = frozenset(i for topic in topics for i in held_ids(session, settings, topic))
    return replace(filt, ids=held)


def with_article(*columns: Any) -> Select[Any]:
    """`columns` of figures, with their article and its source joined."""
    return (
        select(*columns)
        .join(Article, Figure.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
    )


def _rows_by_id(ids: list[int], descending: bool) -> Select[Any]:
    """The columns of `FigureRow` for these figures, with the text windows the highlight
    needs (the number as it stands in the text, and the text before it)."""
    length = func.length(Figure.sentence)
    window_start = case((Figure.start > length, Figure.start - length), else_=0)
    return (
        with_article(
            Figure,
            func.substr(ArticleVersion.text, Figure.start + 1, Figure.end - Figure.start).label(
                "phrase"
            ),
            func.substr(ArticleVersion.text, window_start + 1, Figure.end - window_start).label(
                "window"
            ),
            ArticleVersion.number,
            Article.published,
            Article.title,
            Article.url,
            Source.name,
        )
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .where(Figure.id.in_(ids))
        .order_by(Figure.id.desc() if descending else Figure.id)
    )


def figure_rows(session: Session, ids: list[int], descending: bool = True) -> list[FigureRow]:
    """The rows of these figures, by id (newest first unless not `descending`)."""
    if not ids:
        return []
    return [
        FigureRow(
            id=f.id,
            topic=f.topic,
            metric=f.metric,
            value=f.value,
            high=f.high,
            qualifier=f.qualifier,
            scope=f.scope,
            subject=f.subject,
            cited=f.source,
            status=f.status,
            note=f.note,
            sentence=mark_sentence(f.sentence, phrase, window),
            start=f.start,
            end=f.end,
            reported=reported_day(published, f.created_at),
            source=source,
            article_id=f.article_id,
            article_title=title,
            article_url=url,
            published=published,
            version=number,
            created_at=f.created_at,
        )
        for f, phrase, window, number, published, title, url, source in session.execute(
            _rows_by_id(ids, descending)
        )
    ]


def list_figures(
    session: Session, filt: FigureFilter, page: int = 1, per_page: int | None = PER_PAGE
) -> Page[FigureRow]:
    """Figures matching `filt`, newest first, with the number marked in each sentence.

    The page's ids are found first (an index walk); the joins and the text windows for
    the highlight are then read for those rows only.
    """
    query = select(Figure.id).where(*figure_conditions(filt)).order_by(Figure.id.desc())
    page, total, ids = paged(session, query, page, per_page)
    return Page(figure_rows(session, ids), total, page, per_page)


def iter_figures(session: Session, filt: FigureFilter) -> Iterator[FigureRow]:
    """Every figure matching `filt`, oldest first, a batch at a time."""
    return iter_by_id(
        session,
        Figure.id,
        figure_conditions(filt),
        lambda ids: figure_rows(session, ids, descending=False),
    )


@dataclass(frozen=True, slots=True)
class FigurePlace:
    """Where one figure is shown: its article, at the version it was read from."""

    figure_id: int
    article_id: int
    version: int


def figure_place(session: Session, figure_id: int) -> FigurePlace | None:
    row = session.execute(
        select(Figure.article_id, ArticleVersion.number)
        .join(ArticleVersion, ArticleVersion.id == Figure.version_id)
        .where(Figure.id == figure_id)
    ).first()
    return FigurePlace(figure_id, row[0], row[1]) if row is not None else None

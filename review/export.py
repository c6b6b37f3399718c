"""Export articles, figures or alerts as CSV or JSON Lines, streamed from the database.

Rows are read in batches, so an export of the whole database does not load it into
memory.  In CSV, text that a spreadsheet would run as a formula (a cell starting with
=, +, -, @, tab or carriage return) is prefixed with an apostrophe: article text is
untrusted, and this file is meant to be opened in spreadsheets.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal, TextIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from tallywatch.store.models import Alert, Article, ArticleVersion, Figure, Source

What = Literal["articles", "figures", "alerts"]
Format = Literal["csv", "jsonl"]
BATCH = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FIELDS: dict[str, tuple[str, ...]] = {
    "articles": (
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
    ),
    "figures": (
        "id",
        "topic",
        "metric",
        "value",
        "high",
        "qualifier",
        "scope",
        "subject",
        "attributed_to",
        "status",
        "note",
        "sentence",
        "article_id",
        "version",
        "source",
        "article_url",
        "article_title",
        "published",
        "created_at",
    ),
    "alerts": (
        "id",
        "kind",
        "topic",
        "metric",
        "previous",
        "previous_source",
        "previous_date",
        "value",
        "high",
        "qualifier",
        "attributed_to",
        "source_previous",
        "source_previous_date",
        "figure_id",
        "article_id",
        "article_url",
        "article_title",
        "article_published",
        "summary",
        "created_at",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
    ),
}


def _articles(since: datetime | None, topic: str | None) -> Executable:
    figure_count = (
        select(func.count(Figure.id)).where(Figure.article_id == Article.id).scalar_subquery()
    )
    stmt = (
        select(
            Article.id,
            Source.name.label("source"),
            Article.url,
            Article.canonical_url,
            Article.title,
            Article.author,
            Article.published,
            Article.language,
            Article.sitename,
            Article.first_seen_at,
            Article.last_checked_at,
            Article.last_changed_at,
            Article.version_count,
            figure_count.label("figure_count"),
        )
        .join(Source)
        .order_by(Article.id)
    )
    if since is not None:
        stmt = stmt.where(Article.first_seen_at >= since)
    if topic is not None:
        stmt = stmt.where(Article.id.in_(select(Figure.article_id).where(Figure.topic == topic)))
    return stmt


def _figures(since: datetime | None, topic: str | None) -> Executable:
    stmt = (
        select(
            Figure.id,
            Figure.topic,
            Figure.metric,
            Figure.value,
            Figure.high,
            Figure.qualifier,
            Figure.scope,
            Figure.subject,
            Figure.source.label("attributed_to"),
            Figure.status,
            Figure.note,
            Figure.sentence,
            Figure.article_id,
            ArticleVersion.number.label("version"),
            Source.name.label("source"),
            Article.url.label("article_url"),
            Article.title.label("article_title"),
            Article.published,
            Figure.created_at,
        )
        .join(ArticleVersion, Figure.version_id == ArticleVersion.id)
        .join(Article, Figure.article_id == Article.id)
        .join(Source, Article.source_id == Source.id)
        .order_by(Figure.id)
    )
    if since is not None:
        stmt = stmt.where(Figure.created_at >= since)
    if topic is not None:
        stmt = stmt.where(Figure.topic == topic)
    return stmt


def _alerts(since: datetime | None, topic: str | None) -> Executable:
    stmt = select(
        *(
            Alert.source.label(name) if name == "attributed_to" else getattr(Alert, name)
            for name in FIELDS["alerts"]
        )
    ).order_by(Alert.id)
    if since is not None:
        stmt = stmt.where(Alert.created_at >= since)
    if topic is not None:
        stmt = stmt.where(Alert.topic == topic)
    return stmt


QUERIES = {"articles": _articles, "figures": _figures, "alerts": _alerts}


def export_rows(
    session: Session, what: What, since: datetime | None = None, topic: str | None = None
) -> Iterator[dict[str, Any]]:
    """Each row of `what` as a dict keyed by FIELDS[what], in id order."""
    stmt = QUERIES[what](since, topic).execution_options(yield_per=BATCH)
    for row in session.execute(stmt):
        yield dict(zip(FIELDS[what], row, strict=True))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_export(rows: Iterator[dict[str, Any]], fmt: Format, what: What, out: TextIO) -> int:
    """Write `rows` to `out`; returns how many were written.  CSV gets a header row."""
    count = 0
    if fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(FIELDS[what])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row.values()])
            count += 1
        return count
    for row in rows:
        out.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        count += 1
    return count

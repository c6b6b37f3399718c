"""Export articles, figures, alerts, or the latest figure of each cited source, as CSV or
JSON Lines: the rows and keys the listings give, streamed from the database.

The rows come from the same queries and filters as the listings (`tallywatch figures`,
the web page's figures page, ...), in id order, read in batches, so an export of the
whole database does not load it into memory.  In CSV, text that a spreadsheet would run
as a formula (a cell starting with =, +, -, @, tab or carriage return) is prefixed with
an apostrophe: article text is untrusted, and this file is meant to be opened in
spreadsheets.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO

from sqlalchemy.orm import Session

from tallywatch.config import Settings
from tallywatch.review.alerts import ALERT_KEYS, AlertFilter, iter_alerts
from tallywatch.review.articles import ARTICLE_KEYS, ArticleFilter, iter_articles
from tallywatch.review.cited import BY_SOURCE_KEYS, latest_by_cited
from tallywatch.review.figures import FIGURE_KEYS, FigureFilter, iter_figures, with_held

What = Literal["articles", "figures", "alerts", "by-source"]
Format = Literal["csv", "jsonl"]
WHAT: tuple[What, ...] = ("articles", "figures", "alerts", "by-source")
FORMATS: tuple[Format, ...] = ("csv", "jsonl")
MEDIA_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FIELDS: dict[What, tuple[str, ...]] = {
    "articles": ARTICLE_KEYS,
    "figures": FIGURE_KEYS,
    "alerts": ALERT_KEYS,
    "by-source": BY_SOURCE_KEYS,
}
"""The columns of each export: the keys its listing prints with `--json`."""

Filter = ArticleFilter | FigureFilter | AlertFilter


def export_rows(
    session: Session, what: What, filt: Filter, settings: Settings
) -> Iterator[dict[str, Any]]:
    """Each row of `what` matching `filt` as a dict keyed by `FIELDS[what]`.

    `by-source` takes a `FigureFilter`'s topic and metric: each metric's latest figure of
    each cited source, for that topic (or every configured topic)."""
    if what == "articles":
        assert isinstance(filt, ArticleFilter)
        yield from (row.record() for row in iter_articles(session, filt))
    elif what == "figures":
        assert isinstance(filt, FigureFilter)
        filt = with_held(session, settings, filt)
        yield from (row.record() for row in iter_figures(session, filt))
    elif what == "alerts":
        assert isinstance(filt, AlertFilter)
        base_url = settings.review.base_url
        yield from (row.record(base_url) for row in iter_alerts(session, filt))
    else:
        assert isinstance(filt, FigureFilter)
        topics = settings.topic_names(filt.topic)
        metrics = [filt.metric] if filt.metric else []
        for topic in topics:
            for rows in latest_by_cited(session, settings, topic, metrics).values():
                yield from (row.record() for row in rows)


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_lines(rows: Iterable[dict[str, Any]], fmt: Format, what: What) -> Iterator[str]:
    """The export as text, a line (a row) at a time; CSV starts with its header."""
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = _LineBuffer()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS[what])
    yield buffer.take()
    for row in rows:
        writer.writerow([_csv_cell(row[key]) for key in FIELDS[what]])
        yield buffer.take()


def write_export(rows: Iterable[dict[str, Any]], fmt: Format, what: What, out: TextIO) -> int:
    """Write `rows` to `out`; returns how many were written."""
    lines = export_lines(rows, fmt, what)
    if fmt == "csv":
        out.write(next(lines))
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count


class _LineBuffer:
    """Where the CSV writer puts a row, for `export_lines` to hand it on."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text

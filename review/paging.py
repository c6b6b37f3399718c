"""Pages of rows: what a listing shows, and how many rows match in all; and the whole
of a listing, a batch at a time, for an export.

The web pages show `PER_PAGE` rows at a time; the command line shows `--limit` rows
(`per_page=None`: all of them).  Both say how many more there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

PER_PAGE = 50
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    """How many rows match in all."""
    page: int
    per_page: int | None
    """None: every matching row is in `rows`."""

    @property
    def pages(self) -> int:
        if not self.per_page:
            return 1
        return max(1, ceil(self.total / self.per_page))

    @property
    def hidden(self) -> int:
        """Matching rows not in this page (on other pages, or past the limit)."""
        return max(0, self.total - len(self.rows))


def page_bounds(page: int, per_page: int | None) -> tuple[int, int]:
    """The page number (at least 1) and how many rows come before it."""
    page = max(1, page)
    return page, (page - 1) * per_page if per_page else 0


BATCH = 1000
"""Rows an iteration over a whole table reads at a time (an export)."""


def paged(
    session: Session, query: Select[Any], page: int, per_page: int | None
) -> tuple[int, int, list[Any]]:
    """The page number, how many rows `query` matches in all, and the page's rows (the
    first column of each)."""
    page, offset = page_bounds(page, per_page)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    if per_page:
        query = query.limit(per_page).offset(offset)
    return page, total or 0, list(session.scalars(query))


def iter_by_id(
    session: Session,
    id_column: InstrumentedAttribute[int],
    conditions: Sequence[ColumnElement[bool]],
    rows_of: Callable[[list[int]], Iterable[T]],
) -> Iterator[T]:
    """The rows of every id matching `conditions`, the oldest first, `BATCH` at a time,
    made by `rows_of` from each batch's ids (so an export never holds the whole table)."""
    after = 0
    while True:
        query = select(id_column).where(*conditions, id_column > after)
        ids = list(session.scalars(query.order_by(id_column).limit(BATCH)))
        if not ids:
            return
        yield from rows_of(ids)
        after = ids[-1]

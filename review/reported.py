"""A figure's report day in SQL, so that the database orders a topic's figures by it.

The rule is `alerts.wording.reported_day`: the article's publication date where the page
gives one (its first ten characters when it is an ISO date, else as the page gave it),
else the UTC day the figure was read.  Listings and alerts apply it in Python to the rows
they show; the series and side-by-side queries need it over every figure of a topic, and
ordering tens of thousands of rows is the database's job.  The two forms are held to the
same answers by tests/review/test_reported.py, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, String, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from tallywatch.store.models import Article, Figure


class utc_day(FunctionElement[str]):  # noqa: N801 (a SQL function, named as one)
    """`YYYY-MM-DD`, the UTC day of a stored time."""

    type = String()
    inherit_cache = True


@compiles(utc_day, "sqlite")
def _sqlite_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    # times are stored as UTC text, `YYYY-MM-DD HH:MM:SS[.ffffff]` (store.models.UTCDateTime)
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(utc_day, "postgresql")
def _postgresql_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"to_char(({moment}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


class starts_with_iso_date(ColumnElement[bool]):  # noqa: N801 (a SQL test, named as one)
    """Whether a text starts with `YYYY-MM-DD` (`alerts.wording.ISO_DATE`)."""

    type = Boolean()
    inherit_cache = True

    def __init__(self, text: ColumnElement[str]) -> None:
        self.text = text


@compiles(starts_with_iso_date, "sqlite")
def _sqlite_iso(element: starts_with_iso_date, compiler: SQLCompiler, **kw: Any) -> str:
    text = compiler.process(element.text, **kw)
    return f"({text} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*')"


@compiles(starts_with_iso_date, "postgresql")
def _postgresql_iso(element: starts_with_iso_date, compiler: SQLCompiler, **kw: Any) -> str:
    text = compiler.process(element.text, **kw)
    return f"({text} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')"


def reported_day_column() -> ColumnElement[str]:
    """The report day of a figure, in a query joining `Figure` to its `Article`."""
    published = func.trim(Article.published)
    return case(
        (func.coalesce(published, "") == "", utc_day(Figure.created_at)),
        (starts_with_iso_date(published), func.substr(published, 1, 10)),
        else_=published,
    )

"""The report day in SQL (`review/reported.py`) and in Python (`alerts.wording.reported_day`)
are one rule: the same answers for every form of publication date, and a read time near
midnight, whatever the database session's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from newsroom import Newsroom
from sqlalchemy import select, text

from tallywatch.alerts.wording import reported_day
from tallywatch.review.reported import reported_day_column
from tallywatch.store import Article, Database, Figure

LATE = datetime(2025, 1, 13, 23, 59, 59, 500000, tzinfo=UTC)
"""Read a moment before midnight UTC (the next day in Seoul, the day before in Honolulu)."""
EARLY = datetime(2025, 1, 14, 0, 0, 1, tzinfo=UTC)

PUBLISHED = [
    "2025-01-10",
    "2025-01-10T23:30:00+09:00",  # its own date, not converted
    " 2025-01-10 ",
    "2025-1-10",  # not ISO: kept as the page gave it
    "January 10, 2025",
    "10/01/2025",
    "",
    "   ",
    None,
]


def seed(db: Database) -> None:
    newsroom = Newsroom(db)
    for published in PUBLISHED:
        for read in (LATE, EARLY):
            figure = {"sentence": "x", "metric": "killed", "value": 1}
            newsroom.story("x", [figure], published=published, read_at=read)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Seoul", "Pacific/Honolulu"])
def test_sql_and_python_give_the_same_report_day(db: Database, zone: str) -> None:
    seed(db)
    with db.session() as session:
        if db.dialect == "postgresql":
            session.execute(text(f"SET TIME ZONE '{zone}'"))
        rows = session.execute(
            select(Article.published, Figure.created_at, reported_day_column()).join(
                Article, Figure.article_id == Article.id
            )
        ).all()
    assert len(rows) == 2 * len(PUBLISHED)
    for published, created_at, in_sql in rows:
        assert in_sql == reported_day(published, created_at), (published, created_at)
    days = {(published, created_at.hour): in_sql for published, created_at, in_sql in rows}
    assert days[("2025-01-10T23:30:00+09:00", 23)] == "2025-01-10"
    assert days[(None, 23)] == "2025-01-13" and days[(None, 0)] == "2025-01-14"
    assert days[("January 10, 2025", 0)] == "January 10, 2025"

"""The report day in SQL (`review/reported.py`) and in Python (`alerts.wording.reported_day`)
are one rule: the same answers for every form of publication date, and a read time near
midnight, whatever the database session's time zone."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from tallywatch.alerts.wording import reported_day
from tallywatch.review.reported import reported_day_column
from tallywatch.store import Article, ArticleVersion, Database, Figure, Source

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
    with db.session() as session:
        source = Source(name="wire", kind="feed", url="https://wire.example/rss")
        session.add(source)
        session.flush()
        for n, published in enumerate(PUBLISHED):
            for read in (LATE, EARLY):
                article = Article(
                    source_id=source.id,
                    url=f"https://wire.example/{n}/{read.hour}",
                    published=published,
                    first_seen_at=read,
                    version_count=1,
                )
                session.add(article)
                session.flush()
                version = ArticleVersion(
                    article_id=article.id,
                    number=1,
                    text="x",
                    content_hash="0" * 64,
                    fetched_at=read,
                )
                session.add(version)
                session.flush()
                session.add(
                    Figure(
                        version_id=version.id,
                        article_id=article.id,
                        topic="t",
                        metric="killed",
                        value=1,
                        qualifier="exact",
                        scope="cumulative",
                        sentence="x",
                        start=0,
                        end=1,
                        sentence_hash=hashlib.sha256(b"x").hexdigest(),
                        created_at=read,
                    )
                )


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

"""Storage: SQLAlchemy models, sessions and Alembic migrations (SQLite or PostgreSQL)."""

from tallywatch.store.db import (
    Database,
    DatabaseUnavailable,
    ensure_schema,
    make_engine,
    upgrade,
)
from tallywatch.store.models import (
    Alert,
    Article,
    ArticleVersion,
    Base,
    CrawlEvent,
    CrawlRun,
    Delivery,
    Figure,
    FigureDecision,
    SeriesValue,
    SkippedUrl,
    Source,
    utcnow,
)

__all__ = [
    "Alert",
    "Article",
    "ArticleVersion",
    "Base",
    "CrawlEvent",
    "CrawlRun",
    "Database",
    "DatabaseUnavailable",
    "Delivery",
    "Figure",
    "FigureDecision",
    "SeriesValue",
    "SkippedUrl",
    "Source",
    "ensure_schema",
    "make_engine",
    "upgrade",
    "utcnow",
]

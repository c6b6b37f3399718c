"""Storage: SQLAlchemy models, sessions and Alembic migrations (SQLite or PostgreSQL)."""

from tallywatch.store.db import Database, ensure_schema, make_engine, upgrade
from tallywatch.store.models import (
    NO_CHANNEL,
    Alert,
    AlertStatus,
    Article,
    ArticleVersion,
    Base,
    CrawlEvent,
    CrawlRun,
    Delivery,
    DeliveryStatus,
    Figure,
    FigureDecision,
    SeriesValue,
    SkippedUrl,
    Source,
    utcnow,
)

__all__ = [
    "NO_CHANNEL",
    "Alert",
    "AlertStatus",
    "Article",
    "ArticleVersion",
    "Base",
    "CrawlEvent",
    "CrawlRun",
    "Database",
    "Delivery",
    "DeliveryStatus",
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

"""SQLAlchemy models: what tallywatch keeps.

Times are stored as UTC.  Every table has one writer, a module of this package, and the
other packages change state only by calling it: sources (`sources.py`, `leases.py`),
crawl_runs and crawl_events (`runs.py`), articles, article_versions and skipped_urls
(`articles.py`), figures and figure_decisions (`figures.py`), series_values
(`series.py`), alerts as they are raised (`alerts.py`), daemons (`daemons.py`).  The
alert outbox (`alerts/outbox.py`) alone moves an alert through its deliveries: it
writes `deliveries` and the delivery columns of `alerts` (status, attempts, last_error,
next_attempt_at, sent_at).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from tallywatch.constants import (
    AlertStatus,
    DaemonStatus,
    DeliveryStatus,
    FigureStatus,
    RunStatus,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[str | None] = mapped_column(String(20))
    """A `SourceStatus`; None until its first crawl."""
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    operator_alerted: Mapped[bool] = mapped_column(Boolean, default=False)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.RUNNING)
    """A `RunStatus`."""
    worker: Mapped[str | None] = mapped_column(String(200))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    not_modified: Mapped[int] = mapped_column(Integer, default=0)
    """Articles re-checked with a conditional request and answered 304."""
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    figures: Mapped[int] = mapped_column(Integer, default=0)
    alerts: Mapped[int] = mapped_column(Integer, default=0)
    bytes_received: Mapped[int] = mapped_column(BigInteger, default=0)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    """Sources whose crawl finished in this run."""
    sources_failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)

    events: Mapped[list[CrawlEvent]] = relationship(back_populates="run")


class CrawlEvent(Base):
    """A problem or notable skip seen during a run: a 404, a timeout, a page with no article."""

    __tablename__ = "crawl_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    """error kinds: http_status, timeout, connection, too_large, bad_feed, bad_content, ...;
    `skipped` for pages with no article (not an error)."""
    detail: Mapped[str | None] = mapped_column(Text)
    is_error: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    run: Mapped[CrawlRun | None] = relationship(back_populates="events")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    """Publication date as the page gives it (ISO date or datetime)."""
    language: Mapped[str | None] = mapped_column(String(20))
    sitename: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the last downloaded body: an identical body is not cleaned again."""
    version_count: Mapped[int] = mapped_column(Integer, default=0)

    source: Mapped[Source] = relationship(back_populates="articles")
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.number"
    )


class ArticleVersion(Base):
    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    article: Mapped[Article] = relationship(back_populates="versions")
    figures: Mapped[list[Figure]] = relationship(back_populates="version")


class SkippedUrl(Base):
    """A URL fetched once that held no article (an index page, an error page)."""

    __tablename__ = "skipped_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    reason: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Figure(Base):
    __tablename__ = "figures"
    __table_args__ = (
        Index("ix_figures_topic_metric_status", "topic", "metric", "status"),
        Index("ix_figures_detected", "detected"),
        # review: the latest figures of a metric (timeline), articles of a topic
        Index("ix_figures_topic_metric_id", "topic", "metric", "id"),
        Index("ix_figures_topic_article", "topic", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    topic: Mapped[str | None] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(20))
    value: Mapped[int] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    """Who the figure is attributed to, as written."""
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_hash: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20), default=FigureStatus.AUTO)
    """A `FigureStatus`."""
    note: Mapped[str | None] = mapped_column(Text)
    detected: Mapped[bool] = mapped_column(Boolean, default=False)
    """Set once change detection has considered this figure."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    version: Mapped[ArticleVersion] = relationship(back_populates="figures")
    article: Mapped[Article] = relationship()


class FigureDecision(Base):
    """A reviewer's confirm/reject, keyed by what was read so it survives `reextract`."""

    __tablename__ = "figure_decisions"
    __table_args__ = (UniqueConstraint("sentence_hash", "metric", "value", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sentence_hash: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str | None] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(20))
    value: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    """`FigureStatus.CONFIRMED` or `FigureStatus.REJECTED`."""
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SeriesValue(Base):
    """The tracked value of one topic's metric: the highest cumulative figure accepted so far."""

    __tablename__ = "series_values"
    __table_args__ = (UniqueConstraint("topic", "metric"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(200))
    metric: Mapped[str] = mapped_column(String(20))
    value: Mapped[int] = mapped_column(BigInteger)
    previous: Mapped[int | None] = mapped_column(BigInteger)
    figure_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Alert(Base):
    """An outbox row: written with the figures that cause it, delivered afterwards.

    `status`, `attempts`, `last_error`, `next_attempt_at` and `sent_at` sum up the alert's
    deliveries (one per channel) for listings; the deliveries are the truth."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    """An `AlertKind`."""
    topic: Mapped[str | None] = mapped_column(String(200), index=True)
    metric: Mapped[str | None] = mapped_column(String(20))
    previous: Mapped[int | None] = mapped_column(BigInteger)
    """The tracked value (the previous high) when the alert was raised."""
    previous_source: Mapped[str | None] = mapped_column(Text)
    """Who the previous high was attributed to, as written."""
    previous_date: Mapped[str | None] = mapped_column(String(40))
    """When the previous high was reported (its article's date, else when it was read)."""
    value: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    qualifier: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(Text)
    source_previous: Mapped[int | None] = mapped_column(BigInteger)
    """The new figure's source's own last figure of this metric before it, if any."""
    source_previous_date: Mapped[str | None] = mapped_column(String(40))
    figure_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    article_url: Mapped[str | None] = mapped_column(Text)
    article_title: Mapped[str | None] = mapped_column(Text)
    article_published: Mapped[str | None] = mapped_column(String(40))
    sentence: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    """Free text for baseline and operator alerts."""
    dedupe_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(20), default=AlertStatus.PENDING)
    """An `AlertStatus`."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """The most delivery attempts any of its channels took."""
    last_error: Mapped[str | None] = mapped_column(Text)
    """Why it is not delivered everywhere yet, per channel (redacted), or why it waits."""
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    deliveries: Mapped[list[Delivery]] = relationship(back_populates="alert")


class Delivery(Base):
    """One alert to one channel: the outbox's unit of work, and its exactly-once record."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "channel"),
        Index("ix_deliveries_channel_status", "channel", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(64))
    """The channel's fingerprint (a hash of its URL, never the URL)."""
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING)
    """A `DeliveryStatus`."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="deliveries")


class DaemonState(Base):
    """A `tallywatch daemon` process: its heartbeat and next scheduled run, for `status`."""

    __tablename__ = "daemons"

    id: Mapped[int] = mapped_column(primary_key=True)
    worker: Mapped[str] = mapped_column(String(200), unique=True)
    """host:pid of the daemon process."""
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=DaemonStatus.RUNNING)
    """A `DaemonStatus` (never `stale`)."""
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

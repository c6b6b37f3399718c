"""Invariants of a tallywatch database that must hold after any crash (kill -9 included)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text, update

from tallywatch.store import Alert, Article, ArticleVersion, Database, Delivery, Figure

IN_DOUBT = {"sending", "uncertain"}
"""Delivery states after which the message may or may not have arrived."""


@dataclass
class StoreState:
    articles: int
    statuses: Counter[str] = field(default_factory=Counter)
    """Alerts by status."""
    sent: dict[str, Counter[str | None]] = field(default_factory=dict)
    """Channel fingerprint -> topic -> deliveries recorded as sent."""
    in_doubt: dict[str, Counter[str | None]] = field(default_factory=dict)
    """Channel fingerprint -> topic -> deliveries a kill interrupted mid-send."""
    alerts_in_doubt: int = 0
    """Alerts with at least one delivery in doubt."""


def integrity_problems(db: Database) -> list[str]:
    """Every broken invariant of the stored articles, versions and figures."""
    problems: list[str] = []
    with db.session() as session:
        if db.engine.dialect.name == "sqlite":
            verdict = session.execute(text("PRAGMA integrity_check")).scalars().all()
            if verdict != ["ok"]:
                problems.append(f"integrity_check: {verdict}")
        counts = dict(
            session.execute(
                select(ArticleVersion.article_id, func.count()).group_by(ArticleVersion.article_id)
            ).all()
        )
        for article_id, version_count in session.execute(select(Article.id, Article.version_count)):
            if version_count < 1 or counts.get(article_id, 0) != version_count:
                problems.append(
                    f"article {article_id}: version_count {version_count}, "
                    f"{counts.get(article_id, 0)} versions"
                )
        empty = session.scalars(
            select(ArticleVersion.id).where(func.length(func.trim(ArticleVersion.text)) == 0)
        ).all()
        problems += [f"version {v}: empty text" for v in empty]
        orphans = session.scalars(
            select(Figure.id)
            .outerjoin(ArticleVersion, Figure.version_id == ArticleVersion.id)
            .where(ArticleVersion.id.is_(None))
        ).all()
        problems += [f"figure {f}: no version" for f in orphans]
    return problems


def store_state(db: Database) -> StoreState:
    with db.session() as session:
        state = StoreState(articles=session.scalar(select(func.count()).select_from(Article)) or 0)
        for alert in session.scalars(select(Alert)):
            state.statuses[alert.status] += 1
        doubtful: set[int] = set()
        rows = session.execute(
            select(Delivery.channel, Delivery.status, Delivery.alert_id, Alert.topic).join(
                Alert, Alert.id == Delivery.alert_id
            )
        )
        for channel, status, alert_id, topic in rows:
            if status == "sent":
                state.sent.setdefault(channel, Counter())[topic] += 1
            elif status in IN_DOUBT:
                state.in_doubt.setdefault(channel, Counter())[topic] += 1
                doubtful.add(alert_id)
        state.alerts_in_doubt = len(doubtful)
    return state


def delivery_problems(state: StoreState, channel: str, posts: list[dict[str, Any]]) -> list[str]:
    """Messages one channel's receiver got versus its deliveries marked sent.

    The message title starts with `<topic>:`, so per topic the receiver must hold at least
    every sent delivery and at most those plus the ones whose send a kill interrupted."""
    problems: list[str] = []
    titles = Counter(str(post.get("title")) for post in posts)
    problems += [f"{n} copies of {title!r}" for title, n in titles.items() if n > 1]
    received: Counter[str | None] = Counter(str(t).split(":", 1)[0] for t in titles.elements())
    sent = state.sent.get(channel, Counter())
    in_doubt = state.in_doubt.get(channel, Counter())
    for topic in set(received) | set(sent) | set(in_doubt):
        low = sent[topic]
        high = low + in_doubt[topic]
        if not low <= received[topic] <= high:
            problems.append(f"topic {topic}: received {received[topic]}, sent {low}..{high}")
    return problems


def age_claims(db: Database, by: timedelta) -> int:
    """Move delivery claims back in time, as if the staleness window had passed."""
    with db.session() as session:
        claims = list(
            session.execute(
                select(Delivery.id, Delivery.claimed_at).where(
                    Delivery.status.in_(("claimed", "sending"))
                )
            )
        )
        for delivery_id, claimed_at in claims:
            session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id)
                .values(claimed_at=claimed_at - by)
            )
    return len(claims)

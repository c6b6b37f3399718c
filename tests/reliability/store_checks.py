"""Invariants of a tallywatch database that must hold after any crash (kill -9 included)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text, update

from tallywatch.store import Alert, Article, ArticleVersion, Database, Figure

SETTLED = {"pending", "sent", "failed"}


@dataclass
class StoreState:
    articles: int
    statuses: Counter[str] = field(default_factory=Counter)
    sent_per_topic: Counter[str | None] = field(default_factory=Counter)
    uncertain_per_topic: Counter[str | None] = field(default_factory=Counter)


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
            if alert.status == "sent":
                state.sent_per_topic[alert.topic] += 1
            elif (alert.status == "sending" and alert.sending_to) or "uncertain" in (
                alert.delivered_to or ""
            ):
                state.uncertain_per_topic[alert.topic] += 1
    return state


def delivery_problems(state: StoreState, posts: list[dict[str, Any]]) -> list[str]:
    """Messages the receiver got versus alerts marked sent.

    The message title starts with `<topic>:`, so per topic the receiver must hold at least
    every sent alert and at most those plus the ones whose send a kill interrupted."""
    problems: list[str] = []
    titles = Counter(str(post.get("title")) for post in posts)
    problems += [f"{n} copies of {title!r}" for title, n in titles.items() if n > 1]
    received: Counter[str | None] = Counter(str(t).split(":", 1)[0] for t in titles.elements())
    for topic in set(received) | set(state.sent_per_topic) | set(state.uncertain_per_topic):
        low = state.sent_per_topic[topic]
        high = low + state.uncertain_per_topic[topic]
        if not low <= received[topic] <= high:
            problems.append(f"topic {topic}: received {received[topic]}, sent {low}..{high}")
    return problems


def age_claims(db: Database, by: timedelta) -> int:
    """Move `sending` claims back in time, as if the staleness window had passed."""
    with db.session() as session:
        claims = list(
            session.execute(select(Alert.id, Alert.claimed_at).where(Alert.status == "sending"))
        )
        for alert_id, claimed_at in claims:
            session.execute(
                update(Alert).where(Alert.id == alert_id).values(claimed_at=claimed_at - by)
            )
    return len(claims)

"""Fixtures of the review tests: a fresh database seeded by hand with two sources, a topic's
figures over three months, an article updated in place, alerts in each delivery state, two
runs (the last with a failing source), and an article whose title and text try to inject
script."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from tallywatch.config import Settings, parse_settings
from tallywatch.store import Database
from tallywatch.store.models import (
    Alert,
    Article,
    ArticleVersion,
    CrawlEvent,
    CrawlRun,
    Figure,
    SeriesValue,
    Source,
)

XSS_TITLE = (
    'Front report <script>window.__xss = "title"</script><img src=x onerror="window.__xss=\'img\'">'
)
XSS_TEXT = (
    "Officials spoke late on Sunday. <script>window.__xss = 'body'</script>\n"
    "A medic said <img src=x onerror=\"window.__xss='onerror'\"> 40 North Korean soldiers "
    "are missing after the assault, according to <b onmouseover=alert(3)>field reports</b>.\n"
    "<svg onload=alert(4)></svg> More to follow."
)


@dataclass(frozen=True)
class Reading:
    """A figure to store: `phrase` is located in the version text, its sentence around it."""

    phrase: str
    metric: str
    value: int
    qualifier: str = "exact"
    scope: str = "cumulative"
    attributed_to: str | None = None
    topic: str | None = "nk-troops"
    high: int | None = None
    occurrence: int = 0


@dataclass
class Seeded:
    articles: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    runs: dict[str, int] = field(default_factory=dict)


def sentence_around(text: str, start: int, end: int) -> str:
    period, newline = text.rfind(". ", 0, start), text.rfind("\n", 0, start)
    left = max(period + 2 if period != -1 else 0, newline + 1)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(stops) + 1 if stops else len(text)
    return text[left:right].strip()


def add_article(
    session: Session,
    seeded: Seeded,
    key: str,
    source: Source,
    *,
    title: str,
    published: str | None,
    versions: list[tuple[datetime, str, list[tuple[str, Reading]]]],
    url: str | None = None,
) -> Article:
    article = Article(
        source=source,
        url=url or f"https://{source.name}.example/{key}",
        title=title,
        author="Staff reporter",
        published=published,
        language="en",
        sitename=source.name,
        first_seen_at=versions[0][0],
        last_checked_at=versions[-1][0],
        last_changed_at=versions[-1][0],
        version_count=len(versions),
    )
    session.add(article)
    session.flush()
    seeded.articles[key] = article.id
    for number, (fetched, text, readings) in enumerate(versions, start=1):
        version = ArticleVersion(
            article_id=article.id,
            number=number,
            text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            fetched_at=fetched,
        )
        session.add(version)
        session.flush()
        for figure_key, reading in readings:
            start = -1
            for _ in range(reading.occurrence + 1):
                start = text.index(reading.phrase, start + 1)
            end = start + len(reading.phrase)
            sentence = sentence_around(text, start, end)
            figure = Figure(
                version_id=version.id,
                article_id=article.id,
                topic=reading.topic,
                metric=reading.metric,
                value=reading.value,
                high=reading.high,
                qualifier=reading.qualifier,
                scope=reading.scope,
                subject="North Korean soldiers",
                source=reading.attributed_to,
                sentence=sentence,
                start=start,
                end=end,
                sentence_hash=hashlib.sha256(sentence.encode()).hexdigest(),
                detected=True,
                created_at=fetched,
            )
            session.add(figure)
            session.flush()
            seeded.figures[figure_key] = figure.id
    return article


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


FRONT_DAILY_ERROR = "http_status: HTTP 503 Service Unavailable (still failing after 3 retries)"


def seed_runs(session: Session, seeded: Seeded, wire: Source, front: Source) -> None:
    """Two runs: one that went well, and the last, where front-daily's section page failed."""
    good = CrawlRun(
        started_at=at("2025-01-20T06:00:00"),
        finished_at=at("2025-01-20T06:00:42"),
        status="ok",
        worker="host:101",
        pages=12,
        new_articles=2,
        figures=5,
        sources=2,
    )
    bad = CrawlRun(
        started_at=at("2025-01-21T06:00:00"),
        finished_at=at("2025-01-21T06:00:09"),
        status="ok",
        worker="host:102",
        pages=3,
        unchanged=2,
        skipped=1,
        errors=1,
        sources=2,
        sources_failed=1,
    )
    session.add_all([good, bad])
    session.flush()
    session.add_all(
        [
            CrawlEvent(
                run_id=bad.id,
                source_id=wire.id,
                url="https://korea-wire.example/index.html",
                kind="skipped",
                detail="mostly links (80% of the text): an index page",
                is_error=False,
                created_at=at("2025-01-21T06:00:03"),
            ),
            CrawlEvent(
                run_id=bad.id,
                source_id=front.id,
                url="https://front-daily.example/world/",
                kind="http_status",
                detail="HTTP 503 Service Unavailable (still failing after 3 retries)",
                created_at=at("2025-01-21T06:00:08"),
            ),
        ]
    )
    seeded.runs.update(good=good.id, bad=bad.id)


def seed(session: Session) -> Seeded:
    seeded = Seeded()
    wire = Source(
        name="korea-wire",
        kind="feed",
        url="https://korea-wire.example/rss.xml",
        last_run_at=at("2025-01-21T06:00:00"),
        last_success_at=at("2025-01-21T06:00:00"),
        last_status="ok",
        consecutive_failures=0,
    )
    front = Source(
        name="front-daily",
        kind="page",
        url="https://front-daily.example/world/",
        last_run_at=at("2025-01-21T06:00:00"),
        last_success_at=at("2025-01-20T06:00:00"),
        last_status="failed",
        last_error=FRONT_DAILY_ERROR,
        consecutive_failures=3,
        operator_alerted=True,
    )
    session.add_all([wire, front])
    session.flush()
    seed_runs(session, seeded, wire, front)
    add_article(
        session,
        seeded,
        "first-troops",
        wire,
        title="Spy agency: North Korean troops sent to Russia",
        published="2024-10-18",
        versions=[
            (
                at("2024-10-18T09:00:00"),
                "Seoul's spy agency said on Friday that about 1,500 North Korean soldiers had "
                "been sent to Russia's far east for training.\nThe ministry declined to comment.",
                [
                    (
                        "deployed-1500",
                        Reading("1,500", "deployed", 1500, "approx", attributed_to="NIS"),
                    )
                ],
            )
        ],
    )
    add_article(
        session,
        seeded,
        "pentagon",
        front,
        title="Pentagon: 11,000 North Korean troops in Kursk",
        published="2024-10-30",
        versions=[
            (
                at("2024-10-30T15:00:00"),
                "Around 11,000 North Korean troops are now in the Kursk region, the Pentagon said. "
                "Officials in 2024 expected more to follow.",
                [
                    (
                        "deployed-11000",
                        Reading("11,000", "deployed", 11000, "approx", attributed_to="Pentagon"),
                    )
                ],
            )
        ],
    )
    add_article(
        session,
        seeded,
        "december",
        wire,
        title="Casualties mount among North Korean units",
        published="2024-12-23",
        versions=[
            (
                at("2024-12-23T08:00:00"),
                "Roughly 12,000 North Korean soldiers have been deployed, lawmakers were told. "
                "At least 100 have been killed and about 1,000 wounded, the agency said.",
                [
                    (
                        "deployed-12000",
                        Reading("12,000", "deployed", 12000, "approx", attributed_to="NIS"),
                    ),
                    ("killed-100", Reading("100", "killed", 100, "at_least", attributed_to="NIS")),
                    (
                        "wounded-1000",
                        Reading("1,000", "wounded", 1000, "approx", attributed_to="NIS"),
                    ),
                ],
            )
        ],
    )
    update_v1 = (
        "Ukraine's army said about 300 North Korean soldiers have been killed in Kursk. "
        "Two soldiers were captured on Saturday."
    )
    update_v2 = (
        "Ukraine's army said about 300 North Korean soldiers have been killed and 2,700 "
        "wounded in Kursk. Two soldiers were captured on Saturday."
    )
    add_article(
        session,
        seeded,
        "update",
        front,
        title="Kyiv gives first toll of North Korean losses",
        published="2025-01-13",
        versions=[
            (
                at("2025-01-13T10:00:00"),
                update_v1,
                [
                    (
                        "killed-300",
                        Reading("300", "killed", 300, "approx", attributed_to="Ukraine's army"),
                    ),
                    ("captured-2", Reading("Two", "captured", 2, scope="incident")),
                ],
            ),
            (
                at("2025-01-14T10:00:00"),
                update_v2,
                [
                    (
                        "killed-300-v2",
                        Reading("300", "killed", 300, "approx", attributed_to="Ukraine's army"),
                    ),
                    (
                        "wounded-2700",
                        Reading("2,700", "wounded", 2700, attributed_to="Ukraine's army"),
                    ),
                    ("captured-2-v2", Reading("Two", "captured", 2, scope="incident")),
                ],
            ),
        ],
    )
    add_article(
        session,
        seeded,
        "xss",
        front,
        url="javascript:alert(document.domain)",
        title=XSS_TITLE,
        published="2025-01-20",
        versions=[
            (
                at("2025-01-20T12:00:00"),
                XSS_TEXT,
                [
                    (
                        "missing-40",
                        Reading("40", "missing", 40, attributed_to="<i onclick=alert(5)>medic</i>"),
                    )
                ],
            )
        ],
    )
    tracked = [
        ("deployed", 12000, 11000, "deployed-12000", "2024-12-23T08:05:00"),
        ("killed", 300, 100, "killed-300", "2025-01-13T10:05:00"),
        ("wounded", 2700, 1000, "wounded-2700", "2025-01-14T10:05:00"),
        ("missing", 40, None, "missing-40", "2025-01-20T12:05:00"),
    ]
    for metric, value, previous, figure_key, changed in tracked:
        session.add(
            SeriesValue(
                topic="nk-troops",
                metric=metric,
                value=value,
                previous=previous,
                figure_id=seeded.figures[figure_key],
                changed_at=at(changed),
            )
        )
    alerts = [
        ("sent", 1, None, "deployed", 11000, 12000, "december"),
        ("failed", 20, "receiver answered HTTP 500", "killed", 100, 300, "update"),
        ("pending", 0, None, "wounded", 1000, 2700, "update"),
        ("waiting", 0, "no channel configured", "missing", 10, 40, "update"),
    ]
    for status, attempts, error, metric, previous, value, article_key in alerts:
        session.add(
            Alert(
                kind="increase",
                topic="nk-troops",
                metric=metric,
                previous=previous,
                value=value,
                qualifier="approx",
                article_id=seeded.articles[article_key],
                article_url=f"https://example.org/{article_key}",
                article_title=f"alert article {article_key}",
                status=status,
                attempts=attempts,
                last_error=error,
                dedupe_key=f"nk-troops:{metric}:{value}",
                created_at=at("2025-01-15T00:00:00"),
                sent_at=at("2025-01-15T00:01:00") if status == "sent" else None,
            )
        )
    session.flush()
    return seeded


@pytest.fixture
def review_settings(db_url: str) -> Settings:
    return parse_settings(
        {
            "database": {"url": db_url},
            "sources": [
                {"name": "korea-wire", "kind": "feed", "url": "https://korea-wire.example/rss.xml"},
                {
                    "name": "front-daily",
                    "kind": "page",
                    "url": "https://front-daily.example/world/",
                },
            ],
            "topics": [
                {
                    "name": "nk-troops",
                    "subjects": ["North Korean", "North Korea"],
                    "metrics": ["deployed", "killed", "wounded", "captured", "missing"],
                }
            ],
        }
    )


@pytest.fixture
def review_db(review_settings: Settings) -> Iterator[tuple[Database, Seeded]]:
    db = Database(review_settings.database.url)
    with db.session() as session:
        seeded = seed(session)
    yield db, seeded
    db.dispose()

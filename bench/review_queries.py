"""Review queries and page renders on a SQLite database holding 100,000 figures.

    python -m bench review-queries [--figures 100000] [--repeat 7] [--database PATH]

Seeds a fresh database (sources, articles with versions, figures over a year, tracked
values, alerts, runs with their events) with bulk inserts, then times each query behind
the review commands and pages, and each page rendered in-process through the Flask app.
Prints the median and slowest of `--repeat` runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import insert

from tallywatch.config import parse_settings
from tallywatch.review.alerts import list_alerts
from tallywatch.review.app import create_app
from tallywatch.review.articles import ArticleFilter, article_view, search_articles
from tallywatch.review.cited import latest_by_cited
from tallywatch.review.figures import FigureFilter, list_figures
from tallywatch.review.runs import list_runs
from tallywatch.review.series import current_values, series_points, tracked_series
from tallywatch.review.sources import list_sources
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

TOPICS = ("nk-troops", "wagner", "gaza-displaced")
METRICS = ("killed", "wounded", "deployed", "captured", "missing", "displaced")
PLACES = ("Kursk", "Donetsk", "Zaporizhzhia", "Kharkiv", "Belgorod", "Rafah", "Khan Younis")
CITED = (
    "officials",
    "South Korea's National Intelligence Service (NIS)",
    "the NIS",
    "the Pentagon",
    "Ukraine's military intelligence",
    "the UN",
    "local authorities",
    None,
)
RUNS = 5000
"""Runs of the history (a month of runs every ten minutes), each with two events."""
FIGURES_PER_ARTICLE = 5
BATCH = 5000
START = datetime(2024, 6, 1, tzinfo=UTC)


def _paragraph(rng: random.Random, value: int, metric: str) -> str:
    place = rng.choice(PLACES)
    filler = (
        f"Reporters in {place} described heavy shelling through the night, and officials "
        "said the situation remained fluid as supply lines came under pressure. "
    ) * rng.randint(1, 3)
    claim = f"Officials said {value:,} people had been {metric} near {place}, citing field reports."
    return filler + claim


def seed(db: Database, figures: int, rng: random.Random) -> dict[str, Any]:
    """Bulk-insert a database of `figures` figures (and a history of runs); returns ids the
    timings use."""
    articles = max(1, figures // FIGURES_PER_ARTICLE)
    with db.session() as session:
        session.execute(
            insert(Source),
            [
                {"name": f"source-{i}", "kind": "feed", "url": f"https://s{i}.example/rss"}
                for i in range(6)
            ],
        )
    article_rows: list[dict[str, Any]] = []
    version_rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    version_id = 0
    figure_id = 0
    for article_id in range(1, articles + 1):
        seen = START + timedelta(minutes=article_id * 525_600 // articles)
        topic = TOPICS[article_id % len(TOPICS)]
        updated = article_id % 10 == 0
        article_rows.append(
            {
                "id": article_id,
                "source_id": 1 + article_id % 6,
                "url": f"https://s{article_id % 6}.example/news/{article_id}",
                "title": f"{rng.choice(PLACES)} front: report number {article_id}",
                "published": seen.date().isoformat(),
                "language": "en",
                "first_seen_at": seen,
                "last_checked_at": seen,
                "last_changed_at": seen,
                "version_count": 2 if updated else 1,
            }
        )
        for number in (1, 2) if updated else (1,):
            version_id += 1
            paragraphs = []
            readings = []
            offset = 0
            for _ in range(FIGURES_PER_ARTICLE if number == 1 else 1):
                metric = rng.choice(METRICS)
                value = rng.randint(1, 30_000)
                paragraph = _paragraph(rng, value, metric)
                phrase = f"{value:,}"
                start = offset + paragraph.index(phrase)
                sentence = paragraph[paragraph.index("Officials said") :]
                readings.append((metric, value, start, start + len(phrase), sentence))
                paragraphs.append(paragraph)
                offset += len(paragraph) + 1
            text = "\n".join(paragraphs)
            version_rows.append(
                {
                    "id": version_id,
                    "article_id": article_id,
                    "number": number,
                    "text": text,
                    "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                    "fetched_at": seen + timedelta(hours=number - 1),
                }
            )
            for metric, value, start, end, sentence in readings:
                figure_id += 1
                status = rng.choices(("auto", "rejected", "confirmed"), (97, 2, 1))[0]
                figure_rows.append(
                    {
                        "id": figure_id,
                        "version_id": version_id,
                        "article_id": article_id,
                        "topic": topic,
                        "metric": metric,
                        "value": value,
                        "qualifier": "approx",
                        "scope": "cumulative" if rng.random() < 0.8 else "incident",
                        "source": rng.choice(CITED),
                        "sentence": sentence,
                        "start": start,
                        "end": end,
                        "sentence_hash": hashlib.sha256(sentence.encode()).hexdigest(),
                        "status": status,
                        "detected": True,
                        "created_at": seen + timedelta(hours=number - 1),
                    }
                )
    run_rows = [
        {
            "id": run_id,
            "started_at": START + timedelta(minutes=10 * run_id),
            "finished_at": START + timedelta(minutes=10 * run_id, seconds=40),
            "status": "ok" if run_id % 50 else "failed",
            "pages": 120,
            "errors": 2,
            "sources": 6,
            "sources_failed": 0 if run_id % 50 else 6,
        }
        for run_id in range(1, RUNS + 1)
    ]
    event_rows = [
        {
            "run_id": run_id,
            "source_id": 1 + (run_id + n) % 6,
            "kind": "http_status",
            "detail": "HTTP 503 Service Unavailable",
            "url": f"https://s{n}.example/news/{run_id}",
            "is_error": True,
            "created_at": START + timedelta(minutes=10 * run_id, seconds=n),
        }
        for run_id in range(1, RUNS + 1)
        for n in range(2)
    ]
    with db.session() as session:
        for model, rows in (
            (Article, article_rows),
            (ArticleVersion, version_rows),
            (CrawlRun, run_rows),
            (CrawlEvent, event_rows),
        ):
            for i in range(0, len(rows), BATCH):
                session.execute(insert(model), rows[i : i + BATCH])
        for i in range(0, len(figure_rows), BATCH):
            session.execute(insert(Figure), figure_rows[i : i + BATCH])
        session.execute(
            insert(SeriesValue),
            [
                {
                    "topic": topic,
                    "metric": metric,
                    "value": 30_000,
                    "previous": 29_000,
                    "figure_id": rng.randint(1, figure_id),
                    "changed_at": START,
                }
                for topic in TOPICS
                for metric in METRICS
            ],
        )
        session.execute(
            insert(Alert),
            [
                {
                    "kind": "increase",
                    "topic": TOPICS[i % len(TOPICS)],
                    "metric": METRICS[i % len(METRICS)],
                    "previous": i,
                    "value": i + 1,
                    "article_id": 1 + i % articles,
                    "status": ("sent", "pending", "failed")[i % 3],
                    "attempts": i % 4,
                    "created_at": START + timedelta(hours=i),
                }
                for i in range(figures // 50)
            ],
        )
    return {"article": articles // 2, "articles": articles, "figures": figure_id}


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and slowest wall time in milliseconds, after one warm-up run."""
    action()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), max(samples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench review-queries")
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database", type=Path, help="SQLite file to create (default: temporary)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        path = args.database or Path(scratch) / "review-bench.db"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        db = Database(url)
        began = time.perf_counter()
        ids = seed(db, args.figures, random.Random(7))
        seeded_in = time.perf_counter() - began
        settings = parse_settings(
            {"database": {"url": url}, "topics": [{"name": t} for t in TOPICS]}
        )
        client = create_app(settings, db).test_client()
        topic, metric, article = TOPICS[0], METRICS[2], ids["article"]

        def query(run: Callable[[Any], object]) -> Callable[[], object]:
            def action() -> object:
                with db.session() as session:
                    return run(session)

            return action

        def page(path: str) -> Callable[[], object]:
            def action() -> object:
                answer = client.get(path)
                assert answer.status_code == 200, (path, answer.status_code)
                return answer

            return action

        cases: list[tuple[str, Callable[[], object]]] = [
            ("latest value per metric (all topics)", query(lambda s: current_values(s))),
            (
                "tracked series of a topic (the chart)",
                query(lambda s: tracked_series(s, settings, topic)),
            ),
            (
                "series of one metric (timeline)",
                query(lambda s: series_points(s, settings, topic, metric)),
            ),
            (
                "latest figure of each cited source",
                query(lambda s: latest_by_cited(s, settings, topic)),
            ),
            ("figures, newest page", query(lambda s: list_figures(s, FigureFilter()))),
            (
                "figures of a topic and metric",
                query(lambda s: list_figures(s, FigureFilter(topic, metric))),
            ),
            (
                "figures rejected",
                query(lambda s: list_figures(s, FigureFilter(status="rejected"))),
            ),
            (
                "figures of a source",
                query(lambda s: list_figures(s, FigureFilter(source="source-3"))),
            ),
            (
                "figures captured in one week",
                query(
                    lambda s: list_figures(
                        s,
                        FigureFilter(
                            since=START + timedelta(days=100), until=START + timedelta(days=107)
                        ),
                    )
                ),
            ),
            (
                "figures, page 200",
                query(lambda s: list_figures(s, FigureFilter(), page=200)),
            ),
            (
                "article search (title, URL, text)",
                query(lambda s: search_articles(s, ArticleFilter(text="report number 1234"))),
            ),
            (
                "article search, no match (full scan)",
                query(lambda s: search_articles(s, ArticleFilter(text="no such words"))),
            ),
            (
                "articles of a topic",
                query(lambda s: search_articles(s, ArticleFilter(topic=topic))),
            ),
            ("one article with figures and diff", query(lambda s: article_view(s, article))),
            ("alerts, newest page", query(lambda s: list_alerts(s))),
            ("sources", query(lambda s: list_sources(s, settings.sources))),
            ("runs, newest page", query(lambda s: list_runs(s))),
            ("page /", page("/")),
            ("page /figures", page("/figures")),
            ("page /figures?topic&metric", page(f"/figures?topic={topic}&metric={metric}")),
            ("page /articles?q=", page("/articles?q=Kursk")),
            ("page /articles/<id>", page(f"/articles/{article}")),
            ("page /alerts", page("/alerts")),
            ("page /sources", page("/sources")),
            ("page /runs", page("/runs")),
        ]
        table = Table(
            title=f"review on SQLite: {ids['figures']:,} figures, {ids['articles']:,} articles "
            f"(seeded in {seeded_in:.1f} s)"
        )
        table.add_column("operation")
        table.add_column("median ms", justify="right")
        table.add_column("slowest ms", justify="right")
        for label, action in cases:
            median, slowest = timed(action, args.repeat)
            table.add_row(label, f"{median:.1f}", f"{slowest:.1f}")
        Console().print(table)
        db.dispose()


if __name__ == "__main__":
    main()

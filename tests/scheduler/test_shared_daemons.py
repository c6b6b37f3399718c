"""Scale-out: two daemons share one PostgreSQL database and one set of sources.

Each source is crawled by one worker at a time (an overlap would fetch a new article
twice: both crawls find it unknown), both workers do part of the work, and every alert
reaches the receiver exactly once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback_servers.http_receiver import Receiver
from loopback_servers.scripted_site import Resource, ScriptedSite, serve_scripted_site
from sqlalchemy import func, select

from tallywatch.store import Alert, Article, CrawlRun, Database, Source

SOURCES = 6
ARTICLE_DELAY = 0.4


@pytest.fixture
def sharded_site(article_html: Callable[..., bytes]) -> Iterator[Shards]:
    with serve_scripted_site() as site:
        yield Shards(site, article_html)


class Shards:
    """`/sN/feed.xml` lists source N's articles `/sN/<slug>.html`, which answer slowly."""

    def __init__(self, site: ScriptedSite, render: Callable[..., bytes]) -> None:
        self.site, self.render = site, render
        self.slugs: dict[int, list[str]] = {n: [] for n in range(SOURCES)}

    def publish(self, source: int, slug: str, killed: int) -> None:
        page = self.render(slug, f"Report {slug}", killed)
        self.site.put(f"/s{source}/{slug}.html", Resource(page, delay=ARTICLE_DELAY))
        self.slugs[source].append(slug)
        items = "".join(
            f"<item><title>{s}</title><link>{self.site.base}/s{source}/{s}.html</link></item>"
            for s in self.slugs[source]
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
        self.site.put(
            f"/s{source}/feed.xml",
            Resource(feed.encode(), "application/rss+xml", validators=False),
        )

    def full_fetches(self) -> Counter[str]:
        """Article downloads (answers with a body), by path."""
        return Counter(
            h.path for h in self.site.since(0) if h.status == 200 and h.path.endswith(".html")
        )


@pytest.fixture
def postgres_url(db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("scale-out shares a PostgreSQL database: run with --backend postgresql")
    return db_url


def test_two_daemons_share_sources_without_overlap_or_double_alerts(
    postgres_url: str,
    sharded_site: Shards,
    receiver: Receiver,
    make_config: Any,
    start_daemon: Any,
    wait_for: Any,
    tmp_path: Path,
) -> None:
    for n in range(SOURCES):
        for j in range(3):
            sharded_site.publish(n, f"s{n}-first-{j}", 100 + 10 * n + j)
    config = make_config(
        [(f"src-{n}", f"{sharded_site.site.base}/s{n}/feed.xml") for n in range(SOURCES)],
        schedule={"interval_seconds": 2, "shared": True, "lease_batch": 2, "lease_seconds": 10},
        alerts={"urls": [receiver.url("/shared")], "retry_backoff_minutes": 0.01},
    )
    second = tmp_path / "second"
    second.mkdir()
    config_b = second / "tallywatch.toml"
    config_b.write_text(config.read_text())
    db = Database(postgres_url)
    daemons = [start_daemon(config), start_daemon(config_b)]

    def stored() -> int:
        with db.session() as session:
            return int(session.scalar(select(func.count()).select_from(Article)) or 0)

    def daemons_that_crawled() -> set[int]:
        """Which daemons started a run that fetched pages (runs name their child's pid)."""
        with db.session() as session:
            workers = session.scalars(select(CrawlRun.worker).where(CrawlRun.pages > 0)).all()
        pids = {int(w.rsplit(":", 1)[1]) for w in workers if w}
        return {i for i, d in enumerate(daemons) if pids & child_pids(d)}

    wait_for(lambda: stored() == SOURCES * 3, "the first edition stored", timeout=120)
    for n in range(SOURCES):
        sharded_site.publish(n, f"s{n}-later", 400 + 50 * n)
    wait_for(lambda: stored() == SOURCES * 4, "the second edition stored", timeout=120)

    def all_delivered() -> bool:
        with db.session() as session:
            statuses = session.scalars(select(Alert.status)).all()
        return bool(statuses) and set(statuses) == {"sent"}

    wait_for(all_delivered, "every alert delivered", timeout=120)
    wait_for(lambda: daemons_that_crawled() == {0, 1}, "both daemons crawling", timeout=120)
    assert [d.stop() for d in daemons] == [0, 0]

    # One worker per source at a time: no article was ever downloaded twice.
    fetched = sharded_site.full_fetches()
    assert fetched and max(fetched.values()) == 1
    assert len(fetched) == SOURCES * 4
    with db.session() as session:
        alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
        leases = session.scalars(select(Source.lease_owner)).all()
        running = session.scalar(
            select(func.count()).select_from(CrawlRun).where(CrawlRun.status == "running")
        )
    assert leases == [None] * SOURCES and running == 0
    # Every alert arrived exactly once, and no rise was alerted twice.
    titles = [post["title"] for post in receiver.received("/shared")]
    assert len(titles) == len(alerts) == len(set(titles))
    rises = [(a.topic, a.metric, a.value) for a in alerts if a.kind == "increase"]
    assert len(rises) == len(set(rises))
    killed = [a.value for a in alerts if a.kind == "increase" and a.metric == "killed"]
    assert killed == sorted(killed) and killed[-1] == 400 + 50 * (SOURCES - 1)


def child_pids(daemon: Any) -> set[int]:
    return {int(pid) for pid in re.findall(r"cycle started.*?\bpid=(\d+)", daemon.output())}

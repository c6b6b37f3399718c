"""Scale-out: two daemons share one PostgreSQL database and one set of sources.

Each source is crawled by one worker at a time (an overlap would fetch a new article
twice: both crawls find it unknown), both workers do part of the work, and every alert
reaches the receiver exactly once.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from loopback_servers.http_receiver import Receiver
from sqlalchemy import func, select

from tallywatch.store import Alert, Article, CrawlRun, Database, Source

SOURCES = 6
ARTICLE_DELAY = 0.4


class ShardedSite:
    """`/sN/feed.xml` lists the source's articles `/sN/<slug>.html`; articles answer slowly."""

    def __init__(self, render: Callable[..., bytes]) -> None:
        self.render = render
        self.articles: dict[int, dict[str, int]] = {n: {} for n in range(SOURCES)}
        self.full_fetches: Counter[str] = Counter()
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                site.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def publish(self, source: int, slug: str, killed: int) -> None:
        with self.lock:
            self.articles[source][slug] = killed

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        shard, _, name = path.strip("/").partition("/")
        number = int(shard[1:]) if shard[:1] == "s" and shard[1:].isdigit() else -1
        with self.lock:
            articles = dict(self.articles.get(number, {}))
        if name == "feed.xml" and number >= 0:
            items = "".join(
                f"<item><title>{slug}</title><link>{self.base}/{shard}/{slug}.html</link></item>"
                for slug in articles
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{shard}</title>'
            self._send(handler, "application/rss+xml", f"{body}{items}</channel></rss>".encode())
            return
        slug = name.removesuffix(".html")
        if slug not in articles:
            self._send(handler, "text/plain", b"not found", status=404)
            return
        body = self.render(slug, f"Report {slug}", articles[slug])
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            self._send(handler, "text/html", b"", status=304)
            return
        with self.lock:
            self.full_fetches[path] += 1
        time.sleep(ARTICLE_DELAY)
        self._send(handler, "text/html; charset=utf-8", body, etag=etag)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        content_type: str,
        body: bytes,
        status: int = 200,
        etag: str | None = None,
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        if etag:
            handler.send_header("ETag", etag)
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sharded_site(article_html: Callable[..., bytes]) -> Iterator[ShardedSite]:
    site = ShardedSite(article_html)
    yield site
    site.close()


@pytest.fixture
def postgres_url(db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("scale-out shares a PostgreSQL database: run with --backend postgresql")
    return db_url


def test_two_daemons_share_sources_without_overlap_or_double_alerts(
    postgres_url: str,
    sharded_site: ShardedSite,
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
        [(f"src-{n}", f"{sharded_site.base}/s{n}/feed.xml") for n in range(SOURCES)],
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
    assert sharded_site.full_fetches and max(sharded_site.full_fetches.values()) == 1
    assert len(sharded_site.full_fetches) == SOURCES * 4
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

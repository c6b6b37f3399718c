"""Fixtures for the daemon tests: a controllable loopback news site and process helpers.

The site is our own small server rather than `tallywatch.demo.server.LoopbackSite`
because these tests need to control time: answer slowly, hold article responses
until the test says so, or never answer the first request to a path (a hung crawl).
It still speaks proper HTTP caching (ETag / If-None-Match -> 304), so a second
cycle over unchanged pages downloads nothing new.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

PARAGRAPHS = (
    "Officials in Seoul said on {day} that the deployment had grown steadily since the "
    "autumn, with units rotating through training grounds in the far east of Russia before "
    "being moved closer to the front line in the Kursk region.",
    "South Korea's National Intelligence Service said {count:,} North Korean soldiers had "
    "now been killed, according to lawmakers briefed behind closed doors in Seoul.",
    "The agency did not say how it reached the estimate. Analysts cautioned that figures "
    "from all sides in the war are difficult to verify independently and are often revised.",
    "Residents of border villages described convoys moving at night and new checkpoints on "
    "the roads, while local officials declined to comment on the reports.",
)


def article_html(slug: str, title: str, count: int, day: str = "Tuesday") -> bytes:
    body = "\n".join(f"<p>{p.format(day=day, count=count)}</p>" for p in PARAGRAPHS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="author" content="Desk Reporter">
<meta property="article:published_time" content="2025-03-0{len(slug) % 9 + 1}T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world/">World</a></nav>
<article><h1>{title}</h1>
<p class="byline">By Desk Reporter</p>
{body}
</article>
<footer>Copyright The Test Ledger</footer>
</body></html>""".encode()


def feed_xml(base: str, slugs: list[str]) -> bytes:
    items = "\n".join(
        f"<item><title>{slug}</title><link>{base}/news/{slug}.html</link>"
        f"<guid>{base}/news/{slug}.html</guid>"
        f"<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate></item>"
        for slug in slugs
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Test Ledger</title><link>{base}/</link>
<description>test feed</description>
{items}
</channel></rss>""".encode()


Edition = dict[str, int]
"""An edition of the site: article slug -> the killed count its text reports."""


@dataclass
class SiteState:
    editions: list[Edition] = field(default_factory=lambda: [{}])
    delay: float = 0.0
    """Seconds to wait before answering an article."""
    gate: threading.Event = field(default_factory=threading.Event)
    """Article answers wait until this is set (set by default)."""
    hang_first: set[str] = field(default_factory=set)
    """Paths whose first request is never answered (a hung server)."""
    requests: Counter[tuple[str, int]] = field(default_factory=Counter)
    feed_requests: int = 0
    hung: set[str] = field(default_factory=set)


class NewsSite:
    """A threaded loopback server whose pages, timing and editions a test controls."""

    def __init__(self) -> None:
        self.state = SiteState()
        self.lock = threading.Lock()
        self.closing = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                site.answer(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self, editions: list[Edition], **options: Any) -> SiteState:
        with self.lock:
            self.state.gate.set()  # release anything a previous test left waiting
            self.state = SiteState(editions=editions, **options)
            if "gate" not in options:
                self.state.gate.set()
        return self.state

    def edition(self) -> Edition:
        index = max(0, min(self.state.feed_requests, len(self.state.editions)) - 1)
        return self.state.editions[index]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        with self.lock:
            state = self.state
            if path == "/feed.xml":
                state.feed_requests += 1
            edition = self.edition()
            hang = path in state.hang_first and path not in state.hung
            if hang:
                state.hung.add(path)
        if hang:
            self.closing.wait()
            return
        if path == "/feed.xml":
            self.send(handler, state, path, "application/rss+xml", feed_xml(self.url, [*edition]))
            return
        slug = path.removeprefix("/news/").removesuffix(".html")
        if not path.startswith("/news/") or slug not in edition:
            self.send(handler, state, path, "text/plain", b"not found\n", status=404)
            return
        state.gate.wait()
        if state.delay:
            time.sleep(state.delay)
        body = article_html(slug, f"Report {slug}", edition[slug])
        self.send(handler, state, path, "text/html; charset=utf-8", body)

    def send(
        self,
        handler: BaseHTTPRequestHandler,
        state: SiteState,
        path: str,
        content_type: str,
        body: bytes,
        status: int = 200,
    ) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if status == 200 and handler.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        with self.lock:
            state.requests[(path, status)] += 1
        handler.send_response(status)
        if status != 304:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("ETag", etag)
        handler.end_headers()
        handler.wfile.write(body)

    def stop(self) -> None:
        self.closing.set()
        self.state.gate.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def news_site_server() -> Iterator[NewsSite]:
    site = NewsSite()
    yield site
    site.stop()


@pytest.fixture
def news_site(news_site_server: NewsSite) -> Iterator[NewsSite]:
    news_site_server.reset([{}])
    yield news_site_server
    news_site_server.state.gate.set()


def write_config(
    tmp_path: Path,
    db_url: str,
    sources: list[tuple[str, str]],
    *,
    schedule: dict[str, Any] | None = None,
    alerts: dict[str, Any] | None = None,
    timeout: float = 20,
    concurrency: int = 4,
) -> Path:
    """A config crawling `sources` ((name, feed URL) pairs) quickly and impolitely."""
    lines = [
        f'[database]\nurl = "{db_url}"\n',
        "[crawl]\ndownload_delay = 0\nautothrottle = false\nretries = 0\n"
        f"timeout = {timeout}\nper_domain_concurrency = {concurrency}\n",
        '[logging]\nlevel = "INFO"\n',
    ]
    sched = {"jitter_seconds": 0, "stop_grace_seconds": 10, **(schedule or {})}
    lines.append("[schedule]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in sched.items()))
    if alerts:
        lines.append("[alerts]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in alerts.items()))
    lines.append('[[topics]]\nname = "nk-troops"\nsubjects = ["North Korean", "North Korea"]\n')
    for name, url in sources:
        lines.append(f'[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\n')
    path = tmp_path / "tallywatch.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def tallywatch(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tallywatch.cli", "--config", str(config), *args]


class DaemonProcess:
    """`tallywatch daemon` as a real process; its log lines go to a file."""

    def __init__(self, config: Path, *args: str) -> None:
        self.log = config.with_name("daemon.log")
        self._log_file = self.log.open("wb")
        self.proc = subprocess.Popen(
            tallywatch(config, "daemon", *args),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            cwd=config.parent,
        )

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 120) -> int:
        self.proc.send_signal(signum)
        code = self.proc.wait(timeout=timeout)
        self._log_file.close()
        return code

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """Clean-up after a failed test: a stop first (so the daemon stops its child)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()


@pytest.fixture
def start_daemon() -> Iterator[Callable[..., DaemonProcess]]:
    """`start_daemon(config, *args)`: a running daemon, stopped after the test if still up."""
    started: list[DaemonProcess] = []

    def start(config: Path, *args: str) -> DaemonProcess:
        daemon = DaemonProcess(config, *args)
        started.append(daemon)
        return daemon

    yield start
    for daemon in started:
        daemon.kill()


@pytest.fixture
def make_config(tmp_path: Path, db_url: str) -> Callable[..., Path]:
    """`make_config(sources, schedule=..., ...)`: a config file for the test's database."""

    def make(sources: list[tuple[str, str]], **options: Any) -> Path:
        return write_config(tmp_path, db_url, sources, **options)

    return make


@pytest.fixture(name="wait_for")
def wait_for_fixture() -> Callable[..., Any]:
    return wait_for


@pytest.fixture(name="tallywatch")
def tallywatch_fixture() -> Callable[..., list[str]]:
    return tallywatch


def wait_for(check: Callable[[], Any], what: str, timeout: float = 180) -> Any:
    """Poll `check` until it returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(name="article_html")
def article_html_fixture() -> Callable[..., bytes]:
    """The site's article template, for tests that serve their own pages."""
    return article_html

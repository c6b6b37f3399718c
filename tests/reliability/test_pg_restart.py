"""PostgreSQL restarted in the middle of `tallywatch run`: the run ends cleanly (completed
with the lost page recorded as an error, or "run failed" in one line), the database stays
consistent, and the next run stores what the first one missed, once.

Runs only with `--backend postgresql` and a restart command in TALLYWATCH_TEST_PG_RESTART
(for example `pg_ctlcluster 15 main restart`); skipped with the reason otherwise.  The
restart lands while the run is inside a write transaction: the test holds a table lock
that makes the run's next article insert wait, and restarts the server once it waits.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w
from backends import fresh_database
from reliability.demo_runs import CLI, DEMO_ARTICLES
from reliability.store_checks import integrity_problems
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from tallywatch.demo import EDITIONS, LoopbackSite, demo_settings
from tallywatch.demo.server import Resource
from tallywatch.store import Article, ArticleVersion, CrawlEvent, CrawlRun, Database

RESTART_ENV = "TALLYWATCH_TEST_PG_RESTART"
ARTICLE_DELAY = 0.3
"""Seconds the site takes to answer each article page; with one page at a time, the
first run is still crawling when the restart comes."""
RESTART_AFTER = 3
"""Articles stored before the table is locked and the server restarted."""
SERVER_WAIT_SECONDS = 60.0
RESTART_TIMEOUT = 120.0
RUN_TIMEOUT = 180.0
ONE_PAGE_AT_A_TIME = {"concurrency": 1, "per_domain_concurrency": 1, "download_delay": 0}
RUN_FAILED = "tallywatch: run failed: "


class SlowSite(LoopbackSite):
    """The demo site, pausing `delay` seconds before it answers an article page."""

    delay = ARTICLE_DELAY

    def resolve(self, url_path: str) -> Resource:
        if url_path.count("/") >= 4 and url_path.endswith(".html"):
            time.sleep(self.delay)
        return super().resolve(url_path)


def _engine(url: str, **options: object) -> Engine:
    """A psycopg engine without a pool: no connection is kept to go stale in the restart."""
    parsed = make_url(url).set(drivername="postgresql+psycopg")
    return create_engine(parsed, poolclass=NullPool, **options)


def wait_for_server(url: str, timeout: float = SERVER_WAIT_SECONDS) -> None:
    """Return once the server at `url` accepts a connection and answers a query."""
    engine = _engine(url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                return
            except OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        engine.dispose()


@pytest.fixture
def restart_command(request: pytest.FixtureRequest) -> list[str]:
    if request.config.getoption("--backend") != "postgresql":
        pytest.skip("restarting the database server needs --backend postgresql")
    command = os.environ.get(RESTART_ENV, "").strip()
    if not command:
        pytest.skip(f"{RESTART_ENV} is unset (a command that restarts the PostgreSQL server)")
    return shlex.split(command)


@pytest.fixture
def db_url(restart_command: list[str], tmp_path: Path) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped only once the server is up again."""
    with fresh_database("postgresql", tmp_path) as url:
        yield url
        wait_for_server(url)


@pytest.fixture
def slow_site() -> Iterator[SlowSite]:
    site = SlowSite(EDITIONS[0])
    site.start()
    yield site
    site.stop()


def _write_config(path: Path, site_url: str, db_url: str) -> Path:
    """The demo's settings with its sitemap as the only source, crawled one page at a time:
    a page missed by this source is not picked up by another one in the same run."""
    data = demo_settings(site_url, db_url).model_dump(
        mode="json", exclude_none=True, exclude={"path"}
    )
    data["sources"] = [s for s in data["sources"] if s["kind"] == "sitemap"]
    data["crawl"].update(ONE_PAGE_AT_A_TIME)
    data["alerts"]["echo"] = False
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@contextlib.contextmanager
def _article_inserts_blocked(db_url: str) -> Iterator[None]:
    """Hold a lock that makes the run's next article insert wait (reads go on); the restart
    ends this session and the lock with it."""
    engine = _engine(db_url)
    conn = engine.connect()
    try:
        conn.execute(text("LOCK TABLE articles IN EXCLUSIVE MODE"))
        yield
    finally:
        with contextlib.suppress(OperationalError):
            conn.close()
        engine.dispose()


def _wait_for_blocked_writer(db_url: str, child: subprocess.Popen[str]) -> None:
    """Wait until a session of the run waits on a lock: it is inside a write transaction."""
    engine = _engine(db_url)
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND wait_event_type = 'Lock'"
    )
    try:
        with engine.connect() as conn:
            while not conn.execute(query, {"name": make_url(db_url).database}).scalar():
                assert child.poll() is None, "the run ended before it waited on the lock"
                time.sleep(0.05)
    finally:
        engine.dispose()


def _article_urls(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(Article.url)))


def _run_statuses(db: Database) -> list[str]:
    with db.session() as session:
        return list(session.scalars(select(CrawlRun.status).order_by(CrawlRun.id)))


def _error_urls(db: Database) -> set[str | None]:
    """The URLs of the error events of the first run."""
    with db.session() as session:
        first_run = session.scalar(select(func.min(CrawlRun.id)))
        return set(
            session.scalars(
                select(CrawlEvent.url).where(
                    CrawlEvent.run_id == first_run, CrawlEvent.is_error.is_(True)
                )
            )
        )


def _restart_mid_run(
    command: list[str], config: Path, db: Database, db_url: str, stderr_file: Path
) -> tuple[int, str]:
    """Run `tallywatch run`, restart the server inside one of its writes, wait for the end."""
    with stderr_file.open("w", encoding="utf-8") as stderr:
        child = subprocess.Popen(
            [*CLI, "run", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
        try:
            while len(_article_urls(db)) < RESTART_AFTER:
                assert child.poll() is None, "the run ended before the restart"
                time.sleep(0.05)
            with _article_inserts_blocked(db_url):
                _wait_for_blocked_writer(db_url, child)
                restart = subprocess.run(
                    command, capture_output=True, text=True, timeout=RESTART_TIMEOUT, check=False
                )
            assert restart.returncode == 0, f"{command}: {restart.stderr}"
            wait_for_server(db_url)
            code = child.wait(timeout=RUN_TIMEOUT)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    return code, stderr_file.read_text(encoding="utf-8")


def test_a_run_survives_a_postgresql_restart(
    restart_command: list[str], db_url: str, slow_site: SlowSite, tmp_path: Path
) -> None:
    config = _write_config(tmp_path / "tallywatch.toml", slow_site.url, db_url)
    db = Database(db_url)  # the schema first: the polling reads the tables
    try:
        code, err = _restart_mid_run(
            restart_command, config, db, db_url, tmp_path / "first-run.log"
        )
        first_urls = _article_urls(db)
        print(f"first run: exit {code}, {len(first_urls)} of {DEMO_ARTICLES} articles")
        assert code in (0, 1), err
        assert not any(line.startswith("Traceback") for line in err.splitlines()), err
        if code == 0:
            assert _run_statuses(db) == ["ok"]
        else:  # the run failed: said once, in one line
            assert err.strip().splitlines()[-1].startswith(RUN_FAILED), err
            assert err.count(RUN_FAILED) == 1, err
        assert integrity_problems(db) == []

        slow_site.delay = 0
        second = subprocess.run(
            [*CLI, "run", "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        assert second.returncode == 0, second.stderr

        assert integrity_problems(db) == []
        urls = _article_urls(db)
        assert len(urls) == len(set(urls)) == DEMO_ARTICLES
        assert set(first_urls) <= set(urls)
        if code == 0:  # the write the restart ended was retried, or recorded as an error
            assert set(urls) - set(first_urls) <= _error_urls(db)
        with db.session() as session:
            versions = session.scalar(select(func.count()).select_from(ArticleVersion))
        assert versions == DEMO_ARTICLES, "an article stored twice"
        statuses = _run_statuses(db)
        assert statuses[1:] == ["ok"]
        assert statuses[0] in ("ok", "failed"), "the first run left `running`"
    finally:
        db.engine.dispose()

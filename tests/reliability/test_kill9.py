"""`kill -9` of `tallywatch run` at random points: nothing stored is lost or half-written,
no alert reaches any of its channels twice, and the next clean run completes the work."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from datetime import timedelta

from loopback_servers.http_receiver import Receiver
from reliability.demo_runs import CLI, DEMO_ARTICLES, CliRunner, ConfigWriter
from reliability.store_checks import (
    StoreState,
    age_claims,
    delivery_problems,
    integrity_problems,
    store_state,
)
from sqlalchemy import select

from tallywatch.alerts.channels import Routing
from tallywatch.alerts.outbox import stale_after
from tallywatch.config import load_settings
from tallywatch.store import CrawlRun, Database

SEED = 20261123
MAX_KILLS = 20
LOOP_BUDGET_SECONDS = 120.0
LOCK_BUSY = 3
SLOW_CRAWL = {"download_delay": 0.1, "concurrency": 1, "per_domain_concurrency": 1}
"""One page at a time, so a crawl spans the kill window instead of ending before it."""


def _run_and_kill(config: str, delay: float) -> int | None:
    """Start a run in its own process group, SIGKILL the group after `delay` seconds.

    Returns the exit code if the run finished before the kill, else None."""
    process = subprocess.Popen(
        [*CLI, "run", "--config", config],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None


def test_kill9_loop_loses_nothing_and_sends_nothing_twice(
    write_config: ConfigWriter, run_cli: CliRunner, receiver: Receiver, db_url: str
) -> None:
    # Two channels, each with its own queue and thread: a kill may land mid-send on one
    # while the other has finished, and each must still get each alert at most once.
    base = f"/kill9/{os.getpid()}/{time.monotonic_ns()}"
    paths = [f"{base}/a", f"{base}/b"]
    alerts = {"urls": [receiver.url(path) for path in paths], "timeout": 1, "burst": 0}
    # Slow and fast crawls alternate: kills land mid-crawl and around detection and delivery.
    configs = [
        write_config("slow.toml", alerts=alerts, crawl=SLOW_CRAWL),
        write_config("fast.toml", alerts=alerts),
    ]
    config = configs[1]
    settings = load_settings(config)
    routed = Routing(settings).all()
    channels = {channel.fingerprint: path for channel, path in zip(routed, paths, strict=True)}
    db = Database(db_url)
    rng = random.Random(SEED)
    outcomes: list[str] = []
    deadline = time.monotonic() + LOOP_BUDGET_SECONDS

    def problems(state: StoreState) -> list[str]:
        found = []
        for channel, path in channels.items():
            found += [
                f"{path}: {p}" for p in delivery_problems(state, channel, receiver.received(path))
            ]
        return found

    try:
        while len(outcomes) < MAX_KILLS and time.monotonic() < deadline:
            delay = rng.uniform(0.2, 3.0)
            code = _run_and_kill(str(configs[len(outcomes) % 2]), delay)
            articles = store_state(db).articles
            shown = "killed" if code is None else f"exit {code}"
            outcomes.append(f"{shown} at {delay:.2f}s, {articles} articles")
            assert code in (None, 0, LOCK_BUSY), outcomes
            assert integrity_problems(db) == [], outcomes
            state = store_state(db)
            assert set(state.statuses) <= {"pending", "waiting", "sent", "failed"}, state
            assert problems(state) == [], outcomes

        # The final run comes "later": claims a kill left behind are past their window.
        age_claims(db, stale_after(settings) + timedelta(seconds=1))
        final = run_cli(config, "run")
        if final.returncode == LOCK_BUSY:  # a killed PostgreSQL session not yet reaped
            time.sleep(2)
            final = run_cli(config, "run")
        assert final.returncode == 0, (outcomes, final.stdout, final.stderr)

        assert integrity_problems(db) == []
        state = store_state(db)
        assert state.articles == DEMO_ARTICLES
        # Only an alert whose send a kill interrupted may be held back (as failed, uncertain).
        assert state.statuses["sent"] >= 1
        assert state.statuses["sent"] + state.alerts_in_doubt == sum(state.statuses.values())
        assert state.statuses["failed"] == state.alerts_in_doubt, state
        assert problems(state) == [], outcomes
        for channel in channels:
            assert sum(state.sent[channel].values()) + sum(
                state.in_doubt.get(channel, {}).values()
            ) == sum(state.statuses.values()), state
        print(f"kill -9 loop: {outcomes}; final alerts {dict(state.statuses)}")
    finally:
        db.engine.dispose()


def _running_runs(db: Database) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(CrawlRun.id).where(CrawlRun.status == "running")))


def test_a_killed_run_is_not_reported_as_running_later(
    write_config: ConfigWriter, run_cli: CliRunner, db_url: str
) -> None:
    config = write_config(crawl=SLOW_CRAWL)
    db = Database(db_url)
    process = subprocess.Popen(
        [*CLI, "run", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while not _running_runs(db):  # kill once the run has recorded itself
            assert process.poll() is None, "the run ended before it could be killed"
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        assert run_cli(config, "run").returncode == 0
        status = json.loads(run_cli(config, "status", "--json").stdout)
        assert status["lock_holder"] is None
        assert status["current_run"] is None
        assert _running_runs(db) == []
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        db.engine.dispose()

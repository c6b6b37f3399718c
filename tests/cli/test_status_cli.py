"""`tallywatch status`: the last run, source health, pending alerts, next run; `--json`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tallywatch.review.runs import RUN_KEYS
from tallywatch.review.sources import SOURCE_KEYS
from tallywatch.store import Alert, CrawlRun, Database, Source, utcnow
from tallywatch.store.locks import RunLock
from tallywatch.store.models import DaemonState

HOOK_TOKEN = "tk_status_9Rq2Xw7Vb4"
HOOK = f"json://127.0.0.1:9/hook?token={HOOK_TOKEN}"


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Path:
    path = tmp_path / "tw.toml"
    path.write_text(
        f"""
[database]
url = "{db_url}"

[alerts]
urls = ["{HOOK}"]
operator_after_failures = 3

[[sources]]
name = "wire"
kind = "feed"
url = "https://wire.example/rss.xml"

[[sources]]
name = "slow"
kind = "page"
url = "https://slow.example/world/"

[[sources]]
name = "never"
kind = "sitemap"
url = "https://never.example/sitemap.xml"
"""
    )
    return path


@pytest.fixture
def seeded(db_url: str, config: Path) -> dict[str, Any]:
    now = utcnow()
    db = Database(db_url)
    with db.session() as session:
        older = CrawlRun(
            started_at=now - timedelta(hours=2),
            finished_at=now - timedelta(hours=2) + timedelta(seconds=30),
            status="ok",
            pages=3,
        )
        last = CrawlRun(
            started_at=now - timedelta(minutes=10),
            finished_at=now - timedelta(minutes=9),
            status="ok",
            pages=42,
            new_articles=5,
            updated=2,
            figures=11,
            alerts=1,
            errors=3,
        )
        running = CrawlRun(started_at=now - timedelta(seconds=20), status="running", pages=1)
        session.add_all([older, last, running])
        session.add_all(
            [
                Source(
                    name="wire",
                    kind="feed",
                    url="https://wire.example/rss.xml",
                    last_run_at=now - timedelta(minutes=9),
                    last_success_at=now - timedelta(minutes=9),
                    consecutive_failures=0,
                    last_status="ok",
                ),
                Source(
                    name="slow",
                    kind="page",
                    url="https://slow.example/world/",
                    last_run_at=now - timedelta(minutes=9),
                    last_success_at=now - timedelta(days=2),
                    consecutive_failures=4,
                    last_status="failed",
                    last_error=f"timeout (operator hook {HOOK} unreachable)",
                ),
            ]
        )
        session.add_all(
            [
                Alert(kind="increase", topic="nk", status="pending"),
                Alert(kind="increase", topic="nk", status="pending"),
                Alert(kind="baseline", topic="nk", status="sent"),
                Alert(
                    kind="increase",
                    topic="nk",
                    status="waiting",
                    last_error="no channel configured",
                ),
                Alert(kind="increase", topic="nk", status="waiting"),
                Alert(kind="increase", topic="nk", status="waiting"),
                Alert(kind="increase", topic="nk", status="failed"),
            ]
        )
        session.add(
            DaemonState(
                worker="host:1",
                started_at=now - timedelta(hours=3),
                heartbeat_at=now,
                next_run_at=now + timedelta(minutes=20),
                status="running",
            )
        )
        session.add(
            DaemonState(
                worker="host:2",
                started_at=now - timedelta(days=3),
                heartbeat_at=now - timedelta(days=1),
                next_run_at=now - timedelta(days=1),
                status="running",
            )
        )
        session.flush()
        ids = {"last": last.id, "running": running.id}
    db.dispose()
    return ids


def _status(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "status", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_status_json_reports_last_run_sources_alerts_and_next_run(
    config: Path, seeded: dict[str, Any]
) -> None:
    done = _status(config, "--json")
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    report = json.loads(line)
    last = report["last_run"]
    assert last["id"] == seeded["last"]
    assert {k: last[k] for k in ("status", "pages", "new_articles", "figures", "alerts")} == {
        "status": "ok",
        "pages": 42,
        "new_articles": 5,
        "figures": 11,
        "alerts": 1,
    }
    assert last["errors"] == 3
    assert last["started_at"] < last["finished_at"]
    assert last["duration_seconds"] == pytest.approx(60, abs=1)
    assert report["current_run"]["id"] == seeded["running"]
    assert report["pending_alerts"] == 2
    assert (report["waiting_alerts"], report["failed_alerts"]) == (3, 1)
    sources = {s["name"]: s for s in report["sources"]}
    assert list(sources) == ["wire", "slow", "never"]
    assert sources["wire"]["consecutive_failures"] == 0
    assert sources["slow"]["consecutive_failures"] == 4
    assert sources["slow"]["status"] == "failed" and sources["never"]["status"] is None
    assert sources["never"]["last_success_at"] is None
    for source in sources.values():
        assert list(source) == list(SOURCE_KEYS)  # the rows of `tallywatch sources --json`
    assert list(last) == list(RUN_KEYS)  # the rows of `tallywatch runs --json`
    assert report["failing_sources"] == ["slow"]
    daemons = {d["worker"]: d for d in report["daemons"]}
    assert daemons["host:1"]["status"] == "running"
    assert daemons["host:2"]["status"] == "stale"
    assert report["next_run"] == daemons["host:1"]["next_run_at"]
    assert report["next_run"] > last["finished_at"]
    assert report["lock_holder"] is None


def test_status_never_prints_secrets(config: Path, seeded: dict[str, Any]) -> None:
    for args in (["--json"], []):
        done = _status(config, *args)
        assert done.returncode == 0, done.stderr
        assert HOOK_TOKEN not in done.stdout
        assert "***" in done.stdout


def test_status_shows_who_holds_the_run_lock(
    config: Path, db_url: str, seeded: dict[str, Any]
) -> None:
    with RunLock(db_url):
        report = json.loads(_status(config, "--json").stdout)
    assert f"pid {os.getpid()} on " in report["lock_holder"]


def test_human_view(config: Path, seeded: dict[str, Any]) -> None:
    done = _status(config)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"run {seeded['last']} [ok]" in out
    assert "pages 42" in out and "new articles 5" in out and "figures 11" in out
    assert "Running now:" in out
    assert "Next scheduled run:" in out
    assert re.search(r"\(in (19|20) min\)", out)
    assert (
        "Pending alerts: 2; 3 waiting: no channel configured; "
        "1 failed (`tallywatch alerts retry --failed`)"
    ) in out
    for name in ("wire", "slow", "never"):
        assert name in out


def test_status_on_a_missing_database_says_what_to_run(config: Path, db_url: str) -> None:
    done = _status(config, "--json")
    assert done.returncode == 1
    # the database password is a secret wherever it appears, even where it is a common
    # word (the test server's is "tallywatch")
    password = make_url(db_url).password
    said = done.stderr.replace("***", password) if password else done.stderr
    assert "no tallywatch database here yet" in said and "`tallywatch run`" in said
    assert done.stdout == ""


def test_status_on_an_empty_database(config: Path, db_url: str) -> None:
    Database(db_url).dispose()  # created, as `tallywatch db upgrade` does
    done = _status(config, "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["last_run"] is None
    assert report["next_run"] is None
    assert (report["pending_alerts"], report["waiting_alerts"], report["failed_alerts"]) == (
        0,
        0,
        0,
    )
    assert [s["name"] for s in report["sources"]] == ["wire", "slow", "never"]
    human = _status(config)
    assert "none yet" in human.stdout and "no daemon running" in human.stdout

"""`tallywatch run` when every source fails: a distinct exit code, one line per source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import tomli_w
from loopback_servers.http_receiver import free_port

from tallywatch.constants import ExitCode
from tallywatch.demo import EDITIONS, LoopbackSite, demo_settings


def _run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )


def _config(tmp_path: Path, db_url: str, sources: list[dict[str, object]]) -> Path:
    data = {
        "database": {"url": db_url},
        "crawl": {"retries": 0, "timeout": 5, "download_delay": 0},
        "sources": sources,
        "topics": [{"name": "nk-troops", "subjects": ["North Korean"]}],
    }
    path = tmp_path / "tallywatch.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_a_run_whose_every_source_fails_exits_4_naming_each_source(
    tmp_path: Path, db_url: str
) -> None:
    feed, page = free_port(), free_port()
    config = _config(
        tmp_path,
        db_url,
        [
            {"name": "feed-down", "kind": "feed", "url": f"http://127.0.0.1:{feed}/rss.xml"},
            {"name": "page-down", "kind": "page", "url": f"http://127.0.0.1:{page}/world/"},
        ],
    )
    done = _run(config, "run")
    assert done.returncode == ExitCode.SOURCES_FAILED == 4, done.stderr
    assert done.stdout.startswith("run 1 failed: pages fetched 0")
    failure = done.stderr[done.stderr.index("tallywatch: every source failed:") :]
    assert failure.splitlines() == [
        "tallywatch: every source failed:",
        "  feed-down: connection: Connection was refused by other side: 111: Connection refused.",
        "  page-down: connection: Connection was refused by other side: 111: Connection refused.",
    ]
    assert "Traceback" not in done.stderr
    assert "robotstxt" not in done.stderr

    status = json.loads(_run(config, "status", "--json").stdout)
    last = status["last_run"]
    assert (last["status"], last["sources"], last["sources_failed"]) == ("failed", 2, 2)
    assert last["error"].splitlines()[0] == "every source failed:"
    assert [s["status"] for s in status["sources"]] == ["failed", "failed"]
    human = _run(config, "status").stdout
    assert "[failed]" in human and "sources failed 2 of 2" in human


def test_a_run_where_one_source_of_two_fails_still_exits_0(tmp_path: Path, db_url: str) -> None:
    with LoopbackSite(EDITIONS[0]) as site:
        demo = demo_settings(site.url, db_url).sources[0]
        config = _config(
            tmp_path,
            db_url,
            [
                demo.model_dump(mode="json", exclude_none=True),
                {"name": "down", "kind": "feed", "url": f"http://127.0.0.1:{free_port()}/x"},
            ],
        )
        done = _run(config, "run")
    assert done.returncode == ExitCode.OK, done.stderr
    assert " ok: " in done.stdout
    assert "every source failed" not in done.stderr

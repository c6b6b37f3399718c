"""Two `tallywatch run` at once (cron while the daemon or another cron run is busy)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from tallywatch.store import CrawlRun, Database
from tallywatch.store.locks import RunLock

EDITION = {"nk-losses": 100, "front-line": 200}


def _runs(db: Database) -> list[CrawlRun]:
    with db.session() as session:
        return list(session.scalars(select(CrawlRun).order_by(CrawlRun.id)))


def test_run_exits_3_while_the_lock_is_held_then_works(
    db_url: str,
    db: Database,
    news_site: Any,
    make_config: Callable[..., Any],
    tallywatch: Callable[..., list[str]],
) -> None:
    news_site.reset([EDITION])
    config = make_config([("ledger", f"{news_site.url}/feed.xml")])
    with RunLock(db_url):
        busy = subprocess.run(
            tallywatch(config, "run"), capture_output=True, text=True, timeout=120
        )
    assert busy.returncode == 3
    [message] = busy.stderr.strip().splitlines()
    assert message.startswith("tallywatch: another run is in progress (")
    assert f"pid {os.getpid()} on {socket.gethostname()} since " in message
    assert _runs(db) == []
    assert news_site.state.feed_requests == 0

    done = subprocess.run(tallywatch(config, "run"), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [r.status for r in _runs(db)] == ["ok"]


def test_second_real_run_is_refused_while_the_first_works(
    db: Database,
    news_site: Any,
    make_config: Callable[..., Any],
    tallywatch: Callable[..., list[str]],
    wait_for: Callable[..., Any],
) -> None:
    # Article answers wait for the gate, so the first run is certainly mid-crawl.
    state = news_site.reset([EDITION], gate=threading.Event())
    config = make_config([("ledger", f"{news_site.url}/feed.xml")])
    first = subprocess.Popen(
        tallywatch(config, "run"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: state.feed_requests >= 1, "the first run to fetch the feed")
        second = subprocess.run(
            tallywatch(config, "run"), capture_output=True, text=True, timeout=120
        )
        assert second.returncode == 3
        assert f"(pid {first.pid} on {socket.gethostname()} since " in second.stderr
    finally:
        state.gate.set()
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    runs = _runs(db)
    assert [r.status for r in runs] == ["ok"]
    assert runs[0].new_articles == 2
    assert state.feed_requests == 1

"""Another process holds a write transaction on the SQLite file: the run waits, then completes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from reliability.demo_runs import CLI, DEMO_ARTICLES, ConfigWriter
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tallywatch.store import Article, Database

HOLD_SECONDS = 3.0
"""Well inside the 30 s `busy_timeout` the store sets on every SQLite connection."""

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE sources SET last_error = last_error")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_a_run_outlasts_another_writer(
    request: pytest.FixtureRequest, write_config: ConfigWriter, db_url: str
) -> None:
    if request.config.getoption("--backend") != "sqlite":
        pytest.skip("a file-level write lock is SQLite's; PostgreSQL locks rows")
    config = write_config()
    Database(db_url).engine.dispose()  # create the schema, so the holder has tables to lock
    db_file = str(make_url(db_url).database)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, db_file, str(HOLD_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert holder.poll() is None, "the other writer holds its lock as the run starts"
        run = subprocess.run(
            [*CLI, "run", "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert run.returncode == 0, run.stderr
    finally:
        assert holder.wait(timeout=30) == 0, "the other writer committed after its hold"
    db = Database(db_url)
    try:
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Article)) == DEMO_ARTICLES
    finally:
        db.engine.dispose()

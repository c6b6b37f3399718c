"""Every database problem is one line naming the database and the reason, never a
traceback; and the schema of a fresh database is created once, however many first runs
race for it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tallywatch.constants import ExitCode
from tallywatch.extract.types import CleanedPage
from tallywatch.store import Database, Figure, runs, sources
from tallywatch.store import articles as store
from tallywatch.store.db import DatabaseMissing

PASSWORD = "pw-that-must-not-show-3d9"


def _tallywatch(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "tw.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wrong_password_url() -> str:
    admin = os.environ.get("TALLYWATCH_TEST_PG_URL")
    if not admin:
        pytest.skip("needs TALLYWATCH_TEST_PG_URL (a PostgreSQL server)")
    return make_url(admin).set(password=PASSWORD).render_as_string(hide_password=False)


CASES = {
    "unsupported scheme": (lambda: "mongodb://db.example/tw", "not a database URL"),
    "missing driver": (lambda: f"mysql://tw:{PASSWORD}@127.0.0.1/tw", "driver is not installed"),
    "server down": (
        lambda: f"postgresql://tw:{PASSWORD}@127.0.0.1:{_closed_port()}/tw",
        "Connection refused",
    ),
    "wrong password": (_wrong_password_url, "password authentication failed"),
    "path that cannot be created": (
        lambda: "sqlite:////etc/hostname/below-a-file/tw.db",
        "Not a directory",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path, case: str) -> None:
    make, reason = CASES[case]
    # a command that creates the database when there is none (one that only looks says so)
    done = _tallywatch(tmp_path, make(), "db", "upgrade")
    assert done.returncode == ExitCode.FAILED
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("tallywatch: database error: ")
    assert reason in lines[0]
    assert PASSWORD not in done.stderr + done.stdout


def test_a_write_to_a_read_only_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "tw.db"
    db = Database(f"sqlite:///{path}")
    with db.session() as session:
        from tallywatch.config import SourceConfig

        source = SourceConfig(name="wire", kind="feed", url="https://wire.example/rss.xml")
        ids = sources.sync_sources(session, [source])
        run_id = runs.start_run(session)
    with db.session() as session:
        page = CleanedPage(text="About 300 were killed.", title="t", author=None, published=None)
        saved = store.save_article(
            session, source_id=ids["wire"], run_id=run_id, url="https://wire.example/a", page=page
        )
        session.add(
            Figure(
                version_id=saved.version_id,
                article_id=saved.article_id,
                metric="killed",
                value=300,
                qualifier="approx",
                scope="cumulative",
                sentence="About 300 were killed.",
                start=6,
                end=9,
                sentence_hash="0" * 64,
            )
        )
    with db.session() as session:
        figure_id = session.scalar(select(func.max(Figure.id)))
    db.dispose()
    done = _tallywatch(
        tmp_path, f"sqlite:///file:{path}?mode=ro&uri=true", "figures", "confirm", str(figure_id)
    )
    assert done.returncode == ExitCode.FAILED
    assert done.stderr.strip().splitlines() == [
        "tallywatch: database error: attempt to write a readonly database"
    ]


@pytest.mark.parametrize("trial", range(4))
def test_first_runs_racing_on_a_fresh_database_both_succeed(db_url: str, trial: int) -> None:
    start = time.time() + 1.5
    opener = (
        "import sys, time\n"
        "from tallywatch.store import Database\n"
        f"time.sleep(max(0, {start} - time.time()))\n"
        "Database(sys.argv[1]).dispose()\n"
    )
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", opener, db_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    errors = [racer.communicate(timeout=120)[1] for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0, 0], errors


def test_a_reader_never_creates_the_database(db_url: str) -> None:
    """No SQLite file, or a server database without tallywatch's schema: `create=False`
    says so and leaves nothing behind; once the schema exists, it opens."""
    with pytest.raises(DatabaseMissing, match="no tallywatch database here yet"):
        Database(db_url, create=False)
    if db_url.startswith("sqlite"):
        assert not Path(make_url(db_url).database or "").exists()
    Database(db_url).dispose()
    opened = Database(db_url, create=False)
    with opened.session() as session:
        assert session.scalar(select(func.count()).select_from(Figure)) == 0
    opened.dispose()

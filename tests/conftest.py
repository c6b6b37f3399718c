"""Project-wide fixtures: the database under test.

The suite runs on SQLite by default.  `--backend postgresql` (or TALLYWATCH_TEST_BACKEND)
runs the database tests against the PostgreSQL server named by TALLYWATCH_TEST_PG_URL,
each test in a fresh database.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import fresh_database
from loopback_servers.http_receiver import Receiver

from tallywatch.store import Database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        default=os.environ.get("TALLYWATCH_TEST_BACKEND", "sqlite"),
        choices=("sqlite", "postgresql"),
        help="database backend for tests that use the `db_url` fixture",
    )


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a fresh, empty database on the selected backend."""
    with fresh_database(request.config.getoption("--backend"), tmp_path) as url:
        yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """The `Database` of `db_url`, migrated on opening, disposed after the test."""
    database = Database(db_url)
    yield database
    database.dispose()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On `--backend postgresql`, run only the tests that use a database."""
    if config.getoption("--backend") == "sqlite":
        return
    keep = [item for item in items if "db_url" in getattr(item, "fixturenames", ())]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(scope="session")
def receiver() -> Iterator[Receiver]:
    """A loopback HTTP receiver recording what apprise's `json://` URLs post to it."""
    server = Receiver()
    yield server
    server.close()

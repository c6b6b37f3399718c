"""Fresh, empty databases on the backend a test run chose (`--backend`).

`db_url` (tests/conftest.py) gives each test one; a module whose tests share one
expensive crawl opens one for the whole module with `fresh_database` directly.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_URL_VARIABLE = "TALLYWATCH_TEST_PG_URL"


@contextlib.contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new database: a SQLite file in `folder`, or a PostgreSQL database
    created on the server named by TALLYWATCH_TEST_PG_URL and dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'tallywatch.db'}"
        return
    admin_url = os.environ.get(PG_URL_VARIABLE)
    if not admin_url:
        pytest.skip(f"--backend postgresql needs {PG_URL_VARIABLE} (a server to create DBs on)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    name = f"tw_{uuid.uuid4().hex[:12]}"
    # No pooled connection to go stale: a test may restart the server in between.
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

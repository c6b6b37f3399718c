"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tallywatch.store import Base, Database
from tallywatch.store import db as store_db
from tallywatch.store.db import SCHEMA_REVISION, current_revision, head_revision


def test_upgrade_builds_the_model_schema(db_url: str) -> None:
    database = Database(db_url)
    try:
        assert current_revision(database.engine) == head_revision()
        tables = set(inspect(database.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with database.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
    finally:
        database.dispose()


def test_upgrade_is_idempotent(db_url: str) -> None:
    Database(db_url).dispose()
    again = Database(db_url)
    try:
        assert current_revision(again.engine) == head_revision()
    finally:
        again.dispose()


def test_the_schema_revision_in_the_code_is_alembics_head() -> None:
    # (a run compares the database with this constant instead of importing Alembic)
    assert head_revision() == SCHEMA_REVISION


def test_a_database_at_the_schema_revision_is_not_upgraded_again(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Database(db_url).dispose()

    def no_upgrade(*_args: object) -> None:
        raise AssertionError("upgraded a current database")

    monkeypatch.setattr(store_db, "upgrade", no_upgrade)
    Database(db_url).dispose()

"""The migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tallywatch.store import Base, Database
from tallywatch.store.db import current_revision, head_revision


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

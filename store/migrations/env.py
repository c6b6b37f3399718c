"""Alembic environment: the engine is handed in by `tallywatch.store.db`."""

from alembic import context
from sqlalchemy import Engine

from tallywatch.store.models import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("tallywatch migrations are run through `tallywatch db upgrade`")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()

"""Engines, sessions and schema upgrades.

Opening a database (`Database(url)`) either works or raises `DatabaseUnavailable` with one
line naming the database (password hidden) and the reason: an unsupported scheme, a
missing driver, a server that is down or refuses the password, a path that cannot be
created.  The schema is created and upgraded under a lock, so two first runs on a fresh
database do not both try to create it.
"""

from __future__ import annotations

import fcntl
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_REVISION = "0001"
"""The newest migration (tests/store hold it to Alembic's head).  A database at this
revision needs no upgrade, so the common start of a run never imports Alembic (about
0.2 s of CPU: a tenth of a run that finds nothing new)."""
VERSION_TABLE = "alembic_version"
SQLITE_MMAP_BYTES = 256 * 1024 * 1024
RECONNECT_SECONDS = 30.0
"""How long a new PostgreSQL connection waits for a server that went away (a restart, a
failover) once the engine has reached it; the first connection of an engine never waits."""
RECONNECT_FIRST_PAUSE = 0.1
RECONNECT_MAX_PAUSE = 1.0

log = logging.getLogger("tallywatch.store")


class DatabaseUnavailable(Exception):
    """The database cannot be opened; `str()` is one line naming it and the reason."""


class DatabaseMissing(DatabaseUnavailable):
    """There is no tallywatch database at the URL yet (no SQLite file, or no schema), and
    the caller only reads: it is not created."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"{shown_url(url)}: no tallywatch database here yet (`tallywatch run` creates "
            "it and fills it; `tallywatch db upgrade` creates it empty)"
        )


def shown_url(url: str) -> str:
    """The database URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"


def reason_of(exc: BaseException) -> str:
    """The first line that says what went wrong, without SQLAlchemy's boilerplate."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Reads through a memory map instead of copies into SQLite's page cache: a text search
    # of the review, which reads every stored text, takes 40% less (docs/benchmarks.md).
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


class _ReconnectWait:
    """Connects again, for a while, to a server this engine has reached before.

    A restarted server refuses connections for a moment (or answers "the database system
    is starting up"); without waiting, every write in that moment fails, including the one
    that records the failure.  Stale pooled connections are caught by `pool_pre_ping`, whose
    reconnect lands here.  A server never reached (a wrong URL or password) fails at once.
    """

    def __init__(self, window: float) -> None:
        self.window = window
        self.reached = False

    def on_connect(self, _dbapi_connection: Any, _record: Any) -> None:
        self.reached = True

    def do_connect(self, dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        if not self.reached:
            return None  # SQLAlchemy connects as usual
        deadline = time.monotonic() + self.window
        pause = RECONNECT_FIRST_PAUSE
        while True:
            try:
                return dialect.connect(*cargs, **cparams)
            except dialect.loaded_dbapi.OperationalError as exc:
                if time.monotonic() + pause > deadline:
                    raise
                if pause == RECONNECT_FIRST_PAUSE:
                    reason = (str(exc) or type(exc).__name__).splitlines()[0]
                    log.warning(
                        "database unreachable, retrying for %.0f s: %s", self.window, reason
                    )
                time.sleep(pause)
                pause = min(pause * 2, RECONNECT_MAX_PAUSE)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a URI: its path ends at the query
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database).expanduser()


def make_engine(url: str, *, create: bool = True) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL mode and a busy timeout.

    With `create`, a SQLite file's folder is made when missing; without, a missing
    SQLite file is `DatabaseMissing` (SQLite would create an empty one on connecting).
    PostgreSQL connections are checked before use (`pool_pre_ping`) and, after the server
    went away, reconnected for up to `RECONNECT_SECONDS`."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        elif path is not None and not path.is_file():
            raise DatabaseMissing(url)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, pool_pre_ping=True)
    if parsed.get_backend_name() == "postgresql":
        wait = _ReconnectWait(RECONNECT_SECONDS)
        event.listen(engine, "connect", wait.on_connect)
        event.listen(engine, "do_connect", wait.do_connect)
    return engine


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    """Alembic's configuration: the migrations folder, and the engine they run on."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The revision Alembic recorded in the database; None for an empty database."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        revisions = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
        found = sorted(revisions)
    if len(found) > 1:
        raise RuntimeError(f"database schema has several revisions: {', '.join(found)}")
    return found[0] if found else None


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to `revision` (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Held while the schema is created or upgraded: a PostgreSQL advisory lock, or a file
    lock beside a SQLite database file; blocking, so the second process waits its turn."""
    from tallywatch.store.locks import advisory_key, lock_file_path

    if engine.dialect.name == "postgresql":
        key = advisory_key("schema")
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        return
    path = lock_file_path(engine.url.render_as_string(hide_password=False), "schema")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def ensure_schema(engine: Engine) -> None:
    """Upgrade the schema when it is behind the code; a no-op when current.  Concurrent
    callers on a fresh database take turns (`schema_lock`): the second finds it done.  On
    SQLite even the first look is taken in turn (a file lock costs nothing): a connection
    switching a fresh file to WAL while another creates the schema can be refused at once
    ("database is locked"), whatever the busy timeout."""
    if engine.dialect.name != "sqlite" and current_revision(engine) == SCHEMA_REVISION:
        return
    with schema_lock(engine):
        if current_revision(engine) != SCHEMA_REVISION:
            upgrade(engine)


class Database:
    """An engine plus a session factory, created once per process from `[database] url`.

    `create=False` is for the commands that only look: a database that does not exist
    yet (no SQLite file, or a server database without tallywatch's schema) is
    `DatabaseMissing` instead of being created empty.  An existing one is upgraded to the
    current schema either way (`migrate`)."""

    def __init__(self, url: str, *, migrate: bool = True, create: bool = True) -> None:
        self.url = url
        try:
            self.engine = make_engine(url, create=create)
            if not create and current_revision(self.engine) is None:
                self.engine.dispose()
                raise DatabaseMissing(url)
            if migrate:
                ensure_schema(self.engine)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise DatabaseUnavailable(
                f"{shown_url(url)}: not a database URL tallywatch can use "
                f"(sqlite:///PATH or postgresql://USER@HOST/DB): {reason_of(exc)}"
            ) from None
        except ImportError as exc:
            raise DatabaseUnavailable(
                f"{shown_url(url)}: its driver is not installed ({exc.name or exc}); "
                "for PostgreSQL: pip install 'tallywatch[postgres]'"
            ) from None
        except (DBAPIError, OSError) as exc:
            raise DatabaseUnavailable(f"{shown_url(url)}: {reason_of(exc)}") from None
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

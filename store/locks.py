"""A cross-process "one cycle at a time" lock that dies with its holder.

Two backends, chosen from the database URL:

* PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a
  dedicated connection.  The server drops it when that session ends, so a killed
  holder (or one whose machine vanished, once TCP notices) releases it.  The
  connection's `application_name` says who holds it, so a busy message can name
  the holder on any machine that shares the database.
* Everything else (SQLite): an OS file lock (`fcntl.flock`) on a lock file beside
  the database file (`tallywatch.db` -> `tallywatch.db.cycle.lock`); the kernel
  drops it when the holder's process dies.  The file holds the holder's pid,
  host and start time.  In-memory and non-file URLs use a lock file in the temp
  directory keyed by a hash of the URL (only meaningful on one host).

The lock is non-blocking: `acquire()` raises `LockBusy` at once when another
process holds it.  `name` separates independent locks ("cycle" for the whole
run; per-source names leave room for finer-grained locking on PostgreSQL).

`serialize(session, name)` is the blocking, transaction-scoped kind: on PostgreSQL it
makes workers sharing a database take turns at one step (change detection).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import tempfile
import weakref
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from tallywatch.store.db import Database

APPLICATION_PREFIX = "tallywatch"


class LockBusy(Exception):
    """Another process holds the lock; `str(exc)` / `.holder` describe that process."""

    def __init__(self, holder: str) -> None:
        self.holder = holder
        super().__init__(holder)


def describe_holder(pid: int | str, host: str, since: datetime | None) -> str:
    """The text a busy message shows: "pid 123 on web1 since 2025-01-02T03:04:05Z"."""
    when = f" since {since.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}" if since else ""
    return f"pid {pid} on {host}{when}"


def describe_self() -> str:
    return describe_holder(os.getpid(), socket.gethostname(), datetime.now(UTC))


def advisory_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a lock name."""
    digest = hashlib.sha256(f"{APPLICATION_PREFIX}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_file_path(url: str, name: str) -> Path:
    """Where the file lock for `url` lives: beside the SQLite file, else in the temp dir."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        db_path = Path(database).expanduser().resolve()
        return db_path.with_name(f"{db_path.name}.{name}.lock")
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / f"tallywatch-locks-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{key}.{name}.lock"


class _FileLock:
    """`flock` on a lock file; the file's content names the holder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise LockBusy(self._read_holder()) from None
        handle.seek(0)
        handle.truncate()
        handle.write(describe_self() + "\n")
        handle.flush()
        self._file = handle
        _FORK_CLOSERS.add(self)

    def release(self) -> None:
        handle, self._file = self._file, None
        _FORK_CLOSERS.discard(self)
        if handle is None:
            return
        handle.seek(0)
        handle.truncate()
        handle.flush()
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()

    def holder(self) -> str | None:
        """The current holder's description, or None when the lock is free."""
        if not self.path.exists():
            return None
        with open(self.path, encoding="utf-8") as probe:
            try:
                fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return self._read_holder()
            fcntl.flock(probe.fileno(), fcntl.LOCK_UN)
            return None

    def close_in_forked_child(self) -> None:
        """Drop a forked child's copy of the descriptor so the lock dies with its holder."""
        handle, self._file = self._file, None
        if handle is not None:
            handle.close()  # closes only the child's descriptor; never LOCK_UN here

    def _read_holder(self) -> str:
        try:
            content = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            content = ""
        return content or f"unknown process (lock file {self.path})"


# A forked worker (e.g. a multiprocessing pool) would otherwise inherit the locked file
# description or the database socket, and keep the lock alive after its parent died.
_FORK_CLOSERS: weakref.WeakSet[_FileLock | _AdvisoryLock] = weakref.WeakSet()


def _close_locks_after_fork() -> None:
    for lock in list(_FORK_CLOSERS):
        lock.close_in_forked_child()
    _FORK_CLOSERS.clear()


os.register_at_fork(after_in_child=_close_locks_after_fork)


class _AdvisoryLock:
    """`pg_try_advisory_lock` on a dedicated connection named after the holder."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self.key = advisory_key(name)
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._fd: int | None = None

    def _make_engine(self, application_name: str) -> Engine:
        parsed = make_url(self.url)
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed,
            poolclass=NullPool,
            isolation_level="AUTOCOMMIT",
            connect_args={"application_name": application_name[:63]},
        )

    def acquire(self) -> None:
        me = f"{APPLICATION_PREFIX}:{self.name}:{os.getpid()}@{socket.gethostname()}"
        engine = self._make_engine(me)
        conn = engine.connect()
        try:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar()
            if not got:
                holder = self._query_holder(conn)
                raise LockBusy(holder or "another database session")
        except BaseException:
            conn.close()
            engine.dispose()
            raise
        self._engine, self._conn = engine, conn
        self._fd = conn.connection.dbapi_connection.fileno()  # type: ignore[union-attr]
        _FORK_CLOSERS.add(self)

    def release(self) -> None:
        conn, engine = self._conn, self._engine
        self._conn = self._engine = None
        _FORK_CLOSERS.discard(self)
        if conn is None or engine is None:
            return
        try:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            # The server ended the session (a restart, say): the lock ended with it.
        finally:
            conn.close()  # closing the session releases the lock even if unlock failed
            engine.dispose()

    def close_in_forked_child(self) -> None:
        """Point the child's copy of the socket at /dev/null: the server session then ends
        with the parent, and the child's eventual goodbye message goes nowhere."""
        if self._conn is None or self._fd is None:
            return
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            os.dup2(devnull, self._fd)
        finally:
            os.close(devnull)
        self._conn = self._engine = None
        self._fd = None

    def holder(self) -> str | None:
        engine = self._make_engine(f"{APPLICATION_PREFIX}:status")
        try:
            with engine.connect() as conn:
                return self._query_holder(conn)
        finally:
            engine.dispose()

    def _query_holder(self, conn: Connection) -> str | None:
        hi, lo = (self.key >> 32) & 0xFFFFFFFF, self.key & 0xFFFFFFFF
        row = conn.execute(
            text(
                "SELECT a.application_name, l.pid, a.client_addr, a.backend_start "
                "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid::bigint = :hi AND l.objid::bigint = :lo AND l.objsubid = 1 "
                # advisory locks belong to one database; pg_locks lists the whole server's
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            {"hi": hi, "lo": lo},
        ).first()
        if row is None:
            return None
        application, backend_pid, client, since = row
        prefix = f"{APPLICATION_PREFIX}:{self.name}:"
        if application and application.startswith(prefix):
            pid, _, host = application[len(prefix) :].partition("@")
            return describe_holder(pid, host or "?", since)
        where = f" from {client}" if client else ""
        return f"database session {backend_pid}{where}"


class RunLock:
    """`with RunLock(db):` runs the body only if no other process holds the lock.

    Raises `LockBusy(holder_description)` immediately when the lock is held elsewhere.
    `db` is a `Database` or a database URL.  Not re-entrant within one process.
    """

    def __init__(self, db: Database | str, name: str = "cycle") -> None:
        url = db if isinstance(db, str) else db.url
        self.name = name
        self._impl: _FileLock | _AdvisoryLock
        if make_url(url).get_backend_name() == "postgresql":
            self._impl = _AdvisoryLock(url, name)
        else:
            self._impl = _FileLock(lock_file_path(url, name))
        self.held = False

    def acquire(self) -> None:
        if self.held:
            raise RuntimeError(f"RunLock {self.name!r} is already held by this object")
        self._impl.acquire()
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self._impl.release()

    def holder(self) -> str | None:
        """Who holds the lock now (None if free); does not take it."""
        return self._impl.holder()

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def serialize(session: Session, name: str) -> None:
    """Hold a transaction-scoped lock named `name` until `session` commits (PostgreSQL);
    elsewhere a no-op, since SQLite deployments are never shared."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": advisory_key(name)})

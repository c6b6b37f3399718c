"""The run lock: one holder across processes, freed when the holder dies (SQLite and PostgreSQL)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tallywatch.store.locks import LockBusy, RunLock, advisory_key, lock_file_path

HOLDER = textwrap.dedent(
    """
    import os, sys, time
    from tallywatch.store.locks import RunLock
    lock = RunLock(sys.argv[1], name=sys.argv[2])
    lock.acquire()
    # one write per line: with PYTHONUNBUFFERED, print() writes its pieces one by one and
    # the two processes' lines interleave
    if sys.argv[3] == "fork":
        if os.fork() == 0:  # a worker process outliving its parent must not keep the lock
            os.write(1, f"worker {os.getpid()}\\n".encode())
            time.sleep(120)
            os._exit(0)
    os.write(1, f"locked {os.getpid()}\\n".encode())
    time.sleep(120)
    """
)


class Holder:
    """A separate process holding the lock (optionally with a forked worker)."""

    def __init__(self, url: str, name: str = "cycle", fork: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, url, name, "fork" if fork else "plain"],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.worker_pid: int | None = None
        assert self.proc.stdout is not None
        waiting = {"locked", "worker"} if fork else {"locked"}
        for line in self.proc.stdout:
            word, pid = line.split()
            if word == "worker":
                self.worker_pid = int(pid)
            waiting.discard(word)
            if not waiting:
                break
        else:
            raise AssertionError(f"holder exited with {self.proc.wait()}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def cleanup(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        if self.worker_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.worker_pid, signal.SIGKILL)


@pytest.fixture
def holders() -> Iterator[list[Holder]]:
    started: list[Holder] = []
    yield started
    for holder in started:
        holder.cleanup()


def test_second_holder_in_process_is_refused_until_release(db_url: str) -> None:
    first, second = RunLock(db_url), RunLock(db_url)
    with first:
        with pytest.raises(LockBusy) as busy:
            second.acquire()
        assert f"pid {os.getpid()} on {socket.gethostname()}" in str(busy.value)
        assert busy.value.holder == str(busy.value)
        assert second.holder() is not None
    assert second.holder() is None
    with second:
        assert second.held


def test_lock_held_by_another_process_names_it(db_url: str, holders: list[Holder]) -> None:
    holder = Holder(db_url)
    holders.append(holder)
    with pytest.raises(LockBusy) as busy:
        RunLock(db_url).acquire()
    assert f"pid {holder.proc.pid} on {socket.gethostname()} since " in str(busy.value)


@pytest.mark.parametrize("fork", [False, True], ids=["plain", "with-forked-worker"])
def test_lock_is_released_when_the_holder_is_killed(
    db_url: str, holders: list[Holder], fork: bool
) -> None:
    holder = Holder(db_url, fork=fork)
    holders.append(holder)
    with pytest.raises(LockBusy):
        RunLock(db_url).acquire()
    holder.kill()
    if fork:
        assert holder.worker_pid is not None
        os.kill(holder.worker_pid, 0)  # the forked worker still runs
    lock = RunLock(db_url)
    _acquire_soon(lock)  # PostgreSQL notices the closed session within moments
    lock.release()


def _acquire_soon(lock: RunLock, attempts: int = 50) -> None:
    for _ in range(attempts):
        try:
            lock.acquire()
            return
        except LockBusy:
            time.sleep(0.1)
    lock.acquire()


def test_a_lock_in_another_database_on_the_server_is_not_ours(
    db_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if request.config.getoption("--backend") != "postgresql":
        pytest.skip("one server, several databases: PostgreSQL")
    from backends import fresh_database

    with fresh_database("postgresql", tmp_path) as other_url, RunLock(other_url):
        assert RunLock(other_url).holder() is not None
        assert RunLock(db_url).holder() is None
        with RunLock(db_url):
            assert RunLock(db_url).holder() is not None


def test_differently_named_locks_are_independent(db_url: str) -> None:
    with (
        RunLock(db_url, name="cycle"),
        RunLock(db_url, name="source:wire"),
        pytest.raises(LockBusy),
    ):
        RunLock(db_url, name="source:wire").acquire()


def test_acquiring_twice_on_one_object_is_a_bug(db_url: str) -> None:
    lock = RunLock(db_url)
    with lock, pytest.raises(RuntimeError):
        lock.acquire()


def test_release_clears_the_holder_note(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tw.db'}"
    lock = RunLock(url)
    with lock:
        assert str(os.getpid()) in lock_file_path(url, "cycle").read_text()
    assert lock_file_path(url, "cycle").read_text() == ""


@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("sqlite:///{tmp}/data/tw.db", "{tmp}/data/tw.db.cycle.lock"),
        ("sqlite:///{tmp}/other.sqlite", "{tmp}/other.sqlite.cycle.lock"),
        ("sqlite://", "temp"),
        ("sqlite:///:memory:", "temp"),
        ("mysql://user:pw@db.example/tally", "temp"),
    ],
)
def test_lock_file_location(tmp_path: Path, url: str, where: str) -> None:
    path = lock_file_path(url.format(tmp=tmp_path), "cycle")
    if where == "temp":
        assert path.parent.name.startswith("tallywatch-locks-")
        assert path.name.endswith(".cycle.lock")
        assert "pw" not in str(path)
    else:
        assert path == Path(where.format(tmp=tmp_path))


def test_temp_lock_files_are_keyed_by_url() -> None:
    assert lock_file_path("sqlite://", "cycle") != lock_file_path("sqlite:///:memory:", "cycle")
    assert lock_file_path("sqlite://", "a") != lock_file_path("sqlite://", "b")


def test_advisory_keys_are_stable_signed_64_bit() -> None:
    keys = {advisory_key(name) for name in ("cycle", "source:a", "source:b")}
    assert len(keys) == 3
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert advisory_key("cycle") == advisory_key("cycle")

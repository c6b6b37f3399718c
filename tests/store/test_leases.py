"""Source leases: one worker per source, expiring with a dead worker, released at the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from tallywatch.config import SourceConfig
from tallywatch.store import CrawlRun, Database, Source, utcnow
from tallywatch.store.leases import SourceLeases, close_runs_without_leases


def sources(count: int) -> list[SourceConfig]:
    return [
        SourceConfig(name=f"s{i}", kind="feed", url=f"http://127.0.0.1:9/{i}.xml")
        for i in range(count)
    ]


def names(configs: list[SourceConfig]) -> set[str]:
    return {c.name for c in configs}


def test_a_leased_source_goes_to_one_worker(db: Database) -> None:
    configs = sources(5)
    alpha = SourceLeases(db, "host-a:1", 60, batch=3)
    beta = SourceLeases(db, "host-b:2", 60)
    first = alpha.claim(configs)
    second = beta.claim(configs)
    assert len(first) == 3
    assert names(first) | names(second) == names(configs)
    assert not names(first) & names(second)
    assert beta.claim(configs) == second  # a worker's own leases stay claimable by it
    assert SourceLeases(db, "host-c:3", 60).claim(configs) == []
    with db.session() as session:
        owners = dict(session.execute(select(Source.name, Source.lease_owner)).all())
    assert {n for n, o in owners.items() if o == "host-a:1"} == names(first)


def test_least_recently_crawled_sources_are_claimed_first(db: Database) -> None:
    configs = sources(4)
    SourceLeases(db, "setup:0", 60).claim(configs)
    SourceLeases(db, "setup:0", 60).release()
    now = utcnow()
    with db.session() as session:
        for row in session.scalars(select(Source)):
            row.last_run_at = (
                None if row.name == "s2" else now - timedelta(minutes=int(row.name[1]))
            )
    claimed = SourceLeases(db, "w:1", 60, batch=2).claim(configs)
    assert names(claimed) == {"s2", "s3"}  # never crawled, then the longest ago


def test_release_frees_and_expiry_frees(db: Database) -> None:
    configs = sources(2)
    holder = SourceLeases(db, "a:1", 1.5)
    other = SourceLeases(db, "b:2", 60)
    assert len(holder.claim(configs)) == 2
    assert other.claim(configs) == []
    time.sleep(1.7)  # past the lease: the holder stopped renewing
    assert names(other.claim(configs)) == names(configs)
    other.release()
    assert names(holder.claim(configs)) == names(configs)


def test_renewal_keeps_a_lease_past_its_first_expiry(db: Database) -> None:
    configs = sources(1)
    holder = SourceLeases(db, "a:1", 2)
    holder.claim(configs)
    time.sleep(1.2)
    assert holder.renew() == 1
    time.sleep(1.2)  # 2.4 s after the claim, 1.2 s after the renewal
    assert SourceLeases(db, "b:2", 60).claim(configs) == []


def test_hold_renews_while_running_and_releases_on_error(db: Database) -> None:
    configs = sources(2)
    holder = SourceLeases(db, "a:1", 1.5)
    with pytest.raises(RuntimeError), holder.hold(configs) as claimed:
        assert len(claimed) == 2
        time.sleep(2.5)  # longer than the lease: only the keeper thread keeps it
        assert SourceLeases(db, "b:2", 60).claim(configs) == []
        raise RuntimeError("the cycle failed")
    with db.session() as session:
        assert session.scalars(select(Source.lease_owner)).all() == [None, None]


CLAIM_AND_HANG = """
import sys, time
from tallywatch.config import SourceConfig
from tallywatch.store import Database
from tallywatch.store.leases import SourceLeases
configs = [SourceConfig(name=f"s{i}", kind="feed", url=f"http://127.0.0.1:9/{i}.xml")
           for i in range(3)]
leases = SourceLeases(Database(sys.argv[1]), "doomed:1", float(sys.argv[2]))
with leases.hold(configs) as claimed:
    print(len(claimed), flush=True)
    time.sleep(600)
"""


def test_a_killed_workers_leases_expire(db: Database, db_url: str) -> None:
    lease_seconds = 2.0
    child = subprocess.Popen(
        [sys.executable, "-c", CLAIM_AND_HANG, db_url, str(lease_seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "3"
        time.sleep(lease_seconds * 1.5)  # alive: its keeper renews past the first expiry
        assert SourceLeases(db, "heir:2", 60).claim(sources(3)) == []
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + lease_seconds * 3
    claimed: list[SourceConfig] = []
    while not claimed and time.monotonic() < deadline:
        time.sleep(0.2)
        claimed = SourceLeases(db, "heir:2", 60).claim(sources(3))
    assert names(claimed) == names(sources(3))


def _claim_together(workers: list[SourceLeases], configs: list[SourceConfig]) -> list[str]:
    """Every worker claims at the same moment; returns all the names won, with repeats."""
    start = threading.Barrier(len(workers))
    won: list[list[SourceConfig]] = [[] for _ in workers]

    def claim(index: int) -> None:
        start.wait()
        won[index] = workers[index].claim(configs)

    threads = [threading.Thread(target=claim, args=(i,)) for i in range(len(workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [c.name for got in won for c in got]


def test_simultaneous_claims_never_overlap(db: Database) -> None:
    configs = sources(12)
    SourceLeases(db, "setup:0", 60).claim(configs)
    SourceLeases(db, "setup:0", 60).release()
    for round_ in range(5):
        workers = [SourceLeases(db, f"w{i}:{round_}", 60, batch=4) for i in range(4)]
        everything = _claim_together(workers, configs)
        assert everything and len(everything) == len(set(everything))
        for worker in workers:
            worker.release()


def test_only_runs_of_dead_workers_are_closed(db: Database) -> None:
    old = utcnow() - timedelta(minutes=10)
    alive = SourceLeases(db, "alive:1", 60)
    alive.claim(sources(1))
    with db.session() as session:
        session.add_all(
            [
                CrawlRun(worker="alive:1", started_at=old, status="running"),
                CrawlRun(worker="dead:2", started_at=old, status="running"),
                CrawlRun(worker="young:3", started_at=utcnow(), status="running"),
            ]
        )
    with db.session() as session:
        assert close_runs_without_leases(session, timedelta(minutes=2)) == 1
    with db.session() as session:
        status = dict(session.execute(select(CrawlRun.worker, CrawlRun.status)).all())
    assert status == {"alive:1": "running", "dead:2": "failed", "young:3": "running"}


def test_status_names_the_worker_crawling_a_source(db: Database) -> None:
    from tallywatch.review.sources import list_sources

    configs = sources(2)
    SourceLeases(db, "busy:7", 60, batch=1).claim(configs)
    expired = SourceLeases(db, "gone:8", 0.01)
    expired.claim(configs)
    time.sleep(0.05)
    with db.session() as session:
        leased = {s.name: s.leased_by for s in list_sources(session, configs)}
    assert leased == {"s0": "busy:7", "s1": None}

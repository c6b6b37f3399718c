"""Source leases: how several workers share one PostgreSQL database without overlap.

With `schedule.shared = true` there is no global run lock.  A cycle instead leases the
sources it will crawl: one transaction selects the free ones with
`SELECT ... FOR UPDATE SKIP LOCKED` (a worker never waits on rows another is claiming,
and never gets them), stamps them with its name and an expiry, and commits.  While the
cycle runs, a keeper thread pushes the expiry forward every third of the lease time;
the cycle releases its leases when it ends.  A worker that dies (kill -9, a lost
machine) stops renewing, and its sources are free again once the lease expires.

The claim's UPDATE repeats the "free or expired" test, so even a database that ignores
`FOR UPDATE` (SQLite) never hands one source to two workers.

What leases do not cover is the work after the crawl: change detection runs under a
transaction-scoped advisory lock (`locks.serialize`), and the alert outbox claims alerts row by
row on its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.config import SourceConfig
from tallywatch.constants import RunStatus
from tallywatch.store.db import Database
from tallywatch.store.models import CrawlRun, Source, utcnow
from tallywatch.store.runs import DIED
from tallywatch.store.sources import release_leases, sync_sources

log = logging.getLogger(__name__)


def _free(worker: str) -> ColumnElement[bool]:
    now = utcnow()
    return or_(Source.lease_until.is_(None), Source.lease_until < now, Source.lease_owner == worker)


class SourceLeases:
    """The leases one worker holds; `hold()` claims, renews and releases them."""

    def __init__(self, db: Database, worker: str, seconds: float, batch: int = 0) -> None:
        self.db = db
        self.worker = worker
        self.ttl = timedelta(seconds=seconds)
        self.batch = batch

    def claim(self, configs: Sequence[SourceConfig]) -> list[SourceConfig]:
        """Lease the free sources among `configs`, least recently crawled first."""
        if not configs:
            return []
        self._sync(configs)
        with self.db.session() as session:
            query = (
                select(Source.id, Source.name)
                .where(Source.name.in_([c.name for c in configs]), _free(self.worker))
                .order_by(Source.last_run_at.asc().nulls_first(), Source.id)
                .with_for_update(skip_locked=True)
            )
            if self.batch:
                query = query.limit(self.batch)
            candidates = session.execute(query).all()
            won: set[str] = set()
            until = utcnow() + self.ttl
            for source_id, name in candidates:
                result = session.execute(
                    update(Source)
                    .where(Source.id == source_id, _free(self.worker))
                    .values(lease_owner=self.worker, lease_until=until)
                )
                if getattr(result, "rowcount", 0):
                    won.add(name)
        return [c for c in configs if c.name in won]

    def _sync(self, configs: Sequence[SourceConfig]) -> None:
        """Create missing source rows; a worker racing to create the same row wins or loses
        the unique name, and either way the row then exists."""
        try:
            with self.db.session() as session:
                sync_sources(session, configs)
        except IntegrityError:
            with self.db.session() as session:
                sync_sources(session, configs)

    def renew(self) -> int:
        """Push the expiry of every lease this worker holds; returns how many it holds."""
        with self.db.session() as session:
            result = session.execute(
                update(Source)
                .where(Source.lease_owner == self.worker)
                .values(lease_until=utcnow() + self.ttl)
            )
        return int(getattr(result, "rowcount", 0) or 0)

    def release(self) -> None:
        with self.db.session() as session:
            release_leases(session, self.worker)

    @contextmanager
    def hold(self, configs: Sequence[SourceConfig]) -> Iterator[list[SourceConfig]]:
        """Claim, keep renewed while the body runs, release at the end (also on error)."""
        claimed = self.claim(configs)
        if not claimed:
            yield claimed
            return
        done = threading.Event()
        keeper = threading.Thread(target=self._keep, args=(done,), name="lease-keeper", daemon=True)
        keeper.start()
        try:
            yield claimed
        finally:
            done.set()
            keeper.join()
            self.release()

    def _keep(self, done: threading.Event) -> None:
        interval = self.ttl.total_seconds() / 3
        while not done.wait(interval):
            try:
                self.renew()
            except Exception as exc:  # the database may be back by the next beat
                log.warning("could not renew source leases", extra={"error": str(exc)})


def close_runs_without_leases(session: Session, older_than: timedelta) -> int:
    """Shared mode's dead-run rule: a `running` run older than one lease whose worker holds
    no live lease belongs to a dead process (a live cycle keeps its leases to the end)."""
    now = utcnow()
    live_lease = exists().where(
        and_(Source.lease_owner == CrawlRun.worker, Source.lease_until >= now)
    )
    result = session.execute(
        update(CrawlRun)
        .where(
            CrawlRun.status == RunStatus.RUNNING,
            CrawlRun.started_at < now - older_than,
            ~live_lease,
        )
        .values(status=RunStatus.FAILED, error=DIED, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)

"""The daemon: APScheduler triggers, each cycle in a child `tallywatch run` process.

Why a child process per cycle: Scrapy's Twisted reactor cannot be restarted in one
process, and a process that crawls for months would keep whatever the crawl left
behind.  The daemon itself holds only the scheduler, a small database engine and
at most one child; a child that hangs past `run_timeout_minutes` gets SIGTERM, then
SIGKILL after `stop_grace_seconds`, and is recorded as a failed run.

Jobs: sources with their own `schedule` get a job that runs `run --source NAME`;
the others share the global job (`[schedule]`).  All jobs go through one worker
thread, so one daemon never runs two cycles at once; across processes (cron,
another daemon) the run lock makes the second child exit 3, which is logged and
skipped.  With `schedule.shared`, daemons on several machines share the sources through
leases (see `store/leases.py`); a child that finds every source leased also exits 3.
Triggers coalesce missed runs, allow one instance, and add jitter.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING

from tallywatch.config import ConfigError, Settings
from tallywatch.constants import DaemonStatus, ExitCode, RunStatus
from tallywatch.health import HEARTBEAT_SECONDS, STALE_AFTER, raise_operator_alerts
from tallywatch.store import Database, utcnow
from tallywatch.store.daemons import register_daemon, write_daemon_state
from tallywatch.store.runs import fail_worker_runs
from tallywatch.store.sources import fail_sources, release_leases

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.base import BaseTrigger

log = logging.getLogger("tallywatch.scheduler")

CHILD_OUTPUT_LINES = 40
STOP_RECORD_SECONDS = 15
"""After the child is gone, how long a stopping daemon waits for its outcome to be recorded."""
CHILD_OUTPUT_TAIL_BYTES = 64_000


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: which sources its `run` covers (empty: every source)."""

    id: str
    sources: tuple[str, ...]
    trigger: BaseTrigger | None
    description: str


def make_trigger(
    *,
    cron: str | None,
    interval_seconds: float | None,
    interval_minutes: float | None,
    jitter: int,
    key: str,
    path: Path | None,
) -> BaseTrigger:
    """A cron trigger if `cron` is set, else an interval; config errors name `key`."""
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    if cron:
        try:
            trigger = CronTrigger.from_crontab(cron)
        except ValueError as exc:
            raise ConfigError(path, f"{key}.cron", f"bad cron expression {cron!r}: {exc}") from None
        trigger.jitter = jitter or None
        return trigger
    seconds = interval_seconds or (interval_minutes * 60 if interval_minutes else None)
    if not seconds:
        raise ConfigError(path, key, "needs cron, interval_minutes or interval_seconds")
    return IntervalTrigger(seconds=seconds, jitter=jitter or None)


def plan_jobs(settings: Settings) -> list[JobSpec]:
    """The jobs a daemon schedules: one per source with its own schedule, plus the global one.

    The global job runs every enabled source that has no schedule of its own (all of
    them, as a plain `run`, when no source has one); it is left out when every
    enabled source has its own schedule.
    """
    sched = settings.schedule
    jitter = sched.jitter_seconds
    enabled = [s for s in settings.sources if s.enabled]
    own = [s for s in enabled if s.schedule and (s.schedule.cron or s.schedule.interval_minutes)]
    jobs: list[JobSpec] = []
    for source in own:
        assert source.schedule is not None
        index = settings.sources.index(source)
        trigger = make_trigger(
            cron=source.schedule.cron,
            interval_seconds=None,
            interval_minutes=source.schedule.interval_minutes,
            jitter=jitter,
            key=f"sources[{index}].schedule",
            path=settings.path,
        )
        jobs.append(JobSpec(f"source:{source.name}", (source.name,), trigger, str(trigger)))
    shared = [s.name for s in enabled if s not in own]
    if shared or not own:
        trigger = make_trigger(
            cron=sched.cron,
            interval_seconds=sched.interval_seconds,
            interval_minutes=sched.interval_minutes,
            jitter=jitter,
            key="schedule",
            path=settings.path,
        )
        sources = tuple(shared) if own else ()
        jobs.insert(0, JobSpec("global", sources, trigger, str(trigger)))
    return jobs


def child_command(config_path: Path, sources: tuple[str, ...]) -> list[str]:
    """`python -m tallywatch.cli --config PATH run [--source NAME ...]`."""
    command = [sys.executable, "-m", "tallywatch.cli", "--config", str(config_path), "run"]
    for name in sources:
        command += ["--source", name]
    return command


def child_worker(pid: int) -> str:
    """The `CrawlRun.worker` a child writes (the same format as `cycle.worker_name`)."""
    return f"{socket.gethostname()}:{pid}"


@dataclass
class ChildOutcome:
    pid: int
    returncode: int
    started_at: datetime
    seconds: float
    timed_out: bool = False
    killed: bool = False
    """True when the child ignored SIGTERM for the grace period and got SIGKILL."""
    stopped: bool = False
    """True when the daemon's own stop sent the SIGTERM."""


class Daemon:
    """Runs cycles on schedule until SIGTERM/SIGINT; `run()` returns the exit code (0)."""

    def __init__(
        self, settings: Settings, config_path: Path, db: Database, *, initial_run: bool
    ) -> None:
        self.settings = settings
        self.config_path = config_path.resolve()
        self.db = db
        self.initial_run = initial_run
        self.jobs = plan_jobs(settings)
        self.worker = child_worker(os.getpid())
        self.timeout = settings.schedule.run_timeout_minutes * 60
        self.grace = settings.schedule.stop_grace_seconds
        self.stop = threading.Event()
        self.hurry = threading.Event()
        self._child: subprocess.Popen[bytes] | None = None
        self._child_lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._scheduler: BackgroundScheduler | None = None

    # -- life cycle ---------------------------------------------------------------

    def run(self) -> int:
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._start()
            while not self.stop.wait(HEARTBEAT_SECONDS):
                self._write_state(DaemonStatus.RUNNING)
            self._shutdown()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return ExitCode.OK

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.stop.is_set():
            self.hurry.set()
        self.stop.set()

    def _start(self) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.schedulers.background import BackgroundScheduler
        from apscheduler.triggers.date import DateTrigger

        sched = self.settings.schedule
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(max_workers=1)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(sched.misfire_grace_minutes * 60),
            },
        )
        for job in self.jobs:
            scheduler.add_job(self._run_job, job.trigger, args=[job], id=job.id, name=job.id)
            log.info(
                "job scheduled",
                extra={"job": job.id, "sources": list(job.sources), "trigger": job.description},
            )
        if self.initial_run:
            first = JobSpec("initial", (), None, "once at start")
            scheduler.add_job(self._run_job, DateTrigger(), args=[first], id="initial")
        self._scheduler = scheduler
        self._register()
        scheduler.start()
        log.info("daemon started", extra={"worker": self.worker, "config": str(self.config_path)})
        self._write_state(DaemonStatus.RUNNING)

    def _shutdown(self) -> None:
        log.info("daemon stopping")
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        with self._child_lock:
            child = self._child
        if child is not None:
            log.info("stopping the running cycle", extra={"pid": child.pid})
            self._terminate(child, stopped=True)
        # The job thread records the outcome; give it a bounded time to do so.
        finished = self._idle.wait(self.grace + STOP_RECORD_SECONDS)
        self._write_state(DaemonStatus.STOPPED)
        if not finished:
            # Exiting normally would wait for the stuck job thread: the stop must be bounded.
            log.error("a job did not finish recording in time; exiting without it")
            logging.shutdown()
            os._exit(ExitCode.OK)
        log.info("daemon stopped")

    # -- jobs -----------------------------------------------------------------

    def _run_job(self, job: JobSpec) -> None:
        if self.stop.is_set():
            return
        self._idle.clear()
        try:
            outcome = self._run_child(job)
            if outcome is not None:
                self._record(job, outcome)
            if not self.stop.is_set():
                self._deliver_pending(job)
        except Exception:
            log.exception("job failed", extra={"job": job.id})
        finally:
            self._idle.set()
            if not self.stop.is_set():
                self._write_state(DaemonStatus.RUNNING)

    def _run_child(self, job: JobSpec) -> ChildOutcome | None:
        command = child_command(self.config_path, job.sources)
        started_at, clock = utcnow(), time.monotonic()
        with tempfile.TemporaryFile() as output:
            with self._child_lock:
                if self.stop.is_set():
                    return None
                # A session of its own: a terminal's Ctrl-C reaches only the daemon,
                # which forwards one SIGTERM (a second signal would force the child).
                child = subprocess.Popen(command, stdout=output, start_new_session=True)
                self._child = child
            log.info("cycle started", extra={"job": job.id, "pid": child.pid})
            outcome = ChildOutcome(child.pid, 0, started_at, 0.0)
            try:
                child.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                outcome.timed_out = True
                log.warning(
                    "cycle over its time limit, stopping it",
                    extra={"job": job.id, "pid": child.pid, "limit_seconds": self.timeout},
                )
                self._terminate(child, stopped=False)
            finally:
                with self._child_lock:
                    self._child = None
            outcome.returncode = child.wait()
            outcome.seconds = round(time.monotonic() - clock, 1)
            outcome.killed = outcome.killed or outcome.returncode == -signal.SIGKILL
            outcome.stopped = self.stop.is_set()
            _log_child_output(output, job.id)
        return outcome

    def _deliver_pending(self, job: JobSpec) -> None:
        """Deliver the alerts still pending after a cycle, whatever its outcome: a cycle
        killed at its time limit, or one that failed, has delivered nothing itself, and
        the operator alert about it is queued just now (each send is bounded by
        `alerts.timeout`; the outbox never sends one alert twice to a channel)."""
        from tallywatch.alerts.outbox import AlertOutbox

        report = AlertOutbox(self.db, self.settings).deliver_pending()
        if report.sent or report.failed:
            log.info(
                "pending alerts delivered",
                extra={"job": job.id, "delivered": report.sent, "failed": report.failed},
            )

    def _terminate(self, child: subprocess.Popen[bytes], *, stopped: bool) -> None:
        """SIGTERM; SIGKILL to its group once `stop_grace_seconds` pass (or on a second signal)."""
        if child.poll() is not None:
            return
        child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while child.poll() is None and time.monotonic() < deadline:
            if stopped and self.hurry.is_set():
                break
            time.sleep(0.1)
        if child.poll() is None:
            log.warning("cycle ignored SIGTERM, killing it", extra={"pid": child.pid})
            # The child leads its own process group: its helper processes die with it.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)

    def _record(self, job: JobSpec, outcome: ChildOutcome) -> None:
        fields: dict[str, object] = {
            "job": job.id,
            "pid": outcome.pid,
            "exit": outcome.returncode,
            "seconds": outcome.seconds,
        }
        if outcome.stopped:
            fields["stopped"] = True
        if outcome.returncode == ExitCode.BUSY:
            log.info("cycle skipped: another run holds the lock", extra=fields)
            return
        if outcome.timed_out:
            minutes = f"{self.settings.schedule.run_timeout_minutes:g}"
            self._fail_child_run(job, outcome, f"killed after {minutes} minutes (run time limit)")
            log.error("cycle killed after its time limit", extra=fields)
        elif outcome.returncode == ExitCode.OK:
            log.info("cycle finished", extra=fields)
        elif outcome.returncode == ExitCode.SOURCES_FAILED:
            # The run recorded itself as failed, with each source's cause.
            log.error("cycle finished, but every source failed", extra=fields)
        elif outcome.returncode == ExitCode.ABORTED:
            # The child stopped itself on a signal, its run recorded as aborted.
            log.warning("cycle aborted", extra=fields)
        elif outcome.returncode == ExitCode.CONFIG:
            log.error("cycle refused: configuration error (see above)", extra=fields)
        elif outcome.stopped:
            self._fail_child_run(job, outcome, f"killed at daemon stop (exit {outcome.returncode})")
            log.warning("cycle killed at daemon stop", extra=fields)
        else:
            self._fail_child_run(job, outcome, f"run process exited with {outcome.returncode}")
            log.error("cycle failed", extra=fields)
        with self.db.session() as session:
            for alert in raise_operator_alerts(session, self.settings):
                log.warning("operator alert queued", extra={"summary": alert.summary})

    def _fail_child_run(self, job: JobSpec, outcome: ChildOutcome, error: str) -> None:
        """Close the child's still-running run (or record one) and free its leases; a
        child killed at its time limit also fails the sources it had not finished."""
        worker = child_worker(outcome.pid)
        # A child that stopped itself on the timeout's SIGTERM marked its run 'aborted';
        # the run still failed: it did not finish within its limit.
        open_states = [RunStatus.RUNNING] + ([RunStatus.ABORTED] if outcome.timed_out else [])
        with self.db.session() as session:
            fail_worker_runs(
                session,
                worker,
                error,
                open_states=open_states,
                # one that failed before recording a run still gets one on record
                started_at=None if outcome.stopped else outcome.started_at,
            )
            # A shared worker's child that died cannot release its source leases; free
            # them now rather than when they expire.
            release_leases(session, worker)
            if outcome.timed_out:
                configs = [s for s in self.settings.sources if s.enabled]
                if job.sources:
                    configs = [s for s in configs if s.name in job.sources]
                fail_sources(session, configs, outcome.started_at, error)

    # -- state for `tallywatch status` -----------------------------------------------

    def next_run_at(self) -> datetime | None:
        if self._scheduler is None:
            return None
        times = [job.next_run_time for job in self._scheduler.get_jobs() if job.next_run_time]
        return min(times) if times else None

    def _register(self) -> None:
        with self.db.session() as session:
            register_daemon(session, self.worker, utcnow() - STALE_AFTER)

    def _write_state(self, status: DaemonStatus) -> None:
        try:
            with self.db.session() as session:
                write_daemon_state(session, self.worker, status, self.next_run_at())
        except Exception as exc:  # a busy database must not stop the daemon
            log.warning("could not write daemon state", extra={"error": str(exc)})


def _log_child_output(output: IO[bytes], job: str) -> None:
    size = output.seek(0, os.SEEK_END)
    output.seek(max(0, size - CHILD_OUTPUT_TAIL_BYTES))
    lines = output.read().decode("utf-8", "replace").splitlines()
    for line in lines[-CHILD_OUTPUT_LINES:]:
        if line.strip():
            log.info("cycle output", extra={"job": job, "line": line[:2000]})

"""The daemon's memory over many cycles: RSS at start and end of 50+ scheduled cycles.

    python -m bench daemon-memory [--cycles 50] [--interval 1] [--workdir DIR]

Starts `tallywatch daemon` on the bundled demo site (served on loopback, switching
edition every cycle so each cycle stores new versions, figures and alerts), waits for
`--cycles` finished runs, and reports the daemon process's VmRSS (from
/proc/PID/status) after its first cycle and after the last one, plus the peak seen.
Each cycle runs in a child process, so the daemon's own memory should stay flat.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from tallywatch.store import Database


def rss_kib(pid: int) -> int:
    """Resident set size of a process in KiB (VmRSS in /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def write_config(workdir: Path, site_url: str, interval: float) -> tuple[Path, str]:
    import tomli_w

    from tallywatch.demo import demo_settings

    db_url = f"sqlite:///{(workdir / 'tallywatch.db').resolve()}"
    settings = demo_settings(site_url, db_url)
    data = settings.model_dump(mode="json", exclude_none=True, exclude={"path"})
    data["schedule"] = {
        "interval_seconds": interval,
        "jitter_seconds": 0,
        "run_on_start": True,
        "stop_grace_seconds": 30,
    }
    data["alerts"] = {**data.get("alerts", {}), "echo": False}
    data["logging"] = {"level": "WARNING"}
    path = workdir / "tallywatch.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path, db_url


def _registered(db: Database) -> bool:
    from tallywatch.store.models import DaemonState

    with db.session() as session:
        return session.scalars(select(DaemonState.id)).first() is not None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench daemon-memory")
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between cycles")
    parser.add_argument("--workdir", type=Path, help="keep the config, database and log here")
    args = parser.parse_args(argv)

    from tallywatch.demo import EDITIONS, LoopbackSite
    from tallywatch.store import CrawlRun

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tw-daemon-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with LoopbackSite(EDITIONS[0]) as site:
        config, db_url = write_config(workdir, site.url, args.interval)
        db = Database(db_url)

        def finished() -> tuple[int, int]:
            with db.session() as session:
                done = session.scalar(select(func.count()).where(CrawlRun.status != "running")) or 0
                ok = session.scalar(select(func.count()).where(CrawlRun.status == "ok")) or 0
            return done, ok

        log = (workdir / "daemon.log").open("wb")
        command = [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "daemon"]
        daemon = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        started = time.monotonic()
        try:
            while not _registered(db):
                time.sleep(0.1)
            launch_rss = rss_kib(daemon.pid)
            while finished()[0] < 1:
                time.sleep(0.2)
            first_rss = peak = rss_kib(daemon.pid)
            done = 1
            while done < args.cycles:
                # A new edition each cycle: new articles, updated versions, new figures.
                site.use(EDITIONS[done % len(EDITIONS)])
                while finished()[0] == done:
                    if daemon.poll() is not None:
                        raise SystemExit(f"daemon exited early with {daemon.returncode}")
                    peak = max(peak, rss_kib(daemon.pid))
                    time.sleep(0.2)
                done = finished()[0]
                peak = max(peak, rss_kib(daemon.pid))
            last_rss = rss_kib(daemon.pid)
        finally:
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=120)
            log.close()
        elapsed = time.monotonic() - started
        done, ok = finished()
        db.dispose()

    growth = last_rss - first_rss
    print(f"cycles finished      {done} ({ok} ok) in {elapsed:.0f} s")
    print(f"daemon RSS launched  {launch_rss / 1024:.1f} MiB (scheduler started, no cycle yet)")
    print(f"daemon RSS at start  {first_rss / 1024:.1f} MiB (after the first cycle)")
    print(f"daemon RSS at end    {last_rss / 1024:.1f} MiB")
    print(f"daemon RSS peak      {peak / 1024:.1f} MiB")
    print(f"growth               {growth / 1024:+.2f} MiB over {done - 1} cycles")
    print(f"daemon exit code     {code}")
    print(f"work directory       {workdir}")
    if args.workdir is None and code == 0:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

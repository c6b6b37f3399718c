"""The whole `tallywatch run` cycle against trafilatura alone, on the same generated pages.

    python -m bench pipeline [--pages 1000] [--workdir DIR]

Writes the generated pages with a sitemap and robots.txt into a directory served on
loopback, then measures, in one run:

- trafilatura alone: `clean_html` over every page in this process (the ceiling);
- `tallywatch run` in a child process with `clean_workers = 0` (target: at least 0.90x
  the trafilatura-alone rate);
- the same with `clean_workers = 2` on a fresh database (target: at least 1.6x);
- a second, incremental run over the unchanged site on the first database (targets: CPU
  and bytes transferred at most 5% of the first run).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.pages import generate
from tallywatch.demo import LoopbackSite
from tallywatch.demo.server import SITE_ORIGIN
from tallywatch.extract.cleaning import clean_html
from tallywatch.extract.types import NoArticle

CLEAN_TARGET = 0.90
POOL_TARGET = 1.6
INCREMENTAL_TARGET = 0.05


@dataclass(frozen=True)
class Measured:
    """One measured stage: wall and CPU seconds, peak RSS, what was served, the summary."""

    label: str
    pages: int
    wall: float
    cpu: float
    peak_rss_kib: int = 0
    own_cpu: float = 0.0
    """CPU of the `tallywatch run` process itself, without its workers (last /proc sample)."""
    requests: int = 0
    bytes_served: int = 0
    summary: str = ""

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


def write_site(root: Path, count: int) -> int:
    """Generated pages, a sitemap listing all of them and a robots.txt; returns total bytes."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entries: list[str] = []
    total = 0
    for path, page in generate(count):
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = page.encode("utf-8")
        target.write_bytes(data)
        total += len(data)
        entries.append(f"<url><loc>{SITE_ORIGIN}{path}</loc><lastmod>{stamp}</lastmod></url>")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(entries)
        + "</urlset>\n",
        encoding="utf-8",
    )
    (root / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {SITE_ORIGIN}/sitemap.xml\n", encoding="utf-8"
    )
    return total


def write_config(path: Path, site_url: str, db_path: Path, count: int, workers: int) -> None:
    import tomli_w

    config = {
        "database": {"url": f"sqlite:///{db_path.resolve()}"},
        "crawl": {
            "obey_robots": True,
            "download_delay": 0,
            "autothrottle": False,
            "concurrency": 16,
            "per_domain_concurrency": 16,
            "max_articles_per_source": count + 100,
            "timeout": 30,
            "clean_workers": workers,
        },
        "sources": [{"name": "bench", "kind": "sitemap", "url": f"{site_url}/sitemap.xml"}],
        "topics": [{"name": "nk-troops", "subjects": ["North Korean", "North Korea"]}],
        "alerts": {"echo": False},
        "logging": {"level": "WARNING"},
    }
    path.write_text(tomli_w.dumps(config), encoding="utf-8")


def trafilatura_alone(root: Path, paths: list[str]) -> Measured:
    pages = [(p, (root / p.lstrip("/")).read_text(encoding="utf-8")) for p in paths]
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for path, page in pages:
        with contextlib.suppress(NoArticle):
            clean_html(page, f"{SITE_ORIGIN}{path}")
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Measured("trafilatura alone", len(pages), wall, cpu)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one live process (fields 14 and 15 of /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def tree_rss_kib(pid: int) -> int:
    """VmRSS of a process and all its descendants (the clean pool's workers), in KiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
    return total


def run_child(label: str, config: Path, site: LoopbackSite, pages: int) -> Measured:
    """`tallywatch run` as a child; CPU from RUSAGE_CHILDREN deltas, peak RSS by polling."""
    site.requests.clear()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "tallywatch.cli", "run", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak, own = 0, 0.0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak, own
        while not done.wait(0.05):
            peak = max(peak, tree_rss_kib(child.pid))
            with contextlib.suppress(OSError):
                own = process_cpu(child.pid)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out, err = child.communicate()
    wall = time.perf_counter() - wall0
    done.set()
    poller.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"{label}: tallywatch run exited {child.returncode}\n{out}\n{err}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        label,
        pages,
        wall,
        cpu,
        peak_rss_kib=peak,
        own_cpu=own,
        requests=len(site.requests),
        bytes_served=site.requests.bytes_sent(),
        summary=out.strip().splitlines()[-1] if out.strip() else err.strip(),
    )


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def report(stages: list[Measured], alone: Measured, site_bytes: int) -> Table:
    first, pooled, again = stages
    table = Table(title=f"tallywatch run vs trafilatura alone, {alone.pages} pages")
    columns = ("stage", "wall s", "CPU s", "of it run process", "pages/s", "peak RSS MiB")
    for column in (*columns, "requests", "MB served"):
        table.add_column(column, justify="right")
    table.add_row(
        alone.label, f"{alone.wall:.1f}", f"{alone.cpu:.1f}", "", f"{alone.rate:.1f}", "", "", ""
    )
    for stage in stages:
        table.add_row(
            stage.label,
            f"{stage.wall:.1f}",
            f"{stage.cpu:.1f}",
            f"{stage.own_cpu:.1f}",
            f"{stage.rate:.1f}",
            f"{stage.peak_rss_kib / 1024:.0f}",
            str(stage.requests),
            f"{stage.bytes_served / 1e6:.2f}",
        )
    ratios = Table(title="ratios against the targets")
    for column in ("measure", "value", "target", "met"):
        ratios.add_column(column, justify="right")
    rows = [
        ("run (0 workers) / trafilatura rate", first.rate / alone.rate, CLEAN_TARGET, True),
        ("run (2 workers) / trafilatura rate", pooled.rate / alone.rate, POOL_TARGET, True),
        ("incremental CPU / first run CPU", again.cpu / first.cpu, INCREMENTAL_TARGET, False),
        (
            "incremental bytes / first run bytes",
            again.bytes_served / max(first.bytes_served, 1),
            INCREMENTAL_TARGET,
            False,
        ),
    ]
    for name, value, target, at_least in rows:
        met = value >= target if at_least else value <= target
        sign = ">=" if at_least else "<="
        if at_least:
            shown, wanted = f"{value:.2f}x", f"{sign} {target:.2f}x"
        else:
            shown, wanted = f"{100 * value:.1f}%", f"{sign} {100 * target:.0f}%"
        ratios.add_row(name, shown, wanted, "yes" if met else "NO")
    console = Console(width=120)
    console.print(table)
    console.print(ratios)
    for stage in stages:
        console.print(f"{stage.label}: {stage.summary}")
    console.print(f"site: {site_bytes / 1e6:.1f} MB of HTML in {alone.pages} pages")
    console.print(f"machine: {machine()}; date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    return ratios


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench pipeline")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=None, help="kept after the run")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tallywatch-bench-"))
    root = workdir / "site"
    root.mkdir(parents=True, exist_ok=True)
    try:
        site_bytes = write_site(root, args.pages)
        paths = [f"/{p.relative_to(root).as_posix()}" for p in sorted(root.rglob("*.html"))]
        alone = trafilatura_alone(root, paths)
        with LoopbackSite(root) as site:
            single, pooled = workdir / "single.toml", workdir / "pooled.toml"
            write_config(single, site.url, workdir / "single.db", args.pages, 0)
            write_config(pooled, site.url, workdir / "pooled.db", args.pages, 2)
            first = run_child("run, clean_workers=0", single, site, args.pages)
            two = run_child("run, clean_workers=2", pooled, site, args.pages)
            again = run_child("incremental run (unchanged)", single, site, args.pages)
        report([first, two, again], alone, site_bytes)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

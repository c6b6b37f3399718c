"""The whole `tallywatch run` cycle against trafilatura alone, on the same generated pages.

    python -m bench pipeline [--pages 2000] [--weight news|light] [--rounds N]
                             [--workdir DIR] [--postgresql ADMIN_URL]

Writes the generated pages with a sitemap and robots.txt into a directory served on
loopback, then measures, in one run:

- trafilatura alone: `trafilatura.bare_extraction` over every page in this process, as a
  user would call it for the text and metadata (`with_metadata=True`): the reference rate;
- trafilatura alone in two processes, half of the pages each: what two cores give
  for the cleaning alone (the ceiling of the clean pool);
- tallywatch's cleaning alone (`clean_html`: trafilatura's text, the metadata fields
  tallywatch keeps, the article checks) in this process: what a run costs per page
  before fetching, extraction and storing;
  with one round, all three are measured before and after the runs and the faster pass
  is kept; with `--rounds N` everything is measured N times and the ratios' medians given;
- `tallywatch run` over an empty sitemap: the fixed cost of a run (start-up, imports,
  Scrapy, detection), to split a run's CPU into fixed and per-page parts;
- `tallywatch run` in a child process with `clean_workers = 0` (target: at least 0.90x
  the trafilatura-alone rate);
- the same with `clean_workers = 2` on a fresh database (target: at least 1.6x);
- a second, incremental run over the unchanged site on the first database (targets: CPU
  and bytes transferred at most 5% of the first run).

The loopback server runs in this process: its CPU (gzip, ETags, for every request)
competes with the run for the same cores and is shown as "server CPU s".
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.pages import WEIGHTS, generate
from tallywatch.demo import LoopbackSite
from tallywatch.demo.server import SITE_ORIGIN
from tallywatch.extract.cleaning import clean_html
from tallywatch.extract.types import NoArticle

Clean = Callable[[str, str], object]

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
    server_cpu: float = 0.0
    """CPU of this process while the child ran: the loopback server's threads, the poller."""
    requests: int = 0
    bytes_served: int = 0
    summary: str = ""
    rss_quarters_kib: tuple[int, ...] = ()
    """Peak RSS in each quarter of the run's wall time: flat when memory does not grow."""

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    def rss_quarters_mib(self) -> str:
        return " / ".join(f"{kib / 1024:.0f}" for kib in self.rss_quarters_kib)


def quarter_peaks(samples: list[tuple[float, int]], wall: float) -> tuple[int, ...]:
    """The largest of the (seconds since start, RSS) samples in each quarter of `wall`."""
    peaks = [0, 0, 0, 0]
    for at, rss in samples:
        quarter = min(3, int(4 * at / wall)) if wall > 0 else 0
        peaks[quarter] = max(peaks[quarter], rss)
    return tuple(peaks)


EMPTY_SITEMAP = "empty-sitemap.xml"


def write_site(root: Path, count: int, weight: str = "news") -> int:
    """Generated pages, a sitemap listing all of them, an empty sitemap and a robots.txt;
    returns the total bytes of the pages."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entries: list[str] = []
    total = 0
    for path, page in generate(count, weight=weight):
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        data = page.encode("utf-8")
        target.write_bytes(data)
        total += len(data)
        entries.append(f"<url><loc>{SITE_ORIGIN}{path}</loc><lastmod>{stamp}</lastmod></url>")
    header = '<?xml version="1.0" encoding="UTF-8"?>\n'
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    (root / "sitemap.xml").write_text(
        header + urlset + "".join(entries) + "</urlset>\n", encoding="utf-8"
    )
    (root / EMPTY_SITEMAP).write_text(header + urlset + "</urlset>\n", encoding="utf-8")
    (root / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {SITE_ORIGIN}/sitemap.xml\n", encoding="utf-8"
    )
    return total


class BenchDatabases:
    """Fresh databases for the runs: SQLite files in the work folder, or PostgreSQL
    databases created on the server of `admin_url` and dropped on exit."""

    def __init__(self, workdir: Path, admin_url: str | None) -> None:
        self.workdir = workdir
        self.admin_url = admin_url
        self.created: list[str] = []

    def url(self, name: str) -> str:
        if self.admin_url is None:
            return f"sqlite:///{(self.workdir / f'{name}.db').resolve()}"
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        database = f"tw_bench_{os.getpid()}_{name}"
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        engine.dispose()
        self.created.append(database)
        return make_url(self.admin_url).set(database=database).render_as_string(False)

    def __enter__(self) -> BenchDatabases:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.admin_url is None or not self.created:
            return
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for database in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        engine.dispose()


def write_config(
    path: Path,
    site_url: str,
    db_url: str,
    count: int,
    workers: int,
    sitemap: str = "sitemap.xml",
) -> None:
    import tomli_w

    config = {
        "database": {"url": db_url},
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
        "sources": [{"name": "bench", "kind": "sitemap", "url": f"{site_url}/{sitemap}"}],
        "topics": [{"name": "nk-troops", "subjects": ["North Korean", "North Korea"]}],
        "alerts": {"echo": False},
        "logging": {"level": "WARNING"},
    }
    path.write_text(tomli_w.dumps(config), encoding="utf-8")


def stock_trafilatura(html: str, url: str) -> object:
    """Main text and metadata as trafilatura gives them with the options tallywatch uses."""
    from trafilatura import bare_extraction

    return bare_extraction(html, url=url, with_metadata=True, include_comments=False)


def _clean_all(root: Path, paths: list[str], clean: Clean = stock_trafilatura) -> float:
    """Clean the pages at `paths` (read beforehand); the CPU seconds the cleaning took."""
    pages = [(p, (root / p.lstrip("/")).read_text(encoding="utf-8")) for p in paths]
    cpu0 = time.process_time()
    for path, page in pages:
        with contextlib.suppress(NoArticle):
            clean(page, f"{SITE_ORIGIN}{path}")
    return time.process_time() - cpu0


def _clean_pass(label: str, root: Path, paths: list[str], clean: Clean) -> Measured:
    wall0 = time.perf_counter()
    cpu = _clean_all(root, paths, clean)
    wall = time.perf_counter() - wall0
    return Measured(label, len(paths), wall, cpu)


def trafilatura_alone(root: Path, paths: list[str]) -> Measured:
    return _clean_pass("trafilatura alone", root, paths, stock_trafilatura)


def cleaning_alone(root: Path, paths: list[str]) -> Measured:
    return _clean_pass("tallywatch cleaning alone", root, paths, clean_html)


def trafilatura_two_processes(root: Path, paths: list[str]) -> Measured:
    """Half of the pages in each of two forked processes: the most two cores give."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        list(pool.map(len, ["", ""]))  # both workers started before the clock
        wall0 = time.perf_counter()
        cpu = sum(pool.map(_clean_all, [root, root], [paths[0::2], paths[1::2]]))
        wall = time.perf_counter() - wall0
    return Measured("trafilatura alone, 2 processes", len(paths), wall, cpu)


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
    server0 = time.process_time()
    wall0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "tallywatch.cli", "run", "--config", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    own = 0.0
    samples: list[tuple[float, int]] = []
    done = threading.Event()

    def poll() -> None:
        nonlocal own
        while not done.wait(0.05):
            samples.append((time.perf_counter() - wall0, tree_rss_kib(child.pid)))
            with contextlib.suppress(OSError):
                own = process_cpu(child.pid)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out, err = child.communicate()
    wall = time.perf_counter() - wall0
    server = time.process_time() - server0
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
        peak_rss_kib=max((rss for _at, rss in samples), default=0),
        own_cpu=own,
        server_cpu=server,
        requests=len(site.requests),
        bytes_served=site.requests.bytes_sent(),
        summary=out.strip().splitlines()[-1] if out.strip() else err.strip(),
        rss_quarters_kib=quarter_peaks(samples, wall),
    )


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def _ratio_rows(
    alone: Measured,
    two: Measured,
    cleaning: Measured,
    first: Measured,
    pooled: Measured,
    again: Measured,
) -> list[tuple[str, float, float | None, bool]]:
    """(measure, value, target or None, whether the target is a floor)."""
    return [
        ("run (0 workers) / trafilatura rate", first.rate / alone.rate, CLEAN_TARGET, True),
        ("run (2 workers) / trafilatura rate", pooled.rate / alone.rate, POOL_TARGET, True),
        ("trafilatura 2 processes / 1 (ceiling)", two.rate / alone.rate, None, True),
        ("tallywatch cleaning / trafilatura rate", cleaning.rate / alone.rate, None, True),
        ("run (0 workers) / tallywatch cleaning rate", first.rate / cleaning.rate, None, True),
        ("incremental CPU / first run CPU", again.cpu / first.cpu, INCREMENTAL_TARGET, False),
        (
            "incremental bytes / first run bytes",
            again.bytes_served / max(first.bytes_served, 1),
            INCREMENTAL_TARGET,
            False,
        ),
    ]


def _per_page_rows(
    alone: Measured,
    cleaning: Measured,
    fixed: Measured,
    first: Measured,
    pooled: Measured,
    again: Measured,
) -> list[tuple[str, float, float]]:
    """(what, fixed CPU s, CPU ms per page): a run's CPU less the empty run's, per page."""
    pages = max(alone.pages, 1)
    clean = 1000 * cleaning.cpu / pages
    return [
        ("trafilatura alone", 0.0, 1000 * alone.cpu / pages),
        ("tallywatch cleaning alone", 0.0, clean),
        ("run, clean_workers=0", fixed.cpu, 1000 * (first.cpu - fixed.cpu) / pages),
        ("  of it outside the cleaning", fixed.cpu, 1000 * (first.cpu - fixed.cpu) / pages - clean),
        (
            "run, clean_workers=2, run process",
            fixed.own_cpu,
            1000 * (pooled.own_cpu - fixed.own_cpu) / pages,
        ),
        ("incremental run", fixed.cpu, 1000 * (again.cpu - fixed.cpu) / pages),
    ]


def _shown(value: float, at_least: bool) -> str:
    """A ratio with a floor as a multiple, one with a ceiling as a percentage."""
    return f"{value:.2f}x" if at_least else f"{100 * value:.1f}%"


def _against(value: float, target: float | None, at_least: bool) -> tuple[str, str]:
    """The target as shown, and whether `value` meets it ("" for no target)."""
    if target is None:
        return "", ""
    wanted = f">= {_shown(target, True)}" if at_least else f"<= {100 * target:.0f}%"
    met = value >= target if at_least else value <= target
    return wanted, "yes" if met else "NO"


def report(
    stages: list[Measured], alone: Measured, two: Measured, cleaning: Measured, site_bytes: int
) -> Table:
    fixed, first, pooled, again = stages
    table = Table(title=f"tallywatch run vs trafilatura alone, {alone.pages} pages")
    columns = ("stage", "wall s", "CPU s", "of it run process", "server CPU s", "pages/s")
    for column in (*columns, "peak RSS MiB", "requests", "MB served"):
        table.add_column(column, justify="right")
    for base in (alone, two, cleaning):
        table.add_row(base.label, f"{base.wall:.1f}", f"{base.cpu:.1f}", "", "", f"{base.rate:.1f}")
    for stage in stages:
        table.add_row(
            stage.label,
            f"{stage.wall:.1f}",
            f"{stage.cpu:.1f}",
            f"{stage.own_cpu:.1f}",
            f"{stage.server_cpu:.1f}",
            f"{stage.rate:.1f}" if stage.pages else "",
            f"{stage.peak_rss_kib / 1024:.0f}",
            str(stage.requests),
            f"{stage.bytes_served / 1e6:.2f}",
        )
    per_page = Table(title="CPU per page (a run's CPU less the empty run's)")
    for column in ("stage", "fixed CPU s", "CPU ms/page"):
        per_page.add_column(column, justify="right")
    for name, fixed_cpu, ms in _per_page_rows(alone, cleaning, fixed, first, pooled, again):
        per_page.add_row(name, f"{fixed_cpu:.2f}", f"{ms:.2f}")
    ratios = Table(title="ratios against the targets")
    for column in ("measure", "value", "target", "met"):
        ratios.add_column(column, justify="right")
    for name, value, target, at_least in _ratio_rows(alone, two, cleaning, first, pooled, again):
        ratios.add_row(name, _shown(value, at_least), *_against(value, target, at_least))
    console = Console(width=140)
    console.print(table)
    console.print(per_page)
    console.print(ratios)
    for stage in stages:
        console.print(f"{stage.label}: {stage.summary}")
        console.print(
            f"  peak RSS in each quarter of its wall time, MiB: {stage.rss_quarters_mib()}"
        )
    console.print(f"site: {site_bytes / 1e6:.1f} MB of HTML in {alone.pages} pages")
    console.print(f"machine: {machine()}; date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    return ratios


@dataclass(frozen=True)
class Round:
    """Every stage measured once, one after another on the same pages."""

    alone: Measured
    two: Measured
    cleaning: Measured
    fixed: Measured
    first: Measured
    pooled: Measured
    again: Measured

    def ratios(self) -> list[tuple[str, float, float | None, bool]]:
        return _ratio_rows(self.alone, self.two, self.cleaning, self.first, self.pooled, self.again)


def measure_round(
    root: Path,
    paths: list[str],
    site: LoopbackSite,
    databases: BenchDatabases,
    workdir: Path,
    number: int,
) -> Round:
    """The baselines, then the runs, each on fresh databases of its own."""
    alone = trafilatura_alone(root, paths)
    two = trafilatura_two_processes(root, paths)
    cleaning = cleaning_alone(root, paths)
    configs = {n: workdir / f"{n}-{number}.toml" for n in ("empty", "single", "pooled")}
    pages = len(paths)
    write_config(
        configs["empty"], site.url, databases.url(f"empty{number}"), 0, 0, sitemap=EMPTY_SITEMAP
    )
    write_config(configs["single"], site.url, databases.url(f"single{number}"), pages, 0)
    write_config(configs["pooled"], site.url, databases.url(f"pooled{number}"), pages, 2)
    return Round(
        alone,
        two,
        cleaning,
        fixed=run_child("run, empty sitemap (fixed cost)", configs["empty"], site, 0),
        first=run_child("run, clean_workers=0", configs["single"], site, pages),
        pooled=run_child("run, clean_workers=2", configs["pooled"], site, pages),
        again=run_child("incremental run (unchanged)", configs["single"], site, pages),
    )


def report_rounds(rounds: list[Round]) -> None:
    """Each ratio in every round and its median: on a shared machine one round can be slowed
    by other users for part of its stages, the median of several is the steadier figure."""
    table = Table(title=f"ratios in each of {len(rounds)} rounds, and their median")
    columns = [f"round {i + 1}" for i in range(len(rounds))]
    for column in ("measure", *columns, "median", "target", "met"):
        table.add_column(column, justify="right")
    per_round = [r.ratios() for r in rounds]
    for index, (name, _value, target, at_least) in enumerate(per_round[0]):
        values = [rows[index][1] for rows in per_round]
        middle = statistics.median(values)
        shown = [_shown(v, at_least) for v in (*values, middle)]
        table.add_row(name, *shown, *_against(middle, target, at_least))
    Console(width=140).print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench pipeline")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument(
        "--weight", choices=sorted(WEIGHTS), default="news", help="page weight (bench/pages.py)"
    )
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure everything this many times (medians)"
    )
    parser.add_argument("--workdir", type=Path, default=None, help="kept after the run")
    parser.add_argument(
        "--postgresql",
        metavar="ADMIN_URL",
        help="store in PostgreSQL: fresh databases created (and dropped) on this server",
    )
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tallywatch-bench-"))
    root = workdir / "site"
    root.mkdir(parents=True, exist_ok=True)
    try:
        site_bytes = write_site(root, args.pages, args.weight)
        paths = [f"/{p.relative_to(root).as_posix()}" for p in sorted(root.rglob("*.html"))]
        with LoopbackSite(root) as site, BenchDatabases(workdir, args.postgresql) as databases:
            rounds = [
                measure_round(root, paths, site, databases, workdir, number)
                for number in range(max(1, args.rounds))
            ]
        last = rounds[-1]
        alone, two, cleaning = last.alone, last.two, last.cleaning
        if len(rounds) == 1:
            # Measured again after the runs, the faster pass kept: a burst of load from
            # other users of a shared machine during one pass would otherwise set every ratio.
            alone = min(alone, trafilatura_alone(root, paths), key=lambda m: m.wall)
            two = min(two, trafilatura_two_processes(root, paths), key=lambda m: m.wall)
            cleaning = min(cleaning, cleaning_alone(root, paths), key=lambda m: m.wall)
        stages = [last.fixed, last.first, last.pooled, last.again]
        report(stages, alone, two, cleaning, site_bytes)
        if len(rounds) > 1:
            report_rounds(rounds)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

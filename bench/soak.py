"""Soak: one long `tallywatch run` over a large loopback site where some responses fail.

    python -m bench soak [--pages 10000] [--fault-rate 0.01] [--seed 8] [--weight news|light]
                         [--workdir DIR] [--postgresql ADMIN_URL]

Writes the generated pages of `bench.pipeline` (a sitemap listing all of them), serves
them on loopback with a share of the pages faulty, runs `tallywatch run` once on a fresh
SQLite database (or PostgreSQL database) and reports:

- pages per second and peak RSS of the run (its process and the clean workers);
- faults injected against errors recorded (`CrawlEvent` rows with `is_error`), by fault
  and URL by URL: every faulty page must be recorded once, as the error its fault causes,
  and nothing else may be recorded as an error;
- rows lost or duplicated: the articles stored must be exactly the pages not faulted.

Faulty pages are chosen by the seed and stay faulty on every request, so a retried fault
(500, 503, timeout, reset) ends in one recorded error, and the comparison is exact.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import socket
import struct
import tempfile
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import tomli_w
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from bench.pages import WEIGHTS
from bench.pipeline import (
    BenchDatabases,
    Measured,
    machine,
    run_child,
    write_config,
    write_site,
)
from tallywatch.demo import LoopbackSite
from tallywatch.demo.server import Resource, SiteRequestHandler
from tallywatch.store import Article, ArticleVersion, CrawlEvent, Database

FAULTS = ("500", "503", "404", "timeout", "reset", "empty", "binary")
"""What a faulty page answers: an HTTP error, no answer within the timeout, a connection
reset in the middle of the body, an empty 200, or binary bytes served as text/html."""
EXPECTED_EVENT = {
    "500": "http_status: HTTP 500",
    "503": "http_status: HTTP 503",
    "404": "http_status: HTTP 404",
    "timeout": "timeout",
    "reset": "connection",
    "empty": "bad_content: empty body",
    "binary": "bad_content: binary data served as text/html",
}
CRAWL = {
    "timeout": 10.0,
    "retries": 1,
    "retry_backoff_seconds": 0,
    "concurrency": 16,
    "per_domain_concurrency": 16,
}
"""Overrides of the pipeline benchmark's crawl settings: one retry without a wait, and a
timeout long enough that a busy machine never makes a healthy page time out."""
SLOW_MARGIN = 2.0
"""A `timeout` page answers nothing for the crawl timeout plus this."""
BINARY_BODY = bytes(range(256)) * 16
HTTP_STATUS = re.compile(r"HTTP (\d{3})")


def choose_faults(paths: list[str], rate: float, seed: int) -> dict[str, str]:
    """path -> fault for `rate` of the paths, chosen by `seed`, the faults in equal shares."""
    rng = random.Random(seed)
    chosen = rng.sample(sorted(paths), k=round(len(paths) * rate))
    return {path: FAULTS[i % len(FAULTS)] for i, path in enumerate(chosen)}


class FaultySite(LoopbackSite):
    """The generated site, with `faults` answering instead of their pages."""

    def __init__(self, root: Path, faults: dict[str, str], slow_seconds: float) -> None:
        super().__init__(root)
        self.faults = faults
        self.slow_seconds = slow_seconds
        self.handler = FaultyHandler

    def resolve(self, url_path: str) -> Resource:
        fault = self.faults.get(url_path)
        if fault in ("500", "503", "404"):
            return Resource(int(fault), f"fault {fault}\n".encode(), "text/plain; charset=utf-8")
        if fault == "empty":
            return Resource(200, b"", "text/html; charset=utf-8")
        if fault == "binary":
            return Resource(200, BINARY_BODY, "text/html; charset=utf-8")
        return super().resolve(url_path)


class FaultyHandler(SiteRequestHandler):
    """Faults below HTTP: no answer at all, or a connection reset half way through a body."""

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        assert isinstance(site, FaultySite)
        fault = site.faults.get(self._path())
        if fault == "timeout":
            time.sleep(site.slow_seconds)
            self.close_connection = True
            return
        if fault == "reset":
            body = site.resolve(self._path()).body
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self._record(200, len(body) // 2, conditional=False)
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            # Linger 0: closing sends a TCP reset instead of an orderly end.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        super()._answer(send_body)


def event_fault(kind: str, detail: str | None) -> str:
    """The fault an error event names (the reverse of `EXPECTED_EVENT`), or `other`."""
    detail = detail or ""
    if kind == "http_status":
        status = HTTP_STATUS.search(detail)
        return status.group(1) if status and status.group(1) in FAULTS else "other"
    if kind == "timeout":
        return "timeout"
    if kind == "connection":
        return "reset"
    if kind == "bad_content":
        return "empty" if "empty" in detail else "binary"
    return "other"


@dataclass
class Outcome:
    """What the run left in the database, set against what the site did."""

    injected: Counter[str] = field(default_factory=Counter)
    recorded: Counter[str] = field(default_factory=Counter)
    wrong_events: list[str] = field(default_factory=list)
    """Faulty pages recorded as another error, twice or not at all; errors on good pages."""
    articles: int = 0
    lost: int = 0
    unexpected: int = 0
    """Faulty pages stored as articles."""
    duplicated: int = 0

    @property
    def errors_match(self) -> bool:
        return self.injected == self.recorded and not self.wrong_events

    @property
    def rows_ok(self) -> bool:
        return self.lost == 0 and self.unexpected == 0 and self.duplicated == 0


def inspect_database(db_url: str, paths: list[str], faults: dict[str, str]) -> Outcome:
    outcome = Outcome(injected=Counter(faults.values()))
    db = Database(db_url, migrate=False)
    try:
        with db.session() as session:
            events = session.execute(
                select(CrawlEvent.url, CrawlEvent.kind, CrawlEvent.detail).where(
                    CrawlEvent.is_error.is_(True)
                )
            ).all()
            urls = list(session.scalars(select(Article.url)))
            versions = session.scalar(select(func.count()).select_from(ArticleVersion)) or 0
    finally:
        db.dispose()
    seen: Counter[str] = Counter()
    for url, kind, detail in events:
        path = urlsplit(url or "").path
        got, wanted = event_fault(kind, detail), faults.get(path)
        outcome.recorded[got] += 1
        seen[path] += 1
        if got != wanted or seen[path] > 1:
            outcome.wrong_events.append(f"{url}: {kind}: {detail} (injected {wanted})")
    outcome.wrong_events += [f"{p}: {f} not recorded" for p, f in faults.items() if not seen[p]]
    stored = {urlsplit(url).path for url in urls}
    outcome.articles = len(urls)
    outcome.lost = sum(1 for path in paths if path not in faults and path not in stored)
    outcome.unexpected = sum(1 for path in faults if path in stored)
    outcome.duplicated = (len(urls) - len(stored)) + (versions - len(urls))
    return outcome


def report(run: Measured, outcome: Outcome, args: argparse.Namespace) -> bool:
    console = Console(width=120)
    pages = Table(title=f"soak: {args.pages} pages, fault rate {args.fault_rate}, seed {args.seed}")
    for column in ("wall s", "CPU s", "pages/s", "peak RSS MiB", "requests", "MB served"):
        pages.add_column(column, justify="right")
    pages.add_row(
        f"{run.wall:.1f}",
        f"{run.cpu:.1f}",
        f"{run.rate:.1f}",
        f"{run.peak_rss_kib / 1024:.0f}",
        str(run.requests),
        f"{run.bytes_served / 1e6:.1f}",
    )
    errors = Table(title="faults injected vs errors recorded (CrawlEvent.is_error)")
    for column in ("fault", "recorded as", "injected", "recorded", "match"):
        errors.add_column(column, justify="right")
    for fault in (*FAULTS, "other"):
        injected, recorded = outcome.injected[fault], outcome.recorded[fault]
        if fault == "other" and not recorded:
            continue
        expected = EXPECTED_EVENT.get(fault, "-")
        errors.add_row(
            fault, expected, str(injected), str(recorded), "yes" if injected == recorded else "NO"
        )
    total_injected, total_recorded = outcome.injected.total(), outcome.recorded.total()
    errors.add_row("total", "", str(total_injected), str(total_recorded), "")
    console.print(pages)
    console.print(f"peak RSS in each quarter of the run, MiB: {run.rss_quarters_mib()}")
    console.print(errors)
    for line in outcome.wrong_events[:20]:
        console.print(f"  mismatch: {line}")
    good = args.pages - total_injected
    console.print(
        f"rows: {outcome.articles} articles stored for {good} pages not faulted; "
        f"lost {outcome.lost}, faulty pages stored {outcome.unexpected}, "
        f"duplicated {outcome.duplicated}"
    )
    console.print(f"run: {run.summary}")
    passed = outcome.errors_match and outcome.rows_ok
    verdict = "PASS" if passed else "FAIL"
    console.print(
        f"verdict: {verdict} (errors recorded == faults injected: "
        f"{'yes' if outcome.errors_match else 'NO'}; rows lost 0 and duplicated 0: "
        f"{'yes' if outcome.rows_ok else 'NO'})"
    )
    console.print(f"machine: {machine()}")
    return passed


def soak_config(path: Path, site_url: str, db_url: str, pages: int, workers: int) -> None:
    """The pipeline benchmark's config with `CRAWL` over its crawl settings."""
    write_config(path, site_url, db_url, pages, workers)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["crawl"].update(CRAWL)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench soak")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--fault-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--clean-workers", type=int, default=2)
    parser.add_argument(
        "--weight", choices=sorted(WEIGHTS), default="news", help="page weight (bench/pages.py)"
    )
    parser.add_argument("--workdir", type=Path, default=None, help="kept after the run")
    parser.add_argument(
        "--postgresql",
        metavar="ADMIN_URL",
        help="store in PostgreSQL: a fresh database created (and dropped) on this server",
    )
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tallywatch-soak-"))
    root = workdir / "site"
    root.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        write_site(root, args.pages, args.weight)
        paths = [f"/{p.relative_to(root).as_posix()}" for p in sorted(root.rglob("*.html"))]
        faults = choose_faults(paths, args.fault_rate, args.seed)
        print(f"site: {len(paths)} pages written in {time.perf_counter() - started:.0f} s")
        config = workdir / "soak.toml"
        (workdir / "soak.db").unlink(missing_ok=True)
        slow = float(CRAWL["timeout"]) + SLOW_MARGIN
        with BenchDatabases(workdir, args.postgresql) as databases:
            db_url = databases.url("soak")
            with FaultySite(root, faults, slow) as site:
                soak_config(config, site.url, db_url, args.pages, args.clean_workers)
                run = run_child("soak run", config, site, args.pages)
            outcome = inspect_database(db_url, paths, faults)
        passed = report(run, outcome, args)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if not passed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

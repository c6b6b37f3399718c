"""A page that takes too long to read cannot hold a run: a time budget per page, SIGTERM
within seconds mid-extraction, and clean workers that die with the run process.

Every test runs the real `tallywatch run` in a child process against the loopback site,
with a page whose cleaning and figure reading takes far longer than any budget here
(two megabytes of figures), beside an ordinary article.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tallywatch.constants import ExitCode
from tallywatch.store import Article, CrawlEvent, CrawlRun, Database, SkippedUrl

SLOW_PATH = "/budget/endless-tally.html"
PLAIN_PATH = "/budget/plain.html"
FEED_PATH = "/budget/feed.rss"
FIGURE_RUN = "officials said {} North Korean soldiers were killed near the town and {} wounded "


@pytest.fixture(scope="module")
def budget_site(site: Any, site_kit: Any) -> Any:
    paragraphs = [
        "".join(FIGURE_RUN.format(100 + p * 20 + k, 3000 + p * 20 + k) for k in range(20))
        for p in range(1200)
    ]
    slow = {**site_kit.article("two-captured"), "slug": "endless-tally", "paragraphs": paragraphs}
    site_kit.publish_article(site, SLOW_PATH, slow)
    site_kit.publish_article(site, PLAIN_PATH, site_kit.article("nis-300-killed"))
    feed = site_kit.rss(site.base, [SLOW_PATH, PLAIN_PATH]).encode()
    site.put(FEED_PATH, site_kit.Resource(feed, "application/rss+xml", validators=False))
    return site


def _config(tmp_path: Path, site_kit: Any, db_url: str, base: str, **crawl: Any) -> Path:
    settings = {**site_kit.TEST_CRAWL, "max_page_bytes": 5_000_000, **crawl}
    source = {"name": "tally", "kind": "feed", "url": f"{base}{FEED_PATH}"}
    return site_kit.write_config(tmp_path / "tw.toml", db_url, settings, [source])


def _start_run(config: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_hit(site: Any, mark: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(hit.path == path for hit in site.since(mark)):
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} was never fetched")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = [pid for pid in pids if not _gone(pid)]
        if not alive:
            return []
        time.sleep(0.1)
    return alive


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")


@pytest.mark.parametrize("workers", [0, 2])
def test_a_page_over_its_budget_is_recorded_once_and_the_run_goes_on(
    tmp_path: Path, site_kit: Any, budget_site: Any, db_url: str, workers: int
) -> None:
    config = _config(
        tmp_path,
        site_kit,
        db_url,
        budget_site.base,
        page_time_budget_seconds=1.5,
        clean_workers=workers,
    )
    done = subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "run"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == ExitCode.OK, done.stderr[-3000:]
    db = Database(db_url)
    with db.session() as session:
        events = session.scalars(select(CrawlEvent).where(CrawlEvent.kind == "extract_timeout"))
        [event] = list(events)
        assert event.url.endswith(SLOW_PATH) and event.is_error
        assert "longer than 1.5 s" in event.detail
        urls = set(session.scalars(select(Article.url)))
        assert any(u.endswith(PLAIN_PATH) for u in urls)
        assert not any(u.endswith(SLOW_PATH) for u in urls)
        skipped = set(session.scalars(select(SkippedUrl.url)))
        assert any(u.endswith(SLOW_PATH) for u in skipped)
    # The next run does not fetch (and time out on) the page again.
    mark = budget_site.mark()
    again = subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "run"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == ExitCode.OK, again.stderr[-3000:]
    assert SLOW_PATH not in {hit.path for hit in budget_site.since(mark)}
    db.dispose()


@needs_proc
@pytest.mark.parametrize("workers", [0, 2])
def test_sigterm_mid_extraction_stops_the_run_within_seconds(
    tmp_path: Path, site_kit: Any, budget_site: Any, db_url: str, workers: int
) -> None:
    config = _config(
        tmp_path,
        site_kit,
        db_url,
        budget_site.base,
        page_time_budget_seconds=3600,
        clean_workers=workers,
    )
    mark = budget_site.mark()
    run = _start_run(config)
    try:
        _wait_for_hit(budget_site, mark, SLOW_PATH)
        time.sleep(2.0)  # well inside the page's cleaning and reading
        helpers = _children(run.pid)
        assert run.poll() is None, run.communicate()[1][-2000:]
        run.send_signal(signal.SIGTERM)
        started = time.monotonic()
        _out, err = run.communicate(timeout=30)
        took = time.monotonic() - started
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == ExitCode.ABORTED, err[-3000:]
    assert took < 10, f"the run took {took:.1f} s to stop"
    assert _wait_gone(helpers, 5) == []
    db = Database(db_url)
    with db.session() as session:
        [crawl_run] = list(session.scalars(select(CrawlRun)))
        assert crawl_run.status == "aborted"
        urls = set(session.scalars(select(Article.url)))
        assert not any(u.endswith(SLOW_PATH) for u in urls)
        # the interrupted page is no failure: nothing recorded, fetched again next time
        events = session.scalars(select(CrawlEvent.url).where(CrawlEvent.url.like("%endless%")))
        assert list(events) == []
    db.dispose()


def _run_with_workers_busy(
    tmp_path: Path, site_kit: Any, site: Any, db_url: str
) -> tuple[subprocess.Popen[str], list[int]]:
    config = _config(
        tmp_path, site_kit, db_url, site.base, page_time_budget_seconds=3600, clean_workers=2
    )
    mark = site.mark()
    run = _start_run(config)
    _wait_for_hit(site, mark, SLOW_PATH)
    time.sleep(0.5)
    workers = _children(run.pid)
    assert len(workers) == 2, workers
    return run, workers


@needs_proc
def test_clean_workers_die_with_a_killed_run(
    tmp_path: Path, site_kit: Any, budget_site: Any, db_url: str
) -> None:
    run, workers = _run_with_workers_busy(tmp_path, site_kit, budget_site, db_url)
    try:
        os.kill(run.pid, signal.SIGKILL)
        run.wait(10)
        assert _wait_gone(workers, 5) == []
    finally:
        for pid in workers:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        run.communicate()


@needs_proc
def test_clean_workers_take_none_of_the_run_s_signal_handlers(
    tmp_path: Path, site_kit: Any, budget_site: Any, db_url: str
) -> None:
    run, workers = _run_with_workers_busy(tmp_path, site_kit, budget_site, db_url)
    try:
        for pid in workers:
            os.kill(pid, signal.SIGTERM)
        assert _wait_gone(workers, 5) == []
    finally:
        for pid in workers:
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        run.kill()
        run.communicate()

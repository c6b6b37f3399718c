"""`run_crawl` as a process: one crawl per process, and a clean stop on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from tallywatch.store import Article, CrawlRun, Database, Source

TWICE = """
import sys
from tallywatch.config import load_settings
from tallywatch.crawler.runner import CrawlError, run_crawl
from tallywatch.store import Database
from tallywatch.store.runs import start_run
settings = load_settings(sys.argv[1])
db = Database(settings.database.url)
for attempt in range(2):
    with db.session() as session:
        run_id = start_run(session)
    try:
        print("ok", run_crawl(settings, db, run_id).new_articles)
    except CrawlError as exc:
        print("refused", exc)
"""


def _feed_source(site: Any, site_kit: Any, name: str, paths: list[str], **page: Any) -> dict:
    article = site_kit.article("engineers-return")
    for path in paths:
        site_kit.publish_article(site, path, article, **page)
    feed = f"/runner/{name}.rss"
    site.put(feed, site_kit.Resource(site_kit.rss(site.base, paths).encode(), "application/xml"))
    return {"name": name, "kind": "feed", "url": f"{site.base}{feed}"}


def test_second_crawl_in_one_process_is_refused(
    site: Any, site_kit: Any, tmp_path: Path, db_url: str
) -> None:
    source = _feed_source(site, site_kit, "once", ["/runner/once.html"])
    config = site_kit.write_config(tmp_path / "c.toml", db_url, site_kit.TEST_CRAWL, [source])
    done = subprocess.run(
        [sys.executable, "-c", TWICE, str(config)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "ok 1"
    assert lines[1].startswith("refused a crawl already ran in this process")


def test_sigterm_stops_the_crawl_cleanly(
    site: Any, site_kit: Any, start_crawl: Any, tmp_path: Path, db_url: str
) -> None:
    quick = _feed_source(site, site_kit, "quick", ["/runner/quick.html"])
    stuck = _feed_source(
        site, site_kit, "stuck", [f"/runner/stuck-{i}.html" for i in range(3)], delay=4.0
    )
    settings = {**site_kit.TEST_CRAWL, "timeout": 60.0, "per_domain_concurrency": 8}
    config = site_kit.write_config(tmp_path / "c.toml", db_url, settings, [quick, stuck])
    mark = site.mark()
    child = start_crawl(config)
    deadline = time.monotonic() + 60
    while not any(h.path.startswith("/runner/stuck-") for h in site.since(mark)):
        assert child.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err[-3000:]
    stats = json.loads(out.strip().splitlines()[-1])
    assert stats["interrupted"] is True
    db = Database(db_url)
    with db.session() as s:
        sources = {src.name: src for src in s.scalars(select(Source))}
        stored = {a.url.rsplit("/", 1)[-1]: a for a in s.scalars(select(Article))}
        versions = {a.id: len(a.versions) for a in stored.values()}
        run = s.get(CrawlRun, stats["run_id"])
    # The finished source got its status; the interrupted one was left as it was.
    assert sources["quick"].last_status == "ok"
    assert sources["stuck"].last_status is None and sources["stuck"].consecutive_failures == 0
    # Downloads in flight were finished, not cut: every stored article is complete.
    assert "quick.html" in stored
    assert all(versions[a.id] == a.version_count == 1 for a in stored.values())
    assert run.new_articles == len(stored)
    db.dispose()

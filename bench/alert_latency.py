"""Alert latency: from the page with a new figure being served to its alert arriving.

    python -m bench alert-latency [--repeat 3]

Serves the demo site's first edition on loopback and crawls it (the baseline), then
publishes the second edition and crawls again with a `json://` alert URL pointing at a
loopback receiver.  For every alert of the second crawl it reports the time from the
server answering the article the figure came from to the receiver getting the alert, and
the part of that after the crawl's last page was answered: the processing that follows
the fetch (cleaning the last pages, storing, change detection, delivery, shutdown).
Target: under one second of processing after the page is fetched.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import tomli_w
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from tallywatch.demo import EDITIONS, LoopbackSite, demo_settings
from tallywatch.store import Alert, Article, Database

TARGET_SECONDS = 1.0


class AlertReceiver:
    """A loopback endpoint for apprise's `json://`: keeps each alert's title and arrival."""

    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.arrivals.setdefault(json.loads(body)["title"], time.time())
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/alerts"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def measure_once(folder: Path) -> list[tuple[str, float, float]]:
    """One baseline crawl and one crawl of the next edition; per alert of the second:
    (title, seconds after its article was served, seconds after the crawl's last page)."""
    receiver = AlertReceiver()
    db_url = f"sqlite:///{folder / 'tallywatch.db'}"
    config = folder / "tallywatch.toml"
    try:
        with LoopbackSite(EDITIONS[0]) as site:
            data = demo_settings(site.url, db_url).model_dump(
                mode="json", exclude_none=True, exclude={"path"}
            )
            # burst 0: one message per alert, each found by its title
            data["alerts"] = {"urls": [receiver.url], "baseline": False, "burst": 0}
            config.write_text(tomli_w.dumps(data), encoding="utf-8")
            command = [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "run"]
            subprocess.run(command, check=True, capture_output=True)
            site.use(EDITIONS[1])
            site.requests.clear()
            subprocess.run(command, check=True, capture_output=True)
            served = {e.path: e.at for e in site.requests.entries() if e.status == 200}
            last_page = max(e.at for e in site.requests.entries())
        db = Database(db_url)
        with db.session() as session:
            rows = session.execute(
                select(Alert.topic, Alert.metric, Alert.value, Article.url)
                .join(Article, Alert.article_id == Article.id)
                .where(Alert.kind == "increase")
            ).all()
        db.dispose()
        out = []
        for topic, metric, value, url in rows:
            head = f"{topic}: {metric} "
            arrival = next(
                (t for title, t in receiver.arrivals.items() if title.startswith(head)), None
            )
            page = served.get(urlsplit(url).path)
            if arrival is not None and page is not None:
                out.append((f"{head}{value:,}", arrival - page, arrival - last_page))
        return out
    finally:
        receiver.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench alert-latency")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    after_page: list[float] = []
    after_crawl: list[float] = []
    alerts = 0
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="tw-latency-") as tmp:
            found = measure_once(Path(tmp))
        if not found:
            sys.exit("no increase alert reached the receiver: nothing to measure")
        alerts += len(found)
        after_page += [page for _title, page, _crawl in found]
        after_crawl += [crawl for _title, _page, crawl in found]
    table = Table(title=f"alert latency, {args.repeat} runs, {alerts} alerts")
    for column in ("seconds from", "median", "max", "target"):
        table.add_column(column, justify="right")
    table.add_row(
        "its article served",
        f"{statistics.median(after_page):.2f}",
        f"{max(after_page):.2f}",
        "",
    )
    table.add_row(
        "the crawl's last page served",
        f"{statistics.median(after_crawl):.2f}",
        f"{max(after_crawl):.2f}",
        f"< {TARGET_SECONDS:g}",
    )
    Console().print(table)
    verdict = "met" if max(after_crawl) < TARGET_SECONDS else "not met"
    print(f"processing after the last page, worst alert: {max(after_crawl):.2f} s ({verdict})")


if __name__ == "__main__":
    main()

"""Hostile sources under the budgets: the largest allowed feed, an endless sitemap, a page
of one endless sentence, links that never answer.

    python -m bench hostile-sources [--feed-mb 49] [--sentence-kb 192 4800] [--workdir DIR]

Each case is one real `tallywatch run` in a child process against a loopback server, with
the shipped defaults (except where a case says): what it measures is what a user's run
would do.

* feed: a feed of `--feed-mb` MB (the largest `crawl.max_sitemap_bytes` allows is 50 MB),
  27,000 items with long descriptions.  Peak RSS of the run process, beside the peak of the
  same run on a one-item feed, against the target of 400 MB.
* sitemap: an index whose only entry is always a new index.  Wall time of the run and
  sitemaps fetched (capped by `crawl.max_sitemap_depth`).
* sentence: an article whose text is one sentence of the given size, full of figures.
  Wall time of the run; the page is read in full, or skipped at
  `crawl.page_time_budget_seconds` (30 s), whichever comes first.
* silent links: a feed of 50 links to a server that accepts connections and never answers,
  `crawl.timeout` 600 s, `crawl.source_time_budget_minutes` 0.25.  Wall time of the run.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

RSS_TARGET_MIB = 400 * 1000 * 1000 / 2**20
"""The target, 400 MB, in MiB (what ru_maxrss reports, in KiB)."""
FIGURE_RUN = "officials said {} North Korean soldiers were killed near the town and {} wounded "


class Site:
    """A loopback server answering each path from a function of it (None: 404)."""

    def __init__(self, answer: Callable[[str, str], tuple[str, bytes] | None]) -> None:
        site = self
        self.hits = 0

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.hits += 1
                found = answer(site.url, self.path)
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                kind, body = found
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def big_feed(base: str, megabytes: float) -> bytes:
    description = "Officials said 300 soldiers were killed near the town. " * 30
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Big</title>'
        f"<link>{base}/</link><description>all of it</description>\n"
    ]
    size, n = len(parts[0]), 0
    while size < megabytes * 1_000_000:
        item = (
            f"<item><title>Item {n}</title><link>{base}/a/{n}.html</link>"
            "<pubDate>Mon, 10 Feb 2025 09:00:00 GMT</pubDate>"
            f"<description>{description}</description></item>\n"
        )
        parts.append(item)
        size, n = size + len(item), n + 1
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def sentence_page(kilobytes: int) -> bytes:
    runs, n = [], 0
    while sum(map(len, runs)) < kilobytes * 1000:
        runs.append(FIGURE_RUN.format(100 + n, 3000 + n))
        n += 1
    text = "".join(runs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>One sentence</title>"
        "<meta property='og:type' content='article'></head><body><article>"
        f"<h1>One sentence</h1><p>{text}.</p></article></body></html>"
    ).encode()


def run(workdir: Path, name: str, sources: str, crawl: str = "") -> tuple[float, float, int]:
    """One `tallywatch run`: (wall seconds, peak RSS MiB, exit code)."""
    folder = workdir / name
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "tallywatch.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{folder / "tw.db"}"\n\n[crawl]\n'
        f"autothrottle = false\ndownload_delay = 0\n{crawl}\n"
        f'[logging]\nlevel = "WARNING"\n\n{sources}',
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "run"]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    took = time.monotonic() - started
    return took, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def feed_source(url: str) -> str:
    return f'[[sources]]\nname = "feed"\nkind = "feed"\nurl = "{url}"\n'


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench hostile-sources")
    parser.add_argument("--feed-mb", type=float, default=49.0)
    parser.add_argument("--sentence-kb", type=int, nargs="*", default=[192, 4800])
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="tw-hostile-"))
    rows: list[tuple[str, str, str]] = []

    feeds: dict[str, bytes] = {}
    pages = {f"/sentence-{kb}.html": sentence_page(kb) for kb in args.sentence_kb}

    def answer(base: str, path: str) -> tuple[str, bytes] | None:
        if path in feeds:
            return "application/rss+xml", feeds[path]
        if path.startswith("/index-"):
            n = int(path.removeprefix("/index-").removesuffix(".xml"))
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                '"http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/index-{n + 1}.xml</loc></sitemap></sitemapindex>"
            )
            return "application/xml", body.encode()
        if path in pages:
            return "text/html; charset=utf-8", pages[path]
        return None

    site = Site(answer)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(128)
    try:
        feeds["/big.rss"] = big_feed(site.url, args.feed_mb)
        feeds["/small.rss"] = big_feed(site.url, 0.001)
        _t, small_rss, _c = run(workdir, "small-feed", feed_source(f"{site.url}/small.rss"))
        took, big_rss, code = run(workdir, "big-feed", feed_source(f"{site.url}/big.rss"))
        verdict = "yes" if big_rss < RSS_TARGET_MIB else "NO"
        rows.append(
            (
                f"feed of {len(feeds['/big.rss']) / 1e6:.0f} MB: peak RSS",
                f"{big_rss:.0f} MiB (one-item feed: {small_rss:.0f} MiB; "
                f"{took:.1f} s, exit {code})",
                f"< 400 MB ({RSS_TARGET_MIB:.0f} MiB): {verdict}",
            )
        )
        before = site.hits
        source = (
            f'[[sources]]\nname = "endless"\nkind = "sitemap"\nurl = "{site.url}/index-0.xml"\n'
        )
        took, _rss, code = run(workdir, "endless-sitemap", source)
        rows.append(
            (
                "endless sitemap index",
                f"{took:.1f} s, {site.hits - before} sitemaps",
                f"exit {code}",
            )
        )
        for kb in args.sentence_kb:
            feeds[f"/sentence-{kb}.rss"] = (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>s</title>'
                f"<item><title>s</title><link>{site.url}/sentence-{kb}.html</link></item>"
                "</channel></rss>"
            ).encode()
            took, _rss, code = run(
                workdir, f"sentence-{kb}", feed_source(f"{site.url}/sentence-{kb}.rss")
            )
            rows.append((f"one sentence of {kb} KB", f"{took:.1f} s", f"exit {code}"))
        port = silent.getsockname()[1]
        links = "".join(
            f"<item><title>{n}</title><link>http://127.0.0.1:{port}/never/{n}.html</link></item>"
            for n in range(50)
        )
        feeds["/silent.rss"] = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>s</title>{links}'
            "</channel></rss>"
        ).encode()
        took, _rss, code = run(
            workdir,
            "silent-links",
            feed_source(f"{site.url}/silent.rss"),
            "timeout = 600\nsource_time_budget_minutes = 0.25\n",
        )
        rows.append(("50 links that never answer", f"{took:.1f} s", f"exit {code}"))
    finally:
        silent.close()
        site.close()
    width = max(len(r[0]) for r in rows)
    print(f"{'case':<{width}}  result  (target / exit)")
    for case, result, note in rows:
        print(f"{case:<{width}}  {result}  ({note})")
    print(f"(runs in {workdir})")

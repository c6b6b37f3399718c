"""Alert channels side by side: a throttled email channel does not delay a webhook.

    python -m bench alert-channels [--alerts 7] [--rounds 1]

Raises N rises of one tracked figure in a fresh SQLite database (N alerts, the case of a
first busy crawl) and delivers them with the outbox, as `tallywatch run` does, to a
loopback SMTP server and a loopback `json://` receiver.  apprise waits 5.5 s between two
emails to one server; grouping is off (`alerts.burst = 0`), so each alert is a message
of its own.  Measured in one run, side by side:

* the webhook alone: from the start of delivery to its last alert;
* the webhook and the email channel together: the same for each of them;
* the same two channels with the default grouping (`alerts.burst = 5`), where the N
  alerts go as one digest per channel.

Target: beside the email channel, the webhook has every alert before the email channel
is 5% through its queue (the ratio webhook / email <= 0.05).  Channels served one after
another, as before per-channel queues, put the webhook's last alert after the last email
(a ratio near 1).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from tallywatch.alerts.detect import detect_changes
from tallywatch.alerts.outbox import AlertOutbox
from tallywatch.config import Settings, parse_settings
from tallywatch.store import Article, ArticleVersion, Database, Figure, Source

TARGET_RATIO = 0.05
TOPIC = "nk-troops"


class Arrivals:
    """When each message title arrived, per channel."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}

    def reset(self) -> None:
        with self.lock:
            self.times.clear()

    def add(self, channel: str) -> None:
        with self.lock:
            self.times.setdefault(channel, []).append(time.monotonic())

    def last(self, channel: str, count: int) -> float | None:
        with self.lock:
            times = self.times.get(channel, [])
            return times[count - 1] if len(times) >= count else None


@contextmanager
def webhook(arrivals: Arrivals) -> Iterator[str]:
    """A loopback `json://` endpoint; yields its URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            arrivals.add("webhook")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"json://127.0.0.1:{server.server_address[1]}/alerts"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def mail_server(arrivals: Arrivals) -> Iterator[str]:
    """A loopback SMTP server (aiosmtpd); yields an apprise `mailto://` URL for it."""
    from aiosmtpd.controller import Controller

    class Mailbox:
        async def handle_DATA(self, _server: Any, _session: Any, _envelope: Any) -> str:  # noqa: N802
            arrivals.add("email")
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(Mailbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield (f"mailto://127.0.0.1:{port}?mode=insecure&from=tw@example.org&to=desk@example.org")
    finally:
        controller.stop()


def settings_for(db_url: str, urls: list[str], burst: int) -> Settings:
    return parse_settings(
        {
            "database": {"url": db_url},
            "topics": [{"name": TOPIC, "subjects": ["North Korean"]}],
            "alerts": {"urls": urls, "baseline": False, "burst": burst, "timeout": 10},
        },
        environ={},
    )


def raise_alerts(db: Database, settings: Settings, count: int) -> None:
    """A first figure (the tracked value, no alert) and `count` rises, each its own batch."""
    with db.session() as session:
        source = Source(name="wire", kind="feed", url="https://wire.example/rss")
        session.add(source)
        session.flush()
        source_id = source.id
    for step in range(count + 1):
        value = 100 * (step + 1)
        sentence = f"Officials said {value:,} North Korean soldiers had been killed."
        with db.session() as session:
            article = Article(
                source_id=source_id,
                url=f"https://wire.example/{step}",
                title=f"Losses reach {value}",
                published="2025-01-14",
                version_count=1,
            )
            session.add(article)
            session.flush()
            version = ArticleVersion(
                article_id=article.id, number=1, text=sentence, content_hash=f"h{step}"
            )
            session.add(version)
            session.flush()
            session.add(
                Figure(
                    version_id=version.id,
                    article_id=article.id,
                    topic=TOPIC,
                    metric="killed",
                    value=value,
                    qualifier="exact",
                    scope="cumulative",
                    source="Officials",
                    sentence=sentence,
                    start=0,
                    end=len(sentence),
                    sentence_hash=hashlib.sha256(sentence.encode()).hexdigest(),
                )
            )
        with db.session() as session:
            detect_changes(session, settings, None)


@dataclass
class Timing:
    webhook: float
    email: float | None = None


def deliver(
    folder: Path, name: str, urls: list[str], count: int, burst: int, arrivals: Arrivals
) -> Timing:
    """Raise `count` alerts in a fresh database, deliver them; seconds to each channel's
    last message (of `count`, or of one digest with grouping on)."""
    db_url = f"sqlite:///{folder / f'{name}.db'}"
    settings = settings_for(db_url, urls, burst)
    db = Database(db_url)
    try:
        raise_alerts(db, settings, count)
        expected = count if burst == 0 or count <= burst else 1
        arrivals.reset()
        start = time.monotonic()
        report = AlertOutbox(db, settings).deliver_pending()
        if report.sent != count:
            raise SystemExit(f"{name}: {report.sent} of {count} alerts delivered")
        webhook_at = arrivals.last("webhook", expected)
        email_at = arrivals.last("email", expected) if len(urls) > 1 else None
        if webhook_at is None or (len(urls) > 1 and email_at is None):
            raise SystemExit(f"{name}: a channel did not get every message")
        return Timing(webhook_at - start, email_at - start if email_at is not None else None)
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench alert-channels")
    parser.add_argument("--alerts", type=int, default=7, help="alerts raised (default 7)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds; medians are shown")
    args = parser.parse_args(argv)
    arrivals = Arrivals()
    alone: list[Timing] = []
    beside: list[Timing] = []
    grouped: list[Timing] = []
    with (
        tempfile.TemporaryDirectory(prefix="tw-channels-") as tmp,
        webhook(arrivals) as hook,
        mail_server(arrivals) as mail,
    ):
        folder = Path(tmp)
        for round_ in range(args.rounds):
            alone.append(deliver(folder, f"alone-{round_}", [hook], args.alerts, 0, arrivals))
            beside.append(
                deliver(folder, f"beside-{round_}", [hook, mail], args.alerts, 0, arrivals)
            )
            grouped.append(
                deliver(folder, f"grouped-{round_}", [hook, mail], args.alerts, 5, arrivals)
            )

    def median(values: list[float | None]) -> float:
        return statistics.median(v for v in values if v is not None)

    ratio = median([t.webhook for t in beside]) / median([t.email for t in beside])
    table = Table(
        title=f"{args.alerts} alerts, {args.rounds} round(s), seconds to the last message"
    )
    table.add_column("delivery")
    for column in ("webhook", "email", "webhook / email"):
        table.add_column(column, justify="right")
    table.add_row(
        "webhook alone, one message per alert", f"{median([t.webhook for t in alone]):.2f}", "", ""
    )
    table.add_row(
        "webhook and email, one message per alert",
        f"{median([t.webhook for t in beside]):.2f}",
        f"{median([t.email for t in beside]):.2f}",
        f"{ratio:.3f} (target <= {TARGET_RATIO:g})",
    )
    table.add_row(
        "webhook and email, grouped (burst 5): one digest each",
        f"{median([t.webhook for t in grouped]):.2f}",
        f"{median([t.email for t in grouped]):.2f}",
        "",
    )
    Console().print(table)
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    print(
        f"the webhook beside a throttled email channel: {ratio:.3f} of the email's time ({verdict})"
    )


if __name__ == "__main__":
    main()

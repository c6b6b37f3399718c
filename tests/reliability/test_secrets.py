"""Marker secrets in alert URLs never reach logs, command output or the database."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from loopback_servers.http_receiver import Receiver
from reliability.demo_runs import CliRunner, ConfigWriter
from sqlalchemy import String, Text, select

from tallywatch.demo import LoopbackSite
from tallywatch.store import Alert, Base, Database

ALERT_MARKER = "zq8AlertPathMarker41"
OPERATOR_MARKER = "zq8OperatorPassMarker73"
MARKERS = (ALERT_MARKER, OPERATOR_MARKER)

COMMANDS = [
    ("run",),
    ("alerts",),
    ("alerts", "--json"),
    ("status", "--json"),
    ("status",),
    ("sources",),
    ("sources", "--json"),
    ("alerts", "test"),
    ("alerts", "retry"),
]


def _database_texts(db_url: str) -> list[str]:
    """Every text value of every table."""
    db = Database(db_url)
    texts: list[str] = []
    try:
        with db.session() as session:
            for table in Base.metadata.sorted_tables:
                columns = [c for c in table.columns if isinstance(c.type, String | Text)]
                if columns:
                    for row in session.execute(select(*columns)):
                        texts += [str(value) for value in row if value is not None]
    finally:
        db.engine.dispose()
    return texts


def _alert_rows(db_url: str) -> list[tuple[str, str]]:
    db = Database(db_url)
    try:
        with db.session() as session:
            return [tuple(row) for row in session.execute(select(Alert.kind, Alert.status))]
    finally:
        db.engine.dispose()


def test_marker_secrets_never_leak(
    write_config: ConfigWriter,
    run_cli: CliRunner,
    receiver: Receiver,
    demo_site: LoopbackSite,
    db_url: str,
    tmp_path: Path,
) -> None:
    unique = f"{os.getpid()}-{time.monotonic_ns()}"
    alert_path = f"/secret/{unique}/{ALERT_MARKER}"
    operator_path = f"/operator/{unique}"
    log_file = tmp_path / "tallywatch.log"
    config = write_config(
        alerts={
            "urls": [receiver.url(alert_path)],
            "operator_url": f"json://ops:{OPERATOR_MARKER}@127.0.0.1:{receiver.port}{operator_path}",
            "operator_after_failures": 1,
            "timeout": 2,
            "retry_backoff_minutes": 0,
        },
        logging={"level": "DEBUG", "file": str(log_file)},
        # A source that always fails, so the operator channel is used and errors recorded.
        sources=[{"name": "gone", "kind": "page", "url": f"{demo_site.url}/no-such-section/"}],
    )
    receiver.respond(alert_path, 500)  # the first deliveries fail: their errors are stored
    outputs: list[str] = []
    codes: dict[str, int] = {}
    for index, args in enumerate(COMMANDS):
        if index == len(COMMANDS) - 1:
            receiver.respond(alert_path, 200)
        done = run_cli(config, *args)
        codes[" ".join(args)] = done.returncode
        outputs += [done.stdout, done.stderr]

    assert codes["run"] == 0, outputs
    assert codes["alerts retry"] == 0, outputs
    assert codes["alerts test"] == 1, outputs  # the alert channel answered 500 then
    alerts = _alert_rows(db_url)
    assert alerts and all(status == "sent" for _, status in alerts), (alerts, outputs)
    topical = [kind for kind, _ in alerts if kind != "operator"]
    assert len(receiver.received(alert_path)) == len(topical), (alerts, outputs)
    assert receiver.received(operator_path)  # the operator was told about "gone"
    log_text = log_file.read_text(encoding="utf-8")
    assert "DEBUG" in log_text
    texts = _database_texts(db_url)
    assert any("500" in t for t in texts), "a failed delivery should leave its error"
    places = {"command output": "\n".join(outputs), "log file": log_text}
    places["database"] = "\n".join(texts)
    leaks = [(place, m) for place, body in places.items() for m in MARKERS if m in body]
    assert leaks == []


FEED_KEY = "zq8FeedKeyMarker95/+="
"""A source's API key, with characters a URL carries percent-encoded."""
FEED_KEY_FORMS = (FEED_KEY, "zq8FeedKeyMarker95%2F%2B%3D", "zq8FeedKeyMarker95")


def test_environment_values_in_source_urls_never_leak(
    write_config: ConfigWriter,
    run_cli: CliRunner,
    receiver: Receiver,
    demo_site: LoopbackSite,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`${FEED_KEY}` in a source URL is redacted in the log, every command's output, the
    database, the web page and the operator alert sent about that failing source."""
    monkeypatch.setenv("FEED_KEY", FEED_KEY)
    operator_path = f"/operator/feed-key-{os.getpid()}"
    log_file = tmp_path / "tallywatch.log"
    config = write_config(
        alerts={
            "operator_url": receiver.url(operator_path),
            "operator_after_failures": 1,
            "timeout": 2,
        },
        logging={"level": "DEBUG", "file": str(log_file)},
        sources=[
            {
                "name": "keyed",
                "kind": "page",
                "url": f"{demo_site.url}/no-such-section/?apikey=${{FEED_KEY}}",
            }
        ],
    )
    outputs: list[str] = []
    for args in [("run",), *COMMANDS[1:7]]:
        done = run_cli(config, *args)
        outputs += [done.stdout, done.stderr]
    [operator] = receiver.received(operator_path)
    assert "keyed" in operator["message"] and "***" in operator["message"]

    from tallywatch.config import load_settings
    from tallywatch.review.app import create_app

    db = Database(db_url)
    client = create_app(load_settings(config), db).test_client()
    pages = [client.get(path).get_data(as_text=True) for path in ("/", "/alerts", "/articles")]
    db.dispose()
    bad = write_config(
        "bad.toml",
        sources=[{"name": "bad", "kind": "feed", "url": "htp://feeds.example/?k=${FEED_KEY}"}],
    )
    refused = run_cli(bad, "sources")
    assert refused.returncode == 2 and "***" in refused.stderr
    places = {
        "command output": "\n".join(outputs + [refused.stderr]),
        "log file": log_file.read_text(encoding="utf-8"),
        "database": "\n".join(_database_texts(db_url)),
        "web page": "\n".join(pages),
        "operator alert": str(operator),
    }
    assert "apikey=***" in places["database"]
    leaks = [(place, f) for place, body in places.items() for f in FEED_KEY_FORMS if f in body]
    assert leaks == []

"""`tallywatch alerts`, `alerts retry` and `alerts test` against a loopback receiver."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tallywatch.alerts.channels import Routing
from tallywatch.alerts.detect import detect_changes
from tallywatch.cli.main import _register, cli
from tallywatch.config import load_settings
from tallywatch.review.alerts import ALERT_KEYS
from tallywatch.store import (
    Alert,
    Article,
    ArticleVersion,
    Database,
    Delivery,
    Figure,
    Source,
    utcnow,
)

SECRET = "Zq8SecretWebhookToken"


class Hooks(BaseHTTPRequestHandler):
    """POSTs to a path containing `fail` get 500; the others are recorded."""

    posts: list[tuple[str, dict[str, Any]]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        failing = "fail" in self.path
        if not failing:
            with self.lock:
                self.posts.append((self.path, json.loads(body)))
        self.send_response(500 if failing else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def hooks_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def posts_to(path: str) -> list[dict[str, Any]]:
    with Hooks.lock:
        return [body for p, body in Hooks.posts if p.split("?")[0] == path]


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Path:
    path = tmp_path / "tallywatch.toml"
    path.write_text(
        f"""
[database]
url = "{db_url}"

[[topics]]
name = "nk-troops"
subjects = ["North Korean"]

[[topics]]
name = "kursk-civilians"
alert_urls = ["${{CIVILIAN_HOOK}}"]

[alerts]
urls = ["${{MAIN_HOOK}}"]
baseline = false
""",
        encoding="utf-8",
    )
    return path


def _figure(session: Any, version: ArticleVersion, topic: str, metric: str, value: int) -> None:
    sentence = f"Officials said {value} had been {metric}."
    session.add(
        Figure(
            version_id=version.id,
            article_id=version.article_id,
            topic=topic,
            metric=metric,
            value=value,
            qualifier="exact",
            scope="cumulative",
            source="officials",
            sentence=sentence,
            start=0,
            end=len(sentence),
            sentence_hash=hashlib.sha256(sentence.encode()).hexdigest(),
        )
    )


def seed_alerts(config: Path, env: dict[str, str]) -> Database:
    """Two detection batches: baselines (silent), then one increase per topic."""
    settings = load_settings(config, environ=env)
    db = Database(settings.database.url)
    for batch, (killed, displaced) in enumerate([(100, 9_000), (300, 12_000)]):
        with db.session() as session:
            source = session.get(Source, 1) or Source(name="wire", kind="feed", url="https://w/")
            session.add(source)
            session.flush()
            article = Article(
                source_id=source.id, url=f"https://wire.example/{batch}", title=f"Story {batch}"
            )
            session.add(article)
            session.flush()
            version = ArticleVersion(article_id=article.id, number=1, text="t", content_hash="h")
            session.add(version)
            session.flush()
            _figure(session, version, "nk-troops", "killed", killed)
            _figure(session, version, "kursk-civilians", "displaced", displaced)
            session.flush()
            detect_changes(session, settings, None)
    return db


@pytest.fixture
def env(hooks_port: int, request: pytest.FixtureRequest) -> dict[str, str]:
    name = request.node.name.replace("[", "-").replace("]", "")
    return {
        "MAIN_HOOK": f"json://127.0.0.1:{hooks_port}/{name}/main/{SECRET}",
        "CIVILIAN_HOOK": f"json://127.0.0.1:{hooks_port}/{name}/civ/{SECRET}",
    }


def invoke(config: Path, env: dict[str, str], *args: str) -> Any:
    _register()
    result = CliRunner().invoke(cli, ["--config", str(config), *args], env=env)
    assert SECRET not in result.output
    return result


def test_listing_as_json_lines(config: Path, env: dict[str, str]) -> None:
    seed_alerts(config, env)
    result = invoke(config, env, "alerts", "--json")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert all(list(r) == list(ALERT_KEYS) for r in records)
    assert [(r["kind"], r["topic"], r["metric"], r["previous"], r["value"]) for r in records] == [
        ("increase", "kursk-civilians", "displaced", 9_000, 12_000),
        ("increase", "nk-troops", "killed", 100, 300),
    ]  # newest first
    assert {r["status"] for r in records} == {"pending"}
    assert records[1]["article_url"] == "https://wire.example/1"

    topic = invoke(config, env, "alerts", "--json", "--topic", "kursk-civilians")
    assert [json.loads(line)["metric"] for line in topic.output.splitlines()] == ["displaced"]
    table = invoke(config, env, "alerts")
    assert "killed: 100 -> 300" in table.output and "pending" in table.output


def test_retry_delivers_pending_alerts_now_and_routes_by_topic(
    config: Path, env: dict[str, str]
) -> None:
    db = seed_alerts(config, env)
    routing = Routing(load_settings(config, environ=env))
    with db.session() as session:  # as if a failed attempt had pushed them far back
        later = utcnow() + timedelta(days=1)
        for alert in session.scalars(select(Alert)):
            for channel in routing.for_alert(alert.kind, alert.topic):
                session.add(
                    Delivery(
                        alert_id=alert.id,
                        channel=channel.fingerprint,
                        status="pending",
                        attempts=1,
                        next_attempt_at=later,
                    )
                )
    result = invoke(config, env, "alerts", "retry")
    assert result.exit_code == 0, result.output
    assert "delivered 2, failed 0" in result.output
    prefix = "/" + env["MAIN_HOOK"].split("/", 3)[3]
    main_titles = [p["title"] for p in posts_to(prefix)]
    civilian_titles = [p["title"] for p in posts_to(prefix.replace("/main/", "/civ/"))]
    assert main_titles == [
        "nk-troops: killed rose to 300 (+200)",
        "kursk-civilians: displaced rose to 12,000 (+3,000)",
    ]
    assert civilian_titles == ["kursk-civilians: displaced rose to 12,000 (+3,000)"]

    pending = invoke(config, env, "alerts", "--pending", "--json")
    assert pending.output == ""
    sent = invoke(config, env, "alerts", "--json")
    assert {json.loads(line)["status"] for line in sent.output.splitlines()} == {"sent"}
    again = invoke(config, env, "alerts", "retry")
    assert "delivered 0, failed 0" in again.output
    assert len(posts_to(prefix)) == 2


def test_retry_reports_failures_redacted(config: Path, env: dict[str, str]) -> None:
    env = {**env, "MAIN_HOOK": env["MAIN_HOOK"].replace("/main/", "/fail/")}
    seed_alerts(config, env)
    result = invoke(config, env, "alerts", "retry", "1")
    assert result.exit_code == 1
    assert "FAILED  alert 1  json://127.0.0.1:" in result.output
    assert "delivered 0, failed 1" in result.output
    listing = invoke(config, env, "alerts", "--json", "--pending")
    first = next(r for r in map(json.loads, listing.output.splitlines()) if r["id"] == 1)
    assert first["attempts"] == 1 and "500" in first["last_error"]


def test_test_command_reports_each_channel(config: Path, env: dict[str, str]) -> None:
    env = {**env, "CIVILIAN_HOOK": env["CIVILIAN_HOOK"].replace("/civ/", "/fail/")}
    result = invoke(config, env, "alerts", "test")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("ok      json://127.0.0.1:")
    assert lines[0].endswith("(alerts.urls)")
    assert lines[1].startswith("FAILED  json://127.0.0.1:")
    assert "(topics.kursk-civilians.alert_urls)" in lines[1]
    assert lines[-1] == "1 of 2 channels reached"
    prefix = "/" + env["MAIN_HOOK"].split("/", 3)[3]
    (post,) = posts_to(prefix)
    assert post["title"] == "tallywatch: test message"


def test_test_command_without_urls_is_a_config_error(tmp_path: Path, db_url: str) -> None:
    config = tmp_path / "empty.toml"
    config.write_text(f'[database]\nurl = "{db_url}"\n', encoding="utf-8")
    result = invoke(config, {}, "alerts", "test")
    assert result.exit_code == 2
    assert "no alert URLs are configured" in result.output


def test_without_urls_alerts_wait_and_say_why(tmp_path: Path, db_url: str) -> None:
    config = tmp_path / "no-urls.toml"
    config.write_text(
        f'[database]\nurl = "{db_url}"\n\n[[topics]]\nname = "nk-troops"\n'
        'subjects = ["North Korean"]\n\n[[topics]]\nname = "kursk-civilians"\n'
        "\n[alerts]\nbaseline = false\n",
        encoding="utf-8",
    )
    seed_alerts(config, {})
    retry = invoke(config, {}, "alerts", "retry")
    assert retry.exit_code == 0, retry.output
    assert "delivered 0, failed 0, waiting 2: no channel configured" in retry.output
    waiting = invoke(config, {}, "alerts", "--pending", "--json")
    records = [json.loads(line) for line in waiting.output.splitlines()]
    assert [(r["status"], r["attempts"], r["last_error"]) for r in records] == [
        ("waiting", 0, "no channel configured")
    ] * 2
    table = invoke(config, {}, "alerts")
    assert "waiting" in table.output and "no channel configured" in table.output

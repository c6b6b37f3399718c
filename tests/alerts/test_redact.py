"""Alert URLs are credentials: they never reach a log record, an error or the database."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from tallywatch.alerts.detect import detect_changes
from tallywatch.alerts.outbox import AlertOutbox
from tallywatch.alerts.redact import redact_url, secret_fragments
from tallywatch.store import Alert, Database, Delivery

S = "Mk7xQz9SecretMarker"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"json://127.0.0.1:8080/hooks/{S}", "json://127.0.0.1:8080/…"),
        (f"json://user:{S}@alerts.example.org/in", "json://alerts.example.org/…"),
        (f"slack://T1JJ3T3L2/A1BRTD4JD/{S}/#general", "slack://***/…"),
        (f"mailto://desk:{S}@smtp.example.org?to=a@example.org", "mailto://smtp.example.org/…"),
        (f"discord://1234567890/{S}", "discord://***/…"),
        (f"tgram://123456789:{S}/987654", "tgram://***/…"),
        (f"ntfy://ntfy.sh/{S}", "ntfy://ntfy.sh/…"),
        ("json://127.0.0.1:8080", "json://127.0.0.1:8080"),
    ],
)
def test_redacted_form_keeps_the_host_and_drops_the_secret(url: str, shown: str) -> None:
    display = redact_url(url)
    assert S not in display
    assert display.startswith(f"{shown} [")
    assert display == redact_url(url) != redact_url(url + "x")


def test_secret_fragments_find_credentials_but_not_option_words() -> None:
    found = secret_fragments(f"mailto://desk:{S}@smtp.example.org?mode=insecure&to=a@example.org")
    assert S in found
    assert not {"insecure", "a@example.org", "smtp.example.org"} & found


@pytest.fixture
def failing_settings(
    make_settings: Any, receiver: Any, unused_port: int, smtp: Any, tmp_path: Any
) -> Any:
    """Every kind of channel failing: HTTP 500, connection refused, wrong SMTP password,
    a URL apprise cannot read, plus an apprise config file."""
    receiver.respond(f"/hooks/{S}", 500)
    config_file = tmp_path / "apprise.yml"
    config_file.write_text(f"urls:\n  - json://127.0.0.1:{unused_port}/file/{S}:\n      tag: x\n")
    return make_settings(
        urls=[
            f"json://user:{S}@127.0.0.1:{receiver.port}/hooks/{S}",
            f"json://127.0.0.1:{unused_port}/down/{S}",
            smtp.url("desk@example.org").replace(smtp.mailbox.password, f"wrong-{S}"),
            f"slack://{S}",
        ],
        apprise_config=str(config_file),
        baseline=False,
    )


def test_no_secret_in_logs_or_stored_errors(
    caplog: pytest.LogCaptureFixture,
    failing_settings: Any,
    newsroom: Any,
    db: Database,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("apprise", "urllib3", "urllib3.connectionpool", "tallywatch"):
        caplog.set_level(logging.DEBUG, logger=name)
    for value in (10, 20):
        newsroom.story("Losses", [{"metric": "killed", "value": value, "sentence": "Died."}])
        with db.session() as session:
            detect_changes(session, failing_settings, None)
        report = AlertOutbox(db, failing_settings).deliver_pending()
    assert report.failed == 1 and len(report.outcomes) == 4
    assert len(caplog.records) > 10
    assert any("error=500" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert S not in record.getMessage()
        assert S not in (record.exc_text or "")
    assert S not in caplog.text
    with db.session() as session:
        errors = [a.last_error or "" for a in session.scalars(select(Alert))]
        deliveries = list(session.scalars(select(Delivery)))
    assert errors and all(e and S not in e for e in errors)
    assert deliveries and all(S not in d.channel + (d.last_error or "") for d in deliveries)
    assert all(S not in o.channel and S not in (o.error or "") for o in report.outcomes)


def test_apprise_debug_lines_lose_their_secret_abbreviations() -> None:
    """apprise shows a secret in its debug lines as its first and last characters around
    '...': those lines are masked too, whatever secrets are registered."""
    from tallywatch.alerts.redact import LogRedactor

    redactor = LogRedactor()
    record = logging.LogRecord(
        "apprise", logging.DEBUG, __file__, 1, "URL: tgram://1...9/ chat a...z, ok...", None, None
    )
    assert redactor.filter(record)
    assert record.getMessage() == "URL: tgram://***/ chat ***, ok..."
    other = logging.LogRecord("tallywatch", logging.INFO, __file__, 1, "wait a...z", None, None)
    assert redactor.filter(other) and other.getMessage() == "wait a...z"


def test_apprise_debug_lines_stay_out_of_an_info_log(receiver: Any) -> None:
    """The sender reads apprise's debug lines to tell a sent-then-timed-out request, but
    the log at INFO gets only what apprise logs at INFO and above."""
    from tallywatch.alerts.channels import Channel
    from tallywatch.alerts.delivery import Sender
    from tallywatch.alerts.messages import Message

    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    root = logging.getLogger()
    handler, level = Keep(), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        url = receiver.url("/debug-lines")
        channel = Channel(url=url, display="json://…", fingerprint="f", flavour="txt")
        result = Sender(5).send(channel, Message("title", "body", "text"))
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    assert result.ok and receiver.received("/debug-lines")
    apprise_levels = {r.levelno for r in seen if r.name.startswith("apprise")}
    assert apprise_levels and min(apprise_levels) >= logging.INFO

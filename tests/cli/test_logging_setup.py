"""Structured one-line logging with secrets redacted."""

from __future__ import annotations

import io
import json
import logging
import logging.handlers
from collections.abc import Iterator
from pathlib import Path

import pytest

from tallywatch.alerts.redact import REDACTED
from tallywatch.cli.logging_setup import (
    SecretRedactor,
    configure_logging,
    secrets_of,
    url_secrets,
)
from tallywatch.config import parse_settings
from tallywatch.config.schema import LoggingConfig

SLACK = "slack://T0TALLYW1/B0TALLYW2/q8Zr4mLx0pWc2VtNe7HsKd3F"
MAIL = "mailtos://watcher:s3cr3t-app-pw@smtp.example.org?to=desk@example.org"
HOOK = "json://127.0.0.1:8999/hooks/incoming?token=tk_51Hq0ZxY8wV"


@pytest.fixture
def capture() -> Iterator[io.StringIO]:
    """Route the installed handler into a buffer; undo afterwards."""
    root = logging.getLogger()
    level = root.level
    stream = io.StringIO()
    yield stream
    for handler in [h for h in root.handlers if h.get_name() == "tallywatch"]:
        root.removeHandler(handler)
    root.setLevel(level)


def _install(stream: io.StringIO, secrets: list[str], **config: object) -> None:
    handler = configure_logging(LoggingConfig.model_validate(config), secrets)
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)


@pytest.mark.parametrize(
    ("url", "must_include", "must_not_include"),
    [
        (SLACK, [SLACK, "q8Zr4mLx0pWc2VtNe7HsKd3F"], ["slack"]),
        (MAIL, [MAIL, "s3cr3t-app-pw", "watcher"], ["smtp.example.org"]),
        (HOOK, [HOOK, "tk_51Hq0ZxY8wV"], ["127.0.0.1", "hooks"]),
        ("discord://412345678901234567/AbCdEfGhIjKlMnOp", ["412345678901234567"], []),
        ("json://h:p%40ss%2Fword@localhost/x", ["p@ss/word", "p%40ss%2Fword"], ["localhost"]),
    ],
)
def test_url_secrets(url: str, must_include: list[str], must_not_include: list[str]) -> None:
    found = url_secrets(url)
    for secret in must_include:
        assert secret in found
    for harmless in must_not_include:
        assert harmless not in found


def test_secrets_of_settings_cover_alert_urls_and_database_password() -> None:
    settings = parse_settings(
        {
            "database": {"url": "postgresql://tally:pg-Pa55word@db.internal/tally"},
            "alerts": {"urls": [SLACK], "operator_url": HOOK},
            "topics": [{"name": "nk", "alert_urls": [MAIL, "tag:desk"]}],
        }
    )
    found = secrets_of(settings)
    for secret in (SLACK, HOOK, MAIL, "pg-Pa55word", "s3cr3t-app-pw", "tk_51Hq0ZxY8wV"):
        assert secret in found
    assert "tag:desk" not in found


def test_key_value_lines_carry_extras_and_stay_on_one_line(capture: io.StringIO) -> None:
    _install(capture, [])
    log = logging.getLogger("tallywatch.test")
    log.info("cycle finished", extra={"job": "global", "exit": 0, "note": 'two words "quoted"'})
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        log.exception("cycle failed")
    lines = capture.getvalue().splitlines()
    assert len(lines) == 2
    first = lines[0]
    assert first.startswith("ts=")
    for part in (
        "level=INFO",
        "logger=tallywatch.test",
        'event="cycle finished"',
        "job=global",
        "exit=0",
        r'note="two words \"quoted\""',
    ):
        assert part in first
    assert "level=ERROR" in lines[1] and "ValueError: boom" in lines[1]


def test_json_lines_parse(capture: io.StringIO) -> None:
    _install(capture, [], structured=True)
    logging.getLogger("tallywatch.test").warning("source failing", extra={"source": "wire"})
    record = json.loads(capture.getvalue())
    assert record["level"] == "WARNING"
    assert record["event"] == "source failing"
    assert record["source"] == "wire"
    assert record["ts"].endswith("Z")


def test_level_filters_lower_records(capture: io.StringIO) -> None:
    _install(capture, [], level="WARNING")
    logging.getLogger("tallywatch.test").info("not shown")
    logging.getLogger("tallywatch.test").error("shown")
    assert "not shown" not in capture.getvalue()
    assert "shown" in capture.getvalue()


@pytest.mark.parametrize("structured", [False, True], ids=["text", "json"])
def test_secrets_are_redacted_everywhere_in_a_record(
    capture: io.StringIO, structured: bool
) -> None:
    settings = parse_settings(
        {
            "database": {"url": "postgresql://tally:pg-Pa55word@db.internal/tally"},
            "alerts": {"urls": [SLACK, MAIL], "operator_url": HOOK},
        }
    )
    _install(capture, secrets_of(settings), structured=structured)
    log = logging.getLogger("tallywatch.test")
    log.info("delivering to %s", SLACK)
    log.info("retrying", extra={"target": HOOK, "detail": "password was s3cr3t-app-pw"})
    log.info("token %s leaked alone", "q8Zr4mLx0pWc2VtNe7HsKd3F")
    try:
        raise ConnectionError("could not reach postgresql://tally:pg-Pa55word@db.internal")
    except ConnectionError:
        log.exception("database down")
    out = capture.getvalue()
    for secret in (SLACK, HOOK, "s3cr3t-app-pw", "q8Zr4mLx0pWc2VtNe7HsKd3F", "pg-Pa55word"):
        assert secret not in out
    assert out.count(REDACTED) >= 5
    assert len(out.splitlines()) == 4


def test_redactor_replaces_whole_url_before_its_parts() -> None:
    redactor = SecretRedactor(url_secrets(SLACK))
    assert redactor.redact(f"sent to {SLACK} ok") == f"sent to {REDACTED} ok"


def test_rotating_file(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "tallywatch.log"
    handler = configure_logging(LoggingConfig(file=path), ["hunter2-secret"])
    try:
        logging.getLogger("tallywatch.test").warning("password hunter2-secret used")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    text = path.read_text()
    assert "password *** used" in text and "hunter2" not in text


def test_reconfiguring_replaces_the_handler(capture: io.StringIO) -> None:
    configure_logging(LoggingConfig())
    configure_logging(LoggingConfig())
    mine = [h for h in logging.getLogger().handlers if h.get_name() == "tallywatch"]
    assert len(mine) == 1


def _failed_download(logger: str) -> None:
    try:
        raise ConnectionRefusedError("Connection was refused by other side: 111")
    except ConnectionRefusedError:
        logging.getLogger(logger).error("Error downloading <GET http://x.example/>", exc_info=True)


@pytest.mark.parametrize(
    ("logger", "level", "traceback"),
    [
        ("scrapy.core.scraper", "INFO", False),
        ("twisted", "WARNING", False),
        ("scrapy.core.scraper", "DEBUG", True),
        ("tallywatch.cycle", "INFO", True),
    ],
)
def test_crawl_library_tracebacks_only_at_debug(
    capture: io.StringIO, logger: str, level: str, traceback: bool
) -> None:
    _install(capture, [], level=level)
    _failed_download(logger)
    (line,) = capture.getvalue().splitlines()
    assert "Error downloading <GET http://x.example/>" in line
    assert ("Traceback" in line) is traceback

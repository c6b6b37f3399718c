"""Logging for the long-running commands: one line per event, secrets redacted.

Text lines are `key=value` pairs (`ts=… level=INFO logger=tallywatch.scheduler
event="run finished" job=global exit=0`), JSON objects with `structured = true`.
Extra fields passed with `logger.info("…", extra={"job": "global"})` become keys.
Output goes to stderr (journald adds its own metadata) or to a rotating file.

`SecretRedactor` is a handler filter: every message, extra field and traceback is
scrubbed of the configured secrets (apprise URLs and the credentials inside them,
the database password) before any handler formats it.  `LibraryTracebacks`, another,
keeps the tracebacks Scrapy and Twisted attach to their records for `level = DEBUG`:
below it their one-line message stays, and the crawl event tallywatch records says
what failed.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from tallywatch.alerts.redact import (
    MIN_PASSWORD_LENGTH,
    RECORD_FIELDS,
    LogRedactor,
    secret_fragments,
)
from tallywatch.config.schema import APPRISE_TAG_PREFIX, LoggingConfig, Settings

LOG_FILE_BYTES = 10_000_000
LOG_FILE_BACKUPS = 5
QUIET_LIBRARIES = ("alembic", "apscheduler")
"""Libraries whose INFO lines are chatter ("Context impl SQLiteImpl."): WARNING unless DEBUG."""
CRAWL_LIBRARIES = ("scrapy", "twisted")
"""Libraries whose tracebacks are their internals', shown at DEBUG only."""


def url_secrets(url: str) -> list[str]:
    """A URL and the credential-looking parts inside it, in raw and decoded form (the same
    rule the alert libraries use to scrub their own error messages)."""
    return sorted(secret_fragments(url))


def secrets_of(settings: Settings) -> list[str]:
    """Every secret string the settings carry: every value taken from `${NAME}` (in any
    form a URL carries it), alert URLs and the database password."""
    from sqlalchemy.engine import make_url

    from tallywatch.alerts.redact import secret_forms

    urls = list(settings.alerts.urls)
    if settings.alerts.operator_url:
        urls.append(settings.alerts.operator_url)
    for topic in settings.topics:
        urls.extend(u for u in topic.alert_urls if not u.startswith(APPRISE_TAG_PREFIX))
    found: set[str] = set()
    for value in settings.secrets:
        found |= secret_forms(value)
    for url in urls:
        found.update(url_secrets(url))
    try:
        password = make_url(settings.database.url).password
    except Exception:  # an unparsable URL fails later, with its own message
        password = None
    if password and len(str(password)) >= MIN_PASSWORD_LENGTH:
        found.update({str(password), unquote(str(password))})
    return sorted(s for s in found if s)


class SecretRedactor(LogRedactor):
    """A handler filter replacing every configured secret with `***`: the message, extra
    fields and tracebacks (the same mechanism that guards the alert libraries' loggers)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.add(secrets)


class LibraryTracebacks(logging.Filter):
    """Drops the traceback of a crawl library's record unless the level is DEBUG.

    A refused connection or a failed DNS lookup makes Scrapy log sixty lines of its own
    call stack per source; the user's terminal and cron's mail get the message line,
    and the failure is recorded (and logged) as a crawl event of the run."""

    def __init__(self, level: str) -> None:
        super().__init__()
        self.debug = level == "DEBUG"

    def filter(self, record: logging.LogRecord) -> bool:
        if self.debug or not _from(record.name, CRAWL_LIBRARIES):
            return True
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def _from(logger: str, libraries: Iterable[str]) -> bool:
    return any(logger == name or logger.startswith(f"{name}.") for name in libraries)


def _fields(record: logging.LogRecord, formatter: logging.Formatter) -> dict[str, Any]:
    stamp = datetime.fromtimestamp(record.created, UTC)
    fields: dict[str, Any] = {
        "ts": stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z",
        "level": record.levelname,
        "logger": record.name,
        "event": record.getMessage(),
    }
    for key, value in vars(record).items():
        if key not in RECORD_FIELDS and not key.startswith("_"):
            fields[key] = value
    if record.exc_info and not record.exc_text:
        record.exc_text = formatter.formatException(record.exc_info)
    if record.exc_text:
        fields["exc"] = record.exc_text
    return fields


def _text_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    if text and not any(c in text for c in ' "=\\\n\t'):
        return text
    return json.dumps(text)


class KeyValueFormatter(logging.Formatter):
    """`ts=… level=… logger=… event="…" key=value …` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record, self)
        return " ".join(f"{key}={_text_value(value)}" for key, value in fields.items())


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(_fields(record, self), default=str, ensure_ascii=False)


def configure_logging(config: LoggingConfig, secrets: Iterable[str] = ()) -> logging.Handler:
    """Send every log record (root logger) through one redacting handler; returns it.

    Calling it again replaces the handler it installed before.
    """
    handler: logging.Handler
    if config.file is not None:
        config.file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            config.file,
            maxBytes=LOG_FILE_BYTES,
            backupCount=LOG_FILE_BACKUPS,
            encoding="utf-8",
        )
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if config.structured else KeyValueFormatter())
    handler.addFilter(LibraryTracebacks(config.level))
    handler.addFilter(SecretRedactor(secrets))
    handler.set_name("tallywatch")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "tallywatch"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(config.level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel("DEBUG" if config.level == "DEBUG" else "WARNING")
    return handler

"""Keeping secrets out of logs, command output, error messages, the database and the web.

One rule: every value the configuration took from the environment (`${NAME}`, in a
source URL, the database URL, an alert URL, anywhere) is a secret, and so are the
credential-looking parts of apprise URLs and the database password; each is replaced by
`***` wherever it would show.  `register_secrets` (called once the settings are loaded)
hands them to `LOG_REDACTOR`, which scrubs the log records and any text passed to
`redact_text` before it is stored or printed.

An apprise URL is a credential: a Slack webhook's path, a mailbox password, a bot
token in the host part.  Three tools here:

* `redact_url(url)` gives the only form of a URL tallywatch ever prints:
  `json://127.0.0.1:8080/… [3fa2c1]` — scheme, the host when it is a real host name,
  and a short fingerprint that tells two channels apart.
* `channel_fingerprint(url)` is the stable hash stored in `deliveries.channel`.
* `LOG_REDACTOR` scrubs the secret parts of every registered URL from the records of
  the libraries that see full URLs (apprise, urllib3), and from any text handed to
  `redact_text` (delivery errors before they are stored or printed).  It is attached
  to those loggers as a filter, so it applies whatever handlers are configured.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

REDACTED = "***"
RECORD_FIELDS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}
"""The standard attributes of a log record; any other attribute is an `extra` field."""
# Loggers that may print a full URL, its path or the exception text of a failed request.
LIBRARY_LOGGERS = (
    "apprise",
    "urllib3.connectionpool",
    "urllib3.poolmanager",
    "urllib3.util.retry",
    "requests",
)
# Query options apprise documents as behaviour switches, never credentials; their
# values ("insecure", "markdown", "POST") stay readable in library log lines.
OPTION_KEYS = frozenset(
    {
        "mode",
        "format",
        "method",
        "overflow",
        "retry",
        "wait",
        "optional",
        "cto",
        "rto",
        "image",
        "footer",
        "timestamp",
        "blocks",
        "verify",
        "avatar",
        "priority",
        "smtp",
        "from",
        "to",
        "name",
    }
)
MIN_TOKEN_LENGTH = 6
MIN_PASSWORD_LENGTH = 3
FINGERPRINT_LENGTH = 16
DISPLAY_FINGERPRINT = 6
PUBLIC_HOST = re.compile(
    r"^(?P<host>localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9A-Fa-f:.]+\])(?::\d+)?$"
)
URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s'\"<>]+")
APPRISE_PRIVACY_MASK = re.compile(r"(?<![\w.])[^\s/:@?&=.]\.\.\.[^\s/:@?&=.](?![\w.])")
"""apprise's own way of showing a secret in its debug lines: its first and last characters
around "..." ("t...9"); those two characters are still part of the secret."""


def channel_fingerprint(url: str) -> str:
    """A short hash naming a channel; the URL cannot be recovered from it."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def _netloc_host(netloc: str) -> str:
    return netloc.rpartition("@")[2]


def secret_fragments(url: str) -> set[str]:
    """The parts of an apprise URL that may be credentials, raw and percent-decoded."""
    found = {url}
    try:
        parts = urlsplit(url)
    except ValueError:
        return found | {unquote(url)}
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    if len(password) >= MIN_PASSWORD_LENGTH:
        found.add(password)
    if len(user) >= MIN_TOKEN_LENGTH:
        found.add(user)
    if hostport and not PUBLIC_HOST.match(hostport):
        found.add(hostport)
        found.update(p for p in re.split(r"[:.]", hostport) if len(p) >= MIN_TOKEN_LENGTH)
    segments = [s for s in parts.path.split("/") if len(s) >= MIN_TOKEN_LENGTH]
    found.update(segments)
    if parts.path.strip("/"):
        found.add(parts.path.rstrip("/"))
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key.lstrip("+-:").lower() not in OPTION_KEYS and len(value) >= MIN_TOKEN_LENGTH:
            found.add(value)
    if parts.fragment and len(parts.fragment) >= MIN_TOKEN_LENGTH:
        found.add(parts.fragment)
    found |= {unquote(f) for f in found}
    return {f for f in found if f}


def secret_forms(value: str) -> set[str]:
    """A configured secret as it may show: raw, and percent-encoded as a URL carries it."""
    return {value, quote(value, safe=""), quote_plus(value, safe=""), quote(value)} - {""}


def register_secrets(secrets: Iterable[str]) -> None:
    """Redact these (and their URL-encoded forms) from every log record and every text
    passed to `redact_text` in this process."""
    install_log_redaction()
    forms: set[str] = set()
    for secret in secrets:
        forms |= secret_forms(secret)
    LOG_REDACTOR.add(forms)


def redact_url(url: str) -> str:
    """`scheme://host[:port]/… [fingerprint]`, the host only when it is a real host name."""
    fingerprint = channel_fingerprint(url)[:DISPLAY_FINGERPRINT]
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{REDACTED} [{fingerprint}]"
    scheme = parts.scheme or "?"
    hostport = _netloc_host(parts.netloc)
    host = hostport if hostport and PUBLIC_HOST.match(hostport) else REDACTED
    secrets = secret_fragments(url) - {url}
    if host != REDACTED and any(s in host for s in secrets if len(s) >= MIN_TOKEN_LENGTH):
        host = REDACTED
    more = "/…" if (parts.path.strip("/") or parts.query or parts.fragment) else ""
    return f"{scheme}://{host}{more} [{fingerprint}]"


class LogRedactor(logging.Filter):
    """Replaces the registered secrets with `***` in log records and in free text."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def register(self, urls: Iterable[str]) -> None:
        """Remember the secret parts of these URLs (idempotent)."""
        fragments: set[str] = set()
        for url in urls:
            fragments |= secret_fragments(url)
        self.add(fragments)

    def add(self, secrets: Iterable[str]) -> None:
        """Remember these exact strings as secrets (idempotent; empty strings ignored)."""
        new = set(self._secrets) | {s for s in secrets if s}
        with self._lock:
            # Longest first, so a whole URL goes before the token inside it.
            self._secrets = tuple(sorted(new, key=len, reverse=True))

    def register_text(self, text: str) -> None:
        """Register every URL-looking string in a file's text (an apprise config file)."""
        self.register(URL_IN_TEXT.findall(text))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets and not record.name.startswith("apprise"):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the emitter's problem, not ours
            return True
        if record.name.startswith("apprise"):
            message = APPRISE_PRIVACY_MASK.sub(REDACTED, message)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in RECORD_FIELDS and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


LOG_REDACTOR = LogRedactor()
_installed = False
_install_lock = threading.Lock()


def install_log_redaction() -> LogRedactor:
    """Attach the redactor to the library loggers once per process."""
    global _installed
    with _install_lock:
        if not _installed:
            for name in LIBRARY_LOGGERS:
                logging.getLogger(name).addFilter(LOG_REDACTOR)
            _installed = True
    return LOG_REDACTOR


def redact_text(text: str) -> str:
    """Free text (a delivery error) with every registered secret replaced."""
    return LOG_REDACTOR.redact(text)

"""Fixtures for the alert tests: a loopback HTTP receiver, a loopback SMTP server, and a
small newsroom that writes sources, articles, versions and figures like the crawler does."""

from __future__ import annotations

import email
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

import pytest
from loopback_servers.http_receiver import Receiver, free_port
from newsroom import Newsroom

from tallywatch.config import Settings, parse_settings
from tallywatch.store import Database

SECRET = "Mk7xQz9SecretMarker"
"""A marker secret put in alert URLs; it must never show up in logs or output."""


@pytest.fixture
def secret() -> str:
    return SECRET


@pytest.fixture
def start_receiver() -> Iterator[Any]:
    """`start_receiver(port)`: another receiver, on a port chosen earlier; closed after."""
    started: list[Receiver] = []

    def start(port: int) -> Receiver:
        server = Receiver(port)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on (connection refused)."""
    return free_port()


@pytest.fixture
def hook() -> str:
    """A fresh receiver path for one test, carrying the marker secret."""
    return f"/hooks/{uuid.uuid4().hex[:8]}/{SECRET}"


class Mailbox:
    """What the SMTP server received, and the credentials it accepts."""

    user = "alerts"
    password = f"pw-{SECRET}"

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def authenticate(
        self, _server: Any, _session: Any, _envelope: Any, _mechanism: str, data: Any
    ) -> Any:
        from aiosmtpd.smtp import AuthResult

        login = data.login.decode() if isinstance(data.login, bytes) else data.login
        password = data.password.decode() if isinstance(data.password, bytes) else data.password
        return AuthResult(success=login == self.user and password == self.password, handled=False)

    def to(self, recipient: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if recipient in (m["To"] or "")]


@dataclass
class SmtpServer:
    port: int
    mailbox: Mailbox

    def url(self, recipient: str) -> str:
        box = self.mailbox
        return (
            f"mailto://{box.user}:{box.password}@127.0.0.1:{self.port}"
            f"?mode=insecure&from=tallywatch@example.org&to={recipient}"
        )


@pytest.fixture(scope="session")
def smtp() -> Iterator[SmtpServer]:
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=mailbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    yield SmtpServer(port, mailbox)
    controller.stop()


def build_settings(db_url: str, **alerts: Any) -> Settings:
    """Two topics, one restricted to a few metrics; `alerts` overrides `[alerts]` keys."""
    return parse_settings(
        {
            "database": {"url": db_url},
            "topics": [
                {"name": "nk-troops", "subjects": ["North Korean"]},
                {
                    "name": "kursk-civilians",
                    "subjects": ["civilians"],
                    "metrics": ["displaced", "evacuated"],
                },
            ],
            "alerts": {"retry_backoff_minutes": 5, "timeout": 5, **alerts},
        },
        environ={},
    )


@pytest.fixture
def make_settings(db_url: str) -> Any:
    """`make_settings(**alerts)`: settings on the test database with these `[alerts]` keys."""

    def make(**alerts: Any) -> Settings:
        return build_settings(db_url, **alerts)

    return make


@pytest.fixture
def newsroom(db: Database) -> Newsroom:
    return Newsroom(db)

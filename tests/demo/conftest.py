"""Fixtures for the demo tests: one loopback server for the session, reset per test."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

import pytest

from tallywatch.demo import EDITIONS, LoopbackSite


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes


@dataclass
class Client:
    """Plain http.client requests to a site, one connection each, nothing done implicitly."""

    site: LoopbackSite

    def request(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> Reply:
        parts = urlsplit(self.site.url)
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return Reply(response.status, response.msg, response.read())
        finally:
            conn.close()


@pytest.fixture(scope="session")
def demo_server() -> Iterator[LoopbackSite]:
    with LoopbackSite(EDITIONS[0]) as site:
        yield site


@pytest.fixture
def site(demo_server: LoopbackSite) -> Iterator[LoopbackSite]:
    """The session's server on edition 1 with an empty request log."""
    demo_server.use(EDITIONS[0])
    demo_server.requests.clear()
    yield demo_server
    demo_server.use(EDITIONS[0])
    assert demo_server.errors == []


@pytest.fixture
def client(site: LoopbackSite) -> Client:
    return Client(site)


@pytest.fixture
def make_client() -> type[Client]:
    """For tests that start their own `LoopbackSite`."""
    return Client

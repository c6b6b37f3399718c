"""A scripted loopback web server: every path answers what a test put there.

Each resource is a `Resource` that a test can replace while the server runs: a body
with ETag/Last-Modified validators (304 to a matching conditional request), a status,
a delay, statuses to answer first (429 then 200), or a hand-made answer (`raw`) for a
misbehaving server (`Drip`, `ResetMidBody`).  The server logs every request (path,
status, whether it was conditional), so tests count what a crawler downloaded.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Resource:
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    """Send ETag and Last-Modified, and answer 304 to matching conditional requests."""
    delay: float = 0.0
    send_length: bool = True
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    """(status, headers) answered (with an empty body) before the real resource, in order."""
    modified: float = field(default_factory=time.time)
    raw: Callable[[BaseHTTPRequestHandler], None] | None = None
    """Answer by hand instead (a misbehaving server): gets the request handler."""

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass(frozen=True)
class Hit:
    path: str
    status: int
    """0 for an answer made by hand (`Resource.raw`)."""
    conditional: bool


class ScriptedSite:
    def __init__(self) -> None:
        self.resources: dict[str, Resource] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.base = ""

    def put(self, path: str, resource: Resource) -> None:
        with self.lock:
            self.resources[path] = resource

    def log(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def mark(self) -> int:
        """A position in the request log; `since(mark)` gives the requests after it."""
        with self.lock:
            return len(self.hits)

    def since(self, mark: int) -> list[Hit]:
        with self.lock:
            return list(self.hits[mark:])


class SiteHandler(BaseHTTPRequestHandler):
    site: ScriptedSite

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _send(self, status: int, headers: dict[str, str], body: bytes, *, length: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        path = self.path.split("?", 1)[0]
        resource = self.site.resources.get(path)
        conditional = bool(
            self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
        )
        if resource is None:
            self.site.log(Hit(path, 404, conditional))
            self._send(404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>", length=True)
            return
        if resource.raw is not None:
            self.site.log(Hit(path, 0, conditional))
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                resource.raw(self)
            return
        if resource.script:
            status, headers = resource.script.pop(0)
            self.site.log(Hit(path, status, conditional))
            self._send(status, headers, b"", length=True)
            return
        headers = dict(resource.headers)
        if resource.content_type:
            headers["Content-Type"] = resource.content_type
        if resource.validators:
            headers["ETag"] = resource.etag
            headers["Last-Modified"] = formatdate(resource.modified, usegmt=True)
            if self._not_modified(resource):
                self.site.log(Hit(path, 304, conditional))
                self._send(304, {"ETag": resource.etag}, b"", length=False)
                return
        self.site.log(Hit(path, resource.status, conditional))
        if resource.delay:
            time.sleep(resource.delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
            self._send(resource.status, headers, resource.body, length=resource.send_length)

    def _not_modified(self, resource: Resource) -> bool:
        if etag := self.headers.get("If-None-Match"):
            return etag == resource.etag
        if since := self.headers.get("If-Modified-Since"):
            return parsedate_to_datetime(since).timestamp() >= int(resource.modified)
        return False


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def _start_body(handler: BaseHTTPRequestHandler, length: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(length))
    handler.end_headers()


@dataclass
class Drip:
    """A server that sends its headers at once, then the body one byte every `interval`
    seconds.  `sent` logs, per request, the body bytes written before the client left."""

    body: bytes
    interval: float = 0.05
    sent: list[int] = field(default_factory=list)

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        _start_body(handler, len(self.body))
        count = 0
        try:
            for byte in self.body:
                handler.wfile.write(bytes([byte]))
                count += 1
                time.sleep(self.interval)
        finally:
            self.sent.append(count)


@dataclass
class ResetMidBody:
    """A server that promises `Content-Length`, sends half the body, then resets the
    connection (SO_LINGER 0: the close sends RST, not FIN)."""

    body: bytes
    settle: float = 0.2
    """Pause before the reset, so the client has read the headers and the half body."""

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        _start_body(handler, len(self.body))
        handler.wfile.write(self.body[: len(self.body) // 2])
        time.sleep(self.settle)
        connection = handler.connection
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.close_connection = True
        handler.rfile.close()  # the socket closes for real only when no file uses it
        connection.close()


def gzip_bomb(inflated: int) -> bytes:
    """A gzip body of an HTML page padded with `inflated` bytes of spaces (about 1/1000
    of that size compressed), built without holding the inflated page in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # gzip container
    parts = [packer.compress(b"<!DOCTYPE html><html><head><title>Bomb</title></head><body>")]
    chunk = b" " * (1 << 20)
    for _ in range(inflated // len(chunk)):
        parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return b"".join(parts)


@contextlib.contextmanager
def serve_scripted_site() -> Iterator[ScriptedSite]:
    """A started `ScriptedSite` (its `base` set), shut down on exit."""
    site = ScriptedSite()
    handler = type("Handler", (SiteHandler,), {"site": site})
    server = SiteServer(("127.0.0.1", 0), handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

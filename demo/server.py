"""A small, quiet HTTP server for a directory of static files on loopback.

It serves the bundled demo site and the test sites of every package: files
with correct types and charset, strong ETags (a hash of the content) and
Last-Modified dates, 304 answers to conditional requests, gzip when the
client asks, and a thread-safe log of what it answered.

Pages are written for one fixed origin (`SITE_ORIGIN`); in text responses the
server replaces that origin with its own URL, so feeds and sitemaps (which need
absolute URLs) and canonical links work on whatever port the server gets.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import hashlib
import math
import re
import socket
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from tallywatch.demo.request_log import RequestLog, ServedRequest

SITE_ORIGIN = "https://www.meridian-ledger.test"
"""The origin the demo pages are written for; replaced by the server's own URL."""

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
}
"""Content type by file suffix (lower case); a full file name may also be a key."""

FILE_NAME_TYPES: dict[str, str] = {
    "feed.xml": "application/rss+xml",
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
}
DEFAULT_TYPE = "application/octet-stream"
TEXT_TYPE = re.compile(r"^(text/|application/([\w.+-]*\+)?(xml|json|javascript)$|image/svg\+xml$)")
GZIP_MIN_BYTES = 256
GZIP_LEVEL = 6
GZIP_CACHE_BYTES = 64 * 1024 * 1024
INDEX_FILE = "index.html"
NOT_FOUND_FILE = "404.html"


@dataclass(frozen=True)
class Resource:
    """What the site answers for a path: status, body and its validators."""

    status: int
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: int | None = None
    location: str | None = None


def is_text(content_type: str) -> bool:
    """Whether a media type (parameters allowed) is text that may be rewritten and gzipped."""
    return TEXT_TYPE.match(content_type.split(";")[0].strip().lower()) is not None


def content_type_for(path: Path, types: Mapping[str, str]) -> str:
    """The Content-Type header for a file, with `charset=utf-8` on text types."""
    name = path.name.lower()
    media = types.get(name) or types.get(path.suffix.lower()) or DEFAULT_TYPE
    if is_text(media) and "charset" not in media:
        return f"{media}; charset=utf-8"
    return media


def _tag_value(tag: str) -> str:
    """An entity tag reduced for weak comparison, with the gzip variant suffix removed."""
    tag = tag.strip().removeprefix("W/").strip('"')
    return tag.removesuffix("-gzip")


class _Validators:
    """Last-Modified dates that follow the content, not the file's mtime.

    A path keeps its date while its content (ETag) is unchanged; new content
    gets a date later than any the path had before, even within one second,
    so an If-Modified-Since check never answers 304 for changed content (say,
    after switching editions, or a test rewriting a file twice in a second).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_path: dict[str, tuple[str, int]] = {}

    def last_modified(self, path: str, etag: str) -> int:
        with self._lock:
            known = self._by_path.get(path)
            if known is not None and known[0] == etag:
                return known[1]
            stamp = math.floor(time.time())
            if known is not None:
                stamp = max(stamp, known[1] + 1)
            self._by_path[path] = (etag, stamp)
            return stamp


class _GzipCache:
    """Compressed bodies by entity tag, the least recently used dropped past a byte budget.

    Real sites and their CDNs compress a page once and serve the stored variant; compressing
    again on every request would put the server's CPU into whatever shares the machine with
    it (benchmarks run the crawl and this server on the same cores).
    """

    def __init__(self, budget: int = GZIP_CACHE_BYTES) -> None:
        self._budget = budget
        self._size = 0
        self._lock = threading.Lock()
        self._bodies: OrderedDict[str, bytes] = OrderedDict()

    def compress(self, resource: Resource) -> bytes:
        if resource.etag is None:
            return gzip.compress(resource.body, GZIP_LEVEL, mtime=0)
        with self._lock:
            cached = self._bodies.get(resource.etag)
            if cached is not None:
                self._bodies.move_to_end(resource.etag)
                return cached
        body = gzip.compress(resource.body, GZIP_LEVEL, mtime=0)
        with self._lock:
            if resource.etag not in self._bodies:
                self._bodies[resource.etag] = body
                self._size += len(body)
            while self._size > self._budget and self._bodies:
                self._size -= len(self._bodies.popitem(last=False)[1])
        return body

    @property
    def size(self) -> int:
        """Bytes of compressed bodies kept."""
        return self._size

    def __len__(self) -> int:
        return len(self._bodies)


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    request_queue_size = 128

    def __init__(self, site: LoopbackSite, address: tuple[str, int]) -> None:
        self.site = site
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, site.handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        conn, addr = super().get_request()
        with self._open_lock:
            self._open.add(conn)
        return conn, addr

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake handler threads waiting on kept-alive connections so they end."""
        with self._open_lock:
            conns = list(self._open)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up are normal; anything else is kept for tests to inspect."""
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError):
            return
        self.site.errors.append(repr(exc))


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Answers from the site's current root; subclass it (and set `LoopbackSite.handler`)
    for a server that misbehaves below HTTP."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "tallywatch-loopback/1"
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log replaces per-request lines on stderr."""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _not_allowed(self) -> None:
        body = b"method not allowed\n"
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self._record(405, len(body), conditional=False)
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    def _path(self) -> str:
        return unquote(urlsplit(self.path).path) or "/"

    def _record(self, status: int, size: int, conditional: bool) -> None:
        """Log before the headers go out, so a client never sees a reply the log lacks."""
        self.server.site.requests.record(
            ServedRequest(self.command, self._path(), status, size, conditional)
        )

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        conditional = bool(
            self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
        )
        try:
            resource = site.resolve(self._path())
        except Exception as exc:  # a bug in serving, not the client's fault: answer 500
            site.errors.append(repr(exc))
            resource = Resource(500, b"internal error\n", "text/plain; charset=utf-8")
        if (
            resource.etag is not None
            and resource.last_modified is not None
            and self._not_modified(resource.etag, resource.last_modified)
        ):
            self.send_response(304)
            self._validator_headers(resource)
            self._record(304, 0, conditional)
            self.end_headers()
            return
        body, encoding = resource.body, None
        if self._wants_gzip() and _compressible(resource):
            body, encoding = site.gzipped.compress(resource), "gzip"
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(body)))
        if resource.location:
            self.send_header("Location", resource.location)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if is_text(resource.content_type):
            self.send_header("Vary", "Accept-Encoding")
        self._validator_headers(resource, gzip_variant=encoding is not None)
        self._record(resource.status, len(body) if send_body else 0, conditional)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _validator_headers(self, resource: Resource, gzip_variant: bool = False) -> None:
        if resource.etag is None or resource.last_modified is None:
            return
        tag = resource.etag[:-1] + '-gzip"' if gzip_variant else resource.etag
        self.send_header("ETag", tag)
        self.send_header(
            "Last-Modified", email.utils.formatdate(resource.last_modified, usegmt=True)
        )
        self.send_header("Cache-Control", "no-cache")

    def _not_modified(self, etag: str, last_modified: int) -> bool:
        """RFC 9110 order: If-None-Match decides when present, else If-Modified-Since."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            wanted = _tag_value(etag)
            tags = [t for t in if_none_match.split(",") if t.strip()]
            return any(t.strip() == "*" or _tag_value(t) == wanted for t in tags)
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = email.utils.parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and last_modified <= since.timestamp()

    def _wants_gzip(self) -> bool:
        return accepts_gzip(self.headers.get("Accept-Encoding", ""))


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip`, `x-gzip` or `*`, q > 0)."""
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.partition(";")
        if coding.strip() not in ("gzip", "x-gzip", "*"):
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        return quality > 0
    return False


def _compressible(resource: Resource) -> bool:
    return (
        resource.status == 200
        and len(resource.body) >= GZIP_MIN_BYTES
        and is_text(resource.content_type)
    )


class LoopbackSite:
    """Serve a directory over HTTP on 127.0.0.1; switch directories while running.

    Use as a context manager (or `start()` / `stop()`); `url` is the base URL
    without a trailing slash, `requests` the log of answered requests.
    """

    handler: type[SiteRequestHandler] = SiteRequestHandler
    """The request handler class its server uses."""

    def __init__(
        self,
        root: Path | str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        origin: str | None = SITE_ORIGIN,
        content_types: Mapping[str, str] | None = None,
    ) -> None:
        self._root = self._checked_root(root)
        self._address = (host, port)
        self.origin = origin
        self.content_types = {**CONTENT_TYPES, **FILE_NAME_TYPES, **(content_types or {})}
        self.requests = RequestLog()
        self.errors: list[str] = []
        self._validators = _Validators()
        self.gzipped = _GzipCache()
        """Compressed variants of the bodies served, by entity tag."""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @staticmethod
    def _checked_root(root: Path | str) -> Path:
        path = Path(root).resolve()
        if not path.is_dir():
            raise NotADirectoryError(f"not a directory: {path}")
        return path

    @property
    def root(self) -> Path:
        with self._lock:
            return self._root

    def use(self, root: Path | str) -> None:
        """Serve another directory from now on (e.g. the next edition of the demo site)."""
        path = self._checked_root(root)
        with self._lock:
            self._root = path

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the site is not started")
        host, port = self._server.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def url_for(self, path: str) -> str:
        return self.url + (path if path.startswith("/") else "/" + path)

    def start(self) -> LoopbackSite:
        if self._server is not None:
            return self
        server = _Server(self, self._address)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"loopback-site:{server.server_address[1]}",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join()
        self._server = self._thread = None

    def __enter__(self) -> LoopbackSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def resolve(self, url_path: str) -> Resource:
        """What the server answers for a URL path under the current root."""
        root = self.root
        try:
            target = (root / url_path.lstrip("/")).resolve()
        except (OSError, ValueError):
            return self._not_found(root)
        if not target.is_relative_to(root):
            return self._not_found(root)
        if target.is_dir():
            if not url_path.endswith("/"):
                location = self.url_for(url_path + "/")
                return Resource(301, b"", "text/plain; charset=utf-8", location=location)
            target = target / INDEX_FILE
        if not target.is_file():
            return self._not_found(root)
        return self._file(url_path, target)

    def _file(self, url_path: str, file: Path, status: int = 200) -> Resource:
        content_type = content_type_for(file, self.content_types)
        body = file.read_bytes()
        if self.origin and is_text(content_type):
            body = body.replace(self.origin.encode(), self.url.encode())
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if status != 200:
            return Resource(status, body, content_type)
        stamp = self._validators.last_modified(url_path, etag)
        return Resource(status, body, content_type, etag, stamp)

    def _not_found(self, root: Path) -> Resource:
        page = root / NOT_FOUND_FILE
        if page.is_file():
            return self._file("", page, status=404)
        return Resource(404, b"not found\n", "text/plain; charset=utf-8")

"""A loopback HTTP receiver for apprise's `json://` deliveries (and any webhook)."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Receiver:
    """A threaded HTTP server recording every POST by path; answers 200 unless told.

    `hold(path)` makes requests to a path wait, unanswered, until `release(path)`."""

    def __init__(self, port: int = 0) -> None:
        self.posts: dict[str, list[dict[str, Any]]] = {}
        self.statuses: dict[str, int] = {}
        self.gates: dict[str, threading.Event] = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = self.path.split("?", 1)[0]
                with receiver.lock:
                    gate = receiver.gates.get(path)
                if gate is not None:
                    gate.wait()
                with receiver.lock:
                    status = receiver.statuses.get(path, 200)
                    if status == 200:
                        receiver.posts.setdefault(path, []).append(json.loads(body))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def received(self, path: str) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.posts.get(path, []))

    def respond(self, path: str, status: int) -> None:
        with self.lock:
            self.statuses[path] = status

    def hold(self, path: str) -> None:
        with self.lock:
            self.gates[path] = threading.Event()

    def release(self, path: str) -> None:
        with self.lock:
            gate = self.gates.pop(path, None)
        if gate is not None:
            gate.set()

    def close(self) -> None:
        with self.lock:
            gates, self.gates = list(self.gates.values()), {}
        for gate in gates:
            gate.set()
        self.server.shutdown()
        self.server.server_close()

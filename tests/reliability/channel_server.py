"""An alert channel that misbehaves on demand: slow answers, error statuses, error bodies."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Behaviour:
    status: int = 200
    delay: float = 0.0
    """Seconds to wait before answering; a request answered late is not counted as accepted."""
    body: bytes = b"ok"
    hang_after_recording: float = 0.0
    """Record the body as accepted, then wait this long before answering: a channel that
    got the message and is slow to say so."""


class ChannelServer:
    """Records the JSON bodies it accepted (answered in time with 2xx) and every attempt."""

    def __init__(self, port: int = 0) -> None:
        self.behaviour = Behaviour()
        self.accepted: list[dict[str, Any]] = []
        self.attempts = 0
        self.lock = threading.Lock()
        channel = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with channel.lock:
                    channel.attempts += 1
                    behaviour = channel.behaviour
                if behaviour.hang_after_recording:
                    with channel.lock:
                        channel.accepted.append(json.loads(body))
                    time.sleep(behaviour.hang_after_recording)
                elif behaviour.delay:
                    time.sleep(behaviour.delay)
                elif 200 <= behaviour.status < 300:
                    with channel.lock:
                        channel.accepted.append(json.loads(body))
                with contextlib.suppress(OSError):  # a slow answer's client may be gone
                    self.send_response(behaviour.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(behaviour.body)))
                    self.end_headers()
                    self.wfile.write(behaviour.body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def behave(self, **changes: Any) -> None:
        with self.lock:
            self.behaviour = Behaviour(**changes)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

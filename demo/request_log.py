"""The log of requests a `LoopbackSite` answered, for tests to count what a crawler fetched."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ServedRequest:
    """One answered request: what was asked, the status given and the body bytes sent."""

    method: str
    path: str
    status: int
    size: int
    conditional: bool
    at: float = field(default_factory=time.time)
    """When the answer was sent (wall clock, comparable across processes on one host)."""


class RequestLog:
    """A thread-safe record of every request a `LoopbackSite` answered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[ServedRequest] = []

    def record(self, entry: ServedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[ServedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def counts(self) -> Counter[tuple[str, str, int]]:
        """How many times each (method, path, status) was answered."""
        return Counter((e.method, e.path, e.status) for e in self.entries())

    def select(
        self,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        status: int | None = None,
    ) -> list[ServedRequest]:
        """Entries matching every given filter; a pattern path matches with `search`."""

        def wanted(e: ServedRequest) -> bool:
            if method is not None and e.method != method:
                return False
            if status is not None and e.status != status:
                return False
            if isinstance(path, re.Pattern):
                return path.search(e.path) is not None
            return path is None or e.path == path

        return [e for e in self.entries() if wanted(e)]

    def count(
        self,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        status: int | None = None,
    ) -> int:
        return len(self.select(method, path, status))

    def bytes_sent(
        self,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        status: int | None = None,
    ) -> int:
        return sum(e.size for e in self.select(method, path, status))

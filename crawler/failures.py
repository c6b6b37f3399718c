"""Name a failed request: which kind of crawl event it is, and what to tell the user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FailureKind:
    kind: str
    detail: str
    is_error: bool = True


def _kinds() -> tuple[tuple[tuple[type[BaseException], ...], str], ...]:
    """Exception types -> event kind, most specific first (imported lazily: Twisted)."""
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadCancelledError,
        DownloadConnectionRefusedError,
        DownloadFailedError,
        DownloadTimeoutError,
        IgnoreRequest,
        ResponseDataLossError,
    )
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet import error as tx
    from twisted.internet.defer import CancelledError
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

    return (
        ((HttpError,), "http_status"),
        ((DownloadTimeoutError, tx.TimeoutError, tx.TCPTimedOutError), "timeout"),
        ((CannotResolveHostError, tx.DNSLookupError), "dns"),
        (
            (
                DownloadConnectionRefusedError,
                tx.ConnectionRefusedError,
                tx.ConnectError,
                tx.ConnectionLost,
                ResponseDataLossError,
                ResponseFailed,
                ResponseNeverReceived,
                DownloadFailedError,
            ),
            "connection",
        ),
        ((DownloadCancelledError, CancelledError), "cancelled"),
        ((IgnoreRequest,), "ignored"),
    )


def describe_failure(exc: BaseException, *, oversize: bool = False) -> FailureKind:
    """Classify the exception that ended a request (after retries).

    `oversize` is set when more bytes arrived than the request's size limit: Scrapy
    then cancels the download, and the cancellation alone does not say why.
    """
    message = str(exc) or type(exc).__name__
    if oversize:
        return FailureKind("too_large", "response larger than the size limit")
    for types, kind in _kinds():
        if not isinstance(exc, types):
            continue
        if kind == "http_status":
            response: Any = getattr(exc, "response", None)
            status = getattr(response, "status", "?")
            return FailureKind(kind, f"HTTP {status}")
        if kind == "cancelled" and "max size" in message:
            return FailureKind("too_large", message)
        if kind == "ignored":
            if "robots.txt" in message:
                return FailureKind("robots", "disallowed by robots.txt", is_error=False)
            if "DOWNLOAD_MAXSIZE" in message:
                return FailureKind("too_large", message)
        return FailureKind(kind, message)
    return FailureKind("download", f"{type(exc).__name__}: {message}")

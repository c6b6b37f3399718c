"""Name a failed request: which kind of crawl event it is, and what to tell the user."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

MAX_REDIRECTS_MESSAGE = "max redirections reached"
"""What Scrapy's RedirectMiddleware says when a request was redirected too often."""


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


def _status_detail(response: Any) -> str:
    """`HTTP 503 Service Unavailable (still failing after 1 retry)`."""
    status = getattr(response, "status", None)
    if status is None:
        return "HTTP ?"
    try:
        detail = f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        detail = f"HTTP {status}"
    request = getattr(response, "request", None)
    retries = request.meta.get("retry_times", 0) if request is not None else 0
    if retries:
        detail += f" (still failing after {retries} {'retry' if retries == 1 else 'retries'})"
    return detail


def _twisted_reasons(exc: BaseException) -> list[BaseException]:
    """The low-level causes Twisted gave for a failed response (`ResponseFailed.reasons`),
    found on the exception or on what it wraps."""
    seen: BaseException | None = exc
    while seen is not None:
        reasons = getattr(seen, "reasons", None)
        if reasons:
            return [getattr(reason, "value", reason) for reason in reasons]
        seen = seen.__cause__
    return []


def _connection_detail(exc: BaseException, message: str) -> str:
    """Say how the connection ended when Scrapy only says that the response failed."""
    from scrapy.exceptions import DownloadFailedError, ResponseDataLossError
    from twisted.internet import error as tx
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

    if not isinstance(exc, ResponseDataLossError | DownloadFailedError | ResponseFailed):
        return message
    reasons = _twisted_reasons(exc)
    if any(isinstance(r, tx.ConnectionLost) for r in reasons):
        how = "reset"
    elif any(isinstance(r, tx.ConnectionDone) for r in reasons):
        how = "closed by the server"
    else:
        how = "lost"
    if isinstance(exc, ResponseDataLossError):
        return f"connection {how} before the whole body arrived (data loss)"
    if isinstance(exc.__cause__ or exc, ResponseNeverReceived):
        return f"connection {how} before a response arrived"
    return f"connection {how} during the response: {message}"


def redirect_limit_detail() -> str:
    """For a request Scrapy gave up after `REDIRECT_MAX_TIMES` redirects."""
    from tallywatch.crawler.settings import REDIRECT_MAX_TIMES

    return f"redirected more than {REDIRECT_MAX_TIMES} times (a redirect loop?): given up"


def redirect_loop_detail(chain: list[str]) -> str:
    """`redirect loop: a -> b -> a`, for a redirect back to a URL already in its chain."""
    return "redirect loop: " + " -> ".join(chain)


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
            return FailureKind(kind, _status_detail(getattr(exc, "response", None)))
        if kind == "connection":
            return FailureKind(kind, _connection_detail(exc, message))
        if kind == "cancelled" and "max size" in message:
            return FailureKind("too_large", message)
        if kind == "ignored":
            if "robots.txt" in message:
                return FailureKind("robots", "disallowed by robots.txt", is_error=False)
            if "DOWNLOAD_MAXSIZE" in message:
                return FailureKind("too_large", message)
            if MAX_REDIRECTS_MESSAGE in message:
                return FailureKind("redirect_loop", redirect_limit_detail())
        return FailureKind(kind, message)
    return FailureKind("download", f"{type(exc).__name__}: {message}")

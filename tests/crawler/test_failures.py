"""Naming failed requests, and reading Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived
from twisted.web.http import _DataLoss

from tallywatch.crawler.failures import describe_failure, redirect_loop_detail
from tallywatch.crawler.middlewares import retry_after_seconds


def _http(status: int, retries: int = 0) -> HttpError:
    request = Request("https://h.example/a", meta={"retry_times": retries} if retries else {})
    response = Response("https://h.example/a", status=status, request=request)
    return HttpError(response, "Ignoring non-200 response")


def _lost(exc: Exception, *reasons: Exception) -> Exception:
    """`exc` as Scrapy raises it: caused by Twisted's ResponseFailed and its reasons."""
    exc.__cause__ = ResponseFailed([Failure(reason) for reason in reasons])
    return exc


def _never_received(reason: Exception) -> DownloadFailedError:
    exc = DownloadFailedError("never received")
    exc.__cause__ = ResponseNeverReceived([Failure(reason)])
    return exc


@pytest.mark.parametrize(
    ("exc", "kind", "detail", "is_error"),
    [
        (_http(404), "http_status", "HTTP 404 Not Found", True),
        (_http(410), "http_status", "HTTP 410 Gone", True),
        (_http(503), "http_status", "HTTP 503", True),
        (_http(503, 1), "http_status", "Unavailable (still failing after 1 retry)", True),
        (_http(500, 3), "http_status", "Error (still failing after 3 retries)", True),
        (_http(599), "http_status", "HTTP 599", True),
        (
            DownloadTimeoutError("Getting x took longer than 1.0 seconds."),
            "timeout",
            "longer",
            True,
        ),
        (tx.TimeoutError(), "timeout", "", True),
        (CannotResolveHostError("nowhere.invalid"), "dns", "nowhere.invalid", True),
        (tx.DNSLookupError("nowhere.invalid"), "dns", "", True),
        (DownloadConnectionRefusedError("refused"), "connection", "refused", True),
        (tx.ConnectionRefusedError(), "connection", "", True),
        (ResponseDataLossError(), "connection", "connection lost before the whole body", True),
        (
            _lost(ResponseDataLossError(), tx.ConnectionLost(), _DataLoss()),
            "connection",
            "connection reset before the whole body arrived",
            True,
        ),
        (
            _lost(ResponseDataLossError(), tx.ConnectionDone(), _DataLoss()),
            "connection",
            "connection closed by the server before the whole body arrived",
            True,
        ),
        (
            _lost(DownloadFailedError("[...]"), tx.ConnectionDone()),
            "connection",
            "connection closed by the server during the response",
            True,
        ),
        (
            _never_received(tx.ConnectionLost()),
            "connection",
            "connection reset before a response arrived",
            True,
        ),
        (IgnoreRequest("max redirections reached"), "redirect_loop", "more than 5 times", True),
        (
            DownloadCancelledError("Expected to receive 9 bytes ... max size (5)"),
            "too_large",
            "",
            True,
        ),
        (CancelledError(), "cancelled", "", True),
        (IgnoreRequest("Forbidden by robots.txt"), "robots", "robots.txt", False),
        (
            IgnoreRequest("exceeded DOWNLOAD_MAXSIZE (5 B) during decompression"),
            "too_large",
            "",
            True,
        ),
        (IgnoreRequest("something else"), "ignored", "something else", True),
        (ValueError("odd"), "download", "ValueError: odd", True),
    ],
)
def test_describe_failure(exc: BaseException, kind: str, detail: str, is_error: bool) -> None:
    described = describe_failure(exc)
    assert (described.kind, described.is_error) == (kind, is_error)
    assert detail in described.detail


def test_a_redirect_loop_names_its_chain() -> None:
    chain = ["https://h.example/a", "https://h.example/b", "https://h.example/a"]
    detail = redirect_loop_detail(chain)
    assert (
        detail == "redirect loop: https://h.example/a -> https://h.example/b -> https://h.example/a"
    )


def test_a_cancelled_download_past_the_size_limit_is_too_large() -> None:
    assert describe_failure(CancelledError(), oversize=True).kind == "too_large"


NOW = datetime(2025, 1, 14, 9, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        (b"", None),
        (b"120", 120.0),
        (" 7 ", 7.0),
        (b"Tue, 14 Jan 2025 09:00:30 GMT", 30.0),
        (b"Tue, 14 Jan 2025 08:59:00 GMT", 0.0),
        (b"soon", None),
        (b"-5", None),
    ],
)
def test_retry_after_seconds(header: bytes | str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header, now=NOW) == seconds

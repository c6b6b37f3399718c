"""Naming failed requests, and reading Retry-After."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx
from twisted.internet.defer import CancelledError

from tallywatch.crawler.failures import describe_failure
from tallywatch.crawler.middlewares import retry_after_seconds


def _http(status: int) -> HttpError:
    response = Response(
        "https://h.example/a", status=status, request=Request("https://h.example/a")
    )
    return HttpError(response, "Ignoring non-200 response")


@pytest.mark.parametrize(
    ("exc", "kind", "detail", "is_error"),
    [
        (_http(404), "http_status", "HTTP 404", True),
        (_http(503), "http_status", "HTTP 503", True),
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
        (ResponseDataLossError("lost"), "connection", "lost", True),
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

"""From a downloaded body to a cleaned article, or the reason there is none.

`prepare_page` is pure and picklable so that it can run in a worker process
(`crawl.clean_workers`); everything that touches the database stays in the crawler.
"""

from __future__ import annotations

from dataclasses import dataclass

from tallywatch.extract.cleaning import clean_html, decode_html
from tallywatch.extract.types import CleanedPage, NoArticle

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SNIFFED_TYPES = frozenset({"", "application/octet-stream", "text/plain", "binary/octet-stream"})
"""Content types that say nothing reliable: the body decides."""
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xd0\xcf\x11\xe0", "an Office document"),
)
SNIFF_BYTES = 2048
MAX_CONTROL_SHARE = 0.05
"""Text has almost no control bytes; above this share of the first bytes it is binary."""
_CONTROL = frozenset(set(range(32)) - {9, 10, 12, 13})


@dataclass(frozen=True, slots=True)
class Cleaned:
    page: CleanedPage
    encoding_problem: str | None = None


@dataclass(frozen=True, slots=True)
class NotArticle:
    reason: str


@dataclass(frozen=True, slots=True)
class Unusable:
    """A body that cannot be an article page at all; `permanent` ones are not fetched again."""

    kind: str
    detail: str
    permanent: bool


Prepared = Cleaned | NotArticle | Unusable


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _binary_kind(body: bytes) -> str | None:
    head = body[:SNIFF_BYTES]
    for signature, name in BINARY_SIGNATURES:
        if head.startswith(signature):
            return name
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        return "binary data"
    return None


def check_body(body: bytes, content_type: str | None) -> Unusable | None:
    """Reject bodies that are not HTML: empty, another media type, or binary in disguise."""
    kind = media_type(content_type)
    if not body.strip():
        return Unusable("bad_content", "empty body", permanent=False)
    if kind not in HTML_TYPES and kind not in SNIFFED_TYPES:
        return Unusable("bad_content", f"not HTML: {kind}", permanent=True)
    binary = _binary_kind(body)
    if binary is not None:
        served = kind or "no content type"
        return Unusable("bad_content", f"{binary} served as {served}", permanent=True)
    return None


def prepare_page(body: bytes, url: str, content_type: str | None) -> Prepared:
    """Check, decode and clean one page body."""
    from w3lib.encoding import http_content_type_encoding

    problem = check_body(body, content_type)
    if problem is not None:
        return problem
    decoded = decode_html(body, http_content_type_encoding(content_type or ""))
    try:
        page = clean_html(decoded.text, url)
    except NoArticle as exc:
        return NotArticle(exc.reason)
    return Cleaned(page, decoded.problem)

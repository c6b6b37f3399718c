"""Reading RSS and Atom feeds safely: links to articles, newest first.  `check_xml` also
guards sitemaps."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from time import struct_time
from urllib.parse import urljoin


class FeedError(Exception):
    """The body is not a usable feed; `links` holds what a lenient parse still found."""

    def __init__(self, reason: str, links: list[FeedLink] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.links = links or []


class UnsafeXml(FeedError):
    """XML declaring entities or external references: refused before any parser reads it."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    url: str
    published: datetime | None = None


def _when(parsed: struct_time | None) -> datetime | None:
    if parsed is None:
        return None
    return datetime(*parsed[:6], tzinfo=UTC)


def _entry_url(entry: dict, base: str) -> str | None:
    for link in entry.get("links") or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return urljoin(base, link["href"])
    href = entry.get("link") or entry.get("id")
    if isinstance(href, str) and href.startswith(("http://", "https://", "/")):
        return urljoin(base, href)
    return None


def _links(parsed: dict, base: str) -> list[FeedLink]:
    found: dict[str, FeedLink] = {}
    for entry in parsed.get("entries") or []:
        url = _entry_url(entry, base)
        if url and url not in found:
            published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
            found[url] = FeedLink(url, published)
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(found.values(), key=lambda link: link.published or epoch, reverse=True)


def check_xml(body: bytes) -> str | None:
    """Refuse hostile XML before a feed or sitemap parser reads it.

    defusedxml parses the document refusing entity declarations and external
    references (entity-expansion bombs, XXE): `UnsafeXml` is raised for those.
    A document that is merely malformed is not refused, since lenient parsers
    may still read it: the reason is returned instead (None for well-formed XML).
    """
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, iterparse

    try:
        # Streamed, each element dropped once read: a 50 MB document is checked in a few
        # megabytes instead of being built as a tree first.
        events = iterparse(
            io.BytesIO(body),
            events=("end",),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )
        for _event, element in events:
            element.clear()
    except DefusedXmlException as exc:
        raise UnsafeXml(f"unsafe XML refused: {type(exc).__name__}") from None
    except ParseError as exc:
        return f"malformed XML: {exc}"
    return None


def read_feed(body: bytes, base_url: str) -> list[FeedLink]:
    """Article links of an RSS/Atom feed.

    The XML is first checked by `check_xml` (unsafe XML is refused unread);
    feedparser then reads the entries.  A malformed document raises `FeedError`
    carrying the links that feedparser's lenient parser still recovered, so the
    caller can record the problem and use them anyway.
    """
    import feedparser

    malformed = check_xml(body)
    # Only links and dates are read: sanitizing and resolving the entries' HTML content
    # would double the time and memory spent on a large feed.
    parsed = feedparser.parse(
        body,
        response_headers={"content-location": base_url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    links = _links(parsed, base_url)
    if malformed:
        raise FeedError(malformed, links)
    if not parsed.get("version") and not links:
        raise FeedError("not an RSS or Atom feed")
    return links

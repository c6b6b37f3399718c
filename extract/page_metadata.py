"""The metadata fields tallywatch keeps, read with trafilatura's own metadata steps.

`trafilatura.extract_metadata` also collects categories, tags and a license, which
tallywatch never stores: on pages with large menus and footers those three searches
walk every link and cost about a third of trafilatura's whole extraction (measured in
docs/benchmarks.md).  `page_metadata` runs the same steps in the same order for the
fields that are kept, so their values are trafilatura's (tests/extract hold it to
`extract_metadata` on every test page).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What trafilatura finds about a page besides its text."""

    title: str | None = None
    author: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None

    @classmethod
    def of(cls, document: Any) -> PageMetadata:
        """The kept fields of a trafilatura `Document` (empty strings as None)."""
        return cls(
            title=document.title or None,
            author=document.author or None,
            published=document.date or None,
            sitename=document.sitename or None,
            url=document.url or None,
        )


@cache
def _date_params() -> dict[str, Any]:
    """The date search `bare_extraction` would run (trafilatura's default configuration);
    callers copy it."""
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    return set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))


def page_metadata(tree: Any, default_url: str | None) -> PageMetadata:
    """Title, author, date, site name and canonical URL of a parsed page (not modified)."""
    from htmldate import find_date
    from trafilatura import metadata as steps
    from trafilatura.settings import Document

    document: Document = steps.examine_meta(tree)
    if document.author and " " not in document.author:
        document.author = None
    try:
        document = steps.extract_meta_json(tree, document)
    except Exception as exc:  # (trafilatura skips JSON-LD its reader trips over the same way)
        log.debug("JSON-LD metadata of %s skipped: %s", default_url, exc)
    if not document.title:
        document.title = steps.extract_title(tree)
    if not document.author:
        document.author = steps.extract_author(tree)
    if not document.url:
        document.url = steps.extract_url(tree, default_url)
    document.date = find_date(tree, **{**_date_params(), "url": document.url})
    if not document.sitename:
        document.sitename = steps.extract_sitename(tree)
    if document.sitename:
        document.sitename = document.sitename.lstrip("@")
        if (
            document.sitename
            and "." not in document.sitename
            and not document.sitename[0].isupper()
        ):
            document.sitename = document.sitename.title()
    elif document.url:
        found = steps.META_URL.match(document.url)
        if found:
            document.sitename = found[1]
    document.clean_and_trim()
    return PageMetadata.of(document)

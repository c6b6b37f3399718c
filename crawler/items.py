"""What a spider hands to the pipeline: one downloaded page of a source."""

from __future__ import annotations

from dataclasses import dataclass, field

from tallywatch.store.articles import KnownUrl


@dataclass(slots=True)
class FetchedPage:
    source: str
    url: str
    """The URL as listed by the source (before redirects): the article's key."""
    final_url: str
    status: int
    """200 for a body, 304 when a conditional request found no change."""
    body: bytes = field(repr=False)
    """Left out of the item's printed form: Scrapy logs an item whose processing failed."""
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None
    known: KnownUrl | None = None
    """What the database knew about `url` when the request was made."""

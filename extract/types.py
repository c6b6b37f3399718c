"""What the extractor produces: plain data, independent of storage."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Qualifier = Literal["exact", "approx", "at_least", "at_most"]
Scope = Literal["cumulative", "incident"]


@dataclass(frozen=True, slots=True)
class ExtractedFigure:
    """One figure read from a text, with the evidence that supports it.

    `start`/`end` are character offsets of the number phrase in the text given to
    the extractor; `sentence` is the full evidence sentence.  `topic` is None when
    the figure's subject matches no configured topic.
    """

    topic: str | None
    metric: str
    value: int
    high: int | None
    qualifier: Qualifier
    scope: Scope
    subject: str | None
    source: str | None
    sentence: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CleanedPage:
    """Main text and metadata of an article page, as trafilatura found them."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None


class NoArticle(Exception):
    """The page holds no article (an index page, an error page, an empty body)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

"""What the crawler asks of the figure extractor: to read a cleaned article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tallywatch.extract.types import CleanedPage, ExtractedFigure


class ArticleReader(Protocol):
    """Reads the figures of a cleaned article, where the page was cleaned: in the crawler
    process or a clean worker.  It touches no database (its figures are stored with the
    article's new version, in one transaction) and its result pickles.

    An exception fails the page alone: it is recorded as an error and fetched again by
    the next run.
    """

    def analyse(self, page: CleanedPage) -> Sequence[ExtractedFigure]: ...

    def warm_up(self) -> None:
        """A one-time setup (building the extractor), run outside any page's time budget."""

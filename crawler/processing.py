"""What the crawler calls for every new article version it stores."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from tallywatch.store.models import ArticleVersion


class ArticleProcessor(Protocol):
    """Called inside the transaction that stores `version`; returns the figures it stored.

    An exception rolls the version back with everything the processor wrote, and the
    page is recorded as an error (it is fetched and processed again on the next run).
    """

    def __call__(self, session: Session, version: ArticleVersion) -> int: ...

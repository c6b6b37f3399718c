"""A small newsroom for tests: writes sources, articles, versions and figures as the
crawler and the extractor do."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tallywatch.store import Article, ArticleVersion, Database, Figure, Source, utcnow


@dataclass
class Newsroom:
    """Writes what the crawler and the extractor would: one article per story."""

    db: Database
    sources: dict[str, int] = field(default_factory=dict)
    stories: int = 0

    def story(
        self,
        title: str,
        figures: list[dict[str, Any]],
        *,
        site: str = "wire",
        published: str | None = "2025-01-14",
        url: str | None = None,
        read_at: datetime | None = None,
    ) -> int:
        """One article (one version) with these figures, read now or at `read_at` (the
        figures' `created_at`); returns the article id."""
        self.stories += 1
        url = url or f"https://{site}.example/world/{self.stories}-{uuid.uuid4().hex[:6]}"
        text = " ".join(f["sentence"] for f in figures) or title
        with self.db.session() as session:
            if site not in self.sources:
                source = Source(name=site, kind="feed", url=f"https://{site}.example/rss")
                session.add(source)
                session.flush()
                self.sources[site] = source.id
            article = Article(
                source_id=self.sources[site],
                url=url,
                title=title,
                published=published,
                version_count=1,
            )
            session.add(article)
            session.flush()
            version = ArticleVersion(
                article_id=article.id,
                number=1,
                text=text,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
            session.add(version)
            session.flush()
            base = read_at or utcnow()
            for index, spec in enumerate(figures):
                sentence = spec["sentence"]
                session.add(
                    Figure(
                        version_id=version.id,
                        article_id=article.id,
                        topic=spec.get("topic", "nk-troops"),
                        metric=spec["metric"],
                        value=spec["value"],
                        high=spec.get("high"),
                        qualifier=spec.get("qualifier", "exact"),
                        scope=spec.get("scope", "cumulative"),
                        subject=spec.get("subject"),
                        source=spec.get("source"),
                        sentence=sentence,
                        start=0,
                        end=len(sentence),
                        sentence_hash=hashlib.sha256(sentence.encode()).hexdigest(),
                        status=spec.get("status", "auto"),
                        created_at=base + timedelta(microseconds=index),
                    )
                )
            return article.id

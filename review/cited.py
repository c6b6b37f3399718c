"""Sources side by side: for each metric of a topic, the latest figure each cited source
gave (`tallywatch figures --by-source`, the dashboard, `export --what by-source`).

The figures are those that count for the topic's tracked values (running totals, not
rejected, of a metric the topic tracks).  Each voice's latest figure is the one reported
last, the highest of one day (as alerts pick a source's previous figure).

Voices are told apart as alerts tell sources apart (case and spacing ignored), and also
as a reader would: "the NIS" is the NIS, and a name the articles spell out with its
acronym ("South Korea's National Intelligence Service (NIS)") is that acronym wherever it
appears in the topic, with or without it.  Figures that cite no one are the outlet's
own: each crawl source stands as a voice of its own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tallywatch.alerts.series import counting_conditions, normalised_source
from tallywatch.alerts.wording import compact_text, reported_day
from tallywatch.config import Settings
from tallywatch.constants import metric_order
from tallywatch.review.figures import FIGURE_KEYS, FigureRow, figure_rows, with_article
from tallywatch.store.models import Article, Figure

WITH_ACRONYM = re.compile(r"^(?P<name>.*\S)\s*\((?P<acronym>[A-Z][A-Za-z]*[A-Z])\)$")
ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
BY_SOURCE_KEYS: tuple[str, ...] = ("voice", *FIGURE_KEYS)
"""The keys of a side-by-side row: who says it, then the figure's own keys."""


@dataclass(frozen=True, slots=True)
class Voice:
    key: str
    label: str


class Voices:
    """Who says a figure, learnt from every cited name of a topic (see the module doc)."""

    def __init__(self, names: Iterable[str]) -> None:
        self.acronyms: dict[str, str] = {}
        for name in names:
            found = WITH_ACRONYM.match(name.strip())
            if found:
                self.acronyms[self._plain(found["name"])] = found["acronym"]

    @staticmethod
    def _plain(name: str) -> str:
        return ARTICLE.sub("", normalised_source(name))

    def of(self, cited: str | None, source: str) -> Voice:
        """The voice of a figure citing `cited`, read from `source`'s article."""
        if not cited or not normalised_source(cited):
            return Voice(f"\x00{source}", f"{source} (uncited)")
        found = WITH_ACRONYM.match(cited.strip())
        plain = self._plain(found["name"] if found else cited)
        acronym = found["acronym"] if found else self.acronyms.get(plain)
        if acronym is None and plain.upper() in self.acronyms.values():
            acronym = plain.upper()  # "the NIS"
        if acronym is not None:
            return Voice(acronym.casefold(), acronym)
        return Voice(plain, ARTICLE.sub("", cited.strip()))


@dataclass(frozen=True, slots=True)
class CitedFigure:
    """A voice's latest figure of a metric."""

    voice: str
    figure: FigureRow

    @property
    def said(self) -> str:
        """`NIS about 600 (2025-04-30)`: the figure beside other voices' figures."""
        f = self.figure
        return f"{self.voice} {compact_text(f.value, f.high, f.qualifier)} ({f.reported})"

    def record(self) -> dict[str, Any]:
        return {"voice": self.voice, **self.figure.record()}


def latest_by_cited(
    session: Session, settings: Settings, topic: str, metrics: Collection[str] = ()
) -> dict[str, list[CitedFigure]]:
    """For each metric of `topic` (or of `metrics`), in metric order, the latest figure of
    each voice, the latest reported first."""
    conditions = counting_conditions(settings, topic)
    if metrics:
        conditions.append(Figure.metric.in_(list(metrics)))
    candidates = session.execute(
        with_article(
            Figure.id,
            Figure.metric,
            Figure.value,
            Figure.source,
            Figure.created_at,
            Article.published,
            Article.source_id,
        ).where(*conditions)
    ).all()
    voices = Voices(cited for _i, _m, _v, cited, _c, _p, _s in candidates if cited)
    latest: dict[tuple[str, str], tuple[str, int, int]] = {}  # (reported, value, id)
    labels: dict[tuple[str, str], str] = {}
    for figure_id, metric, value, cited, created_at, published, source_id in candidates:
        voice = voices.of(cited, str(source_id))
        rank = (reported_day(published, created_at), value, figure_id)
        key = (metric, voice.key)
        if rank >= latest.get(key, rank):
            latest[key], labels[key] = rank, voice.label
    rows = {row.id: row for row in figure_rows(session, [r[2] for r in latest.values()])}
    by_metric: dict[str, list[tuple[tuple[str, int, int], CitedFigure]]] = {}
    for key, rank in latest.items():
        figure = rows[rank[2]]
        label = labels[key] if figure.cited else f"{figure.source} (uncited)"
        by_metric.setdefault(key[0], []).append((rank, CitedFigure(label, figure)))
    return {
        metric: [
            cited for _rank, cited in sorted(by_metric[metric], key=lambda x: x[0], reverse=True)
        ]
        for metric in sorted(by_metric, key=metric_order)
    }

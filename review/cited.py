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

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tallywatch.alerts.series import counting_conditions, normalised_source
from tallywatch.alerts.wording import compact_text
from tallywatch.config import Settings
from tallywatch.constants import metric_order
from tallywatch.review.figures import FIGURE_KEYS, FigureRow, figure_rows
from tallywatch.review.reported import reported_day_column
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
        """The voice of a figure citing `cited`, read from an article of `source` (the
        outlet speaks for itself when it cites no one)."""
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
    each voice, the latest reported first.

    The database picks each cited name's latest figure (names equal but for case are one
    name; figures citing no one are grouped by their crawl source); the few it returns
    are then gathered into voices."""
    conditions = counting_conditions(settings, topic)
    if metrics:
        conditions.append(Figure.metric.in_(list(metrics)))
    name = func.lower(func.trim(func.coalesce(Figure.source, "")))
    uncited_source = case((name == "", Article.source_id))
    reported = reported_day_column()
    ranked = (
        select(
            Figure.id.label("id"),
            func.row_number()
            .over(
                partition_by=(Figure.metric, name, uncited_source),
                order_by=(reported.desc(), Figure.value.desc(), Figure.id.desc()),
            )
            .label("recency"),
        )
        .join(Article, Figure.article_id == Article.id)
        .where(*conditions)
        .subquery()
    )
    ids = list(session.scalars(select(ranked.c.id).where(ranked.c.recency == 1)))
    rows = figure_rows(session, ids)
    voices = Voices(row.cited for row in rows if row.cited)
    latest: dict[tuple[str, str], tuple[tuple[str, int, int], CitedFigure]] = {}
    for row in rows:
        voice = voices.of(row.cited, row.source)
        rank = (row.reported, row.value, row.id)
        key = (row.metric, voice.key)
        if key not in latest or rank > latest[key][0]:
            latest[key] = (rank, CitedFigure(voice.label, row))
    by_metric: dict[str, list[tuple[tuple[str, int, int], CitedFigure]]] = {}
    for (metric, _voice), entry in latest.items():
        by_metric.setdefault(metric, []).append(entry)
    return {
        metric: [cited for _rank, cited in sorted(by_metric[metric], key=_newest, reverse=True)]
        for metric in sorted(by_metric, key=metric_order)
    }


def _newest(entry: tuple[tuple[str, int, int], CitedFigure]) -> tuple[str, int, int]:
    return entry[0]

"""Change detection: new figures -> tracked values -> alert rows (the outbox).

Runs inside the caller's transaction: the figures are marked `detected`, the series
updated and the alert rows inserted together, so a crash either keeps all of it or
none of it, and an alert can neither be lost nor written twice.  `Alert.dedupe_key`
(unique) makes a duplicate impossible even when two detectors race on one database:
the loser's transaction fails and its figures are detected again next time.

Rules, per topic, over the figures not yet detected (oldest first):

* first detection of a topic (it has no series yet): the series start at the highest
  figure per metric and one `baseline` alert summarises them (none when
  `alerts.baseline` is off);
* afterwards, per metric: when the batch's highest figure is strictly above the
  tracked value, one `increase` alert for that highest figure (a metric seen for the
  first time has no previous value); equal or lower figures raise nothing; a figure
  more than `alerts.max_jump` times the tracked value is held back, logged, until
  vouched for (`series.vouched_for`);
* with `alerts.conflicts`, a figure whose whole range lies below the tracked value,
  whose cited source differs from the tracked figure's, and which that source has not
  given before (a restated old figure is no news) raises a `conflict` alert, once per
  topic, metric, source and value.

Each `increase` and `conflict` alert carries its context as it stood when raised: who
first reported the previous high and when, and the new figure's source's own last
figure before it (when the source is named and gave one in an earlier article).
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tallywatch.alerts.series import (
    accepted_figures,
    counts_for_series,
    different_sources,
    far_above,
    highest,
    lower_bound,
    movable,
    normalised_source,
    series_of,
    track,
    upper_bound,
)
from tallywatch.alerts.wording import baseline_line, qualified_text, reported_day
from tallywatch.config import Settings
from tallywatch.constants import METRICS, AlertKind
from tallywatch.store import Alert, Figure, SeriesValue
from tallywatch.store.alerts import add_alerts, dedupe_key_used
from tallywatch.store.figures import mark_detected

log = logging.getLogger(__name__)


def reported_on(figure: Figure) -> str:
    """When a figure was reported (`wording.reported_day`)."""
    return reported_day(figure.article.published, figure.created_at)


def _reported_order(figure: Figure) -> tuple[str, datetime, int]:
    return (reported_on(figure), figure.created_at, figure.id)


def source_previous(figure: Figure, history: list[Figure]) -> Figure | None:
    """The last figure the source of `figure` gave before it, in an earlier article.

    `history` is the topic's accepted figures of the metric.  "Last" is by report date;
    of one date, the highest (an article restating an older figure in its background
    still said the higher one).  Figures of the same article as `figure` are left out:
    they are not an earlier statement."""
    source = normalised_source(figure.source)
    if not source:
        return None
    before = [
        f
        for f in history
        if f.article_id != figure.article_id
        and normalised_source(f.source) == source
        and _reported_order(f) < _reported_order(figure)
    ]
    return max(before, key=lambda f: (reported_on(f), lower_bound(f)), default=None)


def first_report(value: int, history: list[Figure], tracked: Figure | None) -> Figure | None:
    """The earliest reported of the figures that gave `value` (the tracked figure is the
    first one read, which a later article restating it may have been)."""
    same = [f for f in history if lower_bound(f) == value]
    return min(same, key=_reported_order, default=tracked)


def _baseline_line(figure: Figure) -> str:
    article = figure.article
    return baseline_line(
        figure.metric,
        qualified_text(figure.value, figure.high, figure.qualifier),
        figure.source,
        article.title,
        article.published,
        article.url,
    )


def _restates(figure: Figure, history: list[Figure]) -> bool:
    """The figure's source gave this value (or a higher one) before: an old number
    repeated in a background paragraph, not a new, lower estimate."""
    source = normalised_source(figure.source)
    for earlier in history:
        if (earlier.created_at, earlier.id) >= (figure.created_at, figure.id):
            break
        if normalised_source(earlier.source) == source and earlier.value >= figure.value:
            return True
    return False


def _figure_alert(
    kind: str,
    figure: Figure,
    previous: int | None,
    tracked: Figure | None,
    history: list[Figure],
    run_id: int | None,
) -> Alert:
    """The alert row for `figure`; `tracked` is the figure behind the `previous` value."""
    article = figure.article
    own = source_previous(figure, history) if previous is not None else None
    if previous is not None:
        tracked = first_report(previous, history, tracked)
    return Alert(
        kind=kind,
        topic=figure.topic,
        metric=figure.metric,
        previous=previous,
        previous_source=tracked.source if tracked is not None else None,
        previous_date=reported_on(tracked) if tracked is not None else None,
        value=figure.value,
        high=figure.high,
        qualifier=figure.qualifier,
        source=figure.source,
        source_previous=lower_bound(own) if own is not None else None,
        source_previous_date=reported_on(own) if own is not None else None,
        figure_id=figure.id,
        article_id=article.id,
        article_url=article.url,
        article_title=article.title,
        article_published=article.published,
        sentence=figure.sentence,
        run_id=run_id,
    )


class _Batch:
    """One call of `detect_changes`: the alerts found, each with the position of its cause."""

    def __init__(self, session: Session, settings: Settings, run_id: int | None) -> None:
        self.session = session
        self.settings = settings
        self.run_id = run_id
        self.found: list[tuple[int, Alert]] = []
        self.keys: set[str] = set()

    def add(self, position: int, key: str, alert: Alert) -> None:
        if key in self.keys:
            return
        if dedupe_key_used(self.session, key):
            return
        self.keys.add(key)
        alert.dedupe_key = key
        self.found.append((position, alert))

    def baseline(self, topic: str, position: int) -> None:
        best: list[Figure] = []
        for metric in METRICS:
            figure = highest(accepted_figures(self.session, self.settings, topic, metric))
            if figure is not None:
                track(self.session, None, figure, None)
                best.append(figure)
        if not best or not self.settings.alerts.baseline:
            return
        alert = Alert(
            kind=AlertKind.BASELINE,
            topic=topic,
            summary="\n".join(_baseline_line(f) for f in best),
            run_id=self.run_id,
        )
        self.add(position, f"baseline:{topic}", alert)

    def changes(
        self,
        topic: str,
        figures: list[Figure],
        series: dict[str, SeriesValue],
        position: dict[int, int],
    ) -> None:
        by_metric: dict[str, list[Figure]] = {}
        for figure in figures:
            by_metric.setdefault(figure.metric, []).append(figure)
        for metric, candidates in by_metric.items():
            row = series.get(metric)
            current = row.value if row is not None else None
            best = self._highest_movable(topic, metric, candidates, current)
            if best is not None and (current is None or lower_bound(best) > current):
                tracked = self._tracked(row)
                history = (
                    accepted_figures(self.session, self.settings, topic, metric)
                    if current is not None
                    else []
                )
                row = track(self.session, row, best, current)
                series[metric] = row
                alert = _figure_alert(
                    AlertKind.INCREASE, best, current, tracked, history, self.run_id
                )
                self.add(position[best.id], f"increase:{topic}:{metric}:{best.value}", alert)
            if self.settings.alerts.conflicts and row is not None:
                self.conflicts(row, candidates, position)

    def _highest_movable(
        self, topic: str, metric: str, candidates: list[Figure], current: int | None
    ) -> Figure | None:
        """The highest candidate that may move the series, logging each one held back."""
        factor = self.settings.alerts.max_jump
        best = highest(candidates)
        if best is None or not far_above(lower_bound(best), current, factor):
            return best
        known = accepted_figures(self.session, self.settings, topic, metric)
        allowed = movable(candidates, current, known, factor)
        for figure in candidates:
            if figure not in allowed:
                log.warning(
                    "held back figure %d (%s %s %s): more than %g times the tracked %s; it"
                    " counts once another article gives one as far above or a reviewer"
                    " confirms it",
                    figure.id,
                    topic,
                    metric,
                    f"{figure.value:,}",
                    factor,
                    f"{current:,}",
                )
        return highest(allowed)

    def _tracked(self, row: SeriesValue | None) -> Figure | None:
        """The figure a series points at (none when re-extraction left it without one)."""
        if row is None or row.figure_id is None:
            return None
        return self.session.get(Figure, row.figure_id)

    def conflicts(
        self, row: SeriesValue, candidates: list[Figure], position: dict[int, int]
    ) -> None:
        tracked = self._tracked(row)
        tracked_source = tracked.source if tracked is not None else None
        history = accepted_figures(self.session, self.settings, row.topic, row.metric)
        for figure in candidates:
            if upper_bound(figure) >= row.value:
                continue
            if not different_sources(figure.source, tracked_source):
                continue
            if _restates(figure, history):
                continue
            source_id = hashlib.sha256(normalised_source(figure.source).encode()).hexdigest()
            key = f"conflict:{row.topic}:{row.metric}:{source_id[:16]}:{figure.value}"
            alert = _figure_alert(
                AlertKind.CONFLICT, figure, row.value, tracked, history, self.run_id
            )
            self.add(position[figure.id], key, alert)


def detect_changes(session: Session, settings: Settings, run_id: int | None) -> list[Alert]:
    """Consider every figure not yet detected; return the alerts written (pending), in order.

    Alerts are ordered by the figure that caused them (a baseline by its topic's first
    figure in the batch) and flushed, so their ids follow that order.
    """
    figures = list(
        session.scalars(
            select(Figure).where(Figure.detected.is_(False)).order_by(Figure.created_at, Figure.id)
        )
    )
    if not figures:
        return []
    mark_detected(session, figures)
    position: dict[int, int] = {}
    by_topic: dict[str, list[Figure]] = {}
    for index, figure in enumerate(figures):
        position[figure.id] = index
        if counts_for_series(figure, settings):
            assert figure.topic is not None
            by_topic.setdefault(figure.topic, []).append(figure)
    batch = _Batch(session, settings, run_id)
    for topic, topic_figures in by_topic.items():
        series = series_of(session, topic)
        if not series and not dedupe_key_used(session, f"baseline:{topic}"):
            batch.baseline(topic, position[topic_figures[0].id])
        else:
            batch.changes(topic, topic_figures, series, position)
    alerts = [alert for _position, alert in sorted(batch.found, key=lambda item: item[0])]
    add_alerts(session, alerts)
    return alerts

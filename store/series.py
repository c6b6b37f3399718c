"""Tracked values: the only code that writes `series_values` (besides `replace_figures`,
which points a value at the figure that replaces its own).

Which figure a series holds, and what `previous` is, is decided by `alerts/series.py`
and change detection; this keeps the row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from tallywatch.store.models import Figure, SeriesValue, utcnow


def set_series(
    session: Session,
    existing: SeriesValue | None,
    figure: Figure,
    value: int,
    previous: int | None,
    changed_at: datetime | None = None,
) -> SeriesValue:
    """Point a topic's series for the figure's metric at `figure`, holding `value` (the
    row is created on first use); `changed_at` defaults to now."""
    assert figure.topic is not None
    row = existing or SeriesValue(topic=figure.topic, metric=figure.metric)
    row.value = value
    row.previous = previous
    row.figure_id = figure.id
    row.changed_at = changed_at or utcnow()
    if existing is None:
        session.add(row)
    return row


def remove_series(session: Session, row: SeriesValue) -> None:
    """Drop a tracked value no accepted figure supports any more."""
    session.delete(row)

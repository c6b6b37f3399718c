"""Store extracted figures for an article version, keeping reviewers' decisions.

A reviewer's confirm/reject is kept in `figure_decisions`, keyed by what was read
(sentence hash, topic, metric, value), so it applies again whenever the same sentence yields
the same figure: on a new version of the article or after `tallywatch reextract`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from tallywatch.constants import FigureStatus
from tallywatch.extract.types import ExtractedFigure
from tallywatch.store.models import (
    Alert,
    ArticleVersion,
    Figure,
    FigureDecision,
    SeriesValue,
    utcnow,
)

_SPACE_RE = re.compile(r"\s+")
FIGURES = cast(Table, Figure.__table__)


def sentence_hash(sentence: str) -> str:
    """A stable key for an evidence sentence (whitespace differences ignored)."""
    normal = _SPACE_RE.sub(" ", sentence).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _decisions(
    session: Session, hashes: set[str]
) -> dict[tuple[str, str | None, str, int], FigureDecision]:
    if not hashes:
        return {}
    rows = session.scalars(
        select(FigureDecision).where(FigureDecision.sentence_hash.in_(sorted(hashes)))
    )
    return {(d.sentence_hash, d.topic, d.metric, d.value): d for d in rows}


def _figure_values(
    version_id: int,
    article_id: int,
    figure: ExtractedFigure,
    digest: str,
    decisions: dict[tuple[str, str | None, str, int], FigureDecision],
) -> dict[str, object]:
    """The column values of one figure row; a matching reviewer decision sets its status."""
    values: dict[str, object] = {
        "version_id": version_id,
        "article_id": article_id,
        "topic": figure.topic,
        "metric": figure.metric,
        "value": figure.value,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "scope": figure.scope,
        "subject": figure.subject,
        "source": figure.source,
        "sentence": figure.sentence,
        "start": figure.start,
        "end": figure.end,
        "sentence_hash": digest,
        "status": FigureStatus.AUTO,
        "note": None,
        "detected": False,
    }
    decision = decisions.get((digest, figure.topic, figure.metric, figure.value))
    if decision is not None:
        values["status"] = decision.status
        values["note"] = decision.note
    return values


def save_figures(
    session: Session, version: ArticleVersion, figures: Sequence[ExtractedFigure]
) -> list[Figure]:
    """Add `figures` as rows of `version`; a matching reviewer decision sets their status."""
    if version.id is None:
        session.flush()
    digests = [sentence_hash(f.sentence) for f in figures]
    decisions = _decisions(session, set(digests))
    rows: list[Figure] = []
    for f, digest in zip(figures, digests, strict=True):
        row = Figure(**_figure_values(version.id, version.article_id, f, digest, decisions))
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


@dataclass(frozen=True, slots=True)
class NewVersion:
    """A version just stored, and the figures read from its text."""

    version_id: int
    article_id: int
    figures: Sequence[ExtractedFigure]


def add_figures(session: Session, versions: Sequence[NewVersion]) -> list[int]:
    """Store the figures of several new versions with one lookup and one INSERT.

    The same rows as `save_figures` for each version, without building ORM objects
    (for the crawler's batched stores); returns how many figures each version got.
    """
    digests = [[sentence_hash(f.sentence) for f in v.figures] for v in versions]
    decisions = _decisions(session, {d for ds in digests for d in ds})
    rows = [
        _figure_values(v.version_id, v.article_id, f, digest, decisions)
        for v, ds in zip(versions, digests, strict=True)
        for f, digest in zip(v.figures, ds, strict=True)
    ]
    if rows:
        session.connection().execute(insert(FIGURES), rows)
    return [len(v.figures) for v in versions]


def _same_reading(
    model: type[Figure] | type[FigureDecision], figure: Figure
) -> list[ColumnElement[bool]]:
    """What was read, as a figure's decision is keyed: sentence, topic, metric, value."""
    topic = model.topic.is_(None) if figure.topic is None else model.topic == figure.topic
    return [
        model.sentence_hash == figure.sentence_hash,
        topic,
        model.metric == figure.metric,
        model.value == figure.value,
    ]


def _save_decision(session: Session, figure: Figure, status: str, note: str | None) -> None:
    existing = session.scalars(
        select(FigureDecision).where(*_same_reading(FigureDecision, figure))
    ).first()
    if existing is None:
        try:
            with session.begin_nested():
                session.add(
                    FigureDecision(
                        sentence_hash=figure.sentence_hash,
                        topic=figure.topic,
                        metric=figure.metric,
                        value=figure.value,
                        status=status,
                        note=note,
                    )
                )
            return
        except IntegrityError:  # a reviewer on another page decided it just now
            existing = session.scalars(
                select(FigureDecision).where(*_same_reading(FigureDecision, figure))
            ).one()
    existing.status = status
    existing.note = note
    existing.decided_at = utcnow()


def record_decision(
    session: Session, figure: Figure, status: FigureStatus, note: str | None
) -> int:
    """A reviewer's decision on `figure`: kept by what was read (so `reextract` and later
    versions of the article take it again) and set on every figure that read the same
    sentence the same way.  Returns how many figures took it."""
    siblings = session.scalars(select(Figure).where(*_same_reading(Figure, figure))).all()
    for sibling in siblings:
        sibling.status = status
        sibling.note = note
    _save_decision(session, figure, status, note)
    session.flush()
    return len(siblings)


def mark_detected(session: Session, figures: Sequence[Figure]) -> None:
    """Change detection has considered these figures (it never looks at them again)."""
    for figure in figures:
        figure.detected = True
    session.flush()


@dataclass(frozen=True, slots=True)
class Replaced:
    figures: list[Figure]
    removed: int
    new: int
    """Figures with no detected figure of the same (topic, metric, value) before."""


def replace_figures(
    session: Session,
    version: ArticleVersion,
    figures: Sequence[ExtractedFigure],
    topic: str | None = None,
) -> Replaced:
    """Replace the figures of `version` (only those of `topic` when given).

    A new figure equal in (topic, metric, value) to an old one of the same article that
    change detection had already seen is marked detected, so re-extraction raises no alert
    for numbers already alerted on; alerts and tracked values pointing at a replaced figure
    are pointed at its successor (or cleared when it has none).
    """
    query = select(Figure).where(Figure.version_id == version.id)
    if topic is not None:
        query = query.where(Figure.topic == topic)
    old = list(session.scalars(query))
    seen = {(f.topic, f.metric, f.value) for f in old if f.detected}
    rows = save_figures(session, version, figures)
    successor: dict[tuple[str | None, str, int], int] = {}
    new = 0
    for row in rows:
        key = (row.topic, row.metric, row.value)
        successor.setdefault(key, row.id)
        if key in seen:
            row.detected = True
        else:
            new += 1
    for fig in old:
        target = successor.get((fig.topic, fig.metric, fig.value))
        for model in (Alert, SeriesValue):
            session.execute(update(model).where(model.figure_id == fig.id).values(figure_id=target))
    if old:
        session.execute(delete(Figure).where(Figure.id.in_([f.id for f in old])))
    session.flush()
    return Replaced(rows, len(old), new)

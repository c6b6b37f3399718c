"""Saving extracted figures, reviewer decisions surviving re-extraction, replacing figures."""

from __future__ import annotations

from sqlalchemy import select

from tallywatch.extract.types import ExtractedFigure
from tallywatch.store import (
    Alert,
    Article,
    ArticleVersion,
    Database,
    Figure,
    FigureDecision,
    SeriesValue,
    Source,
)
from tallywatch.store.figures import replace_figures, save_figures, sentence_hash

SENTENCE = "Officials said some 600 soldiers were killed."


def fig(value: int, metric: str = "killed", sentence: str = SENTENCE) -> ExtractedFigure:
    return ExtractedFigure(
        topic="nk-troops",
        metric=metric,
        value=value,
        high=None,
        qualifier="approx",
        scope="cumulative",
        subject="soldiers",
        source="Officials",
        sentence=sentence,
        start=20,
        end=23,
    )


def make_version(db: Database) -> int:
    with db.session() as session:
        source = Source(name="wire", kind="feed", url="http://127.0.0.1/feed")
        session.add(source)
        session.flush()
        article = Article(source_id=source.id, url="http://127.0.0.1/a/1", title="A")
        session.add(article)
        session.flush()
        version = ArticleVersion(article_id=article.id, number=1, text=SENTENCE, content_hash="h1")
        session.add(version)
        session.flush()
        return version.id


def test_save_figures_stores_every_field(db_url: str) -> None:
    db = Database(db_url)
    version_id = make_version(db)
    with db.session() as session:
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        rows = save_figures(session, version, [fig(600), fig(4700, "casualties")])
        assert all(r.id is not None for r in rows)
    with db.session() as session:
        stored = session.scalars(select(Figure).order_by(Figure.id)).all()
        assert [(f.metric, f.value, f.status, f.detected) for f in stored] == [
            ("killed", 600, "auto", False),
            ("casualties", 4700, "auto", False),
        ]
        first = stored[0]
        assert (first.topic, first.qualifier, first.scope, first.source, first.subject) == (
            "nk-troops",
            "approx",
            "cumulative",
            "Officials",
            "soldiers",
        )
        assert first.sentence == SENTENCE and (first.start, first.end) == (20, 23)
        assert first.sentence_hash == sentence_hash(SENTENCE)
        assert first.article_id == stored[0].version.article_id


def test_sentence_hash_ignores_whitespace() -> None:
    assert sentence_hash("a  b\nc") == sentence_hash("a b c")
    assert sentence_hash("a b c") != sentence_hash("a b d")


def test_reviewer_decision_applies_to_the_same_reading(db_url: str) -> None:
    db = Database(db_url)
    version_id = make_version(db)
    with db.session() as session:
        session.add(
            FigureDecision(
                sentence_hash=sentence_hash(SENTENCE),
                topic="nk-troops",
                metric="killed",
                value=600,
                status="rejected",
                note="a date, not a count",
            )
        )
    with db.session() as session:
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        rows = save_figures(session, version, [fig(600), fig(600, "wounded")])
        assert [(r.metric, r.status, r.note) for r in rows] == [
            ("killed", "rejected", "a date, not a count"),
            ("wounded", "auto", None),
        ]


def test_replace_keeps_detection_and_decisions(db_url: str) -> None:
    db = Database(db_url)
    version_id = make_version(db)
    with db.session() as session:
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        old = save_figures(session, version, [fig(600), fig(100, "missing")])
        old[0].detected = True
        session.add(Alert(kind="increase", topic="nk-troops", metric="killed", figure_id=old[0].id))
        session.add(
            SeriesValue(topic="nk-troops", metric="missing", value=100, figure_id=old[1].id)
        )
        session.add(
            FigureDecision(
                sentence_hash=sentence_hash(SENTENCE),
                topic="nk-troops",
                metric="killed",
                value=600,
                status="confirmed",
            )
        )
    with db.session() as session:
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        result = replace_figures(session, version, [fig(600), fig(650, "wounded")])
        assert (result.removed, result.new) == (2, 1)
    with db.session() as session:
        rows = session.scalars(select(Figure).order_by(Figure.id)).all()
        assert [(f.metric, f.value, f.detected, f.status) for f in rows] == [
            ("killed", 600, True, "confirmed"),
            ("wounded", 650, False, "auto"),
        ]
        alert = session.scalars(select(Alert)).one()
        assert alert.figure_id == rows[0].id
        series = session.scalars(select(SeriesValue)).one()
        assert series.figure_id is None


def test_replace_one_topic_leaves_the_others(db_url: str) -> None:
    db = Database(db_url)
    version_id = make_version(db)
    other = ExtractedFigure(
        topic="displacement",
        metric="displaced",
        value=9000,
        high=None,
        qualifier="exact",
        scope="cumulative",
        subject="people",
        source=None,
        sentence="9,000 people fled.",
        start=0,
        end=5,
    )
    with db.session() as session:
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        save_figures(session, version, [fig(600), other])
    with db.session() as session:
        version = session.get(ArticleVersion, version_id)
        assert version is not None
        replace_figures(session, version, [fig(700)], topic="nk-troops")
    with db.session() as session:
        rows = session.scalars(select(Figure).order_by(Figure.id)).all()
        assert sorted((f.topic, f.value) for f in rows) == [
            ("displacement", 9000),
            ("nk-troops", 700),
        ]

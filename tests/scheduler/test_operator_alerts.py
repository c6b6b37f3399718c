"""A source failing N runs in a row raises ONE operator alert per failure streak."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tallywatch.config import Settings, parse_settings
from tallywatch.health import raise_operator_alerts
from tallywatch.store import Alert, Database, Source, utcnow


@pytest.fixture
def settings() -> Settings:
    return parse_settings({"alerts": {"operator_after_failures": 3}})


def _source(db: Database, name: str = "wire") -> None:
    with db.session() as session:
        session.add(
            Source(
                name=name, kind="feed", url=f"https://{name}.example/rss", consecutive_failures=0
            )
        )


def _run(db: Database, settings: Settings, name: str, *, ok: bool) -> list[str]:
    """One run's outcome for the source, then the operator check; returns new alert keys."""
    with db.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).one()
        now = utcnow()
        if ok:
            source.consecutive_failures, source.last_success_at = 0, now
            source.last_status, source.last_error = "ok", None
        else:
            source.consecutive_failures += 1
            source.last_status, source.last_error = "failed", "connection refused"
        source.last_run_at = now
    with db.session() as session:
        return [a.dedupe_key or "" for a in raise_operator_alerts(session, settings)]


def _operator_alerts(db: Database) -> list[Alert]:
    with db.session() as session:
        return list(session.scalars(select(Alert).where(Alert.kind == "operator")))


def test_one_alert_when_the_threshold_is_reached_not_one_per_run(
    db: Database, settings: Settings
) -> None:
    _source(db)
    outcomes = [_run(db, settings, "wire", ok=False) for _ in range(6)]
    assert [len(o) for o in outcomes] == [0, 0, 1, 0, 0, 0]
    [alert] = _operator_alerts(db)
    assert alert.status == "pending" and alert.topic is None
    assert "wire" in (alert.summary or "") and "connection refused" in (alert.summary or "")
    assert "3 runs in a row" in (alert.summary or "")


def test_success_resets_and_a_new_streak_alerts_again(db: Database, settings: Settings) -> None:
    _source(db)
    for _ in range(3):
        _run(db, settings, "wire", ok=False)
    _run(db, settings, "wire", ok=True)
    with db.session() as session:
        assert session.scalars(select(Source.operator_alerted)).one() is False
    new = [_run(db, settings, "wire", ok=False) for _ in range(3)]
    assert [len(n) for n in new] == [0, 0, 1]
    keys = {a.dedupe_key for a in _operator_alerts(db)}
    assert len(keys) == 2


def test_sources_are_counted_separately(db: Database, settings: Settings) -> None:
    _source(db, "wire")
    _source(db, "slow")
    for _ in range(3):
        _run(db, settings, "wire", ok=False)
        _run(db, settings, "slow", ok=True)
    [alert] = _operator_alerts(db)
    assert "wire" in (alert.dedupe_key or "")


def test_repeated_checks_by_two_processes_do_not_duplicate(
    db: Database, settings: Settings
) -> None:
    """The daemon and a cron run may both check: the flag and the dedupe key agree."""
    _source(db)
    for _ in range(3):
        _run(db, settings, "wire", ok=False)
    with db.session() as session:  # another process forgot the flag but not the alert
        session.scalars(select(Source)).one().operator_alerted = False
    with db.session() as session:
        assert raise_operator_alerts(session, settings) == []
        assert session.scalars(select(Source.operator_alerted)).one() is True
    assert len(_operator_alerts(db)) == 1


def test_dedupe_key_names_the_streak(db: Database, settings: Settings) -> None:
    _source(db)
    with db.session() as session:
        source = session.scalars(select(Source)).one()
        source.last_success_at = utcnow() - timedelta(days=1)
        source.consecutive_failures = 5
        [alert] = raise_operator_alerts(session, settings)
        assert alert.dedupe_key is not None
        assert alert.dedupe_key.startswith("operator:source:wire:")
        assert source.last_success_at.isoformat() in alert.dedupe_key

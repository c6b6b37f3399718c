"""End to end: `tallywatch run` over the demo site's two editions, delivering to a real receiver.

The first run establishes each topic's baseline (one summary per topic, no alert storm);
a repeat run over the same edition changes nothing and sends nothing; the second
edition's rises arrive once each; another repeat sends nothing again.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import tomli_w
from loopback_servers.http_receiver import Receiver
from sqlalchemy import select

from tallywatch.demo import EDITIONS, LoopbackSite, demo_settings
from tallywatch.store import Alert, ArticleVersion, CrawlRun, Database

EXPECTED_RISES = {
    ("nk-troops", "killed", 600),
    ("nk-troops", "casualties", 4700),
    ("nk-troops", "deployed", 14000),
    ("velmar-floods", "displaced", 12500),
}
"""Rises in edition 2 that an analyst reading the site would expect an alert for."""


def run(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "run"],
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.fixture
def site() -> LoopbackSite:
    with LoopbackSite(EDITIONS[0]) as served:
        yield served


def test_two_editions_alert_once_per_rise(
    tmp_path: Path, db_url: str, site: LoopbackSite, receiver: Receiver
) -> None:
    hook = f"/hooks/{uuid.uuid4().hex}"
    settings = demo_settings(site.url, db_url)
    data = settings.model_dump(mode="json", exclude_none=True, exclude={"path"})
    # burst 0: one message per rise, to count them (grouping is tested with the outbox)
    data["alerts"].update(urls=[receiver.url(hook)], echo=False, burst=0)
    config = tmp_path / "tallywatch.toml"
    config.write_text(tomli_w.dumps(data), encoding="utf-8")
    db = Database(db_url)

    first = run(config)
    assert first.returncode == 0, first.stderr
    with db.session() as session:
        alerts = session.scalars(select(Alert).order_by(Alert.id)).all()
        assert {(a.kind, a.topic) for a in alerts} == {
            ("baseline", "nk-troops"),
            ("baseline", "velmar-floods"),
        }
        assert all(a.status == "sent" for a in alerts)
    assert len(receiver.received(hook)) == 2

    again = run(config)
    assert again.returncode == 0, again.stderr
    with db.session() as session:
        assert session.scalar(select(Alert.id).order_by(Alert.id.desc())) == alerts[-1].id
        versions = session.scalars(select(ArticleVersion)).all()
    assert len(receiver.received(hook)) == 2
    assert "new articles 0" in again.stdout

    site.use(EDITIONS[1])
    second = run(config)
    assert second.returncode == 0, second.stderr
    with db.session() as session:
        rises = session.scalars(
            select(Alert).where(Alert.kind == "increase").order_by(Alert.id)
        ).all()
        got = {(a.topic, a.metric, a.value) for a in rises}
        assert got >= EXPECTED_RISES, got
        assert len(got) == len(rises), "one alert per rise"
        for alert in rises:
            assert alert.previous is None or alert.previous < alert.value
            assert alert.sentence and alert.article_url and alert.article_url.startswith(site.url)
        assert all(a.status == "sent" for a in rises)
        assert len(session.scalars(select(ArticleVersion)).all()) > len(versions)
        runs = session.scalars(select(CrawlRun).order_by(CrawlRun.id)).all()
        assert [r.status for r in runs] == ["ok", "ok", "ok"]
    posts = receiver.received(hook)
    assert len(posts) == 2 + len(rises)
    titles = [p.get("title", "") for p in posts]
    assert "nk-troops: killed rose to 600 (+300)" in titles

    last = run(config)
    assert last.returncode == 0, last.stderr
    assert len(receiver.received(hook)) == len(posts)

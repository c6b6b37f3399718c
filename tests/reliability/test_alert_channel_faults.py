"""A misbehaving alert channel during whole cycles: alerts stay pending with their error,
and are delivered exactly once when the channel recovers."""

from __future__ import annotations

from collections import Counter

import pytest
from loopback_servers.http_receiver import free_port
from reliability.channel_server import ChannelServer
from reliability.demo_runs import CliRunner, ConfigWriter
from sqlalchemy import select

from tallywatch.store import Alert, Database, Delivery

TIMEOUT = 1
"""`alerts.timeout` in seconds; the slow channel answers after three times that.  (A
channel slow past the timeout has read the request: that is the uncertain case, below.)"""

FAULTS = {
    "down": {},
    "answers 500": {"status": 500},
    "answers 503": {"status": 503},
}


def _alerts(db: Database) -> list[Alert]:
    with db.session() as session:
        alerts = list(session.scalars(select(Alert).order_by(Alert.id)))
        session.expunge_all()
    return alerts


def _config(write_config: ConfigWriter, port: int) -> str:
    url = f"json://127.0.0.1:{port}/hook"
    config = write_config(alerts={"urls": [url], "timeout": TIMEOUT, "retry_backoff_minutes": 0})
    return str(config)


@pytest.mark.parametrize(
    ("fault", "recover_with"),
    [
        ("down", ("run",)),
        ("answers 500", ("run",)),
        ("answers 503", ("alerts", "retry")),
    ],
    ids=lambda value: value if isinstance(value, str) else " ".join(value),
)
def test_alerts_wait_for_a_faulty_channel_and_arrive_once(
    fault: str,
    recover_with: tuple[str, ...],
    write_config: ConfigWriter,
    run_cli: CliRunner,
    db: Database,
) -> None:
    port = free_port()
    config = _config(write_config, port)
    channel = None if fault == "down" else ChannelServer(port)
    try:
        if channel:
            channel.behave(**FAULTS[fault])
        first = run_cli(config, "run")
        assert first.returncode == 0, first.stderr
        held = _alerts(db)
        assert held, "the demo site's first crawl raises baseline alerts"
        assert [(a.status, a.attempts) for a in held] == [("pending", 1)] * len(held)
        assert all(a.last_error for a in held)
        if channel:
            assert channel.accepted == []

        channel = channel or ChannelServer(port)
        channel.behave()
        healed = run_cli(config, *recover_with)
        assert healed.returncode == 0, healed.stderr
        again = run_cli(config, "run")
        assert again.returncode == 0, again.stderr

        delivered = _alerts(db)
        assert [a.status for a in delivered] == ["sent"] * len(held)
        titles = Counter(post["title"] for post in channel.accepted)
        assert len(channel.accepted) == len(held)
        assert max(titles.values()) == 1
    finally:
        if channel:
            channel.close()


@pytest.mark.xfail(
    strict=True,
    reason="apprise's json:// judges a delivery by the HTTP status only: a channel answering "
    "200 with an error body is recorded as sent and the alert is never retried",
)
def test_a_200_answer_with_an_error_body_is_not_a_delivery(
    write_config: ConfigWriter, run_cli: CliRunner, db: Database
) -> None:
    channel = ChannelServer()
    try:
        channel.behave(status=200, body=b'{"ok": false, "error": "channel_not_found"}')
        done = run_cli(_config(write_config, channel.port), "run")
        assert done.returncode == 0, done.stderr
        alerts = _alerts(db)
        assert alerts
        assert [a.status for a in alerts] == ["pending"] * len(alerts)
        assert all(a.last_error for a in alerts)
    finally:
        channel.close()


def test_a_channel_that_got_the_alert_and_timed_out_is_never_sent_it_again(
    write_config: ConfigWriter, run_cli: CliRunner, db: Database
) -> None:
    """The request reached the channel, which recorded it and then did not answer within
    `alerts.timeout`: the alert may have arrived, so it is marked uncertain, as a kill
    mid-send is, and no later run or retry sends it there again."""
    channel = ChannelServer()
    try:
        channel.behave(hang_after_recording=3 * TIMEOUT)
        config = _config(write_config, channel.port)
        first = run_cli(config, "run")
        assert first.returncode == 0, first.stderr
        alerts = _alerts(db)
        assert alerts
        assert len(channel.accepted) == len(alerts)
        for alert in alerts:
            assert alert.status == "failed"
            assert "may have arrived" in (alert.last_error or "")
        with db.session() as session:
            statuses = session.scalars(select(Delivery.status)).all()
        assert statuses == ["uncertain"] * len(alerts)
        channel.behave()
        for args in (("run",), ("alerts", "retry")):
            again = run_cli(config, *args)
            assert again.returncode == 0, again.stderr
        assert len(channel.accepted) == len(alerts)
        # an operator who checked the channel can still resend on purpose
        resent = run_cli(config, "alerts", "retry", "--failed")
        assert resent.returncode == 0, resent.stderr
        assert len(channel.accepted) == 2 * len(alerts)
    finally:
        channel.close()

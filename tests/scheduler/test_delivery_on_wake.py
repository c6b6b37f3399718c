"""Pending alerts go out even when no cycle ever completes.

A source that never answers keeps every cycle running into `run_timeout_minutes`; the
daemon kills each one.  The operator alert about that source is queued by the daemon
after the first killed cycle, and must reach its channel although no cycle delivers.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from loopback_servers.http_receiver import Receiver
from sqlalchemy import select

from tallywatch.store import Alert, Database


def test_alerts_are_delivered_when_every_cycle_is_killed(
    db: Database,
    receiver: Receiver,
    make_config: Callable[..., Any],
    start_daemon: Callable[..., Any],
    wait_for: Callable[..., Any],
) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        port = silent.getsockname()[1]
        config = make_config(
            [("silent", f"http://127.0.0.1:{port}/feed.xml")],
            schedule={
                "interval_minutes": 60,
                "run_timeout_minutes": 0.1,
                "stop_grace_seconds": 2,
            },
            alerts={
                "operator_after_failures": 1,
                "operator_url": receiver.url("/operator-on-wake"),
            },
            timeout=600,
        )
        daemon = start_daemon(config)
        [message] = wait_for(
            lambda: receiver.received("/operator-on-wake"), "the operator alert", timeout=90
        )
        assert daemon.stop() == 0
    assert "silent" in message["message"]
    with db.session() as session:
        [alert] = session.scalars(select(Alert).where(Alert.kind == "operator")).all()
        assert alert.status == "sent"
    assert 'event="cycle killed after its time limit"' in daemon.output()
    assert 'event="pending alerts delivered"' in daemon.output()

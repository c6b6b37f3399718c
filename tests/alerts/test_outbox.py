"""The outbox delivering through apprise to real loopback receivers (HTTP and SMTP)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from tallywatch.alerts.detect import detect_changes
from tallywatch.alerts.outbox import AlertOutbox
from tallywatch.store import Alert, Database, utcnow

HUR = "Ukraine's military intelligence"


def killed(value: int, qualifier: str = "exact") -> dict[str, Any]:
    return {
        "metric": "killed",
        "value": value,
        "qualifier": qualifier,
        "source": HUR,
        "sentence": f"{HUR} said {value:,} North Korean soldiers had been killed.",
    }


def rise(newsroom: Any, db: Database, settings: Any, *values: int) -> list[int]:
    """Detect a first value (the baseline), then each further value as its own batch."""
    ids = []
    for value in values:
        newsroom.story(f"Losses reach {value}", [killed(value, "approx")])
        with db.session() as session:
            ids += [a.id for a in detect_changes(session, settings, None)]
    return ids


def statuses(db: Database) -> dict[int, tuple[str, int]]:
    with db.session() as session:
        return {a.id: (a.status, a.attempts) for a in session.scalars(select(Alert))}


def test_json_receiver_gets_each_alert_once_with_title_and_values(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)])
    rise(newsroom, db, settings, 100, 300, 600)
    report = AlertOutbox(db, settings).deliver_pending()
    assert (report.sent, report.failed) == (3, 0)
    posts = receiver.received(hook)
    assert [p["title"] for p in posts] == [
        "nk-troops: tracking started (killed some 100)",
        "nk-troops: killed rose to 300 (+200)",
        "nk-troops: killed rose to 600 (+300)",
    ]
    assert "Killed: 300 → some 600 (+300)" in posts[2]["message"]
    assert f"Evidence: “{HUR} said 600 North Korean soldiers" in posts[2]["message"]
    assert "Link: https://wire.example/world/" in posts[2]["message"]

    again = AlertOutbox(db, settings).deliver_pending(utcnow() + timedelta(days=2))
    assert (again.sent, again.failed) == (0, 0)
    assert len(receiver.received(hook)) == 3
    assert set(statuses(db).values()) == {("sent", 1)}


def test_email_arrives_with_figure_link_and_evidence(
    smtp: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[smtp.url("desk@example.org")], baseline=False)
    rise(newsroom, db, settings, 100, 600)
    report = AlertOutbox(db, settings).deliver_pending()
    assert report.sent == 1
    (mail,) = smtp.mailbox.to("desk@example.org")
    assert mail["Subject"] == "nk-troops: killed rose to 600 (+500)"
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in mail.walk()
        if not p.is_multipart()
    }
    html, text = parts["text/html"], parts["text/plain"]
    assert "<strong>some 600</strong>" in html
    assert 'href="https://wire.example/world/' in html
    for body in (html, text):
        assert "600 North Korean soldiers had been killed" in body
        assert "https://wire.example/world/" in body
    assert "100 → some 600 (+500)" in text


@pytest.mark.parametrize("failure", ["http-500", "connection-refused"])
def test_failed_delivery_stays_pending_then_is_delivered_exactly_once(
    failure: str,
    receiver: Any,
    hook: str,
    unused_port: int,
    start_receiver: Any,
    newsroom: Any,
    db: Database,
    make_settings: Any,
) -> None:
    if failure == "http-500":
        receiver.respond(hook, 500)
        url = receiver.url(hook)
    else:
        url = f"json://127.0.0.1:{unused_port}{hook}"
    settings = make_settings(urls=[url], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    start = utcnow()

    report = AlertOutbox(db, settings).deliver_pending(start)
    assert (report.sent, report.failed) == (0, 1)
    with db.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert (alert.status, alert.attempts) == ("pending", 1)
        assert alert.next_attempt_at == start + timedelta(minutes=5)
        error = alert.last_error or ""
    assert ("500" in error) if failure == "http-500" else ("connection error" in error.lower())

    if failure == "http-500":
        receiver.respond(hook, 200)
        target = receiver
    else:
        target = start_receiver(unused_port)
    # not due yet: the backoff holds it back
    assert AlertOutbox(db, settings).deliver_pending(start).sent == 0
    assert target.received(hook) == []
    later = start + timedelta(minutes=6)
    assert AlertOutbox(db, settings).deliver_pending(later).sent == 1
    assert AlertOutbox(db, settings).deliver_pending(later + timedelta(days=1)).sent == 0
    assert len(target.received(hook)) == 1
    assert statuses(db)[alert_id] == ("sent", 2)


def test_a_channel_that_has_the_alert_is_not_sent_it_again(
    receiver: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    good, bad = "/hooks/partial-good", "/hooks/partial-bad"
    receiver.respond(bad, 500)
    settings = make_settings(urls=[receiver.url(good), receiver.url(bad)], baseline=False)
    rise(newsroom, db, settings, 100, 300)
    report = AlertOutbox(db, settings).deliver_pending()
    assert (report.sent, report.failed) == (0, 1)
    assert [o.ok for o in report.outcomes] == [True, False]
    receiver.respond(bad, 200)
    assert AlertOutbox(db, settings).deliver_pending(utcnow() + timedelta(hours=1)).sent == 1
    assert (len(receiver.received(good)), len(receiver.received(bad))) == (1, 1)


def test_backoff_doubles_and_gives_up_after_max_attempts(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    receiver.respond(hook, 500)
    settings = make_settings(urls=[receiver.url(hook)], baseline=False, max_attempts=3)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    outbox = AlertOutbox(db, settings)
    when = utcnow()
    waits = []
    for _ in range(3):
        outbox.deliver_pending(when)
        with db.session() as session:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            if alert.next_attempt_at is not None and alert.status == "pending":
                waits.append(alert.next_attempt_at - when)
                when = alert.next_attempt_at
    assert waits == [timedelta(minutes=5), timedelta(minutes=10)]
    assert statuses(db)[alert_id] == ("failed", 3)

    receiver.respond(hook, 200)
    assert outbox.requeue_failed() == 1
    assert outbox.deliver_pending(when).sent == 1
    assert len(receiver.received(hook)) == 1


def _interrupt(db: Database, alert_id: int, sending_to: str | None) -> None:
    """Leave the alert as a killed worker would: claimed long ago, maybe mid-send."""
    with db.session() as session:
        session.execute(
            update(Alert)
            .where(Alert.id == alert_id)
            .values(
                status="sending",
                claimed_by="dead-host:1/abc",
                claimed_at=utcnow() - timedelta(hours=1),
                sending_to=sending_to,
            )
        )


def test_interrupted_before_sending_is_delivered_once(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    _interrupt(db, alert_id, None)
    report = AlertOutbox(db, settings).deliver_pending()
    assert (report.interrupted, report.sent) == (1, 1)
    assert len(receiver.received(hook)) == 1


def test_interrupted_mid_send_is_not_resent_until_an_operator_says_so(
    receiver: Any, hook: str, secret: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    outbox = AlertOutbox(db, settings)
    (channel,) = outbox.routing.all()
    _interrupt(db, alert_id, channel.fingerprint)
    report = outbox.deliver_pending()
    assert (report.interrupted, report.sent, report.gave_up) == (1, 0, 1)
    assert receiver.received(hook) == []
    with db.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None and alert.status == "failed"
        assert "interrupted" in (alert.last_error or "")
        assert channel.display in (alert.last_error or "")
        assert secret not in (alert.last_error or "")
    assert outbox.requeue_failed([alert_id]) == 1
    assert outbox.deliver_pending().sent == 1
    assert len(receiver.received(hook)) == 1


def test_two_workers_deliver_each_alert_exactly_once(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], baseline=False)
    ids = rise(newsroom, db, settings, 100, *range(200, 1000, 100))
    assert len(ids) == 8
    reports = []

    def work(name: str) -> None:
        reports.append(AlertOutbox(db, settings, worker=name).deliver_pending())

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == 8
    titles = [p["title"] for p in receiver.received(hook)]
    assert len(titles) == len(set(titles)) == 8


def test_digest_sends_one_message_per_topic(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], digest=True)
    rise(newsroom, db, settings, 100)
    newsroom.story(
        "Troops and losses",
        [
            killed(300),
            {"metric": "deployed", "value": 11_000, "high": 12_000, "sentence": "11,000-12,000."},
        ],
    )
    newsroom.story(
        "Civilians",
        [{"topic": "kursk-civilians", "metric": "displaced", "value": 9, "sentence": "Nine."}],
    )
    with db.session() as session:
        assert len(detect_changes(session, settings, None)) == 3
    report = AlertOutbox(db, settings).deliver_pending()
    assert report.sent == 4
    titles = [p["title"] for p in receiver.received(hook)]
    assert titles == [
        "nk-troops: 3 updates \u2014 tracking started (killed some 100); killed rose to 300 "
        "(+200); deployed first reported: 11,000\u201312,000",
        "kursk-civilians: tracking started (displaced 9)",
    ]


def test_echo_prints_each_alert_and_closes_it_without_channels(
    capsys: pytest.CaptureFixture[str], newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(echo=True, baseline=False)
    rise(newsroom, db, settings, 100, 300)
    assert AlertOutbox(db, settings).deliver_pending().sent == 1
    out = capsys.readouterr().out
    assert "[alert] nk-troops: killed rose to 300 (+200)" in out
    assert "Killed: 100 → some 300 (+200)" in out


def test_user_templates_replace_the_built_in_ones(
    tmp_path: Any, receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    (tmp_path / "title.txt.j2").write_text(
        "{{ alert.metric | upper }} {{ alert.previous_text }} => {{ alert.value_text }}"
    )
    settings = make_settings(urls=[receiver.url(hook)], baseline=False, templates=str(tmp_path))
    rise(newsroom, db, settings, 100, 300)
    AlertOutbox(db, settings).deliver_pending()
    (post,) = receiver.received(hook)
    assert post["title"] == "KILLED 100 => 300"
    assert post["message"].startswith("Killed: 100 → some 300")


def test_topic_routes_and_apprise_config_tags(
    tmp_path: Any, receiver: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    from tallywatch.config import parse_settings

    paths = {name: f"/hooks/route-{name}" for name in ("all", "nk", "tagged", "other", "file")}
    (tmp_path / "apprise.txt").write_text(
        f"{receiver.url(paths['file'])}\n"
        f"nk-troops={receiver.url(paths['tagged'])}\n"
        f"elsewhere={receiver.url(paths['other'])}\n"
    )
    base = make_settings(urls=[receiver.url(paths["all"])], baseline=False)
    data = base.model_dump(mode="json", exclude={"path"})
    data["alerts"]["apprise_config"] = str(tmp_path / "apprise.txt")
    data["topics"][0]["alert_urls"] = [receiver.url(paths["nk"])]
    settings = parse_settings(data, environ={})
    rise(newsroom, db, settings, 100, 300)
    for value in (9, 12):
        newsroom.story(
            "Civilians",
            [{"topic": "kursk-civilians", "metric": "displaced", "value": value, "sentence": "."}],
        )
        with db.session() as session:
            detect_changes(session, settings, None)
    assert AlertOutbox(db, settings).deliver_pending().sent == 2
    counts = {name: len(receiver.received(path)) for name, path in paths.items()}
    assert counts == {"all": 2, "nk": 1, "tagged": 1, "other": 0, "file": 2}


def test_an_unusable_url_keeps_the_alert_pending_with_the_reason(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=["nosuchservice://token/abc"], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    report = AlertOutbox(db, settings).deliver_pending()
    assert report.failed == 1
    with db.session() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None and alert.status == "pending"
        assert "apprise does not recognise this URL" in (alert.last_error or "")

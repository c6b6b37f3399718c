"""The outbox delivering through apprise to real loopback receivers (HTTP and SMTP)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from sqlalchemy import select

from tallywatch.alerts.channels import ECHO_FINGERPRINT
from tallywatch.alerts.detect import detect_changes
from tallywatch.alerts.outbox import AlertOutbox
from tallywatch.constants import NO_CHANNEL
from tallywatch.store import Alert, Database, Delivery, utcnow

HUR = "Ukraine's military intelligence"


def killed(value: int, qualifier: str = "exact") -> dict[str, Any]:
    return {
        "metric": "killed",
        "value": value,
        "qualifier": qualifier,
        "source": HUR,
        "sentence": f"{HUR} said {value:,} North Korean soldiers had been killed.",
    }


def displaced(value: int) -> dict[str, Any]:
    return {
        "topic": "kursk-civilians",
        "metric": "displaced",
        "value": value,
        "sentence": f"{value:,} civilians have left their homes.",
    }


def rise(newsroom: Any, db: Database, settings: Any, *values: int) -> list[int]:
    """Detect a first value (the baseline), then each further value as its own batch."""
    ids = []
    for value in values:
        newsroom.story(f"Losses reach {value}", [killed(value, "approx")])
        with db.session() as session:
            ids += [a.id for a in detect_changes(session, settings, None)]
    return ids


def civilian_rise(newsroom: Any, db: Database, settings: Any, *values: int) -> list[int]:
    ids = []
    for value in values:
        newsroom.story(f"{value} displaced", [displaced(value)])
        with db.session() as session:
            ids += [a.id for a in detect_changes(session, settings, None)]
    return ids


def statuses(db: Database) -> dict[int, tuple[str, int]]:
    with db.session() as session:
        return {a.id: (a.status, a.attempts) for a in session.scalars(select(Alert))}


def alert(db: Database, alert_id: int) -> Alert:
    with db.session() as session:
        found = session.get(Alert, alert_id)
        assert found is not None
        return found


def subject(mail: Message) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def text_of(mail: Message) -> str:
    (part,) = [p for p in mail.walk() if p.get_content_type() == "text/plain"]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_json_receiver_gets_each_alert_once_with_title_and_values(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)])
    rise(newsroom, db, settings, 100, 300, 600)
    report = AlertOutbox(db, settings).deliver_pending()
    assert (report.sent, report.failed, report.waiting) == (3, 0, 0)
    posts = receiver.received(hook)
    assert [p["title"] for p in posts] == [
        "nk-troops: tracking started (killed some 100)",
        "nk-troops: killed rose to 300 (+200)",
        "nk-troops: killed rose to 600 (+300)",
    ]
    assert "Killed: 300 → some 600 (+300)" in posts[2]["message"]
    assert f"Previous high: 300, from {HUR} (2025-01-14)." in posts[2]["message"]
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
    held = alert(db, alert_id)
    assert (held.status, held.attempts) == ("pending", 1)
    assert held.next_attempt_at == start + timedelta(minutes=5)
    error = held.last_error or ""
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


def test_each_channel_keeps_its_own_attempts_and_a_channel_that_has_it_is_skipped(
    receiver: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    good, bad = "/hooks/partial-good", "/hooks/partial-bad"
    receiver.respond(bad, 500)
    settings = make_settings(urls=[receiver.url(good), receiver.url(bad)], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    start = utcnow()
    report = AlertOutbox(db, settings).deliver_pending(start)
    assert (report.sent, report.failed) == (0, 1)
    assert [o.ok for o in report.outcomes] == [True, False]
    with db.session() as session:
        rows = {d.status: d for d in session.scalars(select(Delivery))}
        assert set(rows) == {"sent", "pending"}
        assert rows["sent"].next_attempt_at is None and rows["sent"].attempts == 1
        assert rows["pending"].next_attempt_at == start + timedelta(minutes=5)
    assert "partial-good" not in (alert(db, alert_id).last_error or "")
    receiver.respond(bad, 200)
    assert AlertOutbox(db, settings).deliver_pending(start + timedelta(hours=1)).sent == 1
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
        held = alert(db, alert_id)
        if held.next_attempt_at is not None and held.status == "pending":
            waits.append(held.next_attempt_at - when)
            when = held.next_attempt_at
    assert waits == [timedelta(minutes=5), timedelta(minutes=10)]
    assert statuses(db)[alert_id] == ("failed", 3)

    receiver.respond(hook, 200)
    assert outbox.requeue_failed() == 1
    assert outbox.deliver_pending(when).sent == 1
    assert len(receiver.received(hook)) == 1


def _interrupt(db: Database, alert_id: int, channel: str, status: str) -> None:
    """Leave the delivery as a killed worker would: claimed long ago, maybe mid-send."""
    with db.session() as session:
        session.add(
            Delivery(
                alert_id=alert_id,
                channel=channel,
                status=status,
                attempts=0,
                claimed_by="dead-host:1/abc",
                claimed_at=utcnow() - timedelta(hours=1),
            )
        )


def test_interrupted_before_sending_is_delivered_once(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    outbox = AlertOutbox(db, settings)
    (channel,) = outbox.routing.all()
    _interrupt(db, alert_id, channel.fingerprint, "claimed")
    report = outbox.deliver_pending()
    assert (report.interrupted, report.sent) == (1, 1)
    assert len(receiver.received(hook)) == 1


def test_interrupted_mid_send_is_not_resent_until_an_operator_says_so(
    receiver: Any, hook: str, secret: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    outbox = AlertOutbox(db, settings)
    (channel,) = outbox.routing.all()
    _interrupt(db, alert_id, channel.fingerprint, "sending")
    report = outbox.deliver_pending()
    assert (report.interrupted, report.sent, report.gave_up) == (1, 0, 1)
    assert receiver.received(hook) == []
    failed = alert(db, alert_id)
    assert failed.status == "failed"
    assert "interrupted" in (failed.last_error or "")
    assert channel.display in (failed.last_error or "")
    assert secret not in (failed.last_error or "")
    assert outbox.requeue_failed([alert_id]) == 1
    assert outbox.deliver_pending().sent == 1
    assert len(receiver.received(hook)) == 1


def test_two_workers_deliver_each_alert_exactly_once(
    receiver: Any, hook: str, newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=[receiver.url(hook)], baseline=False, burst=0)
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
    assert sum(len(r.outcomes) for r in reports) == 8
    titles = [p["title"] for p in receiver.received(hook)]
    assert len(titles) == len(set(titles)) == 8
    assert set(statuses(db).values()) == {("sent", 1)}


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
    newsroom.story("Civilians", [displaced(9)])
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


@pytest.mark.parametrize(
    ("burst", "rises", "posts"),
    [
        (5, 5, 5),  # at the limit: one message each
        (5, 6, 2),  # above it: one digest per topic (4 of nk-troops, 2 of kursk-civilians)
        (0, 6, 6),  # 0: never grouped
    ],
)
def test_a_burst_to_one_channel_becomes_one_digest_per_topic(
    burst: int,
    rises: int,
    posts: int,
    receiver: Any,
    hook: str,
    smtp: Any,
    newsroom: Any,
    db: Database,
    make_settings: Any,
) -> None:
    mailbox = f"burst-{burst}-{rises}@example.org"
    urls = [receiver.url(hook)]
    if posts == 2:  # (apprise waits 5.5 s between two emails: one case is enough)
        urls.append(smtp.url(mailbox))
    settings = make_settings(urls=urls, baseline=False, burst=burst)
    rise(newsroom, db, settings, 100)
    civilian_rise(newsroom, db, settings, 1_000)
    nk = rises - 2
    ids = rise(newsroom, db, settings, *range(200, 200 + 100 * nk, 100))
    ids += civilian_rise(newsroom, db, settings, 2_000, 3_000)
    assert len(ids) == rises
    report = AlertOutbox(db, settings).deliver_pending()
    assert report.sent == rises
    titles = [p["title"] for p in receiver.received(hook)]
    assert len(titles) == posts
    if posts == 2:
        assert titles[0].startswith(f"nk-troops: {nk} updates \u2014 killed rose to 200")
        assert titles[1].startswith("kursk-civilians: 2 updates \u2014 displaced rose to 2,000")
        mails = smtp.mailbox.to(mailbox)
        assert [subject(m) for m in mails] == titles
        assert "1. killed rose to 200 (+100)" in text_of(mails[0])
        assert f"{nk}. killed rose to {100 + 100 * nk}" in text_of(mails[0])


def test_without_a_channel_alerts_wait_then_go_out_once_a_url_is_added(
    receiver: Any, hook: str, smtp: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    nothing = make_settings(urls=[], baseline=False)
    ids = rise(newsroom, db, nothing, 100, 300, 600)
    for _ in range(2):
        report = AlertOutbox(db, nothing).deliver_pending()
        assert (report.sent, report.failed, report.waiting) == (0, 0, 2)
        for alert_id in ids:
            waiting = alert(db, alert_id)
            assert (waiting.status, waiting.attempts, waiting.last_error) == (
                "waiting",
                0,
                NO_CHANNEL,
            )
            assert waiting.sent_at is None

    added = make_settings(urls=[receiver.url(hook), smtp.url("added@example.org")], baseline=False)
    report = AlertOutbox(db, added).deliver_pending()
    assert (report.sent, report.failed, report.waiting) == (2, 0, 0)
    assert [p["title"] for p in receiver.received(hook)] == [
        "nk-troops: killed rose to 300 (+200)",
        "nk-troops: killed rose to 600 (+300)",
    ]
    assert [subject(m) for m in smtp.mailbox.to("added@example.org")] == [
        "nk-troops: killed rose to 300 (+200)",
        "nk-troops: killed rose to 600 (+300)",
    ]
    assert set(statuses(db).values()) == {("sent", 1)}
    assert AlertOutbox(db, added).deliver_pending(utcnow() + timedelta(days=1)).sent == 0
    assert len(receiver.received(hook)) == 2


def test_alerts_that_waited_past_the_summary_age_go_as_one_summary_per_topic(
    receiver: Any, hook: str, smtp: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    nothing = make_settings(urls=[], baseline=False)
    rise(newsroom, db, nothing, 100, 300, 600)
    civilian_rise(newsroom, db, nothing, 1_000, 2_000)
    assert AlertOutbox(db, nothing).deliver_pending().waiting == 3

    added = make_settings(
        urls=[receiver.url(hook), smtp.url("late@example.org")],
        baseline=False,
        summary_after_days=3,
    )
    later = utcnow() + timedelta(days=3, minutes=1)
    report = AlertOutbox(db, added).deliver_pending(later)
    assert report.sent == 3
    posts = receiver.received(hook)
    assert [p["title"] for p in posts] == [
        "nk-troops: 2 earlier updates \u2014 killed rose to 300 (+200); killed rose to 600 (+300)",
        "kursk-civilians: 1 earlier update \u2014 displaced rose to 2,000 (+1,000)",
    ]
    lines = posts[0]["message"].splitlines()
    assert lines[0].startswith("2 earlier updates for nk-troops, held back until now")
    assert lines[1].startswith(
        f"- 2025-01-14: killed rose to 300 (+200), per {HUR} \u2014 https://"
    )
    mails = smtp.mailbox.to("late@example.org")
    assert [subject(m) for m in mails] == [p["title"] for p in posts]


def test_a_stuck_channel_does_not_hold_back_another(
    receiver: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    stuck, quick = "/hooks/stuck", "/hooks/quick"
    settings = make_settings(
        urls=[receiver.url(stuck), receiver.url(quick)], baseline=False, burst=0, timeout=30
    )
    rise(newsroom, db, settings, 100, 200, 300, 400)
    receiver.hold(stuck)
    done: list[Any] = []
    worker = threading.Thread(
        target=lambda: done.append(AlertOutbox(db, settings).deliver_pending())
    )
    worker.start()
    try:
        # The quick channel gets all three while the stuck one has not answered its first.
        deadline = time.monotonic() + 20
        while len(receiver.received(quick)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(receiver.received(quick)) == 3
        assert receiver.received(stuck) == []
        assert not done
    finally:
        receiver.release(stuck)
        worker.join()
    assert done[0].sent == 3
    assert len(receiver.received(stuck)) == 3


def test_echo_alone_prints_each_alert_once_and_the_alert_waits(
    capsys: pytest.CaptureFixture[str], newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(echo=True, baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    for _ in range(2):
        report = AlertOutbox(db, settings).deliver_pending()
        assert (report.sent, report.waiting) == (0, 1)
    out = capsys.readouterr().out
    assert out.count("[alert] nk-troops: killed rose to 300 (+200)") == 1
    assert "Killed: 100 → some 300 (+200)" in out
    assert (alert(db, alert_id).status, alert(db, alert_id).last_error) == ("waiting", NO_CHANNEL)


def test_echo_counts_as_a_channel_when_the_user_says_so(
    capsys: pytest.CaptureFixture[str], newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(echo=True, echo_is_channel=True, baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    assert AlertOutbox(db, settings).deliver_pending().sent == 1
    assert "[alert] nk-troops: killed rose to 300 (+200)" in capsys.readouterr().out
    assert statuses(db)[alert_id] == ("sent", 1)
    with db.session() as session:
        (delivery,) = session.scalars(select(Delivery))
        assert delivery.channel == ECHO_FINGERPRINT


def test_echo_beside_a_url_prints_and_the_url_decides(
    capsys: pytest.CaptureFixture[str],
    receiver: Any,
    hook: str,
    newsroom: Any,
    db: Database,
    make_settings: Any,
) -> None:
    receiver.respond(hook, 500)
    settings = make_settings(urls=[receiver.url(hook)], echo=True, baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    assert AlertOutbox(db, settings).deliver_pending().failed == 1
    assert "[alert] nk-troops: killed rose to 300" in capsys.readouterr().out
    assert alert(db, alert_id).status == "pending"


def test_removing_a_dead_channel_settles_its_alerts(
    receiver: Any, newsroom: Any, db: Database, make_settings: Any
) -> None:
    good, dead = "/hooks/keep", "/hooks/dead"
    receiver.respond(dead, 500)
    both = make_settings(urls=[receiver.url(good), receiver.url(dead)], baseline=False)
    (alert_id,) = rise(newsroom, db, both, 100, 300)
    AlertOutbox(db, both).deliver_pending()
    assert alert(db, alert_id).status == "pending"
    one = make_settings(urls=[receiver.url(good)], baseline=False)
    assert AlertOutbox(db, one).deliver_pending().sent == 1
    assert alert(db, alert_id).status == "sent"
    assert len(receiver.received(good)) == 1


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


def test_a_url_apprise_cannot_read_keeps_the_alert_pending_with_the_reason(
    newsroom: Any, db: Database, make_settings: Any
) -> None:
    settings = make_settings(urls=["slack://token-without-the-rest"], baseline=False)
    (alert_id,) = rise(newsroom, db, settings, 100, 300)
    report = AlertOutbox(db, settings).deliver_pending()
    assert report.failed == 1
    held = alert(db, alert_id)
    assert held.status == "pending"
    assert "apprise does not recognise this URL" in (held.last_error or "")

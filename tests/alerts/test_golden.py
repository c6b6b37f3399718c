"""Golden files: one cross-source rise as each channel really receives it.

The rise is the one that prompted this context: Ukraine's HUR gave 12,000 in October,
South Korea's NIS 11,000 in January, and now the NIS says some 14,000.  The messages are
captured where they arrive: a loopback SMTP server (the email's text and HTML parts), a
loopback HTTP receiver for the `json://` webhook, and the same receiver standing in for
Slack's webhook host (Slack's servers are the one thing that cannot run here; apprise
builds and posts the real payload).  Markdown (Discord, Mattermost) and digest and
summary messages are compared as rendered.

`TALLYWATCH_UPDATE_GOLDEN=1 pytest tests/alerts/test_golden.py` rewrites the files after
an intended change; review the diff.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest

from tallywatch.alerts.detect import detect_changes
from tallywatch.alerts.messages import AlertView, MessageRenderer
from tallywatch.alerts.outbox import AlertOutbox
from tallywatch.config import Settings, parse_settings
from tallywatch.review.alerts import list_alerts
from tallywatch.store import Alert, Database

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("TALLYWATCH_UPDATE_GOLDEN") == "1"
REVIEW = "https://review.example.org"
FIGURE_ID = "FIGURE_ID"
"""Stands for the figure's id (the database assigns it) in the golden files."""
SLACK_TOKENS = "T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ"
HUR = "Ukraine's military intelligence (HUR)"
NIS = "South Korea's National Intelligence Service"


def check(name: str, actual: str, figure_id: int | None = None) -> None:
    """`actual` equals the golden file `name` (its FIGURE_ID standing for `figure_id`;
    lines end in `\n`, though an email's parts travel with CRs)."""
    path = GOLDEN / name
    shown = re.sub(r"\r+\n", "\n", actual)
    if figure_id is not None:
        shown = shown.replace(f"/figures/{figure_id}", f"/figures/{FIGURE_ID}")
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def deployed(value: int, source: str, sentence: str, qualifier: str = "exact") -> dict[str, Any]:
    return {
        "metric": "deployed",
        "value": value,
        "qualifier": qualifier,
        "source": source,
        "sentence": sentence,
    }


def cross_source_rise(newsroom: Any, db: Database, settings: Settings) -> Alert:
    newsroom.story(
        "Ukraine says 12,000 North Korean troops are in Russia",
        [deployed(12_000, HUR, f"{HUR} said 12,000 North Korean troops had arrived in Russia.")],
        site="kyiv-wire",
        published="2024-10-30",
        url="https://kyiv-wire.example/2024/10/30/north-korean-troops-12000",
    )
    newsroom.story(
        "Seoul puts North Korean troops in Russia at 11,000",
        [deployed(11_000, NIS, f"{NIS} put the number of North Korean troops at 11,000.")],
        site="seoul-daily",
        published="2025-01-13",
        url="https://seoul-daily.example/2025/01/13/nis-11000",
    )
    with db.session() as session:
        assert detect_changes(session, settings, None) == []
    newsroom.story(
        "North Korea has sent about 14,000 troops to Russia, Seoul says",
        [
            deployed(
                14_000,
                NIS,
                f"{NIS} told lawmakers on Tuesday that North Korea had sent some 14,000 "
                "troops to Russia.",
                "approx",
            )
        ],
        site="seoul-daily",
        published="2025-02-04T10:30:00+09:00",
        url="https://seoul-daily.example/2025/02/04/nis-14000",
    )
    with db.session() as session:
        (rise,) = detect_changes(session, settings, None)
    return rise


def settings_for(db_url: str, urls: list[str]) -> Settings:
    return parse_settings(
        {
            "database": {"url": db_url},
            "topics": [{"name": "nk-troops", "subjects": ["North Korean"]}],
            "alerts": {"urls": urls, "baseline": False, "timeout": 5},
            "review": {"base_url": REVIEW},
        },
        environ={},
    )


def test_a_cross_source_rise_as_each_channel_receives_it(
    receiver: Any,
    hook: str,
    smtp: Any,
    newsroom: Any,
    db: Database,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from apprise.plugins.slack import NotifySlack

    monkeypatch.setattr(NotifySlack, "webhook_url", f"http://127.0.0.1:{receiver.port}/services")
    settings = settings_for(
        db_url,
        [receiver.url(hook), smtp.url("golden@example.org"), f"slack://{SLACK_TOKENS}"],
    )
    rise = cross_source_rise(newsroom, db, settings)
    assert rise.figure_id is not None
    report = AlertOutbox(db, settings).deliver_pending()
    assert (report.sent, report.failed) == (1, 0)
    figure = rise.figure_id

    (webhook,) = receiver.received(hook)
    check("cross-source.webhook.json", json.dumps(webhook, indent=2, ensure_ascii=False), figure)

    (slack,) = receiver.received(f"/services/{SLACK_TOKENS}")
    for attachment in slack.get("attachments", []):
        attachment["ts"] = "(time of sending)"
    check("cross-source.slack.json", json.dumps(slack, indent=2, ensure_ascii=False), figure)

    (mail,) = smtp.mailbox.to("golden@example.org")
    subject = str(make_header(decode_header(mail["Subject"])))
    assert subject == "nk-troops: deployed rose to 14,000 (+2,000)"
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in mail.walk()
        if not part.is_multipart()
    }
    check("cross-source.email.txt", parts["text/plain"], figure)
    check("cross-source.email.html", parts["text/html"], figure)

    markdown = MessageRenderer(review_base_url=REVIEW).render([rise], "md")
    check("cross-source.md", f"{markdown.title}\n\n{markdown.body}", figure)

    with db.session() as session:
        (stored,) = list_alerts(session).rows  # as `alerts --json` and the export give it
    record = stored.record(REVIEW)
    record.update(
        id="(alert id)",
        figure_id="(figure id)",
        article_id="(article id)",
        created_at="(when raised)",
        sent_at="(when sent)",
    )
    check("cross-source.record.json", json.dumps(record, indent=2, ensure_ascii=False), figure)


def view(number: int, metric: str, previous: int, value: int, **extra: Any) -> AlertView:
    fields: dict[str, Any] = {
        "id": number,
        "kind": "increase",
        "topic": "nk-troops",
        "metric": metric,
        "previous": previous,
        "value": value,
        "high": None,
        "qualifier": "exact",
        "source": NIS,
        "article_url": f"https://seoul-daily.example/2025/02/0{number}/story",
        "article_title": f"Story {number}",
        "published": f"2025-02-0{number}",
        "sentence": f"{NIS} said {value:,} North Korean soldiers had been {metric}.",
        "summary": None,
        "created_at": datetime(2025, 2, number, 9, 0, tzinfo=UTC),
        "previous_source": HUR,
        "previous_date": "2025-01-20",
        "figure_id": 40 + number,
        "review_url": f"{REVIEW}/figures/{40 + number}",
        **extra,
    }
    return AlertView(**fields)


BATCH = [
    view(1, "killed", 300, 600, qualifier="approx", source_previous=450),
    view(2, "wounded", 2_700, 3_000, source=HUR, previous_source=HUR),
    view(3, "captured", 2, 4, source=None),
    view(4, "deployed", 12_000, 14_000, source_previous=11_000, source_previous_date="2025-01-13"),
]


@pytest.mark.parametrize("flavour", ["txt", "md", "slack", "html"])
@pytest.mark.parametrize("kind", ["digest", "summary"])
def test_digests_and_summaries_as_rendered(kind: str, flavour: str) -> None:
    message = MessageRenderer().render(BATCH, flavour, summary=kind == "summary")
    check(f"{kind}.{flavour}", f"{message.title}\n\n{message.body}")

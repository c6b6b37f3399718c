"""Rendering alert messages per channel flavour (no network: Slack cannot run locally)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tallywatch.alerts.channels import channel_of_url
from tallywatch.alerts.messages import AlertView, MessageRenderer
from tallywatch.alerts.wording import qualified_text, report_date

URL = "https://news.example/world/2025/01/14/north-korean-losses"
SENTENCE = (
    "Ukraine's military intelligence said on Tuesday that some 600 North Korean "
    "soldiers had been killed in the Kursk region since November."
)


def view(**changes: Any) -> AlertView:
    base: dict[str, Any] = {
        "id": 7,
        "kind": "increase",
        "topic": "nk-troops",
        "metric": "killed",
        "previous": 300,
        "value": 600,
        "high": None,
        "qualifier": "approx",
        "source": "Ukraine's military intelligence (HUR)",
        "article_url": URL,
        "article_title": "North Korean losses in Kursk reach 600, Kyiv says",
        "published": "2025-01-14",
        "sentence": SENTENCE,
        "summary": None,
        "created_at": datetime(2025, 1, 14, 9, 30, tzinfo=UTC),
        "previous_source": "Ukraine's military intelligence (HUR)",
        "previous_date": "2025-01-02",
    }
    base.update(changes)
    return AlertView(**base)


@pytest.mark.parametrize(
    ("value", "high", "qualifier", "text"),
    [
        (600, None, "exact", "600"),
        (600, None, "approx", "some 600"),
        (600, None, "at_least", "more than 600"),
        (600, None, "at_most", "nearly 600"),
        (11_000, 12_000, "exact", "11,000\u201312,000"),
        (11_000, 12_000, "approx", "some 11,000\u201312,000"),
        (1_500_000, None, None, "1,500,000"),
    ],
)
def test_qualifier_in_words(value: int, high: int | None, qualifier: str | None, text: str) -> None:
    assert qualified_text(value, high, qualifier) == text


@pytest.mark.parametrize(
    ("changes", "title"),
    [
        ({}, "nk-troops: killed rose to 600 (+300)"),
        (
            {"previous": None, "value": 2, "metric": "captured"},
            "nk-troops: captured first reported: 2",
        ),
        (
            {"metric": "deployed", "previous": 10_000, "value": 11_000, "high": 12_000},
            "nk-troops: deployed rose to 11,000\u201312,000 (+1,000)",
        ),
        (
            {"kind": "conflict", "previous": 600, "value": 400, "source": "Pentagon"},
            "nk-troops: lower killed figure from Pentagon: 400 (tracked: 600)",
        ),
        (
            {
                "kind": "baseline",
                "metric": None,
                "value": None,
                "previous": None,
                "summary": "deployed: 1,500 (per NIS) \u2014 A, 2024-10-18: https://x.example/a\n"
                "killed: some 100 \u2014 B: https://x.example/b",
            },
            "nk-troops: tracking started (deployed 1,500; killed some 100)",
        ),
        (
            {"kind": "operator", "topic": None, "summary": "source wire failed 3 runs\nmore"},
            "source wire failed 3 runs",
        ),
    ],
)
def test_titles(changes: dict[str, Any], title: str) -> None:
    assert MessageRenderer().render([view(**changes)], "txt").title == title


def test_slack_message_is_slack_mrkdwn() -> None:
    channel = channel_of_url("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#news", "t")
    assert channel.flavour == "slack"
    alert = view(article_title="Losses <rise> | Kyiv")
    message = MessageRenderer().render([alert], channel.flavour)
    assert message.body_format == "markdown"
    assert message.body.splitlines() == [
        "*Killed*: 300 → *some 600* (+300)",
        "Previous high: 300, from Ukraine's military intelligence (HUR) (2025-01-02).",
        "*Source:* Ukraine's military intelligence (HUR)",
        f"*Article:* <{URL}|Losses \u2039rise\u203a \u00a6 Kyiv> · 2025-01-14",
        f"*Evidence:* _“{SENTENCE}”_",
    ]
    assert "**" not in message.body and "](" not in message.body


@pytest.mark.parametrize(
    ("url", "flavour"),
    [
        ("mailto://u:p@smtp.example.org?to=a@example.org", "html"),
        ("mailto://u:p@smtp.example.org?to=a@example.org&format=text", "txt"),
        ("json://127.0.0.1:9/hook", "txt"),
        ("discord://1234567890/abcdefghijk", "md"),
        ("tgram://123456789:abcdefgh/123", "txt"),
    ],
)
def test_flavour_follows_the_channel(url: str, flavour: str) -> None:
    assert channel_of_url(url, "t").flavour == flavour


def test_markdown_escapes_article_text() -> None:
    body = MessageRenderer().render([view(article_title="The *real* [count]")], "md").body
    assert f"**Article:** [The \\*real\\* \\[count\\]](<{URL}>) (2025-01-14)" in body
    assert "**Killed**: 300 → **some 600** (+300)" in body


def test_email_html_escapes_and_links() -> None:
    alert = view(source="Smith & Co <analysts>")
    body = MessageRenderer().render([alert], "html").body
    assert "Smith &amp; Co &lt;analysts&gt;" in body
    assert f'<a href="{URL}">{URL}</a>' in body
    assert "<strong>some 600</strong>" in body


def test_digest_lists_each_alert_under_its_headline() -> None:
    alerts = [
        view(),
        view(id=8, metric="deployed", previous=10_000, value=11_000, high=12_000, qualifier=None),
    ]
    message = MessageRenderer().render(alerts, "txt")
    assert message.title == (
        "nk-troops: 2 updates \u2014 killed rose to 600 (+300); "
        "deployed rose to 11,000\u201312,000 (+1,000)"
    )
    lines = message.body.splitlines()
    assert lines[0] == "2 updates for nk-troops:"
    assert "1. killed rose to 600 (+300)" in lines
    assert "Deployed: 10,000 → 11,000\u201312,000 (+1,000)" in lines


def test_a_broken_user_template_is_reported(tmp_path: Path) -> None:
    import jinja2

    (tmp_path / "alert.txt.j2").write_text("{{ alert.no_such_field }}")
    with pytest.raises(jinja2.TemplateError):
        MessageRenderer(tmp_path).render([view()], "txt")
    assert "Killed" in MessageRenderer(tmp_path).render([view()], "slack").body


@pytest.mark.parametrize(
    ("published", "date"),
    [
        ("2025-01-13", "2025-01-13"),
        ("2025-01-13T08:00:00+09:00", "2025-01-13"),
        ("13 January 2025", "13 January 2025"),
        ("", None),
        (None, None),
    ],
)
def test_report_date_keeps_the_date_part(published: str | None, date: str | None) -> None:
    assert report_date(published) == date


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"source": "the regional government", "previous_source": "Velmar officials"},
            "The regional government now says some 600; the previous high, 300, came from "
            "Velmar officials (2025-01-02).",
        ),
        (
            {"source_previous": 450, "source_previous_date": "2025-01-10", "source": "NIS"},
            "NIS now says some 600 (its last figure: 450, 2025-01-10); the previous high, 300, "
            "came from Ukraine's military intelligence (HUR) (2025-01-02).",
        ),
        ({"previous_source": None, "previous_date": None}, "Previous high: 300."),
        ({"previous": None}, None),
    ],
    ids=["lower-case-source", "own-last-figure", "unknown-origin", "first-report"],
)
def test_the_context_line(changes: dict[str, Any], line: str | None) -> None:
    lines = MessageRenderer().render([view(**changes)], "txt").body.splitlines()
    context = [x for x in lines[1:] if not x.startswith(("Source:", "Article:", "Link:", "Ev"))]
    assert context == ([line] if line else [])

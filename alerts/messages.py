"""Alert messages rendered from Jinja2 templates, one flavour per kind of channel.

Template files (built-in ones in `alerts/templates/`; a file of the same name in
`[alerts] templates = "DIR"` replaces it):

* `title.txt.j2` — the one-line title (`nk-troops: killed rose to 600 (+300)`);
* `alert.<fmt>.j2` — the body of one alert; `digest.<fmt>.j2` — several alerts of one
  topic in one message (`alerts.digest`);
* `_headline.j2` — the `headline(alert)` macro both use.

`<fmt>` is `slack` (Slack mrkdwn), `md` (CommonMark: Discord, Mattermost, Telegram…),
`html` (email) or `txt` (everything else, and the terminal).  Templates see `alert`
(an `AlertView`), or `alerts` and `topic` in a digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from tallywatch.alerts.wording import (
    baseline_head,
    delta_text,
    number,
    qualified_text,
    value_text,
)
from tallywatch.store import Alert

BUILTIN_TEMPLATES = Path(__file__).with_name("templates")
# Template flavour -> the apprise body format the rendered text is in.
BODY_FORMATS: dict[str, str] = {
    "txt": "text",
    "md": "markdown",
    "slack": "markdown",
    "html": "html",
}
MARKDOWN_SPECIALS = "\\`*_[]<>#"


@dataclass(frozen=True)
class AlertView:
    """What a template may use about one alert; plain data, detached from the database."""

    id: int | None
    kind: str
    topic: str | None
    metric: str | None
    previous: int | None
    value: int | None
    high: int | None
    qualifier: str | None
    source: str | None
    article_url: str | None
    article_title: str | None
    published: str | None
    sentence: str | None
    summary: str | None
    created_at: datetime | None

    @classmethod
    def of(cls, alert: Alert) -> AlertView:
        return cls(
            id=alert.id,
            kind=alert.kind,
            topic=alert.topic,
            metric=alert.metric,
            previous=alert.previous,
            value=alert.value,
            high=alert.high,
            qualifier=alert.qualifier,
            source=alert.source,
            article_url=alert.article_url,
            article_title=alert.article_title,
            published=alert.article_published,
            sentence=alert.sentence,
            summary=alert.summary,
            created_at=alert.created_at,
        )

    @property
    def value_text(self) -> str:
        return value_text(self.value, self.high) if self.value is not None else ""

    @property
    def qualified_text(self) -> str:
        if self.value is None:
            return ""
        return qualified_text(self.value, self.high, self.qualifier)

    @property
    def previous_text(self) -> str | None:
        return number(self.previous) if self.previous is not None else None

    @property
    def delta_text(self) -> str | None:
        return delta_text(self.previous, self.value) if self.kind == "increase" else None

    @property
    def summary_lines(self) -> list[str]:
        return [line for line in (self.summary or "").splitlines() if line.strip()]

    @property
    def summary_heads(self) -> list[str]:
        """`killed some 600` for each baseline line (no source, no article)."""
        return [baseline_head(line) for line in self.summary_lines]

    @property
    def created_text(self) -> str:
        return self.created_at.strftime("%Y-%m-%d %H:%M UTC") if self.created_at else ""


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    body_format: str
    """apprise body format: text | markdown | html."""


def markdown_escape(text: str | None) -> str:
    """CommonMark-escape free text (titles, sentences) so it cannot start formatting."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in (text or ""))


def slack_label(text: str | None) -> str:
    """Text safe inside a Slack link `<url|label>`."""
    return (text or "").replace("|", "\u00a6").replace("<", "\u2039").replace(">", "\u203a")


class MessageRenderer:
    """Renders alerts with the user's templates first, the built-in ones second."""

    def __init__(self, template_dir: Path | None = None) -> None:
        loaders: list[jinja2.BaseLoader] = []
        if template_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(template_dir)))
        loaders.append(jinja2.FileSystemLoader(str(BUILTIN_TEMPLATES)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html.j2",), default_for_string=False, default=False
            ),
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["md"] = markdown_escape
        self.env.filters["slack_label"] = slack_label

    def render(self, alerts: Sequence[Alert | AlertView], flavour: str) -> Message:
        """One message for these alerts (a digest when there are several)."""
        if flavour not in BODY_FORMATS:
            raise ValueError(f"unknown message flavour {flavour!r}")
        if not alerts:
            raise ValueError("nothing to render")
        views = [a if isinstance(a, AlertView) else AlertView.of(a) for a in alerts]
        if len(views) == 1:
            context: dict[str, object] = {"alert": views[0], "digest": False}
            body_template = f"alert.{flavour}.j2"
        else:
            context = {"alerts": views, "topic": views[0].topic, "digest": True}
            body_template = f"digest.{flavour}.j2"
        title = self.env.get_template("title.txt.j2").render(context)
        body = self.env.get_template(body_template).render(context)
        return Message(
            title=" ".join(title.split()),
            body=body.strip() + "\n",
            body_format=BODY_FORMATS[flavour],
        )

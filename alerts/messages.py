"""Alert messages rendered from Jinja2 templates, one flavour per kind of channel.

Template files (built-in ones in `alerts/templates/`; a file of the same name in
`[alerts] templates = "DIR"` replaces it):

* `title.txt.j2` — the one-line title (`nk-troops: killed rose to 600 (+300)`);
* `alert.<fmt>.j2` — the body of one alert; `digest.<fmt>.j2` — several alerts of one
  topic in one message (`alerts.digest`, or a burst over `alerts.burst`);
  `summary.<fmt>.j2` — one line per alert, for alerts that reach a channel late
  (older than `alerts.summary_after_days`);
* `_headline.j2` — the `headline(alert)` macro all of them use.

`<fmt>` is `slack` (Slack mrkdwn), `md` (CommonMark: Discord, Mattermost, Telegram…),
`html` (email) or `txt` (everything else, and the terminal).  Templates see `alert`
(an `AlertView`), or `alerts` and `topic` in a digest or summary (`summary` is true in
a summary).

Every figure alert says where the previous high came from (`previous_source`,
`previous_date`), whether the new figure comes from another source (`cross_source`) and
that source's own last figure (`source_previous_text`, `source_previous_date`), and
links to the figure on the review page (`review_url`) when `review.base_url` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2

from tallywatch.alerts.series import different_sources
from tallywatch.alerts.wording import (
    baseline_head,
    delta_text,
    number,
    qualified_text,
    report_date,
    value_text,
)
from tallywatch.constants import AlertKind
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
TITLE_HEADLINES = 3
"""A digest's title names this many changes, then how many more there are."""
REVIEW_FIGURE_PATH = "/figures/{figure_id}"
"""Where the review page shows one figure (`review/app.py`)."""


def review_url(base_url: str | None, figure_id: int | None) -> str | None:
    """The figure's address on the review page, when `review.base_url` is set."""
    if not base_url or figure_id is None:
        return None
    return base_url.rstrip("/") + REVIEW_FIGURE_PATH.format(figure_id=figure_id)


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
    previous_source: str | None = None
    previous_date: str | None = None
    source_previous: int | None = None
    source_previous_date: str | None = None
    figure_id: int | None = None
    review_url: str | None = None

    @classmethod
    def of(cls, alert: Alert, review_base_url: str | None = None) -> AlertView:
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
            previous_source=alert.previous_source,
            previous_date=alert.previous_date,
            source_previous=alert.source_previous,
            source_previous_date=alert.source_previous_date,
            figure_id=alert.figure_id,
            review_url=review_url(review_base_url, alert.figure_id),
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
        return delta_text(self.previous, self.value) if self.kind == AlertKind.INCREASE else None

    @property
    def published_date(self) -> str | None:
        """The article's date without its time: `2025-01-14`."""
        return report_date(self.published)

    @property
    def cross_source(self) -> bool:
        """The new figure and the previous high come from different named sources."""
        return self.previous is not None and different_sources(self.source, self.previous_source)

    @property
    def source_previous_text(self) -> str | None:
        return number(self.source_previous) if self.source_previous is not None else None

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

    @property
    def date_text(self) -> str:
        """When the change was reported: the article's date, else when it was raised."""
        if self.published_date:
            return self.published_date
        return self.created_at.strftime("%Y-%m-%d") if self.created_at else ""


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    body_format: str
    """apprise body format: text | markdown | html."""


def markdown_escape(text: str | None) -> str:
    """CommonMark-escape free text (titles, sentences) so it cannot start formatting."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in (text or ""))


def plain(text: str) -> str:
    """A macro's output as plain text again, so an HTML template escapes it on output (the
    shared macros are not autoescaped, yet Jinja marks what they return as safe)."""
    return str.__str__(text)


def upfirst(text: str | None) -> str:
    """The text with its first letter capitalised, to open a sentence ("the ministry")."""
    return (text or "")[:1].upper() + (text or "")[1:]


def slack_label(text: str | None) -> str:
    """Text safe inside a Slack link `<url|label>`."""
    return (text or "").replace("|", "\u00a6").replace("<", "\u2039").replace(">", "\u203a")


class MessageRenderer:
    """Renders alerts with the user's templates first, the built-in ones second."""

    def __init__(
        self, template_dir: Path | None = None, review_base_url: str | None = None
    ) -> None:
        self.review_base_url = review_base_url
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
        self.env.filters["plain"] = plain
        self.env.filters["upfirst"] = upfirst
        self.env.globals["TITLE_HEADLINES"] = TITLE_HEADLINES

    def view(self, alert: Alert | AlertView) -> AlertView:
        return alert if isinstance(alert, AlertView) else AlertView.of(alert, self.review_base_url)

    def render(
        self, alerts: Sequence[Alert | AlertView], flavour: str, *, summary: bool = False
    ) -> Message:
        """One message for these alerts: one alert alone, several of one topic as a digest
        (`summary`: as a summary, one line each, also for one alert)."""
        if flavour not in BODY_FORMATS:
            raise ValueError(f"unknown message flavour {flavour!r}")
        if not alerts:
            raise ValueError("nothing to render")
        views = [self.view(a) for a in alerts]
        if summary:
            context: dict[str, object] = {
                "alerts": views,
                "topic": views[0].topic,
                "digest": True,
                "summary": True,
            }
            body_template = f"summary.{flavour}.j2"
        elif len(views) == 1:
            context = {"alert": views[0], "digest": False, "summary": False}
            body_template = f"alert.{flavour}.j2"
        else:
            context = {"alerts": views, "topic": views[0].topic, "digest": True, "summary": False}
            body_template = f"digest.{flavour}.j2"
        title = self.env.get_template("title.txt.j2").render(context)
        body = self.env.get_template(body_template).render(context)
        return Message(
            title=" ".join(title.split()),
            body=body.strip() + "\n",
            body_format=BODY_FORMATS[flavour],
        )

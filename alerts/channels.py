"""Alert channels (one apprise URL each) and which alerts go to which channel.

Routing rules:

* `[alerts] urls` receive every alert;
* `[[topics]] alert_urls` receive that topic's alerts only; an entry `tag:NAME` stands
  for the URLs of the apprise config file tagged NAME;
* URLs of `[alerts] apprise_config` without tags receive every alert; a tagged one
  receives the alerts of a topic named like one of its tags, or of a topic that
  references one of its tags with `tag:NAME`;
* `operator` alerts (a source failing again and again) go to `[alerts] operator_url`,
  or to `[alerts] urls` when it is not set;
* with `[alerts] echo`, every alert is also printed on the terminal: a channel of its
  own, which counts as delivering the alert only with `echo_is_channel`.

A URL listed twice (inline and in the file, or globally and per topic) is one channel.
Relative paths (`apprise_config`, `templates`) are relative to the configuration file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tallywatch.alerts.redact import (
    LOG_REDACTOR,
    channel_fingerprint,
    install_log_redaction,
    redact_url,
)
from tallywatch.config import Settings
from tallywatch.config.schema import APPRISE_TAG_PREFIX as TAG_PREFIX
from tallywatch.constants import AlertKind

ECHO_FINGERPRINT = "terminal"
"""The echo channel's name in the deliveries table (apprise channels have hex hashes)."""
# apprise plugin class -> message flavour, where the plugin's default format is not the
# best fit: Slack speaks its own mrkdwn; Discord and Mattermost render CommonMark though
# apprise defaults them to text; Telegram accepts only a few HTML tags, so plain text.
FLAVOUR_BY_PLUGIN: dict[str, str] = {
    "NotifySlack": "slack",
    "NotifyDiscord": "md",
    "NotifyMattermost": "md",
    "NotifyTelegram": "txt",
}
FLAVOUR_BY_FORMAT: dict[str, str] = {"markdown": "md", "html": "html", "text": "txt"}


@dataclass(frozen=True)
class Channel:
    """One apprise URL, or the terminal.  `url` holds the secret and is never printed;
    use `display`."""

    url: str = field(repr=False)
    fingerprint: str
    display: str
    flavour: str
    tags: frozenset[str] = frozenset()
    origin: str = "alerts.urls"
    problem: str | None = None
    """Why this URL cannot be used (apprise does not recognise it)."""
    counts: bool = True
    """Whether the alert counts as delivered once this channel has it."""
    echo: bool = False
    """The terminal (`alerts.echo`) rather than an apprise URL."""


def echo_channel(counts: bool) -> Channel:
    return Channel(
        url="",
        fingerprint=ECHO_FINGERPRINT,
        display="the terminal (alerts.echo)",
        flavour="txt",
        origin="alerts.echo",
        counts=counts,
        echo=True,
    )


def apprise_asset() -> Any:
    import apprise

    # async_mode off: a notification runs in the calling thread (the channel's own), so
    # what apprise logs about it can be told apart from other channels' messages.
    return apprise.AppriseAsset(app_id="tallywatch", app_desc="tallywatch alerts", async_mode=False)


def flavour_of(plugin: Any) -> str:
    by_plugin = FLAVOUR_BY_PLUGIN.get(type(plugin).__name__)
    if by_plugin:
        return by_plugin
    return FLAVOUR_BY_FORMAT.get(str(getattr(plugin.notify_format, "value", "text")), "txt")


def channel_of_plugin(plugin: Any, origin: str) -> Channel:
    url = plugin.url()
    return Channel(
        url=url,
        fingerprint=channel_fingerprint(url),
        display=redact_url(url),
        flavour=flavour_of(plugin),
        tags=frozenset(str(t) for t in (plugin.tags or ())),
        origin=origin,
    )


def channel_of_url(url: str, origin: str) -> Channel:
    import apprise

    LOG_REDACTOR.register([url])
    plugin = apprise.Apprise.instantiate(url, asset=apprise_asset())
    if plugin is None:
        return Channel(
            url=url,
            fingerprint=channel_fingerprint(url),
            display=redact_url(url),
            flavour="txt",
            origin=origin,
            problem="apprise does not recognise this URL",
        )
    return channel_of_plugin(plugin, origin)


def _unique(channels: Iterable[Channel]) -> list[Channel]:
    seen: set[str] = set()
    unique = []
    for channel in channels:
        if channel.fingerprint not in seen:
            seen.add(channel.fingerprint)
            unique.append(channel)
    return unique


class Routing:
    """Every configured channel, and the channels of each alert."""

    def __init__(self, settings: Settings) -> None:
        install_log_redaction()
        alerts = settings.alerts
        self.problems: list[str] = []
        self.common = [channel_of_url(u, "alerts.urls") for u in alerts.urls]
        self.operator = (
            [channel_of_url(alerts.operator_url, "alerts.operator_url")]
            if alerts.operator_url
            else []
        )
        self.by_topic: dict[str, list[Channel]] = {}
        self.topic_tags: dict[str, set[str]] = {}
        for topic in settings.topics:
            origin = f"topics.{topic.name}.alert_urls"
            refs = [u for u in topic.alert_urls if u.startswith(TAG_PREFIX)]
            urls = [u for u in topic.alert_urls if not u.startswith(TAG_PREFIX)]
            self.by_topic[topic.name] = [channel_of_url(u, origin) for u in urls]
            self.topic_tags[topic.name] = {topic.name} | {r[len(TAG_PREFIX) :] for r in refs}
        self.echo = echo_channel(alerts.echo_is_channel) if alerts.echo else None
        self.tagged: list[Channel] = []
        if alerts.apprise_config is not None:
            self._load_file(alerts.apprise_config)
        known_tags = {t for c in self.tagged for t in c.tags}
        for topic in settings.topics:
            for ref in topic.alert_urls:
                if ref.startswith(TAG_PREFIX) and ref[len(TAG_PREFIX) :] not in known_tags:
                    self.problems.append(
                        f"topics.{topic.name}.alert_urls: no apprise_config URL is tagged "
                        f"{ref[len(TAG_PREFIX) :]!r}"
                    )

    def _load_file(self, path: Path) -> None:
        import apprise

        try:
            LOG_REDACTOR.register_text(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.problems.append(f"alerts.apprise_config: cannot read {path}: {exc.strerror}")
            return
        config = apprise.AppriseConfig(asset=apprise_asset())
        if not config.add(str(path)):
            self.problems.append(f"alerts.apprise_config: apprise cannot load {path}")
            return
        bundle = apprise.Apprise(asset=apprise_asset())
        bundle.add(config)
        for plugin in bundle:
            LOG_REDACTOR.register([plugin.url()])
            channel = channel_of_plugin(plugin, "alerts.apprise_config")
            (self.tagged if channel.tags else self.common).append(channel)
        if not len(bundle):
            self.problems.append(f"alerts.apprise_config: {path} lists no usable URL")

    def for_alert(self, kind: str, topic: str | None) -> list[Channel]:
        """The channels one alert goes to, each once (the terminal last, with `echo`)."""
        if kind == AlertKind.OPERATOR:
            channels = list(self.operator or self.common)
        else:
            channels = list(self.common)
            if topic is not None:
                channels += self.by_topic.get(topic, [])
                tags = self.topic_tags.get(topic, {topic})
                channels += [c for c in self.tagged if c.tags & tags]
        if self.echo is not None:
            channels.append(self.echo)
        return _unique(channels)

    def all(self) -> list[Channel]:
        """Every configured apprise URL (not the terminal)."""
        topic_channels = [c for channels in self.by_topic.values() for c in channels]
        return _unique([*self.common, *topic_channels, *self.tagged, *self.operator])

    def delivering(self) -> list[Channel]:
        """Every channel a delivery may go to: the apprise URLs and the terminal."""
        return self.all() + ([self.echo] if self.echo is not None else [])

    def describe(self, fingerprint: str) -> str:
        for channel in self.delivering():
            if channel.fingerprint == fingerprint:
                return channel.display
        return f"a channel no longer configured [{fingerprint[:6]}]"

"""Contracts with apprise that alerts/channels.py relies on beyond its documented API:
the class names of the plugins whose messages it formats for the service (Slack's own
markup, Markdown for Discord and Mattermost, plain text for Telegram).  A renamed
plugin would silently fall back to the plugin's declared format."""

from __future__ import annotations

import pytest

from tallywatch.alerts.channels import FLAVOUR_BY_PLUGIN, apprise_asset, flavour_of

URLS = {
    "NotifySlack": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general",
    "NotifyDiscord": "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js",
    "NotifyMattermost": "mmost://chat.example/3ccdd113474722377935511fc85d3dd4",
    "NotifyTelegram": "tgram://123456789:abcdefg_hijklmnop/12315544/",
}


def test_every_plugin_named_has_an_example() -> None:
    assert set(URLS) == set(FLAVOUR_BY_PLUGIN)


@pytest.mark.parametrize(("name", "url"), URLS.items())
def test_apprise_serves_each_formatted_service_by_the_plugin_named(name: str, url: str) -> None:
    import apprise

    plugin = apprise.Apprise.instantiate(url, asset=apprise_asset())
    assert plugin is not None, f"apprise no longer accepts {url.split(':')[0]}:// URLs"
    assert type(plugin).__name__ == name, (
        f"apprise serves {url.split(':')[0]}:// by {type(plugin).__name__}, not {name}: "
        "update FLAVOUR_BY_PLUGIN in alerts/channels.py"
    )
    assert flavour_of(plugin) == FLAVOUR_BY_PLUGIN[name]

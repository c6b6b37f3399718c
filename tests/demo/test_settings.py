"""The demo's settings point at the loopback site; the shipped config file loads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tallywatch.config import Settings, load_settings, parse_settings
from tallywatch.demo import FLOOD_TOPIC, NK_TOPIC, demo_settings

if TYPE_CHECKING:
    from conftest import Client

REPO = Path(__file__).resolve().parents[2]
SHIPPED_CONFIG = REPO / "config" / "tallywatch.toml"


@pytest.fixture
def settings(client: Client) -> Settings:
    return demo_settings(client.site.url + "/", "sqlite:////tmp/demo-test.db")


def test_sources_are_the_feed_sitemap_and_section_page(settings: Settings, client: Client) -> None:
    kinds = {s.kind: s for s in settings.sources}
    assert set(kinds) == {"feed", "sitemap", "page"}
    assert [urlsplit(s.url).path for s in settings.sources] == [
        "/feed.xml",
        "/sitemap.xml",
        "/world/",
    ]
    for source in settings.sources:
        assert source.url.startswith(client.site.url + "/")
        assert source.domains == ["127.0.0.1"]
        assert client.request(urlsplit(source.url).path).status == 200


@pytest.mark.parametrize(
    ("path", "followed"),
    [
        ("/world/2025/04/30/nis-600-north-korean-soldiers-killed.html", True),
        ("/world/2024/10/18/north-korea-sends-special-forces-to-russia.html", True),
        ("/private/world/2025/04/29/draft-casualty-tracker.html", True),
        ("/opinion/2025/03/06/the-arithmetic-of-kursk.html", False),
        ("/about.html", False),
        ("/world/", False),
    ],
)
def test_page_source_follows_article_links(settings: Settings, path: str, followed: bool) -> None:
    page = next(s for s in settings.sources if s.kind == "page")
    matched = any(re.search(pattern, page.url.rstrip("/") + path) for pattern in page.follow)
    assert matched is followed


def test_topics_crawl_and_alert_settings(settings: Settings) -> None:
    assert [t.name for t in settings.topics] == [NK_TOPIC, FLOOD_TOPIC]
    nk = settings.topic(NK_TOPIC)
    assert {"North Korean", "DPRK", "Pyongyang", "KPA"} <= set(nk.subjects)
    assert "displaced" not in nk.metrics and "killed" in nk.metrics
    assert set(settings.topic(FLOOD_TOPIC).metrics) == {"displaced", "evacuated"}
    assert settings.crawl.obey_robots is True
    assert settings.crawl.download_delay == 0
    assert settings.crawl.autothrottle is False
    assert settings.alerts.echo is True
    assert settings.alerts.urls == []
    assert settings.database.url == "sqlite:////tmp/demo-test.db"


def test_settings_survive_a_round_trip_through_toml(settings: Settings) -> None:
    tomli_w = pytest.importorskip("tomli_w")
    import tomllib

    data = settings.model_dump(mode="json", exclude_none=True, exclude={"path"})
    assert parse_settings(tomllib.loads(tomli_w.dumps(data))) == settings


def test_shipped_config_loads_without_any_environment() -> None:
    shipped = load_settings(SHIPPED_CONFIG, environ={})
    assert shipped.path == SHIPPED_CONFIG
    assert len(shipped.sources) >= 8
    assert {s.kind for s in shipped.sources} == {"feed", "sitemap", "page"}
    assert all(urlsplit(s.url).scheme == "https" for s in shipped.sources)
    nk = shipped.topic("nk-troops")
    assert {"North Korean", "North Korea", "DPRK", "Pyongyang"} <= set(nk.subjects)
    assert shipped.alerts.urls == []
    assert shipped.crawl.obey_robots is True


KEY_LINE = re.compile(r"^\s*[A-Za-z_]+\s*=")
TABLE_LINE = re.compile(r"^\s*\[")


def test_shipped_config_documents_every_key() -> None:
    """Every key sits in a block of keys and table headers under a comment, or has its own."""
    lines = SHIPPED_CONFIG.read_text(encoding="utf-8").splitlines()
    undocumented = []
    for number, line in enumerate(lines):
        if not KEY_LINE.match(line) or "#" in line:
            continue
        back = number - 1
        while back >= 0 and (KEY_LINE.match(lines[back]) or TABLE_LINE.match(lines[back])):
            back -= 1
        if back < 0 or not lines[back].lstrip().startswith("#"):
            undocumented.append(line)
    assert undocumented == []

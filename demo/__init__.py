"""The bundled demo: a sample news site in two editions, a loopback server, and its config.

`tallywatch demo` serves `EDITIONS[0]` with `LoopbackSite`, crawls it with the
settings from `demo_settings`, switches the site to the next edition (a day
later: new articles, one updated in place, higher numbers) and crawls again.
Tests in every package use `LoopbackSite` for their own sites too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tallywatch.config import Settings, parse_settings
from tallywatch.demo.server import SITE_ORIGIN, LoopbackSite, RequestLog, ServedRequest

SITE_DIR = Path(__file__).resolve().parent / "site"
EDITIONS: list[Path] = sorted(
    (p for p in SITE_DIR.glob("edition*") if p.is_dir()),
    key=lambda p: int(p.name.removeprefix("edition")),
)
"""The site's editions in publication order (edition1: first crawl, edition2: a day later)."""

NK_TOPIC = "nk-troops"
FLOOD_TOPIC = "velmar-floods"


def demo_settings(base_url: str, db_url: str) -> Settings:
    """Settings that crawl the demo site served at `base_url` into the database `db_url`."""
    base = base_url.rstrip("/")
    data: dict[str, Any] = {
        "database": {"url": db_url},
        "crawl": {
            "obey_robots": True,
            "download_delay": 0,
            "autothrottle": False,
            "concurrency": 8,
            "per_domain_concurrency": 8,
            "timeout": 10,
            "retries": 1,
        },
        "sources": [
            {"name": "meridian-feed", "kind": "feed", "url": f"{base}/feed.xml"},
            {"name": "meridian-news-sitemap", "kind": "sitemap", "url": f"{base}/sitemap.xml"},
            {
                "name": "meridian-world",
                "kind": "page",
                "url": f"{base}/world/",
                "follow": [r"/world/\d{4}/\d{2}/\d{2}/"],
                "depth": 1,
            },
        ],
        "topics": [
            {
                "name": NK_TOPIC,
                "subjects": [
                    "North Korean",
                    "North Korea",
                    "DPRK",
                    "Pyongyang",
                    "Korean People's Army",
                    "KPA",
                ],
                "metrics": [
                    "killed",
                    "wounded",
                    "casualties",
                    "deployed",
                    "captured",
                    "missing",
                    "returned",
                ],
            },
            {
                "name": FLOOD_TOPIC,
                "subjects": ["Velmar", "Brannock", "residents", "people", "villagers", "families"],
                "metrics": ["displaced", "evacuated"],
            },
        ],
        "alerts": {"urls": [], "echo": True},
        "logging": {"level": "WARNING"},
    }
    return parse_settings(data)


__all__ = [
    "EDITIONS",
    "FLOOD_TOPIC",
    "NK_TOPIC",
    "SITE_DIR",
    "SITE_ORIGIN",
    "LoopbackSite",
    "RequestLog",
    "ServedRequest",
    "demo_settings",
]

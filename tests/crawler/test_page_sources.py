"""A page source follows its section page's links, also on a host with an explicit port
(every loopback site has one): the links' hosts are checked, whatever their port."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tallywatch.crawler.spiders import on_domains
from tallywatch.store import Article, Database


@pytest.mark.parametrize(
    ("url", "domains", "followed"),
    [
        ("http://example.org:8080/news/a.html", ["example.org"], True),
        ("https://www.example.org/news/a.html", ["example.org"], True),
        ("http://127.0.0.1:41561/world/a.html", ["127.0.0.1"], True),
        ("http://EXAMPLE.org/a", ["example.org"], True),
        ("http://badexample.org/a", ["example.org"], False),
        ("http://example.org.evil.test:8080/a", ["example.org"], False),
        ("http://other.example/a", ["example.org", "other.example"], True),
    ],
)
def test_a_link_is_judged_by_its_host_not_its_port(
    url: str, domains: list[str], followed: bool
) -> None:
    assert on_domains(url, domains) is followed


def test_a_section_page_on_a_port_has_its_links_followed(
    site: Any, news_site: Any, crawl: Any, tmp_path: Path, db_url: str, site_kit: Any
) -> None:
    (section,) = [s for s in news_site.sources if s["kind"] == "page"]
    assert ":" in section["url"].split("//", 1)[1].split("/", 1)[0]  # an explicit port
    config = site_kit.write_config(tmp_path / "tw.toml", db_url, site_kit.TEST_CRAWL, [section])
    counts = crawl(config)
    assert counts["errors"] == 0, counts
    with Database(db_url).session() as session:
        stored = {url.removeprefix(site.base) for url in session.scalars(select(Article.url))}
    slugs = list(news_site.articles)
    # the listing links three articles under /news/ (`follow`), an about page and one
    # robots.txt forbids
    assert stored == {news_site.articles[slugs[i]] for i in (0, 2, 5)}

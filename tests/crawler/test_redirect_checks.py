"""Every redirect is checked: the source's own URL too, and none from a public address to
a non-public one.

Real crawls of the loopback site in a child process.  For a source on a public address,
the child reaches the site through it as an HTTP proxy (`http_proxy`): the source's host
is a name that resolves nowhere (so it counts as public), and no request ever leaves the
machine, whatever the crawler does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tallywatch.store import Article, CrawlEvent, Database, Source

PUBLIC_HOST = "news.tallywatch-test.invalid"


def _redirect(site_kit: Any, location: str) -> Any:
    return site_kit.Resource(b"", status=302, validators=False, headers={"Location": location})


def _state(db_url: str) -> tuple[list[CrawlEvent], dict[str, str | None], list[str]]:
    db = Database(db_url)
    try:
        with db.session() as session:
            events = list(session.scalars(select(CrawlEvent).where(CrawlEvent.kind == "offsite")))
            status = dict(session.execute(select(Source.name, Source.last_status)).all())
            return events, status, list(session.scalars(select(Article.url)))
    finally:
        db.dispose()


def test_a_source_url_redirected_off_its_domains_is_refused(
    tmp_path: Path, site: Any, site_kit: Any, crawl: Any, db_url: str
) -> None:
    elsewhere = site.base.replace("127.0.0.1", "localhost") + "/redirect/elsewhere.rss"
    site.put("/redirect/feed.rss", _redirect(site_kit, elsewhere))
    feed = site_kit.rss(site.base, ["/redirect/never.html"]).encode()
    site.put("/redirect/elsewhere.rss", site_kit.Resource(feed, "application/rss+xml"))
    source = {"name": "moved", "kind": "feed", "url": f"{site.base}/redirect/feed.rss"}
    config = site_kit.write_config(tmp_path / "tw.toml", db_url, site_kit.TEST_CRAWL, [source])
    mark = site.mark()
    stats = crawl(config)
    assert "/redirect/elsewhere.rss" not in {hit.path for hit in site.since(mark)}
    events, status, _articles = _state(db_url)
    [event] = events
    assert event.is_error and "outside the allowed domains" in event.detail
    assert status == {"moved": "failed"}
    assert stats["sources_failed"] == 1


def test_a_source_on_a_private_address_follows_redirects_there(
    tmp_path: Path, site: Any, site_kit: Any, crawl: Any, db_url: str
) -> None:
    site_kit.publish_article(site, "/redirect/story.html", site_kit.article("two-captured"))
    feed = site_kit.rss(site.base, ["/redirect/story-moved.html"]).encode()
    site.put("/redirect/real.rss", site_kit.Resource(feed, "application/rss+xml"))
    site.put("/redirect/inside.rss", _redirect(site_kit, f"{site.base}/redirect/real.rss"))
    site.put("/redirect/story-moved.html", _redirect(site_kit, "/redirect/story.html"))
    source = {"name": "local", "kind": "feed", "url": f"{site.base}/redirect/inside.rss"}
    config = site_kit.write_config(tmp_path / "tw.toml", db_url, site_kit.TEST_CRAWL, [source])
    stats = crawl(config)
    events, status, articles = _state(db_url)
    assert events == [] and status == {"local": "ok"}
    assert stats["new_articles"] == 1 and len(articles) == 1


@pytest.mark.parametrize("which", ["source", "article"])
def test_a_public_source_is_never_redirected_to_a_non_public_address(
    tmp_path: Path,
    site: Any,
    site_kit: Any,
    crawl: Any,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    which: str,
) -> None:
    port = site.base.rsplit(":", 1)[1]
    public = f"http://{PUBLIC_HOST}"
    inner = f"http://127.0.0.2:{port}/internal/{which}"
    site.put(inner, site_kit.Resource(site_kit.rss(public, ["/a.html"]).encode(), "text/xml"))
    article = site_kit.article_html(site_kit.article("two-captured"), public).encode()
    site.put(f"{public}/fine.html", site_kit.Resource(article))
    if which == "source":
        site.put(f"{public}/feed.rss", _redirect(site_kit, inner))
    else:
        feed = site_kit.rss(public, ["/fine.html", "/moved.html"]).encode()
        site.put(f"{public}/feed.rss", site_kit.Resource(feed, "application/rss+xml"))
        site.put(f"{public}/moved.html", _redirect(site_kit, inner))
    monkeypatch.setenv("http_proxy", site.base)
    monkeypatch.setenv("no_proxy", "")
    source = {
        "name": "public",
        "kind": "feed",
        "url": f"{public}/feed.rss",
        "allowed_domains": [PUBLIC_HOST, "127.0.0.2"],
    }
    config = site_kit.write_config(tmp_path / "tw.toml", db_url, site_kit.TEST_CRAWL, [source])
    mark = site.mark()
    crawl(config)
    paths = [hit.path for hit in site.since(mark)]
    assert f"{public}/feed.rss" in paths  # the proxy served the source
    assert inner not in paths
    events, status, articles = _state(db_url)
    [event] = events
    assert event.is_error and "non-public address" in event.detail
    if which == "source":
        assert status == {"public": "failed"}
    else:
        assert status == {"public": "partial"}
        assert articles == [f"{public}/fine.html"]

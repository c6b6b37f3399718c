"""Reading feeds safely."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tallywatch.crawler.feeds import FeedError, read_feed

BASE = "https://wire.example/feeds/world.xml"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Older</title><link>/world/older</link>
<pubDate>Mon, 13 Jan 2025 09:00:00 GMT</pubDate></item>
<item><title>Newer</title><link>https://wire.example/world/newer</link>
<pubDate>Tue, 14 Jan 2025 09:00:00 GMT</pubDate></item>
<item><title>Undated</title><link>https://wire.example/world/undated</link></item>
<item><title>Again</title><link>https://wire.example/world/newer</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2025-01-14T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><link rel="alternate" href="https://wire.example/a"/>
<link rel="enclosure" href="https://wire.example/a.mp3"/><updated>2025-01-12T00:00:00Z</updated></entry>
</feed>"""

RSS_091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link>
<description>x</description><language>en</language>
<item><title>Story</title><link>https://old.example/story</link></item></channel></rss>"""


def test_rss_links_newest_first_without_duplicates() -> None:
    links = read_feed(RSS, BASE)
    assert [link.url for link in links] == [
        "https://wire.example/world/newer",
        "https://wire.example/world/older",
        "https://wire.example/world/undated",
    ]
    assert links[0].published == datetime(2025, 1, 14, 9, tzinfo=UTC)
    assert links[2].published is None


def test_atom_alternate_links_only() -> None:
    assert [link.url for link in read_feed(ATOM, BASE)] == ["https://wire.example/a"]


def test_rss_091_with_external_dtd_reference_is_read_without_fetching_it() -> None:
    assert [link.url for link in read_feed(RSS_091, BASE)] == ["https://old.example/story"]


@pytest.mark.parametrize(
    ("body", "reason", "salvaged"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<rss><channel><title>&b;</title></channel></rss>",
            "unsafe XML refused",
            [],
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><title>&x;</title></channel></rss>",
            "unsafe XML refused",
            [],
        ),
        (
            b"<rss version='2.0'><channel><item><link>https://w.example/a</link></item>"
            b"<item><link>https://w.example/b</link></channel></rss>",
            "malformed XML",
            ["https://w.example/a", "https://w.example/b"],
        ),
        (b"<html><body><p>Our feed moved.</p></body></html>", "not an RSS or Atom feed", []),
        (b"\x00\x01\x02", "malformed XML", []),
    ],
)
def test_bad_feeds(body: bytes, reason: str, salvaged: list[str]) -> None:
    with pytest.raises(FeedError) as caught:
        read_feed(body, BASE)
    assert reason in caught.value.reason
    assert sorted(link.url for link in caught.value.links) == salvaged

"""`check_xml`, the guard that feeds and sitemaps pass before any parser reads them."""

from __future__ import annotations

import pytest

from tallywatch.crawler.feeds import FeedError, UnsafeXml, check_xml

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'
ROOT = (
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://w.example/a</loc></url></urlset>"
)
URLSET = DECLARATION + ROOT


@pytest.mark.parametrize(
    "body",
    [
        URLSET,
        b'<?xml version="1.0"?><!DOCTYPE urlset><urlset><url><loc>x</loc></url></urlset>',
    ],
)
def test_safe_xml_passes(body: bytes) -> None:
    assert check_xml(body) is None


@pytest.mark.parametrize(
    ("body", "refusal"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
            b"<urlset><url><loc>https://w.example/a</loc><lastmod>&b;</lastmod></url></urlset>",
            "EntitiesForbidden",
        ),
        (
            DECLARATION + b'<!DOCTYPE urlset [<!ENTITY a "never used">]>' + ROOT,
            "EntitiesForbidden",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<urlset><url><loc>&x;</loc></url></urlset>",
            "EntitiesForbidden",
        ),
    ],
)
def test_entity_declarations_are_refused(body: bytes, refusal: str) -> None:
    with pytest.raises(UnsafeXml) as caught:
        check_xml(body)
    assert caught.value.reason == f"unsafe XML refused: {refusal}"
    assert isinstance(caught.value, FeedError) and caught.value.links == []


def test_malformed_xml_is_described_not_refused() -> None:
    problem = check_xml(URLSET.replace(b"</url>", b""))
    assert problem is not None and problem.startswith("malformed XML: mismatched tag")

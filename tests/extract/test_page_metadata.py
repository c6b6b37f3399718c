"""`page_metadata` gives the values `trafilatura.extract_metadata` gives for the fields
tallywatch keeps, on pages that reach each of its steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from tallywatch.extract.page_metadata import PageMetadata, page_metadata

DEMO_SITE = Path(__file__).resolve().parents[2] / "demo" / "site"
BODY = (
    "<p>Officials said on Tuesday that about 1,200 people had left the valley after the river "
    "burst its banks, and that more were expected to follow.</p>"
)


def page(head: str = "", body: str = "", title: str = "Valley floods | Riverside Post") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body>{body}<article><h1>Valley floods</h1>{BODY}</article>"
        "<footer><a href='/about'>About</a> <a rel='license' href='/terms'>Terms of use</a>"
        "</footer></body></html>"
    )


JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "headline": "Floods force 1,200 from the valley", '
    '"author": {"@type": "Person", "name": "Ana Ruiz"}, '
    '"datePublished": "2025-03-02T08:00:00Z", '
    '"publisher": {"@type": "Organization", "name": "Riverside Post"}}</script>'
)

PAGES = {
    "meta tags": page(
        '<meta name="author" content="Jo Bell"><meta property="og:site_name" content="Riverside'
        ' Post"><link rel="canonical" href="https://post.example/floods">'
        '<meta property="article:published_time" content="2025-03-01">'
    ),
    "json-ld only": page(JSON_LD),
    "one-word author is dropped": page('<meta name="author" content="staff">'),
    "byline in the body": page(body='<p class="byline">By <span class="author">Li Wen</span></p>'),
    "title element only": page(title="Valley floods - Riverside Post"),
    "twitter handle as site name": page('<meta name="twitter:site" content="@riversidepost">'),
    "site name from the url": page(title="Valley floods"),
    "date in the url only": page('<link rel="canonical" href="https://post.example/2024/11/05/x">'),
    "entities and spaces": page('<meta property="og:title" content="Floods &amp;  landslides ">'),
    "broken json-ld": page('<script type="application/ld+json">{"headline": </script>'),
}


def _expected(html: str, url: str) -> PageMetadata:
    return PageMetadata.of(extract_metadata(load_html(html), url))


@pytest.mark.parametrize("html", PAGES.values(), ids=PAGES.keys())
def test_fields_match_trafilatura(html: str) -> None:
    url = "https://post.example/world/floods"
    assert page_metadata(load_html(html), url) == _expected(html, url)


@pytest.mark.parametrize("path", sorted(DEMO_SITE.rglob("*.html")), ids=lambda p: p.name)
def test_demo_site_pages_match_trafilatura(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    url = f"http://127.0.0.1/{path.relative_to(DEMO_SITE)}"
    assert page_metadata(load_html(html), url) == _expected(html, url)


def test_values_a_reader_would_expect() -> None:
    found = page_metadata(load_html(PAGES["json-ld only"]), "https://post.example/floods")
    assert found == PageMetadata(
        title="Floods force 1,200 from the valley",
        author="Ana Ruiz",
        published="2025-03-02",
        sitename="Riverside Post",
        url="https://post.example/floods",
    )


def test_the_tree_is_left_as_it_was() -> None:
    tree = load_html(PAGES["meta tags"])
    before = len(list(tree.iter()))
    page_metadata(tree, None)
    assert len(list(tree.iter())) == before

"""A realistic corpus of news pages, generated from the demo site's team-written articles.

Each page wraps a shuffled selection of article paragraphs in the weight real news pages
carry: a long navigation menu, inline scripts and JSON-LD, share buttons, a related-links
rail, a comments section and a large footer (about 20 KB of HTML per page).
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from tallywatch.demo import EDITIONS

SECTIONS = ["World", "Asia", "Europe", "Politics", "Business", "Science", "Climate", "Opinion"]


def demo_paragraphs() -> list[str]:
    """Every paragraph of every demo article (the team's own prose)."""
    paragraphs: list[str] = []
    for path in sorted(Path(EDITIONS[-1]).rglob("*.html")):
        tree = lxml_html.fromstring(path.read_bytes())
        for node in tree.xpath("//article//p"):
            text = " ".join(node.text_content().split())
            if len(text) > 80:
                paragraphs.append(text)
    if not paragraphs:
        raise RuntimeError("the demo site has no article paragraphs to build pages from")
    return sorted(set(paragraphs))


def _boilerplate(rng: random.Random, n: int) -> tuple[str, str]:
    nav = "".join(
        f'<li><a href="/{s.lower()}/{i}">{s} {i}</a></li>' for s in SECTIONS for i in range(12)
    )
    script = "var cfg = " + repr({f"k{i}": "x" * 40 for i in range(60)}) + ";"
    head = (
        f"<nav class='menu'><ul>{nav}</ul></nav>"
        f"<script>{script}</script>"
        "<div class='ad-slot'>Advertisement</div>"
        "<div class='share'><a href='#'>Share</a><a href='#'>Post</a><a href='#'>Email</a></div>"
    )
    related = "".join(
        f'<li><a href="/world/2025/related-{n}-{i}.html">Related story number {i} '
        f"about regional security and diplomacy</a></li>"
        for i in range(25)
    )
    comments = "".join(
        f"<div class='comment'><b>reader{rng.randint(1, 9999)}</b><p>Comment {i}: "
        "thanks for the update, I follow this closely.</p></div>"
        for i in range(20)
    )
    footer = "".join(f'<a href="/about/{i}">About link {i}</a> ' for i in range(120))
    tail = (
        f"<aside class='related'><h3>Related</h3><ul>{related}</ul></aside>"
        f"<section class='comments'><h3>Comments</h3>{comments}</section>"
        f"<footer>{footer}<p>© The Meridian Ledger</p></footer>"
    )
    return head, tail


def article_page(n: int, paragraphs: list[str], rng: random.Random) -> str:
    body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(6, 10)))
    title = f"Report {n}: " + body[0].split(".")[0][:80]
    head, tail = _boilerplate(rng, n)
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    day = 1 + n % 28
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta property='og:title' content='{html.escape(title)}'>"
        f"<meta name='author' content='Staff reporter {n % 17}'>"
        f"<meta property='article:published_time' content='2025-03-{day:02d}T08:00:00Z'>"
        f"<link rel='canonical' href='/world/2025/story-{n}.html'>"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script>'
        f"</head><body>{head}<main><article><h1>{html.escape(title)}</h1>"
        f"<p class='byline'>By Staff reporter {n % 17}</p>{paras}</article></main>"
        f"{tail}</body></html>"
    )


def generate(count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """(path, html) pairs for `count` article pages."""
    paragraphs = demo_paragraphs()
    rng = random.Random(seed)
    for n in range(count):
        yield f"/world/2025/story-{n}.html", article_page(n, paragraphs, rng)

"""A realistic corpus of news pages, generated from the demo site's team-written articles.

Each page wraps a shuffled selection of article paragraphs in what a real news page
carries around its story. Two weights:

- `news` (the default, about 200 KB of HTML): a `<head>` with inline CSS, preload links
  and a JSON state blob, a mega-menu, a consent banner, inline SVG icons, a lead picture
  with `srcset`, ad slots and "read more" boxes between the paragraphs, a related-stories
  rail of picture cards, a most-read list, a newsletter form, threaded comments and a
  large footer. It is calibrated on the rates the performance issue measured on real
  news pages on this kind of machine: a bare lxml parse at about 370 pages/s and
  trafilatura at 20-40 pages/s per core.
- `light` (about 20 KB): the same story in a thin shell (menu, one script, related links,
  comments, footer), the pages of the earliest benchmark runs; useful to see the fixed
  costs that page weight hides.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import html as lxml_html

from tallywatch.demo import EDITIONS

SECTIONS = ["World", "Asia", "Europe", "Politics", "Business", "Science", "Climate", "Opinion"]
TOPICS = ["Defence", "Diplomacy", "Elections", "Energy", "Health", "Markets", "Migration"]
ICON_PATH = "M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20zm0 3l2 5h5l-4 3l2 5l-5-3l-5 3l2-5l-4-3h5z"
SITE = "The Meridian Ledger"


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


def _icon(name: str) -> str:
    return (
        f"<svg class='icon icon-{name}' viewBox='0 0 24 24' aria-hidden='true'>"
        f"<path d='{ICON_PATH}'/><path d='{ICON_PATH[::-1]}'/></svg>"
    )


def _stylesheet(rng: random.Random) -> str:
    rules = (
        f".c{i}{{margin:{rng.randint(0, 24)}px;padding:{rng.randint(0, 16)}px;"
        f"color:#{rng.randrange(0x1000000):06x};font-size:{rng.randint(11, 22)}px}}"
        for i in range(600)
    )
    return "<style>" + "".join(rules) + "</style>"


def _state_blob(n: int, title: str, body: list[str], rng: random.Random) -> str:
    """The JSON a client-side framework hydrates from: the story again, plus teasers."""
    state = {
        "page": {"id": n, "title": title, "section": rng.choice(SECTIONS)},
        "story": {"paragraphs": body, "tags": rng.sample(TOPICS, 3)},
        "teasers": [
            {
                "id": n * 1000 + i,
                "headline": f"Teaser {i} on {rng.choice(TOPICS).lower()}",
                "summary": rng.choice(body)[:160],
                "image": {"src": f"/img/teaser-{n}-{i}.jpg", "width": 640, "height": 360},
            }
            for i in range(200)
        ],
        "ads": {f"slot{i}": {"size": [300, 250], "targeting": "x" * 40} for i in range(40)},
    }
    blob = json.dumps(state).replace("</", "<\\/")
    return f"<script id='state' type='application/json'>{blob}</script>"


def _head(n: int, title: str, body: list[str], rng: random.Random) -> str:
    day = 1 + n % 28
    metas = "".join(f"<meta name='app:{k}' content='{rng.randrange(10**9)}'>" for k in range(20))
    links = "".join(
        f"<link rel='preload' as='font' href='/fonts/ledger-{k}.woff2' crossorigin>"
        for k in range(12)
    )
    scripts = "".join(
        f"<script>window.q{k}=window.q{k}||[];q{k}.push({{t:{rng.randrange(10**6)}}});</script>"
        for k in range(8)
    )
    return (
        "<head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} | {SITE}</title>"
        f"<meta property='og:title' content='{html.escape(title)}'>"
        f"<meta name='author' content='Staff reporter {n % 17}'>"
        f"<meta property='article:published_time' content='2025-03-{day:02d}T08:00:00Z'>"
        f"<link rel='canonical' href='/world/2025/story-{n}.html'>"
        f"{metas}{links}{_stylesheet(rng)}{scripts}"
        '<script type=\'application/ld+json\'>{"@type": "NewsArticle"}</script>'
        f"{_state_blob(n, title, body, rng)}</head>"
    )


def _mega_menu() -> str:
    columns = "".join(
        f"<li class='menu-item'><a href='/{s.lower()}'>{s}</a><div class='submenu'><ul>"
        + "".join(
            f"<li><a href='/{s.lower()}/{t.lower()}/{k}'><span>{t} {k}</span></a></li>"
            for t in TOPICS
            for k in range(4)
        )
        + "</ul></div></li>"
        for s in SECTIONS
    )
    return (
        f"<header class='masthead'><div class='bar'>{_icon('menu')}"
        f"<a class='logo' href='/'>{SITE}</a>{_icon('search')}"
        "<form class='search'><input name='q' placeholder='Search'><button>Go</button></form>"
        f"</div><nav class='menu'><ul>{columns}</ul></nav></header>"
    )


def _consent() -> str:
    return (
        "<div class='consent' role='dialog'><p>We use cookies to measure our audience and "
        "to show advertising that pays for our journalism.</p>"
        "<button>Accept all</button><button>Manage choices</button></div>"
    )


def _picture(name: str, caption: str) -> str:
    sources = "".join(
        f"<source media='(min-width: {w}px)' srcset='/img/{name}-{w}.webp 1x, "
        f"/img/{name}-{w * 2}.webp 2x'>"
        for w in (320, 480, 768, 1024, 1440)
    )
    return (
        f"<figure class='media'><picture>{sources}<img src='/img/{name}-768.jpg' "
        f"alt='' loading='lazy' width='768' height='432'></picture>"
        f"<figcaption>{html.escape(caption)} Photograph: agency</figcaption></figure>"
    )


def _read_more(n: int, rng: random.Random) -> str:
    items = "".join(
        f"<li><a href='/world/2025/story-{rng.randrange(n + 1000)}.html'>"
        f"Earlier coverage of {rng.choice(TOPICS).lower()} talks</a></li>"
        for _ in range(3)
    )
    return f"<aside class='read-more'><h4>Read more</h4><ul>{items}</ul></aside>"


def _ad(k: int) -> str:
    return f"<div class='ad-slot' id='ad-{k}' data-size='300x250'><span>Advertisement</span></div>"


def _story(n: int, title: str, body: list[str], rng: random.Random) -> str:
    parts: list[str] = []
    for k, paragraph in enumerate(body):
        parts.append(f"<p>{html.escape(paragraph)}</p>")
        if k == 2:
            parts.append(_ad(k))
        if k == 4:
            parts.append(_read_more(n, rng))
    share = "".join(
        f"<a class='share-{s}' href='#'>{_icon(s)}<span>{s.title()}</span></a>"
        for s in ("post", "email", "link", "print")
    )
    tags = "".join(f"<li><a href='/topic/{t.lower()}'>{t}</a></li>" for t in rng.sample(TOPICS, 3))
    return (
        f"<main><article><h1>{html.escape(title)}</h1>"
        f"<p class='byline'>By <a href='/staff/{n % 17}'>Staff reporter {n % 17}</a> "
        f"<time datetime='2025-03-{1 + n % 28:02d}'>March {1 + n % 28}, 2025</time></p>"
        f"<div class='share'>{share}</div>"
        f"{_picture(f'lead-{n}', body[0][:60])}"
        f"<div class='body'>{''.join(parts)}</div>"
        f"<ul class='tags'>{tags}</ul></article></main>"
    )


def _rail(n: int, rng: random.Random) -> str:
    cards = "".join(
        f"<div class='card'><a href='/world/2025/related-{n}-{i}.html'>"
        f"{_picture(f'card-{n}-{i}', 'A teaser picture.')}"
        f"<span class='kicker'>{rng.choice(TOPICS)}</span>"
        f"<h3>Related story {i} on regional security and diplomacy</h3></a>"
        f"<time>{rng.randint(1, 23)} hours ago</time></div>"
        for i in range(24)
    )
    most_read = "".join(
        f"<li><span class='rank'>{i + 1}</span><a href='/most-read/{n}-{i}'>"
        f"Most read item {i} about {rng.choice(TOPICS).lower()}</a></li>"
        for i in range(10)
    )
    return (
        f"<aside class='related'><h2>Related</h2>{cards}</aside>"
        f"<aside class='most-read'><h2>Most read</h2><ol>{most_read}</ol></aside>"
        "<section class='newsletter'><h2>The morning briefing</h2>"
        "<form><label>Email<input type='email' name='email'></label>"
        "<label><input type='checkbox' name='terms'> I agree to the terms</label>"
        "<button>Sign up</button></form></section>"
    )


def _comments(rng: random.Random, count: int) -> str:
    def one(i: int, reply: str) -> str:
        return (
            f"<div class='comment' id='c{i}'><img class='avatar' src='/avatars/{i}.png' alt=''>"
            f"<b>reader{rng.randint(1, 9999)}</b><time>{rng.randint(1, 59)} min ago</time>"
            f"<p>Comment {i}: thanks for the update, I follow this closely.</p>"
            f"<button>Reply</button><button>Like {rng.randint(0, 99)}</button>{reply}</div>"
        )

    threads = "".join(one(i, one(1000 + i, "") if i % 3 == 0 else "") for i in range(count))
    return f"<section class='comments'><h3>Comments</h3>{threads}</section>"


def _footer(links: int) -> str:
    columns = "".join(f'<a href="/about/{i}">About link {i}</a> ' for i in range(links))
    legal = "".join(
        f"<p class='legal'>Legal notice {i}: terms of use, privacy and cookie policy.</p>"
        for i in range(6)
    )
    return f"<footer>{columns}{legal}<p>© {SITE}</p></footer>"


def _layout(block: str, name: str, depth: int = 5) -> str:
    """A block inside the nested wrapper divs that page builders and grid systems emit."""
    opening = "".join(f"<div class='{name}-l{k} row col-{12 - k}'>" for k in range(depth))
    return opening + block + "</div>" * depth


def news_page(n: int, paragraphs: list[str], rng: random.Random) -> str:
    """An article page of real-world weight (about 200 KB)."""
    body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(6, 10)))
    title = f"Report {n}: " + body[0].split(".")[0][:80]
    return (
        f"<!DOCTYPE html><html lang='en'>{_head(n, title, body, rng)}<body>"
        f"{_consent()}{_layout(_mega_menu(), 'top')}{_layout(_story(n, title, body, rng), 'main')}"
        f"{_layout(_rail(n, rng), 'side')}{_layout(_comments(rng, 40), 'talk')}"
        f"{_layout(_footer(300), 'bottom')}</body></html>"
    )


def light_page(n: int, paragraphs: list[str], rng: random.Random) -> str:
    """An article page in a thin shell (about 20 KB)."""
    body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(6, 10)))
    title = f"Report {n}: " + body[0].split(".")[0][:80]
    nav = "".join(
        f'<li><a href="/{s.lower()}/{i}">{s} {i}</a></li>' for s in SECTIONS for i in range(12)
    )
    script = "var cfg = " + repr({f"k{i}": "x" * 40 for i in range(60)}) + ";"
    related = "".join(
        f'<li><a href="/world/2025/related-{n}-{i}.html">Related story number {i} '
        f"about regional security and diplomacy</a></li>"
        for i in range(25)
    )
    day = 1 + n % 28
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        f"<meta name='author' content='Staff reporter {n % 17}'>"
        f"<meta property='article:published_time' content='2025-03-{day:02d}T08:00:00Z'>"
        f"</head><body><nav class='menu'><ul>{nav}</ul></nav><script>{script}</script>"
        f"<main><article><h1>{html.escape(title)}</h1>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in body)
        + f"</article></main><aside class='related'><ul>{related}</ul></aside>"
        f"{_comments(rng, 20)}{_footer(120)}</body></html>"
    )


WEIGHTS: dict[str, Callable[[int, list[str], random.Random], str]] = {
    "news": news_page,
    "light": light_page,
}


def generate(count: int, seed: int = 7, weight: str = "news") -> Iterator[tuple[str, str]]:
    """(path, html) pairs for `count` article pages of the given weight."""
    page = WEIGHTS[weight]
    paragraphs = demo_paragraphs()
    rng = random.Random(seed)
    for n in range(count):
        yield f"/world/2025/story-{n}.html", page(n, paragraphs, rng)

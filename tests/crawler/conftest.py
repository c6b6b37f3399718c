"""A loopback news site for the crawler tests, and a way to crawl it in a child process.

The site is a real threaded HTTP server (`loopback_servers.scripted_site`): every
resource is a `Resource` that the tests can replace while the server runs, and the
server logs each request so tests can count what the crawler downloaded.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import pytest
from loopback_servers.scripted_site import (
    Drip,
    ResetMidBody,
    Resource,
    gzip_bomb,
    serve_scripted_site,
)
from loopback_servers.scripted_site import ScriptedSite as LoopbackSite

SITE_DIR = Path(__file__).with_name("site")
SITE_NAME = "Loopback Herald"

CRAWL_SCRIPT = """
import json, re, sys
from tallywatch.config import load_settings
from tallywatch.crawler.runner import run_crawl
from tallywatch.extract.types import ExtractedFigure
from tallywatch.store import Database
from tallywatch.store.runs import finish_run, start_run

class NumberReader:
    # stands in for the figure extractor: one figure per number in the article

    def warm_up(self):
        pass

    def analyse(self, page):
        return [
            ExtractedFigure(None, "killed", 1, None, "exact", "cumulative", None, None,
                            page.text[m.start():m.end()], m.start(), m.end())
            for m in re.finditer(r"\\d[\\d,]*", page.text)
        ]

settings = load_settings(sys.argv[1])
db = Database(settings.database.url)
with db.session() as session:
    run_id = start_run(session, worker="test")
stats = run_crawl(settings, db, run_id, reader=NumberReader())
with db.session() as session:
    finish_run(session, run_id, "ok")
print(json.dumps({"run_id": run_id, "interrupted": stats.interrupted, **stats.counts()}))
"""


def load_articles() -> list[dict[str, Any]]:
    return tomllib.loads((SITE_DIR / "articles.toml").read_text("utf-8"))["articles"]


def article_html(article: dict[str, Any], base: str, *, charset: str | None = "utf-8") -> str:
    """An article page; `charset=None` declares no charset at all."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in article["paragraphs"])
    title = escape(article["title"])
    meta = f'<meta charset="{charset}">\n' if charset else ""
    return f"""<!DOCTYPE html>
<html lang="{article.get("language", "en")}">
<head>
{meta}<title>{title} | {SITE_NAME}</title>
<link rel="canonical" href="{base}/news/{article["slug"]}.html">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="article">
<meta name="author" content="{escape(article["author"])}">
<meta property="article:published_time" content="{article["published"]}">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/about.html">About</a></nav>
<form action="/search"><input name="q" placeholder="Search"></form></header>
<main><article>
<h1>{title}</h1>
<p class="byline">By {escape(article["author"])}</p>
{paragraphs}
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/world/">More world news</a></li></ul></aside>
<footer><p>&copy; 2025 {SITE_NAME}. All rights reserved.</p>
<a href="/contact.html">Contact</a></footer>
</body>
</html>
"""


def broken_html(article: dict[str, Any]) -> str:
    """An article page the way careless templates break it: no `</head>` or `<body>`,
    unclosed paragraphs and cells, stray and mis-nested end tags, unquoted and doubled
    attributes, raw `&` and `<`, junk after the last tag, no end of document."""
    paragraphs = "\n".join(f"<p class=para>{escape(p)}" for p in article["paragraphs"])
    title = escape(article["title"])
    return f"""<html><head><meta charset=utf-8><title>{title}</title>
<meta name=author content="{escape(article["author"])}" content=twice>
<div class="nav" class=again><a href=/>Home</a> <a href=/world/>World</a></span></div>
<table><tr><td><main><article>
<h1>{title}</h2>
<p class=byline>By {escape(article["author"])}</b>
{paragraphs}
<p>Corrections & clarifications: <b>none <i>so far</b> this week</i> < promised.
</article></td></tr></div></div>
<div class=footer><p>&copy 2025 {SITE_NAME} <p <p> </font></center>
"""


def listing_html(title: str, links: list[tuple[str, str]]) -> str:
    items = "\n".join(f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in links)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | {SITE_NAME}</title></head>
<body><header><nav><a href="/">Home</a> <a href="/world/">World</a></nav></header>
<main><h1>{escape(title)}</h1><ul>
{items}
</ul></main><footer>&copy; {SITE_NAME}</footer></body></html>
"""


def rss(base: str, paths: list[str]) -> str:
    items = "\n".join(
        f"<item><title>Item {i}</title><link>{base}{path}</link>"
        f"<pubDate>Mon, {10 + i:02d} Feb 2025 09:00:00 GMT</pubDate></item>"
        for i, path in enumerate(paths)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{SITE_NAME}: world</title><link>{base}/</link>
<description>World news</description>
{items}
</channel></rss>
"""


def atom(base: str, paths: list[str]) -> str:
    entries = "\n".join(
        f'<entry><title>Entry {i}</title><link rel="alternate" href="{base}{path}"/>'
        f"<id>{base}{path}</id><updated>2025-02-1{i}T09:00:00Z</updated></entry>"
        for i, path in enumerate(paths)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{SITE_NAME}: Korea</title>
<id>{base}/feeds/korea.atom</id><updated>2025-02-19T09:00:00Z</updated>
{entries}
</feed>
"""


def urlset(base: str, paths: list[str], *, news: bool = False) -> str:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    rows = []
    for i, path in enumerate(paths):
        extra = (
            "<news:news><news:publication><news:name>Loopback Herald</news:name>"
            "<news:language>en</news:language></news:publication>"
            f"<news:publication_date>2025-02-1{i}</news:publication_date>"
            f"<news:title>Story {i}</news:title></news:news>"
            if news
            else f"<lastmod>2025-02-1{i}</lastmod>"
        )
        rows.append(f"<url><loc>{base}{path}</loc>{extra}</url>")
    body = "\n".join(rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n{body}\n</urlset>\n'
    )


def sitemap_index(base: str, paths: list[str]) -> str:
    rows = "\n".join(f"<sitemap><loc>{base}{path}</loc></sitemap>" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n'
        "</sitemapindex>\n"
    )


@pytest.fixture(scope="session")
def site() -> Iterator[LoopbackSite]:
    """The loopback site, serving for the whole session (tests add their own pages)."""
    with serve_scripted_site() as site:
        site.put(
            "/robots.txt",
            Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain", validators=False),
        )
        yield site


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def write_config(path: Path, db_url: str, crawl: dict[str, Any], sources: list[dict]) -> Path:
    lines = ["[database]", f"url = {_toml_value(db_url)}", "", "[crawl]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in crawl.items()]
    for source in sources:
        lines += ["", "[[sources]]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in source.items()]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


TEST_CRAWL = {
    "autothrottle": False,
    "download_delay": 0,
    "timeout": 1.0,
    "retries": 1,
    "retry_backoff_seconds": 0,
    "concurrency": 8,
    "per_domain_concurrency": 4,
}
"""Fast, deterministic crawl settings for loopback tests."""


def crawl_in_child(config: Path, timeout: float = 120) -> dict[str, Any]:
    """Run one crawl in a fresh Python process (Scrapy's reactor cannot restart)."""
    done = subprocess.run(
        [sys.executable, "-c", CRAWL_SCRIPT, str(config)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class PublishedSite:
    """What a fixture published: article paths by slug, and the sources that list them."""

    articles: dict[str, str]
    sources: list[dict[str, Any]]
    extra: dict[str, str] = field(default_factory=dict)
    faults: dict[str, Any] = field(default_factory=dict)
    """Misbehaving servers by name (such as a `Drip`), to ask what they sent."""


def publish_article(site: LoopbackSite, path: str, article: dict[str, Any], **kw: Any) -> None:
    site.put(path, Resource(article_html(article, site.base).encode("utf-8"), **kw))


@pytest.fixture(scope="session")
def news_site(site: LoopbackSite) -> PublishedSite:
    """Seven articles reachable from an RSS feed, an Atom feed, a sitemap index (with a
    news sitemap) and a section page; one path disallowed by robots.txt; one article
    served without validators (no ETag / Last-Modified)."""
    base = site.base
    articles = {a["slug"]: a for a in load_articles()}
    slugs = list(articles)[:7]
    paths = {slug: f"/news/{slug}.html" for slug in slugs}
    for slug in slugs:
        publish_article(site, paths[slug], articles[slug], validators=slug != "engineers-return")
    p = [paths[s] for s in slugs]
    put_xml = lambda path, text, kind: site.put(  # noqa: E731
        path, Resource(text.encode("utf-8"), kind, validators=False)
    )
    put_xml(
        "/feeds/world.rss",
        rss(base, [p[0], p[1], p[2], "/private/embargoed.html"]),
        "application/rss+xml",
    )
    put_xml("/feeds/korea.atom", atom(base, [p[3], p[0]]), "application/atom+xml")
    put_xml(
        "/sitemap-index.xml",
        sitemap_index(base, ["/sitemaps/news.xml", "/sitemaps/archive.xml"]),
        "application/xml",
    )
    put_xml("/sitemaps/news.xml", urlset(base, [p[4], p[5]], news=True), "application/xml")
    put_xml("/sitemaps/archive.xml", urlset(base, [p[6], p[1]]), "application/xml")
    listing = [
        (p[0], "One"),
        (p[2], "Three"),
        (p[5], "Six"),
        ("/about.html", "About us"),
        ("/private/embargoed.html", "Embargoed"),
    ]
    site.put("/world/", Resource(listing_html("World", listing).encode(), validators=False))
    publish_article(site, "/private/embargoed.html", articles[slugs[0]])
    sources = [
        {"name": "world-rss", "kind": "feed", "url": f"{base}/feeds/world.rss"},
        {"name": "korea-atom", "kind": "feed", "url": f"{base}/feeds/korea.atom"},
        {"name": "sitemaps", "kind": "sitemap", "url": f"{base}/sitemap-index.xml"},
        {"name": "world-section", "kind": "page", "url": f"{base}/world/", "follow": ["/news/"]},
    ]
    return PublishedSite(paths, sources)


UKRAINIAN_ARTICLE: dict[str, Any] = {
    "slug": "zaporizhzhia-kavyarnia",
    "title": "Кав’ярня в Запоріжжі знову відчинилася після обстрілів",
    "author": "Ірина Бондаренко",
    "published": "2025-03-02T10:00:00+02:00",
    "language": "uk",
    "paragraphs": [
        "У Запоріжжі власники невеликої кав’ярні на Соборному проспекті цього тижня знову "
        "відчинили двері, після того як замінили вікна, вибиті ракетним ударом восени.",
        "За словами місцевої влади, з початку року з прифронтових сіл області евакуювали "
        "близько 20 000 мешканців, багато з них — до самого міста.",
        "«Ми варимо каву, бо людям потрібне місце, де можна просто посидіти», — сказала "
        "одна з власниць; серед постійних гостей тепер волонтери й військові у відпустці.",
    ],
}
"""An article for a page in windows-1251 that declares no charset anywhere."""

ENTITY_BOMB = """
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">"""
"""Entity declarations expanding `&d;` to about 1.1 million characters."""


def bomb_sitemap(base: str, path: str) -> str:
    """A sitemap whose DTD is an entity-expansion bomb, listing one real article."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE urlset [{ENTITY_BOMB}\n]>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<url><loc>{base}{path}</loc><lastmod>&d;</lastmod></url>\n</urlset>\n"
    )


BOMB_FEED = f"""<?xml version="1.0"?>
<!DOCTYPE rss [{ENTITY_BOMB}
]>
<rss version="2.0"><channel><title>&d;</title>
<item><title>&d;</title><link>/trouble/bomb-item.html</link></item></channel></rss>
""".encode()
TROUBLE_MAX_BYTES = 65536


HTTP_ERRORS = (404, 410, 500, 503)
GZIP_BOMB_BYTES = 48 << 20
"""The gzip bomb inflates to 48 MiB (768 times TROUBLE_MAX_BYTES) from about 48 KiB."""
UNRESOLVABLE = "news.tallywatch-test.invalid"
"""A host no resolver can find: `.invalid` is reserved for that (RFC 6761)."""


def _error_page(status: int) -> Resource:
    body = f"<html><body><h1>Error {status}</h1></body></html>".encode()
    return Resource(body, status=status, validators=False)


def _redirect(location: str) -> Resource:
    return Resource(b"", status=302, validators=False, headers={"Location": location})


def _closed_port() -> int:

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def trouble_site(site: LoopbackSite) -> PublishedSite:
    """Sources and pages that misbehave, one problem each (see `extra` for the paths)."""
    base = site.base
    articles = {a["slug"]: a for a in load_articles()}
    html = lambda slug: article_html(articles[slug], base)  # noqa: E731
    padding = "<!-- " + "x" * (TROUBLE_MAX_BYTES * 2) + " -->"
    drip_page = Drip(html("nis-11000-deployed").encode()[:120])
    drip_feed = Drip(rss(base, ["/trouble/drip-item.html"]).encode())
    reset_sitemap = ResetMidBody(urlset(base, ["/trouble/reset-item.html"]).encode())
    pages = {
        "pdf": ("/trouble/report.pdf", Resource(b"%PDF-1.7\n%binary\n" * 40, "application/pdf")),
        "huge": ("/trouble/huge.html", Resource((html("hur-30-casualties") + padding).encode())),
        "stream": (
            "/trouble/huge-stream.html",
            Resource((html("hur-30-casualties") + padding).encode(), send_length=False),
        ),
        "encoding": (
            "/trouble/cafe.html",
            Resource(html("seoul-zaporizhzhia-cafe").encode("cp1252")),
        ),
        "slow": ("/trouble/slow.html", Resource(html("two-captured").encode(), delay=3.0)),
        "empty": ("/trouble/empty.html", Resource(b"")),
        "binary": ("/trouble/binary.html", Resource(bytes(range(256)) * 16)),
        "busy": (
            "/trouble/busy.html",
            Resource(html("zelensky-4000").encode(), script=[(429, {"Retry-After": "1"})]),
        ),
        "moved": (
            "/trouble/moved.html",
            Resource(
                b"",
                status=302,
                validators=False,
                headers={"Location": base.replace("127.0.0.1", "localhost") + "/news/x.html"},
            ),
        ),
        "index": (
            "/trouble/index.html",
            Resource(
                listing_html(
                    "Archive", [(f"/news/{slug}.html", a["title"]) for slug, a in articles.items()]
                ).encode()
            ),
        ),
        "salvaged": ("/trouble/salvaged.html", Resource(html("sappers-builders").encode())),
        "drip": ("/trouble/drip.html", Resource(b"", raw=drip_page)),
        "reset": (
            "/trouble/reset.html",
            Resource(b"", raw=ResetMidBody(html("nis-300-killed").encode())),
        ),
        **{
            f"http-{status}": (f"/trouble/http-{status}.html", _error_page(status))
            for status in HTTP_ERRORS
        },
        "loop": ("/trouble/loop-a.html", _redirect(f"{base}/trouble/loop-b.html")),
        "gzip-bomb": (
            "/trouble/gzip-bomb.html",
            Resource(
                gzip_bomb(GZIP_BOMB_BYTES), headers={"Content-Encoding": "gzip"}, validators=False
            ),
        ),
        "broken-html": (
            "/trouble/broken-html.html",
            Resource(broken_html(articles["nis-11000-deployed"]).encode()),
        ),
        "no-charset": (
            "/trouble/no-charset.html",
            Resource(
                article_html(UKRAINIAN_ARTICLE, base, charset=None).encode("cp1251"), "text/html"
            ),
        ),
    }
    for path, resource in pages.values():
        site.put(path, resource)
    site.put("/trouble/loop-b.html", _redirect(f"{base}/trouble/loop-a.html"))
    feed_paths = [path for key, (path, _r) in pages.items() if key != "salvaged"]
    xml = "application/xml"
    site.put("/trouble/feed.rss", Resource(rss(base, feed_paths).encode(), xml, validators=False))
    broken = rss(base, [pages["salvaged"][0]]).replace("</item>", "", 1)
    site.put("/trouble/broken.rss", Resource(broken.encode(), xml, validators=False))
    site.put("/trouble/bomb.rss", Resource(BOMB_FEED, xml, validators=False))
    dead = urlset(base, ["/trouble/gone-1.html", "/trouble/gone-2.html"])
    site.put("/trouble/dead.xml", Resource(dead.encode(), xml, validators=False))
    site.put("/trouble/not-a-sitemap.xml", Resource(html("engineers-return").encode()))
    site.put("/trouble/drip.rss", Resource(b"", raw=drip_feed))
    site.put("/trouble/reset.xml", Resource(b"", raw=reset_sitemap))
    site.put("/trouble/down.rss", _error_page(503))
    site.put("/trouble/loop.rss", _redirect(f"{base}/trouble/loop.rss"))
    port = site.base.rsplit(":", 1)[1]
    sources = [
        {"name": "trouble-feed", "kind": "feed", "url": f"{base}/trouble/feed.rss"},
        {"name": "broken-feed", "kind": "feed", "url": f"{base}/trouble/broken.rss"},
        {"name": "bomb-feed", "kind": "feed", "url": f"{base}/trouble/bomb.rss"},
        {"name": "dead-sitemap", "kind": "sitemap", "url": f"{base}/trouble/dead.xml"},
        {"name": "fake-sitemap", "kind": "sitemap", "url": f"{base}/trouble/not-a-sitemap.xml"},
        {"name": "unreachable", "kind": "feed", "url": f"http://127.0.0.1:{_closed_port()}/f.xml"},
        {"name": "unresolvable", "kind": "feed", "url": f"http://{UNRESOLVABLE}:{port}/f.xml"},
        {"name": "dripping-feed", "kind": "feed", "url": f"{base}/trouble/drip.rss"},
        {"name": "reset-sitemap", "kind": "sitemap", "url": f"{base}/trouble/reset.xml"},
        {"name": "down-feed", "kind": "feed", "url": f"{base}/trouble/down.rss"},
        {"name": "looping-feed", "kind": "feed", "url": f"{base}/trouble/loop.rss"},
    ]
    drips = {"drip": drip_page, "dripping-feed": drip_feed}
    return PublishedSite({}, sources, {key: path for key, (path, _r) in pages.items()}, drips)


@pytest.fixture(scope="session")
def hostile_sitemap(site: LoopbackSite) -> PublishedSite:
    """A sitemap source whose DTD is an entity-expansion bomb; it lists one real article."""
    item = "/hostile/sitemap-item.html"
    publish_article(site, item, next(a for a in load_articles() if a["slug"] == "two-captured"))
    body = bomb_sitemap(site.base, item).encode()
    site.put("/hostile/sitemap.xml", Resource(body, "application/xml", validators=False))
    source = {"name": "bomb-sitemap", "kind": "sitemap", "url": f"{site.base}/hostile/sitemap.xml"}
    return PublishedSite({"two-captured": item}, [source])


@pytest.fixture(scope="session")
def crawl() -> Any:
    return crawl_in_child


def start_crawl_in_child(config: Path) -> subprocess.Popen[str]:
    """Start a crawl in a child process without waiting (to signal it)."""
    return subprocess.Popen(
        [sys.executable, "-c", CRAWL_SCRIPT, str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="session")
def start_crawl() -> Any:
    return start_crawl_in_child


class SiteKit:
    """Builders for tests that publish their own pages or write their own configs."""

    TEST_CRAWL = TEST_CRAWL
    TROUBLE_MAX_BYTES = TROUBLE_MAX_BYTES
    Resource = Resource
    ResetMidBody = ResetMidBody
    UKRAINIAN_ARTICLE = UKRAINIAN_ARTICLE
    write_config = staticmethod(write_config)
    publish_article = staticmethod(publish_article)
    listing_html = staticmethod(listing_html)
    article_html = staticmethod(article_html)
    rss = staticmethod(rss)
    urlset = staticmethod(urlset)

    @staticmethod
    def article(slug: str) -> dict[str, Any]:
        return next(a for a in load_articles() if a["slug"] == slug)


@pytest.fixture(scope="session")
def site_kit() -> type[SiteKit]:
    return SiteKit

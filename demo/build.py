"""Build the demo site's editions from article sources and page templates.

The site under `demo/site/` is plain static files, committed and shipped with
the package; this module regenerates it after an article or template changes:

    python -m tallywatch.demo.build            # rewrite demo/site/
    python -m tallywatch.demo.build --check    # exit 1 when demo/site/ is stale

Articles are TOML files in `content/editionN/`; edition N holds every article
of editions 1..N, a later file with the same name replacing the earlier one
(an article updated in place).  `content/editions.toml` describes each edition.
"""

from __future__ import annotations

import argparse
import email.utils
import html
import json
import math
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from markupsafe import Markup

from tallywatch.demo.server import SITE_ORIGIN

DEMO_DIR = Path(__file__).resolve().parent
CONTENT_DIR = DEMO_DIR / "content"
TEMPLATE_DIR = DEMO_DIR / "templates"
SITE_DIR = DEMO_DIR / "site"
STATIC_DIR = CONTENT_DIR / "static"

WORDS_PER_MINUTE = 230
MOST_READ = 5
RELATED = 3
HOME_LATEST = 10
INLINE_LINK = re.compile(r"\[([^\]]+)\]\((/[^)\s]*)\)")


@dataclass(frozen=True)
class SiteInfo:
    name: str
    tagline: str
    origin: str
    sections: tuple[tuple[str, str], ...]

    def section_label(self, key: str) -> str:
        return dict(self.sections)[key]


SITE = SiteInfo(
    name="The Meridian Ledger",
    tagline="Independent reporting on a world in motion",
    origin=SITE_ORIGIN,
    sections=(("world", "World"), ("opinion", "Opinion")),
)


@dataclass(frozen=True)
class Edition:
    directory: str
    label: str
    built: datetime

    @property
    def date_label(self) -> str:
        return f"{self.built:%A} {self.built.day} {self.built:%B %Y}"

    @property
    def built_rfc822(self) -> str:
        return email.utils.format_datetime(self.built)


@dataclass(frozen=True)
class ExpectedFigure:
    """A figure the article reports, as an analyst reads it (not rendered; for tests)."""

    metric: str
    value: int
    qualifier: str
    scope: str
    source: str
    high: int | None = None
    topic: str = "nk-troops"


@dataclass(frozen=True)
class Comment:
    name: str
    when: str
    text: str


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    standfirst: str
    author: str
    section: str
    published: datetime
    body: str
    updated: datetime | None = None
    tags: tuple[str, ...] = ()
    kicker: str | None = None
    caption: str | None = None
    comments: tuple[Comment, ...] = field(default_factory=tuple)
    figures: tuple[ExpectedFigure, ...] = field(default_factory=tuple)
    private: bool = False
    """A desk preview under /private/ (disallowed by robots.txt), never listed."""

    @property
    def path(self) -> str:
        prefix = "/private" if self.private else ""
        return f"{prefix}/{self.section}/{self.published:%Y/%m/%d}/{self.slug}.html"

    @property
    def section_label(self) -> str:
        return SITE.section_label(self.section)

    @property
    def modified(self) -> datetime:
        return self.updated or self.published

    @property
    def published_iso(self) -> str:
        return self.published.isoformat()

    @property
    def modified_iso(self) -> str:
        return self.modified.isoformat()

    @property
    def published_rfc822(self) -> str:
        return email.utils.format_datetime(self.published)

    @property
    def published_label(self) -> str:
        return _long_date(self.published)

    @property
    def updated_label(self) -> str:
        return _long_date(self.modified)

    @property
    def published_short(self) -> str:
        return f"{self.published.day} {self.published:%b %Y}"

    @cached_property
    def blocks(self) -> list[Markup]:
        return [_block_html(block) for block in re.split(r"\n\s*\n", self.body.strip())]

    @cached_property
    def word_count(self) -> int:
        return len(re.findall(r"\S+", INLINE_LINK.sub(r"\1", self.body)))

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def json_ld(self) -> str:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.standfirst,
            "datePublished": self.published_iso,
            "dateModified": self.modified_iso,
            "author": [{"@type": "Person", "name": self.author}],
            "publisher": {"@type": "Organization", "name": SITE.name},
            "mainEntityOfPage": SITE.origin + self.path,
            "articleSection": self.section_label,
            "keywords": list(self.tags),
            "inLanguage": "en-GB",
        }
        return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _long_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M} GMT"


def _inline(text: str) -> Markup:
    """Escape a paragraph's text, then turn `[words](/path)` into links."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return Markup(INLINE_LINK.sub(r'<a href="\2">\1</a>', escaped))


def _block_html(block: str) -> Markup:
    block = block.strip()
    if block.startswith("## "):
        return Markup("<h2>{}</h2>").format(_inline(block[3:]))
    if block.startswith("> "):
        return Markup("<blockquote><p>{}</p></blockquote>").format(_inline(block[2:]))
    return Markup("<p>{}</p>").format(_inline(block))


def load_article(file: Path) -> Article:
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    comments = tuple(Comment(**c) for c in data.pop("comments", []))
    figures = tuple(ExpectedFigure(**f) for f in data.pop("figures", []))
    tags = tuple(data.pop("tags", []))
    article = Article(slug=file.stem, comments=comments, figures=figures, tags=tags, **data)
    for moment in (article.published, article.updated):
        if moment is not None and moment.tzinfo is None:
            raise ValueError(f"{file}: dates need a time zone")
    if article.section not in dict(SITE.sections):
        raise ValueError(f"{file}: unknown section {article.section!r}")
    return article


@dataclass(frozen=True)
class EditionContent:
    edition: Edition
    articles: list[Article]
    """Every article in the edition, newest first."""
    fresh: frozenset[str]
    """Slugs of the articles added or replaced by this edition."""


def load_editions(content: Path = CONTENT_DIR) -> list[EditionContent]:
    """Each edition with its articles, later editions adding and replacing articles."""
    meta = tomllib.loads((content / "editions.toml").read_text(encoding="utf-8"))
    result: list[EditionContent] = []
    articles: dict[str, Article] = {}
    for entry in meta["editions"]:
        edition = Edition(**entry)
        files = sorted((content / edition.directory).glob("*.toml"))
        for file in files:
            articles[file.stem] = load_article(file)
        ordered = sorted(articles.values(), key=lambda a: (a.published, a.slug), reverse=True)
        result.append(EditionContent(edition, ordered, frozenset(f.stem for f in files)))
    return result


def _related(article: Article, listed: list[Article]) -> list[Article]:
    shared = [a for a in listed if a is not article and set(a.tags) & set(article.tags)]
    return shared[:RELATED]


def render_edition(content: EditionContent) -> dict[str, bytes]:
    """The edition's listings, feed, sitemap and fresh articles, by path in the edition.

    An article page is rendered once, in the edition that adds or replaces it, and
    kept byte for byte in later editions (as a static site generator that rebuilds
    only changed pages would), so unchanged articles keep their ETag.
    """
    edition, articles = content.edition, content.articles
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml"]),
        keep_trailing_newline=True,
    )
    listed = [a for a in articles if not a.private]
    common = {"site": SITE, "edition": edition, "most_read": listed[:MOST_READ]}

    def page(template: str, path: str, section: str = "", **values: object) -> bytes:
        html = env.get_template(template).render(
            page_path=path, section_key=section, **common, **values
        )
        return html.encode("utf-8")

    world = [a for a in listed if a.section == "world"]
    by_section = {key: [a for a in listed if a.section == key] for key, _ in SITE.sections}
    files: dict[str, bytes] = {
        "index.html": page(
            "home.html",
            "/",
            top=world[0],
            latest=listed[1 : 1 + HOME_LATEST],
            by_section=by_section,
        ),
        "about.html": page("about.html", "/about.html"),
        "404.html": page("404.html", "/404.html"),
        "robots.txt": page("robots.txt", "/robots.txt"),
        "feed.xml": page("feed.xml", "/feed.xml", articles=listed),
        "sitemap.xml": page("sitemap.xml", "/sitemap.xml", articles=listed),
    }
    for key, label in SITE.sections:
        staff = [a for a in articles if a.private and a.section == key]
        files[f"{key}/index.html"] = page(
            "section.html",
            f"/{key}/",
            key,
            section_label=label,
            articles=by_section[key],
            staff_links=staff,
        )
    for article in articles:
        if article.slug not in content.fresh:
            continue
        files[article.path.lstrip("/")] = page(
            "article.html",
            article.path,
            article.section,
            article=article,
            related=_related(article, listed),
        )
    for asset in sorted(STATIC_DIR.iterdir()):
        files[f"static/{asset.name}"] = asset.read_bytes()
    return files


def render_site(content: Path = CONTENT_DIR) -> dict[str, bytes]:
    """Every file of every edition, by path relative to `demo/site/`."""
    files: dict[str, bytes] = {}
    previous: dict[str, bytes] = {}
    for edition_content in load_editions(content):
        current = {**previous, **render_edition(edition_content)}
        for path, data in current.items():
            files[f"{edition_content.edition.directory}/{path}"] = data
        previous = current
    return files


def stale_files(site: Path = SITE_DIR, content: Path = CONTENT_DIR) -> list[str]:
    """Paths under `site` that differ from, are missing from, or are extra to a fresh build."""
    wanted = render_site(content)
    present = {
        p.relative_to(site).as_posix(): p
        for p in site.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    differing = [
        path
        for path, data in wanted.items()
        if path not in present or present[path].read_bytes() != data
    ]
    extra = [path for path in present if path not in wanted]
    return sorted(differing + extra)


def write_site(site: Path = SITE_DIR, content: Path = CONTENT_DIR) -> int:
    files = render_site(content)
    for edition_dir in site.glob("edition*"):
        shutil.rmtree(edition_dir)
    for path, data in files.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="report stale files, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files()
        for path in stale:
            print(f"stale: {path}")
        return 1 if stale else 0
    print(f"wrote {write_site()} files under {SITE_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

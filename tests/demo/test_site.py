"""The bundled site: in sync with its sources, well-formed pages, complete feeds and sitemaps,
and a second edition that adds articles and raises the tracked numbers."""

from __future__ import annotations

import email.utils
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from tallywatch.demo import EDITIONS, SITE_DIR, SITE_ORIGIN
from tallywatch.demo.build import (
    Article,
    EditionContent,
    load_editions,
    stale_files,
    write_site,
)

CONTENTS = load_editions()
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NUMBER_WORDS = {2: "two", 30: "30"}


class TagBalance(HTMLParser):
    """Records every end tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> with {self.stack[-3:]} open at line {self.getpos()[0]}")
            return
        self.stack.pop()


def listed(content: EditionContent) -> list[Article]:
    return [a for a in content.articles if not a.private]


def page_of(content: EditionContent, article: Article) -> Path:
    return EDITIONS[CONTENTS.index(content)] / article.path.lstrip("/")


def html_files() -> list[Path]:
    return sorted(p for edition in EDITIONS for p in edition.rglob("*.html"))


def test_editions_match_the_content_files() -> None:
    names = ["edition1", "edition2"]
    assert [e.name for e in EDITIONS] == [c.edition.directory for c in CONTENTS] == names


def test_site_is_in_sync_with_its_sources() -> None:
    assert stale_files() == [], "run: python -m tallywatch.demo.build"


@pytest.mark.parametrize("path", html_files(), ids=lambda p: p.relative_to(SITE_DIR).as_posix())
def test_every_page_is_balanced_html_with_a_title(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    checker = TagBalance()
    checker.feed(text)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    assert len(checker.ids) == len(set(checker.ids)), "duplicate id attributes"
    tree = lxml_html.fromstring(path.read_bytes())
    assert tree.findtext(".//title").strip()
    assert len(tree.findall(".//h1")) == 1
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    assert len(canonical) == 1 and canonical[0].startswith(SITE_ORIGIN)


@pytest.mark.parametrize("content", CONTENTS, ids=lambda c: c.edition.directory)
def test_article_pages_carry_metadata_and_enough_words(content: EditionContent) -> None:
    assert len(listed(content)) >= 12
    for article in content.articles:
        tree = lxml_html.fromstring(page_of(content, article).read_bytes())
        assert tree.findtext(".//h1") == article.title
        assert tree.findtext(".//title") == f"{article.title} | The Meridian Ledger"
        assert tree.xpath("//meta[@name='author']/@content") == [article.author]
        published = tree.xpath("//meta[@property='article:published_time']/@content")
        assert published == [article.published_iso]
        assert tree.xpath("//link[@rel='canonical']/@href") == [SITE_ORIGIN + article.path]
        if not article.private:
            assert 250 <= article.word_count <= 600, article.slug


@pytest.mark.parametrize("content", CONTENTS, ids=lambda c: c.edition.directory)
def test_feed_lists_every_article(content: EditionContent) -> None:
    root = etree.fromstring((EDITIONS[CONTENTS.index(content)] / "feed.xml").read_bytes())
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    by_link = {item.findtext("link"): item for item in items}
    expected = {SITE_ORIGIN + a.path: a for a in listed(content)}
    assert set(by_link) == set(expected)
    assert len(items) == len(expected)
    for link, item in by_link.items():
        article = expected[link]
        assert item.findtext("title") == article.title
        assert item.findtext("guid") == link
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")) == article.published


@pytest.mark.parametrize("content", CONTENTS, ids=lambda c: c.edition.directory)
def test_news_sitemap_lists_every_article(content: EditionContent) -> None:
    root = etree.fromstring((EDITIONS[CONTENTS.index(content)] / "sitemap.xml").read_bytes())
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = root.findall("sm:url", NS)
    entries = {u.findtext("sm:loc", namespaces=NS): u for u in urls}
    expected = {SITE_ORIGIN + a.path: a for a in listed(content)}
    assert set(entries) == set(expected)
    assert len(urls) == len(expected)
    for loc, url in entries.items():
        article = expected[loc]
        assert url.findtext("sm:lastmod", namespaces=NS) == article.modified_iso
        assert url.findtext("news:news/news:title", namespaces=NS) == article.title
        date = url.findtext("news:news/news:publication_date", namespaces=NS)
        assert date == article.published_iso


@pytest.mark.parametrize("content", CONTENTS, ids=lambda c: c.edition.directory)
def test_section_page_links_every_world_article_and_the_private_draft(
    content: EditionContent,
) -> None:
    tree = lxml_html.fromstring(
        (EDITIONS[CONTENTS.index(content)] / "world/index.html").read_bytes()
    )
    links = set(tree.xpath("//main//a/@href"))
    world = {a.path for a in content.articles if a.section == "world"}
    assert world <= links
    private = [a for a in content.articles if a.private]
    assert [a.path.split("/")[1] for a in private] == ["private"]
    assert SITE_ORIGIN + private[0].path not in (EDITIONS[0] / "feed.xml").read_text()


def test_second_edition_is_a_superset_with_new_and_updated_articles() -> None:
    first, second = CONTENTS
    old = {a.path for a in first.articles}
    new = {a.path for a in second.articles}
    assert old < new
    assert 3 <= len(new - old) <= 4
    changed = [
        path
        for path in old
        if (EDITIONS[0] / path.lstrip("/")).read_bytes()
        != (EDITIONS[1] / path.lstrip("/")).read_bytes()
    ]
    assert changed == ["/world/2025/04/29/north-korean-troops-russia-what-we-know.html"]
    updated = next(a for a in second.articles if a.path == changed[0])
    assert updated.updated is not None and updated.updated > updated.published


def test_expected_figures_appear_in_their_articles() -> None:
    for content in CONTENTS:
        for article in content.articles:
            for figure in article.figures:
                shown = NUMBER_WORDS.get(figure.value, f"{figure.value:,}")
                assert shown in article.body, (article.slug, figure)


@pytest.mark.parametrize(
    ("topic", "metric"),
    [
        ("nk-troops", "killed"),
        ("nk-troops", "wounded"),
        ("nk-troops", "casualties"),
        ("nk-troops", "deployed"),
        ("velmar-floods", "displaced"),
        ("velmar-floods", "evacuated"),
    ],
)
def test_second_edition_raises_the_tracked_numbers(topic: str, metric: str) -> None:
    def highest(articles: list[Article]) -> int:
        values = [
            max(f.value, f.high or 0)
            for a in articles
            for f in a.figures
            if f.topic == topic and f.metric == metric and f.scope == "cumulative"
        ]
        return max(values, default=0)

    first, second = CONTENTS
    fresh = [a for a in second.articles if a.slug in second.fresh]
    assert highest(fresh) > highest(first.articles) > 0


def test_comments_and_page_furniture_stay_out_of_the_cleaned_text() -> None:
    trafilatura = pytest.importorskip("trafilatura")
    second = CONTENTS[-1]
    for article in second.articles:
        page = page_of(second, article).read_text(encoding="utf-8")
        text = trafilatura.extract(page, include_comments=False) or ""
        assert article.body.strip().split("\n")[0][:60] in text, article.slug
        for furniture in ("Advertisement", "Most read", "cookies", "Asia briefing", "min read"):
            assert furniture not in text, (article.slug, furniture)
        for comment in article.comments:
            assert comment.text not in text, article.slug


def test_stale_files_reports_edits_and_strays(tmp_path: Path) -> None:
    copy = tmp_path / "site"
    copy.mkdir()
    assert write_site(copy) == sum(1 for p in SITE_DIR.rglob("*") if p.is_file())
    assert stale_files(copy) == []
    (copy / "edition1/feed.xml").write_text("<rss/>", encoding="utf-8")
    (copy / "edition2/stray.html").write_text("<p>stray</p>", encoding="utf-8")
    assert stale_files(copy) == ["edition1/feed.xml", "edition2/stray.html"]

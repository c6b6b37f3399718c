"""Turn a fetched HTML page into its article text and metadata with trafilatura.

`clean_html` is the one call the crawler makes per page; it is a pure function of
its arguments so that it can run in a worker process.  Pages that hold no article
(index pages, error pages, stubs) raise `NoArticle` with a reason a user can read.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tallywatch.extract.page_metadata import page_metadata
from tallywatch.extract.types import CleanedPage, NoArticle

MIN_TEXT_CHARS = 250
"""Shorter main texts are stubs, error pages or teasers, not articles."""
MAX_LINK_SHARE = 0.5
"""Above this share of the main text inside links, the page is a list of links (an index)."""
MIN_INLINE_ANCHOR_CHARS = 20
"""Link texts at least this long are looked for inside longer lines (headlines)."""
PREFERRED_GUESSES = ("cp1252", "cp1251", "cp1250", "iso8859_15", "cp949", "gb18030", "shift_jis")
"""When the charset detector finds several equally plausible encodings, take the first of
these: the legacy encodings web pages actually use, in the order they are met."""
GUESS_TOLERANCE = 0.01


@dataclass(frozen=True, slots=True)
class DecodedHtml:
    """A page body as text, the encoding used, and what was wrong with the declared one."""

    text: str
    encoding: str
    problem: str | None = None


def _codec_name(label: str | None) -> str | None:
    """Python's codec name for a charset label, or None when the label is unknown."""
    if not label:
        return None
    from w3lib.encoding import resolve_encoding

    name = resolve_encoding(label.strip().strip("\"'"))
    if name is None:
        return None
    return codecs.lookup(name).name


def _best_guess(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(body))
    if not matches:
        return None
    floor = min(m.chaos for m in matches)
    plausible = [m.encoding for m in matches if m.chaos <= floor + GUESS_TOLERANCE]
    for preferred in PREFERRED_GUESSES:
        if preferred in plausible:
            return preferred
    return plausible[0]


def decode_html(body: bytes, declared: str | None = None) -> DecodedHtml:
    """Decode an HTML body whatever its charset claims.

    Order: a byte-order mark; strict UTF-8 (valid UTF-8 with non-ASCII bytes is
    practically never anything else, and servers often mislabel it as Latin-1);
    the charset of the HTTP header (`declared`), then of the page's `<meta>`; a
    statistical guess; finally UTF-8 with replacement characters.  `problem` says
    which declaration was wrong or unknown, or None when the page was honest.
    """
    from w3lib.encoding import html_body_declared_encoding, read_bom

    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        return DecodedHtml(body[len(bom or b"") :].decode(bom_encoding, "replace"), bom_encoding)

    labels = [label for label in (declared, html_body_declared_encoding(body)) if label]
    problems: list[str] = []
    names: list[str] = []
    for label in labels:
        name = _codec_name(label)
        if name is None:
            problems.append(f"unknown charset {label!r}")
        elif name not in names:
            names.append(name)

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if names and names[0] != "utf-8" and not body.isascii():
            problems.append(f"declared {names[0]} but the body is UTF-8")
        return DecodedHtml(text, "utf-8", "; ".join(problems) or None)

    for name in names:
        if name == "utf-8":
            problems.append("declared utf-8 but the body is not valid UTF-8")
            continue
        try:
            return DecodedHtml(body.decode(name), name, "; ".join(problems) or None)
        except UnicodeDecodeError:
            problems.append(f"declared {name} but the body does not decode as {name}")

    guess = _best_guess(body)
    if guess is not None:
        problems.append(f"decoded as {guess} (detected)")
        return DecodedHtml(body.decode(guess, "replace"), guess, "; ".join(problems))
    problems.append("undecodable bytes replaced")
    return DecodedHtml(body.decode("utf-8", "replace"), "utf-8", "; ".join(problems))


def _page_language(tree: Any) -> str | None:
    """The page's declared language: `<html lang>`, Content-Language meta, or og:locale."""
    candidates = [
        tree.get("lang"),
        tree.get("xml:lang"),
        *tree.xpath(
            "//meta[translate(@http-equiv,'CONTENTLAGU','contentlagu')='content-language']/@content"
        ),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in candidates:
        if value and value.strip():
            return value.strip().split(",")[0].strip().replace("_", "-")[:20]
    return None


def _anchor_texts(tree: Any) -> set[str]:
    """The texts of the page's links, whitespace-normalised."""
    # (most links hold bare text: reading it directly skips an XPath evaluation per link)
    texts = (
        " ".join((a.text_content() if len(a) else a.text or "").split()) for a in tree.iter("a")
    )
    return {text for text in texts if text}


def _link_share(text: str, anchors: set[str]) -> float:
    """Share of the main text that is link text.

    Measured against the links of the original page, because trafilatura's fallback
    extractors drop link markup: a line that is a whole link counts fully, and a
    longer line counts the long link texts it contains (headline plus date, say).
    """
    total = linked = 0
    long_anchors = [a for a in anchors if len(a) >= MIN_INLINE_ANCHOR_CHARS]
    for raw in text.splitlines():
        line = " ".join(raw.split()).removeprefix("- ")
        if not line:
            continue
        total += len(line)
        if line in anchors:
            linked += len(line)
        else:
            linked += min(len(line), sum(len(a) for a in long_anchors if a in line))
    return linked / total if total else 0.0


@dataclass(frozen=True, slots=True)
class ArticleRule:
    """A reason to reject a page as not an article: `applies(text, link_share)`."""

    applies: Callable[[str, float], bool]
    reason: Callable[[str, float], str]


ARTICLE_RULES: tuple[ArticleRule, ...] = (
    ArticleRule(
        lambda text, _share: len(text) < MIN_TEXT_CHARS,
        lambda text, _share: f"text too short ({len(text)} characters)",
    ),
    ArticleRule(
        lambda _text, share: share > MAX_LINK_SHARE,
        lambda _text, share: f"mostly links ({share:.0%} of the text): an index page",
    ),
)


def clean_html(html: str | bytes, url: str) -> CleanedPage:
    """Main text and metadata of the article at `url`; raise `NoArticle` when there is none."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    text = decode_html(html).text if isinstance(html, bytes) else html
    if not text.strip():
        raise NoArticle("empty page")
    tree = load_html(text)
    if tree is None:
        raise NoArticle("not parseable as HTML")
    language = _page_language(tree)
    anchors = _anchor_texts(tree)
    # (trafilatura works on a copy of the tree; the metadata is read from the original)
    document = bare_extraction(tree, url=url, with_metadata=False, include_comments=False)
    if document is None or isinstance(document, dict) or not document.text:
        raise NoArticle("no main text found")
    main_text = document.text.replace("\x00", "").strip()
    share = _link_share(main_text, anchors)
    for rule in ARTICLE_RULES:
        if rule.applies(main_text, share):
            raise NoArticle(rule.reason(main_text, share))
    metadata = page_metadata(tree, url)
    return CleanedPage(
        text=main_text,
        title=metadata.title,
        author=metadata.author,
        published=metadata.published,
        language=language,
        sitename=metadata.sitename,
        canonical_url=metadata.url,
    )

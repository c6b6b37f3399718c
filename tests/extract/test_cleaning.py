"""Cleaning pages with trafilatura: article text and metadata, or why there is none;
decoding bodies whatever their charset claims."""

from __future__ import annotations

import pytest

from tallywatch.extract.cleaning import clean_html, decode_html
from tallywatch.extract.types import NoArticle

PARAGRAPHS = [
    "Around 300 North Korean soldiers have been killed and 2,700 wounded in the fighting in "
    "Russia's Kursk region, South Korea's National Intelligence Service said on Monday.",
    "The agency told lawmakers that the high casualty rate reflected a lack of preparation for "
    "drone warfare, and that memos found on dead soldiers urged them to avoid capture.",
    "The briefing came a day after Ukraine said it had taken two North Korean soldiers "
    "prisoner, the first confirmed capture since the deployment began in the autumn.",
]


def article_page(
    lang: str = 'lang="en-GB"', head: str = "", paragraphs: list[str] | None = None
) -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return f"""<!DOCTYPE html><html {lang}><head><meta charset="utf-8">
<title>About 300 North Korean soldiers killed | Harbour Times</title>
<link rel="canonical" href="https://harbour.example/world/seoul-300">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Mina Park">
<meta property="article:published_time" content="2025-01-13T09:30:00+09:00">{head}
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>About 300 North Korean soldiers killed</h1>{body}</article>
<footer>Copyright Harbour Times. Terms. Privacy.</footer></body></html>"""


def listing_page(items: int, teaser: str = "") -> str:
    rows = "".join(
        f'<li><a href="/world/story-{i}">Story number {i} about the war in the Kursk region</a>'
        f"{teaser}</li>"
        for i in range(items)
    )
    return (
        f"<html><head><title>World</title></head><body><h1>World</h1><ul>{rows}</ul></body></html>"
    )


def test_article_text_and_metadata() -> None:
    page = clean_html(article_page(), "https://harbour.example/world/seoul-300?ref=rss")
    assert "2,700 wounded" in page.text and "two North Korean soldiers" in page.text
    assert "Copyright" not in page.text and "Home" not in page.text
    assert page.title == "About 300 North Korean soldiers killed"
    assert page.author == "Mina Park"
    assert page.published == "2025-01-13"
    assert page.language == "en-GB"
    assert page.sitename == "Harbour Times"
    assert page.canonical_url == "https://harbour.example/world/seoul-300"


def test_bytes_are_decoded_first() -> None:
    html = article_page().replace("Monday", "Monday — reportedly").encode("utf-8")
    assert "Monday — reportedly" in clean_html(html, "https://harbour.example/a").text


@pytest.mark.parametrize(
    ("lang", "head", "expected"),
    [
        ('lang="de"', "", "de"),
        ("", '<meta http-equiv="Content-Language" content="fr-FR">', "fr-FR"),
        ("", '<meta property="og:locale" content="en_US">', "en-US"),
        ('xml:lang="ko"', "", "ko"),
    ],
)
def test_language_from_the_page(lang: str, head: str, expected: str) -> None:
    assert clean_html(article_page(lang, head), "https://h.example/a").language == expected


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty page"),
        ("   \n ", "empty page"),
        ("<html><body><p>Page not found.</p></body></html>", "too short"),
        (article_page(paragraphs=["Short teaser only."]), "too short"),
        (listing_page(12), "mostly links"),
        (listing_page(12, " <span>13 January 2025</span>"), "mostly links"),
    ],
)
def test_pages_without_an_article(html: str, reason: str) -> None:
    with pytest.raises(NoArticle) as caught:
        clean_html(html, "https://harbour.example/world/")
    assert reason in caught.value.reason


TEXT = "Café in Zaporizhzhia — “20,000” evacuated; naïve résumé"


@pytest.mark.parametrize(
    ("body", "declared", "encoding", "problem"),
    [
        (TEXT.encode("utf-8"), "utf-8", "utf-8", None),
        (TEXT.encode("utf-8"), None, "utf-8", None),
        (b"plain ascii", "iso-8859-1", "utf-8", None),
        (TEXT.encode("utf-8"), "iso-8859-1", "utf-8", "declared cp1252 but the body is UTF-8"),
        (TEXT.encode("utf-8"), "x-no-such-charset", "utf-8", "unknown charset 'x-no-such-charset'"),
        (TEXT.encode("cp1252"), "windows-1252", "cp1252", None),
        (f'<meta charset="windows-1252">{TEXT}'.encode("cp1252"), None, "cp1252", None),
        (TEXT.encode("cp1252"), "utf-8", None, "declared utf-8 but the body is not valid UTF-8"),
        ("Северокорейские солдаты".encode("koi8-r"), "koi8-r", "koi8-r", None),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "iso-8859-1", "utf-8", None),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), None, "utf-16-le", None),
    ],
)
def test_decode_html(
    body: bytes, declared: str | None, encoding: str | None, problem: str | None
) -> None:
    decoded = decode_html(body, declared)
    if encoding is not None:
        assert decoded.encoding == encoding
    if problem is None:
        assert decoded.problem is None
    else:
        assert decoded.problem is not None and problem in decoded.problem
    assert "\ufffd" not in decoded.text


def test_mislabelled_legacy_text_is_repaired() -> None:
    decoded = decode_html(("<p>" + TEXT + "</p>").encode("cp1252") * 3, "utf-8")
    assert "Café in Zaporizhzhia — “20,000” evacuated" in decoded.text
    assert "detected" in (decoded.problem or "")

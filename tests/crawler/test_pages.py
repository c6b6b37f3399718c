"""What the pipeline does with a body before storing it: refuse what cannot be an
article page, decode the rest, and clean it."""

from __future__ import annotations

import pytest

from tallywatch.crawler.pages import Cleaned, NotArticle, Unusable, check_body, prepare_page

HTML = b"<!DOCTYPE html><html><body><p>Hello</p></body></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "detail", "permanent"),
    [
        (b"", "text/html", "empty body", False),
        (b"  \r\n ", "text/html", "empty body", False),
        (b"%PDF-1.7 ...", "application/pdf", "not HTML: application/pdf", True),
        (b"\x89PNG\r\n\x1a\n....", "image/png", "not HTML: image/png", True),
        (b"%PDF-1.7 ...", "text/html; charset=utf-8", "a PDF document served as text/html", True),
        (b"%PDF-1.7 ...", None, "a PDF document served as no content type", True),
        (b"PK\x03\x04zipzip", "application/octet-stream", "a ZIP archive served as", True),
        (bytes(range(256)) * 4, "text/html", "binary data served as text/html", True),
        (b"\x1f\x8b\x08\x00gzip", "text/html", "gzip data served as text/html", True),
    ],
)
def test_bodies_that_cannot_be_articles(
    body: bytes, content_type: str | None, detail: str, permanent: bool
) -> None:
    problem = check_body(body, content_type)
    assert isinstance(problem, Unusable)
    assert problem.kind == "bad_content" and detail in problem.detail
    assert problem.permanent is permanent


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "text/html; charset=ISO-8859-1", "application/xhtml+xml", None, "text/plain"],
)
def test_html_bodies_pass(content_type: str | None) -> None:
    assert check_body(HTML, content_type) is None


def test_prepare_page_outcomes() -> None:
    paragraph = "<p>" + "Ukraine said two North Korean soldiers were captured in Kursk. " * 8
    article = (
        f"<html lang='en'><body><article><h1>Captured</h1>{paragraph}</p></article></body></html>"
    )
    cleaned = prepare_page(article.encode("cp1252"), "https://h.example/a", "text/html")
    assert isinstance(cleaned, Cleaned) and cleaned.encoding_problem is None
    assert "two North Korean soldiers" in cleaned.page.text
    mislabelled = prepare_page(
        article.replace("Kursk", "Kursk — café").encode("cp1252"),
        "https://h.example/a",
        "text/html; charset=utf-8",
    )
    assert isinstance(mislabelled, Cleaned)
    assert "Kursk — café" in mislabelled.page.text
    assert "not valid UTF-8" in (mislabelled.encoding_problem or "")
    stub = prepare_page(b"<html><body><p>Soon.</p></body></html>", "https://h.example/b", None)
    assert isinstance(stub, NotArticle) and "too short" in stub.reason
    assert isinstance(prepare_page(b"", "https://h.example/c", "text/html"), Unusable)

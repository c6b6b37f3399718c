"""The review page in a real headless Chromium (Playwright), served by the real app on loopback.

Screenshots go to artifacts/screenshots/ under the repository root.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tallywatch.review.app import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="browser tests need the playwright package"
    )
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live_url(review_db, review_settings) -> Iterator[str]:
    """The review app on a free loopback port, in a thread of this process."""
    db, _ = review_db
    server = make_server("127.0.0.1", 0, create_app(review_settings, db), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=30)
    server.server_close()


class Watched:
    """A page, and what it did that a safe page must not: dialogs, errors, CSP refusals."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    tab = Watched(browser)
    yield tab
    tab.context.close()


def current_value(page: Any, metric: str) -> str:
    return page.locator(f'tr[data-metric="{metric}"] .current-value').inner_text().strip()


def test_dashboard_shows_the_figures_and_a_chart(
    watched: Watched, live_url: str, review_db
) -> None:
    _, seeded = review_db
    page = watched.page
    page.goto(live_url + "/")
    assert page.locator("section.topic h2").first.inner_text() == "nk-troops"
    assert current_value(page, "deployed").startswith("12,000")
    assert current_value(page, "wounded") == "2,700"
    chart = page.locator("svg.timeline")
    assert chart.count() == 1
    assert chart.bounding_box()["width"] > 300
    assert page.locator("svg.timeline circle.point").count() == 8
    assert page.locator('svg.timeline g.series[data-metric="deployed"] circle').count() == 3
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)
    point = page.locator(f'svg.timeline circle[data-figure="{seeded.figures["deployed-12000"]}"]')
    point.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert "korea-wire, citing NIS" in tooltip.inner_text()
    assert "12,000" in tooltip.inner_text()
    point.click()
    page.wait_for_url(f"**/articles/{seeded.articles['december']}")
    assert page.locator("h1").inner_text() == "Casualties mount among North Korean units"
    assert watched.dialogs == [] and watched.errors == []


def test_rejecting_a_figure_from_the_page_changes_the_tracked_value(
    watched: Watched, live_url: str, review_db
) -> None:
    _, seeded = review_db
    page = watched.page
    figure_id = seeded.figures["deployed-12000"]
    page.goto(live_url + "/figures?metric=deployed")
    row = page.locator(f"#figure-{figure_id}")
    assert row.locator(".status").inner_text() == "auto"
    row.locator('input[name="note"]').fill("a date, not a count")
    row.locator('button[value="reject"]').click()
    page.wait_for_load_state()
    assert "tracked deployed: 12,000 → 11,000" in page.locator(".flashes").inner_text()
    row = page.locator(f"#figure-{figure_id}")
    assert "rejected" in row.locator(".status").inner_text()
    assert "a date, not a count" in row.locator(".note").inner_text()
    assert row.locator('button[value="reject"]').is_disabled()
    page.goto(live_url + "/")
    assert current_value(page, "deployed").startswith("11,000")
    assert page.locator('svg.timeline g.series[data-metric="deployed"] circle').count() == 2
    assert watched.dialogs == [] and watched.errors == []


def test_an_article_view_with_versions_and_highlights(
    watched: Watched, live_url: str, review_db
) -> None:
    _, seeded = review_db
    page = watched.page
    page.goto(f"{live_url}/articles/{seeded.articles['update']}")
    assert page.locator(".article-text mark.figure").all_inner_texts() == ["300", "2,700", "Two"]
    assert page.locator(".diff ins").all_inner_texts() == ["and 2,700 wounded "]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=True)
    page.locator("nav.versions a", has_text="v1").click()
    page.wait_for_url("**version=1")
    assert page.locator(".article-text mark.figure").all_inner_texts() == ["300", "Two"]
    assert watched.errors == []


def test_the_hostile_article_stays_inert(watched: Watched, live_url: str, review_db) -> None:
    _, seeded = review_db
    page = watched.page
    for path in (f"/articles/{seeded.articles['xss']}", "/figures", "/"):
        page.goto(live_url + path)
        page.wait_for_load_state("load")
        page.mouse.move(5, 5)
        for locator in ("mark", "a", ".sentence"):
            for element in page.locator(locator).all()[:20]:
                element.hover()
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert (
            page.evaluate("document.querySelectorAll('[onerror], [onload], [onmouseover]').length")
            == 0
        )
    page.goto(f"{live_url}/articles/{seeded.articles['xss']}")
    assert "<script>" in page.locator("h1").inner_text()
    assert "onerror=" in page.locator(".article-text").inner_text()
    assert page.locator("a.original").count() == 0  # the javascript: address is not a link
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "article-hostile.png"), full_page=True)
    assert watched.dialogs == []
    assert watched.errors == []


def test_the_injection_probe_would_see_live_markup(watched: Watched) -> None:
    """Control for the test above: the same payloads, inserted as markup, do run."""
    page = watched.page
    page.set_content(
        "<p>A medic said <img src=x onerror=\"window.__xss='onerror'\"> 40 soldiers.</p>"
    )
    page.wait_for_function("typeof window.__xss !== 'undefined'")
    assert page.evaluate("window.__xss") == "onerror"
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 1

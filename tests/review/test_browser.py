"""The review page in a real headless Chromium (Playwright), served by the real app on loopback.

Screenshots go to artifacts/screenshots/ under the repository root.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tallywatch.review.app import create_app
from tallywatch.store.models import Article

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
    assert page.locator("svg.timeline circle.point.step").count() == 8
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


def inside(inner: dict[str, float], outer: dict[str, float], slack: float = 0.5) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def test_the_chart_draws_the_tracked_series_across_its_card(
    watched: Watched, live_url: str, review_db
) -> None:
    db, seeded = review_db
    with db.session() as session:
        # the Pentagon's 11,000 is now reported the day after the NIS's 12,000: lower
        session.get(Article, seeded.articles["pentagon"]).published = "2024-12-24"
    page = watched.page
    page.goto(live_url + "/")
    card = page.locator("section.topic").first.bounding_box()
    chart = page.locator("svg.timeline")
    box = chart.bounding_box()
    assert box["width"] > 0.9 * card["width"]  # the card's full width, less its padding
    assert chart.get_attribute("aria-label").endswith("2024-10-18 to 2025-01-20, logarithmic scale")
    ticks = page.locator("svg.timeline text.tick")
    labels = [(t.text_content() or "").strip() for t in ticks.all()]
    assert "0" not in labels  # a log axis has no zero
    assert labels[0] == "10" and labels[-1] == "2025-01-20"
    for tick in ticks.all():
        assert inside(tick.bounding_box(), box), tick.text_content()  # no label is cut off
    deployed = page.locator('svg.timeline g.series[data-metric="deployed"]')
    steps = deployed.locator("circle.point.step")
    others = deployed.locator("circle.point.other")
    assert steps.count() == 2 and others.count() == 1
    assert others.first.get_attribute("data-figure") == str(seeded.figures["deployed-11000"])
    assert float(others.first.evaluate("e => getComputedStyle(e).opacity")) < 0.5
    # the step line ends level with the tracked value, at the right edge of the plot
    path = deployed.locator("path.step").get_attribute("d")
    assert path.count(" V") == 1 and path.rsplit(" ", 1)[1].startswith("H")
    assert deployed.get_attribute("data-high") == "12000"
    for metric in ("killed", "wounded", "deployed", "missing"):
        high = page.locator(f'svg.timeline g.series[data-metric="{metric}"]').get_attribute(
            "data-high"
        )
        assert f"{int(high):,}" == current_value(page, metric).split()[0], metric
    legend = page.locator("figure.chart .legend").inner_text()
    assert "deployed 12,000 (2 rises, 1 restated or lower)" in legend
    voices = page.locator('table.by-cited tr[data-metric="deployed"] li').all_inner_texts()
    assert voices == ["Pentagon about 11,000 (2024-12-24)", "NIS about 12,000 (2024-12-23)"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-chart.png"), full_page=True)
    assert watched.dialogs == [] and watched.errors == []


def test_the_sources_page_shows_each_source_s_health(
    watched: Watched, live_url: str, review_db
) -> None:
    page = watched.page
    page.goto(live_url + "/")
    banner = page.locator("ul.backlog")
    assert "1 source failing: front-daily (3 runs in a row)" in banner.inner_text()
    banner.locator("a", has_text="source failing").click()
    page.wait_for_url("**/sources")
    wire = page.locator('tr[data-source="korea-wire"]')
    front = page.locator('tr[data-source="front-daily"]')
    assert wire.locator(".status").inner_text() == "ok"
    assert front.locator(".status").inner_text() == "failed"
    assert front.locator(".failures").inner_text().startswith("3")
    assert "operator told" in front.locator(".failures").inner_text()
    assert "HTTP 503 Service Unavailable" in front.locator(".error").inner_text()
    assert "failing" in (front.get_attribute("class") or "")
    color = front.locator(".status").evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(179, 38, 30)"  # --bad
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sources.png"), full_page=True)
    front.locator("a", has_text="3").click()  # its articles
    page.wait_for_url("**/articles?source=front-daily")
    assert page.locator("table.articles tbody tr").count() == 3
    assert watched.dialogs == [] and watched.errors == []


def test_the_runs_page_lists_the_history_and_each_run_s_problems(
    watched: Watched, live_url: str, review_db
) -> None:
    _, seeded = review_db
    page = watched.page
    page.goto(live_url + "/runs")
    rows = page.locator("table.runs tbody tr")
    assert [r.get_attribute("data-run") for r in rows.all()] == [
        str(seeded.runs["bad"]),
        str(seeded.runs["good"]),
    ]
    last = rows.first
    assert last.locator("td.status").inner_text() == "ok"
    assert last.locator("td.errors-count").inner_text() == "1"
    assert "1 of 2" in last.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "runs.png"), full_page=True)
    last.locator("td.errors-count a").click()
    page.wait_for_url(f"**/runs/{seeded.runs['bad']}")
    events = page.locator("table.events tbody tr")
    assert events.count() == 2
    first = events.first  # errors first
    assert "event-error" in (first.get_attribute("class") or "")
    assert first.locator("td").nth(0).inner_text() == "front-daily"
    assert "HTTP 503" in first.inner_text()
    assert "(not an error)" in events.nth(1).inner_text()
    assert watched.dialogs == [] and watched.errors == []


def test_export_links_download_the_rows_under_the_page_s_filters(
    watched: Watched, live_url: str, review_db
) -> None:
    page = watched.page
    page.goto(live_url + "/figures?metric=killed&source=front-daily")
    assert page.locator("table.figures tbody tr").count() == 2
    with page.expect_download() as download:
        page.locator('.exports a[data-format="jsonl"]').click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["metric"], r["source"], r["value"]) for r in rows] == [
        ("killed", "front-daily", 300),
        ("killed", "front-daily", 300),
    ]
    assert download.value.suggested_filename.startswith("tallywatch-figures-")
    with page.expect_download() as download:
        page.locator('.exports a[data-format="csv"]').click()
    table = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert table[0].startswith("id,topic,metric,value") and len(table) == 3
    assert watched.dialogs == [] and watched.errors == []

"""The review app in-process (Flask test client): pages, escaping, CSRF, token, Host, headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from tallywatch.review.app import create_app
from tallywatch.review.security import TOKEN_COOKIE, is_loopback, safe_external_url, safe_next
from tallywatch.store.models import Figure

TOKEN = "review-token-7f3a"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


@pytest.fixture
def app(review_db, review_settings) -> Flask:
    db, _ = review_db
    return create_app(review_settings, db)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_of(client: FlaskClient, path: str = "/figures") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF field on the page"
    return found.group(1)


def page_paths(seeded) -> list[tuple[str, list[str]]]:
    update, xss = seeded.articles["update"], seeded.articles["xss"]
    return [
        (
            "/",
            ["nk-troops", "12,000", "11,000", "korea-wire", "citing NIS", "<svg", "logarithmic"]
            + ['<span class="muted">approximate</span>'],
        ),
        ("/figures", ['<mark class="number">2,700</mark>', "11 in all", "Reject", "at least"]),
        (
            "/figures?topic=nk-troops&metric=killed&status=auto&source=front-daily"
            "&since=2025-01-01&until=2025-01-14",
            ['<mark class="number">300</mark>', "2 in all"],
        ),
        ("/articles", ["Kyiv gives first toll", "5 in all"]),
        ("/articles?q=2%2C700", ["Kyiv gives first toll", "1 in all"]),
        (f"/articles/{update}", ["Changes from v1 to v2", "<ins>and 2,700 wounded </ins>", "v1"]),
        (
            f"/articles/{update}?version=1",
            ["Text (v1)", 'title="#'],
        ),
        (f"/articles/{xss}", ["Front report &lt;script&gt;"]),
        ("/alerts?status=failed", ["receiver answered HTTP 500", "failed"]),
        ("/alerts?status=waiting", ["no channel configured", "1 in all"]),
    ]


def test_the_dashboard_says_how_many_alerts_are_not_delivered(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    backlog = html[html.index('<ul class="backlog') : html.index("</ul>")]
    assert "1 alert waiting</a>: no channel configured" in backlog
    assert 'href="/alerts?status=waiting"' in backlog
    assert "1 alert pending</a>" in backlog
    assert "1 alert failed</a>" in backlog


def test_a_figure_s_address_opens_its_row_on_its_article(client: FlaskClient, review_db) -> None:
    from tallywatch.alerts.messages import review_url

    _, seeded = review_db
    figure = seeded.figures["deployed-1500"]
    path = review_url("http://localhost", figure).removeprefix("http://localhost")
    answer = client.get(path)
    assert answer.status_code == 303
    target = answer.headers["Location"]
    assert target == f"/articles/{seeded.articles['first-troops']}?version=1#figure-{figure}"
    page = client.get(target.split("#")[0]).get_data(as_text=True)
    assert f'id="figure-{figure}"' in page
    assert client.get("/figures/999999").status_code == 404


def test_pages_render_the_seeded_data(client: FlaskClient, review_db) -> None:
    _, seeded = review_db
    for path, expected in page_paths(seeded):
        answer = client.get(path)
        assert answer.status_code == 200, path
        html = answer.get_data(as_text=True)
        for fragment in expected:
            assert fragment in html, (path, fragment)


def test_every_page_is_inert_and_sends_strict_headers(client: FlaskClient, review_db) -> None:
    _, seeded = review_db
    for path, _ in page_paths(seeded):
        answer = client.get(path)
        csp = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        tags = Tags(answer.get_data(as_text=True))
        scripts = [attrs for tag, attrs in tags.tags if tag == "script"]
        assert scripts == [{"src": "/static/review.js", "defer": None}], path
        assert tags.script_text == [], path
        for tag, attrs in tags.tags:
            assert tag not in ("img", "iframe", "object", "embed", "b", "i"), (path, tag)
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            assert "style" not in attrs, (path, tag)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").lower().startswith("javascript:"), path


def test_the_hostile_article_is_shown_as_text(client: FlaskClient, review_db) -> None:
    _, seeded = review_db
    html = client.get(f"/articles/{seeded.articles['xss']}").get_data(as_text=True)
    assert "&lt;script&gt;window.__xss = &#39;body&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__xss=&#39;onerror&#39;&#34;&gt;" in html
    assert "&lt;svg onload=alert(4)&gt;" in html
    # the javascript: address is shown, never linked
    assert "<dd>javascript:alert(document.domain)</dd>" in html
    assert '<mark class="figure" title="#' in html


def test_static_files_are_served_with_the_headers(client: FlaskClient) -> None:
    for path, kind in (("/static/review.js", "javascript"), ("/static/review.css", "text/css")):
        answer = client.get(path)
        assert answer.status_code == 200 and kind in answer.content_type
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert b"innerHTML" not in client.get("/static/review.js").data


@pytest.mark.parametrize(
    ("form", "status"),
    [
        ({"action": "reject"}, 403),
        ({"action": "reject", "csrf_token": "forged"}, 403),
        ({"action": "explode", "csrf_token": None}, 400),
    ],
)
def test_decisions_need_the_session_csrf_token(
    client: FlaskClient, review_db, form: dict, status: int
) -> None:
    db, seeded = review_db
    figure_id = seeded.figures["deployed-12000"]
    if form.get("csrf_token", "") is None:
        form = {**form, "csrf_token": csrf_of(client)}
    answer = client.post(f"/figures/{figure_id}/decision", data=form)
    assert answer.status_code == status
    with db.session() as session:
        assert session.scalar(select(Figure.status).where(Figure.id == figure_id)) == "auto"


def test_a_token_from_another_session_is_refused(app: Flask, review_db) -> None:
    _, seeded = review_db
    theirs = csrf_of(app.test_client())
    mine = app.test_client()
    mine.get("/figures")
    answer = mine.post(
        f"/figures/{seeded.figures['killed-100']}/decision",
        data={"action": "reject", "csrf_token": theirs},
    )
    assert answer.status_code == 403


def test_rejecting_from_the_page_changes_the_tracked_value(client: FlaskClient, review_db) -> None:
    db, seeded = review_db
    figure_id = seeded.figures["deployed-12000"]
    answer = client.post(
        f"/figures/{figure_id}/decision",
        data={
            "action": "reject",
            "note": "a <b>date</b>",
            "next": "/?from=figures",
            "csrf_token": csrf_of(client),
        },
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/?from=figures"
    dashboard = client.get("/").get_data(as_text=True)
    assert "tracked deployed: 12,000 → 11,000" in dashboard
    row = dashboard[dashboard.index('data-metric="deployed"') :]
    assert re.search(r'current-value">11,000', row)
    figures = client.get("/figures?status=rejected").get_data(as_text=True)
    assert f'id="figure-{figure_id}" class="status-rejected"' in figures
    assert "a &lt;b&gt;date&lt;/b&gt;" in figures


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
    ],
)
def test_after_a_decision_only_local_paths_are_followed(
    client: FlaskClient, review_db, target: str
) -> None:
    _, seeded = review_db
    answer = client.post(
        f"/figures/{seeded.figures['killed-100']}/decision",
        data={"action": "confirm", "next": target, "csrf_token": csrf_of(client)},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/figures"


def test_unknown_things_are_404_and_bad_dates_are_reported(client: FlaskClient) -> None:
    assert client.get("/articles/424242").status_code == 404
    token = csrf_of(client)
    answer = client.post("/figures/424242/decision", data={"action": "reject", "csrf_token": token})
    assert answer.status_code == 404
    page = client.get("/figures?since=<script>")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "since: &#39;&lt;script&gt;&#39; is not a date" in html


def test_session_cookie_is_strict(client: FlaskClient) -> None:
    answer = client.get("/figures")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8150", 200),
        ("localhost:8150", 200),
        ("[::1]:8150", 200),
        ("127.0.0.1", 200),
        ("evil.example", 403),
        ("evil.example:8150", 403),
        ("192.168.1.20:8150", 403),
    ],
)
def test_without_a_token_only_loopback_host_names_are_answered(
    client: FlaskClient, host: str, status: int
) -> None:
    assert client.get("/", headers={"Host": host}).status_code == status


@pytest.fixture
def token_client(review_db, review_settings) -> FlaskClient:
    db, _ = review_db
    return create_app(review_settings, db, token=TOKEN).test_client()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": f"Bearer {TOKEN}"}, 200),
        ({"Authorization": "Bearer wrong"}, 401),
        ({"Authorization": f"Basic {TOKEN}"}, 401),
        ({"Authorization": f"Bearer {TOKEN}", "Host": "tallywatch.internal:8150"}, 200),
    ],
)
def test_with_a_token_every_request_needs_it(
    token_client: FlaskClient, headers: dict, status: int
) -> None:
    for path in ("/", "/figures", "/static/review.css"):
        answer = token_client.get(path, headers=headers)
        assert answer.status_code == status, path
        if status == 401:
            assert answer.headers["WWW-Authenticate"].startswith("Bearer")
            assert TOKEN not in answer.get_data(as_text=True)


def test_token_in_the_address_once_sets_a_cookie(token_client: FlaskClient) -> None:
    answer = token_client.get(f"/figures?token={TOKEN}&metric=killed")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/figures?metric=killed"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}=") and TOKEN not in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert token_client.get("/figures?metric=killed").status_code == 200
    token_client.set_cookie(TOKEN_COOKIE, "0" * 64)
    assert token_client.get("/").status_code == 401
    assert token_client.get("/?token=wrong").status_code == 401


def test_with_a_token_posts_still_need_csrf(token_client: FlaskClient, review_db) -> None:
    _, seeded = review_db
    auth = {"Authorization": f"Bearer {TOKEN}"}
    url = f"/figures/{seeded.figures['killed-100']}/decision"
    assert token_client.post(url, data={"action": "reject"}, headers=auth).status_code == 403
    page = token_client.get("/figures", headers=auth).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    answer = token_client.post(
        url, data={"action": "reject", "csrf_token": token.group(1)}, headers=auth
    )
    assert answer.status_code == 303


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.2", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/", "http://example.org/"),
        ("javascript:alert(1)", None),
        (" JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/", None),
        (None, None),
    ],
)
def test_safe_external_url(url: str | None, safe: str | None) -> None:
    assert safe_external_url(url) == safe


def test_safe_next() -> None:
    assert safe_next("/figures?page=2", "/") == "/figures?page=2"
    assert safe_next(None, "/x") == "/x"
    assert safe_next("figures", "/x") == "/x"


@pytest.mark.parametrize(
    "path",
    [
        "/figures?page=9223372036854775808",
        "/alerts?page=0",
        "/articles?page=-3",
        "/articles/12345678901234567890",
        "/articles/1?version=99999999999999999999",
        "/figures?since=10000000000d",
        "/articles?since=99999999999w",
    ],
)
def test_out_of_range_input_is_400(client: FlaskClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:500]


def test_an_out_of_range_id_posted_to_is_400(client: FlaskClient) -> None:
    token = csrf_of(client)
    answer = client.post(
        "/figures/12345678901234567890/decision", data={"action": "reject", "csrf_token": token}
    )
    assert answer.status_code == 400


def test_the_figures_page_lists_the_figures_held_back(client: FlaskClient, review_db) -> None:
    """ "held back only" lists the figures far above their series that count for nothing
    until vouched for (`alerts.max_jump`), where a reviewer confirms or rejects them."""
    db, seeded = review_db
    held_id = seeded.figures["deployed-12000"]
    assert f'id="figure-{held_id}"' not in client.get("/figures?held=1").get_data(as_text=True)
    with db.session() as session:
        session.execute(update(Figure).where(Figure.id == held_id).values(value=1_500_000))
    page = client.get("/figures?held=1").get_data(as_text=True)
    assert re.findall(r'id="figure-(\d+)"', page) == [str(held_id)]
    assert 'name="held" value="1" checked' in page
    assert "held=1" in page  # (the export links keep the filter)

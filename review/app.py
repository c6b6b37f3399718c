"""The review web page: a small server-rendered Flask app over the tallywatch database.

Templates autoescape everything; article text reaches the page only as escaped text
pieces (see highlight.py), never as markup.  Security hooks live in security.py.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from tallywatch.alerts.wording import qualifier_label
from tallywatch.config import Settings
from tallywatch.constants import METRICS, FigureStatus
from tallywatch.review import articles as article_queries
from tallywatch.review import queries
from tallywatch.review.chart import build_chart
from tallywatch.review.curation import UnknownFigure, decide_figure
from tallywatch.review.security import RequestGuard, safe_external_url, safe_next
from tallywatch.review.since import OutOfRange, parse_since
from tallywatch.store import Database

CHART_POINTS = 80
MAX_PAGE = 1_000_000
"""The highest `page` asked for before it is out of range (400)."""
MAX_ID = 2**63 - 1
"""The largest id a database row can have (a signed 64-bit integer)."""
"""Latest points per metric drawn in a topic's chart."""
ACTIONS: dict[str, FigureStatus] = {
    "confirm": FigureStatus.CONFIRMED,
    "reject": FigureStatus.REJECTED,
}


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _when(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def _arg(name: str, allowed: tuple[str, ...] | list[str] | None = None) -> str | None:
    value = request.args.get(name, "").strip()
    if not value or (allowed is not None and value not in allowed):
        return None
    return value


def _date_arg(name: str, errors: list[str]) -> datetime | None:
    """A date filter; a malformed one is shown as a form error, an impossible one is 400."""
    text = _arg(name)
    if text is None:
        return None
    try:
        return parse_since(text)
    except OutOfRange as exc:
        abort(400, f"{name}: {exc}")
    except ValueError as exc:
        errors.append(f"{name}: {exc}")
        return None


def _until_arg(errors: list[str]) -> datetime | None:
    """The `until` bound, exclusive; a bare date means up to the end of that day."""
    moment = _date_arg("until", errors)
    if moment is not None and len(_arg("until") or "") == len("YYYY-MM-DD"):
        return moment + timedelta(days=1)
    return moment


def _page_arg() -> int:
    """The `page` argument: 1 when absent or not a number; 400 when out of range."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return 1
    if not 1 <= page <= MAX_PAGE:
        abort(400, f"page must be between 1 and {MAX_PAGE}")
    return page


def _check_ids() -> None:
    """400 for an id in the path or `version` beyond what the database can hold (a
    20-digit number): the query would fail, not find nothing."""
    values = list((request.view_args or {}).values()) + [request.args.get("version")]
    for value in values:
        number = value if isinstance(value, int) else None
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            number = int(value)
        if number is not None and not 0 <= number <= MAX_ID:
            abort(400, f"no such id: {number}")


def _page_url(page: int) -> str:
    values: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page" and v}
    values.update(request.view_args or {})
    values["page"] = page
    return url_for(request.endpoint or "dashboard", **values)


def create_app(settings: Settings, db: Database, token: str | None = None) -> Flask:
    """The review app for `db`; `token` (when given) is required on every request."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),
        SESSION_COOKIE_NAME="tallywatch_session",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    RequestGuard(token).install(app)
    app.before_request(_check_ids)
    app.jinja_env.filters["number"] = _number
    app.jinja_env.filters["when"] = _when
    app.jinja_env.filters["qualifier"] = qualifier_label
    app.jinja_env.filters["external_url"] = safe_external_url
    app.jinja_env.globals["page_url"] = _page_url
    configured = [t.name for t in settings.topics]

    @app.get("/")
    def dashboard() -> str:
        with db.session() as session:
            topics = queries.known_topics(session, configured)
            boards = []
            for topic in topics:
                series = queries.timeline(session, topic, per_metric=CHART_POINTS)
                boards.append(
                    {
                        "topic": topic,
                        "tracked": queries.current_values(session, topic),
                        "chart": build_chart(
                            series, lambda article_id: url_for("article", article_id=article_id)
                        ),
                    }
                )
            backlog = queries.alert_backlog(session)
        return render_template("dashboard.html", boards=boards, backlog=backlog)

    @app.get("/figures")
    def figures() -> str:
        errors: list[str] = []
        with db.session() as session:
            topics = queries.known_topics(session, configured)
            sources = queries.source_names(session)
            filt = queries.FigureFilter(
                topic=_arg("topic"),
                metric=_arg("metric", METRICS),
                status=_arg("status", queries.STATUSES),
                source=_arg("source"),
                since=_date_arg("since", errors),
                until=_until_arg(errors),
            )
            page = queries.list_figures(session, filt, _page_arg())
        return render_template(
            "figures.html",
            page=page,
            filt=filt,
            errors=errors,
            topics=topics,
            sources=sources,
            metrics=METRICS,
            statuses=queries.STATUSES,
            args=request.args,
        )

    @app.get("/figures/<int:figure_id>")
    def figure(figure_id: int) -> Response:
        """One figure, where a reviewer confirms or rejects it: its row on its article's
        page (the address alerts link to)."""
        with db.session() as session:
            place = queries.figure_place(session, figure_id)
        if place is None:
            abort(404, f"no figure {figure_id}")
        target = url_for("article", article_id=place.article_id, version=place.version)
        return redirect(f"{target}#figure-{place.figure_id}", code=303)

    @app.post("/figures/<int:figure_id>/decision")
    def decide(figure_id: int) -> Response:
        action = request.form.get("action", "")
        if action not in ACTIONS:
            abort(400, "action must be confirm or reject")
        note = request.form.get("note", "")[:2000]
        try:
            with db.session() as session:
                decision = decide_figure(session, settings, figure_id, ACTIONS[action], note)
        except UnknownFigure:
            abort(404, f"no figure {figure_id}")
        flash(
            f"figure {decision.figure_id} {decision.status}; tracked {decision.metric}: "
            f"{_number(decision.tracked_before)} → {_number(decision.tracked_after)}"
        )
        return redirect(safe_next(request.form.get("next"), url_for("figures")), code=303)

    @app.get("/articles")
    def articles() -> str:
        errors: list[str] = []
        with db.session() as session:
            filt = article_queries.ArticleFilter(
                text=_arg("q"),
                source=_arg("source"),
                since=_date_arg("since", errors),
                topic=_arg("topic"),
            )
            page = article_queries.search_articles(session, filt, _page_arg())
            sources = queries.source_names(session)
            topics = queries.known_topics(session, configured)
        return render_template(
            "articles.html",
            page=page,
            errors=errors,
            sources=sources,
            topics=topics,
            args=request.args,
        )

    @app.get("/articles/<int:article_id>")
    def article(article_id: int) -> str:
        version = request.args.get("version", type=int)
        with db.session() as session:
            view = article_queries.article_view(session, article_id, version)
        if view is None:
            abort(404, f"no article {article_id}")
        return render_template("article.html", view=view)

    @app.get("/alerts")
    def alerts() -> str:
        with db.session() as session:
            page = queries.list_alerts(
                session,
                status=_arg("status", queries.ALERT_STATUSES),
                topic=_arg("topic"),
                page=_page_arg(),
            )
        return render_template(
            "alerts.html", page=page, args=request.args, statuses=queries.ALERT_STATUSES
        )

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def http_error(error: Any) -> tuple[str, int]:
        return render_template("error.html", error=error), error.code

    return app

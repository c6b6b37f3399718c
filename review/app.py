"""The review web page: a small server-rendered Flask app over the tallywatch database.

Every page renders the rows of the review queries (`figures.py`, `articles.py`,
`alerts.py`, `sources.py`, `runs.py`, `series.py`) that the command line prints, and
each listing's export links download the same rows, under the same filters, as CSV or
JSON Lines.  Templates autoescape everything; article text reaches the page only as
escaped text pieces (see highlight.py), never as markup.  Security hooks live in
security.py.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, cast

from flask import (
    Flask,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from werkzeug.wrappers.response import Response as BaseResponse

from tallywatch.alerts.wording import qualifier_label
from tallywatch.config import Settings
from tallywatch.constants import METRICS, AlertKind, AlertStatus, FigureStatus, RunStatus
from tallywatch.review import alerts as alert_queries
from tallywatch.review import articles as article_queries
from tallywatch.review import figures as figure_queries
from tallywatch.review import runs as run_queries
from tallywatch.review import series as series_queries
from tallywatch.review import sources as source_queries
from tallywatch.review.chart import build_chart
from tallywatch.review.cited import latest_by_cited
from tallywatch.review.curation import UnknownFigure, decide_figure
from tallywatch.review.export import (
    FORMATS,
    MEDIA_TYPES,
    WHAT,
    Filter,
    Format,
    What,
    export_lines,
    export_rows,
)
from tallywatch.review.security import RequestGuard, safe_external_url, safe_next
from tallywatch.review.since import OutOfRange, parse_since, parse_until
from tallywatch.store import Database

MAX_PAGE = 1_000_000
"""The highest `page` asked for before it is out of range (400)."""
MAX_ID = 2**63 - 1
"""The largest id a database row can have (a signed 64-bit integer)."""
ACTIONS: dict[str, FigureStatus] = {
    "confirm": FigureStatus.CONFIRMED,
    "reject": FigureStatus.REJECTED,
}
LISTING_ARGS = ("q", "topic", "metric", "status", "source", "kind", "since", "until", "held")
"""The filter arguments a listing passes on to its export links."""


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _when(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def _arg(name: str, allowed: tuple[str, ...] | list[str] | None = None) -> str | None:
    value = request.args.get(name, "").strip()
    if not value or (allowed is not None and value not in allowed):
        return None
    return value


def _time_arg(name: str, errors: list[str]) -> datetime | None:
    """A time filter (`since`, `until`): a malformed one is shown as a form error, an
    impossible one is 400."""
    text = _arg(name)
    if text is None:
        return None
    try:
        return parse_until(text) if name == "until" else parse_since(text)
    except OutOfRange as exc:
        abort(400, f"{name}: {exc}")
    except ValueError as exc:
        errors.append(f"{name}: {exc}")
        return None


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


def _export_url(what: str, fmt: str) -> str:
    """The export of `what` under the page's current filters."""
    values: dict[str, Any] = {k: v for k, v in request.args.items() if k in LISTING_ARGS and v}
    return url_for("export", what=what, fmt=fmt, **values)


def figure_filter(errors: list[str]) -> figure_queries.FigureFilter:
    return figure_queries.FigureFilter(
        topic=_arg("topic"),
        metric=_arg("metric", METRICS),
        status=_arg("status", tuple(FigureStatus)),
        source=_arg("source"),
        since=_time_arg("since", errors),
        until=_time_arg("until", errors),
        held=bool(request.args.get("held")),
    )


def article_filter(errors: list[str]) -> article_queries.ArticleFilter:
    return article_queries.ArticleFilter(
        text=_arg("q"),
        source=_arg("source"),
        since=_time_arg("since", errors),
        until=_time_arg("until", errors),
        topic=_arg("topic"),
    )


def alert_filter(errors: list[str]) -> alert_queries.AlertFilter:
    status = _arg("status", tuple(AlertStatus))
    return alert_queries.AlertFilter(
        statuses=(status,) if status else (),
        topic=_arg("topic"),
        kind=_arg("kind", tuple(AlertKind)),
        since=_time_arg("since", errors),
        until=_time_arg("until", errors),
    )


FILTERS: dict[str, Callable[[list[str]], Filter]] = {
    "articles": article_filter,
    "figures": figure_filter,
    "alerts": alert_filter,
    "by-source": figure_filter,
}


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
    app.jinja_env.globals["export_url"] = _export_url
    app.jinja_env.globals["export_formats"] = FORMATS
    configured = [t.name for t in settings.topics]

    def topic_choices(session: Any) -> list[str]:
        return series_queries.known_topics(session, configured)

    @app.get("/")
    def dashboard() -> str:
        with db.session() as session:
            boards = []
            for topic in topic_choices(session):
                series = series_queries.tracked_series(session, settings, topic)
                boards.append(
                    {
                        "topic": topic,
                        "tracked": series_queries.current_values(session, topic),
                        "by_cited": latest_by_cited(session, settings, topic),
                        "chart": build_chart(
                            series, lambda article_id: url_for("article", article_id=article_id)
                        ),
                    }
                )
            backlog = alert_queries.alert_backlog(session)
            sources = source_queries.list_sources(session, settings.sources)
        failing = [s for s in sources if s.consecutive_failures]
        return render_template(
            "dashboard.html", boards=boards, backlog=backlog, failing=failing, sources=sources
        )

    @app.get("/figures")
    def figures() -> str:
        errors: list[str] = []
        with db.session() as session:
            filt = figure_queries.with_held(session, settings, figure_filter(errors))
            page = figure_queries.list_figures(session, filt, _page_arg())
            topics = topic_choices(session)
            sources = source_queries.source_names(session)
        return render_template(
            "figures.html",
            page=page,
            errors=errors,
            topics=topics,
            sources=sources,
            metrics=METRICS,
            statuses=tuple(FigureStatus),
            args=request.args,
        )

    @app.get("/figures/<int:figure_id>")
    def figure(figure_id: int) -> BaseResponse:
        """One figure, where a reviewer confirms or rejects it: its row on its article's
        page (the address alerts link to)."""
        with db.session() as session:
            place = figure_queries.figure_place(session, figure_id)
        if place is None:
            abort(404, f"no figure {figure_id}")
        target = url_for("article", article_id=place.article_id, version=place.version)
        return redirect(f"{target}#figure-{place.figure_id}", code=303)

    @app.post("/figures/<int:figure_id>/decision")
    def decide(figure_id: int) -> BaseResponse:
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
            filt = article_filter(errors)
            page = article_queries.search_articles(session, filt, _page_arg())
            sources = source_queries.source_names(session)
            topics = topic_choices(session)
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
        try:
            with db.session() as session:
                view = article_queries.article_view(session, article_id, version)
        except article_queries.NoSuchVersion as exc:
            abort(404, str(exc))
        if view is None:
            abort(404, f"no article {article_id}")
        return render_template("article.html", view=view)

    @app.get("/alerts")
    def alerts() -> str:
        errors: list[str] = []
        with db.session() as session:
            page = alert_queries.list_alerts(session, alert_filter(errors), _page_arg())
            topics = topic_choices(session)
        return render_template(
            "alerts.html",
            page=page,
            errors=errors,
            topics=topics,
            args=request.args,
            statuses=tuple(AlertStatus),
            kinds=tuple(AlertKind),
        )

    @app.get("/sources")
    def sources() -> str:
        with db.session() as session:
            rows = source_queries.list_sources(session, settings.sources)
        return render_template(
            "sources.html",
            sources=rows,
            threshold=settings.alerts.operator_after_failures,
        )

    @app.get("/runs")
    def runs() -> str:
        errors: list[str] = []
        filt = run_queries.RunFilter(
            status=_arg("status", tuple(RunStatus)), since=_time_arg("since", errors)
        )
        with db.session() as session:
            page = run_queries.list_runs(session, filt, _page_arg())
        return render_template(
            "runs.html", page=page, errors=errors, args=request.args, statuses=tuple(RunStatus)
        )

    @app.get("/runs/<int:run_id>")
    def run(run_id: int) -> str:
        with db.session() as session:
            view = run_queries.run_view(session, run_id, _page_arg())
        if view is None:
            abort(404, f"no run {run_id}")
        return render_template("run.html", view=view)

    @app.get("/export/<what>.<fmt>")
    def export(what: str, fmt: str) -> Response:
        """A listing's rows under its filters, as a download (`tallywatch export`)."""
        if what not in WHAT or fmt not in FORMATS:
            abort(404, f"no export {what}.{fmt}")
        errors: list[str] = []
        filt = FILTERS[what](errors)
        if errors:
            abort(400, "; ".join(errors))

        chosen, form = cast(What, what), cast(Format, fmt)

        def lines() -> Iterator[str]:
            with db.session() as session:
                rows = export_rows(session, chosen, filt, settings)
                yield from export_lines(rows, form, chosen)

        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        return Response(
            stream_with_context(lines()),
            mimetype=MEDIA_TYPES[form],
            headers={
                "Content-Disposition": f'attachment; filename="tallywatch-{what}-{stamp}.{fmt}"'
            },
        )

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def http_error(error: Any) -> tuple[str, int]:
        return render_template("error.html", error=error), error.code

    return app

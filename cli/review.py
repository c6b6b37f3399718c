"""Subcommands: `timeline`, `export`, `serve`, and the curation commands `confirm`/`reject`.

`CURATION_COMMANDS` are attached under the `figures` group (`tallywatch figures reject ID`).
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import click

from tallywatch.alerts.wording import value_text
from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.output import (
    Column,
    echo_json,
    json_option,
    limit_option,
    on_terminal,
    plain_text,
    print_columns,
    say_hidden,
)
from tallywatch.cli.params import since_option, until_option
from tallywatch.constants import METRICS, AlertStatus, ExitCode, FigureStatus
from tallywatch.extract.types import Scope
from tallywatch.review.export import FORMATS, WHAT

if TYPE_CHECKING:
    from tallywatch.review.export import Format, What
    from tallywatch.review.series import SeriesPoint

TOKEN_ENV = "TALLYWATCH_REVIEW_TOKEN"
SCOPES: tuple[str, ...] = (*get_args(Scope), "all")


def _console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False, width=None if on_terminal() else 160)


TIMELINE_COLUMNS = (
    Column("date", lambda p: p.reported),
    Column("value", lambda p: _value(p)),
    Column("qualifier", lambda p: p.qualifier),
    Column("high", lambda p: "▲ new high" if p.raises else ""),
    Column("source", lambda p: p.source + (f" / {p.cited}" if p.cited else "")),
    Column("article", lambda p: f"#{p.article_id} {p.article_title or p.article_url}"),
)


def _value(point: SeriesPoint) -> str:
    text = value_text(point.value, point.high)
    return text if point.status == FigureStatus.AUTO else f"{text} ({point.status})"


@click.command("timeline")
@config_option
@click.argument("topic")
@click.argument("metric", required=False, type=click.Choice(METRICS))
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="cumulative",
    show_default=True,
    help="Which figures: running totals, single incidents, or both.",
)
@click.option("--all", "include_rejected", is_flag=True, help="Also show rejected figures.")
@json_option()
@limit_option("The latest N reports of each metric (0: all of them).")
@pass_state
def timeline_command(
    state: CliState,
    topic: str,
    metric: str | None,
    scope: str,
    include_rejected: bool,
    as_json: bool,
    limit: int,
) -> None:
    """How each of TOPIC's metrics moved, by report date: each figure with its source and
    article, the new highs (the steps of the tracked value) marked."""
    from tallywatch.review.series import current_values, series_points
    from tallywatch.review.sparkline import sparkline

    with state.db.session() as session:
        series = series_points(
            session,
            state.settings,
            topic,
            metric,
            scope=None if scope == "all" else scope,
            include_rejected=include_rejected,
        )
        tracked = {v.metric: v for v in current_values(session, topic)}
    if not series:
        if topic not in {t.name for t in state.settings.topics} and not tracked:
            click.echo(f"tallywatch: no topic named {topic!r} and no figures for it", err=True)
            sys.exit(ExitCode.CONFIG)
        kind = "" if scope == "all" else f" {scope}"
        click.echo(f"no{kind} figures for {topic} yet")
        return
    shown = {name: points[-limit:] if limit else points for name, points in series.items()}
    hidden = sum(len(series[name]) - len(points) for name, points in shown.items())
    if as_json:
        echo_json(point.record() for points in shown.values() for point in points)
        say_hidden(hidden)
        return
    console = _console()
    for name, points in shown.items():
        current = tracked.get(name)
        heading = f"{topic} · {name}"
        if current is not None:
            heading += f"  tracked: {current.value:,}"
        highs = [p.value for p in series[name] if p.raises]
        console.print(plain_text(f"{heading}  {sparkline(highs)}"), style="bold", highlight=False)
        print_columns(points, TIMELINE_COLUMNS)
        click.echo()
    say_hidden(hidden)


@click.command("export")
@config_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--what",
    type=click.Choice(WHAT),
    required=True,
    help="by-source: each metric's latest figure of each cited source (figures --by-source).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.option("--topic", help="Only rows of this topic (articles: with a figure of it).")
@click.option("--metric", type=click.Choice(METRICS), help="figures, by-source: this metric.")
@click.option("--status", help="figures, alerts: this status.")
@click.option("--source", "source_name", help="articles, figures: this source's articles.")
@click.option("--search", help="articles: title, address or text containing TEXT.")
@click.option(
    "--held", is_flag=True, help="figures: only those held back from their series (max_jump)."
)
@since_option("rows captured (articles: new or changed; alerts: raised)")
@until_option("rows captured")
@pass_state
def export_command(
    state: CliState,
    fmt: Format,
    what: What,
    output: Path | None,
    topic: str | None,
    metric: str | None,
    status: str | None,
    source_name: str | None,
    search: str | None,
    held: bool,
    since: datetime | None,
    until: datetime | None,
) -> None:
    """Write articles, figures, alerts or the latest figure of each cited source as CSV or
    JSON Lines: the rows and keys of the listings, under the same filters."""
    from tallywatch.review.export import export_rows, write_export

    filt = _export_filter(what, topic, metric, status, source_name, search, held, since, until)
    with state.db.session() as session:
        rows = export_rows(session, what, filt, state.settings)
        if output is None:
            try:
                write_export(rows, fmt, what, sys.stdout)
                sys.stdout.flush()
            except BrokenPipeError:
                # the reader (`| head`) stopped early: not an error, and nothing more to say
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                count = write_export(rows, fmt, what, handle)
            click.echo(f"{count} rows written to {output}", err=True)


OPTION_SCOPE: dict[str, tuple[str, ...]] = {
    "--metric": ("figures", "by-source"),
    "--status": ("figures", "alerts"),
    "--source": ("articles", "figures"),
    "--search": ("articles",),
    "--held": ("figures",),
    "--since": ("articles", "figures", "alerts"),
    "--until": ("articles", "figures", "alerts"),
}
"""Which exports each filter applies to."""


def _export_filter(
    what: What,
    topic: str | None,
    metric: str | None,
    status: str | None,
    source: str | None,
    search: str | None,
    held: bool,
    since: datetime | None,
    until: datetime | None,
) -> Any:
    """The listing's own filter for `what`; an option that does not apply to it is an
    error (exit 2), not silently ignored."""
    from tallywatch.review.alerts import AlertFilter
    from tallywatch.review.articles import ArticleFilter
    from tallywatch.review.figures import FigureFilter

    given = {"--metric": metric, "--status": status, "--source": source, "--search": search,
             "--held": held or None, "--since": since, "--until": until}  # fmt: skip
    for option, value in given.items():
        if value is not None and what not in OPTION_SCOPE[option]:
            raise click.BadParameter(
                f"applies to {' and '.join(OPTION_SCOPE[option])} only", param_hint=option
            )
    if what == "articles":
        return ArticleFilter(text=search, source=source, since=since, until=until, topic=topic)
    if what == "alerts":
        if status is not None and status not in tuple(AlertStatus):
            raise click.BadParameter(f"one of {', '.join(AlertStatus)}", param_hint="--status")
        statuses = (status,) if status else ()
        return AlertFilter(statuses=statuses, topic=topic, since=since, until=until)
    if status is not None and status not in tuple(FigureStatus):
        raise click.BadParameter(f"one of {', '.join(FigureStatus)}", param_hint="--status")
    return FigureFilter(
        topic=topic,
        metric=metric,
        status=status,
        source=source,
        since=since,
        until=until,
        held=held,
    )


@click.command("serve")
@config_option
@click.option("--host", help="Address to listen on (default: [review] host, 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), help="Port (default: [review] port, 8150).")
@pass_state
def serve_command(state: CliState, host: str | None, port: int | None) -> None:
    """Serve the review web page (dashboard, figures, articles, alerts) until Ctrl-C or SIGTERM.

    Binding to anything but loopback needs an access token: `[review] token` in the config
    (e.g. token = "${TALLYWATCH_REVIEW_TOKEN}") or the TALLYWATCH_REVIEW_TOKEN variable.
    """
    from werkzeug.serving import make_server

    from tallywatch.review.app import create_app
    from tallywatch.review.security import PathOnlyRequestHandler, is_loopback

    settings = state.settings
    host = host or settings.review.host
    port = settings.review.port if port is None else port
    token = settings.review.token or os.environ.get(TOKEN_ENV) or None
    if not is_loopback(host) and not token:
        click.echo(
            f"tallywatch: refusing to serve on {host}, which is not a loopback address, "
            f"without an access token: set [review] token in the config or {TOKEN_ENV}",
            err=True,
        )
        sys.exit(ExitCode.CONFIG)
    app = create_app(settings, state.db, token=token)
    try:
        server = make_server(host, port, app, threaded=True, request_handler=PathOnlyRequestHandler)
    except OSError as exc:
        click.echo(f"tallywatch: cannot listen on {host}:{port}: {exc.strerror}", err=True)
        sys.exit(ExitCode.CONFIG)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"review page on http://{shown}:{server.server_port}/  (Ctrl-C stops it)")
    if token:
        click.echo("every request needs the access token (open the page once with ?token=...)")
    # Ctrl-C and SIGTERM stop it, whatever the parent left them set to (a shell runs a
    # background job with SIGINT ignored, and Python then keeps it ignored)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop_serving)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop_serving(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _decide(state: CliState, figure_id: int, status: FigureStatus, note: str | None) -> None:
    from tallywatch.review.curation import UnknownFigure, decide_figure

    try:
        with state.db.session() as session:
            decision = decide_figure(session, state.settings, figure_id, status, note)
    except UnknownFigure as exc:
        click.echo(f"tallywatch: {exc}", err=True)
        sys.exit(ExitCode.CONFIG)
    tracked = ""
    if decision.topic is not None:
        before = "none" if decision.tracked_before is None else f"{decision.tracked_before:,}"
        after = "none" if decision.tracked_after is None else f"{decision.tracked_after:,}"
        tracked = f"; tracked {decision.topic} {decision.metric}: {before} -> {after}"
    others = decision.figures - 1
    also = f" (and {others} more of the same sentence)" if others > 0 else ""
    click.echo(
        f"figure {decision.figure_id} {decision.status}: {decision.metric} "
        f"{decision.value:,}{also}{tracked}"
    )


def _decision_command(name: str, status: FigureStatus, doc: str, note: str) -> click.Command:
    """`figures confirm` and `figures reject`: one command per reviewer's decision."""

    @click.command(name, help=doc)
    @config_option
    @click.argument("figure_id", type=int)
    @click.option("--note", help=note)
    @pass_state
    def decide(state: CliState, figure_id: int, note: str | None) -> None:
        _decide(state, figure_id, status, note)

    return decide


figure_confirm = _decision_command(
    "confirm",
    FigureStatus.CONFIRMED,
    "Confirm figure FIGURE_ID was read correctly (kept across reextract).",
    "Why (kept with the decision).",
)
figure_reject = _decision_command(
    "reject",
    FigureStatus.REJECTED,
    "Reject figure FIGURE_ID: it leaves the tracked series (no alert is raised).",
    'Why, e.g. "a date, not a count" (kept with the decision).',
)


COMMANDS: list[click.Command] = [timeline_command, export_command, serve_command]
CURATION_COMMANDS: list[click.Command] = [figure_confirm, figure_reject]

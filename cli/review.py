"""Subcommands: `timeline`, `export`, `serve`, and the curation commands `confirm`/`reject`.

`CURATION_COMMANDS` are attached under the `figures` group (`tallywatch figures reject ID`).
"""

from __future__ import annotations

import os
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.constants import ExitCode, FigureStatus

if TYPE_CHECKING:
    from tallywatch.review.export import Format, What

TOKEN_ENV = "TALLYWATCH_REVIEW_TOKEN"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _cell(text: str) -> Any:
    """Article text for the terminal: no markup interpreted, no control sequences passed."""
    from rich.text import Text

    return Text(CONTROL_CHARACTERS.sub(" ", text))


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    from tallywatch.review.since import parse_since

    if value is None:
        return None
    try:
        return parse_since(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _console() -> Any:
    from rich.console import Console

    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


@click.command("timeline")
@config_option
@click.argument("topic")
@click.argument("metric", required=False)
@click.option(
    "--scope",
    type=click.Choice(["cumulative", "incident", "all"]),
    default="cumulative",
    show_default=True,
    help="Which figures: running totals, single incidents, or both.",
)
@click.option("--all", "include_rejected", is_flag=True, help="Also show rejected figures.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Latest N per metric.",
)
@pass_state
def timeline_command(
    state: CliState,
    topic: str,
    metric: str | None,
    scope: str,
    include_rejected: bool,
    limit: int,
) -> None:
    """Print how each of TOPIC's metrics moved: date, value, qualifier, source, article."""
    from rich.table import Table

    from tallywatch.constants import METRICS
    from tallywatch.review.queries import current_values, timeline
    from tallywatch.review.sparkline import sparkline

    if metric is not None and metric not in METRICS:
        raise click.BadParameter(f"one of {', '.join(METRICS)}", param_hint="METRIC")
    with state.db.session() as session:
        series = timeline(
            session,
            topic,
            metric,
            scope=None if scope == "all" else scope,
            include_rejected=include_rejected,
            per_metric=limit,
        )
        tracked = {v.metric: v for v in current_values(session, topic)}
    if not series:
        if topic not in {t.name for t in state.settings.topics} and not tracked:
            click.echo(f"tallywatch: no topic named {topic!r} and no figures for it", err=True)
            sys.exit(ExitCode.CONFIG)
        kind = "" if scope == "all" else f" {scope}"
        click.echo(f"no{kind} figures for {topic} yet")
        return
    console = _console()
    for name, points in series.items():
        current = tracked.get(name)
        heading = f"{topic} · {name}"
        if current is not None:
            heading += f"  tracked: {current.value:,}"
        values = [p.value for p in points if p.status != "rejected"]
        console.print(_cell(f"{heading}  {sparkline(values)}"), style="bold", highlight=False)
        table = Table(show_edge=False, pad_edge=False)
        table.add_column("date")
        table.add_column("value", justify="right")
        table.add_column("qualifier")
        table.add_column("source")
        table.add_column("article")
        for p in points:
            value = f"{p.value:,}" + (f"–{p.high:,}" if p.high is not None else "")
            if p.status != "auto":
                value += f" ({p.status})"
            source = p.source_name + (f" / {p.attributed_to}" if p.attributed_to else "")
            article = f"#{p.article_id} {p.article_title or p.article_url}"
            table.add_row(*(_cell(c) for c in (p.date, value, p.qualifier, source, article)))
        console.print(table, highlight=False)
        console.print()


@click.command("export")
@config_option
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True
)
@click.option("--what", type=click.Choice(["articles", "figures", "alerts"]), required=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--since",
    callback=_since,
    help="Only rows captured since: a date (2024-11-01), a time, or an age (7d, 12h).",
)
@click.option("--topic", help="Only rows of this topic (articles: with a figure of it).")
@pass_state
def export_command(
    state: CliState,
    fmt: Format,
    what: What,
    output: Path | None,
    since: datetime | None,
    topic: str | None,
) -> None:
    """Write articles, figures or alerts as CSV or JSON Lines, for spreadsheets and notebooks."""
    from tallywatch.review.export import export_rows, write_export

    with state.db.session() as session:
        rows = export_rows(session, what, since=since, topic=topic)
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
            click.echo(f"{count} {what} written to {output}", err=True)


@click.command("serve")
@config_option
@click.option("--host", help="Address to listen on (default: [review] host, 127.0.0.1).")
@click.option("--port", type=click.IntRange(0, 65535), help="Port (default: [review] port, 8150).")
@pass_state
def serve_command(state: CliState, host: str | None, port: int | None) -> None:
    """Serve the review web page (dashboard, figures, articles, alerts) until interrupted.

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
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


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


@click.command("confirm")
@config_option
@click.argument("figure_id", type=int)
@click.option("--note", help="Why (kept with the decision).")
@pass_state
def figure_confirm(state: CliState, figure_id: int, note: str | None) -> None:
    """Confirm figure FIGURE_ID was read correctly (kept across reextract)."""
    _decide(state, figure_id, FigureStatus.CONFIRMED, note)


@click.command("reject")
@config_option
@click.argument("figure_id", type=int)
@click.option("--note", help='Why, e.g. "a date, not a count" (kept with the decision).')
@pass_state
def figure_reject(state: CliState, figure_id: int, note: str | None) -> None:
    """Reject figure FIGURE_ID: it leaves the tracked series (no alert is raised)."""
    _decide(state, figure_id, FigureStatus.REJECTED, note)


COMMANDS: list[click.Command] = [timeline_command, export_command, serve_command]
CURATION_COMMANDS: list[click.Command] = [figure_confirm, figure_reject]

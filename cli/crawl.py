"""Subcommands about what the crawler did and captured: `sources`, `runs`, `articles`,
`show`.  The rows are the review's (`review/`), the ones the web page shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.output import (
    Column,
    echo_json,
    json_option,
    limit_option,
    lines_text,
    on_terminal,
    print_columns,
    print_rows,
    print_table,
    when,
)
from tallywatch.cli.params import since_option, until_option, values_of
from tallywatch.constants import RunStatus

if TYPE_CHECKING:
    from tallywatch.review.diff import DiffPiece

NEVER_CRAWLED = "never crawled"

SOURCE_COLUMNS = (
    Column("source", lambda s: s.label),
    Column("kind", lambda s: s.kind),
    Column("status", lambda s: s.status or NEVER_CRAWLED),
    Column("last run", lambda s: when(s.last_run_at)),
    Column("last success", lambda s: when(s.last_success_at)),
    Column("failures", lambda s: s.consecutive_failures),
    Column("articles", lambda s: s.article_count),
    Column("last error", lambda s: s.last_error),
)


@click.command("sources")
@config_option
@json_option()
@pass_state
def sources_command(state: CliState, as_json: bool) -> None:
    """Each source with its last crawl, status, failures in a row and last error."""
    from tallywatch.review.sources import list_sources

    with state.db.session() as session:
        rows = list_sources(session, state.settings.sources)
    print_rows(rows, SOURCE_COLUMNS, as_json=as_json, empty="no sources")


RUN_COLUMNS = (
    Column("run", lambda r: r.id),
    Column("started", lambda r: when(r.started_at)),
    Column("took s", lambda r: r.duration_seconds),
    Column("status", lambda r: r.status),
    Column("pages", lambda r: r.counts["pages"]),
    Column("new", lambda r: r.counts["new_articles"]),
    Column("updated", lambda r: r.counts["updated"]),
    Column("figures", lambda r: r.counts["figures"]),
    Column("alerts", lambda r: r.counts["alerts"]),
    Column("errors", lambda r: r.counts["errors"]),
    Column("sources failed", lambda r: f"{r.counts['sources_failed']} of {r.counts['sources']}"),
    Column("error", lambda r: r.error),
)
EVENT_COLUMNS = (
    Column("source", lambda e: e.source),
    Column("kind", lambda e: e.kind if e.is_error else f"{e.kind} (not an error)"),
    Column("url", lambda e: e.url),
    Column("detail", lambda e: e.detail),
)


@click.command("runs")
@config_option
@click.argument("run_id", type=int, required=False)
@click.option("--status", type=values_of(RunStatus), help="Only runs that ended so.")
@since_option("runs started")
@json_option()
@limit_option()
@pass_state
def runs_command(
    state: CliState,
    run_id: int | None,
    status: str | None,
    since: datetime | None,
    as_json: bool,
    limit: int,
) -> None:
    """The history of runs, latest first: counts and errors.  With RUN_ID, that run and
    the problems it recorded (errors first, by source)."""
    from tallywatch.review import runs

    if run_id is not None:
        _print_run(state, run_id, as_json, limit)
        return
    with state.db.session() as session:
        page = runs.list_runs(session, runs.RunFilter(status, since), per_page=limit or None)
    print_rows(page.rows, RUN_COLUMNS, as_json=as_json, empty="no runs", hidden=page.hidden)


def _print_run(state: CliState, run_id: int, as_json: bool, limit: int) -> None:
    from tallywatch.review.runs import run_view

    with state.db.session() as session:
        view = run_view(session, run_id, per_page=limit or None)
    if view is None:
        raise click.ClickException(f"no run with id {run_id}")
    if as_json:
        echo_json([view.record()])
        return
    print_columns([view.run], RUN_COLUMNS)
    print_rows(
        view.events.rows,
        EVENT_COLUMNS,
        as_json=False,
        empty="no problems recorded",
        hidden=view.events.hidden,
    )


ARTICLE_COLUMNS = (
    Column("id", lambda a: a.id),
    Column("source", lambda a: a.source),
    Column("published", lambda a: a.published),
    Column("title", lambda a: a.title),
    Column("versions", lambda a: a.version_count),
    Column("figures", lambda a: a.figure_count),
    Column("changed", lambda a: when(a.last_changed_at)),
    Column("url", lambda a: a.url),
)


@click.command("articles")
@config_option
@click.option("--source", "source_name", help="Only this source's articles.")
@click.option("--topic", help="Only articles with a figure of this topic.")
@since_option("articles new or changed")
@until_option("articles new or changed")
@click.option("--search", help="Only articles whose title, address or any version's text has TEXT.")
@json_option()
@limit_option()
@pass_state
def articles_command(
    state: CliState,
    source_name: str | None,
    topic: str | None,
    since: datetime | None,
    until: datetime | None,
    search: str | None,
    as_json: bool,
    limit: int,
) -> None:
    """List or search captured articles, the one new or changed last first."""
    from tallywatch.review.articles import ArticleFilter, search_articles

    filt = ArticleFilter(text=search, source=source_name, since=since, until=until, topic=topic)
    with state.db.session() as session:
        page = search_articles(session, filt, per_page=limit or None)
    print_rows(page.rows, ARTICLE_COLUMNS, as_json=as_json, empty="no articles", hidden=page.hidden)


SHOWN_FIGURE_COLUMNS = (
    Column("id", lambda f: f.id),
    Column("topic", lambda f: f.topic),
    Column("metric", lambda f: f.metric),
    Column("value", lambda f: f"{f.value:,}" + (f"–{f.high:,}" if f.high is not None else "")),
    Column("qualifier", lambda f: f.qualifier),
    Column("scope", lambda f: f.scope),
    Column("cited", lambda f: f.cited),
    Column("status", lambda f: f.status),
    Column("sentence", lambda f: f.sentence.text),
)
VERSION_COLUMNS = (
    Column("version", lambda v: v.number),
    Column("fetched", lambda v: when(v.fetched_at)),
    Column("characters", lambda v: v.characters),
    Column("hash", lambda v: v.content_hash[:12]),
    Column("figures", lambda v: v.figure_count),
    Column("run", lambda v: v.run_id),
)


@click.command("show")
@config_option
@click.argument("article_id", type=int)
@click.option("--version", "version_number", type=int, help="Show this version (default: latest).")
@click.option("--text", "with_text", is_flag=True, help="Also print the version's whole text.")
@json_option()
@pass_state
def show_command(
    state: CliState, article_id: int, version_number: int | None, with_text: bool, as_json: bool
) -> None:
    """One article: its metadata and versions, the figures read from its latest (or
    --version) version, and what changed from the version before."""
    from tallywatch.review.articles import NoSuchVersion, article_view

    try:
        with state.db.session() as session:
            view = article_view(session, article_id, version_number)
    except NoSuchVersion as exc:
        raise click.ClickException(str(exc)) from None
    if view is None:
        raise click.ClickException(f"no article with id {article_id}")
    if as_json:
        echo_json([view.record()])
        return
    print_table(
        ["field", "value"], list(view.article.record().items()), title=f"article {article_id}"
    )
    print_columns(view.versions, VERSION_COLUMNS, title="versions")
    number = view.version.number if view.version else None
    if view.figures:
        title = f"figures read from version {number}"
        print_columns(view.figures, SHOWN_FIGURE_COLUMNS, title=title)
    else:
        click.echo(f"\nno figures read from version {number}")
    if view.diff is not None:
        click.echo(f"\n--- changes from version {number - 1 if number else '?'} to {number} ---")
        _print_diff(view.diff)
    if with_text and view.version is not None:
        click.echo(f"\n--- text of version {number} ---\n{view.text}")


def _print_diff(pieces: Sequence[DiffPiece]) -> None:
    """Inserted and deleted words in place: colours on a terminal, `{+…+}` and `[-…-]`
    (wdiff's marks) in a pipe."""
    if not pieces:
        click.echo("no change in the text")
        return
    if not on_terminal():
        marks = {"insert": "{{+{}+}}", "delete": "[-{}-]"}
        click.echo("".join(marks.get(p.kind, "{}").format(lines_text(p.text)) for p in pieces))
        return
    from rich.console import Console
    from rich.text import Text

    styles = {"equal": "", "insert": "bold green", "delete": "red strike", "gap": "dim"}
    text = Text()
    for piece in pieces:
        text.append(lines_text(piece.text), styles[piece.kind])
    Console().print(text)


COMMANDS: list[click.Command] = [sources_command, runs_command, articles_command, show_command]

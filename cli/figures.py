"""Subcommands: `extract` (any text file), `figures` (stored ones), `reextract` (new rules)."""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from tallywatch.alerts.wording import compact_text, value_text
from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.output import (
    Column,
    json_option,
    limit_option,
    lines_text,
    on_terminal,
    print_rows,
)
from tallywatch.cli.params import since_option, until_option, values_of
from tallywatch.config import Settings, TopicConfig
from tallywatch.constants import METRICS, FigureStatus
from tallywatch.extract.types import ExtractedFigure
from tallywatch.review.figures import FIGURE_KEYS

HTML_SUFFIXES = (".html", ".htm")
EXTRACTED = {f.name for f in fields(ExtractedFigure)} - {"source"} | {"cited"}
EXTRACT_KEYS: tuple[str, ...] = tuple(
    name
    for key in FIGURE_KEYS
    if key in EXTRACTED
    for name in ((key, "source") if key == "cited" else (key,))
)
"""The keys `tallywatch extract` prints for a figure, after `file`: those of a stored
figure that the extractor reads, and after `cited` the same value as `source`, the name
the figure-extraction evaluation format reads it by (`../shared/eval/FORMAT.md`; a file
read by `extract` has no crawl source to confuse it with).  README: Output keys."""


def _settings_for_extract(state: CliState) -> Settings:
    """The settings; with no config file at all, an empty configuration (no topics)."""
    from tallywatch.config.loader import default_config_path

    if state.config_path is None and not default_config_path().exists():
        return Settings()
    return state.settings


def _topics(settings: Settings, name: str | None) -> list[TopicConfig]:
    """The configured topics, or only the one named `--topic`."""
    if name is None:
        return list(settings.topics)
    chosen = [t for t in settings.topics if t.name == name]
    if not chosen:
        raise click.BadParameter(f"no topic named {name!r}", param_hint="--topic")
    return chosen


def _read_article(path: Path) -> tuple[str, str | None, str | None]:
    """The text of a file, its headline and its date: an HTML page's title (its `<title>`
    or first `<h1>`, as trafilatura finds it) and publication date; for plain text, the
    extractor takes a first line followed by a blank line as the headline."""
    raw = path.read_text("utf-8", errors="replace")
    if path.suffix.lower() in HTML_SUFFIXES:
        from tallywatch.extract.cleaning import clean_html
        from tallywatch.extract.types import NoArticle

        try:
            page = clean_html(raw, path.resolve().as_uri())
        except NoArticle as exc:
            click.echo(f"tallywatch: {path}: no article ({exc.reason})", err=True)
            return "", None, None
        return page.text, page.title, page.published
    return raw, None, None


def extracted_record(figure: ExtractedFigure) -> dict[str, Any]:
    """An extracted figure's keys as `tallywatch extract` prints them: who it is
    attributed to is `cited`, as everywhere, and `source` too, as the evaluation format
    names it (see `EXTRACT_KEYS`)."""
    values = figure.as_dict()
    values["cited"] = values["source"]
    return {key: values[key] for key in EXTRACT_KEYS}


@click.command("extract")
@config_option
@click.option("--topic", "topic_name", help="Only figures of this topic.")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@pass_state
def extract_command(state: CliState, topic_name: str | None, files: tuple[Path, ...]) -> None:
    """Print the figures in text or HTML FILES, one JSON object per line.

    Keys: file, topic, metric, value, high, qualifier, scope, subject, cited (who the figure
    is attributed to), source (the same, as the evaluation format names it), sentence,
    start, end (topic is null when the figure's group matches no topic).  An HTML file's
    title, or a text file's first line when a blank line follows it, is read as the
    headline.  The database is not opened.
    """
    from tallywatch.extract.figures import FigureExtractor

    settings = _settings_for_extract(state)
    extractor = FigureExtractor(_topics(settings, topic_name), settings.extract)
    out = sys.stdout
    for path in files:
        text, title, published = _read_article(path)
        for fig in extractor.extract(text, title, published):
            if topic_name is not None and fig.topic != topic_name:
                continue
            row = {"file": str(path), **extracted_record(fig)}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


FIGURE_COLUMNS = (
    Column("id", lambda f: f.id),
    Column("reported", lambda f: f.reported),
    Column("topic", lambda f: f.topic),
    Column("metric", lambda f: f.metric),
    Column("value", lambda f: value_text(f.value, f.high)),
    Column("qualifier", lambda f: f.qualifier),
    Column("scope", lambda f: f.scope),
    Column("cited", lambda f: f.cited),
    Column("status", lambda f: f.status),
    Column("source", lambda f: f.source),
    Column("article", lambda f: f.article_title or f.article_url),
)
BY_SOURCE_COLUMNS = (
    Column("topic", lambda c: c.figure.topic),
    Column("metric", lambda c: c.figure.metric),
    Column("voice", lambda c: c.voice),
    Column("value", lambda c: compact_text(c.figure.value, c.figure.high, c.figure.qualifier)),
    Column("reported", lambda c: c.figure.reported),
    Column("id", lambda c: c.figure.id),
    Column("cited", lambda c: c.figure.cited),
    Column("article", lambda c: c.figure.article_title or c.figure.article_url),
)


@click.group("figures", invoke_without_command=True)
@config_option
@click.option("--topic", help="Only this topic.")
@click.option("--metric", type=click.Choice(METRICS), help="Only this metric.")
@click.option("--status", type=values_of(FigureStatus), help="Only this status.")
@click.option("--source", "source_name", help="Only figures of this source's articles.")
@since_option("figures captured")
@until_option("figures captured")
@click.option(
    "--held",
    is_flag=True,
    help="Only figures held back from their series, far above it (alerts.max_jump).",
)
@click.option(
    "--by-source",
    is_flag=True,
    help="For each metric, the latest figure of each cited source, side by side.",
)
@json_option()
@limit_option()
@click.pass_context
def figures_group(
    ctx: click.Context,
    topic: str | None,
    metric: str | None,
    status: str | None,
    source_name: str | None,
    since: datetime | None,
    until: datetime | None,
    held: bool,
    by_source: bool,
    as_json: bool,
    limit: int,
) -> None:
    """List stored figures, newest first; subcommands confirm or reject one.

    `source` is the configured source an article came from, `cited` who the figure is
    attributed to.  With --by-source: what each cited source says now, each metric's
    latest figure per source (running totals that count for the topic's tracked values).
    """
    if ctx.invoked_subcommand is not None:
        return
    state = ctx.ensure_object(CliState)
    if by_source:
        _by_source(state, topic, metric, as_json)
        return
    from tallywatch.review.figures import FigureFilter, list_figures, with_held

    filt = FigureFilter(
        topic=topic,
        metric=metric,
        status=status,
        source=source_name,
        since=since,
        until=until,
        held=held,
    )
    with state.db.session() as session:
        filt = with_held(session, state.settings, filt)
        page = list_figures(session, filt, per_page=limit or None)
    print_rows(page.rows, FIGURE_COLUMNS, as_json=as_json, empty="no figures", hidden=page.hidden)


def _by_source(state: CliState, topic: str | None, metric: str | None, as_json: bool) -> None:
    """One line per metric on a terminal (`killed: NIS about 600 (2025-04-30) · …`); a
    row per source in a pipe and with --json."""
    from tallywatch.review.cited import latest_by_cited

    settings = state.settings
    topics = settings.topic_names(topic)
    with state.db.session() as session:
        found = {
            name: latest_by_cited(session, settings, name, [metric] if metric else [])
            for name in topics
        }
    rows = [row for by_metric in found.values() for rows in by_metric.values() for row in rows]
    if as_json or not on_terminal() or not rows:
        print_rows(rows, BY_SOURCE_COLUMNS, as_json=as_json, empty="no figures")
        return
    for name, by_metric in found.items():
        if not by_metric:
            continue
        click.secho(name, bold=True)
        for metric_name, latest in by_metric.items():
            line = " · ".join(row.said for row in latest)
            click.echo(lines_text(f"  {metric_name}: {line}"))


@click.command("reextract")
@config_option
@click.option("--topic", "topic_name", help="Re-extract only this topic's figures.")
@pass_state
def reextract_command(state: CliState, topic_name: str | None) -> None:
    """Run the extractor again over the newest version of every stored article.

    Each version's figures are replaced; reviewers' decisions are kept, and figures equal
    to ones already seen by change detection raise no new alert.
    """
    from sqlalchemy import func, select

    from tallywatch.extract.figures import FigureExtractor
    from tallywatch.store import ArticleVersion
    from tallywatch.store.figures import replace_figures

    settings = state.settings
    extractor = FigureExtractor(_topics(settings, topic_name), settings.extract)
    newest = (
        select(ArticleVersion.article_id, func.max(ArticleVersion.number).label("number"))
        .group_by(ArticleVersion.article_id)
        .subquery()
    )
    query = select(ArticleVersion.id).join(
        newest,
        (ArticleVersion.article_id == newest.c.article_id)
        & (ArticleVersion.number == newest.c.number),
    )
    articles = figures = new = removed = 0
    with state.db.session() as session:
        ids = list(session.scalars(query.order_by(ArticleVersion.id)))
    for version_id in ids:
        with state.db.session() as session:
            version = session.get(ArticleVersion, version_id)
            if version is None:
                continue
            article = version.article
            found = extractor.extract(version.text, article.title, article.published)
            if topic_name is not None:
                found = [f for f in found if f.topic == topic_name]
            result = replace_figures(session, version, found, topic=topic_name)
            articles += 1
            figures += len(result.figures)
            new += result.new
            removed += result.removed
    click.echo(
        f"re-extracted {articles} articles: {figures} figures "
        f"({new} not seen before, {removed} replaced)"
    )


COMMANDS: list[click.Command] = [extract_command, figures_group, reextract_command]

"""Subcommands: `extract` (any text file), `figures` (stored ones), `reextract` (new rules)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.tables import print_table
from tallywatch.constants import METRICS

HTML_SUFFIXES = (".html", ".htm")


def _settings_for_extract(state: CliState) -> Any:
    """The settings; with no config file at all, an empty configuration (no topics)."""
    from tallywatch.config import Settings
    from tallywatch.config.loader import default_config_path

    if state.config_path is None and not default_config_path().exists():
        return Settings()
    return state.settings


def _read_article(path: Path) -> tuple[str, str | None]:
    """The text of a file and its headline: an HTML page's title (its `<title>` or first
    `<h1>`, as trafilatura finds it); for plain text, the extractor takes a first line
    followed by a blank line as the headline."""
    raw = path.read_text("utf-8", errors="replace")
    if path.suffix.lower() in HTML_SUFFIXES:
        from tallywatch.extract.cleaning import clean_html
        from tallywatch.extract.types import NoArticle

        try:
            page = clean_html(raw, path.resolve().as_uri())
        except NoArticle as exc:
            click.echo(f"tallywatch: {path}: no article ({exc.reason})", err=True)
            return "", None
        return page.text, page.title
    return raw, None


@click.command("extract")
@config_option
@click.option("--topic", "topic_name", help="Only figures of this topic.")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@pass_state
def extract_command(state: CliState, topic_name: str | None, files: tuple[Path, ...]) -> None:
    """Print the figures in text or HTML FILES, one JSON object per line.

    Keys: file, topic, metric, value, high, qualifier, scope, subject, source, sentence,
    start, end (topic is null when the figure's group matches no topic).  An HTML file's
    title, or a text file's first line when a blank line follows it, is read as the
    headline.  The database is not opened.
    """
    from tallywatch.extract.figures import FigureExtractor

    settings = _settings_for_extract(state)
    topics = settings.topics
    if topic_name is not None:
        topics = [t for t in topics if t.name == topic_name]
        if not topics:
            raise click.BadParameter(f"no topic named {topic_name!r}", param_hint="--topic")
    extractor = FigureExtractor(topics, settings.extract)
    out = sys.stdout
    for path in files:
        text, title = _read_article(path)
        for fig in extractor.extract(text, title):
            if topic_name is not None and fig.topic != topic_name:
                continue
            row = {"file": str(path), **fig.as_dict()}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"not a date (YYYY-MM-DD): {value!r}", param_hint="--since"
        ) from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def figure_row(fig: Any, article: Any) -> dict[str, Any]:
    """One stored figure as a JSON-ready dict (also used by `--json`)."""
    return {
        "id": fig.id,
        "topic": fig.topic,
        "metric": fig.metric,
        "value": fig.value,
        "high": fig.high,
        "qualifier": fig.qualifier,
        "scope": fig.scope,
        "subject": fig.subject,
        "source": fig.source,
        "status": fig.status,
        "sentence": fig.sentence,
        "start": fig.start,
        "end": fig.end,
        "article_id": fig.article_id,
        "version_id": fig.version_id,
        "article_url": article.url,
        "article_title": article.title,
        "published": article.published,
        "created_at": fig.created_at.isoformat() if fig.created_at else None,
    }


@click.group("figures", invoke_without_command=True)
@config_option
@click.option("--topic", help="Only this topic.")
@click.option("--metric", type=click.Choice(METRICS), help="Only this metric.")
@click.option("--since", help="Only figures stored on or after this date (YYYY-MM-DD).")
@click.option(
    "--status", type=click.Choice(("auto", "confirmed", "rejected")), help="Only this status."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.pass_context
def figures_group(
    ctx: click.Context,
    topic: str | None,
    metric: str | None,
    since: str | None,
    status: str | None,
    as_json: bool,
    limit: int,
) -> None:
    """List stored figures, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from sqlalchemy import select

    from tallywatch.store import Article, Figure

    state = ctx.ensure_object(CliState)
    since_at = _since(since)
    query = select(Figure, Article).join(Article, Figure.article_id == Article.id)
    if topic is not None:
        query = query.where(Figure.topic == topic)
    if metric is not None:
        query = query.where(Figure.metric == metric)
    if status is not None:
        query = query.where(Figure.status == status)
    if since_at is not None:
        query = query.where(Figure.created_at >= since_at)
    query = query.order_by(Figure.created_at.desc(), Figure.id.desc()).limit(limit)
    with state.db.session() as session:
        rows = [figure_row(fig, article) for fig, article in session.execute(query)]
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    _print_table(rows)


def _print_table(rows: list[dict[str, Any]]) -> None:
    if not rows:
        click.echo("no figures")
        return
    columns = ("id", "topic", "metric", "value", "qualifier", "scope", "source", "status")
    print_table(
        (*columns, "article"),
        [
            (
                row["id"],
                row["topic"],
                row["metric"],
                f"{row['value']:,}" + (f"–{row['high']:,}" if row["high"] else ""),
                row["qualifier"],
                row["scope"],
                row["source"],
                row["status"],
                row["article_title"] or row["article_url"],
            )
            for row in rows
        ],
    )


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
    topics = settings.topics
    if topic_name is not None:
        topics = [t for t in topics if t.name == topic_name]
        if not topics:
            raise click.BadParameter(f"no topic named {topic_name!r}", param_hint="--topic")
    extractor = FigureExtractor(topics, settings.extract)
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
            found = extractor.extract(version.text, version.article.title)
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

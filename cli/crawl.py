"""Subcommands about what the crawler captured: `sources`, `articles`, `show`."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import click

from tallywatch.alerts.redact import redact_text
from tallywatch.cli.context import CliState, config_option, pass_state
from tallywatch.cli.tables import print_table

RELATIVE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
NOT_TERMINAL_WIDTH = 200


def parse_since(value: str | None, now: datetime | None = None) -> datetime | None:
    """`2025-01-31`, an ISO date-time, or a span back from now: `90m`, `12h`, `3d`, `2w`."""
    if value is None:
        return None
    if match := RELATIVE.match(value):
        try:
            return (now or datetime.now(UTC)) - timedelta(
                **{UNITS[match.group(2)]: float(match.group(1))}
            )
        except OverflowError:
            raise click.BadParameter(
                f"reaches back before year 1: {value!r}", param_hint="--since"
            ) from None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"not a date, date-time or span like 3d: {value!r}", param_hint="--since"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _echo_json(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


# -- sources ---------------------------------------------------------------------------


@click.command("sources")
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_state
def sources_command(state: CliState, as_json: bool) -> None:
    """Each source with its last crawl, status and consecutive failures."""
    from sqlalchemy import func, select

    from tallywatch.store import Article, Source

    configured = {s.name: s for s in state.settings.sources}
    with state.db.session() as session:
        rows = {s.name: s for s in session.scalars(select(Source))}
        counts = {
            source_id: number
            for source_id, number in session.execute(
                select(Article.source_id, func.count()).group_by(Article.source_id)
            )
        }
    names = list(configured) + sorted(n for n in rows if n not in configured)
    table_rows = []
    for name in names:
        row, config = rows.get(name), configured.get(name)
        record = {
            "name": name,
            "kind": config.kind if config else row.kind if row else None,
            "url": redact_text(config.url) if config else row.url if row else None,
            "configured": config is not None,
            "enabled": config.enabled if config else False,
            "status": (row.last_status if row else None) or "never crawled",
            "last_run_at": _iso(row.last_run_at) if row else None,
            "last_success_at": _iso(row.last_success_at) if row else None,
            "consecutive_failures": row.consecutive_failures if row else 0,
            "articles": counts.get(row.id, 0) if row else 0,
            "last_error": row.last_error if row else None,
        }
        if as_json:
            _echo_json(record)
            continue
        label = name if config else f"{name} (not in config)"
        if config and not config.enabled:
            label += " (disabled)"
        table_rows.append(
            [
                label,
                record["kind"],
                record["status"],
                _when(row.last_run_at if row else None),
                _when(row.last_success_at if row else None),
                record["consecutive_failures"],
                record["articles"],
                record["last_error"],
            ]
        )
    if not as_json:
        columns = ["source", "kind", "status", "last run", "last success", "failures"]
        print_table([*columns, "articles", "last error"], table_rows)


# -- articles --------------------------------------------------------------------------


def _article_record(article: Any, source_name: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": source_name,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "sitename": article.sitename,
        "first_seen_at": _iso(article.first_seen_at),
        "last_checked_at": _iso(article.last_checked_at),
        "last_changed_at": _iso(article.last_changed_at),
        "versions": article.version_count,
    }


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@click.command("articles")
@config_option
@click.option("--source", "source_name", help="Only this source's articles.")
@click.option(
    "--since", help="Only articles new or changed since: YYYY-MM-DD, a date-time, or 3d/12h."
)
@click.option("--search", help="Only articles whose title or latest text contains TEXT.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="Newest N (0: all).",
)
@pass_state
def articles_command(
    state: CliState,
    source_name: str | None,
    since: str | None,
    search: str | None,
    as_json: bool,
    limit: int,
) -> None:
    """List or search captured articles, newest change first."""
    from sqlalchemy import and_, or_, select

    from tallywatch.store import Article, ArticleVersion, Source

    since_at = parse_since(since)
    query = select(Article, Source.name).join(Source, Source.id == Article.source_id)
    if source_name:
        query = query.where(Source.name == source_name)
    if since_at is not None:
        query = query.where(Article.last_changed_at >= since_at)
    if search:
        query = query.outerjoin(
            ArticleVersion,
            and_(
                ArticleVersion.article_id == Article.id,
                ArticleVersion.number == Article.version_count,
            ),
        ).where(
            or_(
                Article.title.ilike(_like(search), escape="\\"),
                ArticleVersion.text.ilike(_like(search), escape="\\"),
            )
        )
    query = query.order_by(Article.last_changed_at.desc(), Article.id.desc())
    if limit:
        query = query.limit(limit)
    with state.db.session() as session:
        found = session.execute(query).all()
    if as_json:
        for article, name in found:
            _echo_json(_article_record(article, name))
        return
    rows = [
        [a.id, name, a.published, a.title, a.version_count, _when(a.last_changed_at), a.url]
        for a, name in found
    ]
    columns = ["id", "source", "published", "title", "versions", "changed", "url"]
    print_table(columns, rows)


# -- show ------------------------------------------------------------------------------


@click.command("show")
@config_option
@click.argument("article_id", type=int)
@click.option("--version", "version_number", type=int, help="Print this version's text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object with every version.")
@pass_state
def show_command(
    state: CliState, article_id: int, version_number: int | None, as_json: bool
) -> None:
    """An article's metadata, its versions, and the text of its latest (or --version) one."""
    from sqlalchemy import func, select

    from tallywatch.store import Article, ArticleVersion, Figure, Source

    with state.db.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise click.ClickException(f"no article with id {article_id}")
        source_name = session.scalar(select(Source.name).where(Source.id == article.source_id))
        versions = session.scalars(
            select(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.number)
        ).all()
        figures = {
            version_id: number
            for version_id, number in session.execute(
                select(Figure.version_id, func.count())
                .where(Figure.article_id == article_id)
                .group_by(Figure.version_id)
            )
        }
    record = _article_record(article, source_name or "?")
    if as_json:
        record["versions"] = [
            {
                "number": v.number,
                "fetched_at": _iso(v.fetched_at),
                "content_hash": v.content_hash,
                "run_id": v.run_id,
                "figures": figures.get(v.id, 0),
                "text": v.text,
            }
            for v in versions
        ]
        _echo_json(record)
        return
    chosen = versions[-1] if versions else None
    if version_number is not None:
        chosen = next((v for v in versions if v.number == version_number), None)
        if chosen is None:
            raise click.ClickException(f"article {article_id} has no version {version_number}")
    print_table(["field", "value"], list(record.items()), title=f"article {article_id}")
    print_table(
        ["version", "fetched", "characters", "hash", "figures", "run"],
        [
            [
                v.number,
                _when(v.fetched_at),
                len(v.text),
                v.content_hash[:12],
                figures.get(v.id, 0),
                v.run_id,
            ]
            for v in versions
        ],
        title="versions",
    )
    if chosen is not None:
        click.echo(f"\n--- text of version {chosen.number} ---\n{chosen.text}")


COMMANDS: list[click.Command] = [sources_command, articles_command, show_command]

"""How every listing is printed, the same for each command.

- on a terminal: a table, long cells folded to the width of the window;
- in a pipe (cron mail, `| cut`, a file): one line per row, tab-separated under a header
  line, never wrapped or cut, whatever the width;
- with `--json`: one JSON object per row, with the keys the README's "Output keys" lists
  (the same as the export's columns).

A listing that shows fewer rows than match says how many more there are, on stderr (so a
pipe's data stays clean): `12 more (use --limit 0)`.

Text from articles is untrusted: on a terminal it is shown as plain text (no console
markup is read from it) with control characters replaced.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import click

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
CONTROL_BUT_NEWLINES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]+")
LIMIT_HELP = "Show N rows (0: all of them)."
DEFAULT_LIMIT = 50


class Recorded(Protocol):
    def record(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[Any], Any]


def on_terminal() -> bool:
    return sys.stdout.isatty()


def cell(value: Any) -> str:
    """A value as one line of text: `-` for nothing, control characters as spaces."""
    if value is None or value == "":
        return "-"
    return CONTROL_CHARACTERS.sub(" ", str(value))


def plain_text(text: str) -> Any:
    """Untrusted text for the terminal: no markup interpreted, no control sequences."""
    from rich.text import Text

    return Text(CONTROL_CHARACTERS.sub(" ", text))


def lines_text(text: str) -> str:
    """Untrusted text of several lines: its line breaks kept, other control characters
    (terminal escape sequences) replaced."""
    return CONTROL_BUT_NEWLINES.sub(" ", text)


def echo_json(records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        click.echo(json.dumps(record, ensure_ascii=False))


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None
) -> None:
    """A table on a terminal; tab-separated lines under a header line in a pipe."""
    if not on_terminal():
        if title:
            click.echo(f"# {title}")
        click.echo("\t".join(headers))
        for row in rows:
            click.echo("\t".join(cell(v).replace("\t", " ") for v in row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(plain_text(cell(v)) for v in row))
    Console().print(table)


def print_columns(
    rows: Iterable[Any], columns: Sequence[Column], *, title: str | None = None
) -> None:
    """`print_table` of `columns` of each row."""
    headers = [c.header for c in columns]
    print_table(headers, ([c.value(row) for c in columns] for row in rows), title=title)


def say_hidden(hidden: int) -> None:
    """`N more (use --limit 0)` on stderr, when the limit left rows out."""
    if hidden > 0:
        click.echo(f"{hidden:,} more (use --limit 0)", err=True)


def print_rows(
    rows: Sequence[Recorded],
    columns: Sequence[Column],
    *,
    as_json: bool,
    empty: str,
    hidden: int = 0,
    record: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """A listing: JSON objects (`record`, else each row's own), or the table of
    `columns`; `empty` when there is no row, and what the limit hid."""
    if as_json:
        echo_json(record(row) if record else row.record() for row in rows)
    elif not rows:
        click.echo(empty)
    else:
        print_columns(rows, columns)
    say_hidden(hidden)


def when(value: Any) -> str | None:
    """A time as listings show it: `2025-01-13 08:00`."""
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else None


def limit_option(help_text: str = LIMIT_HELP) -> Callable[[Any], Any]:
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=DEFAULT_LIMIT,
        show_default=True,
        help=help_text,
    )


def json_option() -> Callable[[Any], Any]:
    return click.option(
        "--json", "as_json", is_flag=True, help="One JSON object per row (README: Output keys)."
    )

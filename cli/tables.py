"""Listing output shared by the commands: a rich table on a terminal, tab-separated when piped.

Piped output (cron mail, `| cut`, the demo's transcript) gets one line per row with a
header, so it stays readable and machine-friendly at any width.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click


def cell(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def print_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None
) -> None:
    if not sys.stdout.isatty():
        if title:
            click.echo(f"# {title}")
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(cell(v).replace("\t", " ").replace("\n", " ") for v in row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(v) for v in row))
    Console().print(table)

"""Option types shared by the commands: the one `--since` / `--until` of every listing
and export (`review/since.py` parses them, for the web page's filters too), and the
choice of one value of a `constants` enum."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import click

from tallywatch.review.since import FORMS, parse_since, parse_until


class TimeType(click.ParamType):
    """A date, a date-time or an age (`3d`); `until` takes the whole of a bare date."""

    name = "time"

    def __init__(self, *, until: bool = False) -> None:
        self.until = until

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime):
            return value
        try:
            return parse_until(value) if self.until else parse_since(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def values_of(vocabulary: type[StrEnum]) -> click.Choice:
    """A choice among the values of an enum of `constants`, as stored and documented
    (`--status rejected`): click 8.2 and later would offer the members' names instead."""
    return click.Choice([member.value for member in vocabulary])


SINCE = TimeType()
UNTIL = TimeType(until=True)


def since_option(what: str) -> Any:
    return click.option("--since", type=SINCE, help=f"Only {what} since: {FORMS}.")


def until_option(what: str) -> Any:
    return click.option(
        "--until", type=UNTIL, help=f"Only {what} before this time (a date: up to its end)."
    )

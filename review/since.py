"""The one parser of the times users type, for every command line option and web filter:
`--since`, `--until`, `since=`, `until=`.

A time is an ISO date (`2024-11-05`), an ISO date-time (`2024-11-05T10:00`, with or without
an offset; without one it is UTC) or an age back from now (`90m`, `12h`, `1.5d`, `2w`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$", re.IGNORECASE)
AGE_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
DATE_CHARS = len("YYYY-MM-DD")
FORMS = "a date (YYYY-MM-DD), a time (YYYY-MM-DDTHH:MM) or an age (30m, 12h, 7d, 2w)"


class OutOfRange(ValueError):
    """A well-formed date or age that no date can be (`100000000d`)."""


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The UTC moment `text` names (a bare date: its midnight).

    Raises ValueError with a message naming the accepted forms; `OutOfRange` for an age
    reaching before the first year a date can have.
    """
    age = AGE.match(text)
    if age:
        amount, unit = float(age.group(1)), age.group(2).lower()
        try:
            return (now or datetime.now(UTC)) - timedelta(**{AGE_UNITS[unit]: amount})
        except OverflowError:
            raise OutOfRange(f"{text.strip()!r} reaches back before year 1") from None
    value = text.strip()
    try:
        if len(value) == DATE_CHARS:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{text!r} is not {FORMS}") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_until(text: str, now: datetime | None = None) -> datetime:
    """An exclusive upper bound: as `parse_since`, but a bare date means up to the end of
    that day (`--until 2024-11-30` takes all of November 30)."""
    moment = parse_since(text, now)
    if len(text.strip()) == DATE_CHARS and not AGE.match(text):
        try:
            return moment + timedelta(days=1)
        except OverflowError:
            raise OutOfRange(f"{text.strip()!r} is the last day a date can have") from None
    return moment

"""Parse the `--since` / `since=` values users type: an ISO date or time, or an age like `7d`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

AGE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$", re.IGNORECASE)
AGE_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class OutOfRange(ValueError):
    """A well-formed date or age that no date can be (`100000000d`)."""


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A UTC datetime from `2024-11-05`, `2024-11-05T10:00`, `2024-11-05T10:00+09:00` or `3d`.

    Raises ValueError with a message naming the accepted forms; `OutOfRange` for an age
    reaching before the first year a date can have.
    """
    age = AGE.match(text)
    if age:
        amount, unit = int(age.group(1)), age.group(2).lower()
        try:
            return (now or datetime.now(UTC)) - timedelta(**{AGE_UNITS[unit]: amount})
        except OverflowError:
            raise OutOfRange(f"{text.strip()!r} reaches back before year 1") from None
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (YYYY-MM-DD), a time (YYYY-MM-DDTHH:MM) "
            "or an age (30m, 12h, 7d, 2w)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

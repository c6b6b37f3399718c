"""How figures read in messages: "some 600", "more than 11,000–12,000", "+300"."""

from __future__ import annotations

import re
from datetime import datetime

# The extractor's qualifier -> the words put before the number.
QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "approx": "some",
    "at_least": "more than",
    "at_most": "nearly",
}
# The extractor's qualifier -> a label for tables and the review page.
QUALIFIER_LABELS: dict[str, str] = {
    "exact": "exact",
    "approx": "approximate",
    "at_least": "at least",
    "at_most": "at most",
}
RANGE_DASH = "\u2013"
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def qualifier_label(qualifier: str | None) -> str:
    """`approx` -> `approximate`; an unknown code is shown as it is."""
    return QUALIFIER_LABELS.get(qualifier or "exact", qualifier or "")


def report_date(published: str | None) -> str | None:
    """The date part of an article's publication date (`2025-01-13T08:00:00+09:00` ->
    `2025-01-13`); a date in another form is kept as the page gave it."""
    if not published:
        return None
    found = ISO_DATE.match(published.strip())
    return found.group(0) if found else published.strip()


def reported_day(published: str | None, read_at: datetime) -> str:
    """The day a figure was reported: its article's publication date where the page gives
    one, else the day tallywatch read it (alerts, listings and charts all date by this)."""
    return report_date(published) or read_at.date().isoformat()


def number(value: int) -> str:
    return f"{value:,}"


def value_text(value: int, high: int | None = None) -> str:
    """`600`, or `11,000–12,000` for a range."""
    if high is not None and high != value:
        return f"{number(value)}{RANGE_DASH}{number(high)}"
    return number(value)


COMPACT_FORMS: dict[str, str] = {
    "exact": "{}",
    "approx": "about {}",
    "at_least": "{}+",
    "at_most": "up to {}",
}
"""The extractor's qualifier -> the short form of a value beside others' (`4,000+`)."""


def compact_text(value: int, high: int | None, qualifier: str | None) -> str:
    """The value as a side-by-side comparison shows it: `about 600`, `4,000+`."""
    return COMPACT_FORMS.get(qualifier or "exact", "{}").format(value_text(value, high))


def qualified_text(value: int, high: int | None, qualifier: str | None) -> str:
    """The value with its qualifier in words: `some 600`, `nearly 600`, `600`."""
    words = QUALIFIER_WORDS.get(qualifier or "exact", "")
    text = value_text(value, high)
    return f"{words} {text}" if words else text


def delta_text(previous: int | None, value: int | None) -> str | None:
    """`+300` (None when there is nothing to compare)."""
    if previous is None or value is None:
        return None
    delta = value - previous
    return f"+{number(delta)}" if delta >= 0 else f"-{number(-delta)}"


# A baseline summary is one line per metric: `killed: some 600 (per X) — Title, date: URL`.
# The part before the source note is the line's head, used in titles.
BASELINE_HEAD_END = " \u2014 "
SOURCE_NOTE = " (per "


def baseline_line(
    metric: str,
    qualified: str,
    source: str | None,
    title: str | None,
    published: str | None,
    url: str,
) -> str:
    line = f"{metric}: {qualified}"
    if source:
        line += f"{SOURCE_NOTE}{source})"
    line += f"{BASELINE_HEAD_END}{title or url}"
    if published:
        line += f", {published}"
    return f"{line}: {url}"


def baseline_head(line: str) -> str:
    """`killed some 600` from a baseline line."""
    head = line.split(BASELINE_HEAD_END, 1)[0].split(SOURCE_NOTE, 1)[0]
    return head.replace(": ", " ", 1)

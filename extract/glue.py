"""Undo words glued together when a PDF or a scraper dropped line breaks.

Text copied from reports often reads "peoplewere displaced", "displacedabout 4,400",
"Around1.6 million", "inter-nally displaced".  The extractor reads a repaired copy and maps
every offset back to the original text, so evidence offsets stay exact.  Only joins of
known words are split, so ordinary words ("reinforced", "into") are left alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from tallywatch.extract.folding import lower_text

# Words that often lose the space before or after them in such text.
_EITHER_SIDE = (
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "people",
    "persons",
    "residents",
    "villagers",
    "families",
    "displaced",
    "evacuated",
    "forced",
    "fled",
    "about",
    "around",
    "more",
    "than",
    "nearly",
    "almost",
    "some",
    "over",
    "the",
    "and",
    "are",
    "remain",
    "remained",
    "living",
    "staying",
    "sheltering",
    "displacements",
    "shelters",
    "camps",
    "evacuation",
    "estimated",
    "approximately",
)
_LEFT = (
    *_EITHER_SIDE,
    *(
        "still",
        "new",
        "newly",
        "who",
        "which",
        "that",
        "internally",
        "refugees",
        "children",
        "shelter",
        "already",
        "shelling",
        "fighting",
        "floods",
        "flooding",
        "clashes",
        "violence",
        "conflict",
        "storm",
        "typhoon",
        "cyclone",
        "hurricane",
        "earthquake",
        "rains",
        "least",
    ),
)
_RIGHT = (
    *_EITHER_SIDE,
    *(
        "in",
        "displacement",
        "flee",
        "at",
        "pre",
        "could",
        "would",
        "will",
        "might",
    ),
)


def _trie(words: tuple[str, ...]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# run on a lower-cased copy: case-sensitive tries scan much faster.  A word starts after a
# non-word character, and a pattern that starts with that character (a class the scan can
# skip ahead to) runs faster than one testing for a word boundary at every position.
_JOINED_RE = re.compile(rf"\W(?:{_trie(_LEFT)})(?=(?:{_trie(_RIGHT)})(?:\b|-))")
_DIGITS_RE = re.compile(r"\d\d*")  # (a leading single class lets the scan skip ahead)
# a dash between letters; the match starts at the dash so the scan can skip to the next one
_HYPHEN_RE = re.compile(r"-(?<=[a-z]-)\s?[a-z]")
_WORD_AROUND_RE = re.compile(r"[a-z]+$")
_WORD_AFTER_RE = re.compile(r"[a-z]+")
_HYPHEN_WORDS = frozenset(
    [
        "internally",
        "displaced",
        "displacement",
        "displacements",
        "families",
        "evacuated",
        "evacuation",
        "people",
        "households",
        "shelters",
        "refugees",
        "neighbouring",
        "thousands",
        "hundreds",
        "killed",
        "injured",
        "wounded",
        "temporarily",
        "provinces",
    ]
)
# "fledKherson": a capital right after a lower-case letter, then one of these verbs before it
_CAPITAL_AFTER_LOWER_RE = re.compile(r"[A-Z](?<=[a-z][A-Z])(?=[a-z])")
_VERB_BEFORE_RE = re.compile(r"\b(?:fled|left|reached|entered|into|from|in)$")
_LONGEST_VERB = len("reached")


def _joined_word_ends(lower: str) -> list[int]:
    """Where each known word that runs on into another one ends (where a space goes)."""
    # (scanned with a space in front, so that a word opening the text has one before it too)
    return [m.end() - 1 for m in _JOINED_RE.finditer(" " + lower)]


@dataclass(frozen=True, slots=True)
class Repaired:
    """A repaired text and the way back to offsets in the original."""

    text: str
    fixed_at: tuple[int, ...] = ()
    original_at: tuple[int, ...] = ()

    def original(self, pos: int) -> int:
        if not self.fixed_at:
            return pos
        i = bisect.bisect_right(self.fixed_at, pos) - 1
        if i < 0:
            return pos
        return self.original_at[i] + (pos - self.fixed_at[i])


def unglue(
    text: str, lower: str | None = None, digits: list[tuple[int, int]] | None = None
) -> Repaired:
    """Insert the missing spaces (and drop line-break hyphens) in glued words.

    `lower` (`lower_text(text)`) and `digits` (the spans of its runs of digits) may be
    passed when the caller has them already.
    """
    edits: dict[int, tuple[int, str]] = {}  # original position -> (chars removed, insert)
    if lower is None:
        lower = lower_text(text)
    if digits is None:
        digits = [m.span() for m in _DIGITS_RE.finditer(text)]
    for s, e in digits:
        if s >= 3 and text[s - 3 : s].isalpha() and text[s - 3 : s].islower():
            edits.setdefault(s, (0, " "))
        tail = lower[e : e + 5]
        if len(tail) >= 4 and tail[:4].isalpha() and tail[:4].islower():
            word = _WORD_AFTER_RE.match(lower, e)
            if word and text[e : word.end()].islower():
                edits.setdefault(e, (0, " "))
    for end in _joined_word_ends(lower):
        edits.setdefault(end, (0, " "))
    for m in _CAPITAL_AFTER_LOWER_RE.finditer(text):
        at = m.start()
        if _VERB_BEFORE_RE.search(text, max(0, at - _LONGEST_VERB), at):
            edits.setdefault(at, (0, " "))
    last_end = -1
    for m in _HYPHEN_RE.finditer(lower):
        dash = m.start()
        if dash - 1 < last_end:
            continue  # its first letter ends the previous match: a left-to-right scan skips it
        last_end = m.end()
        left = _WORD_AROUND_RE.search(lower, max(0, dash - 20), dash)
        right = _WORD_AFTER_RE.match(lower, m.end() - 1)
        if left and right and (left.group(0) + right.group(0)) in _HYPHEN_WORDS:
            edits.setdefault(dash, (right.start() - dash, ""))
    if not edits:
        return Repaired(text)
    parts: list[str] = []
    fixed_at: list[int] = [0]
    original_at: list[int] = [0]
    cursor = 0
    length = 0
    for pos in sorted(edits):
        removed, insert = edits[pos]
        if pos < cursor:
            continue
        parts.append(text[cursor:pos])
        length += pos - cursor
        parts.append(insert)
        length += len(insert)
        cursor = pos + removed
        fixed_at.append(length)
        original_at.append(cursor)
    parts.append(text[cursor:])
    return Repaired("".join(parts), tuple(fixed_at), tuple(original_at))

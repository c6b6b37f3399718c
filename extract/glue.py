"""Undo words run together when a PDF or a scraper dropped spaces or kept line-break hyphens.

Text copied from reports often reads "15,000people", "Around1.6 million", "fledKherson",
"peoplewere displaced" or "inter-nally displaced".  The extractor reads a repaired copy and
maps every offset back to the original text, so evidence offsets stay exact.

What is repaired, and from what knowledge:
* a run of digits glued to a word ("about2,700", "13years"): split at the letter;
* two words the extractor knows run together ("peoplewere", "displacedabout"): split, when
  the run as a whole is not itself a word the extractor knows ("overnight");
* a known word running into a capitalised name ("fledKherson", "inAugust"): split;
* a word broken by a hyphen at a line's end ("inter-nally", "shel-ters"): joined, when the
  joined word is one the extractor knows.
Only the text near numbers is read (words far from every number cannot change what a figure
says).  The words known are the extractor's own vocabulary: every plain word of its rule table
(metric verbs and nouns, people nouns, hedges, grammar words) and English's closed classes
of small words (`[grammar] function_words`).  Two known words are split only where one is a
small word or the first is inflected ("shellingforced"), so that compounds ("background",
"countryside") stay whole.  No list of observed misspellings is kept.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tallywatch.extract.folding import lower_text

_DIGITS_RE = re.compile(r"\d\d*")  # (a leading single class lets the scan skip ahead)
# a dash between letters; the match starts at the dash so the scan can skip to the next one
_HYPHEN_RE = re.compile(r"-(?<=[a-z]-)\s?[a-z]")
_WORD_BEFORE_RE = re.compile(r"[a-z]+$")
_WORD_AFTER_RE = re.compile(r"[a-z]+")
# a capital right after a lower-case letter ("fledKherson")
_CAPITAL_AFTER_LOWER_RE = re.compile(r"[A-Z](?<=[a-z][A-Z])(?=[a-z])")
_LOWER_RUN_BEFORE_RE = re.compile(r"(?<![A-Za-z])[a-z]+$")
_LONGEST_WORD = 24
_LONG_PART = 4
"""After a small word, the word run on into it has at least this many letters ("hadfled",
"thecountry"; not "forget")."""
_INFLECTIONS = ("ed", "ing", "ly", "ern")


def _inflected(word: str) -> bool:
    """`word` ends in an inflection: "-ed", "-ing", "-ly", "-ern", a plural "-s" (not the
    "s" of "cross", "status", "crisis")."""
    if word.endswith(_INFLECTIONS):
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


MIN_PART = 3
"""Each of two words found run together has at least this many letters ("the" and "was"
do; "in" and "at" only before a capitalised name)."""


def _trie(words: Iterable[str]) -> str:
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

    return emit(trie) or "(?!)"


NEAR_NUMBER = 150
"""Characters on each side of a number read for words run together or broken."""


def _windows(digits: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The stretches of text within `NEAR_NUMBER` characters of a run of digits, merged."""
    out: list[tuple[int, int]] = []
    for s, e in digits:
        lo, hi = max(0, s - NEAR_NUMBER), min(length, e + NEAR_NUMBER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


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


class GlueRepair:
    """Repairs run-together words with a vocabulary (lower-case words); build once."""

    def __init__(
        self,
        words: Iterable[str],
        function_words: Iterable[str] = (),
        prefixes: Iterable[str] = (),
        joinable: Iterable[str] = (),
    ) -> None:
        """`words`: English words two run-together words may be; `function_words`:
        English's small words (also `words`); `prefixes`: small words that begin compounds
        and are never split off; `joinable`: more words a hyphenated break may rejoin."""
        self.function_words = frozenset(function_words)
        self.prefixes = frozenset(prefixes)
        self.vocabulary = frozenset(
            w for w in (*words, *self.function_words) if w.isalpha() and w.islower()
        )
        self.joinable = self.vocabulary | frozenset(w for w in joinable if w.isalpha())
        parts = sorted(w for w in self.vocabulary if len(w) >= MIN_PART)
        trie = _trie(parts)
        # run on a lower-cased copy; a word starts after a non-word character, and a pattern
        # starting with that character lets the scan skip ahead to it.  Two parts of at
        # least `MIN_PART` letters each make a run of at least twice as many word
        # characters: a shorter word is passed over before its letters are walked in the trie
        self._joined = re.compile(rf"\W(?=\w{{{2 * MIN_PART}}})(?:{trie})(?=(?:{trie})(?:\b|-))")
        self._second = re.compile(rf"(?:{trie})(?:\b|-)")

    def joined_word_ends(self, lower: str, start: int = 0, end: int | None = None) -> list[int]:
        """Where each known word that runs on into another known word ends, in
        lower[start:end]."""
        # (scanned with a space in front, so that a word opening the text has one too)
        return self._joined_ends(" " + lower, start, end)

    def _joined_ends(self, spaced: str, start: int, end: int | None) -> list[int]:
        """`joined_word_ends` over `spaced`, the lower-cased text after one space."""
        ends = []
        stop = len(spaced) if end is None else end + 1
        for m in self._joined.finditer(spaced, start, stop):
            end = m.end()
            second = self._second.match(spaced, end)
            if second is None:
                continue
            left = spaced[m.start() + 1 : end]
            right = spaced[end : second.end()].rstrip("-")
            if left + right not in self.vocabulary and self._run_together(left, right):
                ends.append(end - 1)
        return ends

    def _run_together(self, left: str, right: str) -> bool:
        """Are `left` and `right`, two known words written as one, two words that lost the
        space between them ("peoplewere", "displacedabout", "hadevacuated") rather than a
        compound ("background", "countryside", "output")?  One is a small word of English's
        closed classes, or the first has an inflection ("shellingforced")."""
        if left in self.prefixes:
            return False
        small = self.function_words
        if right in small:
            return True
        if left in small:
            return len(right) >= _LONG_PART
        return _inflected(left) and len(right) > MIN_PART

    def __call__(
        self, text: str, lower: str | None = None, digits: list[tuple[int, int]] | None = None
    ) -> Repaired:
        """Insert the missing spaces (and drop line-break hyphens) in run-together words.

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
        # words far from every number cannot change what a figure says: only the text
        # around numbers is read for words run together or broken
        spaced = " " + lower
        for w_start, w_end in _windows(digits, len(text)):
            for end in self._joined_ends(spaced, w_start, w_end):
                edits.setdefault(end, (0, " "))
            for m in _CAPITAL_AFTER_LOWER_RE.finditer(text, w_start, w_end):
                at = m.start()
                left = _LOWER_RUN_BEFORE_RE.search(text, max(0, at - _LONGEST_WORD), at)
                if left is not None and left.group(0) in self.vocabulary:
                    edits.setdefault(at, (0, " "))
            last_end = -1
            for m in _HYPHEN_RE.finditer(lower, w_start, w_end):
                dash = m.start()
                if dash - 1 < last_end:
                    continue  # its first letter ends the previous match (a left-to-right scan)
                last_end = m.end()
                left = _WORD_BEFORE_RE.search(lower, max(0, dash - _LONGEST_WORD), dash)
                right = _WORD_AFTER_RE.match(lower, m.end() - 1)
                if left and right and (left.group(0) + right.group(0)) in self.joinable:
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

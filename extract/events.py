"""Which kinds of event a sentence tells of, so that a topic narrowed to one kind takes
only its own event's figures.

A topic's `about` words ("earthquake", "quake") narrow it to the articles that mention
them, and to the kinds of event they are words of (`[events]` in the rule table: natural
hazards, armed violence, disease, accidents).  Inside such an article, a figure whose own
words (its parts of the sentence, `clauseparts.py`, not the asides) name events of other
kinds only ("displaced by the fighting that followed the coup", in a cyclone's story) is
not the topic's.  Words naming no event, or the topic's own kind or words, leave the
figure to the topic; a topic whose words are of no kind ("Mocha", "the trawler") is
narrowed by article only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from tallywatch.extract.folding import fold_pattern
from tallywatch.extract.rules import words_re


class EventKinds:
    """The rule table's kinds of event, compiled once per extractor."""

    def __init__(self, table: Mapping[str, list[str]]) -> None:
        self._kinds = {
            kind: re.compile(rf"(?:{words_re(words)})", re.IGNORECASE)
            for kind, words in table.items()
            if words and kind not in ("alongside", "natural")
        }
        self._natural = frozenset(table.get("natural", ()))
        """The kinds that are natural hazards (`natural`), one kind in a `broad` reading."""
        self.unnamed = frozenset(self._kinds) - frozenset(table.get("alongside", ()))
        """What a story naming no kind of event is of: any kind but those whose counts run
        alongside other news (`alongside`: an epidemic's)."""
        names = list(self._kinds)
        self._group = {f"k{i}": kind for i, kind in enumerate(names)}
        alternation = "|".join(
            f"(?P<k{i}>{self._kinds[kind].pattern})" for i, kind in enumerate(names)
        )
        # (`named` reads lower-cased text: the pattern folded to lower case scans it much
        # faster than a case-insensitive one; one that cannot be folded stays as it is)
        lowered = fold_pattern(alternation) if names else None
        self._any = (
            re.compile(lowered)
            if lowered is not None
            else re.compile(alternation, re.IGNORECASE)
            if names
            else None
        )

    def broad(self, kinds: frozenset[str]) -> frozenset[str]:
        """`kinds` with every natural hazard's kind read as one ("natural")."""
        return frozenset("natural" if k in self._natural else k for k in kinds)

    def kinds_of(self, words: Iterable[str]) -> frozenset[str]:
        """The kinds `words` (a topic's `about`) are words of."""
        return frozenset(
            kind
            for word in words
            for kind, rule in self._kinds.items()
            if rule.fullmatch(" ".join(word.split()))
        )

    def last_named(self, lower: str, start: int, end: int) -> frozenset[str]:
        """The kind of the last event lower[start:end] names ("a wildfire ... that burned
        and killed 20": the wildfire's), none if it names none."""
        if self._any is None:
            return frozenset()
        last = None
        for m in self._any.finditer(lower, start, end):
            if m.lastgroup:
                last = m.lastgroup
        return frozenset((self._group[last],)) if last else frozenset()

    def named(self, lower: str, start: int, end: int) -> frozenset[str]:
        """The kinds of event lower[start:end] names (`lower`: a lower-cased text)."""
        if self._any is None:
            return frozenset()
        return frozenset(
            self._group[m.lastgroup] for m in self._any.finditer(lower, start, end) if m.lastgroup
        )

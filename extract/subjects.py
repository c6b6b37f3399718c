"""Who is counted: find names of countries, armies and topic subjects in text.

Topic subjects are matched case-insensitively, as configured.  The built-in entity table
(countries, demonyms, capitals, armed groups) is matched case-sensitively and serves two
purposes: a topic naming one member of a group also matches the others ("North Korea" also
matches "Pyongyang" and "the North"), and a mention of any other group tells the extractor
that a figure is about someone the topic does not track.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tallywatch.config.schema import TopicConfig
from tallywatch.extract.folding import Rule, lower_text

_SUFFIX = r"(?:'s|’s|s)?"
_SUFFIX_END_RE = re.compile(r"(?:'s|’s|s)$")


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of `words`, factored as a trie so long lists stay fast."""
    trie: dict[str, Any] = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if ends:
            return f"(?:{body})?" if len(alts) > 1 else f"(?:{body})?"
        return body

    return emit(trie) or "(?!)"


# (not frozen: made for every number or sentence, and frozen dataclasses are built
# several times slower; treat it as a value all the same)
@dataclass(slots=True)
class Mention:
    """A name in the text, with the topics it belongs to (empty: someone no topic tracks)."""

    start: int
    end: int
    text: str
    topics: frozenset[str]


class SubjectIndex:
    """Finds topic subjects and other entities; built once per extractor."""

    def __init__(self, topics: Sequence[TopicConfig], groups: Sequence[Sequence[str]]) -> None:
        self.topics = list(topics)
        self.open_topics = frozenset(t.name for t in topics if not t.subjects)
        topic_names: dict[str, set[str]] = {}
        for topic in topics:
            wanted = {s.lower().strip() for s in topic.subjects if s.strip()}
            expanded = set(wanted)
            for group in groups:
                lowered = {n.lower() for n in group}
                if lowered & wanted:
                    expanded |= lowered
            for name in expanded:
                topic_names.setdefault(name, set()).add(topic.name)
        self._topics_of = {n: frozenset(ts) for n, ts in topic_names.items()}
        entity_words: set[str] = set()
        for group in groups:
            for name in group:
                entity_words.add(name)
                if name.startswith("the "):
                    entity_words.add("The " + name[4:])
        self._entity_re = re.compile(
            rf"(?<![\w-])(?:{trie_pattern(entity_words)}){_SUFFIX}(?![\w])"
        )
        subject_words = {s.strip() for t in topics for s in t.subjects if s.strip()}
        # topic subjects match case-insensitively: on the lower-cased copy of the text
        self._subject_re = (
            Rule(
                rf"(?<![\w-])(?:{trie_pattern(w.lower() for w in subject_words)}){_SUFFIX}(?![\w])"
            )
            if subject_words
            else None
        )

    def topics_of(self, name: str) -> frozenset[str]:
        key = name.lower()
        for candidate in (key, _SUFFIX_END_RE.sub("", key)):
            if candidate in self._topics_of:
                return self._topics_of[candidate]
        return frozenset()

    def mentions(
        self, text: str, lower: str | None = None, start: int = 0, end: int | None = None
    ) -> list[Mention]:
        """Non-overlapping mentions in text[start:end], longest first where they overlap.

        `lower` is `lower_text(text)`, when the caller has it already.
        """
        stop = len(text) if end is None else end
        found: list[tuple[int, int]] = []
        if self._subject_re is not None:
            low = lower_text(text) if lower is None else lower
            found.extend(
                (m.start(), m.end()) for m in self._subject_re.finditer(text, low, start, stop)
            )
        found.extend((m.start(), m.end()) for m in self._entity_re.finditer(text, start, stop))
        found.sort(key=lambda span: (span[0], -(span[1] - span[0])))
        out: list[Mention] = []
        last_end = -1
        for s, e in found:
            if s < last_end:
                continue
            name = text[s:e]
            out.append(Mention(s, e, name, self.topics_of(name)))
            last_end = e
        return out

    def first_mention(self, text: str, start: int, end: int) -> Mention | None:
        found = self.mentions(text, None, start, end)
        return found[0] if found else None

    def topics_for(self, mention: Mention | None, metric: str) -> list[str]:
        """Topics that take a figure of `metric` about `mention` (None: unknown subject)."""
        chosen: list[str] = []
        for topic in self.topics:
            if topic.metrics and metric not in topic.metrics:
                continue
            if not topic.subjects or (mention is not None and topic.name in mention.topics):
                chosen.append(topic.name)
        return chosen

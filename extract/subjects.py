"""Who is counted: find names of countries, armies and topic subjects in text.

Topic subjects are matched case-insensitively, as configured.  The names of states and
peoples (a country's names, capital and demonyms, from the gazetteer in `places.py`, and the
armed groups and state organs of `[entities]` in the rules) are matched case-sensitively
and serve two purposes: a topic naming a country also matches its other names ("North
Korea" also matches "Pyongyang" and "the North"), and a mention of any other country or
group tells the extractor that a figure is about someone the topic does not track.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tallywatch.config.schema import TopicConfig
from tallywatch.extract.folding import Rule, lower_text
from tallywatch.extract.places import Gazetteer, PlaceKind

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


def _singular(subject: str) -> str | None:
    """ "Indian student" for the subject "Indian students": a name of several words ending
    in a plural noun also names one of them ("one Indian student was killed").  A lone
    demonym ("Indians") keeps its form: "Indian" is as often an adjective of anything."""
    words = subject.split()
    last = words[-1] if words else ""
    if len(words) < 2 or not last.islower() or len(last) < 4:
        return None
    if not last.endswith("s") or last.endswith(("ss", "us", "is")):
        return None
    return subject[:-1]


class SubjectIndex:
    """Finds topic subjects and other entities; built once per extractor.

    Each name of a state or group has anchors: the ISO codes of the countries it stands for,
    or `group:<first name>` for a group that belongs to no one country.  A topic takes the
    anchors of its subjects, and a mention belongs to every topic sharing one of its anchors
    (or naming it literally).
    """

    def __init__(
        self,
        topics: Sequence[TopicConfig],
        entities: Mapping[str, Any],
        gazetteer: Gazetteer,
        is_force: Callable[[str], bool] | None = None,
        sponsored: Iterable[str] = (),
    ) -> None:
        """`is_force` tells the words for a state's own forces ("troops", "forces"): a
        subject naming one ("U.S. troops", "Turkish forces") also takes that state's
        anchors, so that "70 U.S. personnel" are the topic's.  A name joined by a hyphen
        to one of the `sponsored` words ("Turkish-backed") is no mention of it."""
        self.topics = list(topics)
        self.open_topics = frozenset(t.name for t in topics if not t.subjects)
        anchors: dict[str, set[str]] = {}
        for name, codes in gazetteer.state_names.items():
            anchors.setdefault(name, set()).update(codes)
        for code, names in entities.get("countries", {}).items():
            for name in names:
                anchors.setdefault(name, set()).add(code.upper())
        for group in entities.get("groups", []):
            for name in group:
                anchors.setdefault(name, set()).add(f"group:{group[0]}")
        self._anchors = {name.lower(): frozenset(codes) for name, codes in anchors.items()}
        topic_anchors: dict[str, set[str]] = {}
        literal: dict[str, set[str]] = {}
        for topic in topics:
            for subject in topic.subjects:
                key = subject.strip().lower()
                if not key:
                    continue
                literal.setdefault(key, set()).add(topic.name)
                one = _singular(subject.strip())
                if one is not None:
                    literal.setdefault(one.lower(), set()).add(topic.name)
                found = self._anchors.get(key)
                if found is None:
                    entry = gazetteer.lookup(subject)
                    if entry is not None and entry.kind >= PlaceKind.COUNTRY:
                        found = entry.countries
                if found is None and is_force is not None:
                    found = self._state_of_force(key, is_force)
                for anchor in found or ():
                    topic_anchors.setdefault(anchor, set()).add(topic.name)
        self._literal = {k: frozenset(v) for k, v in literal.items()}
        self._by_anchor = {k: frozenset(v) for k, v in topic_anchors.items()}
        self._topics_of: dict[str, frozenset[str]] = {}
        entity_words: set[str] = set()
        for name in anchors:
            entity_words.add(name)
            if name.startswith("the "):
                entity_words.add("The " + name[4:])
        # after a mention: no more of a word, nor a sponsor's ("Turkish-backed")
        words = "|".join(re.escape(w) for w in sponsored)
        tail = rf"(?![\w])(?!-(?:{words})\b)" if words else r"(?![\w])"
        self._entity_re = re.compile(rf"(?<![\w-])(?:{trie_pattern(entity_words)}){_SUFFIX}{tail}")
        subject_words = {s.strip() for t in topics for s in t.subjects if s.strip()}
        subject_words |= {one for one in map(_singular, subject_words) if one is not None}
        # topic subjects match case-insensitively: on the lower-cased copy of the text
        self._subject_re = (
            Rule(rf"(?<![\w-])(?:{trie_pattern(w.lower() for w in subject_words)}){_SUFFIX}{tail}")
            if subject_words
            else None
        )

    def _state_of_force(self, key: str, is_force: Callable[[str], bool]) -> frozenset[str] | None:
        """The anchors of the state whose force `key` names ("u.s. troops" -> US)."""
        words = key.split()
        for cut in range(len(words) - 1, 0, -1):
            head, rest = " ".join(words[:cut]), " ".join(words[cut:])
            found = self._anchors.get(head) or self._anchors.get(_SUFFIX_END_RE.sub("", head))
            if found and is_force(rest):
                return found
        return None

    def anchors_of(self, name: str) -> frozenset[str]:
        """The countries (ISO codes) and groups a state or group name stands for."""
        key = name.lower()
        for candidate in (key, _SUFFIX_END_RE.sub("", key)):
            found = self._anchors.get(candidate)
            if found is not None:
                return found
        return frozenset()

    def topics_of(self, name: str) -> frozenset[str]:
        key = name.lower()
        cached = self._topics_of.get(key)
        if cached is not None:
            return cached
        topics: set[str] = set()
        for candidate in (key, _SUFFIX_END_RE.sub("", key)):
            topics.update(self._literal.get(candidate, ()))
        for anchor in self.anchors_of(name):
            topics.update(self._by_anchor.get(anchor, ()))
        found = frozenset(topics)
        self._topics_of[key] = found
        return found

    def subject_spans(self, text: str, lower: str, start: int, end: int) -> list[tuple[int, int]]:
        """Where the topics' own subject phrases are named in text[start:end]."""
        if self._subject_re is None:
            return []
        return [m.span() for m in self._subject_re.finditer(text, lower, start, end)]

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
            found = [m.span() for m in self._subject_re.finditer(text, low, start, stop)]
        found += [m.span() for m in self._entity_re.finditer(text, start, stop)]
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

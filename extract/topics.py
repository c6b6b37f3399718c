"""Which topics a figure belongs to, read as a reader would: whom it counts, then where.

A topic is about places or about a group.  Its subjects say which: names of countries,
provinces and cities (resolved by the gazetteer, `places.py`) and demonyms make a topic
about those places; a subject naming a force or a kind of people ("Russian troops",
"Korean People's Army", "migrants") makes it follow that group wherever it is.

For every figure the reader looks, in order, at the counted group itself ("Nepalese
villagers", "North Korea sent ..."), the places of the figure's clause ("died in Gorkha"),
of the rest of its sentence, of the sources it cites ("Morocco's interior ministry said"),
of the sentences before it in its paragraph, the article's dateline ("KATHMANDU, April 26
--") and its headline.  The first of these that names a place decides: the figure is a
topic's when that place is one of the topic's, and no other topic's place competes there.
A total over several countries ("in Nepal and India combined", "across both countries")
belongs only to a topic naming all of them.  A topic that follows a group takes the
figures whose group is its own, and figures of unknown group whose place is its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tallywatch.config.schema import METRICS, TopicConfig
from tallywatch.extract.places import Place, PlaceFinder, PlaceKind, place_key
from tallywatch.extract.rules import words_re
from tallywatch.extract.sentences import Sentence

_POSSESSIVE_END_RE = re.compile(r"'s?$")
_COORDINATION_RE = re.compile(r"\s*(?:,|and|&|as well as)?\s*(?:,|and|&)?\s*(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class TopicProfile:
    """What a topic's subjects name, resolved once per extractor."""

    name: str
    metrics: frozenset[str]
    countries: frozenset[str]
    """Countries the topic names (by a name, an alias or a demonym): all their places."""
    places: frozenset[str]
    """Provinces and cities the topic names (`place_key`s)."""
    home: frozenset[str]
    """The countries of those provinces and cities."""
    names: frozenset[str]
    """Every subject (`place_key`), for the names no gazetteer knows."""
    follows_group: bool
    """A subject names a force or a kind of people: the topic follows that group."""
    open: bool
    """No subjects: the topic takes every figure."""
    about: re.Pattern[str] | None
    """The topic's event words; an article mentioning none of them is not the topic's."""

    @property
    def has_places(self) -> bool:
        return bool(self.countries or self.places)

    def takes_metric(self, metric: str) -> bool:
        return not self.metrics or metric in self.metrics

    def verdict(self, place: Place) -> bool | None:
        """Is `place` one of this topic's (True), another (False), or neither (None)?"""
        if place.kind == PlaceKind.NAME:
            key = _POSSESSIVE_END_RE.sub("", place_key(place.name))
            return True if key in self.names or key[:-1] in self.names else None
        if place.countries & self.countries:
            return True
        if place_key(place.name) in self.places:
            return True
        if place.kind >= PlaceKind.COUNTRY and place.countries & self.home:
            return True  # the country of the topic's towns
        if not self.has_places:
            return None
        return False


@dataclass(slots=True)
class Level:
    """The places at one distance from a figure."""

    places: list[Place] = field(default_factory=list)
    combined: frozenset[str] | None = None
    """A total over several countries: the countries it spans."""


class TopicProfiles:
    """The profiles of the configured topics."""

    def __init__(
        self,
        topics: Sequence[TopicConfig],
        finder: PlaceFinder,
        group_noun: Callable[[str], bool],
        anchors_of: Callable[[str], frozenset[str]],
    ) -> None:
        self.profiles: list[TopicProfile] = []
        gazetteer = finder.gazetteer
        for topic in topics:
            countries: set[str] = set()
            places: set[str] = set()
            home: set[str] = set()
            follows_group = False
            for subject in (s.strip() for s in topic.subjects):
                if not subject:
                    continue
                if group_noun(subject):
                    follows_group = True
                anchored = {a for a in anchors_of(subject) if not a.startswith("group:")}
                entry = gazetteer.lookup(subject)
                if entry is None:
                    # "eastern Libya", "Gorkha district": the place inside the words
                    inner = finder.dateline(subject, 0, len(subject))
                    entry = next(
                        (gazetteer.lookup(p.name) for p in inner if p.kind != PlaceKind.PEOPLE),
                        None,
                    )
                if entry is None:
                    countries.update(anchored)
                elif entry.kind >= PlaceKind.COUNTRY:
                    countries.update(entry.countries)
                else:
                    places.add(place_key(subject))
                    for inner_place in finder.dateline(subject, 0, len(subject)):
                        places.add(place_key(inner_place.name))
                    home.update(entry.countries)
            about = (
                re.compile(words_re([f"{w}(?:s|es)?" for w in topic.about]), re.IGNORECASE)
                if topic.about
                else None
            )
            self.profiles.append(
                TopicProfile(
                    name=topic.name,
                    metrics=frozenset(topic.metrics or METRICS),
                    countries=frozenset(countries),
                    places=frozenset(places),
                    home=frozenset(home),
                    names=frozenset(place_key(s) for s in topic.subjects if s.strip()),
                    follows_group=follows_group,
                    open=not topic.subjects,
                    about=about,
                )
            )

    def __iter__(self) -> Iterator[TopicProfile]:
        return iter(self.profiles)

    def about_article(self, text: str) -> set[str]:
        """Names of the topics whose event words the article mentions (or that have none)."""
        return {p.name for p in self.profiles if p.about is None or p.about.search(text)}


class PlaceReader:
    """Reads the places around figures in one article; places found are kept per sentence.

    `levels` yields, nearest first, the places of a figure's counted group, clause, sentence,
    sources, paragraph, dateline and headline.
    """

    def __init__(
        self,
        finder: PlaceFinder,
        table: Mapping[str, Any],
        text: str,
        lower: str,
        sentences: Sequence[Sentence],
        agent_after: re.Pattern[str],
        subject_spans: Callable[[str, str, int, int], list[tuple[int, int]]],
    ) -> None:
        self.finder = finder
        self._subject_spans = subject_spans
        self.text = text
        self.lower = lower
        self.sentences = sentences
        self._agent_after = agent_after
        self._found: dict[int, list[Place]] = {}
        anaphora: Mapping[str, list[str]] = table.get("anaphora", {})
        self._anaphora = [
            (re.compile(words_re(words)), _KINDS[kind])
            for kind, words in anaphora.items()
            if kind in _KINDS and words
        ]
        self._combined = re.compile(words_re(table.get("combined", [])))
        self._elsewhere = re.compile(words_re(table.get("elsewhere", [])))
        self.headline = next((s for s in sentences if s.headline), None)
        self._dateline: list[Place] | None = None
        self.dateline_end: int | None = None

    def set_dateline(self, start: int, end: int) -> None:
        self._dateline = self.finder.dateline(self.text, start, end)
        self.dateline_end = end

    def places_in(self, i: int) -> list[Place]:
        """The places of sentence `i`, with the topics' subjects no gazetteer knows."""
        found = self._found.get(i)
        if found is None:
            sent = self.sentences[i]
            found = self.finder.find(self.text, sent.start, sent.end)
            for s, e in self._subject_spans(self.text, self.lower, sent.start, sent.end):
                if not any(p.start < e and s < p.end for p in found):
                    found.append(Place(s, e, self.text[s:e], PlaceKind.NAME, frozenset()))
            found.sort(key=lambda p: p.start)
            self._found[i] = found
        return found

    def _not_agents(self, places: list[Place], end: int) -> list[Place]:
        """`places` without the names of those who acted ("Russian strikes", "Israel's
        army", "Russia shelled"): a figure of their victims is not theirs."""
        return [p for p in places if not self._agent_after.match(self.lower, p.end, end)]

    def levels(
        self,
        i: int,
        number: int,
        own: Sequence[tuple[int, int]],
        clause: tuple[int, int],
        sources: Sequence[tuple[int, int]],
    ) -> Iterator[Level]:
        """The places around the number at `number` in sentence `i`, nearest first: those
        of the spans in `own` (the counted group), then the clause, the rest of the
        sentence, the `sources` spans, each earlier sentence of the paragraph, the dateline
        and the headline."""
        sent = self.sentences[i]
        placed = self.places_in(i)

        def inside(p: Place, spans: Sequence[tuple[int, int]]) -> bool:
            return any(s <= p.start < e for s, e in spans)

        in_own = [p for p in placed if inside(p, own)]
        rest = [p for p in placed if not inside(p, own) and not inside(p, sources)]
        in_clause = [p for p in rest if clause[0] <= p.start < clause[1]]
        in_sentence = [p for p in rest if not clause[0] <= p.start < clause[1]]
        yield self._level(in_own, own, i, number)
        yield self._level(self._not_agents(in_clause, sent.end), [clause], i, number)
        yield self._level(
            self._not_agents(in_sentence, sent.end), [(sent.start, sent.end)], i, number
        )
        # (the sources' own places are left out: rescuers from Malta may report the dead
        # of Derna; "elsewhere" and a clause's own places say where a figure is)
        for j in range(i - 1, -1, -1):
            prev = self.sentences[j]
            if prev.paragraph != sent.paragraph or prev.headline:
                break
            yield self._level(
                self._not_agents(self.places_in(j), prev.end), [(prev.start, prev.end)], j, None
            )
        if self._dateline:
            # a dateline says where the reporter is: its country, not its town
            yield Level([replace(p, kind=PlaceKind.COUNTRY) for p in self._dateline])
        if self.headline is not None and self.headline.index != i:
            h = self.headline
            yield self._level(
                self._not_agents(self.places_in(h.index), h.end), [(h.start, h.end)], h.index, None
            )

    # -- one level ----------------------------------------------------------------------
    def _level(
        self, places: list[Place], spans: Sequence[tuple[int, int]], i: int, number: int | None
    ) -> Level:
        """The places of one level, nearest to the figure's `number` first; in a level of
        context (`number` None: an earlier sentence, the headline) the first named first."""
        level = Level(list(places))
        for s, e in spans:
            if e <= s:
                continue
            for rule, kind in self._anaphora:
                if any(p.kind == kind for p in places):
                    continue
                m = rule.search(self.lower, s, e)
                if m is not None:
                    found = self._nearest_before(kind, i, m.start())
                    if found is not None:
                        level.places.append(found)
            other = self._elsewhere.search(self.lower, s, e)
            if other is not None:
                level.places.append(Place(other.start(), other.end(), "", PlaceKind.COUNTRY, _NOWHERE))
            combined = self._combined.search(self.lower, s, e)
            level.combined = self._combined_countries(places, combined is not None, i, s)
        if number is None:
            level.places.sort(key=lambda p: p.start)
        else:
            level.places.sort(key=lambda p: abs(p.start - number))
        return level

    def _combined_countries(
        self, places: list[Place], said: bool, i: int, start: int
    ) -> frozenset[str] | None:
        """The countries a total spans: places joined by "and" or commas, or any places
        of a clause saying "combined", "both countries"."""
        ordered = sorted((p for p in places if p.kind != PlaceKind.PEOPLE), key=lambda p: p.start)
        groups: list[list[Place]] = []
        for p in ordered:
            if groups and _COORDINATION_RE.fullmatch(self.text, groups[-1][-1].end, p.start):
                groups[-1].append(p)
            else:
                groups.append([p])
        for group in groups:
            countries = [p.countries for p in group]
            distinct = {c for cs in countries if len(cs) == 1 for c in cs}
            if len(distinct) >= 2:
                return frozenset(distinct)
        if said:
            distinct = {c for p in ordered if len(p.countries) == 1 for c in p.countries}
            if len(distinct) >= 2:
                return frozenset(distinct)
            if not ordered:
                return self._countries_before(i, start, 2) or frozenset({"?", "??"})
        return None

    def _countries_before(self, i: int, pos: int, wanted: int) -> frozenset[str] | None:
        seen: list[str] = []
        for j in range(i, -1, -1):
            for p in reversed(self.places_in(j)):
                if p.start < pos and p.kind >= PlaceKind.COUNTRY and len(p.countries) == 1:
                    (code,) = p.countries
                    if code not in seen:
                        seen.append(code)
                if len(seen) >= wanted:
                    return frozenset(seen)
        return None

    def _nearest_before(self, kind: PlaceKind, i: int, pos: int) -> Place | None:
        """The place of `kind` that "the country" (or "the province", "the city") at `pos`
        refers to: the nearest one named before it in its paragraph, else the dateline's,
        else the headline's, else the nearest one named before."""

        def of_kind(p: Place) -> bool:
            return p.kind == kind or (kind == PlaceKind.COUNTRY and p.kind == PlaceKind.PEOPLE)

        paragraph = self.sentences[i].paragraph
        for j in range(i, -1, -1):
            if self.sentences[j].paragraph != paragraph:
                break
            for p in reversed(self.places_in(j)):
                if p.start < pos and of_kind(p):
                    return Place(pos, pos, p.name, p.kind, p.countries)
        outer = list(self._dateline or ())
        if self.headline is not None:
            outer += self.places_in(self.headline.index)
        for j in range(i, -1, -1):
            outer += reversed(self.places_in(j))
        for p in outer:
            if p.start < pos and of_kind(p):
                return Place(pos, pos, p.name, p.kind, p.countries)
        return None


_NOWHERE = frozenset({"?"})
"""The countries of "the other side", "abroad": none a topic names."""
_KINDS = {"country": PlaceKind.COUNTRY, "region": PlaceKind.REGION, "city": PlaceKind.CITY}


def judge(profile: TopicProfile, levels: Iterable[Level]) -> tuple[bool | None, Place | None]:
    """What the first level that names a place says of a figure for `profile`: True (the
    topic's, with the place that says so; a total over several countries the topic names
    all of gives a place of no name), False (another place's), None (no place named)."""
    for level in levels:
        if level.combined is not None:
            if level.combined <= profile.countries:
                return True, Place(0, 0, "", PlaceKind.COUNTRY, level.combined)
            return False, None
        for place in level.places:
            verdict = profile.verdict(place)
            if verdict is not None:
                return verdict, place
    return None, None

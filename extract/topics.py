"""Which topics a figure belongs to, read as a reader would: whom it counts, then where.

A topic is about places or follows a force.  Its subjects say which: names of countries,
provinces and cities (resolved by the gazetteer, `places.py`), demonyms and the topic's own
names ("Gorkha", "the trawler") make it about those places; a subject naming a force
("Russian troops", "Korean People's Army") makes it follow that force wherever it is.

For a figure the reader looks, nearest first, at the counted group itself ("Nepalese
villagers"), the places of the figure's clause ("died in Gorkha"), of the rest of its
sentence, of the sentences before it in its paragraph, the article's dateline ("KATHMANDU,
April 26 --"), its headline, the story's first sentence and the lines under the headline (a
byline).  The first of these that names a place decides: the figure is a topic's when that
place is one of the topic's.  Another place named there, "the other side" or "elsewhere",
keeps it from the topic (and another province of its country from a topic on provinces or
towns, wherever it stands in that level); a total over several countries ("in Nepal and
India combined", "across both countries") goes only to a topic naming all of them, one over
several provinces ("across six states") to none on one of them.  The places a source is
named with ("Maltese rescuers said"), the names of those who acted ("Russian strikes",
"Israel's army"), where the counted come from ("28 Japanese nationals died in
Christchurch") and the two ends of a stretch ("the border between Iran and Iraq") do not
say where the counted people were.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from tallywatch.config.schema import TopicConfig
from tallywatch.constants import METRICS
from tallywatch.extract.events import EventKinds
from tallywatch.extract.folding import folded
from tallywatch.extract.numbers import DURATION_UNITS, NUMBER_WORDS
from tallywatch.extract.places import Place, PlaceFinder, PlaceKind, place_key
from tallywatch.extract.rules import words_re
from tallywatch.extract.sentences import LIVE_TIME, Sentence, section_dateline_span
from tallywatch.extract.speech import speech_verbs

# "Cyclone Mocha", "Hurricane Maria", "Super Typhoon Rai": the name given to a storm
_STORM_NAME_RE = re.compile(
    r"\b(?:[Cc]yclone|[Hh]urricane|(?:[Ss]uper\s+)?[Tt]yphoon|(?:[Tt]ropical\s+)?[Ss]torm|"
    r"[Tt]ropical\s+[Dd]epression)\s+([A-Z][a-z'’-]+)\b"
)
# "the Camp Fire", "Cyclone Idai": an event by the name it was given (not "the Fire
# Department", "Los Angeles Fire Department": a name going on is an institution's)
_EVENT_NAME_RE = re.compile(
    r"(?<![\w-])(?:(?!(?:The|A|An|This|That|Its|Their)\s)[A-Z][a-z'’-]+\s+){1,2}Fire(?!\s+[A-Z])\b"
    r"|\b(?:Cyclone|Hurricane|(?:Super\s+)?Typhoon|(?:Tropical\s+)?Storm)\s+[A-Z][a-z'’-]+\b"
)
_EVENT_WORD_RE = re.compile(r"[a-z][\w'’-]*")
# an event named as what a figure is measured against ("more than Hurricane Ike", "the
# most since the Camp Fire"), not as the figure's own ("passed the Tubbs Fire, which killed
# 22": the Tubbs Fire's own)
_COMPARED_BEFORE_RE = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|since)\s+(?:the\s+)?$", re.IGNORECASE
)


def _own_word(key: str) -> str:
    """The word of an event's name (`place_key`) that names it alone: a fire's first
    ("camp" of "camp fire"), a storm's last ("harvey" of "hurricane harvey")."""
    words = key.split()
    return words[0] if words[-1] == "fire" else words[-1]


_STORM_WORDS = ("cyclone", "hurricane", "typhoon", "storm", "depression")
"""A lower-cased word each name `_STORM_NAME_RE` finds holds."""
_EVENT_WORDS = ("fire", *_STORM_WORDS)
"""A lower-cased word each name `_EVENT_NAME_RE` finds holds."""
OCCASIONS = (
    r"briefing|meeting|speech|address|interview|session|summit|hearing|ceremony|visit|statement"
)
"""Occasions on which a teller speaks, where a report is made, not where its count is."""
# an occasion on which a teller spoke ("at a press conference in Thiruvananthapuram")
_VENUE = (
    r"(?:at|during|after|in|on)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w'’-]+\s+){0,2}?"
    rf"(?:(?:press|news)\s+conference|rally|{OCCASIONS})\b"
)
# "At a news conference in Geneva, the agency said": a sentence opening with where its
# teller spoke (after its dateline, if any: "QUITO, April 17 -- At a briefing in ...")
_VENUE_OPENING_RE = re.compile(
    rf"(?:[^;()]{{0,60}}?\s(?:--|—|–)\s*)?\s*(?P<venue>{_VENUE}[^,;()]*,)", re.IGNORECASE
)
# ", which struck two days before Daniel reached Libya,": an aside about something else
# An aside about something else ("..., which lies in the north, ..."), or about a part of
# the people counted ("48 are missing, most of them in Cebu"): its places are not the
# figure's
_ASIDE_RE = re.compile(
    r",\s*(?:which|who|whose|when)\b[^,;()]*,"
    # what befell a place it follows, with no count of its own ("In Mozambique, where the
    # storm struck a day after Mayotte, the toll stood at 94")
    r"|,\s*where\b[^,;()\d]*,"
    # where a teller is or was going ("President Correa, on his way back from Rome, says")
    r"|,\s*(?:on\s+(?:his|her|their|its|a|an)\s+(?:way|visit|trip|tour|return)|"
    r"(?:visiting|returning|travelling|traveling|speaking|flying)\s+(?:from|to|in|at)|"
    r"back\s+from)\b[^,;()]*,"
    # where a teller spoke ("the chief minister, at a press conference in the capital, gives")
    rf"|,\s*{_VENUE}[^,;()]*,"
    # who made a report ("the assessment, prepared with the UN and the European Union, puts")
    r"|,\s*(?:prepared|compiled|written|drafted|published|released|issued|funded|commissioned|"
    r"produced|backed|supported|led)\s+(?:jointly\s+)?(?:with|by)\b[^;()]*?,"
    r"(?=\s+(?!(?:the|a|an|and|or)\b)[a-z])"
    r"|,\s*(?:(?:most|many|some|all|half|several|none|the\s+majority)\s+of\s+(?:them|whom)"
    r"|including|among\s+them|among\s+whom)\b"
    # (through a list of names: "among them climbers from the United States, Australia
    # and Japan")
    r"(?:[^,;()]|,\s*(?=(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*\s*"
    r"(?:,|and\b|or\b|as\s+well\b)))*",
    re.IGNORECASE,
)
_LISTED_NEXT_RE = re.compile(r"(?:\s*\(\d+\))?\s*(?:,|,?\s+and)\s+(?:the\s+)?")
"""Between one name of a list and the next ("Iran (5), China", "Russia and the United
States")."""
_PAIRED_COUNT_RE = re.compile(
    r"(?:['’]s)?\s*(?:\(\s*|:\s*|\s+with\s+)"
    r"(?:(?:about|around|some|nearly|almost|over|more\s+than|at\s+least|roughly)\s+)?"
    r"(?=\d)",
    re.IGNORECASE,
)
"""After a place, the start of a count paired with it in a list ("Uttar Pradesh with 171",
"Iran (5)", "Sindh: 293"): that count is the place's own, and no other count of the
sentence is."""
_COUNT_BEFORE_RE = re.compile(
    r"(?:^|[\s,;:(])((?:\d[\d,.]*\d|\d|"
    + "|".join(NUMBER_WORDS)
    + r")\s+(?:(?:more|others?|people|dead|deaths?)\s+)?(?:in|from)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
"""Before a place, a count it is paired with in a list ("seven in Poland, five in the Czech
Republic"): where at least two of the sentence's places are paired with counts, that count
is the place's own, and no other count of the sentence is."""
_COUNT_BEFORE_WINDOW = 40
_BETWEEN_BEFORE_RE = re.compile(r"\bbetween\s+(?:the\s+)?$")
"""Before the first of two places a stretch lies between."""
_PAIR_JOIN_RE = re.compile(r"(?:['’]s)?\s+and\s+(?:the\s+)?")
"""Between the two ends of a stretch ("Iran and Iraq")."""
_COUNTS_JOINED = frozenset(("combined", "together"))
_LIVE_TIME_RE = re.compile(rf"\s*{LIVE_TIME}")
_SUMMED_BEFORE_RE = re.compile(r"\b(?:put|taken|added|counted|all)\s+$")
"""Before "together", a sum of counts ("Put together, the figures mean ..."; "taken
together"), not of places."""
_COMMON_PAIR_BEFORE_RE = re.compile(r"\b[a-z]+\s+(?:and|or|&)\s+[a-z]+\s+$")
_REFUGE_BEFORE_RE = re.compile(
    r"\b(?:(?:fled|flee|flees|fleeing|escaped|crossed|crossing|poured|streamed|sought\s+refuge|"
    r"took\s+refuge|taken\s+refuge)\s+(?:(?:over|back|across|the\s+border|the\s+frontier)\s+)?"
    r"(?:from\s+(?:the\s+)?(?:[\w'’-]+\s+){1,3}?(?:into|to|across)|into|to|in|across)|"
    r"(?:arrived|arriving|arrive|arrives)\s+(?:in|at)|(?:reached|reaching|entered|entering))\s+"
    r"(?:the\s+)?(?:neighbou?ring\s+|nearby\s+|eastern\s+|western\s+|northern\s+|southern\s+)?$"
)
"""Words before where the displaced went ("fled into Chad", "arrived in Armenia",
"reached Egypt")."""
_HOSTS_AFTER_RE = re.compile(
    r"\s+(?:(?:has|have|had|is|was)\s+)?(?:now\s+|already\s+|so\s+far\s+|also\s+)?"
    r"(?:received|receives|taken\s+in|takes\s+in|took\s+in|welcomed|admitted|absorbed|hosted|"
    r"hosting|hosts|registered|shelters|sheltered|sheltering)\b"
)
"""Words after a country that took the displaced in ("Chad has received 370,000")."""
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_WHOLE_OF_BEFORE_RE = re.compile(r"\b(?:across|throughout|all\s+over|all\s+of)\s+$")
"""Before a country's name, words of a total over all of it: wider than any province."""
_STATES_WORD_RE = re.compile(r"(?:[\w-]+\s+){0,4}?(?:countries|nations)\b")
"""A total's words that say it spans several states ("three countries", "across four
nations"), not just that it sums ("combined", "together")."""
_RELATIVE_RE = re.compile(r"\b(?:that|which)\b")
"""Opens a relative clause: what it tells of is the noun before it."""
_BODY_NOUN_AFTER_RE = re.compile(
    r"\s+(?:government|authorities|administrations?|officials|council|police|governor|"
    r"assembly|legislature|headquarters|hospitals?|health|level|capital)\b"
)
"""After "the district" or "the state", a body of it: an adjective there ("compiled from
the district administrations", "in the state capital"), naming no place."""
_SHARE_OF_THEM_BEFORE_RE = re.compile(
    r"\bof\s+(?:them|whom|those|these)\s+(?:(?:were|are|being)\s+)?(?:[\w-]+\s+)?$"
)
"""Before a people's name that says who some of the counted are ("most of them Syrians",
"half of whom were Afghan")."""
_CAME_BACK_FROM_RE = re.compile(
    r"\b(?:returned|returning|came\s+back|come\s+back|coming\s+back|brought\s+back|"
    r"repatriated|(?:came|come|coming|flown|flew|brought)\s+home)\s+from\s+(?:the\s+)?$"
)
"""Words before where people came back from."""
_IN_BEFORE_RE = re.compile(r"\bin\s+$")
_HELD_BY_AFTER_RE = re.compile(
    r"(?:['’]s)?\s+(?:(?:prisoner-of-war|pow|detention|military)\s+)?"
    r"(?:custody|captivity|hands|camps?|prisons?|jails?)\b"
)
"""After "in" and a name, where its captives are held ("in Ukrainian custody")."""
_BORDER_AFTER_RE = re.compile(r"\s+(?:border|frontier)\b")
_BESIDE_BEFORE_RE = re.compile(r"\b(?:on|near|along|by|at|close\s+to)\s+the\s+$")
_PLACE_AFTER_RE = re.compile(r"\s+(?:in|across|within|around|throughout)\s+")
_COORDINATION_RE = re.compile(r"\s*(?:,|and|&|as well as|-|–|/)?\s*(?:,|and|&)?\s*(?:the\s+)?")
_SPACES = r"\s+"
_LIST_JOIN_RE = re.compile(r"(?:\s+([a-z]+))?(,\s*(?:(and|or)\s+)?|\s+(and|or)\s+)")
"""Between two entries of a list of places: a comma, "and" or "or", a kind's word before it
("Sylhet division, ...")."""
_KINDS = {
    "country": PlaceKind.COUNTRY,
    "titled": PlaceKind.COUNTRY,
    "region": PlaceKind.REGION,
    "city": PlaceKind.CITY,
    "capital": PlaceKind.CITY,
}
"""The kinds of place the rule table's `anaphora` refer to; a `titled` one ("the kingdom")
refers to a country whose official name has its last word, a `capital` one to the capital
of the country named before it."""
_TITLED = ("titled", "capital")
"""The kinds of `anaphora` read by a title, each word apart."""
_NOWHERE = frozenset({"?"})
"""The countries of "the other side", "abroad": none a topic names."""
_UNNAMED = frozenset({"?", "??"})
_PART_TOLD_AFTER_RE = re.compile(
    r",\s*(?:(?:some|about|around|roughly|nearly|almost|more\s+than|over|at\s+least)\s+)?"
    r"(?:\d[\d,.]*|[a-z-]+)\s+of\s+(?:them|whom|those)\b[^,;.]*"
    # (and a part of that part: ", most in Syria")
    r"(?:,\s*(?:most|many|some|half|all|the\s+rest|others)\s+(?:of\s+them\s+)?in\s+[^,;.]*)*"
)
"""A part of a count told after it (", some 230,000 of them abroad")."""
"""The countries of "both countries" when the text has not named two: no topic has them."""


_Verdict = tuple[bool, Place | None]
"""Whether a topic takes a figure, and by which place."""


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
    provinces: frozenset[str]
    """The provinces (`Gazetteer.provinces` codes) its towns lie in, most of them together
    ("IN.13" for Thrissur and Alappuzha): another town of those is no other place than its
    own (the words around it say whose a figure there is)."""
    namesakes: tuple[tuple[str, frozenset[str]], ...]
    """Town names of the topic that several countries have ("Kensington"), with their
    countries, where no other subject says which: the country an article places itself
    in is the topic's home there, if the article names the town (`homes_in`)."""
    names: frozenset[str]
    """Every subject (`place_key`), for the names no gazetteer knows."""
    wholes: frozenset[str]
    """The subjects (`place_key`) whose share of a toll ("in Derna alone", "Kumamoto
    accounts for 49") is the topic's whole: every subject but a province or town lying in
    a country the topic names, unless it is the first subject (the place the topic is
    about).  Another subject's share is one part of the topic's toll: incident."""
    follows_group: bool
    """A subject names a force: the topic follows that force."""
    named_events: bool
    """A subject names an event by its own name ("Camp Fire", "Cyclone Mocha"): another
    event so named ("the Woolsey Fire") is another story's."""
    local: bool
    """A subject names a province or a town other than a capital ("Marawi" beside "the
    Maute group"): the topic follows what happens there too, not only a force's losses."""
    regional: bool
    """A subject names a province or state ("Texas"): a total over several of its counties
    or districts may be the topic's."""
    open: bool
    """No subjects: the topic takes every figure."""
    about: frozenset[str]
    """The topic's event words (lower case); an article mentioning none of them is not the
    topic's.  Empty: every article."""
    events: frozenset[str] = frozenset()
    """The kinds of event (`events.py`) the `about` words are words of."""
    status: frozenset[str] = frozenset()
    """When every subject names people by what befell them ("hostages", "kidnapped
    Israelis") and none a place or a force: the metrics of what befell them ("captured").
    A figure is then the topic's by the words around it only where its sentence, or the one
    before in its paragraph, tells of people so befallen."""

    @property
    def has_places(self) -> bool:
        return bool(self.countries or self.places)

    def takes_metric(self, metric: str) -> bool:
        return metric in self.metrics


@dataclass(slots=True)
class Level:
    """The places at one distance from a figure, in the order they count."""

    places: list[Place] = field(default_factory=list)
    combined: frozenset[str] | None = None
    """A total over several countries: the countries it spans."""
    wider: bool = False
    """A total over several provinces ("across six states"): no one province's."""
    inner: bool = False
    """A total over several parts of a province ("across six counties"): no one town's or
    county's; a province's own."""
    listed: tuple[Place, ...] = ()
    """Provinces or towns a figure's own sentence lists as where it is ("in Sylhet,
    Mymensingh and Rangpur"): a topic takes it only when all of them are its places."""


class TopicProfiles:
    """The profiles of the configured topics."""

    def __init__(
        self,
        topics: Sequence[TopicConfig],
        finder: PlaceFinder,
        names_force: Callable[[str], bool],
        anchors_of: Callable[[str], frozenset[str]],
        events: EventKinds | None = None,
        status_of: Callable[[str], str | None] = lambda _: None,
    ) -> None:
        self.events = events or EventKinds({})
        self._gazetteer = finder.gazetteer
        self.profiles = [
            replace(p, events=self.events.kinds_of(p.about))
            for p in (self._profile(t, finder, names_force, anchors_of, status_of) for t in topics)
        ]
        self.by_name = {p.name: p for p in self.profiles}
        self.follow_named_events = any(p.named_events for p in self.profiles)
        """A topic follows an event by its name: other events' names are read as such."""
        words = sorted({w for p in self.profiles for w in p.about}, key=len, reverse=True)
        alternatives = "|".join(_SPACES.join(map(re.escape, w.split())) for w in words)
        self._about_re = (
            re.compile(rf"(?<![\w-])({alternatives})(?:s|es)?(?![\w-])") if words else None
        )
        self._open = frozenset(p.name for p in self.profiles if not p.about)
        self._about_firsts = frozenset(w.split()[0] for w in words)
        self._by_about: dict[str, set[str]] = {}
        for p in self.profiles:
            for w in p.about:
                self._by_about.setdefault(w, set()).add(p.name)
        self._with_namesakes = [p for p in self.profiles if p.namesakes]
        self._by_country: dict[str, set[str]] = {}
        self._by_home: dict[str, set[str]] = {}
        self._by_place: dict[str, set[str]] = {}
        self._by_name: dict[str, set[str]] = {}
        self._by_province: dict[str, set[str]] = {}
        for p in self.profiles:
            for code in p.provinces:
                self._by_province.setdefault(code, set()).add(p.name)
            for code in p.countries:
                self._by_country.setdefault(code, set()).add(p.name)
            for code in p.home:
                self._by_home.setdefault(code, set()).add(p.name)
            for key in p.places:
                self._by_place.setdefault(key, set()).add(p.name)
            for key in p.names:
                self._by_name.setdefault(key, set()).add(p.name)

    @staticmethod
    def _profile(
        topic: TopicConfig,
        finder: PlaceFinder,
        names_force: Callable[[str], bool],
        anchors_of: Callable[[str], frozenset[str]],
        status_of: Callable[[str], str | None],
    ) -> TopicProfile:
        gazetteer = finder.gazetteer
        countries: set[str] = set()
        places: set[str] = set()
        home: set[str] = set()
        shared: list[tuple[str, frozenset[str]]] = []
        towns: list[frozenset[str]] = []
        inside: list[tuple[set[str], frozenset[str]]] = []
        local = regional = False
        for n, subject in enumerate(s.strip() for s in topic.subjects):
            if not subject:
                continue
            entry = gazetteer.lookup(subject)
            inner = [
                p for p in finder.dateline(subject, 0, len(subject)) if p.kind != PlaceKind.PEOPLE
            ]
            if entry is None and inner:
                # "eastern Libya", "Gorkha district": the place inside the words
                entry = gazetteer.lookup(inner[0].name)
            if entry is None:
                countries.update(a for a in anchors_of(subject) if not a.startswith("group:"))
            elif entry.kind >= PlaceKind.COUNTRY:
                countries.update(entry.countries)
                # (a territory's state speaks for it: "France's interior ministry" of Mayotte)
                home.update(
                    gazetteer.territories[c] for c in entry.countries if c in gazetteer.territories
                )
            else:
                regional = regional or entry.kind == PlaceKind.REGION
                keys = {place_key(subject), *(p.key for p in inner)}
                places.update(keys)
                if n > 0:
                    inside.append((keys, entry.countries))
                town = gazetteer.provinces.get(place_key(subject)) or next(
                    (gazetteer.provinces[p.key] for p in inner if p.key in gazetteer.provinces),
                    None,
                )
                if town:
                    towns.append(town)
                if subject not in gazetteer.state_names:
                    local = True  # (not a capital: "Pyongyang" speaks for its state)
                if len(entry.countries) == 1:
                    home.update(entry.countries)
                else:
                    shared.append((place_key(subject), entry.countries))
        # (a name several countries have is the one of those the other subjects name)
        namesakes = []
        for key, codes in shared:
            named = codes & (countries | home)
            if named:
                home.update(named)
            else:
                namesakes.append((key, codes))
        # the province most of its towns share, or a lone town's own (not Virginia's for a
        # topic on Lee County and Charlotte County, Florida, that Virginia has too), of the
        # countries its places lie in (not Paraguay's Concepción department for a topic on
        # Chile's town); a topic on a country takes all its towns already
        counts = Counter(
            code
            for town in towns
            for code in town
            if not countries and code.split(".", 1)[0] in home
        )
        top = max(counts.values(), default=0)
        provinces = frozenset(
            code for code, n in counts.items() if len(towns) == 1 or (n >= 2 and 2 * n > top)
        )
        about = frozenset(" ".join(w.lower().split()) for w in topic.about if w.strip())
        names = frozenset(place_key(s) for s in topic.subjects if s.strip())
        # (a place's name with its kind's word is no force: "Sylhet division")
        follows_group = any(names_force(s) and not finder.names_place(s) for s in topic.subjects)
        return TopicProfile(
            name=topic.name,
            metrics=frozenset(topic.metrics or METRICS),
            countries=frozenset(countries),
            places=frozenset(places),
            home=frozenset(home),
            provinces=provinces,
            namesakes=tuple(namesakes),
            names=names,
            wholes=names - {k for keys, codes in inside if codes <= countries for k in keys},
            follows_group=follows_group,
            named_events=any(_EVENT_NAME_RE.fullmatch(s) for s in topic.subjects),
            local=local,
            regional=regional,
            open=not topic.subjects,
            about=about,
            status=(
                frozenset()
                if countries or places or follows_group
                else _status_of_group(topic.subjects, status_of)
            ),
        )

    def __iter__(self) -> Iterator[TopicProfile]:
        return iter(self.profiles)

    def topics_of(self, place: Place) -> set[str]:
        """Names of the topics `place` is one of the places of (namesake towns aside)."""
        return self._yes(place, {})

    def _yes(self, place: Place, homes: Mapping[str, frozenset[str]]) -> set[str]:
        """Names of the topics `place` is one of the places of (`homes`: the article's
        homes of topics by their namesake towns, see `homes_in`)."""
        if place.kind == PlaceKind.NAME:
            return self._by_name.get(place.key, set()) | self._by_name.get(place.key[:-1], set())
        yes = set(self._by_place.get(place.key, ()))
        for code in place.countries:
            yes |= self._by_country.get(code, set())
            if place.kind >= PlaceKind.COUNTRY:
                yes |= self._by_home.get(code, set())
                yes.update(name for name, codes in homes.items() if code in codes)
        return yes

    def _over_listed(
        self,
        listed: Sequence[Place],
        remaining: list[TopicProfile],
        out: dict[str, tuple[bool, Place | None]],
        homes: Mapping[str, frozenset[str]],
    ) -> list[TopicProfile]:
        """Decide a total over the `listed` provinces or towns for the `remaining` topics
        it settles (into `out`): a topic's when all of them are its places, not when one of
        them is another place (neither its place, nor a town of a province it names, nor
        another topic's name the gazetteer does not know).  Returns the topics left."""
        yes = [self._yes(q, homes) for q in listed]
        near = [self._near_home(q) for q in listed]
        left = []
        for p in remaining:
            if all(p.name in y for y in yes):
                out[p.name] = (True, listed[0])
            elif any(
                q.kind != PlaceKind.NAME and p.name not in y and not (p.regional and p.name in n)
                for q, y, n in zip(listed, yes, near, strict=True)
            ):
                out[p.name] = (False, None)
            else:
                left.append(p)
        return left

    def _near_home(self, place: Place) -> set[str]:
        """Names of the topics on provinces and towns whose province a town or county
        `place` lies in ("Malappuram" for a topic on Thrissur and Alappuzha): not one of
        their places, but no other place either."""
        if not self._by_province:
            return set()  # (no topic is on provinces and towns)
        if place.kind == PlaceKind.NAME or place.kind >= PlaceKind.COUNTRY:
            return set()
        near: set[str] = set()
        for code in self._gazetteer.provinces.get(place.key, ()):
            near |= self._by_province.get(code, set())
        return near

    def town_near_home(self, levels: Iterable[Level], p: TopicProfile) -> Place | None:
        """The first place of `levels` that is a town of topic `p`'s province (see
        `_near_home`), if any."""
        if not p.provinces:
            return None
        for level in levels:
            for place in level.places:
                if p.name in self._near_home(place):
                    return place
        return None

    def homes_in(
        self, lower: str, frame: frozenset[str], named: Callable[[], tuple[str, ...]]
    ) -> dict[str, frozenset[str]]:
        """The home countries an article gives topics by their namesake towns: a story
        that names Kensington and is set in Britain (by its headline or dateline, or else
        as the first of Kensington's countries it names) names London's, and a topic on it
        takes Britain's figures there; elsewhere the name says no country.  `named` gives
        the countries the article's places name, in order (asked only when needed)."""
        homes: dict[str, frozenset[str]] = {}
        for p in self._with_namesakes:
            codes: set[str] = set()
            for key, countries in p.namesakes:
                if not _names_word(lower, key):
                    continue
                here = countries & frame
                if here:
                    codes |= here
                else:
                    first = next((c for c in named() if c in countries), None)
                    if first is not None:
                        codes.add(first)
            if codes:
                homes[p.name] = frozenset(codes)
        return homes

    def decide(
        self,
        levels: Iterable[Level],
        wanted: Sequence[TopicProfile],
        force_context: bool = False,
        homes: Mapping[str, frozenset[str]] | None = None,
        hosts: Sequence[Place] = (),
        visited: bool = False,
        story_named: bool = False,
    ) -> dict[str, tuple[bool, Place | None]]:
        """For each of the `wanted` topics, what the first level naming a place says of a
        figure: (True, the place) when it is one of the topic's places (a country the topic
        names, a province or city it names, the country of those; a total over countries
        it names all of), (False, the place) when it is another place, nothing when no
        level names a place.  A topic's own name unknown to the gazetteer ("Gorkha")
        counts for that topic and is passed over by the others.  When the `levels` are the
        context of a figure counting a force (`force_context`), a topic following a group
        passes over the places the force stands in or reaches ("sent to the Kursk area"):
        only its sender, or another people, competes.  A place of `hosts` (where people who
        fled went) is its topics' before any level speaks.  Where people come from says
        nothing of where what is counted befell them (`visited`: "28 Japanese nationals
        died in Christchurch"), and is passed over.  Another event named by its name keeps
        a figure from a topic that follows one by its name, and from every topic where the
        headline names the story's own (`story_named`)."""
        out: dict[str, tuple[bool, Place | None]] = {}
        remaining = list(wanted)
        for host in hosts:
            # a topic on a place people went to takes their count there, whoever they are
            # ("1,326 South Sudanese entered Uganda": Uganda's, and South Sudan's too)
            yes = self._yes(host, homes or {})
            for p in remaining:
                if p.name in yes and not p.follows_group:
                    out[p.name] = (True, host)
            remaining = [p for p in remaining if p.name not in out]
        for level in levels:
            if level.combined is not None:
                spanned = Place(0, 0, "", PlaceKind.COUNTRY, level.combined)
                for p in remaining:
                    taken = level.combined <= p.countries
                    out[p.name] = (taken, spanned if taken else None)
                return out
            if level.listed:
                # (a total over several provinces or towns listed: a topic's when every one
                # of them is its place, no topic's when one is another place)
                remaining = self._over_listed(level.listed, remaining, out, homes or {})
            if level.wider or level.inner:
                # (a total over several provinces: not a topic's on provinces and towns only;
                # a topic on their country reads on; over several counties, a topic on a
                # province reads on too)
                for p in remaining:
                    if p.places and not p.countries and not (level.inner and p.regional):
                        out[p.name] = (False, None)
                remaining = [p for p in remaining if p.name not in out]
            # (a topic on provinces or towns only: another province or town of their
            # country in the level competes with the country named there, wherever it
            # stands: "Kerala ..., the chief minister of the southern Indian state said" is
            # no Uttarakhand topic's, though India is that topic's country too)
            remaining = self._other_province(level, remaining, out, homes or {})
            ordered = level.places
            if any(q.outside for q in ordered):
                ordered = sorted(ordered, key=lambda q: q.outside)
            for place in ordered:
                yes = self._yes(place, homes or {})
                near_home = self._near_home(place)
                undecided = []
                for p in remaining:
                    if place.event:
                        # (another event by its name: another story's, for a topic on one)
                        if p.named_events or story_named:
                            out[p.name] = (False, place)
                        else:
                            undecided.append(p)
                    elif p.name in near_home and p.name not in yes:
                        undecided.append(p)  # (a town of its province: the words around say)
                    elif place.outside:
                        # ("Outside Nepal, ..."): not its topics' place, nobody else's
                        if p.name in yes:
                            out[p.name] = (False, place)
                        else:
                            undecided.append(p)
                    elif (place.acted or place.went) and not p.follows_group:
                        # who acted, or where people went: not where the counted people were
                        undecided.append(p)
                    elif place.origin and visited and not p.follows_group:
                        # where the counted come from, not where they were (a force's origin
                        # is whose it is: "troops drawn from Chad")
                        undecided.append(p)
                    elif p.name in yes:
                        out[p.name] = (True, place)
                    elif place.then:
                        undecided.append(p)  # where something else happened, another time
                    elif place.kind != PlaceKind.NAME and (
                        p.has_places or (p.follows_group and place.origin)
                    ):
                        if p.follows_group and (
                            place.reported
                            or (
                                force_context
                                and not (place.acted or place.origin)
                                and place.kind != PlaceKind.PEOPLE
                            )
                        ):
                            # where a report comes from, where a force went: not whose it is
                            # (where it comes from is: "troops drawn from Chad")
                            undecided.append(p)
                            continue
                        out[p.name] = (False, place)
                    else:
                        undecided.append(p)
                remaining = undecided
                if not remaining:
                    return out
        return out

    def _other_province(
        self,
        level: Level,
        remaining: list[TopicProfile],
        out: dict[str, _Verdict],
        homes: Mapping[str, frozenset[str]],
    ) -> list[TopicProfile]:
        """`remaining` without the topics on provinces and towns only that `level` places
        elsewhere: it names a province or town of their country that is not theirs and
        no place that is (their verdict, False, is put in `out`)."""
        # the countries of the provinces and towns named (a topic's own name the gazetteer
        # knows as one too: "Kerala is facing ...", where no word before made it a place)
        local: list[frozenset[str]] = []
        towns: list[Place] = []
        for q in level.places:
            if q.outside or q.acted or q.went or q.then or q.origin:
                continue
            if q.kind == PlaceKind.NAME:
                entry = self._gazetteer.lookup_key(q.key)
                if entry is not None and PlaceKind.NAME < entry.kind < PlaceKind.COUNTRY:
                    local.append(entry.countries)
                    towns.append(q)
            elif q.kind < PlaceKind.COUNTRY:
                local.append(q.countries)
                towns.append(q)
        if not local:
            return remaining
        kept = []
        for p in remaining:
            if p.countries or not p.places:
                kept.append(p)
                continue
            if any(
                q.kind < PlaceKind.COUNTRY and p.name in self._yes(q, homes) for q in level.places
            ):
                kept.append(p)  # (its own province or town is named there too)
                continue
            if all(p.name in self._near_home(q) for q in towns):
                kept.append(p)  # (towns of its own province only: the words around say)
                continue
            if any(countries & p.home for countries in local):
                out[p.name] = (False, None)
            else:
                kept.append(p)
        return kept

    def other_event(
        self,
        p: TopicProfile,
        lower: str,
        spans: Sequence[tuple[int, int]],
        story: frozenset[str] = frozenset(),
        broad: bool = False,
        verb: int | None = None,
    ) -> bool:
        """Do the `spans` of `lower` (a figure's parts of its sentence) tell of events of
        other kinds than topic `p`'s only (see `events.py`)?  A topic without `about`
        words, but with subjects, is narrowed to the kinds `story` names (those the
        headline tells of, for a toll): "cholera has killed 1,600" in a cyclone's story is
        not the cyclone's.  With `broad` (a story not of the topic's places), every natural
        hazard is of one kind.  A figure whose `verb` is in a relative clause is of the
        event the clause hangs on ("days after a wildfire that burned for two weeks and
        killed 20", in a storm's story); else of every event its spans name."""
        kinds = p.events or (story if not p.open else frozenset())
        if not kinds:
            return False
        named: frozenset[str] = frozenset()
        if verb is not None:
            for s, e in spans:
                if not s < verb <= e:
                    continue
                relative = None
                for m in _RELATIVE_RE.finditer(lower, max(s, verb - 120), verb):
                    relative = m
                if relative is not None and not self.events.named(lower, relative.end(), verb):
                    named = self.events.last_named(
                        lower, max(s, relative.start() - 80), relative.start()
                    )
        if not named:
            named = frozenset().union(*(self.events.named(lower, s, e) for s, e in spans))
        if broad:
            kinds, named = self.events.broad(kinds), self.events.broad(named)
        if not named or named & kinds:
            return False
        # the topic's own words, of no kind ("the trawler"), still say it is its event
        return not (
            self._about_re is not None
            and any(
                " ".join(m.group(1).split()) in p.about
                for s, e in spans
                for m in self._about_re.finditer(lower, s, e)
            )
        )

    def about_article(self, lower: str) -> set[str]:
        """Names of the topics whose event words the article mentions (or that have none);
        `lower` is the article's lower-cased text.  A word counts in its plural too."""
        names = set(self._open)
        # (a substring test of each word's first part, in C, spares most articles the scan)
        if self._about_re is not None and any(map(lower.__contains__, self._about_firsts)):
            for m in self._about_re.finditer(lower):
                names |= self._by_about.get(" ".join(m.group(1).split()), set())
        return names


def _status_of_group(
    subjects: Sequence[str], status_of: Callable[[str], str | None]
) -> frozenset[str]:
    """The metrics of what befell the people every subject names ("hostages": captured),
    or none when some subject names no such people."""
    metrics = [status_of(s) for s in subjects if s.strip()]
    if not metrics or None in metrics:
        return frozenset()
    return frozenset(m for m in metrics if m is not None)


class PlaceWords:
    """The words about places in the rule table (`[places]`), compiled once per extractor."""

    def __init__(
        self,
        table: Mapping[str, Any],
        agent_noun_after: re.Pattern[str],
        agent_verb_after: re.Pattern[str],
        title_after: re.Pattern[str],
    ) -> None:
        anaphora: Mapping[str, list[str]] = table.get("anaphora", {})
        self.anaphora = [
            (re.compile(words_re(words)), _KINDS[kind], "")
            for kind, words in anaphora.items()
            if kind in _KINDS and kind not in _TITLED and words
        ] + [
            (re.compile(words_re([word])), PlaceKind.COUNTRY, word.split()[-1])
            for word in anaphora.get("titled", [])
        ]
        """(rule, kind of place, title): "in the country" refers to the nearest country
        named, "in the kingdom" to the nearest whose official name says "kingdom", "in the
        capital" (title "capital") to the nearest city or the capital of the nearest
        country."""
        if anaphora.get("capital"):
            self.anaphora.append(
                (re.compile(words_re(anaphora["capital"])), PlaceKind.CITY, "capital")
            )
        # "the country" names a place after a locative word ("in the country") or owning
        # something ("the country's west"), not as a noun's adjective ("the state
        # government"); a word of its own ("nationwide") names it anywhere
        self.locative_before = re.compile(rf"{words_re(table.get('locative', []))}\s+$")
        self.combined = re.compile(
            words_re([*table.get("combined", []), *table.get("every_state", [])])
        )
        self.every_state = re.compile(words_re(table.get("every_state", [])))
        """Words of a total over every state or nationality ("across all countries")."""
        self.regions = re.compile(words_re(table.get("regions_of_states", [])))
        """A region of several states named as where a figure is ("across Europe")."""
        self.several_parts = re.compile(words_re(table.get("several_parts", [])))
        """Several of a country's provinces named as where a figure is ("across six
        states")."""
        self.parts_of_provinces = re.compile(
            rf"{words_re(table.get('parts_of_provinces', []))}$", re.IGNORECASE
        )
        """Ends a `several_parts` match that names parts of a province ("six counties")."""
        self.whole_province = re.compile(words_re(table.get("whole_province", [])))
        """A whole province or state named as where a figure is ("statewide"): no one
        county's or town's, the province's own."""
        self.outside_before = re.compile(
            rf"{words_re(table.get('outside', []))}\s+(?:the\s+)?$", re.IGNORECASE
        )
        self.outside_opening = re.compile(
            rf"\W*{words_re(table.get('outside_opening', []))}\s+(?:the\s+)?", re.IGNORECASE
        )
        self.elsewhere = re.compile(words_re(table.get("elsewhere", [])))
        self.any_mark = re.compile(
            words_re(
                [
                    *(w for kind, words in anaphora.items() if kind in _KINDS for w in words),
                    *table.get("combined", []),
                    *table.get("every_state", []),
                    *table.get("regions_of_states", []),
                    *table.get("several_parts", []),
                    *table.get("whole_province", []),
                    *table.get("elsewhere", []),
                ]
            )
        )
        """Matches wherever one of `anaphora`, `combined` or `elsewhere` does: a sentence
        it finds nothing in needs none of their scans (most sentences)."""
        self.agent_noun_after = agent_noun_after
        self.agent_verb_after = agent_verb_after
        self.origin_before = re.compile(
            rf"{words_re(table.get('agent_origins', []))}\s+(?:the\s+)?$", re.IGNORECASE
        )
        """Words before a place an attack came from ("fired from the Congolese side")."""
        self.visitor_after = re.compile(rf"\s+{words_re(table.get('visitors', []))}")
        """Nouns after a demonym for people away from home ("Japanese tourists")."""
        self.from_outside = folded(words_re(table.get("from_outside", [])))
        """Words saying a force came from outside the place it works in ("foreign teams",
        "the UN mission"); matches the lower-cased copy of the text (`folding.py`)."""
        self.from_before = re.compile(
            rf"{words_re(table.get('origins', []))}\s+(?:the\s+)?$", re.IGNORECASE
        )
        """Words before where counted people come from ("nationals of", "came from")."""
        self.title_after = title_after
        """A title after a demonym: a person's nationality ("former Nigerian president")."""


class PlaceReader:
    """Reads the places around figures in one article; places are found once per sentence.

    `levels` yields, nearest first, the places of a figure's counted group, clause, sentence,
    the earlier sentences of its paragraph, the dateline and the headline.
    """

    def __init__(
        self,
        finder: PlaceFinder,
        words: PlaceWords,
        text: str,
        lower: str,
        sentences: Sequence[Sentence],
        subject_spans: Callable[[str, str, int, int], list[tuple[int, int]]],
        named_events: bool = False,
    ) -> None:
        """`named_events`: read the names given to events ("the Woolsey Fire") as where
        another story is (see `TopicProfile.named_events`)."""
        self.finder = finder
        self._named_events = named_events
        self.words = words
        self.text = text
        self.lower = lower
        self.sentences = sentences
        self._subject_spans = subject_spans
        self._events_in: dict[int, list[Place]] = {}
        self._storm_names = (
            frozenset(place_key(m.group(1)) for m in _STORM_NAME_RE.finditer(text))
            if any(map(lower.__contains__, _STORM_WORDS))  # (most texts: no scan)
            else frozenset()
        )
        """Names the article gives a storm ("Cyclone Mocha"): no place, wherever they stand
        ("Mocha toll rises")."""
        self._found: dict[int, list[Place]] = {}
        self._marks: dict[int, _Marks] = {}
        self._context: dict[tuple[int, bool], Level] = {}
        self._decided: dict[tuple[int, bool, bool], dict[str, _Verdict | None]] = {}
        """What the context of a sentence says, by topic (None: nothing), for the topics
        asked so far, of figures counting a force or not, befalling people where they are
        or not."""
        self.memo: dict[tuple[int, bool, bool, tuple[str, ...]], tuple[list[str], bool]] = {}
        """The caller's decisions for figures of a sentence that names no place."""
        self.headline = next((s for s in sentences if s.headline), None)
        self.lede = next((s for s in sentences if not s.headline), None)
        """The story's first sentence."""
        self.decks = [
            s
            for s in sentences
            if s.headline
            and s is not self.headline
            and (self.lede is None or s.index < self.lede.index)
        ]
        """Lines under the headline before the story opens (a standfirst, a byline naming
        where it was filed: "By our Correspondent | Rudraprayag / Dehradun")."""
        self._dateline: list[Place] = []
        self._dateline_span = (0, 0)
        """Where the dateline is: its places are its own level, not its sentence's."""
        self._abroad: bool | None = None
        self._frame_countries: frozenset[str] | None = None
        self._homes: dict[str, frozenset[str]] | None = None
        """The topics' homes by their namesake towns here (`TopicProfiles.homes_in`)."""
        self._named: tuple[str, ...] | None = None
        self._first: Level | None = None
        """`_first_placed`, once asked (no places: none)."""
        self.dated_past: Callable[[Sentence, int, int | None], bool] | None = None
        """Do the words around an offset of a sentence, apart from a number's, date them
        before the article?  A place named there is where something else happened, no
        figure's of now.  (Set by the caller once the article's dates are read.)"""

    def set_dateline(self, start: int, end: int) -> None:
        """A dateline says where the reporter is: its country, not its town."""
        self._dateline = [
            replace(p, kind=PlaceKind.COUNTRY, reported=True)
            for p in self.finder.dateline(self.text, start, end)
        ]
        self._dateline_span = (start, end)

    def places_in(self, i: int) -> list[Place]:
        """The places of sentence `i`, with the topics' subjects no gazetteer knows."""
        found = self._found.get(i)
        if found is None:
            sent = self.sentences[i]
            found = self.finder.find(self.text, sent.start, sent.end)
            if self._storm_names:
                found = [p for p in found if p.key not in self._storm_names]
            title = self.words.title_after
            d_start, d_end = self._dateline_span
            section = self._section_dateline(i)
            if section is not None:
                found = [p for p in found if p.start >= section[1]]  # (see `context_levels`)
            found = [
                p
                for p in found
                if (p.kind != PlaceKind.PEOPLE or not title.match(self.text, p.end, sent.end))
                and not d_start <= p.start < d_end
            ]
            if not sent.headline:
                found = self._known_here(found, i)
            words = self.words
            found = [
                replace(p, outside=True)
                if words.outside_before.search(self.text, max(sent.start, p.start - 24), p.start)
                or words.outside_opening.fullmatch(self.text, sent.start, p.start)
                else p
                for p in found
            ]
            found = self._mark_origins(found, sent.start)
            found = [
                p
                for p in self._with_subjects(found, sent.start, sent.end)
                # ("Wassenberg, on the Dutch border": beside that country, not in it)
                if not (
                    _BORDER_AFTER_RE.match(self.lower, p.end)
                    and _BESIDE_BEFORE_RE.search(self.lower, max(0, p.start - 16), p.start)
                )
            ]
            found = self._without_between(found)
            self._found[i] = found
        return found

    def _without_between(self, found: list[Place]) -> list[Place]:
        """`found` (in order) without two places named as the ends of a stretch ("the
        border between Iran and Iraq", "a boat sank between Libya and Italy"): where
        something lies between them is neither one's, nor a total over both."""
        out: list[Place] = []
        skip = -1
        for k, p in enumerate(found):
            if k == skip:
                continue
            if (
                k + 1 < len(found)
                and _BETWEEN_BEFORE_RE.search(self.lower, max(0, p.start - 12), p.start)
                and _PAIR_JOIN_RE.fullmatch(self.lower, p.end, found[k + 1].start)
            ):
                skip = k + 1
                continue
            out.append(p)
        return out

    def _mark_origins(self, found: list[Place], start: int) -> list[Place]:
        """`found` (places of a sentence from `start`, in order), those naming where counted
        people come from marked (`Place.origin`): a demonym before a noun for people away
        from home ("Japanese tourists"), a place after words of origin ("nationals of Iran",
        "from 14 countries, among them Iran (5)"), and the places listed after it ("...,
        China (4) and the United States (2)")."""
        words = self.words
        out: list[Place] = []
        for p in found:
            origin = (
                p.kind == PlaceKind.PEOPLE and words.visitor_after.match(self.text, p.end)
            ) or words.from_before.search(self.text, max(start, p.start - 40), p.start)
            if not origin and out and out[-1].origin:
                origin = _LISTED_NEXT_RE.fullmatch(self.text, out[-1].end, p.start)
            out.append(replace(p, origin=True) if origin else p)
        return out

    def _with_subjects(self, found: list[Place], start: int, end: int) -> list[Place]:
        """`found` (places of text[start:end]) with the topics' subjects there that no
        gazetteer knows ("Gorkha"), in order; the dateline's are its own level's."""
        d_start, d_end = self._dateline_span
        for s, e in self._subject_spans(self.text, self.lower, start, end):
            if not d_start <= s < d_end and not any(p.start < e and s < p.end for p in found):
                name = self.text[s:e]
                key = re.sub(r"'s?$", "", place_key(name))
                found.append(Place(s, e, name, PlaceKind.NAME, frozenset(), key))
        found.sort(key=lambda p: p.start)
        return found

    def _with_events(self, i: int) -> list[Place]:
        """The places of sentence `i` with the names given there to events that are no
        topic's subject and not the story's ("the Woolsey Fire" beside the Camp Fire), in
        order, when a topic follows an event by its name or the headline names the story's;
        its places alone otherwise.  Only a figure's own words and clause read them: an
        event named further off is what the figure is told beside."""
        found = self.places_in(i)
        if not (self._named_events or self.story_events):
            return found
        known = self._events_in.get(i)
        if known is not None:
            return known
        sent = self.sentences[i]
        events = [
            Place(m.start(), m.end(), m.group(0), PlaceKind.NAME, frozenset(), key, event=True)
            for m in _EVENT_NAME_RE.finditer(self.text, sent.start, sent.end)
            if not any(p.start < m.end() and m.start() < p.end for p in found)
            and not _COMPARED_BEFORE_RE.search(
                self.text, max(sent.start, m.start() - 24), m.start()
            )
            and (key := place_key(m.group(0))) not in self.story_events
        ]
        known = sorted([*found, *events], key=lambda p: p.start) if events else found
        self._events_in[i] = known
        return known

    @cached_property
    def story_events(self) -> frozenset[str]:
        """The names the article gives to events (`place_key`s: "hurricane harvey") whose
        own word its headline holds ("Harvey toll rises"): the story's own events."""
        h = self.headline
        if h is None or not any(map(self.lower.__contains__, _EVENT_WORDS)):
            return frozenset()  # (most texts: no scan)
        said = set(_EVENT_WORD_RE.findall(self.lower, h.start, h.end))
        return frozenset(
            key
            for m in _EVENT_NAME_RE.finditer(self.text)
            if (key := place_key(m.group(0))) and _own_word(key) in said
        )

    def _section_dateline(self, i: int) -> tuple[int, int] | None:
        """The span of a dateline in capitals opening sentence `i`'s paragraph after the
        article's own ("BOLOGNA — Italy's government ...": a roundup's section from
        another place), if sentence `i` opens that paragraph and has one."""
        sent = self.sentences[i]
        if sent.headline or sent.start < self._dateline_span[1]:
            return None
        if i and self.sentences[i - 1].paragraph == sent.paragraph:
            return None
        return section_dateline_span(self.text, sent.start)

    def _local(self, p: Place) -> bool:
        """Is `p` a province or a town (not a country, a people or a group)?"""
        if p.kind == PlaceKind.NAME:
            entry = self.finder.gazetteer.lookup_key(p.key)
            return entry is not None and PlaceKind.NAME < entry.kind < PlaceKind.COUNTRY
        return PlaceKind.NAME < p.kind < PlaceKind.COUNTRY

    def _known_here(self, found: list[Place], i: int) -> list[Place]:
        """`found` (the places of sentence `i`) without the towns and provinces of a
        country the story does not name: in a story the headline and dateline place in
        Nepal, "the districts of Ilam, Panchthar and Taplejung" are Nepal's, whatever
        Iranian province shares a name with one.  A capital, or a town whose country is
        named in its sentence or earlier in its paragraph ("Gisenyi, the Rwandan town"),
        stays."""
        far = [
            p
            for p in found
            if PlaceKind.NAME < p.kind < PlaceKind.COUNTRY and not self.finder.is_capital(p)
        ]
        frame = self._frame()
        if not far or not frame:
            return found
        named = {c for p in found if p.kind >= PlaceKind.COUNTRY for c in p.countries}
        sent = self.sentences[i]
        for j in range(i - 1, -1, -1):
            prev = self.sentences[j]
            if prev.paragraph != sent.paragraph or prev.headline:
                break
            named.update(
                c for p in self.places_in(j) if p.kind >= PlaceKind.COUNTRY for c in p.countries
            )
        return [p for p in found if p not in far or p.countries & frame or p.countries & named]

    def _named_countries(self) -> tuple[str, ...]:
        """The countries of the places the article names that name one country, in the
        order the article first names them (read once)."""
        if self._named is None:
            named = {
                c: None
                for i in range(len(self.sentences))
                for p in self.places_in(i)
                if len(p.countries) == 1
                for c in p.countries
            }
            self._named = tuple(named)
        return self._named

    def _frame(self) -> frozenset[str]:
        """The countries the headline and the dateline name or place their towns in."""
        if self._frame_countries is None:
            places = list(self._dateline)
            if self.headline is not None:
                h = self.headline
                places += self.finder.find(self.text, h.start, h.end)
            self._frame_countries = frozenset(c for p in places for c in p.countries)
        return self._frame_countries

    def _mark_agents(self, places: list[Place], end: int) -> list[Place]:
        """`places`, those naming who acted marked ("Russian strikes", "Israel's army"; a
        state that "shelled"): a figure of their victims is not theirs, though a force's
        topic reads "North Korean troops" as its own."""
        noun = self.words.agent_noun_after
        verb = self.words.agent_verb_after
        before = self.words.locative_before
        # ("8,000 people fled into neighbouring Chad, arriving at Adre": where they went, and
        # its towns, not whose; a place named as where from stays theirs: "crossed into
        # Uganda from South Sudan")
        refuge: set[str] = set()
        named_from = [
            _FROM_BEFORE_RE.search(self.lower, max(0, p.start - 12), p.start) is not None
            for p in places
        ]
        for p, came_from in zip(places, named_from, strict=True):
            if came_from:
                continue
            if refuge and p.countries and p.countries <= refuge:
                refuge.update(p.countries)
            elif _REFUGE_BEFORE_RE.search(self.lower, max(0, p.start - 40), p.start) or (
                p.kind >= PlaceKind.COUNTRY and _HOSTS_AFTER_RE.match(self.lower, p.end, end)
            ):
                refuge.update(p.countries or {p.key})
        out = []
        for p, came_from in zip(places, named_from, strict=True):
            if p.kind == PlaceKind.PEOPLE and _SHARE_OF_THEM_BEFORE_RE.search(
                self.lower, max(0, p.start - 30), p.start
            ):
                continue  # ("..., 63 per cent of them Syrians": who the counted are, not where)
            if _CAME_BACK_FROM_RE.search(self.lower, max(0, p.start - 30), p.start) or (
                _IN_BEFORE_RE.search(self.lower, max(0, p.start - 4), p.start)
                and _HELD_BY_AFTER_RE.match(self.lower, p.end, end)
            ):
                # ("85 people had returned from Russia", "six men sit in Ukrainian
                # prisoner-of-war camps": where they were, or who holds them, not whose)
                out.append(replace(p, then=True))
                continue
            if p.reported:
                out.append(p)  # ("the Leyte police chief said": who told, not who acted)
                continue
            by_noun = noun.match(self.lower, p.end, end)
            if (
                by_noun is not None
                and self._local(p)
                and _TELLS_AFTER_RE.match(self.lower, by_noun.end(), end)
            ):
                by_noun = None  # ("Leyte police chief says": a province's office told)
            if (
                by_noun is not None
                and self._local(p)
                and by_noun.group().strip() in self.finder.generic
            ):
                by_noun = None  # ("Khulna division": a province by its kind's word, no army's)
            if by_noun is not None and _COUNTING_OFFICE_AFTER_RE.match(self.lower, p.end, end):
                # ("Puerto Rico's government has raised the official toll to 64": a state's
                # office that counts tells of its own state)
                out.append(replace(p, reported=True))
                continue
            if refuge and (p.countries or {p.key}) <= refuge and by_noun is None and not came_from:
                out.append(replace(p, went=True))
                continue
            acted = (
                by_noun is not None
                or bool(self.words.origin_before.search(self.lower, max(0, p.start - 30), p.start))
            ) or (
                p.kind >= PlaceKind.COUNTRY
                and bool(verb.match(self.lower, p.end, end))
                # ("violence in Haiti killed": a place, not who acted)
                and not before.search(self.lower, max(0, p.start - 24), p.start)
            )
            out.append(replace(p, acted=True) if acted else p)
        return out

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
        sentence (the `sources` spans and asides about something else left out), each
        earlier sentence of the paragraph, the dateline and the headline."""
        yield from self.near_levels(i, number, own, clause, sources)
        yield from self.context_levels(i)

    def decide(
        self,
        profiles: TopicProfiles,
        wanted: Sequence[TopicProfile],
        i: int,
        number: int,
        own: Sequence[tuple[int, int]],
        clause: tuple[int, int],
        sources: Sequence[tuple[int, int]],
        force: bool = False,
        flight: bool = False,
        visited: bool = False,
    ) -> dict[str, tuple[bool, Place | None]]:
        """`TopicProfiles.decide` over a figure's `levels`; what the context says (the same
        for every figure of a sentence counting a `force` or not) is decided once per
        sentence and topic, for the topics its own words leave undecided (a topic's
        verdict does not depend on which other topics are decided with it).  The places
        of the context a `force` went to are passed over; those of its own sentence are
        not ("troops near Ukraine" may be Ukraine's, told by the words around them).  A
        count of people who fled (`flight`) is also the place's they went to, when their
        sentence names it; of what befell people where they were (`visited`), where they
        come from is passed over."""
        homes = self._homes_of(profiles)
        near = list(self.near_levels(i, number, own, clause, sources))
        hosts = self._hosts(near) if flight else []
        decided = profiles.decide(
            near,
            wanted,
            homes=homes,
            hosts=hosts,
            visited=visited,
            story_named=bool(self.story_events),
        )
        if len(decided) < len(wanted):
            context = self._decided.setdefault((i, force, visited), {})
            asked = [
                p for p in wanted if p.name not in decided and p.name not in context and not p.open
            ]
            if asked:
                found = profiles.decide(
                    self.context_levels(i), asked, force, homes, visited=visited
                )
                context.update((p.name, found.get(p.name)) for p in asked)
            for p in wanted:
                if p.name not in decided:
                    verdict = context.get(p.name)
                    if verdict is not None and verdict[0]:
                        # (a town of its province in the figure's own words is where the
                        # figure is: one town's share, "Malappuram with 35")
                        town = profiles.town_near_home(near, p)
                        verdict = (True, town) if town is not None else verdict
                    if verdict is not None:
                        decided[p.name] = verdict
        return decided

    def hosted(
        self,
        profiles: TopicProfiles,
        wanted: Sequence[TopicProfile],
        i: int,
        number: int,
        own: Sequence[tuple[int, int]],
        clause: tuple[int, int],
        sources: Sequence[tuple[int, int]],
    ) -> list[str]:
        """The `wanted` topics whose place is where people who fled are (`_hosts`),
        whoever the people are."""
        hosts = self._hosts(list(self.near_levels(i, number, own, clause, sources)))
        if not hosts:
            return []
        return list(profiles.decide((), wanted, homes=self._homes_of(profiles), hosts=hosts))

    def _hosts(self, near: Sequence[Level]) -> list[Place]:
        """Where counted people who fled are, as a figure's `near` levels name it: where
        they went ("1,326 South Sudanese entered Uganda", "Uganda now hosts 330,109
        refugees"), or a place in the counted group's own words ("the number of South
        Sudanese refugees in Uganda")."""
        before = self.words.locative_before
        return [
            p
            for k, level in enumerate(near)
            for p in level.places
            if p.went
            or (
                k == 0  # (the counted group's own words)
                and p.kind != PlaceKind.PEOPLE
                and before.search(self.lower, max(0, p.start - 24), p.start)
            )
        ]

    def _homes_of(self, profiles: TopicProfiles) -> Mapping[str, frozenset[str]]:
        """The topics' homes by their namesake towns here (read once)."""
        if self._homes is None:
            self._homes = profiles.homes_in(self.lower, self._frame(), self._named_countries)
        return self._homes

    def spans_every_state(self, start: int, end: int) -> bool:
        """Do the words of text[start:end] tell of a total over every state or nationality
        (`[places] every_state`: "across all countries")?"""
        return self.words.every_state.search(self.lower, start, end) is not None

    def says_where(self, i: int) -> bool:
        """Does sentence `i` itself name a place, refer to one, or say "elsewhere"?"""
        return bool(self.places_in(i) or self._marks_in(i).speak_of_places)

    def near_levels(
        self,
        i: int,
        number: int,
        own: Sequence[tuple[int, int]],
        clause: tuple[int, int],
        sources: Sequence[tuple[int, int]],
    ) -> Iterator[Level]:
        """The places of a figure's own words, clause and sentence (see `levels`)."""
        sent = self.sentences[i]
        placed = self._with_events(i)
        marks = self._marks_in(i)
        if not (placed or marks.speak_of_places):
            return  # nothing in the sentence says where (the common case)
        asides = [(s, e) for s, e in marks.asides if not s <= number < e]
        # a place a list pairs with a count ("..., ahead of Uttar Pradesh with 171") owns
        # that count and no other: beside this figure's number it is this figure's own
        paired = {
            p: m.end()
            for p in placed
            if not _inside(p, own)
            and (m := _PAIRED_COUNT_RE.match(self.text, p.end, sent.end)) is not None
        }
        # ... and so does one a list pairs with a count before it ("seven in Poland, five in
        # Austria"), where the list pairs two places at least
        paired_after = {
            p: p.start - len(m.group(1))
            for p in placed
            if p not in paired
            and (
                m := _COUNT_BEFORE_RE.search(
                    self.text, max(sent.start, p.start - _COUNT_BEFORE_WINDOW), p.start
                )
            )
            is not None
        }
        if len(paired) + len(paired_after) >= 2:
            paired.update((p, at) for p, at in paired_after.items() if not _inside(p, own))
        in_own = [p for p in placed if _inside(p, own) or paired.get(p) == number]
        # a source's own places are left out ("Maltese rescuers said"), but where it
        # speaks from is where it counted ("officials in Gaziantep said"), and so is a
        # province's or town's own office ("the Leyte governor said")
        before = self.words.locative_before
        rest = [
            p if not _inside(p, sources) else replace(p, reported=True)
            for p in placed
            if not _inside(p, own)
            and p not in paired
            and not _inside(p, asides)
            and (
                not _inside(p, sources)
                or (
                    p.kind != PlaceKind.PEOPLE
                    and (
                        before.search(self.lower, max(sent.start, p.start - 24), p.start)
                        or self._local(p)
                    )
                    # (officials in a capital speak for a country, of anywhere)
                    and not self.finder.is_capital(p)
                )
            )
        ]
        in_clause = self._dated(sent, [p for p in rest if clause[0] <= p.start < clause[1]], number)
        # (a part told after the count, ", some 230,000 of them abroad", says where that
        # part is, not the count)
        part = _PART_TOLD_AFTER_RE.search(self.lower, number, sent.end)
        whole = (
            [(sent.start, part.start()), (part.end(), sent.end)]
            if part is not None and part.end() > part.start()
            else [(sent.start, sent.end)]
        )
        in_sentence = self._dated(
            sent,
            [p for p in rest if not clause[0] <= p.start < clause[1] and _inside(p, whole)],
        )
        yield self._level(in_own, own, i, number)
        yield self._level(self._mark_agents(in_clause, sent.end), [clause], i, number)
        # (another event named further off is what the figure is told beside, not of:
        # "Haiyan killed 6,300, twice the toll of Typhoon Bopha")
        in_sentence = [p for p in in_sentence if not p.event]
        yield self._level(self._mark_agents(in_sentence, sent.end), whole, i, number)
        # a state telling its own count ("Belgium's crisis centre says 31 have died",
        # "India now says 600 died") speaks of itself when nothing else in the sentence says
        # where: after the sentence's places, before the paragraph's
        tellers = [
            replace(p, reported=True)
            for p in placed
            if (
                p.kind == PlaceKind.COUNTRY
                # ("Lebanese officials now put the toll at 39": a people's own office)
                or (p.kind == PlaceKind.PEOPLE and _OFFICE_AFTER_RE.match(self.lower, p.end))
            )
            and _inside(p, sources)
            and not _inside(p, own)
            # ("Israel says it has killed 2,000 fighters": the state counts whom it hit)
            and not _ITSELF_AFTER_RE.match(self.lower, p.end, sent.end)
        ]
        if tellers:
            yield self._level(tellers, [(sent.start, sent.end)], i, number)

    def context_levels(self, i: int) -> Iterator[Level]:
        """The places of the context of sentence `i`: the earlier sentences of its
        paragraph, the dateline, the headline and the story's first sentence (see
        `levels`)."""
        sent = self.sentences[i]
        opening = i
        for j in range(i - 1, -1, -1):
            prev = self.sentences[j]
            if prev.paragraph != sent.paragraph or prev.headline:
                break
            opening = j
            yield self._context_level(j, now=True)
        section = self._section_dateline(opening)
        if section is not None:
            # (where a roundup's section is filed from, before the story's own dateline)
            yield Level(
                [replace(p, reported=True) for p in self.finder.dateline(self.text, *section)]
            )
        # (a dateline of bureaus in several countries, "NEW YORK/BANGKOK", says where the
        # reporters are more than where the story is: it speaks after the story's opening)
        bureaus = len(self._dateline) > 1 and not frozenset.intersection(
            *(p.countries for p in self._dateline)
        )
        if self._dateline and not bureaus and not self._filed_from_abroad():
            yield Level(list(self._dateline))
        if self.headline is not None and self.headline.index != i:
            yield self._context_level(self.headline.index)
        lede = self.lede
        if lede is not None and lede.index != i and lede.paragraph != sent.paragraph:
            # (where the headline does not say, the story's first sentence does, for the
            # headline's own figures too)
            yield self._context_level(lede.index)
        if self._dateline and bureaus:
            yield Level(list(self._dateline))
        for deck in self.decks:
            if deck.index != i:
                # (where neither says, the lines under the headline: a byline's places)
                yield self._context_level(deck.index)
        first = self._first_placed()
        if first is not None:
            # (where neither says, the story's first paragraph that names a place: an
            # opinion piece on "Yolanda's dead" names the Philippines only later)
            yield first

    def _first_placed(self) -> Level | None:
        """The places of the story's first paragraph that names any, where the headline,
        the dateline and the story's first sentence name none; None otherwise."""
        if self._first is None:
            self._first = Level([])
            framed = [s for s in (self.headline, self.lede) if s is not None]
            if (
                self.lede is not None
                and not self._dateline
                # (a state named as who acts, "Bangladesh's government is piecing together
                # what happened", is no place to read the story's figures by: the first
                # paragraph naming one, itself included, is)
                and not any(
                    not (p.acted or p.went)
                    or p.kind == PlaceKind.PEOPLE  # (a people acting is a group)
                    for s in framed
                    for p in self._mark_agents(self.places_in(s.index), s.end)
                )
            ):
                for line in _LINE_RE.finditer(self.text, self.lede.start):
                    s, e = line.span()
                    places = self._without_between(
                        self._with_subjects(self.finder.find(self.text, s, e), s, e)
                    )
                    if places:
                        self._first = Level(places)
                        break
        return self._first if self._first.places else None

    def _filed_from_abroad(self) -> bool:
        """Is the dateline a bureau abroad ("NAIROBI" over a story the headline places in
        Sudan)?  Then it says where the reporter is, not where the figures are."""
        if self._abroad is None:
            said = (
                [p for p in self.places_in(self.headline.index) if p.countries]
                if self.headline is not None
                else []
            )
            home = {c for p in self._dateline for c in p.countries}
            self._abroad = bool(said) and not any(p.countries & home for p in said)
        return self._abroad

    def _context_level(self, j: int, now: bool = False) -> Level:
        """The places of sentence `j` as context for a figure after it (read once); with
        `now`, those its words date before the article marked as another time's (for the
        sentences just before a figure: the headline and the story's first sentence say
        what the story is about, of whatever time)."""
        level = self._context.get((j, now))
        if level is None:
            sent = self.sentences[j]
            # (an aside on who the counted were, "many of them women who sewed for European
            # retailers", says nothing of where the next sentence's figure is)
            asides = self._marks_in(j).asides
            places = [p for p in self.places_in(j) if not _inside(p, asides)]
            lead = self.text.find(";", sent.start, sent.end) if sent.headline else -1
            if lead >= 0 and any(p.start < lead for p in places):
                # (a roundup's headline, one story after another: the first is the story
                # under it, "Pakistan's quake toll jumps; Delhi blast victims buried")
                places = [p for p in places if p.start < lead]
            if now:
                places = self._dated(sent, places)
            places = self._mark_agents(places, sent.end)
            level = self._level(places, [(sent.start, sent.end)], j, None)
            self._context[j, now] = level
        return level

    def _dated(self, sent: Sentence, places: list[Place], number: int | None = None) -> list[Place]:
        """`places` (of sentence `sent`), those its words date before the article marked
        ("the deadliest since the gas leak at Bhopal in India in 1984"): they may say a
        figure is a topic's, never that it is another place's.  Those in the same part as
        the number at `number` are not: their date is the figure's to judge.  A place
        standing for what happened there at another time ("Four weeks after Kanjuruhan,
        159 died in Seoul") says nothing of where the figure is, and is left out."""
        places = [
            p
            for p in places
            if not _TIME_AWAY_BEFORE_RE.search(self.lower, max(sent.start, p.start - 32), p.start)
        ]
        dated = self.dated_past
        if dated is None or not places:
            return places
        return [replace(p, then=True) if dated(sent, p.start, number) else p for p in places]

    def _marks_in(self, i: int) -> _Marks:
        """The words of sentence `i` that refer to places or say a figure is elsewhere."""
        marks = self._marks.get(i)
        if marks is None:
            sent = self.sentences[i]
            words, lower = self.words, self.lower
            asides = [m.span() for m in _ASIDE_RE.finditer(self.text, sent.start, sent.end)]
            venue = _VENUE_OPENING_RE.match(self.text, sent.start, sent.end)
            if venue is not None:
                asides.append(venue.span("venue"))
            if not words.any_mark.search(lower, sent.start, sent.end):
                # (most sentences: none of the words, and no scan for each kind)
                marks = _Marks(
                    anaphora=[],
                    elsewhere=[],
                    combined=[],
                    asides=asides,
                    regions=[],
                    parts=[],
                    inner=[],
                )
            else:
                marks = self._marked(i, asides)
            self._marks[i] = marks
        return marks

    def _marked(self, i: int, asides: list[tuple[int, int]]) -> _Marks:
        """The marks of sentence `i` (see `_marks_in`), read kind by kind."""
        sent = self.sentences[i]
        words, lower = self.words, self.lower
        parts = list(words.several_parts.finditer(lower, sent.start, sent.end))
        return _Marks(
            anaphora=sorted(
                (m.start(), kind, title)
                for rule, kind, title in words.anaphora
                for m in rule.finditer(lower, sent.start, sent.end)
                if not m.group(0).startswith("the ")
                or lower.startswith("'s", m.end())
                or lower.startswith("’s", m.end())
                or (
                    words.locative_before.search(lower, max(sent.start, m.start() - 24), m.start())
                    and not _BODY_NOUN_AFTER_RE.match(lower, m.end())
                )
            ),
            elsewhere=[
                m.span()
                for m in words.elsewhere.finditer(lower, sent.start, sent.end)
                if not self._placed_after(m, i)
            ],
            combined=[
                m.start()
                for m in words.combined.finditer(lower, sent.start, sent.end)
                if not self._joins_counts(m)
            ],
            asides=asides,
            regions=[m.start() for m in words.regions.finditer(lower, sent.start, sent.end)],
            parts=[m.start() for m in parts if not words.parts_of_provinces.search(m.group())],
            inner=[m.start() for m in parts if words.parts_of_provinces.search(m.group())]
            + [m.start() for m in words.whole_province.finditer(lower, sent.start, sent.end)],
        )

    def _says_figures_where(
        self, i: int, number: int, positions: Sequence[int], start: int, end: int
    ) -> bool:
        """Does one of the marks at `positions` in text[start:end] say where the figure at
        `number` of sentence `i` is (`_region_of_figure`)?"""
        return any(
            start <= pos < end and self._region_of_figure(i, number, pos, end) for pos in positions
        )

    def _region_of_figure(self, i: int, number: int, pos: int, end: int) -> bool:
        """Does a region of several states at `pos` say where the figure at `number` of
        sentence `i` is (in a span ending at `end`), by standing in its own words ("killed
        180 people in Europe") or opening the sentence, past a dateline ("Across Europe,
        ...")?  Not in an aside ("..., the worst floods in Europe")."""
        if "," not in self.text[min(number, pos) : max(number, pos)]:
            return True
        opens = self.sentences[i].start
        if opens <= self._dateline_span[0] < self._dateline_span[1] <= end:
            opens = self._dateline_span[1]  # (after "KATHMANDU --")
        stamp = _LIVE_TIME_RE.match(self.text, opens, pos)  # (after "17:30 - ")
        return not self.text[stamp.end() if stamp else opens : pos].strip()

    def _joins_counts(self, m: re.Match[str]) -> bool:
        """Does "combined" or "together" at `m` join two counts ("the dead and missing
        together", "killed and injured combined"), not two places ("Nepal and India
        combined")?  Two lower-case words joined by "and" are no place's names."""
        return m.group(0) in _COUNTS_JOINED and bool(
            _COMMON_PAIR_BEFORE_RE.search(self.text, max(0, m.start() - 60), m.start())
            # ("Put together, the ministry's figures mean 32 have died": counts summed)
            or _SUMMED_BEFORE_RE.search(self.lower, max(0, m.start() - 12), m.start())
        )

    def _placed_after(self, m: re.Match[str], i: int) -> bool:
        """Is the "elsewhere" of `m` followed by the place it means ("elsewhere in
        Ethiopia": a place the gazetteer knows, which then says where; "elsewhere in the
        country", which refers to the country named)?"""
        after = _PLACE_AFTER_RE.match(self.lower, m.end())
        if m.group(0) != "elsewhere" or after is None:
            return False
        return any(p.start == after.end() for p in self.places_in(i)) or any(
            kind == PlaceKind.COUNTRY and rule.match(self.lower, after.end())
            for rule, kind, _ in self.words.anaphora
        )

    # -- one level ----------------------------------------------------------------------
    def _level(
        self, places: list[Place], spans: Sequence[tuple[int, int]], i: int, number: int | None
    ) -> Level:
        """The places of one level, nearest to the figure's `number` first; in a level of
        context (`number` None: an earlier sentence, the headline) the first named first."""
        level = Level(list(places))
        marks = self._marks_in(i)
        for s, e in spans:
            if e <= s:
                continue
            done: set[PlaceKind] = {p.kind for p in places}
            for pos, kind, title in marks.anaphora:
                if s <= pos < e and kind not in done:
                    done.add(kind)
                    found = self._nearest_before(kind, i, pos, title)
                    if found is not None:
                        level.places.append(found)
            for o_start, o_end in marks.elsewhere:
                if s <= o_start < e:
                    level.places.append(Place(o_start, o_end, "", PlaceKind.COUNTRY, _NOWHERE))
                    break
            # (a total said to span states before a colon is not each entry's after it: "the
            # toll across four countries stood at 24: seven in Poland, ...")
            told = [
                pos
                for pos in marks.combined
                if s <= pos < e
                and (number is None or ":" not in self.text[min(pos, number) : max(pos, number)])
            ]
            said = bool(told)
            several = any(_STATES_WORD_RE.match(self.lower, pos) for pos in told)
            combined = self._combined_countries(places, said, i, s, several)
            if combined is not None:  # (one span saying so is enough)
                level.combined = combined
            if number is not None:
                # (a region of several states, or several provinces, named as the figure's)
                if self._says_figures_where(i, number, marks.regions, s, e):
                    level.combined = _UNNAMED
                whole = [
                    across.start()  # (where the words start: "Across Sudan, ..." opens)
                    for p in places
                    if p.kind == PlaceKind.COUNTRY
                    and (
                        across := _WHOLE_OF_BEFORE_RE.search(
                            self.lower, max(s, p.start - 16), p.start
                        )
                    )
                ]
                if self._says_figures_where(i, number, marks.parts, s, e) or (
                    # ("12 million driven from their homes across Sudan": the whole country's)
                    self._says_figures_where(i, number, whole, s, e)
                ):
                    level.wider = True
                elif self._says_figures_where(i, number, marks.inner, s, e):
                    level.inner = True
        if number is None:
            level.places.sort(key=lambda p: p.start)
        else:
            level.listed = self._listed(places)
            level.places.sort(key=lambda p: abs(p.start - number))
        return level

    def _listed(self, places: list[Place]) -> tuple[Place, ...]:
        """Two or more provinces or towns of `places` joined as a list with "and" or "or"
        ("in Sylhet, Mymensingh and Rangpur", "Paradise and Magalia"); none otherwise (a
        town and its province, "Cianjur, West Java", join by a comma only)."""
        ordered = sorted(
            (p for p in places if p.kind < PlaceKind.COUNTRY and p.plain),
            key=lambda p: p.start,
        )
        generic = self.finder.generic
        run: list[Place] = []
        for p in ordered:
            join = _LIST_JOIN_RE.fullmatch(self.text, run[-1].end, p.start) if run else None
            if join is None or (join[1] and join[1].removesuffix("s") not in generic):
                run = [p]
                continue
            run.append(p)
            if join[3] or join[4]:
                return tuple(run)
        return ()

    def _combined_countries(
        self, places: list[Place], said: bool, i: int, start: int, several: bool = False
    ) -> frozenset[str] | None:
        """The countries a total spans: places of two countries joined by "and" or commas,
        or any places of a clause saying "combined", "both countries" (when it names none,
        the last two countries named before it; when it says `several` countries and names
        one, countries it does not name too)."""
        if len(places) < 2 and not said:
            return None
        # (a list of where the counted come from is no total over those countries)
        ordered = sorted(
            (p for p in places if p.kind != PlaceKind.PEOPLE and not p.origin),
            key=lambda p: p.start,
        )
        run: set[str] = set()
        for k, p in enumerate(ordered):
            joined = k > 0 and _COORDINATION_RE.fullmatch(self.text, ordered[k - 1].end, p.start)
            if not joined:
                run = set()
            if len(p.countries) == 1:
                run |= p.countries
            if len(run) >= 2:
                return frozenset(run)
        if not said:
            return None
        distinct = {c for p in ordered if len(p.countries) == 1 for c in p.countries}
        if len(distinct) >= 2:
            return frozenset(distinct)
        if several and distinct and any(p.kind >= PlaceKind.COUNTRY for p in ordered):
            # ("Including Greece, Daniel has now killed 14 people in three countries": one
            # state named among others not named, a total no topic on it takes)
            return _UNNAMED
        if ordered:
            return None
        return self._countries_before(i, start, 2) or _UNNAMED

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

    def _nearest_before(self, kind: PlaceKind, i: int, pos: int, title: str = "") -> Place | None:
        """The place of `kind` that "the country" (or "the province", "the city") at `pos`
        refers to: the nearest one named before it in its paragraph, else the dateline's,
        else the headline's, else the nearest one named before.  With a `title` ("the
        kingdom"), the nearest place of any kind lying in one state whose official name
        has the title (Mecca's: "Kingdom of Saudi Arabia"), read as that state; "the
        capital", the nearest city, or the capital of the nearest country."""
        gazetteer = self.finder.gazetteer
        official = gazetteer.official_names
        for p in self._named_before(i):
            if p.start >= pos:
                continue
            if title == "capital":
                if p.kind == PlaceKind.CITY:
                    return replace(p, start=pos, end=pos)
                if p.kind >= PlaceKind.COUNTRY and len(p.countries) == 1:
                    name = gazetteer.capitals.get(next(iter(p.countries)))
                    if name is not None:
                        return Place(pos, pos, name, kind, p.countries, place_key(name))
            elif not title:
                if p.kind == kind or (kind == PlaceKind.COUNTRY and p.kind == PlaceKind.PEOPLE):
                    return replace(p, start=pos, end=pos)
            elif len(p.countries) == 1 and title in official.get(next(iter(p.countries)), ""):
                (code,) = p.countries
                name = self.finder.gazetteer.country_names.get(code, p.name)
                return Place(pos, pos, name, PlaceKind.COUNTRY, p.countries, place_key(name))
        return None

    def _named_before(self, i: int) -> Iterator[Place]:
        """The places a reference in sentence `i` may stand for, nearest first: those of its
        paragraph up to it, then the dateline's, the headline's and every earlier
        sentence's."""
        paragraph = self.sentences[i].paragraph
        for j in range(i, -1, -1):
            if self.sentences[j].paragraph != paragraph:
                break
            yield from reversed(self.places_in(j))
        yield from self._dateline
        if self.headline is not None:
            yield from self.places_in(self.headline.index)
        for j in range(i, -1, -1):
            yield from reversed(self.places_in(j))


@dataclass(frozen=True, slots=True)
class _Marks:
    """Where a sentence refers to a place ("in the country"), says a figure is elsewhere,
    speaks of a total over places ("combined"), or has an aside about something else."""

    anaphora: list[tuple[int, PlaceKind, str]]
    """Where a place is referred to, its kind and title ("in the kingdom": "kingdom")."""
    elsewhere: list[tuple[int, int]]
    combined: list[int]
    asides: list[tuple[int, int]]
    regions: list[int]
    """Where a region of several states is named as where the figure is ("in Europe")."""
    parts: list[int]
    """Where several provinces are named as where the figure is ("across six states")."""
    inner: list[int]
    """Where several parts of a province are ("across six counties")."""

    @property
    def speak_of_places(self) -> bool:
        """Does the sentence refer to a place, say "elsewhere" or name a total over places,
        whatever place names it holds?"""
        return bool(
            self.anaphora
            or self.elsewhere
            or self.combined
            or self.regions
            or self.parts
            or self.inner
        )


_LINE_RE = re.compile(r"[^\n]+")
_TELL_VERBS = speech_verbs("reports", "claims", "confirmed")
"""The verbs a teller tells by, for the patterns below that ask who told."""
# after "police", "officials": who told ("police chief says", "officials said")
_TELLS_AFTER_RE = re.compile(
    rf"(?:\s+(?:chief|head|commander|spokesm[ae]n|spokeswoman|officials?))?\s+{_TELL_VERBS}\b"
)
# a state that tells what it did itself ("Israel says it has killed ..."): the teller acted
_ITSELF_AFTER_RE = re.compile(
    rf"(?:['’]s\s+[\w-]+(?:\s+[\w-]+)?)?(?:\s+\w+)?\s+{_TELL_VERBS}"
    r"\s+(?:that\s+)?(?:it|they|its|their)\b"
)
_GIVES_COUNT = (
    r"(?:(?:has|have|had|is|are|was|were)\s+)?(?:(?:now|still|also|so\s+far)\s+)?"
    r"(?:raised|lowered|revised|updated|put|puts|gave|gives|released|published|counted|"
    r"recorded|registered|reporting|counting|recording"
)
"""An office's verb giving a count, in any tense (its group left open for more verbs)."""
# after a people's name, its state's office or media giving a count ("Lebanese officials now
# put the toll at", "the Iranian health ministry has raised", "Chinese state media still put
# it at"; not one that "stated" what its rescuers abroad found)
_OFFICE_AFTER_RE = re.compile(
    r"\s+(?:[a-z-]+\s+)?(?:officials|authorities|government|ministry|ministries|media|"
    r"television|news\s+agency)\s+"
    rf"{_GIVES_COUNT})\b"
)
# a state's office that counts ("Puerto Rico's government has raised the toll"): it tells
_COUNTING_OFFICE_AFTER_RE = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:government|ministry|authorities|officials)\s+"
    rf"{_GIVES_COUNT}|{_TELL_VERBS})\b"
)


_TIME_AWAY_BEFORE_RE = folded(rf"\b{DURATION_UNITS}\s+(?:after|before)\s+(?:the\s+)?$")
"""Words before a place that stands for what happened there at another time ("weeks
after Kanjuruhan")."""


def _inside(p: Place, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= p.start < e for s, e in spans)


def _names_word(lower: str, key: str) -> bool:
    """Does `lower` (lower-cased text) hold the name `key` (a `place_key`) as words?"""
    spaced = r"[\s-]+".join(map(re.escape, key.split()))
    return re.search(rf"(?<![\w-]){spaced}(?![\w-])", lower) is not None

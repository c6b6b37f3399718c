"""The rule table: load `rules.toml` (plus user files and terms), compile it once.

Rules are data.  This module only turns the lists into regular expressions; the functions
that apply them live in `clauses.py`, `attribution.py` and `subjects.py`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tallywatch.constants import METRICS
from tallywatch.extract.folding import Rule, lower_text
from tallywatch.extract.numbers import NUMBER_WORDS

# Order matters where phrases overlap: "killed or wounded" (casualties) before "killed".
METRIC_ORDER: tuple[str, ...] = (
    "casualties",
    "killed",
    "wounded",
    "captured",
    "missing",
    "evacuated",
    "displaced",
    "returned",
    "deployed",
)


class RulesError(ValueError):
    """A rule file is missing, unreadable or has a bad entry."""


def load_builtin() -> dict[str, Any]:
    text = resources.files("tallywatch.extract").joinpath("rules.toml").read_text("utf-8")
    return tomllib.loads(text)


def merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge `extra` over `base`: tables key by key, lists extended (without duplicates)."""
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, Mapping):
            out[key] = merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        else:
            out[key] = value
    return out


def load_rules(paths: Iterable[Path] = (), terms: Mapping[str, list[str]] | None = None) -> Rules:
    data = load_builtin()
    for path in paths:
        try:
            extra = tomllib.loads(Path(path).read_text("utf-8"))
        except OSError as exc:
            raise RulesError(f"{path}: cannot read: {exc.strerror}") from None
        except tomllib.TOMLDecodeError as exc:
            raise RulesError(f"{path}: not valid TOML: {exc}") from None
        data = merge(data, extra)
    for metric, words in (terms or {}).items():
        table = data.setdefault("metrics", {}).setdefault(metric, {})
        for role in ("predicates", "status"):
            table[role] = list(table.get(role, [])) + [w for w in words if w]
    return Rules(data)


def _term(term: str) -> str:
    """A term's regex: a space that may be left out (" ?": "can ?not", "per ?cent") as an
    optional whitespace run, every other space as a whitespace run."""
    return re.sub(r" +", r"\\s+", re.sub(r" \?", r"\\s*", term.strip()))


_PLAIN_RE = re.compile(r"^[A-Za-z][A-Za-z' -]*(?:s\?)?$")


def _trie(words: Iterable[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def alternation(terms: Iterable[str], fold: bool = True) -> str:
    """A regex for any of `terms`, spaces as whitespace runs.

    Plain words (optionally ending in `s?`) are folded into a trie, which Python's regex
    engine scans much faster than a long list of alternatives; other terms stay regexes and
    are tried first, longest first.  Use case-insensitively.
    """
    if not fold:
        return "|".join(_term(t) for t in sorted(set(terms), key=len, reverse=True)) or "(?!)"
    plain: set[str] = set()
    complex_terms: set[str] = set()
    for term in terms:
        term = term.strip()
        if not term:
            continue
        if _PLAIN_RE.match(term):
            if term.endswith("s?"):
                plain.update((term[:-2], term[:-1]))
            else:
                plain.add(term)
        else:
            complex_terms.add(term)
    parts = [_term(t) for t in sorted(complex_terms, key=len, reverse=True)]
    if plain:
        parts.append(_trie(plain))
    return "|".join(parts) or "(?!)"


_QUANTIFIERS = "?*{"
_CODE_ESCAPES = "xuUN"


def required_word(term: str) -> str | None:
    """The longest word that every match of the regular expression `term` holds, as
    `lower_text` writes it (`"(?:\\w+ )?years ago"` -> `"years"`): letters outside every group and
    class, not made optional by a quantifier.  None when no word can be told (an
    alternation outside groups, or no letters but in groups)."""
    if re.compile(term).flags & re.VERBOSE:
        return None
    best = ""
    run: list[str] = []
    depth = 0
    i = 0

    def flush() -> None:
        nonlocal best
        if len(run) > len(best):
            best = "".join(run)
        run.clear()

    while i < len(term):
        ch = term[i]
        if ch == "\\":
            if term[i + 1 : i + 2] in _CODE_ESCAPES:
                return None  # (a letter written as a code)
            flush()
            i += 2
            continue
        if ch == "[":
            flush()
            i += 1
            if term[i : i + 1] == "^":
                i += 1
            if term[i : i + 1] == "]":  # a literal "]" first in the class
                i += 1
            while i < len(term) and term[i] != "]":
                i += 2 if term[i] == "\\" else 1
            i += 1
            continue
        if ch == "|" and depth == 0:
            return None
        if ch in _QUANTIFIERS and run and depth == 0:
            run.pop()  # "years?": the letter before is optional
        if ch.isalpha() and depth == 0:
            run.append(ch)
        else:
            flush()
            depth += (ch == "(") - (ch == ")")
        i += 1
    flush()
    return lower_text(best) if best else None


def required_words(terms: Iterable[str]) -> tuple[str, ...] | None:
    """One `required_word` per term: a text holding none of them (lower-cased, as
    `lower_text` does) matches no term case-insensitively.  None when some term has none."""
    words = []
    for term in terms:
        if not term.strip():
            continue
        word = required_word(term)
        if word is None:
            return None
        words.append(word)
    return tuple(sorted(set(words)))


def words_re(terms: Iterable[str]) -> str:
    return rf"(?<![\w-])(?:{alternation(terms)})(?![\w])"


def _stems(metrics: dict[str, dict[str, Any]], nouns: dict[str, Any]) -> set[str]:
    """Four-letter stems of every cue word: a sentence without any cannot hold a figure."""
    terms: list[str] = [*nouns.get("people", []), *nouns.get("military", [])]
    for table in metrics.values():
        for role, value in table.items():
            if role == "objects":
                for entry in value:
                    terms.extend([entry] if isinstance(entry, str) else entry.get("terms", []))
            elif isinstance(value, list):
                terms.extend(value)
            elif isinstance(value, str):
                terms.append(value)
    stems = set()
    for term in terms:
        for run in re.findall(r"[A-Za-z]{4,}", term):
            stems.add(run[:4].lower())
    return stems


_WORD_TERM_RE = re.compile(r"[a-z][a-z' -]*(?:s\?)?")
_WORD_SECTIONS = ("grammar", "qualifiers", "metrics", "scope", "attribution")
"""The sections of the rule table that hold English words (not names, units or codes)."""


def vocabulary(data: Mapping[str, Any], sections: Iterable[str] | None = None) -> frozenset[str]:
    """The plain words of the rule table, lower-cased: the words the extractor knows; with
    `sections`, only those of these tables (and of the English word lists of `[nouns]` and
    `[places]`, whose other lists hold names, units and codes).

    "homes?" gives "home" and "homes", "at least" gives "at" and "least"; a regular
    expression gives nothing (its words may be pieces of words)."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            term = value.strip().lower()
            if _WORD_TERM_RE.fullmatch(term):
                plural = term.endswith("s?")
                for word in (term[:-2] if plural else term).replace("-", " ").split():
                    words.add(word)
                    if plural:
                        words.add(word + "s")
                    elif len(word) > 5 and word.endswith("s") and not word.endswith("ss"):
                        words.add(word[:-1])  # "displacements": "displacement" too
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    if sections is None:
        walk(data)
    else:
        for section in sections:
            walk(data.get(section, {}))
        nouns = data.get("nouns", {})
        for kind in ("people", "military", "households", "force"):
            walk(nouns.get(kind, []))
        places = data.get("places", {})
        for kind in ("locative", "directions", "nouns", "agent_nouns", "agent_verbs"):
            walk(places.get(kind, []))
    return frozenset(w.strip("'") for w in words if w.strip("'"))


_UNSEEN = object()
_SEEN_LIMIT = 50_000
"""Words whose nearest known word is remembered (the words of a few thousand articles)."""


class NearWords:
    """Words one letter from a known one (a letter dropped, added, changed or two letters
    swapped), found by comparing the variants of both with one letter deleted."""

    MIN_LENGTH = 5
    """Shorter words are left alone: "boys" and "buys" are both words."""

    def __init__(self, words: Mapping[str, str], others: Iterable[str] = ()) -> None:
        """`words`: each known word and the kind it is of; `others`: other words known,
        never read as a misspelling ("villages" is no "villagers")."""
        self.known = dict(words)
        self.others = frozenset(others)
        self._seen: dict[str, str | None] = {}
        self._variants: dict[str, str] = {}
        for word, kind in words.items():
            if len(word) >= self.MIN_LENGTH:
                for variant in self._deletions(word):
                    self._variants.setdefault(variant, kind)

    @staticmethod
    def _deletions(word: str) -> set[str]:
        return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}

    def kind_of(self, word: str) -> str | None:
        """The kind of the known word `word` is a misspelling of, if it is one of one."""
        if len(word) < self.MIN_LENGTH or word in self.known or word in self.others:
            return None
        cached = self._seen.get(word, _UNSEEN)
        if cached is not _UNSEEN:
            return cached  # type: ignore[return-value]
        found = self._near(word)
        if len(self._seen) < _SEEN_LIMIT:
            self._seen[word] = found
        return found

    def _near(self, word: str) -> str | None:
        for variant in self._deletions(word):
            kind = self._variants.get(variant)
            if kind is not None:
                return kind
        return None


class AnyPattern:
    """Patterns searched for one after another: a text matches when one of them does.

    A pattern whose every alternative starts with a letter lets a search skip ahead to
    those letters; in one alternation with a pattern that starts otherwise (a word
    boundary), the search would try every position instead."""

    __slots__ = ("patterns",)

    def __init__(self, *patterns: str) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """A match in text[pos:endpos] of the first pattern that has one (not
        necessarily the leftmost match of all), else None."""
        for pattern in self.patterns:
            found = pattern.search(text, pos, endpos)
            if found is not None:
                return found
        return None


@dataclass(frozen=True, slots=True)
class ObjectCue:
    metric: str
    owner: str
    """`agent` when the verb's subject owns the counted people (sent, lost), else `other`."""
    then: Rule | None
    military: bool
    """Only a force counts (`military = true`: "massed 100,000 troops")."""
    people: bool = False
    """A force never counts (`people = true`: "airlifted 23 residents", not troops)."""
    by: Rule | None = None
    """Who must be the verb's subject, named in the clause before it (`by`: "the navy
    arrested 19 fishermen" is a capture, "police arrested 19 people" is none)."""


@lru_cache(maxsize=8)
def currency_words(excluded: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The nouns of the world's currencies (ISO 4217, from pycountry), lower case with an
    optional plural ("pesos?", "naira"): the last word of each national currency's name,
    but for those that name a country or a province ("lira", a town in Uganda), and for
    `excluded`.  Funds, metals and test codes (the "X" codes but the CFA francs) are left
    out."""
    import pycountry

    places = {c.name.lower() for c in pycountry.countries} | {
        s.name.lower() for s in pycountry.subdivisions
    }
    words: set[str] = set()
    for currency in pycountry.currencies:
        code, name = currency.alpha_3, currency.name
        if (code.startswith("X") and code not in ("XAF", "XOF", "XPF")) or "(" in name:
            continue
        word = name.split()[-1].lower()
        if word.isalpha() and word not in places and word not in excluded:
            words.add(word)
    return tuple(sorted(f"{w}s?" for w in words))


def _check(pattern: str, where: str) -> Rule:
    try:
        return Rule(pattern)
    except re.error as exc:
        raise RulesError(f"bad regular expression in {where}: {exc}") from None


class Rules:
    """Compiled rules; build once per extractor."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        metrics: dict[str, dict[str, Any]] = data.get("metrics", {})
        unknown = set(metrics) - set(METRICS)
        if unknown:
            raise RulesError(f"unknown metric(s) in rules: {', '.join(sorted(unknown))}")
        order = [m for m in METRIC_ORDER if m in metrics]
        gram = data.get("grammar", {})
        nouns = data.get("nouns", {})
        qual = data.get("qualifiers", {})

        # (up to three words between the number and the phrase: "40 bodies a day")
        self.rate_after = _check(
            r"^(?:\s+(?!in\b|within\b|for\b|during\b|over\b|of\b)[\w'’-]+){0,3}?\s+"
            rf"{words_re(gram.get('rates', []))}"
            r"(?!\s+(?:after|before|earlier|later|ago|into|of)\b)",
            "grammar.rates",
        )
        self.rate_words = required_words(gram.get("rates", []))
        """A word of each rate: a text holding none (lower-cased) has no `rate_after`."""
        mixed = words_re(gram.get("mixed_counts", []))
        self.mixed_after = _check(rf"^(?:\s+[\w'’-]+){{0,3}}?\s+{mixed}", "grammar.mixed_counts")
        self.mixed_count = _check(mixed, "grammar.mixed_counts")
        """Two metrics counted together ("the dead and missing"), wherever they stand."""
        # "300 of the 9,000 troops ...", "half of the 2,000 residents ...", "90% of Gaza's
        # 2.3 million people ...": a whole
        parts = words_re(gram.get("part_quantifiers", []))
        # (a number in words, hyphenated too: "One hundred and seventy-nine of the 181")
        number = (
            r"(?:(?<![\w,.])\d[\d,.]*%?"
            rf"|(?<![\w-])(?:[a-z]+-)?(?:{alternation(NUMBER_WORDS)})(?![\w]))"
        )
        self.whole_before = _check(
            rf"(?:(?:{parts}|{number})\s+"
            r"of\s+(?:the|these|those|its|their|(?:the\s+)?[\w.-]+['’]s)\s+"
            # (a number's whole needs no article: "Twelve of 17 students missing")
            rf"|{number}\s+of\s+)$",
            "grammar.part_quantifiers",
        )
        self.adverb_endings = tuple(gram.get("adverb_endings", [])) or ("\0",)
        self.aux_word = _check(rf"\s*{words_re(gram.get('aux', []))}", "grammar.aux")
        self.modal_word = _check(words_re(gram.get("modal", [])), "grammar.modal")
        self.negation_word = _check(words_re(gram.get("negation", [])), "grammar.negation")
        self.relative_word = _check(rf"\s*{words_re(gram.get('relative', []))}", "grammar.relative")
        self.event_noun_before = _check(
            rf"{words_re(gram.get('event_nouns', []))}\s*$", "grammar.event_nouns"
        )
        """A noun of an event right before a relative pronoun (see `grammar.event_nouns`)."""
        # (an adverb may come between: "may soon have", "could eventually send")
        self.plan_before = _check(
            rf"{words_re(gram.get('plan', []))}"
            r"(?:\s+(?:soon|eventually|also|still|later|[a-z]+ly))*\s*$",
            "grammar.plan",
        )
        self.whole_force_before = _check(
            rf"{words_re(gram.get('whole_forces', []))}(?:[\s,]+[\w'’-]+){{0,6}}[\s,]*$",
            "grammar.whole_forces",
        )
        # (the people may stand in a place, "... troops to the border", or an aside follow)
        self.planned_after = _check(
            r"(?:\s+(?:to|in|into|at|on|from|for|near|along|across|inside|within|towards?|of)"
            r"(?:\s+[\w'’-]+){1,4}?)?(?:\s*,[^,;]{1,60},)?\s+"
            + words_re(gram.get("planned_after", [])),
            "grammar.planned_after",
        )
        self.transparent = _check(rf"\s*{words_re(gram.get('transparent', []))}", "transparent")
        self.anaphoric = _check(rf"\s*{words_re(gram.get('anaphoric', []))}", "anaphoric")
        self.figure_noun = _check(
            rf"(?<![\w-])(?:{alternation(gram.get('figure_nouns', []))})\b,?"
            r"(?P<rel>(?:\s+[\w'’]+){0,10}?)\s*$",
            "grammar.figure_nouns",
        )

        # (one word-start test shared by the three lists: it runs at every position)
        self.qual_before = _check(
            r"(?<![\w-])(?:"
            + "|".join(
                rf"(?P<{name}>(?:{alternation(qual.get(name, []))})(?![\w]))"
                for name in ("at_least", "at_most", "approx")
            )
            + r")\s*(?:the\s+)?$",
            "qualifiers",
        )
        self.qual_after = _check(
            r"\s*(?:"
            + "|".join(
                rf"(?P<{name}>(?:{alternation(qual.get(name + '_after', []))})(?![\w]))"
                for name in ("at_least", "at_most", "approx")
            )
            + ")",
            "qualifiers (after)",
        )

        self.military_noun = _check(words_re(nouns.get("military", [])), "nouns.military")
        self.people_noun = _check(
            words_re([*nouns.get("people", []), *nouns.get("military", [])]), "nouns.people"
        )
        self.armed_noun = _check(words_re(nouns.get("armed", [])), "nouns.armed")
        self.state_force = _check(
            rf"(?:the\s+)?(?:{alternation(nouns.get('state_forces', []))})$", "nouns.state_forces"
        )
        self.other_group = _check(words_re(nouns.get("other_groups", [])), "nouns.other_groups")
        self.force_noun = _check(words_re(nouns.get("force", [])), "nouns.force")
        self.household_noun = _check(words_re(nouns.get("households", [])), "nouns.households")
        # (not a currency that is also a people's name: "40 Omanis died")
        peoples = {
            name.lower()
            for names in data.get("places", {}).get("demonyms", {}).values()
            for name in names
        }
        units = [
            *nouns.get("units", []),
            *currency_words(frozenset({*nouns.get("currencies_not_units", []), *peoples})),
        ]
        self.unit_word = _check(rf"\s*-?\s*{words_re(units)}", "nouns.units")
        self.person_ending = _check(
            rf"[a-z]{{2,}}(?:{alternation(nouns.get('person_endings', []))})(?![\w-])",
            "nouns.person_endings",
        )

        def metric_groups(role: str, prefix: str) -> str:
            return "|".join(
                rf"(?P<{prefix}_{m}>{alternation(metrics[m].get(role, []))})"
                for m in order
                if metrics[m].get(role)
            )

        self.head_event = _check(rf"(?<![\w-])(?:{metric_groups('heads', 'h')})(?![\w])", "heads")
        self.head_status = _check(
            rf"(?<![\w-])(?:{metric_groups('status', 's')})(?![\w])", "status"
        )
        self.modifier = _check(
            rf"(?<![\w-])(?:{metric_groups('modifiers', 'd')})(?![\w])", "modifiers"
        )

        def predicates(m: str) -> list[str]:
            return [*metrics[m].get("predicates", []), *metrics[m].get("military_predicates", [])]

        pred_all = "|".join(
            rf"(?P<p_{m}>{alternation(predicates(m))})" for m in order if predicates(m)
        )
        self.predicate = _check(rf"(?<![\w-])(?:{pred_all})(?![\w])", "predicates")
        self.force_predicate = _check(
            rf"(?<![\w-])(?:{alternation(predicates('deployed'))})(?![\w])", "predicates"
        )
        """A deployment's own verbs, for a force whose verb would count people who fled."""
        self.military_predicate = {
            m: _check(rf"^(?:{alternation(metrics[m]['military_predicates'])})$", m)
            for m in order
            if metrics[m].get("military_predicates")
        }
        self.undone = {
            m: _check(alternation(metrics[m]["undone"]), f"metrics.{m}.undone")
            for m in order
            if metrics[m].get("undone")
        }
        """Per metric, verbs that end what befell people ("found safe" for the missing)."""
        self.people_only = frozenset(m for m in order if metrics[m].get("people_only"))
        """Metrics whose verbs never count a force or armed men ("troops fled")."""
        self.flight = frozenset(m for m in order if metrics[m].get("flight"))
        """Metrics of people who left for elsewhere: where they went owns the count too."""
        self.away_from_home = frozenset(m for m in order if metrics[m].get("away_from_home"))
        """Metrics of people away from home: a noun of one keeps its metric before the verb
        of another ("evacuees spent the night in shelters")."""
        self.in_place = frozenset(m for m in order if metrics[m].get("in_place"))
        """Metrics of what befalls people where they are: where visitors were owns their
        count too."""
        self.links = _check(rf"(?<![\w-])(?:{metric_groups('links', 'l')})(?![\w])", "links")
        self.of_noun = _check(
            rf"(?<![\w-])(?:{metric_groups('of_nouns', 'o')})\s*(?:(?:an?|the)\s+)?(?:\w+\s+)?$",
            "of_nouns",
        )
        self.of_noun_tight = _check(
            rf"(?<![\w-])(?:{metric_groups('of_nouns', 'o')})\s*$", "of_nouns"
        )
        self.strength = {
            m: _check(rf"^{metrics[m]['strength']}\b", m)
            for m in order
            if metrics[m].get("strength")
        }

        self.objects: list[tuple[Rule, ObjectCue]] = []
        object_terms: list[str] = []
        for m in order:
            for entry in metrics[m].get("objects", []):
                if isinstance(entry, str):
                    entry = {"terms": [entry]}
                object_terms.extend(entry.get("terms", []))
                cue = ObjectCue(
                    metric=m,
                    owner=entry.get("owner", "other"),
                    then=_check(rf"\s*(?:{_term(entry['then'])})", m)
                    if entry.get("then")
                    else None,
                    military=bool(entry.get("military", False)),
                    people=bool(entry.get("people", False)),
                    by=_check(rf"\b(?:{_term(entry['by'])})", m) if entry.get("by") else None,
                )
                self.objects.append((_check(words_re(entry.get("terms", [])), m), cue))
        # a verb with words it needs after its object ("lost 2,500 men killed") before the
        # same verb without ("lost 2,500 men")
        self.objects.sort(key=lambda rule_cue: rule_cue[1].then is None)

        # any object verb from a position to the end of the text (one test for all of them)
        self.object_to_end = _check(rf"{words_re(object_terms)}\s*$", "objects")

        # a figure noun ("its estimate of N") as a whole word: "coun" would pass "country"
        self.keywords = AnyPattern(
            _trie(_stems(metrics, nouns)),
            rf"\b(?:{alternation(gram.get('figure_nouns', []))})s?\b",
        )

        scope = data.get("scope", {})
        self.cumulative = _check(words_re(scope.get("cumulative", [])), "scope.cumulative")
        # ("last week's fighting", "Saturday's quake": the day names an event, not a period)
        self.incident = _check(
            rf"(?<![\w-])(?:{alternation(scope.get('incident', []))})(?![\w'’])", "scope.incident"
        )
        self.event = _check(words_re(scope.get("events", [])), "scope.events")
        compared = alternation(scope.get("compared", []))
        self.compared_after = _check(
            rf"[\s,]*(?:{compared})\s+(?:(?:about|around|some|nearly|just)\s+)?\d"
            if compared
            else r"(?!)",
            "scope.compared",
        )
        """After a count's clause: it set against its own earlier value ("..., up from 145")."""
        self.share = _check(
            rf"(?<![\w-])(?:{alternation(scope.get('shares', []))})(?![\w'’])", "scope.shares"
        )
        self.share_words = required_words(scope.get("shares", []))
        """A word of each `share` pattern ("alone"): a clause holding none needs no scan."""
        self.running_total = _check(
            words_re(scope.get("running_totals", [])), "scope.running_totals"
        )

        dis = data.get("distractors", {})
        months = alternation(dis.get("months", []), fold=False)
        days = alternation(dis.get("weekdays", []), fold=False)
        self.before_distractor = _check(
            rf"(?:{words_re(dis.get('before', []))})\s*$", "distractors.before"
        )
        self.person_before = _check(
            rf"{words_re(dis.get('persons', []))},\s*$", "distractors.persons"
        )
        """One person's noun and a comma, ending the words before an age."""
        self.month_before = re.compile(
            rf"(?<![\w])(?:{months}|{days})\.?\s+(?:(?P<first>\d{{1,2}})\s*(?:and|-|–|to|or)\s*)?$"
        )
        self.month_after = re.compile(
            rf"^(?:(?:st|nd|rd|th)?(?:\s*(?:and|-|–|to|or)\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s*(?:of\s+)?(?:{months})\b"
            rf"|\s*[/.]\s*\d{{1,2}}[/.]\d{{2,4}})"
        )
        self.calendar_word = re.compile(rf"(?:{months}|{days})\.?$")
        """A month's or a weekday's name, whole."""
        self.when_after = re.compile(
            rf"\s+(?:on|in|by|at|during|since|until)\s+(?:early\s+|late\s+|mid-?)?(?:{months}|{days})\b"
        )
        """A day or month right after a number ("553 on Wednesday", "578,000 in June")."""
        self.english_words = vocabulary(data, _WORD_SECTIONS)
        """Plain English words of the rules (no names, units or codes)."""
        self.known_words = vocabulary(data)
        self.function_words = frozenset(w.lower() for w in gram.get("function_words", []))
        self.nouns_near = NearWords(
            {
                word: kind
                for kind, key in (
                    ("household", "households"),
                    ("military", "military"),
                    ("people", "people"),
                )
                for word in nouns.get("tolerant", [])
                if re.fullmatch(rf"(?:{alternation(nouns.get(key, []))})", word, re.IGNORECASE)
            },
            self.known_words,
        )
        self.word_prefixes = frozenset(w.lower() for w in gram.get("word_prefixes", []))
        self.attribution = data.get("attribution", {})
        self.retracted = _check(
            words_re(self.attribution.get("retracted", [])), "attribution.retracted"
        )
        self.entities: dict[str, Any] = data.get("entities", {})
        self.places: dict[str, Any] = data.get("places", {})
        agent_nouns = [
            *self.places.get("agent_nouns", []),
            *nouns.get("military", []),
            *nouns.get("force", []),
        ]
        self.agent_noun_after = re.compile(
            # (one word may stand between, "Russian air strikes", but not a determiner:
            # "In Zimbabwe the government has declared" is a place, then a new subject)
            r"(?:['’]s)?\s+(?:(?!(?:the|a|an|its|their|his|her|this|that)\s)[a-z][\w-]*\s+)?"
            rf"(?:{alternation(agent_nouns)})(?![\w])"
        )
        self.agent_verb_after = re.compile(
            rf"\s+(?:{alternation(self.places.get('agent_verbs', []))})(?![\w])"
        )
        # "former Nigerian president": a person's nationality, not a place
        self.title_after = re.compile(
            r"\s+(?:(?:former|then|acting|deputy|vice|interim|senior|top|chief)\s+)*"
            rf"(?:{alternation(data.get('attribution', {}).get('titles', []))})(?![\w])",
            re.IGNORECASE,
        )

    def hazard_words(self, *also: str) -> list[str]:
        """The words of the natural hazards' kinds of event (`[events] natural`), and of
        the kinds `also` ("accident")."""
        events = self.data.get("events", {})
        return [w for kind in (*events.get("natural", []), *also) for w in events.get(kind, [])]


_CACHE: dict[tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]], Rules] = {}


def cached_rules(paths: Iterable[Path] = (), terms: Mapping[str, list[str]] | None = None) -> Rules:
    """Compiled rules shared by extractors built from the same files and terms."""
    key = (
        tuple(str(p) for p in paths),
        tuple(sorted((k, tuple(v)) for k, v in (terms or {}).items())),
    )
    if key not in _CACHE:
        _CACHE[key] = load_rules([Path(p) for p in key[0]], {k: list(v) for k, v in key[1]})
    return _CACHE[key]

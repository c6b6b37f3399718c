"""Who a figure is attributed to: "according to X", "X said", "..., said X", "X, citing Y".

`find_attributions` returns every attribution in a sentence with the span it covers (the
source's words and the reporting verb), so the extractor can pick the one that governs a
figure and keep source names out of the subject search.  `SourceResolver` turns "he", "the
agency" and the like into the last named source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from tallywatch.extract.folding import Rule, folded, lower_text
from tallywatch.extract.rules import alternation, words_re
from tallywatch.extract.sentences import LIVE_TIME
from tallywatch.extract.speech import speech_verbs

_TIME_WORDS = (
    r"on|in|at|since|by|during|over|earlier|later|last|this|next|late|early|mid-?|same|that|"
    r"then|also|meanwhile|separately|however|but|and|so|yet|still|now|today|yesterday|"
    r"tonight|week|weekend|month|year|day|morning|evening|night|afternoon|autumn|fall|spring|"
    r"summer|winter|time|weeks|months|years|days|ago|previously|initially|first|further|"
    r"separately|meanwhile|additionally|moreover|the same day|on the same day|recently|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    # (a month's short name only before its day: "Jan. 5", "Jan 5", not "Jan Egeland")
    r"december|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?=\.|\s+\d)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{1,4}(?:st|nd|rd|th)?|"
    r"[ap]\.m|noon|midnight|midday|nightfall|dawn|dusk|daybreak|sunrise|sunset|"
    # ("Two days earlier the department": how long before)
    r"(?:two|three|four|five|six|seven|eight|nine|ten|a\s+few|several|a\s+couple\s+of)"
    r"(?=\s+(?:days|weeks|months|years|hours))"
)
# Patterns made with `folded` match the lower-cased copy of the text (see folding.py).
_LEADING_TIME_RE = folded(rf"(?:(?:{_TIME_WORDS})\b\.?,?\s*)+")
_REPORTED_BY_RE = re.compile(r"^(?:[Aa]ccording to|[Cc]iting|[Qq]uoting)\s+")
_SAME_OR_ALSO_RE = re.compile(r"^(?:[Tt]he same|[Aa]lso)\s+")
_TRAILING_AUX_RE = folded(
    r"(?:\s+(?:has|have|had|also|now|again|further|previously|earlier|then|publicly|first|"
    r"repeatedly|already|recently|separately|reportedly|officially|once|itself|himself|herself|"
    r"was|were|is|are|had|would|will|could|did|does|do|later|still))+\s*$"
)
_BOUNDARY_RE = folded(
    r"[;:\"“”]|,(?!\s*(?:citing|quoting|which|who)\b)|\s--?\s|—|–|"
    r"\b(?:that|but|while|after|before|when|as|because|since|if|which|who|whom|where|"
    r"although|though|whereas|so|than|by)\b"
)
# ", citing ... ," / ", the agency's head," closing the text: an aside after a name
_APPOSITIVE_TAIL_RE = folded(
    r",\s*(?:citing|quoting|which|who|according to|the|a|an|one of|its|his|her|in|at|after|"
    r"known as|also known as|called|dubbed|formerly|[a-z]+ing|[a-z]+ed)\b[^,;]*,\s*$"
)
_AND_RE = re.compile(r"\band\s+(?=[A-Z])")
# ", Major General Zaw Min Tun,": a name (its title first) set between commas
_NAME_BETWEEN_COMMAS_RE = re.compile(
    r",\s*(?P<name>(?:[Aa]l-|[Ee]l-)?[A-Z][\w'’.-]*(?:\s+(?:(?:al|el|bin|ibn|de|da|van|von|le|la)"
    r"[\s-]+)?[A-Z][\w'’.-]*){0,5})\s*,\s*"
)
_PASSIVE_BEFORE_RE = folded(
    r"\b(?:(?:is|are|was|were|be|been|being|it's)(?:\s+(?:\w+ly|still|now|also|already|again))?"
    r"|an|the|also been)\s*$"
)
_RELATIVE_TAIL_RE = folded(r",\s*(?:which|who)\s*$")
# "has not said", "declined to say": no report at all
_NEGATED_BEFORE_RE = folded(
    r"(?:\b(?:not|never|no\s+longer)|n't|\b(?:declin|refus)\w*\s+to)\s+(?:\w+\s+)?$"
)
# "... confirmed that X had happened and said ...": the verb shares the first one's subject
_COORDINATED_BEFORE_RE = folded(r"\band\s*$")
# A reporting word that is also a noun, after a possessive or an article: a noun ("the
# agency's estimate", "a South Korean intelligence estimate")
_NOUN_BEFORE_RE = folded(
    r"(?:['’]s|\b(?:a|an|its|their|his|her|our|this|that|latest|previous|earlier)\s+"
    r"(?:[\w'’-]+\s+){0,3})\s*$"
)
_POSSESSIVE_BEFORE_RE = folded(r"['’]s\s+$")
# a plural form after a count or a quantifier ("across six states", "both reports"): a noun
_COUNTED_BEFORE_RE = folded(
    r"(?:\b(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|"
    r"several|many|multiple|both|all|some|few|other|various|those|these)\s+)$"
)
# "gave no figure", "published any numbers" (after a negation)
_NO_FIGURE_RE = folded(r"\b(?:no|any)\b")
# After a reporting word, words that show it is not reporting anything here: a modal or
# "to be/have" ("the reports could", "reported to have died") after any of them; an
# auxiliary, "of", "in the" or "about the" after one that is also a noun ("estimates
# of", "the claims were", "states in the region"), but not after a verb ("said in the
# autumn", "says about 2,000").
_NOT_REPORTING_AFTER_RE = folded(
    r"\s*(?:to\s+(?:be|have|been)|could|would|can|may|might|should|will|must)\b"
)
# after "reported", what befell people: a participle of a passive ("134 persons reported
# missing", "civilians reported killed"), no report
_STATUS_AFTER_RE = folded(r"\s+(?:missing|dead|killed|injured|wounded|hurt|displaced)\b")
_NOUN_AFTER_RE = folded(
    r"\s*(?:were|was|are|is|have|has|had|of|in\s+the|"
    r"about\s+(?:the|a|an|its|their|his|her|this|what|how))\b"
)
# one of these words is in every match of `according_re` (a cheap test before the scan)
_ACCORDING_WORDS = (
    "according", "citing", "quoting", "reported", "view", "estimat", "assessment", "reckoning",
)  # fmt: skip
# "figures from the NIS", "data released by the UN": the source of the figures named
# (matched on the lower-cased text, at the start of a word; the source must start with a
# capital in the text)
_FIGURES_FROM_RE = folded(
    r"(?:figures?|estimates?|data|statistics|numbers|tall(?:y|ies)|counts?|assessments?)\s+"
    r"(?:from|by|released\s+by|published\s+by|compiled\s+by)\s+"
    r"(?P<the>the\s+)?(?P<src>[a-z][^,.;:()]*?)(?=\s*(?:[,.;:(]|\b(?:that|which|who|show|"
    r"shows|put|puts|say|says|suggest|suggests|are|were|is|was)\b|$))"
)
# "a South Korean intelligence estimate", "a Pentagon assessment": the source before the noun
_SOURCE_NOUNS = ("estimate", "assessment", "report", "analysis")
_SOURCE_NOUN_RE = folded(r"(?:estimate|assessment|report|analysis)\b")
_FIGURE_NOUNS = ("figure", "estimate", "data", "statistic", "number", "tall", "count", "assess")
_SOURCE_BEFORE_RE = re.compile(
    r"(?<![\w-])[Aa]n?\s+(?P<src>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
    r"(?:\s+(?:intelligence|military|government|defen[cs]e|army|security))?)\s+$"
)
_TIME_WORD_END_RE = folded(
    r"\b(?:week|weeks|month|months|year|years|day|days|morning|evening|night|weekend|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"\d+)$"
)
_FIGURE_WORD_LIST = r"figures?|estimates?|count|tally|toll|assessment|data|numbers?|statistics"
_FIGURE_WORDS = rf"(?:{_FIGURE_WORD_LIST})"
# "WHO's last published figure", "the coast guard's latest tally", "Its register of the
# dead": whose count it is (a named owner, a reporting body named by its noun, or "its")
_OWNER_OF_FIGURE_RE = re.compile(
    r"(?P<src>(?:[A-Z][\w.&-]*)(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w.&-]*){0,5}|"
    r"(?:[Tt]he\s+)(?:[a-z-]+\s+){0,2}[a-z-]+)['’]s\s+"
    rf"(?:[a-z-]+\s+){{0,3}}(?P<noun>{_FIGURE_WORD_LIST}|reports?|register)\b"
    r"|(?<![\w'’-])(?P<its>[Ii]ts)\s+(?:[a-z-]+\s+){0,3}(?:count|tally|register|figures)\b"
)
_COUNT_THAT_RE = re.compile(
    rf"\b{_FIGURE_WORDS}\s+(?:(?:that|which)\s+)?"
    r"(?P<src>(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.&-]*){0,5}|"
    r"(?:the\s+)?[a-z]+\s+officials)\s+(?:had\s+|has\s+|have\s+)?"
    r"(?P<verb>gave|given|put|released|published|cited|offered|reported|provided|issued|"
    r"announced|used|certified|confirmed|recorded)\b"
)
_BY_AFTER_RE = re.compile(r"\s+by\b")
_TIME_AGENT_RE = folded(
    r"(?:the\s+)?(?:end|start|beginning|middle|close|time|weekend|morning|evening|afternoon|"
    r"night|deadline)\b"
)
"""After "by", a time, no one who counted ("confirmed by the end of the day")."""
_PASSIVE_BY_RE = re.compile(
    r"\b(?:verified|confirmed|reported|compiled|released|published|given|cited|provided|"
    r"issued|certified|recorded|documented|counted|registered|announced|estimated)\s+by\s+"
    r"(?P<src>(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+(?:of\s+(?:the\s+)?|for\s+(?:the\s+)?)?"
    r"[A-Z][\w'’.&-]*){0,6}|the\s+[a-z]+(?:\s+[a-z]+)?)"
)
_PERSON_RE = re.compile(
    r"(?<![\w'’-])[A-Z][a-z]+(?:[ \t]+(?:(?:al|el|bin|ibn|de|da|van|von|le|la)[ \t-]+)?"
    r"[A-Z][a-z][\w'’-]*){1,3}(?![\w'’-])"
)
# an organisation's full name, small words inside ("Department of Disaster Management
# Affairs", "Office for the Coordination of Humanitarian Affairs")
_ORGANISATION_RE = re.compile(
    r"(?<![\w'’-])[A-Z][\w'’-]*"
    r"(?:[ \t]+(?:(?:of|for|and|on)[ \t]+(?:the[ \t]+)?)?[A-Z][\w'’-]*){1,6}"
)
# an organisation's name: capitalised words ("the Health Ministry", "the Department of
# Health") or an acronym ("the RSF", "the NDRRMC's"; not a time zone or unit after a
# number, "10:05 GMT")
_BODY_RE = re.compile(
    rf"{_ORGANISATION_RE.pattern}|(?<![\w'’-])(?<!\d )[A-Z]{{2,6}}(?=['’]s\b|(?![\w'’-]))"
)
# "according to the latest situation report issued by the Department", "... to the
# authority's daily report": who gave the data, not the data
_DATA_NOUNS = r"(?:data|figures|information|estimates?|reports?|numbers|statistics|updates?|tally)"
_DATA_FROM_RE = re.compile(
    rf"^(?:(?:the|its|their|a|an)\s+)?(?:[a-z-]+\s+){{0,3}}?{_DATA_NOUNS}\s+"
    r"(?:(?:received\s+|obtained\s+|gathered\s+)?from"
    r"|(?:released|published|issued|compiled|provided|given|collected)"
    # (a time between: "figures released on Saturday by the Office of Civil Defense")
    r"(?:\s+(?:on|late|early|last|this|earlier|in)(?:\s+\w+){1,2}?)?\s+by)\s+"
)
# "the WHO" in a lower-cased copy: the acronym, never the pronoun "who"
_POSSESSIVE_END_RE = re.compile(r"['’]s$")
_WHO_ACRONYM_RE = re.compile(r"(?<=\bthe )who\b")
_DATA_OWNED_RE = re.compile(rf"['’]s\s+(?:[a-z-]+\s+){{0,3}}?{_DATA_NOUNS}$")
_SOURCE_TAIL_RE = re.compile(
    r"\s+(?:on|late|early|last|this|earlier)(?:\s+(?:on|in))?(?:\s+(?:Mon|Tues|Wednes|Thurs|"
    r"Fri|Satur|Sun)day|\s+(?:week|month|night|morning|evening|afternoon|weekend))?\s*$"
    r"|\s+on\s*$"
    r"|\s+(?:released|issued|published|dated|posted)\s+(?:at|on|in|late|early|this|last)\b.*$"
    # (a verb of its own: "The United Nations has kept to a verified toll")
    r"|\s+(?:has|have|had)\s+[a-z][\w'’-]*\b.*$",
    re.IGNORECASE,
)
"""Words ending a source's that tell when it spoke or what it did ("the ministry on Monday",
"the bulletin released at 9 a.m.", "The United Nations has kept to a verified toll"), or an
"on" the text was cut after: none of who gave the figure."""
_TIME_TAIL_RE = re.compile(r"\s+(?:on|in|last|earlier|this)\s+[\w.]+(?:\s+\d{1,2})?")
_COMPLEMENT_RE = folded(r"(?:\s+[a-z][\w'’.-]*){1,6}?\s+that\b")
_OPEN_BEFORE_RE = re.compile(r"[,\"”’]\s*$")
_SAY_VERB_RE = folded(speech_verbs() + "$")
_ARTICLE_RE = re.compile(r"(?:the|a|an)\b")
_AND_CLAUSE_RE = re.compile(r"\s+and\s+(?=[a-z])")
_LEADING_PHRASE_RE = re.compile(
    r"(?:[Ii]n|[Aa]t|[Oo]n|[Ww]ithin|[Dd]uring|[Aa]fter|[Bb]efore|[Ss]ince|[Bb]y|[Ff]or|[Ff]rom|"
    r"[Ww]ith|[Uu]nder|[Oo]ver|[Aa]mong|[Ff]ollowing|[Dd]espite|[Tt]hrough|[Aa]cross|[Rr]oughly|"
    r"[Aa]bout|[Hh]ow)\s"
)
# a label opening a sentence, up to six words before a colon ("Health ministry: ...")
_LABEL_RE = re.compile(
    # (after a live blog's time: "21:15 — Latest from the health ministry: ...")
    rf"(?:{LIVE_TIME})?"
    r"[\s\"“‘']*(?P<src>[A-Z][\w'’.&-]*(?:[ ][\w'’.&-]+){0,5}?)(?P<colon>:)\s+(?=\S)"
)
# the words of a label around the body that gave its figures ("Latest from the ministry",
# "Civil aviation ministry update")
_LABEL_LEAD_RE = re.compile(
    r"(?:[Tt]he\s+)?(?:(?:[Ll]atest|[Nn]ew(?!\s+[A-Z])|[Uu]pdated?)\s+)*"
    r"(?:(?:figures|numbers|count)\s+)?(?:from\s+)?"
)
_LABEL_TAIL_RE = re.compile(
    # (not an adjective's noun: "The first official count")
    r"(?<!\bofficial)(?:['’]s)?\s+(?:update|bulletin|briefing|figures|count|statement|latest)$",
    re.IGNORECASE,
)
_DATA_LAST_RE = re.compile(rf"\b(?:{_DATA_NOUNS}|counts?|tall(?:y|ies)|tolls?)$", re.IGNORECASE)
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
_COUNT_IN_RE = re.compile(r"\b\d[\d,.]*\b")
"""A number standing alone (not "3rd", "G7"): a count, no name's word."""
_NAME_RE = re.compile(r"(?:\s*[A-Z][\w'’.-]*){1,3}")
"""A person's name: up to three capitalised words."""
_THE_BEFORE_RE = re.compile(r"\b[Tt]he\s+$")
# "Defence officials on Monday", "officials yesterday": the day of the report, after its
# source (a source ending in another time word, "a report this week", is no source: see
# `_TIME_WORD_END_RE`)
_TRAILING_DAY_RE = re.compile(
    r"\s+(?:(?:on|earlier|late|last)\s+)?"
    r"(?:today|yesterday|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$",
    re.IGNORECASE,
)
_TRAILING_PRONOUN_RE = re.compile(r"\s(?:he|she|they|it|we)$")
# "a briefing on Tuesday the ministry": a determiner straight after a noun, not after a
# preposition, opens a second noun phrase
_DETERMINER_AFTER_WORD_RE = re.compile(
    r"(?P<word>[\w'’-]+)\s+(?:the|a|an|its|his|her|their)\s+(?=\S)"
)
_LINKING_WORDS = frozenset(("of", "for", "at", "in", "to", "on", "from", "with", "by", "and", "or"))
_DETERMINER_START_RE = re.compile(r"\b(?:the|a|an|its|his|her|their)\s+(?=\S)")
# "the worst losses the army has admitted", "the first prisoners Ukraine has reported",
# "two soldiers it says were captured": a plural noun followed straight by a determiner, a
# name or a pronoun is what the reporting verb's subject tells of, in a relative clause
# without "that"
_PLURAL_THEN_PHRASE_RE = re.compile(
    r"\b(?P<word>[a-z][a-z'’-]+[^isu\W]s)\s+"
    r"(?:(?:the|a|an|its|his|her|their)\s+|(?=[A-Z]|(?:it|he|she|they|we)\b))"
)
_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "his", "her", "this", "that", "these"))
_VERB_FIRST_RE = folded(r"\s*(?:[a-z]+s|[a-z]+ed|is|are|was|were|has|have|had)\b")
_BAD_NP_RE = re.compile(
    r"^(?:none|neither|no|nobody|nothing|these|those|this|which|what|such|some|many|several|"
    r"all|both|each|its|their|his|her|our|your|there|here|if|whether|how|why|when|where|who)\b"
    r"|^(?:one|another|others)$",
    re.IGNORECASE,
)


# (not frozen: made for every number or sentence, and frozen dataclasses are built
# several times slower; treat it as a value all the same)
@dataclass(slots=True)
class Attribution:
    start: int
    """Start of the covered span: the source's first word, or "according to"."""
    end: int
    """End of the covered span: after the verb (and a following time phrase)."""
    verb: int
    """Position of the reporting verb (or of "according")."""
    source: str
    source_start: int
    source_end: int
    counting: bool = False
    """The verb says who counted ("hospitals recorded"), not who told: a teller around it
    ("the minister said hospitals recorded ...") is the figure's source."""
    owner: bool = False
    """No verb: the source owns a count ("the coast guard's latest tally"), and is the
    source only of figures after it in its sentence."""


def _phrase_before(text: str, comma: int) -> int | None:
    """Start of the phrase (no `,;:` in it) that ends at `comma`; None when it is empty.

    Scanning back from a known comma keeps the cost linear (a regex with a leading
    `[^,;:]+` would retry from every start position).
    """
    start = max(text.rfind(",", 0, comma), text.rfind(";", 0, comma), text.rfind(":", 0, comma))
    return start + 1 if start + 1 < comma else None


def _word_starts(lower: str, at: int) -> bool:
    """A word starts at `at` (no letter, digit or hyphen before it)."""
    return at == 0 or not (lower[at - 1].isalnum() or lower[at - 1] in "-_")


def _leading_time_end(phrase: str) -> int:
    """Length of the time words opening `phrase` ("On Monday, ", "Earlier this week ")."""
    m = _LEADING_TIME_RE.match(lower_text(phrase))
    return m.end() if m else 0


def _clean_np(np: str) -> str:
    np = np.strip(" ,\t\n")
    np = _REPORTED_BY_RE.sub("", np)
    led = _LEADING_PHRASE_RE.match(np)
    cut = _leading_time_end(np)
    np = np[cut:]
    if led and not _LEADING_PHRASE_RE.match(np):
        # "At a briefing on Tuesday the ministry", "In a speech he": the opening phrase (its
        # preposition taken for a time word), then the source
        pronoun = _TRAILING_PRONOUN_RE.search(np)
        second = [
            m.end("word")
            for m in _DETERMINER_AFTER_WORD_RE.finditer(np)
            if m.group("word").lower() not in _LINKING_WORDS
        ]
        if pronoun is not None:
            np = pronoun.group(0).strip()
        elif second:
            np = np[second[-1] :].lstrip()
        elif cut == led.end() and _ARTICLE_RE.match(np):
            return ""  # "in a report shared with ...": the preposition's object, no subject
    if _LEADING_PHRASE_RE.match(np):
        # "Within a week the United Nations", "In a speech he": the noun phrase last
        pronoun = _TRAILING_PRONOUN_RE.search(np)
        det = max(_DETERMINER_START_RE.finditer(np), key=lambda m: m.start(), default=None)
        if pronoun is not None:
            np = pronoun.group(0).strip()
        elif det is not None and det.start() > 0:
            np = np[det.start() :]
    np = _SAME_OR_ALSO_RE.sub("", np)
    words = np.split()
    if len(words) > 12:
        np = " ".join(words[-8:])
    return np.strip(" ,")


class AttributionFinder:
    """Reporting patterns compiled from `[attribution]` in the rules."""

    def __init__(
        self,
        table: dict[str, Any],
        function_words: Iterable[str] = (),
        names_place: Callable[[str], bool] | None = None,
        names_count: Callable[[str], bool] | None = None,
    ) -> None:
        """`table` is `[attribution]` of the rules; `function_words` are English's small
        words (`[grammar]`), never the noun a phrase ends with; `names_place` tells a
        place's name, never who counted ("Sindh recorded 293 deaths"); `names_count` a
        count's own noun, never who gave it ("Deaths confirmed: 78")."""
        self.function_words = frozenset(w.lower() for w in function_words)
        self.names_place = names_place or (lambda phrase: False)
        self.names_count = names_count or (lambda phrase: False)
        self._figure_noun = re.compile(
            rf"(?:{alternation(table.get('figure_nouns', []))})", re.IGNORECASE
        )
        verbs = table.get("verbs", [])
        self.noun_forms = frozenset(w.lower() for w in table.get("noun_forms", []))
        self.counting = frozenset(w.lower() for w in table.get("counting_verbs", []))
        self.labels = frozenset(w.lower() for w in table.get("labels", []))
        self._reporters = re.compile(
            rf"(?<![\w-])(?:{alternation(table.get('reporters', []))})(?![\w-])", re.IGNORECASE
        )
        self._pronoun = re.compile(
            rf"^(?:{alternation(table.get('pronouns', []))})$", re.IGNORECASE
        )
        # ", spokesman for the eastern forces,": an aside giving a name's title
        self._title_tail = folded(
            rf",\s*(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){{0,2}}"
            rf"(?:{alternation(table.get('titles', []))})\b[^,;]*,\s*$"
        )
        self.verb_re = Rule(words_re(verbs))
        self.according_re = folded(
            r"\b(?:according\s+to|citing|quoting|as\s+reported\s+by|reported\s+by|"
            r"in\s+the\s+(?:view|estimate|estimation|assessment)\s+of|by\s+the\s+reckoning\s+of)"
            r"\s+(?P<src>[^,.;:()—–]+?(?:\s*\([^()]{1,20}\))?)"
            r"(?=\s*(?:[,.;:—–]|\bciting\b|\bwhich\b|\bwho\b|\bthat\b|$))"
        )
        figure_verbs = table.get("figure_verbs", [])
        self.figure_verb_re = Rule(
            rf"(?<![\w-])(?:{alternation(figure_verbs)})\s+(?:[\w'’-]+\s+){{0,5}}?"
            rf"(?:{alternation(table.get('figure_nouns', []))})\b"
        )
        # the figure verbs as they must appear in lower-cased text, if all are plain words
        # (a sentence without any of them needs no scan); None otherwise
        self._figure_verb_words = (
            [v.lower() for v in figure_verbs]
            if all(re.fullmatch(r"[A-Za-z]+", v) for v in figure_verbs)
            else None
        )
        # (up to a clause of its own: "says CM as Army races to bridge gap")
        self.inverted_re = re.compile(
            r"\s*(?P<src>(?:the|a|an|[A-Z])[^,.;:]*?)\s*"
            r"(?=[,.;:]|$|\s+(?:as(?!\s+of\b)|after|amid|while|when|before|because|but)\s)",
        )

    def can_report(self, source: str) -> bool:
        """Can `source` be who gives a figure: a name (a capitalised word past its first),
        a pronoun, or a noun for people or bodies that report ("officials", "the coast
        guard", "rescuers"), not "the flood" or "a figure"?"""
        words = source.split()
        if not words:
            return False
        if self._pronoun.match(source.strip()):
            return True
        first = 1 if words[0].lower() in _DETERMINERS else 0
        core = " ".join(words[first:])
        if self._figure_noun.fullmatch(core) or self.names_count(core):
            return False  # ("The figure was", "Deaths confirmed: 78": the count itself)
        if any(w[0].isupper() for w in words[first:]) or (first == 0 and words[0][0].isupper()):
            return True
        return self.names_reporter(source)

    def names_reporter(self, phrase: str) -> bool:
        """Does `phrase` hold a noun for people or bodies that report ("Ministry of
        Defence", "District Information Office")?"""
        return self._reporters.search(phrase) is not None

    def find(self, text: str, lower: str, start: int, end: int) -> list[Attribution]:
        """Attributions in text[start:end] (`lower` is `lower_text(text)`), by verb position."""
        found: list[Attribution] = []
        taken: list[tuple[int, int]] = []

        def add(a: Attribution) -> None:
            tail = _SOURCE_TAIL_RE.search(a.source)
            if tail is not None and tail.start() > 0:
                # ("the ministry on Monday", "the bulletin released at 9 a.m.", "The United
                # Nations has kept to a verified toll": who, not when or what it did)
                a = replace(a, source=a.source[: tail.start()])
            # (a source whose words hold a source named already, "a Red Cross estimate this
            # week put ...", is that source)
            if a.source and not any(
                s <= a.verb < e or (a.source_start <= s and e <= a.source_end) for s, e in taken
            ):
                found.append(a)
                taken.append((a.start, a.end))

        sentence = lower[start:end]
        # ("according to the WHO": the acronym is a name, not the pronoun that ends a source)
        according_lower = _WHO_ACRONYM_RE.sub("w_o", lower) if "WHO" in text[start:end] else lower
        for m in (
            self.according_re.finditer(according_lower, start, end)
            if any(map(sentence.__contains__, _ACCORDING_WORDS))
            else ()
        ):
            src = text[m.start("src") : m.end("src")].strip()
            src = _DATA_OWNED_RE.sub("", _DATA_FROM_RE.sub("", src))
            add(Attribution(m.start(), m.end(), m.start(), src, m.start("src"), m.end("src")))
        for a in self._nominal(text, lower, start, end):
            add(a)
        # (start, end, whether it is a "gave ... figures" phrase)
        verbs = [
            (m.start(), m.end(), False) for m in self.verb_re.finditer(text, lower, start, end)
        ]
        if self._figure_verb_words is None or any(
            map(sentence.__contains__, self._figure_verb_words)
        ):
            verbs += [
                (m.start(), m.end(), True)
                for m in self.figure_verb_re.finditer(text, lower, start, end)
            ]
        for v_start, v_end, figure_phrase in sorted(verbs):
            if text[v_start].isupper() and text[start:v_start].strip(" \"“‘'("):
                continue  # "The United States": a name, not a verb
            if _PASSIVE_BEFORE_RE.search(lower, max(start, v_start - 16), v_start):
                continue
            if _BY_AFTER_RE.match(lower, v_end, end):
                continue  # "a figure verified by the WHO": the source follows "by"
            if _NEGATED_BEFORE_RE.search(lower, max(start, v_start - 24), v_start) or (
                figure_phrase and _NO_FIGURE_RE.search(lower, v_start, v_end)
            ):
                continue  # "has not said", "gave no figure"
            if _NOT_REPORTING_AFTER_RE.match(lower, v_end, end) or (
                lower[v_start:v_end] in self.noun_forms
                and (
                    _NOUN_AFTER_RE.match(lower, v_end, end)
                    # a singular form after an article ("a ... estimate") or any form
                    # right after a possessive ("the agency's estimates")
                    or (
                        _NOUN_BEFORE_RE if lower[v_end - 1] != "s" else _POSSESSIVE_BEFORE_RE
                    ).search(lower, max(start, v_start - 40), v_start)
                    or (
                        lower[v_end - 1] == "s"
                        and _COUNTED_BEFORE_RE.search(lower, max(start, v_start - 16), v_start)
                    )
                )
            ):
                continue
            if _POSSESSIVE_BEFORE_RE.search(lower, max(start, v_start - 4), v_start):
                continue  # "Nepal's confirmed death toll": the owner's noun, no report
            if lower.startswith("reported", v_start) and _STATUS_AFTER_RE.match(lower, v_end, end):
                continue  # "134 persons reported missing": a participle, no report
            np_span = self._subject_before(text, lower, start, v_start)
            if np_span is None:
                inverted = self._source_after(text, lower, start, v_start, v_end, end)
                if inverted is not None:
                    add(inverted)
                continue
            s, e, np = np_span
            if np.split()[-1].lower() in _LINKING_WORDS:
                continue  # "its register of confirmed deaths": a participle, no report
            counting = lower[v_start:v_end] in self.counting
            if not self.can_report(np) or (counting and self.names_place(np)):
                continue  # "the flood has claimed", "a figure verified by", "Sindh recorded"
            tail = _TIME_TAIL_RE.match(text[v_end:end])
            cover_end = v_end + (tail.end() if tail else 0)
            # "told lawmakers last week that": the words up to "that" belong to the report
            if "that" in lower[cover_end : cover_end + 60]:
                complement = _COMPLEMENT_RE.match(lower, cover_end, end)
                if complement is not None:
                    cover_end = complement.end()
            add(Attribution(s, cover_end, v_start, np, s, e, counting=counting))
        if not found:
            for a in self._owners(text, lower, start, end):
                add(a)
        if not found:
            labelled = self._label(text, start, end)
            if labelled is not None:
                add(labelled)
        found.sort(key=lambda a: a.verb)
        return found

    def _nominal(self, text: str, lower: str, start: int, end: int) -> list[Attribution]:
        """ "figures from the NIS", "a Pentagon estimate": sources named without a verb."""
        found: list[Attribution] = []
        sentence = lower[start:end]
        if (" from " in sentence or " by " in sentence) and any(
            map(sentence.__contains__, _FIGURE_NOUNS)
        ):
            for m in _FIGURES_FROM_RE.finditer(lower, start, end):
                if not _word_starts(lower, m.start()):
                    continue
                e = m.end()
                if not text[m.start("src")].isupper():
                    # "the first figures from the city's hospitals spoke of 17": a body
                    # that reports, up to its noun
                    body = None
                    for r in self._reporters.finditer(text, m.start("src"), e):
                        if body is not None and r.start() > body + 1:
                            break
                        body = r.end()  # ("local officials": every word of the body)
                    if body is None:
                        continue
                    e = body
                s = m.start("the") if m.group("the") else m.start("src")
                found.append(Attribution(m.start(), e, m.start(), text[s:e], s, e))
        if " by " in sentence:
            # "a figure verified by the World Health Organization"
            for m in _PASSIVE_BY_RE.finditer(text, start, end):
                s, e = m.span("src")
                if _leading_time_end(text[s:e]) or _TIME_AGENT_RE.match(lower, s, e):
                    continue  # ("confirmed by Monday afternoon", "by the end of May": when)
                if text[e - 1] == "." and "." not in text[s : e - 1].split()[-1]:
                    e -= 1  # the sentence's full stop, not an abbreviation's
                found.append(Attribution(m.start(), m.end(), m.start(), text[s:e], s, e))
        if not any(map(sentence.__contains__, _SOURCE_NOUNS)):
            return found
        for m in _SOURCE_NOUN_RE.finditer(lower, start, end):
            if not _word_starts(lower, m.start()):
                continue
            before = max(start, m.start() - 80)
            if " a" not in lower[before : m.start()] and not lower.startswith("a", before):
                continue
            named = _SOURCE_BEFORE_RE.search(text, before, m.start())
            if named is not None:
                s, e = named.span("src")
                tail = _TIME_TAIL_RE.match(text, m.end(), end)  # "... estimate this week"
                cover = tail.end() if tail else m.end()
                found.append(Attribution(named.start(), cover, named.start(), text[s:e], s, e))
        return [a for a in found if not _TIME_WORD_END_RE.search(a.source)]

    def _label(self, text: str, start: int, end: int) -> Attribution | None:
        """ "Police: 12 killed in stampede", "UN: 40,000 flee floods": a headline's (or a
        note's) opening label that names a reporting body, an acronym or a title, and
        not a subject ("Kenya floods: ...")."""
        m = _LABEL_RE.match(text, start, end)
        if m is None:
            return None
        s, e = m.span("src")
        # ("Latest from the health ministry:", "Civil aviation ministry update:": who gave it)
        lead = _LABEL_LEAD_RE.match(text, s, e)
        if lead is not None and lead.end() < e:
            s = lead.end()
        tail = _LABEL_TAIL_RE.search(text, s, e)
        if tail is not None:
            e = tail.start()
        src = text[s:e]
        if not src or src.lower() in self.labels or _DATA_LAST_RE.search(src):
            return None  # (nor a count with no body named: "The first official count:")
        latest_from = lead is not None and "from" in text[lead.start() : lead.end()].lower()
        if (
            not _ACRONYM_RE.fullmatch(src)
            and not (latest_from and _NAME_RE.fullmatch(src))
            and not any(
                r.end() == len(src) or _NAME_RE.fullmatch(src, r.end())
                for r in self._reporters.finditer(src)
            )
        ):
            # (a reporting body is the label's last word, its head noun, or a title before
            # a name, "Naivasha police chief Stephen Kirui:"; "Latest from Kirui:" names
            # who gave it)
            return None
        return Attribution(m.start("src"), m.end(), m.start("colon"), src, s, e)

    def _owners(self, text: str, lower: str, start: int, end: int) -> list[Attribution]:
        """ "WHO's last published figure was ...", "the count that the intelligence service
        gave lawmakers", "by the count AFAD issued": whose figure it is, where no verb names
        a source."""
        found: list[Attribution] = []
        sentence = lower[start:end]
        if "'s " in sentence or "’s " in sentence or "its " in sentence:
            for m in _OWNER_OF_FIGURE_RE.finditer(text, start, end):
                if m.group("its"):
                    s, e = m.span("its")
                    if text[start:s].strip(" \"“‘'("):
                        continue  # ("has revised its figures": its own subject's)
                    found.append(Attribution(s, m.end(), s, "it", s, e, owner=True))
                    continue
                s, e = m.span("src")
                owner = text[s:e]
                if _leading_time_end(owner + " ") > len(owner):
                    continue  # ("Monday's count", "Sunday's figure": when, not whose)
                if not self.can_report(owner) or (
                    # (a toll is its dead's: "Turkey's death toll" names no teller, "the
                    # health ministry's toll" does)
                    m.group("noun") == "toll"
                    and not self._reporters.search(owner)
                    and not _ACRONYM_RE.fullmatch(owner.split()[-1])
                ):
                    continue
                found.append(Attribution(s, m.end(), s, owner, s, e, owner=True))
        if any(map(sentence.__contains__, _FIGURE_NOUNS)):
            for m in _COUNT_THAT_RE.finditer(text, start, end):
                s, e = m.span("src")
                found.append(Attribution(m.start(), m.end(), m.start("verb"), text[s:e], s, e))
        return found

    def _source_after(
        self, text: str, lower: str, start: int, v_start: int, v_end: int, end: int
    ) -> Attribution | None:
        """ "..., said the statement": a say-verb right after a comma, then its subject."""
        if not _OPEN_BEFORE_RE.search(text[start:v_start]):
            return None
        if not _SAY_VERB_RE.match(lower[v_start:v_end]):
            return None
        m = self.inverted_re.match(text, v_end, end)
        if not m:
            return None
        src = m.group("src").strip()
        named = _NAME_BETWEEN_COMMAS_RE.match(text, m.end(), end)
        if named is not None:
            s, e = named.span("name")
            return Attribution(v_start, named.end(), v_start, text[s:e], s, e)
        if not src or len(src.split()) > 8 or _leading_time_end(src) and not _ARTICLE_RE.match(src):
            return None
        if _COUNT_IN_RE.search(src):
            return None  # (", said an estimated 1,000 to 5,000 ...": what was said, a count)
        return Attribution(
            v_start, m.end(), v_start, src, m.start("src"), m.start("src") + len(src)
        )

    def _last_phrase(self, np: str) -> str:
        """The last of two noun phrases set side by side ("the first deaths the ministry"):
        the subject of the verb after them.  A phrase is cut only after a plural noun
        (not a small word) and only before a determiner, a pronoun or a name that is not
        a time."""
        cut = 0
        for m in _PLURAL_THEN_PHRASE_RE.finditer(np):
            rest = np[m.end("word") :].lstrip()
            if m.group("word") not in self.function_words and not _leading_time_end(rest):
                cut = len(np) - len(rest)
        return np[cut:] if cut else np

    def _subject_before(
        self, text: str, lower: str, start: int, verb: int
    ) -> tuple[int, int, str] | None:
        start = max(start, verb - 160)  # a source's name is never longer than this
        before = lower[start:verb]
        aux = _TRAILING_AUX_RE.search(before, max(0, len(before) - 60))
        trimmed = before[: aux.start()] if aux else before
        if _COORDINATED_BEFORE_RE.search(trimmed, max(0, len(trimmed) - 8)):
            return None
        rel = _RELATIVE_TAIL_RE.search(trimmed)
        if rel and _phrase_before(trimmed, rel.start()) is not None:
            trimmed = trimmed[: rel.start()]
        cut = previous = 0
        relative = None
        for m in _BOUNDARY_RE.finditer(trimmed):
            if m.group(0) == "and":
                continue
            previous, cut, relative = cut, m.end(), m
        if (
            relative is not None
            and relative.group(0) in ("that", "which", "who")
            and _VERB_FIRST_RE.match(trimmed, cut)
        ):
            # "officials of the administration that runs the east said": the noun before
            trimmed, cut = trimmed[: relative.start()].rstrip(), previous
        np_raw = text[start + cut : start + len(trimmed)]
        if not np_raw.strip():
            head = trimmed[:cut] if cut else trimmed
            # "Its spokesman, Mohamed Eljarh, said", "The UN migration agency, IOM, said":
            # the name set between commas
            named = _NAME_BETWEEN_COMMAS_RE.search(text, start, start + len(head))
            if named is not None and named.end() == start + len(head):
                s, e = named.span("name")
                return s, e, text[s:e]
            app = _APPOSITIVE_TAIL_RE.search(head)
            if app is None:
                app = self._title_tail.search(head)
            np_start = _phrase_before(head, app.start()) if app else None
            if app is None or np_start is None:
                return None
            seg = head[np_start : app.start()]
            inner_cut = 0
            for m in _BOUNDARY_RE.finditer(seg):
                inner_cut = m.end()
            base = start + np_start + inner_cut
            np_raw = text[base : start + app.start()]
        else:
            base = start + cut
        np = _clean_np(np_raw)
        if not np or _BAD_NP_RE.match(np):
            return None
        # keep "Ukrainian and Western officials" whole, but cut a clause joined by "and"
        parts = _AND_CLAUSE_RE.split(np)
        np = self._last_phrase(_TRAILING_DAY_RE.sub("", parts[-1]))
        offset = np_raw.find(np)
        s = base + max(offset, 0)
        return s, s + len(np), np


class SourceResolver:
    """Tell pronouns and generic names ("he", "the agency") from named sources."""

    def __init__(self, table: dict[str, Any]) -> None:
        self.pronoun_re = re.compile(words_re(table.get("pronouns", [])) + "$", re.IGNORECASE)
        self.generic_re = re.compile(
            rf"^(?:{alternation(table.get('generic', []))})$", re.IGNORECASE
        )

        self.organisation_words = frozenset(w.lower() for w in table.get("organisation_words", []))
        kinds: dict[str, list[str]] = table.get("generic_kinds", {})
        self.kinds = {
            head.lower(): frozenset(w.lower() for w in words) for head, words in kinds.items()
        }
        self.strict_kinds = frozenset(w.lower() for w in table.get("strict_kinds", []))
        self._title_re = re.compile(rf"(?:{alternation(table.get('titles', []))})$", re.IGNORECASE)
        # ("Police investigators gave a narrower picture": who a later "they" is)
        self._reporters_opening = re.compile(
            r"\s*(?P<who>(?:[Tt]he\s+)?(?:[A-Za-z][\w'’-]*\s+){0,3}?"
            rf"(?:{alternation(table.get('reporters', []))}))\s+(?!said\b|says\b)[a-z]",
            re.IGNORECASE,
        )

    def only_its_kind(self, generic: str) -> bool:
        """Does the generic name `generic` ("the military") stand only for a source of its
        kind (`[attribution] strict_kinds`), never for whichever source was named last?"""
        words = generic.split()
        return bool(words) and words[-1].lower() in self.strict_kinds

    def same_kind(self, generic: str, source: str) -> bool:
        """Can `source` be what the generic name `generic` ("the agency") stands for?"""
        head = generic.split()[-1].lower() if generic.split() else ""
        words = self.kinds.get(head, frozenset((head,)))
        return bool(words & set(lower_text(source).replace("’s", "").replace("'s", "").split()))

    def is_pronoun(self, source: str) -> bool:
        return bool(self.pronoun_re.match(source.strip()))

    @staticmethod
    def is_person_pronoun(source: str) -> bool:
        return source.strip().lower() in ("he", "she")

    @staticmethod
    def is_thing_pronoun(source: str) -> bool:
        return source.strip().lower() == "it"

    @staticmethod
    def is_plural_pronoun(source: str) -> bool:
        return source.strip().lower() == "they"

    def reporters_opening(self, text: str, start: int, end: int) -> str | None:
        """The reporters, several of them, a sentence at text[start:end] opens with as its
        subject ("Police investigators gave a narrower picture last week"): whom a "they
        said" after it speaks for."""
        m = self._reporters_opening.match(text, start, end)
        if m is None:
            return None
        who = m.group("who")
        last = who.split()[-1].lower()
        return who if last.endswith("s") or last in ("police", "staff", "media") else None

    def body_before(self, text: str, start: int, end: int) -> str | None:
        """The last organisation's name in text[start:end] ("the Defence Ministry"): up to
        four capitalised words whose last is a word for an organisation, with "the" before
        them when the text has it, or an acronym ("the RSF")."""
        best = None
        for m in _BODY_RE.finditer(text, start, end):
            if self.is_body(m.group(0)) and not _leading_time_end(m.group(0)):
                the = _THE_BEFORE_RE.search(text, max(start, m.start() - 4), m.start())
                best = _POSSESSIVE_END_RE.sub("", text[the.start() if the else m.start() : m.end()])
        return best

    def body_of_kind_before(self, text: str, start: int, end: int, generic: str) -> str | None:
        """The last organisation named in text[start:end] that the generic name `generic`
        ("the department") can stand for ("Malawi's Department of Disaster Management
        Affairs", then "the department said")."""
        best = None
        for m in _ORGANISATION_RE.finditer(text, start, end):
            name = m.group(0)
            # (the kind's word inside the name says what it is: "Department of ... Affairs")
            if not _leading_time_end(name) and self.same_kind(generic, name):
                best = name
        return best

    def person_before(self, text: str, start: int, end: int) -> str | None:
        """The last person's name in text[start:end] ("Lena Ortiz"): two to four
        capitalised words, none of them a word for an organisation or a title."""
        best = None
        for m in _PERSON_RE.finditer(text, start, end):
            words = m.group(0).split()
            if _leading_time_end(m.group(0)):
                continue  # ("On Monday", "In March": a time, no name)
            # ("President Recep Tayyip Erdogan", "Defence Minister Ana Kova": titles first)
            name = 0
            while name < len(words) - 1 and words[name].lower() in self.organisation_words:
                name += 1
            if name and not self._title_re.match(words[name - 1]):
                continue
            if not any(w.lower().strip(".,") in self.organisation_words for w in words[name:]):
                best = m.group(0)
        return best

    def is_body(self, source: str) -> bool:
        """Is `source` an organisation ("the United Nations", "the WHO"), not a person
        ("Prime Minister Ana Kova")?  By its last word, its head."""
        words = source.replace("’s", "").replace("'s", "").split()
        # (the head of "Department of Disaster Management Affairs" is its first noun)
        linked = next((k for k, w in enumerate(words) if k and w.lower() in ("of", "for")), None)
        if linked is not None:
            words = words[:linked]
        if not words:
            return False
        head = words[-1].strip(".,")
        return head.lower() in self.organisation_words or bool(_ACRONYM_RE.fullmatch(head))

    def needs_name(self, source: str) -> bool:
        text = source.strip()
        return bool(self.pronoun_re.match(text) or self.generic_re.match(text))

    def is_name(self, source: str) -> bool:
        return not self.needs_name(source) and any(ch.isupper() for ch in source)

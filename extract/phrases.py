"""The words right after a number: the noun phrase it counts and the verb that follows.

`PhraseReader.noun_phrase` reads "some 600 North Korean soldiers", "others", "of them",
"casualties"; `PhraseReader.predicate` walks the verb group after it ("have reportedly been
killed", "who returned home", "could be redeployed") and picks the verb that says what
happened to the counted people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tallywatch.extract.folding import folded
from tallywatch.extract.numbers import NUMBER_WORDS
from tallywatch.extract.rules import Rules
from tallywatch.extract.speech import speech_verbs

# between two verbs of one subject, what joins them as equals ("killed and wounded")
_JOINED_RE = re.compile(r"[,;:/]|\b(?:and|or|but|then)\b")
# (an initialism with its dots, "U.S.", is one word)
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[A-Za-z][\w'’\-]*|\d[\d,.]*|[(),;:.!?\"“”]")
_OR_ADJECTIVE_RE = re.compile(r"\s+(?:and|or)\s+([a-z][a-z-]*)\b")
"""A status word's coordination with another adjective ("injured or vulnerable"; matched
on the text as written: "deaths and Taroudant 980" joins a name, no adjective)."""
# (patterns from `folded` match the lower-cased copy of the text)
_PARTITIVE_RE = folded(r"\s*of\s+(?:the|their|its|his|her|these|those|our|whom|which)\b\s*")
_APPOSITION_RE = folded(
    r",\s*(?:including|mainly|mostly|many|most|among\s+them|both\s+of\s+them|all\s+of\s+them|"
    r"or|the\s+whole|the\s+entire|the\s+majority|largely|predominantly|almost\s+all)\b"
    # (a thousands separator closes no aside: ", including about 1,100 on Tuesday")
    r"(?:[^,;]|(?<=\d),(?=\d{3}))*,(?!\d{3})"
)
_COORDINATED_RE = re.compile(r"\s+(?P<closing>and|or|&)\s+|,\s+")
_WORD_AND_SPACE_RE = re.compile(r"\w+\s+")
# after "and" in a relative clause, its next verb ("and were seized", "and later died")
_VERB_AFTER_AND_RE = folded(
    r"\s+(?:\w+ly\s+)?(?:were|was|had|have|has|are|is|been|later|then|[a-z]+ed)\b"
)
_NAME = r"(?:the\s+)?[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}"
"""A name of up to four capitalised words, with its article ("the Rift Valley")."""
# a name after a word of place ("on Carriacou", "in the Rift Valley")
_NAMED_AFTER_RE = re.compile(rf"\s+{_NAME}")
# more names after a place a predicate gave ("in Kenya and Uganda", "on Carriacou, Petite
# Martinique and Grenada", "in Kenya and in Uganda"): one place phrase, not a new clause
_MORE_PLACES_RE = re.compile(rf"(?:\s*,\s*|\s+(?:and|or|&)\s+)(?:(?:in|on|at)\s+)?{_NAME}")
_ATTRIBUTION_VERB_RE = folded(
    speech_verbs("claims", "believes?", "expressed", "carried", "spoke") + r"\b"
)
_PAREN_RE = re.compile(r"\([^()]{0,120}\)")
DASH_ASIDE_RE = re.compile(
    r"\s+[—–]\s*[^—–;:()]{1,80}?\s*[—–]|\s+-\s+[^-;:()]{1,80}?\s+-(?=\s)"
    r"|\s+--\s+(?:(?!--)[^;:()]){1,80}?\s+--(?=\s)"
)
"""An aside closed by a second dash ("9,500 people — more than half the town's population —
remained missing"; plain text's "--" too); a lone dash opens a comment on the whole
sentence."""
_FIGURE_NOUN_RE = folded(
    r"\s+(?:tolls?|figures?|counts?|certificates?|rates?|lists?|estimates?|reports?|numbers|"
    r"records|statistics|tall(?:y|ies)|registers?|statements?)\b"
)
_SPACE_RE = re.compile(r"\s+")
PLACE_WORDS = frozenset(
    ("in", "inside", "at", "on", "near", "along", "around", "across", "close", "within")
)
"""The first words of predicates that tell where a force is with no verb ("in Kursk", "near
the border", "on the ground", "at the front")."""
_PRONOUN_BEFORE_RE = folded(r"\b(?:it|they|he|she|we)\s+$")
AUX_AFTER_RE = folded(r",?\s+(?:were|was|had|have|has|are|is|had\s+been|have\s+been)\b")
"""The counted people's own auxiliary right after a report or an aside set inside their
clause ("40 soldiers it says were taken", "40 soldiers, officials said, were taken")."""
# ", officials said,", ", three quarters of the population,": an aside set between commas
_ASIDE_RE = folded(r",[^,;:()]{1,80}?(?=,)")
_COMMA_THEN_WORD_RE = re.compile(r",\s+([a-z]+)\s*")
_IRREGULAR_PASTS = frozenset(("died", "fled", "left", "went", "came", "fell"))
"""Metric verbs whose past tense is irregular (a regular one: `_past_form`)."""
_LASTING_VERBS = frozenset(("remain", "remains", "stay", "stays"))
"""Verbs of a state lasting, in the present ("remain in captivity")."""
_AND_THEN_VERB_RE = re.compile(
    r"\s+and\s+(?:(?:later|then|subsequently|eventually|were|was|had|have|has|been|are|is)\s+)*"
)
"""After a verb of no metric, "and" and the words before a second verb of the same subject
("25 pupils escaped and returned home", "were rescued and taken to hospital")."""
_THEN_AFTER_RE = re.compile(
    r"(?:\s+(?:in|at)\s+(?:the\s+)?[\w-]+)?\s+and\s+(?:(?:later|then|subsequently|eventually|since)\s+)?"
)
"""Between two verbs of one subject: "were injured and later died", "hurt in the blast and
died"."""
_PERFECT_AUX = frozenset(("has", "have", "had"))
"""Auxiliaries of an active verb ("have killed 40"), unlike "were killed"."""
# a count right after a verb: its object ("killed 40 people", "injured dozens"), unless a
# unit says it is a time or a distance ("killed 2 days ago")
HEDGES = (
    r"(?:about|some|around|nearly|almost|more\s+than|at\s+least|another|close\s+to|roughly|"
    r"approximately|over|just\s+over|just\s+under|up\s+to|as\s+many\s+as|an\s+estimated|"
    r"a\s+further)"
)
"""Words before a count that hedge it or add it to another, as one alternation for the
patterns that look past them ("killed at least 40", "and close to 27,000 in the NWFP")."""
_COUNT_AFTER_RE = re.compile(
    rf"\s+(?:{HEDGES}\s+)?"
    r"(?:\d[\d,.]*|dozens|hundreds|thousands|scores|tens\s+of\s+thousands|(?:"
    + "|".join(NUMBER_WORDS)
    + r")(?:-\w+)?)\b"
)
_AGENT_AFTER_RE = re.compile(r"\s+by\s")
"""After a past participle, the agent of a reduced relative ("Serbs recruited by Russia")."""
_DETERMINER_BEFORE_RE = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|these|those)\s+$")
_SUBORDINATORS = frozenset(
    ("when", "once", "if", "unless", "until", "whether", "whereas", "because", "although")
)
"""Words that open a clause of its own inside the sentence: its verb is not the number's."""
_TIME_CLAUSE_WORDS = frozenset(("after", "before", "while"))
"""Words after the number's verb that open what happened at another time."""
# a time inside the verb group: "had at one point been", "were at the time living"
_WHEN_ADVERBIAL_RE = folded(
    r"(?:at|by)\s+(?:one|some|that|this|the|any)\s+(?:point|stage|time|moment)\b"
)
_STOP_WORDS = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "among",
        "on",
        "by",
        "for",
        "with",
        "near",
        "across",
        "into",
        "inside",
        "within",
        "during",
        "after",
        "before",
        "since",
        "between",
        "under",
        "over",
        "against",
        "toward",
        "towards",
        "through",
        "throughout",
        "via",
        "per",
        "amid",
        "and",
        "or",
        "but",
        "as",
        "while",
        "because",
        "although",
        "though",
        "despite",
        "following",
        "including",
        # (a clause of its own: "could exceed 1,000 once the missing are counted")
        *_SUBORDINATORS,
        "where",
        "than",
        # adverbs of where to ("brought 300 Filipinos home", "flew 90 Britons back")
        "home",
        "back",
    ]
)
_PLURAL_PEOPLE = frozenset(("people", "men", "women", "children", "police", "staff", "personnel"))


# After "may", "might" or "could", "have died" and "be missing" estimate what happened; "be
# killed" or "would have died" say what might happen, or might have.
_ESTIMATE_MODALS = frozenset(("may", "might", "could"))
_STATES = frozenset(("missing", "unaccounted for", "dead", "homeless"))
"""Words that say a state after "be" ("be missing"), not an event ("be killed")."""


def _estimate(modal: str, then: str, predicate: str) -> bool:
    if modal not in _ESTIMATE_MODALS:
        return False
    if then == "have":
        return modal != "could"
    return then == "be" and " ".join(predicate.split()) in _STATES


def _past_form(word: str) -> bool:
    """Is `word` a regular past tense or participle ("escaped", "rescued")?"""
    return len(word) > 4 and word.isalpha() and word.endswith("ed")


def _past_tense(word: str) -> bool:
    """Is `word` a verb in the past tense, regular or one of a metric's irregular ones
    ("landed", "died")?"""
    return _past_form(word) or word in _IRREGULAR_PASTS


def _placed(lower: str, cue: VerbCue) -> bool:
    """Is `cue` a place phrase, no verb ("in Mali", "near the border")?"""
    return lower[cue.start : cue.end].split()[0] in PLACE_WORDS


def _past_more_places(text: str, pos: int, end: int) -> int:
    """Where the names joined to a place ending at `pos` end ("in Kenya and Uganda": past
    "and Uganda"); `pos` when none is."""
    while more := _MORE_PLACES_RE.match(text, pos, end):
        pos = more.end()
    return pos


def group_metric(m: re.Match[str] | None) -> str:
    """The metric named by the group that matched (`p_killed` -> `killed`)."""
    assert m is not None
    name = m.lastgroup or ""
    return name.split("_", 1)[1]


def masked_spans(lower: str, start: int, end: int) -> list[tuple[int, int]]:
    """Asides to skip: ", including ... ,", parentheses and an aside between dashes (in the
    lower-cased text)."""
    spans = [(m.start(), m.end()) for m in _APPOSITION_RE.finditer(lower, start, end)]
    window = lower[start:end]
    if "—" in window or "–" in window or " - " in window or " -- " in window:
        spans.extend(m.span() for m in DASH_ASIDE_RE.finditer(lower, start, end))
    for m in _PAREN_RE.finditer(lower, start, end):
        at = m.start()
        while at > start and lower[at - 1].isspace():  # with the whitespace before it
            at -= 1
        spans.append((at, m.end()))
    return spans


# (not frozen: made for every number or sentence, and frozen dataclasses are built
# several times slower; treat it as a value all the same)
@dataclass(slots=True)
class NounPhrase:
    kind: str
    """people | military | status | event | force | bare | household | unknown"""
    start: int
    end: int
    head: str
    metric: str | None = None
    """The metric an event or status head carries ("casualties", "IDPs")."""
    modifier_metric: str | None = None
    """A metric adjective before the head ("displaced people", "wounded soldiers")."""
    anaphoric: bool = False
    other_group: bool = False


@dataclass(slots=True)
class VerbCue:
    metric: str
    start: int
    end: int
    finite: bool
    relative: bool
    plan: bool
    negated: bool


# (not frozen: made for every number or sentence, and frozen dataclasses are built
# several times slower; treat it as a value all the same)
@dataclass(slots=True)
class Predicate:
    cue: VerbCue | None
    nonmetric: bool
    """The main verb says something else ("were trapped"): no metric from the verb."""
    reported: bool
    """The noun is the subject of a reporting verb ("One prisoner said ...")."""


class PhraseReader:
    def __init__(self, rules: Rules) -> None:
        self.r = rules

    def _reported_as(self, text: str, lower: str, at: int, end: int) -> bool:
        """Is the verb of speech ending at `at` a participle a metric's predicate follows
        ("reported killed", "reported missing"): a passive, not a report of the people?"""
        if not lower.endswith("ed", 0, at):
            return False
        space = _SPACE_RE.match(lower, at, end)
        return (
            space is not None and self.r.predicate.match(text, lower, space.end(), end) is not None
        )

    @staticmethod
    def _adverb_before_words(text: str, at: int, end: int) -> bool:
        """Is the word ending at `at`, ending in "-ly", an adverb: a small word or the
        clause's end follows it ("shortly before noon", "roughly an hour later")?"""
        nxt = _TOKEN_RE.search(text, at, end)
        word = nxt.group(0).lower() if nxt is not None else ""
        return not word[:1].isalpha() or word in _STOP_WORDS or word in ("a", "an", "the")

    def _count_follows(self, text: str, lower: str, at: int, end: int) -> bool:
        """Does a count of something other than time or distance follow `at`?"""
        m = _COUNT_AFTER_RE.match(lower, at, end)
        return m is not None and not self.r.unit_word.match(text, lower, m.end(), end)

    # -- noun phrase -------------------------------------------------------------------------
    def noun_phrase(self, text: str, lower: str, pos: int, end: int) -> NounPhrase:
        """The phrase at text[pos:end] (`lower` is the lower-cased copy of `text`)."""
        r = self.r
        start = pos
        anaphoric = False
        for _ in range(4):
            m = r.anaphoric.match(text, lower, pos, end)
            if m and m.end() > pos:
                anaphoric = True
                pos = m.end()
                continue
            m = r.transparent.match(text, lower, pos, end)
            if m and m.end() > pos:
                pos = m.end()
                continue
            m = _PARTITIVE_RE.match(lower, pos, end)
            if m:
                pos = m.end()
                continue
            break
        modifiers = 0
        joined = False
        modifier_metric: str | None = None
        last_cap: tuple[int, int] | None = None
        cursor = pos
        while cursor < end and modifiers <= 5:
            tok = _TOKEN_RE.search(text, cursor, end)
            if not tok:
                break
            t0, word = tok.start(), tok.group(0)
            lw = word.lower()
            if word[0].isdigit() and modifiers:
                return NounPhrase("bare", start, pos, "", None, modifier_metric, anaphoric)
            if lw in ("and", "or") and modifiers and not joined:
                joined = True
                cursor = tok.end()
                continue
            if not word[0].isalpha() or lw in _STOP_WORDS:
                break
            if (
                cursor == pos
                and lw.endswith("ly")
                and self._adverb_before_words(text, tok.end(), end)
            ):
                break  # ("rose to 47 shortly before noon": no noun after the number)
            if cursor == pos and _FIGURE_NOUN_RE.match(lower, pos, end):
                # "one tally of its losses", "two estimates of the dead": a count of counts
                return NounPhrase("unknown", start, tok.end(), word)
            if r.household_noun.match(text, lower, t0, end):
                return NounPhrase("household", start, tok.end(), word)
            ev = r.head_event.match(text, lower, t0, end)
            st = r.head_status.match(text, lower, t0, end)
            people = r.people_noun.match(text, lower, t0, end)
            if (ev or st) and not people and self._adjective_of(text, lower, ev, st, end):
                mod = r.modifier.match(text, lower, t0, end)
                if mod:
                    modifier_metric = group_metric(mod)
                modifiers += 1
                cursor = (ev or st).end()  # type: ignore[union-attr]
                continue
            if ev and _FIGURE_NOUN_RE.match(lower, ev.end(), end):
                # "five death tolls", "300 death certificates": a count of something else
                return NounPhrase("unknown", start, ev.end(), text[t0 : ev.end()])
            if ev and modifiers and self._count_follows(text, lower, ev.end(), end):
                break  # ("three blasts killed 40": a verb with its object, not "N killed")
            if ev:
                return NounPhrase(
                    "event",
                    start,
                    ev.end(),
                    text[t0 : ev.end()],
                    group_metric(ev),
                    modifier_metric,
                    anaphoric,
                )
            if people and self._event_follows(text, lower, people.end(), end, word):
                # "civilian casualties", "soldier deaths": the people word is an adjective
                modifiers += 1
                cursor = people.end()
                continue
            if people:
                head_end = self._absorb_coordinated(text, lower, people.end(), end)
                kind = "military" if r.military_noun.match(text, lower, t0, end) else "people"
                other = bool(r.other_group.match(text, lower, t0, end))
                metric = group_metric(st) if st else None
                return NounPhrase(
                    kind,
                    start,
                    head_end,
                    text[t0:head_end],
                    metric,
                    modifier_metric,
                    anaphoric,
                    other,
                )
            if st:
                return NounPhrase(
                    "status",
                    start,
                    st.end(),
                    text[t0 : st.end()],
                    group_metric(st),
                    modifier_metric,
                    anaphoric,
                )
            force = r.force_noun.match(text, lower, t0, end)
            if force and self.noun_follows(text, lower, force.end(), end):
                # "37 army soldiers", "12 brigade commanders": the force word is an adjective
                modifiers += 1
                cursor = force.end()
                continue
            if force and self._thing_follows(text, lower, force.end(), end):
                # "two US Air Force C-130 transport planes": the force's things, not its men
                return NounPhrase("unknown", start, force.end(), word)
            if force:
                return NounPhrase(
                    "force", start, force.end(), word, None, modifier_metric, anaphoric
                )
            if lw.endswith("ed") and self._plural_event_after(text, lower, tok.end(), end):
                # "128 confirmed deaths", "40 reported casualties": a participle before the
                # noun, not the people's auxiliary
                modifiers += 1
                cursor = tok.end()
                continue
            if (
                r.aux_word.match(text, lower, t0, end)
                or r.relative_word.match(text, lower, t0, end)
                or r.modal_word.match(text, lower, t0, end)
            ):
                break
            unit = r.unit_word.match(text, lower, t0, end) if cursor == pos else None
            if unit and self.noun_follows(text, lower, unit.end(), end):
                # "380,000 flood victims", "200 school children": the unit word is an
                # adjective of the people counted
                modifiers += 1
                cursor = unit.end()
                continue
            if r.predicate.match(text, lower, t0, end) or unit:
                break
            if modifiers and lw.endswith("ed") and _AGENT_AFTER_RE.match(lower, tok.end(), end):
                break  # ("Serbs recruited by Russia were killed": the clause's verb follows)
            near = r.nouns_near.kind_of(lw) if word.islower() else None
            if near is not None:
                # a misspelt noun ("peole", "familis"): read as the noun it is one letter from
                if near == "household":
                    return NounPhrase("household", start, tok.end(), word)
                return NounPhrase(near, start, tok.end(), word, None, modifier_metric, anaphoric)
            if self._named_by_work(text, lower, tok, end):
                # "climbers", "fishermen": a noun for people by what they do ("campers and
                # counselors": and the people named beside them)
                head_end = self._absorb_coordinated(text, lower, tok.end(), end)
                return NounPhrase(
                    "people", start, head_end, text[t0:head_end], None, modifier_metric, anaphoric
                )
            mod = r.modifier.match(text, lower, t0, end)
            if mod:
                modifier_metric = group_metric(mod)
            last_cap = (t0, tok.end()) if word[0].isupper() else None
            modifiers += 1
            cursor = tok.end()
        if cursor == pos:
            return NounPhrase("bare", start, pos, "", None, modifier_metric, anaphoric)
        if last_cap is not None and last_cap[1] == cursor:
            return NounPhrase(
                "people",
                start,
                cursor,
                text[last_cap[0] : last_cap[1]],
                None,
                modifier_metric,
                anaphoric,
            )
        return NounPhrase(
            "unknown", start, cursor, text[pos:cursor], None, modifier_metric, anaphoric
        )

    def _plural_event_after(self, text: str, lower: str, pos: int, end: int) -> bool:
        """Is the next word a metric's plural noun ("deaths", "casualties", "injuries")?"""
        tok = _TOKEN_RE.search(text, pos, end)
        if tok is None or not text[pos : tok.start()].isspace():
            return False
        ev = self.r.head_event.match(text, lower, tok.start(), end)
        return ev is not None and lower[ev.end() - 1] == "s" and ev.end() == tok.end()

    def _adjective_of(
        self,
        text: str,
        lower: str,
        ev: re.Match[str] | None,
        st: re.Match[str] | None,
        end: int,
    ) -> bool:
        """Is the event or status word matched (`ev`, else `st`) an adjective of a people
        noun after it ("flood victims"), one coordinated with another adjective too ("8,000
        injured or vulnerable residents", not "40 injured and 30 dead")?"""
        word = ev or st
        assert word is not None
        if self.noun_follows(text, lower, word.end(), end):
            return True
        joined = _OR_ADJECTIVE_RE.match(text, word.end(), end)
        if joined is None or joined.group(1) in _STOP_WORDS:
            return False
        r = self.r
        after = _TOKEN_RE.search(text, joined.end(), end)  # (the other adjective's noun)
        return (
            after is not None
            and not r.people_noun.match(text, lower, joined.start(1), end)
            and r.people_noun.match(text, lower, after.start(), end) is not None
        )

    def noun_follows(self, text: str, lower: str, pos: int, end: int) -> bool:
        """Is there a people noun, or a metric's own noun, within the next two words of
        text[pos:end]?  (Then the word before them is an adjective: "flood victims",
        "civilian casualties", "storm deaths".)"""
        r = self.r
        for k in range(2):
            tok = _TOKEN_RE.search(text, pos, end)
            if not tok or not tok.group(0)[0].isalpha():
                return False
            t0 = tok.start()
            if (
                r.people_noun.match(text, lower, t0, end)
                or r.household_noun.match(text, lower, t0, end)
                # (a metric's own noun: "11 storm deaths", "12 quake-related injuries")
                or r.head_event.match(text, lower, t0, end)
            ):
                return True
            word = tok.group(0)
            if (
                k == 0
                and word[0].isupper()
                and word[1:].islower()
                and not r.calendar_word.match(word)
            ):
                return True  # a people's name right after ("displaced Rohingya")
            if (
                tok.group(0).lower() in _STOP_WORDS
                or tok.group(0).lower() == "of"  # ("nine percent of victims": a share)
                or r.aux_word.match(text, lower, t0, end)
                or r.predicate.match(text, lower, t0, end)
            ):
                return False  # ("prisoners returned home": a verb, then its object)
            pos = tok.end()
        return False

    def _thing_follows(self, text: str, lower: str, pos: int, end: int) -> bool:
        """Is there a noun of things (`nouns.units`: "planes", "tanks") within the next three
        words of text[pos:end], with no verb or small word before it?"""
        r = self.r
        for _ in range(3):
            tok = _TOKEN_RE.search(text, pos, end)
            if not tok or text[pos : tok.start()].strip(" -"):
                return False
            t0, word = tok.start(), tok.group(0)
            if r.unit_word.match(text, lower, t0, end):
                return True
            if word.lower() in _STOP_WORDS or r.aux_word.match(text, lower, t0, end):
                return False
            pos = tok.end()
        return False

    def _event_follows(self, text: str, lower: str, pos: int, end: int, word: str) -> bool:
        """`word`, a singular people noun, stands before a metric noun ("civilian
        casualties", "soldier deaths"): it is an adjective there."""
        if word.lower().endswith("s") or word.lower() in _PLURAL_PEOPLE:
            return False
        tok = _TOKEN_RE.search(text, pos, end)
        if tok is None or text[pos : tok.start()].strip():
            return False
        head = self.r.head_event.match(text, lower, tok.start(), end)
        return head is not None and not head.group(0).lower().endswith(("ed", "dead"))

    def _absorb_coordinated(self, text: str, lower: str, pos: int, end: int) -> int:
        """Where the people nouns joined to the one ending at `pos` end ("soldiers and police
        officers", "students and their teachers", "men, women and children"); `pos` when
        none is.  A list joined by commas counts only once "and" or "or" closes it, so that
        "300 soldiers, police said" keeps its one noun, and an item after a comma is a noun
        itself ("160,000 people, mainly women and children, fled" is an aside)."""
        cursor = pos
        while m := _COORDINATED_RE.match(text, cursor, end):
            at = m.end()
            nxt = self._people_word(text, lower, at, end)
            if nxt is None and m.group("closing"):
                word = _WORD_AND_SPACE_RE.match(text, at, end)
                nxt = self._people_word(text, lower, word.end(), end) if word else None
            if nxt is None:
                break
            if m.group("closing"):
                return nxt
            cursor = nxt
        return pos

    def _people_word(self, text: str, lower: str, at: int, end: int) -> int | None:
        """The end of a noun for people at `at`, of the table or by what they do
        ("counselors"), if one is there."""
        r = self.r
        noun = r.people_noun.match(text, lower, at, end)
        if noun:
            return noun.end()
        tok = _TOKEN_RE.match(text, at, end)
        return tok.end() if tok is not None and self._named_by_work(text, lower, tok, end) else None

    def _named_by_work(self, text: str, lower: str, tok: re.Match[str], end: int) -> bool:
        """Is the token `tok` a noun for people by what they do ("climbers", "fishermen"),
        lower case and no unit?"""
        r = self.r
        return (
            tok.group().islower()
            and r.person_ending.match(text, lower, tok.start(), tok.end()) is not None
            and not r.unit_word.match(text, lower, tok.start(), end)
        )

    # -- the verb after the noun phrase ------------------------------------------------------
    def _verb_after_aside(self, text: str, lower: str, pos: int, end: int) -> bool:
        """Does a metric's verb in the past tense, or one of lasting ("remain"), follow the
        comma closing an aside at `pos` ("One captive, a teacher, died", "The 17 crew,
        seized in November, remain in captivity")?"""
        m = _COMMA_THEN_WORD_RE.match(lower, pos, end)
        if m is None:
            return False
        if m.group(1) in _LASTING_VERBS:
            # (what lasts is told after the verb: "remain in captivity")
            return self.r.predicate.match(text, lower, m.end(), end) is not None
        return (
            _past_tense(m.group(1))
            and self.r.predicate.match(text, lower, m.start(1), end) is not None
        )

    def _coordinated_predicate(self, text: str, lower: str, pos: int, end: int) -> int | None:
        """Where a metric's verb starts after "and" at `pos` ("escaped and returned home",
        "and were taken to hospital"), or None when no such verb follows."""
        m = _AND_THEN_VERB_RE.match(lower, pos, end)
        if m is None or not self.r.predicate.match(text, lower, m.end(), end):
            return None
        return m.end()

    def predicate(self, text: str, lower: str, pos: int, end: int) -> Predicate:
        r = self.r
        masked = masked_spans(lower, pos, end)
        cues: list[VerbCue] = []
        reported = False
        aux = False
        modal = False
        modal_word = modal_then = ""
        negated = False
        relative = False
        infinitive = False
        main_nonmetric = False
        main_at = pos
        had_relative = False
        perfect = False
        tokens = 0
        cursor = pos
        while cursor < end and tokens < 16:
            for s, e in masked:
                if s <= cursor < e or (cursor <= s and not text[cursor:s].strip()):
                    cursor = e
            tok = _TOKEN_RE.search(text, cursor, end)
            if not tok:
                break
            t0 = tok.start()
            if masked and any(s <= t0 < e for s, e in masked):
                cursor = tok.end()
                continue
            word = tok.group(0)
            lw = word.lower()
            if word == "," and not cues and not aux and not relative:
                if AUX_AFTER_RE.match(lower, t0, end):
                    # "19,676 households, some 88,312 people, have been displaced": the
                    # comma closes an apposition, and the verb is the people's
                    cursor = t0 + 1
                    continue
                aside = _ASIDE_RE.match(lower, t0, end)
                if aside is not None and (
                    AUX_AFTER_RE.match(lower, aside.end(), end)
                    or self._verb_after_aside(text, lower, aside.end(), end)
                ):
                    # "40 soldiers, officials said, were killed", "1.7 million people, three
                    # quarters of the population, have been displaced", "One captive, a
                    # teacher, died in captivity": the clause goes on
                    cursor = aside.end() + 1
                    continue
            if word in ",;:.!?":
                break
            if not cues and not relative and not had_relative and lw in _SUBORDINATORS:
                break  # ("could reach 1,000 once the missing are counted": their own clause)
            if cues and lw in _TIME_CLAUSE_WORDS:
                break  # ("died after being taken to hospital": what came before the verb)
            if not cues and not aux and not relative and _ATTRIBUTION_VERB_RE.match(lower, t0, end):
                said = _ATTRIBUTION_VERB_RE.match(lower, t0, end)
                if (
                    said is not None
                    and _PRONOUN_BEFORE_RE.search(lower, max(pos, t0 - 6), t0)
                    and AUX_AFTER_RE.match(lower, said.end(), end)
                ):
                    # "two soldiers it says were taken prisoner": a report inside the clause
                    cursor = said.end()
                    continue
                if said is not None and self._reported_as(text, lower, said.end(), end):
                    # "5,805 civilians reported killed": the participle of a passive, not
                    # the people's own report
                    cursor = said.end()
                    continue
                reported = True
                break
            pred = r.predicate.match(text, lower, t0, end)
            aux_here = r.aux_word.match(text, lower, t0, end) if pred else None
            # (a predicate opening with an auxiliary is taken whole: "remain in camps")
            if pred and (aux or aux_here is None or pred.end() > aux_here.end() or lw in ("left",)):
                if (
                    all(_placed(lower, c) for c in cues)
                    and (not aux or perfect)
                    and not relative
                    and lw not in _STOP_WORDS
                    and self._count_follows(text, lower, tok.end(), end)
                ):
                    # "Two gunmen killed 40 people", "three blasts have injured dozens",
                    # "400 troops in Mali killed 30": the noun did it to others, who are
                    # counted after the verb
                    return Predicate(None, True, reported)
                metric = group_metric(pred)
                if modal and _estimate(modal_word, modal_then, lower[t0 : pred.end()]):
                    modal = False  # "may have died", "could be missing": an estimate
                cue = VerbCue(metric, t0, pred.end(), aux, relative, modal or infinitive, negated)
                then = _THEN_AFTER_RE.match(lower, pred.end(), end) if metric == "wounded" else None
                died = r.predicate.match(text, lower, then.end(), end) if then else None
                if then and died and group_metric(died) == "killed":
                    # "were badly hurt and later died of their wounds": what befell them last
                    cue = VerbCue(
                        "killed", then.end(), died.end(), aux, relative, cue.plan, negated
                    )
                cues.append(cue)
                if aux and not relative:
                    break
                aux = modal = negated = relative = infinitive = False
                cursor = pred.end()
                if lw in PLACE_WORDS:
                    cursor = _past_more_places(text, cursor, end)
                tokens += 1
                continue
            when = _WHEN_ADVERBIAL_RE.match(lower, t0, end) if lw in ("at", "by") else None
            if when is not None:
                cursor = when.end()  # ("who had at one point been reported missing")
                continue
            if lw in ("who", "that", "which", "whom", "whose") and r.relative_word.match(
                text, lower, t0, end
            ):
                if tokens and r.event_noun_before.search(text, lower, pos, t0):
                    break  # ("three men over the crash that killed 293": the crash's verb)
                relative = True
                aux = modal = False
                cursor = tok.end()
                continue
            am = r.aux_word.match(text, lower, t0, end)
            mm = r.modal_word.match(text, lower, t0, end)
            nm = r.negation_word.match(text, lower, t0, end)
            if mm and (not am or mm.end() >= am.end()):
                modal = True
                modal_word, modal_then = lower[t0 : mm.end()], ""
                aux = True
                cursor = mm.end()
                continue
            if modal and not modal_then and lw in ("have", "be"):
                modal_then = lw
            if nm:
                negated = True
                cursor = nm.end()
                continue
            if am and not _DETERMINER_BEFORE_RE.search(lower, pos, t0):
                # ("the first rotation": after a determiner, a word of the noun phrase)
                aux = True
                perfect = lw in _PERFECT_AUX
                cursor = am.end()
                continue
            if lw == "to":
                infinitive = True
                cursor = tok.end()
                continue
            if lw.endswith(r.adverb_endings) and len(lw) > 4:
                after = _TOKEN_RE.search(text, tok.end(), end)
                if after is not None and r.predicate.match(text, lower, after.start(), end):
                    # "were seriously injured", "died instantly" aside: a manner adverb
                    cursor = tok.end()
                    continue
            if not cues and not relative and _past_form(lw):
                coordinated = self._coordinated_predicate(text, lower, tok.end(), end)
                if coordinated is not None:
                    # "25 pupils escaped and returned home", "30 were rescued and taken to
                    # hospital": the second verb of the same subject says what befell them
                    cursor = coordinated
                    continue
            if aux and not relative:
                main_nonmetric = True
                main_at = t0
                break
            if aux and relative:
                aux = relative = modal = False
                had_relative = True  # ("who were inside when the roof fell were killed")
            if lw in PLACE_WORDS and (named := _NAMED_AFTER_RE.match(text, tok.end(), end)):
                # "on Carriacou and Petite Martinique": where they are, however many names
                cursor = _past_more_places(text, named.end(), end)
                tokens += 1
                continue
            if lw in ("and", "or", "but"):
                nxt = _TOKEN_RE.search(text, tok.end(), end)
                if (
                    lw == "and"
                    and cues
                    and cues[-1].relative
                    and nxt is not None
                    and (
                        _VERB_AFTER_AND_RE.match(lower, tok.end(), end)
                        or r.predicate.match(text, lower, nxt.start(), end)
                    )
                ):
                    # "who fought for Ukraine and were seized": the relative clause goes on
                    relative = True
                    cursor = tok.end()
                    continue
                break
            infinitive = False
            tokens += 1
            cursor = tok.end()
        main = next((c for c in cues if c.finite and not c.relative), None)
        if (
            main is not None
            and main.metric == "deployed"
            and cues[0] is not main
            and cues[0].metric != "deployed"
            and not ((cues[0].finite and not cues[0].relative) or cues[0].plan or cues[0].negated)
            and (cues[0].relative or not text[pos : cues[0].start].strip())
        ):
            # "two soldiers captured in January remain in Kyiv", "two soldiers who were
            # captured in May remain in Kyiv": what befell them, told right after their noun
            # or in a relative clause, says what they are; where they are is no deployment
            return Predicate(cues[0], False, reported)
        if main is not None and not main.plan and not main.negated:
            return Predicate(main, False, reported)
        before = [c for c in cues if c is not main and (main is None or c.start < main.start)]
        usable = [c for c in before if not c.plan and not c.negated]
        if main is not None:
            # a planned or negated main verb: the caller drops the figure
            return Predicate(usable[-1] if usable else main, False, reported)
        if main_nonmetric:
            undone = r.undone.get(usable[0].metric) if usable else None
            if undone is not None and undone.match(text, lower, main_at, end):
                # "1,732 people who had been reported missing have been found safe"
                return Predicate(None, True, reported)
            told_first = usable[0] if usable else None
            if told_first is not None and told_first.metric == "deployed":
                # "two soldiers who fought for Ukraine and were seized ... have been
                # sentenced": what befell them after what they did
                told_first = next((c for c in usable if c.metric != "deployed"), told_first)
            return Predicate(told_first, True, reported)
        if usable:
            told = usable[0]
            if _placed(lower, told):
                # "300 soldiers in Mali died in the attack", "3,500 people in Kenya fled":
                # where they were, then the verb of what befell them
                told = next(
                    (c for c in usable[1:] if not _placed(lower, c)),
                    told,
                )
            if told.relative:
                # the last verb after a relative clause's, not where it went ("in Kursk"), is
                # the main clause's ("121 men who went to Russia cannot be accounted for");
                # save where they are after what befell them ("who were captured in May
                # remain in Kyiv")
                later = next(
                    (c for c in reversed(usable[1:]) if not _placed(lower, c)),
                    None,
                )
                if later is not None and (later.metric != "deployed" or told.metric == "deployed"):
                    told = later
            elif not told.finite and not text[pos : told.start].strip():
                # "300 nurses evacuated from Israel landed in Manila": a participle right
                # after the noun says who they are; the verb after it, what they did
                told = next(
                    (
                        c
                        for c in usable
                        if c.start > told.end
                        and c.metric != "deployed"
                        and not (c.finite or c.relative or _placed(lower, c))
                        and _past_tense(lower[c.start : c.end].split()[0])
                        and not _JOINED_RE.search(lower, told.end, c.start)
                    ),
                    told,
                )
            return Predicate(told, False, reported)
        return Predicate(cues[0] if cues else None, False, reported)

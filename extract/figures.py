"""`FigureExtractor`: read an article and return the figures it reports, with evidence.

The work per article is: split sentences, find numbers, read each number in its clause
(`clauses.py`), then decide whom it counts (its own noun phrase, or the group carried over
from the clause or sentence before), which topic that is, whether it is one incident or a
running total, and who is cited for it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tallywatch.config.schema import ExtractConfig, TopicConfig
from tallywatch.constants import METRICS, TOLL_METRICS
from tallywatch.extract.clauseparts import ArticleParts
from tallywatch.extract.clauses import (
    COUNTING_VERBS,
    LIST_LINE_RE,
    NAME_BEFORE_COUNT,
    SHARE_VERBS,
    ClauseReader,
    Reading,
)
from tallywatch.extract.events import EventKinds
from tallywatch.extract.folding import folded, lower_text
from tallywatch.extract.glue import GlueRepair, Repaired
from tallywatch.extract.numbers import NUMBER_WORDS, NumberMention, digit_runs, find_numbers
from tallywatch.extract.past import ArticleDates, PastReader
from tallywatch.extract.phrases import HEDGES, NounPhrase, group_metric
from tallywatch.extract.places import Place, PlaceFinder, PlaceKind, place_key
from tallywatch.extract.rules import cached_rules, words_re
from tallywatch.extract.scope import NEW_TOTAL_RE, SIZE_METRICS, ScopeReader
from tallywatch.extract.sentences import (
    Sentence,
    dateline_date,
    dateline_span,
    headline_end,
    section_dateline_span,
    split_sentences,
)
from tallywatch.extract.sources import ArticleSources, SourceChooser
from tallywatch.extract.speech import speech_verbs
from tallywatch.extract.subjects import Mention, SubjectIndex
from tallywatch.extract.topics import (
    OCCASIONS,
    PlaceReader,
    PlaceWords,
    TopicProfile,
    TopicProfiles,
)
from tallywatch.extract.types import ExtractedFigure, Qualifier, Scope

CARRY_SENTENCES = 3
_WORD_RE = re.compile(r"[\w'’-]+")
# "in Palu", "in the province of Rieti", "across North Kivu": a named place's phrase
_IN_NAMED_PLACE_RE = re.compile(
    r"\b(?:in|at|across|from|around|near|outside)\s+(?:the\s+)?(?:[a-z'’-]+\s+){0,3}?(?:of\s+)?[A-Z]"
)
# a part of a land named by its compass point, in lower-cased words ("in the east",
# "across the north-west"): a place wider than a town, not the land itself
_WHERE_RE = re.compile(
    r"\b(?:in|across|throughout)\s+the\s+(?:(?:north|south)(?:-?(?:east|west))?|east|west)\b"
)
# the words of a part after its number, up to the next one ("3,000 of them in Goma, a")
_PART_WORDS_RE = re.compile(r"[^,;:()—–]*")
# after a count, its time ("on Thursday", "by Saturday afternoon"), then the same count
# later: ", then to", ", then", ", and to", " to" ("from 27 to 39 to 48")
_THEN_AGAIN_RE = re.compile(
    r"(?:\s+(?:on|by|in|at|late|early|earlier|later|overnight|that|this|last|the|a)\b"
    r"[^,;:.\d]{0,30}?)?"
    r"(?:\s*,\s*(?:and\s+)?then\s+(?:(?:to|at)\s+)?|\s*,?\s*(?:and\s+)?(?:then\s+)?to\s+)"
)
# a verb of leaving a place, before the place's name ("have left Ukraine", "fled from Sudan")
_LEAVING_RE = re.compile(
    r"(?i:left|fled|leaving|fleeing|(?:crossed|crossing)\s+from)\s+(?:from\s+)?(?=[A-Z])"
)
_ENTERING_RE = re.compile(
    r"(?:(?i:crossed|crossing|entered|entering)\s+(?:(?i:into)\s+)?"
    r"|(?i:arrived|arriving|landed|landing)\s+(?:(?i:back)\s+)?(?i:in)\s+|(?i:reached)\s+"
    r"|(?i:deported|expelled)\s+(?:(?i:back)\s+)?(?i:to)\s+)(?=[A-Z])"
)
# words of going back, or of being sent back, in a sentence about people leaving a country
_GOING_BACK_RE = folded(
    r"\b(?:deport\w*|expel\w*|expulsions?|repatriat\w*|returne\w*|returning|"
    r"sent\s+back|(?:go|goes|going|gone|went)\s+(?:back|home))\b"
)
# Patterns made with `folded` match the lower-cased copy of the text (see folding.py).
_SUBJECT_CUT_RE = folded(
    r"[;:]|,(?!\s*(?:and|or)\s)|\b(?:that|" + speech_verbs("according to") + r"|and|while|but|"
    r"after|when|because|as)\b"
)
# where the subject of an owning verb starts: after a clause break, not at a relative's
# comma ("MINUSMA, the UN mission, which has")
_OWNER_CUT_RE = re.compile(
    r"[;:]|\b(?:that|" + speech_verbs() + r"|and|while|but|after|when|because)\b"
)
_ACRONYM_RE = re.compile(r"\b[A-Z]{3,}\b")
_LOCATION_PREP_RE = folded(
    r"\b(?:in|at|to|into|near|inside|across|toward|towards|within|around|outside|from|against|"
    r"with|alongside|for|on)\s+(?:the\s+)?$"
)
# "Israeli military", "Israel's army", "Russian defence ministry": a state's armed forces
_MILITARY_BODY_RE = folded(
    r"(?:['’]s\s+|\s+|the\s+)(?:military|army|armed\s+forces|defen[cs]e\s+(?:ministry|forces)|"
    r"navy|air\s+force)\s*"
)
_LEADING_PLACE_RE = re.compile(r"\s*(?:[Ii]n|[Aa]cross|[Ii]nside|[Tt]hroughout)\s+(?:the\s+)?")
_PRONOUN_SUBJECT_RE = folded(r"^(?:.*\b)?(?:it|they|its|their)\b")
# between troops and the state they come from: "men have been sent from", "troops from"
_SENT_FROM_RE = folded(
    r"\s*(?:(?:have|has|had|were|was|are|is|been|being|now|reportedly|already|also)\s+){0,3}"
    r"(?:(?:sent|dispatched|shipped|flown)\s+(?:in\s+)?)?from\s+(?:the\s+)?"
)
_MEMBER_PREP_RE = folded(r"\b(?:among|of|from)\s+(?:the\s+)?$")
_UNIT_NOUN_RE = folded(
    r"(?:\s+[\w'’-]+){0,3}?\s+(?:units?|forces|army|military|contingent|regiment|brigade|battalion)\b"
)
_MEMBERS_OF_RE = folded(
    r"(?:soldiers?|troops|fighters|units?|forces|members|personnel)\s+(?:of|from)\s+(?:the\s+)?$"
)

# Counted phrases without a noun of their own ("2,700 wounded", "1,000 more").
_ELLIPTIC_KINDS = ("event", "status", "bare")
_AND_BEFORE_RE = folded(r"\band\s+$")
_JOINED_RE = re.compile(r"\s*(?:,|and|&|-|–|/)\s*(?:and\s+)?")
"""Between two names that a total spans ("Turkey and Syria", "Turkey-Syria")."""
_POSSESSIVE_PRONOUN_RE = folded(r"\b(?:its|their)\s")
_FORCE_METRICS = frozenset(("deployed", "returned"))
"""Metrics that count a force: a topic about a place takes them only from its own people."""
_FREED_RE = re.compile(
    r"(?:freed|freeing|released|releasing|set free|let go|handed|swapped|exchanged)\b"
)


# "up from 3,252", "compared with about 100,000": an earlier value of the figure beside it
_COMPARED_BEFORE_RE = folded(
    r"\b(?:(?:up|down|rose|risen|rising|climbed|jumped|increased|grew|fell|fallen|dropped|"
    r"declined|decreased|revised|raised|lowered|upgraded|downgraded|corrected|cut)\s+(?:\w+\s+)?"
    r"from(?:\s+the)?|"
    r"compared\s+(?:with|to)|(?<=,\s)against|versus|vs\.?|"
    # ("has fallen to 73, from 155 last Thursday", "to 73, after 155 a week ago"), or the
    # next of a series ("it reported 144 dead, then 1,644, then more than 3,000")
    r"(?<=,\s)(?:from|after|then)|and\s+then|"
    r"(?:well\s+|far\s+)?(?:above|below|higher\s+than|lower\s+than|fewer\s+than|"
    r"more\s+than|less\s+than|greater\s+than)\s+the|"
    r"(?:a|its|their)\s+(?:previous|earlier|last)\s+(?:figure|count|estimate|toll)\s+of|"
    # ("down from a peak of more than 160,000")
    r"(?:a|the|its|their)\s+(?:peak|high|record\s+high|maximum)\s+of)"
    rf"\s+(?:{HEDGES}\s+)?$"
)
# "against" with no comma before it compares only a bare number ("1,200 died this year
# against 900 in 2023"); before a noun of its own it says at whom something was aimed
# ("violence against 104 people")
_AGAINST_BEFORE_RE = folded(rf"\bagainst\s+(?:{HEDGES}\s+)?$")
# ... of which a count's change ("fell from", "has risen from") tells its earlier value
# with its subject alone
_CHANGED_FROM_RE = folded(
    r"\b(?:rose|risen|climbed|jumped|increased|grew|fell|fallen|dropped|declined|decreased|"
    r"revised\s+(?:up|down)(?:wards?)?)\s+from\s+(?:(?:about|around|some|nearly|almost|"
    r"roughly|over|more\s+than|at\s+least)\s+)?$"
)
_COUNTED_BY_RE = re.compile(
    r"\b([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)(?:['’]s)?\s+(?:(?:own|official|latest|last|"
    r"public|new|revised|previous|earlier|initial|first)\s+)*(?:figures?|estimates?|counts?|"
    r"tall(?:y|ies)|assessments?)\b"
)
_COUNTED_WORDS = ("figure", "estimate", "count", "tall", "assessment")
"""A word `_COUNTED_BY_RE` needs, lower-cased: a sentence holding none needs no scan."""
_GAVE_FIGURE_AFTER_RE = folded(
    r"(?:['’]s)?\s+(?:had\s+|has\s+|have\s+)?(?:raised|revised|lowered|put|gave|given|"
    r"estimated|reported|cited|counted|recorded|updated|confirmed|described|assessed)\b"
)
_PARTITIVE_OPENER_RE = folded(
    r"\s*(?:of|among)\s+(?:the|those)\s+(?:(?!(?:is|are|was|were)\b)[^,;:.\s]+\s*){1,7},\s+"
    # ("Of the dead, more than 11,600 were in Sichuan")
    rf"(?:{HEDGES}\s+)?$"
)
# "..., including seven in Naga", "... and 17 in Feni", "..., followed by seven in Gangtok": a
# part of the figure before, by place
_PART_BEFORE_RE = folded(
    r"(?:[,:(—–]|--|\band|\bincluding|\bamong\s+them|\bof\s+whom|\bfollowed\s+by)\s*"
    rf"(?:{HEDGES}\s+)?$"
)
_PART_AFTER_RE = folded(
    r"(?:\s+[a-z'’-]+){0,2}?\s+(?:in|at|on|to|around|near|outside)\s+(?!(?:total|all|sum|addition)\b)"
    # "133 were injured, 19 of them seriously": the part told apart by how badly
    r"|(?P<how>\s+of\s+(?:them|whom)\s+(?:were\s+)?[a-z]+ly\b)"
)
# between a whole and a part of it: "832 dead: 821 in Palu", ", including 47 in Hesse"
_WHOLE_THEN_PART_RE = folded(rf"(?::|\bincluding|\bamong\s+them|\bof\s+whom)\s*(?:{HEDGES}\s+)?$")
# "... were among the", "... are among some": a part, then the count it is part of
_AMONG_THE_RE = folded(
    r"\s+(?:(?:are|were|is|was)\s+(?:also\s+|reportedly\s+)?)?among\s+(?:the\s+)?"
    rf"(?:(?:{HEDGES})\s+)?"
)
# "32 and 19 respectively", "32, 19 and 4, respectively"
_RESPECTIVELY_AFTER_RE = folded(r"\s*,?\s*respectively\b")
_LIST_JOINT_RE = folded(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_LISTS_JOINT_RE = folded(rf"\s*,?\s*(?:(?:up|down)\s+)?(?:from|to|against)\s+(?:(?:{HEDGES})\s+)?")
_OF_THEM_AFTER_RE = folded(r"\s+of\s+(?:them|whom|those|these)\b")
# "More than 4,000 people were injured — 4,027 according to the latest count": the same
# count told exactly, by its source
_RESTATED_AFTER_RE = folded(r"\s+(?:according\s+to|by\s+(?:the|its|their)\s+(?:\w+\s+)?count)\b")
# between a count of households and the people they hold: "79,602 households, or some",
# "30,099 households have been displaced, representing more than"
_APPOSED_GAP = 80
"""At most this many characters between the two numbers of such an apposition."""
_APPOSED_RE = folded(
    r"(?:\s+[a-z][a-z ]{0,40}?)?\s*,\s*(?:(?:or|i\.e\.|that\s+is|representing|totall?ing|"
    r"amounting\s+to|equivalent\s+to|in\s+all)\s*,?\s*)?"
)
# "told reporters in Islamabad that 19,396 had died": a place before the reported clause
_REPORTED_THAT_RE = re.compile(r"\bthat\b")
# "At a news conference in Beijing on Sunday, the office said 32,476 ...": where a report
# was made
_VENUE_BEFORE_RE = folded(
    rf"\b(?:conference|{OCCASIONS})\s+(?:held\s+|given\s+|issued\s+)?(?:in|at)\s+(?:the\s+)?$"
)
# ", speaking after a meeting held in Ankara,": a participle's or a relative aside on the
# subject, before the number (not an apposition: ", a village in Albacete,")
_ASIDE_BEFORE_RE = folded(r",\s+(?:[a-z]+ing|[a-z]+ed|who|which)\b[^,;:\d]*,")
# a sentence holding no metric word may go on with the count of the sentence before: by
# "it", a counting verb ("Kathmandu district has recorded 1,202"), "that is" or a verb of
# a share ("Venezuelans make up 100,000 of them")
_CARRIED_WORD_RE = re.compile(
    rf"\b(?:it|{'|'.join(COUNTING_VERBS + SHARE_VERBS)}|that\s+is|this\s+is|shares?)\b"
)
# ... or a name with a bare count after it ("St. Petersburg has two", "Orange and Volusia
# counties each report four"), read on the text as written
_NAME_COUNT_RE = re.compile(rf"{NAME_BEFORE_COUNT}\s+(?:\d|(?:{'|'.join(NUMBER_WORDS)})\b)")
_LIST_ENTRY_END_RE = re.compile(r"[,;:()]|\band\b")
"""Where one entry of a list ends and the next begins."""
_NAMED_AND_RE = re.compile(r"\s+([A-Z][\w'’-]+)\s+and\s+")
_NAMED_AFTER_RE = re.compile(r"\s+[A-Z][\w'’-]+\s+\w")
_ONE_AND_BEFORE_RE = re.compile(r"\ban?\s+(?:[a-z'’-]+\s+){0,3}?([a-z]+)\s+and\s+$")
# "The number of people in shelters is falling": a sentence opening with a count, its
# verb after
_SHARE_OF = r"(?:most|many|some|all|half|several|none)\s+of\s+"
_COUNTED_PEOPLE = (
    r"the\s+(?:(?:reported|confirmed|recorded|official)\s+)?"
    r"(?=(?:dead|deaths|fatalities|injured|injuries|wounded|missing|displaced|evacuees)\b)"
)
"""A metric's people, as a subject ("the dead", "the reported deaths"), up to their noun."""
_COUNT_SUBJECT_RE = re.compile(
    r"\s*(?:the|its|their|this|that)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:number|count|total|tally|toll|figure|estimate)\b"
    # "Most of the dead were in their teens": the people a count counts, as the subject
    rf"|\s*(?:{_SHARE_OF})?{_COUNTED_PEOPLE}"
    # "Deaths have been recorded in most regions": a metric's noun as the subject
    r"|\s*(?=(?:deaths|fatalities|casualties|injuries)\s+(?:have|has|had|were|are|was|is)\b)"
)
_PEOPLE_SUBJECT_RE = re.compile(rf"\s*{_SHARE_OF}{_COUNTED_PEOPLE}")
"""A sentence opening on a share of a metric's people ("Most of the reported deaths")."""
_SUBJECT_VERB_RE = re.compile(
    r"\s(?:is|are|was|were|has|have|had|will|would|could|may|might|must|should|can|"
    r"keeps|kept|continues|continued|stands|stood|rose|fell|remains|remained)\b"
)
# a sentence telling what a story being corrected said
_IT_SAID_RE = re.compile(
    r"\s*(?:it|the (?:article|story|report))\s+(?:also\s+)?(?:had\s+)?"
    r"(?:said|reported|stated|gave)\b"
)
_THAT_IS_RE = re.compile(r"\s*(?:that|this|it)\s+(?:is|was|'s|’s)\b")
_HOW_MANY_RE = re.compile(r"\s*how\s+many\s+")
_ELLIPTIC_QUESTION_RE = re.compile(
    r"\s*(?:(?:and|but|what\s+about|how\s+about|what\s+of)\s+)?(?:the\s+)?"
    r"(?P<noun>[a-z][a-z -]{2,40}?)\s*\?\s*"
)
"""A question that is a metric's noun alone ("And the injured?")."""
_YES_NO_QUESTION_RE = re.compile(
    r"\s*(?:[a-z&]{1,12}:\s*)?(?:(?:and|but|so)\s+)?"
    r"(?:is|are|was|were|do|does|did|has|have|had|will|would|could|can|should|might|may)\s"
    r"[^?]*\?[\s\"”’']*"
)
"""A question to be answered yes or no ("Does that mean 1,000 are dead?"): its numbers are
asked about, not told."""
# before the count that answers it: nothing but a word that sharpens its hedge
# (after the time it holds for: "As of Tuesday night, 106")
_ANSWER_OPENING_RE = re.compile(
    r"\s*(?:(?:as\s+of|by|on|at|until|since)\s+[^,;:]{1,30},\s*)?"
    r"(?:(?:just|only|well|a\s+little|slightly)\s+)?"
)
# an answer giving a count by a noun of no metric ("How many are still missing? The civil
# police list stood at 165 on Sunday"): what the question asked
_COUNT_NOUN_ANSWER_RE = folded(
    r"\s*(?:the|its|their|his|her)\s+(?P<noun>(?:[\w'’-]+\s+){0,3}?(?:list|figure|count|tally|total|number))"
    r"\s+(?:stood|stands|was|is|had\s+been|has\s+been|reached|rose|climbed|fell|dropped)"
    rf"(?:\s+(?:at|to))?\s+(?:{HEDGES}\s+)?"
)
# "112 women and seven children": a second count of people joined to the first
_JOINED_COUNT_RE = folded(rf",?\s+and\s+(?:{HEDGES}\s+)?")
# "97 of them were women", "21 of those are children": who a part of a count were
_OF_THEM_WERE_RE = folded(
    r"\s+of\s+(?:them|those|these|the\s+dead|the\s+victims)\s+(?:were|are)\s+"
)
# "Of those, about 4,100 ...", "Of this number, 37 ...": a number counting part of a group
# named before
_OF_THOSE_BEFORE_RE = folded(
    r"\b(?:of|among)\s+(?:those|them|these|whom|the\s+latter|(?:this|that|the)\s+"
    r"(?:number|total|figure|group))\s*,?\s+(?:[a-z]+\s+){0,2}$"
)


@dataclass(slots=True)
class _Group:
    """Whom a figure counts, as far as names of states and groups tell."""

    mention: Mention | None
    other: bool
    """Someone no topic tracks (another country's troops; civilians for a group topic)."""
    subject: str | None
    antecedent: _Found | None = None
    near: bool = False
    """Named by the counted group itself: its noun phrase, linked noun or owning verb."""
    by_noun: bool = False
    """Someone no topic tracks by its noun alone ("civilians"), no state or group named:
    still a topic's that follows a town or province beside a force, if it is there."""


@dataclass(slots=True)
class _Found:
    reading: Reading
    sentence: Sentence
    group: _Group
    scope: Scope
    source: str | None
    own: list[tuple[int, int]]
    """Spans of the counted group (noun phrase up to its verb, a linked noun)."""
    sources: list[tuple[int, int]]
    """Spans of the sentence's cited sources."""

    @property
    def mention(self) -> Mention | None:
        return self.group.mention

    @property
    def other(self) -> bool:
        return self.group.other

    @property
    def subject(self) -> str | None:
        return self.group.subject


@dataclass(frozen=True, slots=True)
class _TopicKinds:
    """The topics taking one metric, by how they decide whose a figure is."""

    open: list[TopicProfile]
    """No subjects: every figure."""
    follow: list[TopicProfile]
    """Topics following a force (or naming no place): by the counted group."""
    placed: list[TopicProfile]
    """Topics about places: by the places around the figure."""

    def among(self, names: set[str]) -> _TopicKinds:
        """The same, only topics named in `names` (those an article's event words allow)."""
        return _TopicKinds(
            open=[p for p in self.open if p.name in names],
            follow=[p for p in self.follow if p.name in names],
            placed=[p for p in self.placed if p.name in names],
        )

    @staticmethod
    def of(profiles: TopicProfiles, metric: str) -> _TopicKinds:
        taking = [p for p in profiles if p.takes_metric(metric)]
        return _TopicKinds(
            open=[p for p in taking if p.open],
            follow=[p for p in taking if not p.open and (p.follows_group or not p.has_places)],
            placed=[p for p in taking if not p.open and not p.follows_group and p.has_places],
        )


class _Allowed(dict[str, _TopicKinds]):
    """The topics an article's event words allow, by metric (filled as metrics come)."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names


class FigureExtractor:
    """Extract casualty, deployment and displacement figures from article text.

    Build one per configuration (rules are compiled once) and call `extract` per text.
    A figure whose counted group is recognised as someone no topic tracks (another
    country's troops, civilians when topics name a country) is left out when topics with
    subjects are configured; a figure whose group cannot be told has `topic=None`.
    """

    def __init__(self, topics: Sequence[TopicConfig], config: ExtractConfig | None = None) -> None:
        config = config or ExtractConfig()
        self.rules = cached_rules(config.rules, config.terms)
        self.reader = ClauseReader(self.rules)
        self.glue = GlueRepair(
            self.rules.english_words,
            self.rules.function_words,
            self.rules.word_prefixes,
            self.rules.known_words,
        )
        distractors = self.rules.data.get("distractors", {})
        self.places = PlaceFinder(
            self.rules.places,
            calendar=[*distractors.get("months", []), *distractors.get("weekdays", [])],
        )
        self.past = PastReader(self.rules.data.get("time", {}), distractors.get("months", []))
        self.subjects = SubjectIndex(
            topics,
            self.rules.entities,
            self.places.gazetteer,
            is_force=lambda s: bool(self.rules.state_force.fullmatch(s, lower_text(s))),
            sponsored=self.places.sponsored,
        )
        self.place_words = PlaceWords(
            self.rules.places,
            self.rules.agent_noun_after,
            self.rules.agent_verb_after,
            self.rules.title_after,
        )
        self.profiles = TopicProfiles(
            topics,
            self.places,
            names_force=self._names_force,
            anchors_of=self.subjects.anchors_of,
            events=EventKinds(self.rules.data.get("events", {})),
            status_of=self._status_of,
        )
        self._kinds = {m: _TopicKinds.of(self.profiles, m) for m in METRICS}
        self.sources = SourceChooser(
            self.rules.attribution,
            self.rules.function_words,
            self.places.names_place,
            lambda phrase: self.rules.links.fullmatch(phrase, lower_text(phrase)) is not None,
        )
        self.scopes = ScopeReader(self.rules)
        self._ahead_of_hazard = folded(
            r"\b(?:ahead\s+of|before|in\s+advance\s+of)\s+(?:the\s+|its\s+)?(?:[a-z]+\s+)?"
            rf"(?:{words_re([*self.rules.hazard_words(), 'landfall'])})"
        )
        """Words of a time before a natural hazard struck ("ahead of the cyclone", "before
        the landfall of the storm"), its words from `[events]`."""
        self.topics = list(topics)
        # a figure whose group is unknown may still belong to a topic that names groups
        self.unknown_metrics = {m for t in topics if t.subjects for m in (t.metrics or METRICS)}
        self._narrowed = any(p.events for p in self.profiles)
        """Some topic is narrowed to kinds of event: figures are checked against them."""
        self._people = self.rules.people_noun

    def _status_of(self, words: str) -> str | None:
        """The metric of what befell the people `words` name ("hostages": captured), if
        they name people so."""
        m = self.rules.head_status.search(words, lower_text(words))
        return group_metric(m) if m is not None else None

    def _statuses_told(self, places: PlaceReader, sent: Sentence) -> frozenset[str]:
        """The metrics of what befell the people sentence `sent`, or the one before it in
        its paragraph, names by it ("hostages", "abducted": captured)."""
        spans = [(sent.start, sent.end)]
        if sent.index and places.sentences[sent.index - 1].paragraph == sent.paragraph:
            before = places.sentences[sent.index - 1]
            spans.append((before.start, before.end))
        status = self.rules.head_status
        return frozenset(
            group_metric(m)
            for s, e in spans
            for m in status.finditer(places.text, places.lower, s, e)
        )

    def _names_force(self, words: str) -> bool:
        """Do `words` name a force ("Russian troops", "the contingent")?"""
        lower = lower_text(words)
        return bool(
            self.rules.military_noun.search(words, lower)
            or self.rules.force_noun.search(words, lower)
        )

    # -- public ----------------------------------------------------------------------------
    def extract(
        self, text: str, title: str | None = None, published: str | None = None
    ) -> list[ExtractedFigure]:
        """The figures of an article's `text`.

        `title` is the article's headline, when the page gave one apart from its text: it
        says what the article is about, and a figure it states is read too (with
        `start == end == 0`, as it has no place in `text`, unless the text opens with the
        headline, as a cleaned page often does).  Without it, a first line followed by a
        blank line is taken as the headline.  `published` is the article's date (ISO, as
        a page gives it; else its dateline's, "KATHMANDU, April 26, 2015 --"): a figure its
        words date to an earlier year is no topic's (see `past.py`).
        """
        shift = 0
        first_line = bool(title) and _opens_with(text, title or "")
        if title and title.strip() and not first_line:
            prefix = " ".join(title.split()) + "\n\n"
            text, shift = prefix + text, len(prefix)
        given = shift > 0 or first_line
        head_end = _first_line_end(text) if first_line else headline_end(text, given=given)
        # one lower-cased copy serves every case-insensitive match (see folding.py)
        lower = lower_text(text)
        digits = digit_runs(text)
        repaired = self.glue(text, lower, digits)
        if repaired.text is not text:
            lower = lower_text(repaired.text)
            digits = digit_runs(repaired.text)
            head_end = (
                _first_line_end(repaired.text)
                if first_line
                else headline_end(repaired.text, given=given)
            )
        found, places = self._find(repaired.text, lower, digits, head_end)
        # (a page without a date of its own is of the date its dateline gives)
        published = published or dateline_date(repaired.text, head_end)
        return self._emit(found, places, text, repaired, shift, published)

    def _find(
        self, text: str, lower: str, digits: list[tuple[int, int]], head_end: int | None
    ) -> tuple[list[_Found], PlaceReader | None]:
        numbers = find_numbers(text, lower, digits)
        if not numbers:
            return [], None
        sentences = split_sentences(text, [n.start for n in numbers], head_end)
        starts = [s.start for s in sentences]
        by_sentence: dict[int, list[NumberMention]] = {}
        for n in numbers:
            i = bisect.bisect_right(starts, n.start) - 1
            if i >= 0 and n.start < sentences[i].end:
                by_sentence.setdefault(i, []).append(n)
        sources = self.sources.for_article(text, lower, sentences)
        # the one event the headline names, if it names one ("Port blast toll reaches 46")
        story = self.scopes.story_events(
            " ".join(text[s.start : s.end] for s in sentences if s.headline)
        )
        found: list[_Found] = []
        keywords = self.rules.keywords
        retold: tuple[int, str] | None = None
        """The sentence and metric of the last figure a correction says was wrong, or a
        question asks about: what a count after it ("UNHCR's estimate is about 180,000")
        counts."""
        for i, nums in sorted(by_sentence.items()):
            sent = sentences[i]
            last = found[-1] if found else None
            carried = last.reading.metric if last and i - last.sentence.index <= 1 else None
            if carried is None and retold is not None and retold[0] == i - 1:
                carried = retold[1]
            if carried is None and i and sentences[i - 1].paragraph == sent.paragraph:
                carried = self._subject_metric(text, lower, sentences[i - 1])
            if carried is None or _PEOPLE_SUBJECT_RE.match(lower, sent.start, sent.end):
                # ("The figure, the agency's count of people displaced, is 15% higher than
                # when the IOM put it at 314,000": the count the sentence opens with; "Most
                # of the reported deaths were in Calabarzon, with 48": the people it opens
                # with, before the count told last)
                carried = self._subject_metric(text, lower, sent) or carried
            asked = self._asked(text, lower, sentences[i - 1]) if i else None
            if (
                not keywords.search(lower, sent.start, sent.end)
                and asked is None
                # (a list's line, "- Morelos: 74", counts what its opening line says)
                and not LIST_LINE_RE.match(text, sent.start, sent.end)
                and not (
                    # ("By Wednesday, it stood at 450": the count of the sentence before;
                    # "Kathmandu district has recorded 1,202": a place's share of it)
                    carried is not None
                    and (
                        _CARRIED_WORD_RE.search(lower, sent.start, sent.end)
                        or _NAME_COUNT_RE.search(text, sent.start, sent.end)
                    )
                )
            ):
                continue
            retraction = self.rules.retracted.search(text, lower, sent.start, sent.end)
            if (
                retraction is None
                and i
                and _IT_SAID_RE.match(lower, sent.start, sent.end)
                and any(
                    self.rules.retracted.search(text, lower, before.start, before.end)
                    for before in sentences[max(0, i - 2) : i]
                    if before.paragraph == sent.paragraph
                )
            ):
                # ("The article reversed two figures. It said that 2,438 had died"; "... The
                # report also said 280,000 had fled"): up to a clause of its own ("; the
                # council's count is 1,187")
                own = lower.find(";", sent.start, sent.end)
                wrong = [n for n in nums if own < 0 or n.start < own]
                told = self._read_sentence(text, lower, sent, wrong, carried or asked, asked)
                if told:
                    retold = (i, told[-1].metric)
                nums = [n for n in nums if own >= 0 and n.start > own]
                if not nums:
                    continue
            if _YES_NO_QUESTION_RE.fullmatch(lower, sent.start, sent.end):
                # ("Is the toll 40? Officials say it is 52."): asked about, not told; what it
                # asks about is what the answer counts
                told = self._read_sentence(text, lower, sent, nums, carried or asked, asked)
                if told:
                    retold = (i, told[-1].metric)
                continue
            if retraction is not None:
                # "An earlier version of this story said 175,000": the figures it corrects
                nums = [n for n in nums if n.start < retraction.start()]
                if not nums:
                    continue
            for reading in self._read_sentence(text, lower, sent, nums, carried or asked, asked):
                found.append(
                    self._figure(text, lower, sentences, i, reading, found, sources, story)
                )
                sources.note_figure(i)
        if not found:
            return found, None
        places = PlaceReader(
            self.places,
            self.place_words,
            text,
            lower,
            sentences,
            self.subjects.subject_spans,
            self.profiles.follow_named_events,
        )
        dateline = dateline_span(text, head_end)
        if dateline is not None:
            places.set_dateline(*dateline)
        return found, places

    # -- per sentence ------------------------------------------------------------------------
    def _read_sentence(
        self,
        text: str,
        lower: str,
        sent: Sentence,
        nums: list[NumberMention],
        carried: str | None = None,
        asked: str | None = None,
    ) -> list[Reading]:
        """The readings of the numbers in `sent`; `carried` is the metric of the figure
        read last in the sentence before, if any, and `asked` the metric a question just
        before asked for ("How many were injured?")."""
        readings: list[Reading | None] = []
        told_before = carried
        cuts = self.reader.clause_cuts(text, sent, nums[-1].start)
        for k, n in enumerate(nums):
            reading = self.reader.read(text, lower, sent, n, nums[k + 1 :], cuts, carried)
            readings.append(reading)
            if reading is not None:
                carried = reading.metric
        # "around 10,000 combat troops and 1,000 engineers are deployed": share the verb
        for k in range(len(nums) - 2, -1, -1):
            cur, nxt = readings[k], readings[k + 1]
            if cur is not None or nxt is None or nxt.np.kind not in ("people", "military"):
                continue
            n = nums[k]
            if self.reader.is_distractor(text, lower, sent, n):
                continue
            # "four Indian and seven Chinese soldiers were injured": two peoples' counts of
            # one noun, each with its own name
            own = _NAMED_AND_RE.fullmatch(text, n.end, nums[k + 1].start)
            if own is not None and _NAMED_AFTER_RE.match(text, nums[k + 1].end, nxt.np.end):
                np = NounPhrase(nxt.np.kind, n.end, own.end(1), own.group(1))
            else:
                end = self.reader.clause_end(text, lower, sent, n, nums[k + 1 :])
                if end != nums[k + 1].start:
                    continue
                np = self.reader.phrases.noun_phrase(text, lower, n.end, end)
            if np.kind not in ("people", "military"):
                continue
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            readings[k] = replace(nxt, number=n, qualifier=qualifier, np=np)
            if nxt.qualifier == "exact" and qualifier != "exact" and nxt.np.kind == np.kind:
                readings[k + 1] = _replace_qualifier(nxt, qualifier)
        # "Two Britons were among the 150 people killed": a part of the count after it,
        # told by who they are
        for k in range(len(nums) - 1):
            among = readings[k + 1]
            n = nums[k]
            if (
                readings[k] is not None
                or among is None
                or lower.find("among", n.end, nums[k + 1].start) < 0  # (a cheap test first)
            ):
                continue
            np = self.reader.phrases.noun_phrase(text, lower, n.end, nums[k + 1].start)
            if np.kind not in ("people", "military") or not _AMONG_THE_RE.fullmatch(
                lower, np.end, nums[k + 1].start
            ):
                continue
            if self.reader.is_distractor(text, lower, sent, n):
                continue
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            readings[k] = replace(among, number=n, qualifier=qualifier, np=np, part=True)
        # "How many Kenyans are in Haiti? Just over 600.": the answer, a bare count
        if asked is not None and readings[0] is None:
            n = nums[0]
            qualifier, qual_start = self.reader.qualifier(text, lower, sent.start, n)
            np = self.reader.phrases.noun_phrase(text, lower, n.end, sent.end)
            counted = _COUNT_NOUN_ANSWER_RE.fullmatch(lower, sent.start, qual_start)
            if (
                np.kind == "bare"
                and (counted or _ANSWER_OPENING_RE.fullmatch(lower, sent.start, qual_start))
                and not self.reader.is_distractor(text, lower, sent, n)
            ):
                readings[0] = Reading(
                    n,
                    asked,
                    qualifier,
                    np,
                    sent.start,
                    sent.end,
                    n.start,
                    n.end,
                    link_span=counted.span("noun") if counted else None,
                )
        # "Ninety-seven of them were women": who a part of the count just given were
        if told_before is not None and readings[0] is None:
            n = nums[0]
            qualifier, qual_start = self.reader.qualifier(text, lower, sent.start, n)
            them = _OF_THEM_WERE_RE.match(lower, n.end, sent.end)
            who = (
                self.reader.phrases.noun_phrase(text, lower, them.end(), sent.end)
                if them is not None
                else None
            )
            if (
                who is not None
                and who.kind in ("people", "military")
                and _ANSWER_OPENING_RE.fullmatch(lower, sent.start, qual_start)
                and not self.reader.is_distractor(text, lower, sent, n)
            ):
                readings[0] = Reading(
                    n, told_before, qualifier, who, sent.start, sent.end, n.start, n.end, part=True
                )
        # "3,958, up from 3,252", "rose from 3,252 to 3,958": an earlier value of the same
        # count, read as the figure beside it
        for k, n in enumerate(nums):
            if readings[k] is not None or not (
                _COMPARED_BEFORE_RE.search(lower, max(sent.start, n.start - 40), n.start)
                or (
                    _AGAINST_BEFORE_RE.search(lower, max(sent.start, n.start - 40), n.start)
                    and self.reader.phrases.noun_phrase(text, lower, n.end, sent.end).kind == "bare"
                )
            ):
                continue
            near = [r for r in readings[k - 1 :: -1] if r is not None] if k else []
            near += [r for r in readings[k + 1 :] if r is not None]
            if self.reader.is_distractor(text, lower, sent, n):
                continue
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            if near:
                readings[k] = replace(near[0], number=n, qualifier=qualifier)
                continue
            if carried is not None and _THAT_IS_RE.match(lower, sent.start, sent.end):
                # "... counts 47 deaths. That is one fewer than the 48 it announced": the
                # count of the sentence before, compared
                np = self.reader.phrases.noun_phrase(text, lower, n.end, sent.end)
                readings[k] = Reading(
                    n, carried, qualifier, np, sent.start, sent.end, n.start, n.end
                )
                continue
            # "The missing figure fell from 17,541 a day earlier": the earlier value of the
            # count its subject names
            change = _CHANGED_FROM_RE.search(lower, max(sent.start, n.start - 24), n.start)
            noun = change and self.rules.links.search(text, lower, sent.start, change.start())
            if noun:
                readings[k] = self._linked(text, lower, sent, n, qualifier, noun)
        # "Of the dead, 155 were in Valencia": a part of the count the sentence opens with
        opener = _PARTITIVE_OPENER_RE.match(lower, sent.start, nums[0].start)
        noun = opener and (
            self.rules.links.search(text, lower, opener.start(), opener.end())
            # "Of those who have left the city, 1,320 ...": what befell them
            or self.rules.predicate.search(text, lower, opener.start(), opener.end())
        )
        if (
            noun
            and readings[0] is None
            and not self.reader.is_distractor(text, lower, sent, nums[0])
        ):
            n = nums[0]
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            readings[0] = self._linked(text, lower, sent, n, qualifier, noun)
        # a part of the figure before it, told apart by where ("14 in Cumilla and 17 in
        # Feni", "31 in the province, including seven in the capital", "95 died: 92 in
        # Valencia", "seven (six in Letur)"), or told again by its source ("more than 4,000
        # — 4,027 according to the latest count"): its metric
        for k in range(1, len(nums)):
            n = nums[k]
            prev = next((r for r in readings[k - 1 :: -1] if r is not None), None)
            if (
                readings[k] is not None
                or prev is None
                or not _PART_BEFORE_RE.search(lower, prev.number.end, n.start)
            ):
                continue
            restated = _RESTATED_AFTER_RE.match(lower, n.end, sent.end)
            after = _PART_AFTER_RE.match(lower, n.end, sent.end)
            if not (restated or after) or self.reader.is_distractor(text, lower, sent, n):
                continue
            np = (
                NounPhrase("bare", n.end, n.end, "")
                if restated or (after is not None and after.group("how"))
                else self.reader.phrases.noun_phrase(text, lower, n.end, sent.end)
            )
            if np.kind in ("bare", "people", "military"):
                qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
                readings[k] = replace(prev, number=n, qualifier=qualifier, np=np)
        # "rose to 27 on Thursday, then to 39 on Friday", "from 27 to 39 to 48": the count
        # linked before it, told again at a later time
        for k in range(1, len(nums)):
            prev, n = readings[k - 1], nums[k]
            if (
                readings[k] is not None
                or prev is None
                or prev.link_span is None
                or not _THEN_AGAIN_RE.fullmatch(lower, prev.number.end, n.start)
                or self.reader.is_distractor(text, lower, sent, n)
            ):
                continue
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            readings[k] = replace(prev, number=n, qualifier=qualifier)
        # "displaced 79,602 households, or some 345,183 people": a count of people set
        # beside a count of households is read as that count would be
        for k in range(1, len(nums)):
            if readings[k] is not None:
                continue
            n, before = nums[k], nums[k - 1]
            if n.start - before.end > _APPOSED_GAP or lower.find(",", before.end, n.start) < 0:
                continue  # (no comma between them: no apposition)
            held = self.reader.phrases.noun_phrase(text, lower, before.end, n.start)
            qualifier, qual_start = self.reader.qualifier(text, lower, sent.start, n)
            if (
                held.kind != "household"
                or not _APPOSED_RE.fullmatch(lower, held.end, qual_start)
                or self.reader.is_distractor(text, lower, sent, n)
            ):
                continue
            np = self.reader.phrases.noun_phrase(text, lower, n.end, sent.end)
            if np.kind != "people":
                continue
            held_reading = self.reader.read(
                text, lower, sent, before, nums[k:], cuts, households=True
            )
            if held_reading is not None:
                readings[k] = replace(held_reading, number=n, qualifier=qualifier, np=np)
        # "killed 112 women and seven children": a second count of people joined to the
        # first by "and" is read as the first is
        for k in range(1, len(nums)):
            prev, n = readings[k - 1], nums[k]
            if (
                readings[k] is not None
                or prev is None
                or prev.np.kind not in ("people", "military")
                or not _JOINED_COUNT_RE.fullmatch(lower, prev.np.end, n.start)
                or self.reader.is_distractor(text, lower, sent, n)
            ):
                continue
            end = self.reader.clause_end(text, lower, sent, n, nums[k + 1 :])
            np = self.reader.phrases.noun_phrase(text, lower, n.end, end)
            if np.kind not in ("people", "military") or self.reader.is_modifier(
                text, lower, n, np, end
            ):
                continue
            told = self.reader.phrases.predicate(text, lower, np.end, end)
            if told.nonmetric or told.reported:
                continue  # ("... and 2 officers were arrested": a clause of its own)
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            readings[k] = replace(prev, number=n, qualifier=qualifier, np=np, clause_end=end)
        # "the toll rose to 2,122 dead and 2,421 injured": the count joined to one linked to
        # a metric noun is linked to it too
        for k in range(1, len(nums)):
            prev, cur = readings[k - 1], readings[k]
            if (
                prev is not None
                and cur is not None
                and prev.link_span is not None
                and cur.link_span is None
                and _JOINED_COUNT_RE.fullmatch(lower, prev.np.end, cur.number.start)
            ):
                readings[k] = replace(cur, link_span=prev.link_span)
        # "about 300 killed and 2,700 wounded": the hedge covers both numbers
        for k in range(1, len(nums)):
            prev, cur = readings[k - 1], readings[k]
            if (
                prev is not None
                and cur is not None
                and prev.qualifier == "approx"
                and cur.qualifier == "exact"
                and (cur.np.anaphoric or cur.np.kind in _ELLIPTIC_KINDS)
                and prev.clause_end == cur.number.start
                and _AND_BEFORE_RE.search(
                    lower, max(prev.number.end, cur.number.start - 8), cur.number.start
                )
            ):
                readings[k] = _replace_qualifier(cur, "approx")
        # "the death and injury counts stood at 32 and 19 respectively": each count is of
        # the metric named in its place
        for k, metric, span in self._respectively(text, lower, sent, nums):
            n = nums[k]
            qualifier, _ = self.reader.qualifier(text, lower, sent.start, n)
            np = NounPhrase("bare", n.end, n.end, "")
            readings[k] = Reading(
                n, metric, qualifier, np, sent.start, sent.end, n.start, n.end, link_span=span
            )
        # "an officer and two soldiers were killed": one person named before the count
        # is counted with it
        for k, cur in enumerate(readings):
            if cur is None or cur.qualifier != "exact" or cur.np.kind not in ("people", "military"):
                continue
            n = cur.number
            one = _ONE_AND_BEFORE_RE.search(lower, max(sent.start, n.start - 60), n.start)
            if one is None or not self.rules.people_noun.fullmatch(
                text[one.start(1) : one.end(1)], lower[one.start(1) : one.end(1)]
            ):
                continue
            high = n.high + 1 if n.high is not None else None
            summed = replace(
                n, start=one.start(), value=n.value + 1, high=high, text=text[one.start() : n.end]
            )
            readings[k] = replace(cur, number=summed)
        # the parts of a whole told before them ("832 dead: 821 in Palu and 11 in Donggala",
        # "180 died, including 47 in Hesse", "132 of them in Bavaria"); a list of places goes
        # on as it began, and "up from 577 on Thursday" is the whole at another time
        prev = None
        for k, cur in enumerate(readings):
            if cur is None:
                continue
            n = cur.number
            if prev is None:
                whole = bool(opener) and k == 0  # ("Of the dead, 1,636 were in Palu")
            elif cur.metric != prev.metric:
                whole = False
            elif prev.part:
                whole = bool(_PART_BEFORE_RE.search(lower, prev.number.end, n.start))
            else:
                whole = bool(
                    _WHOLE_THEN_PART_RE.search(lower, prev.number.end, n.start)
                    or _OF_THEM_AFTER_RE.match(lower, n.end)
                )
            if whole and self._told_apart(text, lower, n, sent):
                readings[k] = cur = replace(cur, part=True)
            prev = cur
        return [
            self._sheltered_ahead(lower, self._across_a_border(text, lower, sent, r))
            for r in readings
            if r is not None
        ]

    def _respectively(
        self, text: str, lower: str, sent: Sentence, nums: list[NumberMention]
    ) -> list[tuple[int, str, tuple[int, int]]]:
        """The numbers of a list closed by "respectively" ("the dead and injured numbered
        32 and 19 respectively"), each with the metric named in its place before the list
        and that name's span; none unless as many metrics as numbers are named."""
        last = next(
            (k for k, n in enumerate(nums) if _RESPECTIVELY_AFTER_RE.match(lower, n.end)), None
        )
        if last is None or last == 0:
            return []
        first = last
        while first > 0 and _LIST_JOINT_RE.fullmatch(lower, nums[first - 1].end, nums[first].start):
            first -= 1
        size = last - first + 1
        if size < 2:
            return []
        # ("rose to 21 and 9 from 18 and 7 respectively": a list of as many before, its
        # earlier values)
        while (
            first >= size
            and _LISTS_JOINT_RE.fullmatch(lower, nums[first - 1].end, nums[first].start)
            and all(
                _LIST_JOINT_RE.fullmatch(lower, nums[k - 1].end, nums[k].start)
                for k in range(first - size + 1, first)
            )
        ):
            first -= size
        if any(
            self.reader.is_distractor(text, lower, sent, nums[k]) for k in range(first, last + 1)
        ):
            return []
        named: dict[int, tuple[str, tuple[int, int]]] = {}
        for rule in (self.rules.head_event, self.rules.head_status):
            for m in rule.finditer(text, lower, sent.start, nums[first].start):
                metric = group_metric(m)
                if metric != "casualties" and m.start() not in named:
                    named[m.start()] = (metric, m.span())
        metrics: list[tuple[str, tuple[int, int]]] = []
        for _, (metric, span) in sorted(named.items()):
            if all(metric != told for told, _ in metrics):
                metrics.append((metric, span))
        if len(metrics) != size:
            return []
        return [(k, *metrics[(k - first) % size]) for k in range(first, last + 1)]

    def _told_apart(self, text: str, lower: str, n: NumberMention, sent: Sentence) -> bool:
        """Do the words after `n`, up to the next comma, tell it apart by a place ("821 in
        Palu", "132 of them in Bavaria") or by how badly ("19 of them seriously"), not by
        a time ("553 on Wednesday") or a kind of people ("16,000 in public shelters")?"""
        if self.rules.when_after.match(text, n.end) or _RESTATED_AFTER_RE.match(
            lower, n.end, sent.end
        ):
            return False
        how = _PART_AFTER_RE.match(lower, n.end, sent.end)
        if how is not None and how.group("how"):
            return True
        return bool(_IN_NAMED_PLACE_RE.search(text, n.end, _part_end(lower, n.end, sent.end)))

    def _sheltered_ahead(self, lower: str, reading: Reading) -> Reading:
        """People who moved into shelters before a natural hazard struck ("808,510 people
        took shelter in cyclone centres before the landfall", "moved into shelters ahead of
        the cyclone") were evacuated, not made homeless: the reading, its metric changed if
        so."""
        if reading.metric == "displaced" and self._ahead_of_hazard.search(
            lower, reading.clause_start, reading.clause_end
        ):
            return replace(reading, metric="evacuated")
        return reading

    def _across_a_border(self, text: str, lower: str, sent: Sentence, reading: Reading) -> Reading:
        """A people's move across a border, told as a flight, by whose country it leaves
        or enters: leaving another people's country, they are evacuated from it ("17,000
        Indian nationals have left Ukraine"), or return where the sentence speaks of going
        or being sent back ("165,000 Afghans have left Pakistan since it told migrants to
        go or be deported"); entering their own country or a town of it, they return
        ("5,000 Afghans crossed into Kandahar province", "deported to Afghanistan", "183
        Bangladeshis arrived in Dhaka"; "crossed back" is a return whoever crosses,
        `[metrics.returned]`).  A country's own people leaving it ("20,000 Ukrainians fled
        Ukraine") are displaced.  The reading, its metric changed if so."""
        if reading.metric != "displaced" or reading.cue_end <= reading.cue_start:
            return reading
        verb = _LEAVING_RE.match(text, reading.cue_start)
        entering = None if verb is not None else _ENTERING_RE.match(text, reading.cue_start)
        if verb is None and entering is None:
            return reading
        at = (verb or entering).end()  # type: ignore[union-attr]
        # (found from the verb on: a town or province is a place after "in", not alone)
        found = self.places.find(text, reading.cue_start, min(len(text), at + 60))
        place = [p for p in found if p.start >= at]
        if not place or place[0].start != at:
            return reading
        peoples = [
            p
            for p in self.places.find(text, reading.np.start, reading.np.end)
            if p.kind == PlaceKind.PEOPLE
        ]
        if not peoples:
            return reading
        if entering is not None:
            # (every people named its own: "Lebanese and Syrians crossed into Syria" are
            # displaced, most of them)
            own = all(p.countries & place[0].countries for p in peoples)
            return replace(reading, metric="returned") if own else reading
        own = any(p.countries & place[0].countries for p in peoples)
        if own or place[0].kind < PlaceKind.COUNTRY:
            return reading
        going_back = _GOING_BACK_RE.search(lower, sent.start, sent.end)
        return replace(reading, metric="returned" if going_back else "evacuated")

    def _subject_metric(self, text: str, lower: str, sent: Sentence) -> str | None:
        """The metric a count named as the subject of `sent` counts, when the sentence
        opens with one ("The number of people staying in shelters is falling."): what
        "it" in the sentence after counts ("It stood at 129,754 this week")."""
        m = _COUNT_SUBJECT_RE.match(lower, sent.start, sent.end)
        if m is None:
            return None
        verb = _SUBJECT_VERB_RE.search(lower, m.end(), sent.end)
        end = verb.start() if verb is not None else sent.end
        noun = self.rules.links.search(text, lower, sent.start, end)
        if noun is not None:
            return group_metric(noun)
        return self.reader.preceding.metric_told(text, lower, m.end(), end)

    def _asked(self, text: str, lower: str, question: Sentence) -> str | None:
        """The metric a question asks for ("How many were injured?": wounded), read as its
        statement would be ("1000 were injured.")."""
        if not text[question.start : question.end].rstrip().endswith("?"):
            return None
        m = _HOW_MANY_RE.match(lower, question.start, question.end)
        if m is None:
            # ("And the injured?", "What about the missing?": a metric's noun alone)
            e = _ELLIPTIC_QUESTION_RE.fullmatch(lower, question.start, question.end)
            noun = (
                self.rules.links.fullmatch(text, lower, e.start("noun"), e.end("noun"))
                if e is not None
                else None
            )
            return group_metric(noun) if noun is not None else None
        stated = "1000 " + text[m.end() : question.end].rstrip().rstrip("?") + "."
        read = [f.metric for f in self.extract(stated) if f.value == 1000]
        return read[0] if read else None

    def _linked(
        self,
        text: str,
        lower: str,
        sent: Sentence,
        n: NumberMention,
        qualifier: str,
        noun: re.Match[str],
    ) -> Reading:
        """The reading of `n` as a count of what the metric noun `noun` of its sentence
        counts ("Of the dead, 155 ...", "The missing figure fell from 17,541")."""
        np = self.reader.phrases.noun_phrase(text, lower, n.end, sent.end)
        return Reading(
            n, group_metric(noun), qualifier, np, sent.start, sent.end, noun.start(),
            noun.end(), link_span=noun.span(),
        )  # fmt: skip

    def _figure(
        self,
        text: str,
        lower: str,
        sentences: list[Sentence],
        i: int,
        reading: Reading,
        found: list[_Found],
        sources: ArticleSources,
        story: frozenset[str],
    ) -> _Found:
        sent = sentences[i]
        attrs = sources.in_sentence(i)
        excluded = [(a.source_start, a.source_end) for a in attrs]
        # "the American figure", "Kyiv's estimate": who counted, not whom
        if any(lower.find(word, sent.start, sent.end) >= 0 for word in _COUNTED_WORDS):
            excluded += [m.span(1) for m in _COUNTED_BY_RE.finditer(text, sent.start, sent.end)]
        group = self._subject(text, lower, sentences, i, reading, found, excluded, sources)
        antecedent = group.antecedent
        scope = self.scopes.scope(
            text,
            lower,
            reading,
            attrs,
            antecedent.scope if antecedent is not None else None,
            story,
        )
        # "Of those, 4,100 were wounded": the figure referred to carries its source
        anaphoric = _refers_back(lower, sent, reading)
        if anaphoric and antecedent is None and found and i - found[-1].sentence.index <= 1:
            antecedent = found[-1]  # (its group unknown, it is still the figure referred to)
        carried = antecedent.source if antecedent is not None and anaphoric else None
        source = sources.source(i, reading.number.start, carried)
        r = reading
        own_end = max(r.np.end, r.cue_start) if r.cue_start > r.np.end else r.np.end
        own = [(r.number.start, min(max(own_end, r.number.end), r.clause_end))]
        if r.link_span is not None:
            own.append(r.link_span)
        return _Found(reading, sent, group, scope, source, own, excluded)

    # -- whom a figure counts ---------------------------------------------------------------------
    def _mentions(
        self, text: str, lower: str, start: int, end: int, excluded: list[tuple[int, int]]
    ) -> list[Mention]:
        if end <= start:
            return []
        found = self.subjects.mentions(text, lower, start, end)
        if not excluded or not found:
            return found
        return [m for m in found if not any(s <= m.start < e for s, e in excluded)]

    def _subject(
        self,
        text: str,
        lower: str,
        sentences: list[Sentence],
        i: int,
        r: Reading,
        found: list[_Found],
        excluded: list[tuple[int, int]],
        sources: ArticleSources,
    ) -> _Group:
        sent = sentences[i]
        np_text = (
            text[r.np.start : r.np.end].strip() or None
            if r.np.kind in ("people", "military") and not r.np.anaphoric
            else None
        )
        # 1. the counted noun phrase and what follows it up to its verb
        span_end = max(r.np.end, r.cue_start) if r.cue_start > r.np.end else r.np.end
        span_end = min(span_end, r.clause_end)
        located: Mention | None = None
        for m in self._mentions(text, lower, r.number.end, span_end, excluded):
            if m.start >= r.np.end and _LOCATION_PREP_RE.search(
                lower, max(r.np.end, m.start - 14), m.start
            ):
                if m.topics and located is None:
                    located = m
                continue
            if (
                m.start >= r.np.end
                and not _MEMBER_PREP_RE.search(lower, max(r.np.end, m.start - 10), m.start)
                and r.metric not in ("deployed", "returned")
            ):
                continue
            return _Group(
                m, not m.topics, np_text or text[r.np.start : span_end].strip(), near=True
            )
        if located is not None and not _counts_force(r, lower):
            return _Group(located, False, np_text, near=True)
        # "four more of its soldiers", "bringing its losses to 249": the one "its" stands
        # for, a source too ("South Africa's army says ...")
        if _POSSESSIVE_PRONOUN_RE.search(lower, r.number.end, r.np.end) or (
            r.link_span is not None
            and _POSSESSIVE_PRONOUN_RE.search(lower, r.link_span[0], r.link_span[1])
        ):
            # (the sentence's subject, its first name not in a place phrase: "Israel's
            # military says ... in the Gaza Strip, bringing its losses to 249")
            dateline = section_dateline_span(text, sent.start)
            opening = dateline[1] if dateline is not None else sent.start  # (not where filed)
            owners = [
                m
                for m in self._mentions(text, lower, opening, r.number.start, [])
                if not _LOCATION_PREP_RE.search(lower, max(sent.start, m.start - 14), m.start)
            ]
            if owners:
                m = owners[0]
                return _Group(m, not m.topics, np_text or m.text, near=True)
        # 2. the metric noun it is linked to ("North Korean losses had reached ...")
        if r.link_span is not None:
            linked = self._mentions(text, lower, r.link_span[0], r.link_span[1], excluded)
            if any(
                _JOINED_RE.fullmatch(text, a.end, b.start)
                and self.subjects.anchors_of(a.text) != self.subjects.anchors_of(b.text)
                for a, b in zip(linked, linked[1:], strict=False)
            ):
                # "killed in Turkey and Syria rose to N": a total over both; the places say
                return _Group(None, False, np_text)
            for m in linked:
                if _GAVE_FIGURE_AFTER_RE.match(lower, m.end):
                    continue  # "the figure, which Washington had raised to": who counted
                return _Group(
                    m, not m.topics, text[r.link_span[0] : r.link_span[1]].strip(), near=True
                )
        # 3. the subject of a verb that owns the people ("North Korea sent 18,000 troops",
        # "Kenya deployed 400 police officers")
        if r.owner_verb is not None:
            owner = self._clause_subject(text, lower, sent, r.owner_verb, excluded)
            if owner is not None:
                return _Group(owner, not owner.topics, np_text or owner.text, near=True)
            if self._acronym_owner(text, sent, r.owner_verb, excluded):
                # ("MINUSMA, the UN mission, which has about 13,000 troops in Mali": an
                # organisation no topic names owns them)
                return _Group(None, True, np_text)
        # 3b. the state troops were sent from ("14,000 men have been sent from North
        # Korea", "troops from Chad"); a town they left says nothing of whose they are
        if r.metric == "deployed":
            origin = self._sent_from(text, lower, r, excluded)
            if origin is not None:
                return _Group(origin, not origin.topics, np_text or origin.text, near=True)
        if r.np.other_group and not r.np.anaphoric:
            return _Group(None, True, np_text, by_noun=True)
        # the doer of what befell them is not whom a figure counts ("Rwandan forces killed
        # 14 insurgents"): the counted people are someone else, wherever they were
        if r.doer_verb is not None and self._mentions(
            text, lower, sent.start, r.doer_verb, excluded
        ):
            return _Group(None, True, np_text)
        # 4. an earlier figure in this sentence ("... killed and 4,700 others wounded")
        for f in reversed(found):
            if f.sentence.index != i:
                break  # (the figures are in text order: none before this one is in it)
            if f.reading.part and _AMONG_THE_RE.search(lower, f.reading.np.end, r.number.start):
                # ("Two Britons were among the 150 killed": the whole is of all peoples)
                return _Group(None, True, np_text)
            if f.mention is not None or f.other:
                # (as near as it was for that figure when this one is joined to it: "100
                # North Korean soldiers were killed and 1,000 wounded" names both's group)
                # ("..., bringing the number of soldiers killed to 410": the new total of
                # the same people)
                joined = f.group.near and bool(
                    _PART_BEFORE_RE.search(lower, f.reading.number.end, r.number.start)
                    or NEW_TOTAL_RE.search(lower, f.reading.number.end, r.number.start)
                )
                return _Group(
                    f.mention, f.other, f.subject, f, near=joined, by_noun=f.group.by_noun
                )
        # 5. a group named earlier in the sentence
        group = self._recent_group(text, lower, sent.start, r.number.start, excluded)
        if group is not None:
            return _Group(group, not group.topics, np_text or group.text)
        # 5b. soldiers a state's military reports, no one else named, are its own ("The
        # Israeli military says a reservist was killed, bringing to 37 the number of
        # soldiers killed in the operation")
        owner = self._reporting_military(text, lower, sources, sent, r)
        if owner is not None:
            return _Group(owner, not owner.topics, np_text or owner.text, near=True)
        # 6. a place the sentence opens with ("In Sudan, ...") counts for a topic naming it
        lead = _LEADING_PLACE_RE.match(text, sent.start, r.number.start)
        if lead is not None:
            for m in self._mentions(text, lower, lead.end(), lead.end() + 40, excluded)[:1]:
                if m.start == lead.end() and m.topics:
                    return _Group(m, False, np_text)
        # a generic civilian noun ("people") in a new sentence starts a new subject; "men"
        # are those the story counts ("455 men recruited", in a story on Sri Lankans)
        if (
            r.np.kind == "people"
            and not _refers_back(lower, sent, r)
            and r.np.head.strip().lower() != "men"
        ):
            return _Group(None, False, np_text)
        # 7. a figure in the sentences just before
        for f in reversed(found):
            if (
                np_text is not None
                and r.np.kind == "military"
                and self.rules.other_group.search(text, lower, f.reading.np.start, f.reading.np.end)
            ):
                continue  # ("45 hostages ... 673 militants had been killed": soldiers of their own)
            if i - f.sentence.index <= CARRY_SENTENCES and (f.mention is not None or f.other):
                # ("Roughly 4,000 of them were killed": a part of the people it counted, as
                # near to their group as they were)
                part = f is found[-1] and _refers_back(lower, sent, r)
                return _Group(
                    f.mention,
                    f.other,
                    f.subject,
                    f,
                    near=part and f.group.near,
                    by_noun=f.group.by_noun,
                )
            if i - f.sentence.index > CARRY_SENTENCES:
                break
        # 8. a group named in the sentences just before, in the same paragraph
        for j in range(i - 1, max(-1, i - CARRY_SENTENCES), -1):
            prev = sentences[j]
            if prev.paragraph != sent.paragraph:
                break
            prev_ex = [(a.source_start, a.source_end) for a in sources.in_sentence(j)]
            earlier = self._recent_group(text, lower, prev.start, prev.end, prev_ex)
            if earlier is not None:
                return _Group(earlier, not earlier.topics, np_text or earlier.text)
        return _Group(None, False, np_text)

    def _reporting_military(
        self, text: str, lower: str, sources: ArticleSources, sent: Sentence, r: Reading
    ) -> Mention | None:
        """The state or people whose military reports the soldiers counted in sentence
        `sent` ("The Israeli military says", "Israel's army said", "In Israel, the military
        said"), when the count is of soldiers and the military is its source's head."""
        spans = [(r.np.start, r.np.end), *([r.link_span] if r.link_span is not None else [])]
        if not any(self.rules.military_noun.search(text, lower, s, e) for s, e in spans):
            return None
        for a in sources.in_sentence(sent.index):
            if a.verb > r.number.start:
                continue
            for m in self._mentions(text, lower, a.source_start, a.source_end, []):
                if _MILITARY_BODY_RE.fullmatch(lower, m.end, a.source_end):
                    return m
            if _MILITARY_BODY_RE.fullmatch(lower, a.source_start, a.source_end):
                # "In Israel, the military said": the state it speaks from
                lead = _LEADING_PLACE_RE.match(text, sent.start, a.source_start)
                if lead is not None:
                    found = self.subjects.mentions(text, lower, lead.end(), a.source_start)
                    if found and found[0].start == lead.end():
                        return found[0]
        return None

    def _sent_from(
        self, text: str, lower: str, r: Reading, excluded: list[tuple[int, int]]
    ) -> Mention | None:
        """The state or people the counted troops come from: named after "from" right
        after their noun or their verb of sending, and known as a state or group (not a
        town or region, which is only where they left)."""
        for m in self._mentions(text, lower, r.np.end, r.clause_end, excluded):
            if not _SENT_FROM_RE.fullmatch(lower, r.np.end, m.start):
                continue
            return m if self.subjects.anchors_of(m.text) else None
        return None

    def _clause_subject(
        self, text: str, lower: str, sent: Sentence, verb: int, excluded: list[tuple[int, int]]
    ) -> Mention | None:
        start = sent.start
        for m in _SUBJECT_CUT_RE.finditer(lower, sent.start, verb):
            start = m.end()
        found = self._mentions(text, lower, start, verb, excluded)
        if found:
            return found[0]
        subject = lower[start:verb].strip(" ,")
        if _PRONOUN_SUBJECT_RE.match(subject):
            # (the last one named as a doer: "sent troops to Russia, and they suffered" is
            # the sender's, not the place's)
            earlier = [
                m
                for m in self._mentions(text, lower, sent.start, start, [])
                if not _LOCATION_PREP_RE.search(lower, max(sent.start, m.start - 14), m.start)
            ]
            return earlier[-1] if earlier else None
        if not subject:
            # ("The UN mission, MONUSCO, has ...": the subject is before the cut, not after
            # the verb, where "10,000 troops in Congo" says where they are)
            found = self._mentions(text, lower, sent.start, verb, excluded)
            return found[0] if found else None
        return None

    @staticmethod
    def _acronym_owner(
        text: str, sent: Sentence, verb: int, excluded: list[tuple[int, int]]
    ) -> bool:
        """Is the subject of the verb at `verb` (the clause before it, back to a relative's
        noun) named by an acronym ("MINUSMA, the UN mission, which has ...", "NATO has")?"""
        cuts = [m.end() for m in _OWNER_CUT_RE.finditer(text, sent.start, verb)]
        start = cuts[-1] if cuts else sent.start
        dateline = section_dateline_span(text, sent.start)
        if dateline is not None:
            start = max(start, dateline[1])  # ("KYIV — The army has ...": where, not who)
        return any(
            not any(s <= m.start() < e for s, e in excluded)
            for m in _ACRONYM_RE.finditer(text, start, verb)
        )

    def _recent_group(
        self, text: str, lower: str, start: int, end: int, excluded: list[tuple[int, int]]
    ) -> Mention | None:
        """The last name in text[start:end] that names a group of people."""
        best = None
        for m in self._mentions(text, lower, start, end, excluded):
            after_end = min(end, m.end + 40)
            after = lower[m.end : after_end]
            tail = self._people.search(text[m.end : after_end], after)
            near = tail is not None and len(after[: tail.start()].split()) <= 3
            if (
                near
                or _UNIT_NOUN_RE.match(after)
                or _MEMBERS_OF_RE.search(lower[max(start, m.start - 30) : m.start])
                or m.text.endswith(("ns", "is", "ese"))
            ):
                best = m
        return best

    # -- which topics ---------------------------------------------------------------------------
    def _topics(
        self,
        f: _Found,
        places: PlaceReader,
        allowed: _Allowed,
        dates: ArticleDates,
    ) -> tuple[list[tuple[str, Scope]], bool]:
        """The topics that take figure `f`, each with the figure's scope for it; and whether
        a place or group named around it belongs to none of them.  A figure its words date
        before the article (`dates`) is only the open topics'."""
        r = f.reading
        g = f.group
        kinds = allowed.get(r.metric)
        if kinds is None:
            kinds = allowed[r.metric] = self._kinds[r.metric].among(allowed.names)
        taken = [(p.name, f.scope) for p in kinds.open]
        if (kinds.follow or kinds.placed) and dates.is_past(f.sentence, r):
            return taken, True
        elsewhere = g.other or g.mention is not None
        by_place: list[TopicProfile] = []
        force = _counts_force(r, places.lower)
        visited = r.metric in self.rules.in_place
        if g.mention is None and not g.other:
            # a figure of unknown group, on its places' word (civilians, "people", are no
            # force's losses; they are a topic's that names only places no gazetteer knows,
            # "Tigray", or that names the towns it follows beside a force, "Marawi")
            people = r.np.kind == "people" and not force
            by_place += [
                p for p in kinds.follow if not (people and p.follows_group and not p.local)
            ]
        elif g.by_noun:
            by_place += [p for p in kinds.follow if p.local]
        elif g.mention is not None:
            named = g.mention.topics
            taken += [(p.name, f.scope) for p in kinds.follow if p.name in named]
        if g.near and g.mention is not None:
            # the counted group says whose it is ("Egyptian nationals": someone else's)
            taken += [(p.name, f.scope) for p in kinds.placed if p.name in g.mention.topics]
            if r.metric in self.rules.flight:
                # (and where they fled to, if its sentence says: "South Sudanese entered
                # Uganda", "Uganda now hosts 330,109 South Sudanese")
                hosted = places.hosted(
                    self.profiles,
                    [p for p in kinds.placed if p.name not in g.mention.topics],
                    f.sentence.index,
                    r.number.start,
                    f.own,
                    (r.clause_start, r.clause_end),
                    f.sources,
                )
                taken += [(name, f.scope) for name in hosted]
            elif visited and self.place_words.visitor_after.match(places.text, g.mention.end):
                # (people away from home, "28 Japanese nationals died in Christchurch": their
                # country's, and also where they were, as a place's topic reads it)
                by_place += [p for p in kinds.placed if p.name not in g.mention.topics]
        elif not force:
            by_place += kinds.placed  # (a force is its sender's, not the place's it stands in)
        elif r.metric == "deployed" and not (g.near or g.other):
            # (... but a force its own words say no sender of, at work in a place, is that
            # place's own: "14,000 troops are now deployed in the quake zone" in a story of
            # Chile's quake, where its sentence names no other state, nor its story another
            # sender)
            states = [
                q.countries
                for q in places.places_in(f.sentence.index)
                if q.kind >= PlaceKind.COUNTRY
            ]
            # (the words after who reports it: "the United Nations reports that 16,000
            # soldiers are now in the affected areas")
            said = max([e for _, e in f.sources if e <= r.number.start], default=r.clause_start)
            if not self.place_words.from_outside.search(
                places.lower, max(said, r.clause_start), r.clause_end
            ):
                by_place += [
                    p
                    for p in kinds.placed
                    if p.countries
                    and (g.mention is None or p.name in g.mention.topics)
                    and all(codes & p.countries for codes in states)
                ]
        if any(p.status for p in by_place):
            # ("5,791 people had been killed in Gaza" in a story of hostages: not theirs)
            told = self._statuses_told(places, f.sentence)
            by_place = [p for p in by_place if not p.status or p.status & told]
        if not by_place:
            return taken, elsewhere
        i = f.sentence.index
        # where the figure's own sentence names no place, its context decides, the same for
        # every figure of the sentence: decided once
        key = (
            (i, force, visited, tuple(p.name for p in by_place))
            if not places.says_where(i)
            else None
        )
        if key is not None and key in places.memo:
            known, placed_elsewhere = places.memo[key]
            return taken + [(name, f.scope) for name in known], elsewhere or placed_elsewhere
        decided = places.decide(
            self.profiles,
            by_place,
            i,
            r.number.start,
            f.own,
            (r.clause_start, r.clause_end),
            f.sources,
            force,
            r.metric in self.rules.flight,
            visited,
        )
        names: list[str] = []
        placed_elsewhere = False
        for p in by_place:
            verdict, place = decided.get(p.name, (None, None))
            if verdict and place is not None:
                scope = f.scope if p.follows_group else self._scope_for(p, place, f, places.lower)
                taken.append((p.name, scope))
                names.append(p.name)
            elif verdict is False and not p.follows_group:
                placed_elsewhere = True
        if key is not None:
            places.memo[key] = (names, placed_elsewhere)
        return taken, elsewhere or placed_elsewhere

    def _wider_than_topic(
        self, name: str | None, whole: Reading, parts: Iterable[Reading], lower: str
    ) -> bool:
        """Is `whole` a count over more than topic `name`'s places, told so by a part of it
        after it that is a place of the topic's own while its own words name none?"""
        if whole.part or name is None:
            return False
        own = " ".join(_WORD_RE.findall(lower, whole.clause_start, whole.clause_end))
        if self._own_share(name, own) or not _WHERE_RE.search(own):
            return False  # (its own place, or none: "claimed 51 lives in total: 25 in ...")
        return any(
            p.metric == whole.metric
            and p.number.start > whole.number.end
            and self._own_share(name, _part_words(lower, p.number.end, len(lower)))
            for p in parts
        )

    def _own_share(self, name: str | None, share: str) -> bool:
        """Do the words of a place's share ("in derna alone") name a place of topic
        `name`'s own?  Then the share is the topic's whole."""
        return name is not None and _names_any(share, self.profiles.by_name[name].names)

    def _whole_share(self, name: str | None, share: str) -> bool:
        """Do the words of a place's share name one of topic `name`'s wholes (`TopicProfile.
        wholes`)?  Then the share is the topic's total; any other place's is one part."""
        return name is not None and _names_any(share, self.profiles.by_name[name].wholes)

    @staticmethod
    def _scope_for(p: TopicProfile, place: Place, f: _Found, lower: str) -> Scope:
        """A province's or a town's share of a country's toll is one part of it: incident.
        A place outside the figure's clause, or in an aside before its number, is where
        the report comes from ("In an address from Ankara he gave the national figures:
        3,549 dead"), not whose share it is."""
        r = f.reading
        if (
            place.kind in (PlaceKind.REGION, PlaceKind.CITY)
            and place_key(place.name) not in p.places
            and r.clause_start <= place.start < r.clause_end
            and not any(
                m.start() <= place.start < m.end()
                for m in _ASIDE_BEFORE_RE.finditer(lower, r.clause_start, r.number.start)
            )
            # ("At a news conference in Beijing, the office said": where the report was made)
            and not _VENUE_BEFORE_RE.search(
                lower, max(r.clause_start, place.start - 40), place.start
            )
            # ("told reporters in Islamabad that 19,396 had died": where the report was made)
            and not (
                place.end <= r.number.start
                and _REPORTED_THAT_RE.search(lower, place.end, r.number.start)
            )
        ):
            return "incident"
        return f.scope

    # -- output ---------------------------------------------------------------------------------
    def _emit(
        self,
        found: list[_Found],
        places: PlaceReader | None,
        text: str,
        repaired: Repaired,
        shift: int,
        published: str | None,
    ) -> list[ExtractedFigure]:
        if not found or places is None:
            return []
        at = repaired.original
        allowed = _Allowed(self.profiles.about_article(places.lower))
        parts = ArticleParts(repaired.text)
        dates = self.past.for_article(parts, published, places.sentences)
        places.dated_past = dates.dates_past

        # the kinds of event the headline tells of (`events.py`), or the story's first
        # sentence where the headline names none ("Malawi's Freddy toll needs one number");
        # where neither names one, any kind but those running alongside ("Beirut blast")
        story: frozenset[str] = frozenset()
        framing: set[str] | None = None
        """The topics the sentence naming the story's event places, if it places any: the
        event is theirs; for the others, a natural hazard is any natural hazard (a cyclone's
        toll in a quake's story stays the cyclone topic's)."""
        for sent in (places.headline, places.lede):
            if sent is not None and not story:
                story = self.profiles.events.named(places.lower, sent.start, sent.end)
                named = places.places_in(sent.index) if story else []
                if named:
                    framing = {t for q in named for t in self.profiles.topics_of(q)}
        if not story and (places.headline is not None or places.lede is not None):
            story = self.profiles.events.unnamed
        kinds_named: dict[int, frozenset[str]] = {}
        """The kinds of event each sentence names (asked for the tolls only)."""
        out: list[ExtractedFigure] = []
        body_keys: set[tuple[str | None, str, int]] = set()
        body_values: dict[tuple[str | None, str], list[int]] = {}
        pending: list[tuple[ExtractedFigure, bool]] = []
        parts_of: dict[int, list[Reading]] = {}
        """Per sentence, the readings that are places' parts of a whole before them."""
        for f in found:
            if f.reading.part:
                parts_of.setdefault(f.sentence.index, []).append(f.reading)
        entries = {id(f): _entry_span(places.lower, f) for f in found}
        """Per figure, the span of its entry of a list (its sentence, if none)."""
        listed = _places_listed(found, places, entries)
        for f in found:
            r = f.reading
            taken, elsewhere = self._topics(f, places, allowed, dates)
            wider = [
                name
                for name, _ in taken
                if self._wider_than_topic(name, r, parts_of.get(f.sentence.index, ()), places.lower)
            ]
            if wider:
                # ("7,000 have died in the east, about 3,000 of them in Goma": the Goma
                # topic's count is the part)
                taken = [(name, scope) for name, scope in taken if name not in wider]
                elsewhere = True
            # (a toll is its own event's: the headline's event narrows it, when its
            # sentence names an event of another kind at all)
            told = story if r.metric in TOLL_METRICS else frozenset()
            if told:
                i = f.sentence.index
                if i not in kinds_named:
                    kinds_named[i] = self.profiles.events.named(
                        places.lower, f.sentence.start, f.sentence.end
                    )
                if not kinds_named[i] - told:
                    told = frozenset()
            if taken and (self._narrowed or told):
                # a topic narrowed to one kind of event, by its words or by its story's
                # headline: not a figure of another kind's
                spans = parts.of_figure(f.sentence, r).spans()
                kept = [
                    (name, scope)
                    for name, scope in taken
                    if not self.profiles.other_event(
                        self.profiles.by_name[name],
                        places.lower,
                        spans,
                        told,
                        broad=framing is not None and name not in framing,
                        verb=r.cue_start if r.cue_end > r.cue_start else None,
                    )
                ]
                elsewhere = elsewhere or len(kept) < len(taken)
                taken = kept
            if not taken:
                if self.topics and (elsewhere or r.metric not in self.unknown_metrics):
                    continue
                taken = [(None, f.scope)]  # type: ignore[list-item]
            if not _counts_force(r, places.lower) and any(
                scope == "cumulative" for _, scope in taken
            ):
                share = self.scopes.share(places.text, places.lower, r)
                if share is not None:
                    taken = [
                        (name, "incident" if not self._whole_share(name, share) else scope)
                        for name, scope in taken
                    ]
            if any(name is not None for name, _ in taken) and places.spans_every_state(
                *entries[id(f)]
            ):
                # ("600 Egyptians dead, more than 900 pilgrims dead across all countries": a
                # total over every state, whatever group the list gives the others)
                taken = [
                    (name, scope)
                    for name, scope in taken
                    if name is None or self.profiles.by_name[name].open
                ]
                if not taken:
                    continue
            own_place = listed.get(id(f))
            if own_place is not None:
                # one place's count in a list of places' counts ("55 died in Morelos, 49 in
                # Mexico City"): a part, unless the place is the topic's whole
                taken = [
                    (name, scope)
                    if name is None
                    or not self.profiles.by_name[name].has_places
                    or own_place in self.profiles.by_name[name].wholes
                    else (name, "incident")
                    for name, scope in taken
                ]
            if r.part:
                # one part of a total, unless the part is a place of the topic's own ("7,000
                # died in the east, about 3,000 of them in Goma": Goma's whole)
                words = _part_words(places.lower, r.number.end, f.sentence.end)
                taken = [
                    (name, scope if self._whole_share(name, words) else "incident")
                    for name, scope in taken
                ]
            start, end = at(r.number.start) - shift, at(r.number.end) - shift
            s_start, s_end = at(f.sentence.start), at(f.sentence.end)
            if start < 0:  # read from a title given apart from the text
                start = end = 0
            for topic, scope in taken:
                fig = ExtractedFigure(
                    topic=topic,
                    metric=r.metric,
                    value=r.number.value,
                    high=r.number.high,
                    qualifier=_qualifier(r.qualifier),
                    scope=scope,
                    subject=f.subject,
                    source=f.source,
                    sentence=text[s_start:s_end],
                    start=start,
                    end=end,
                )
                pending.append((fig, f.sentence.headline))
                if not f.sentence.headline:
                    # (a headline's "up to 170" restates the body's "between 160 and 170")
                    body_keys.add((topic, r.metric, r.number.value))
                    body_values.setdefault((topic, r.metric), []).append(r.number.value)
                    if r.number.high is not None:
                        body_keys.add((topic, r.metric, r.number.high))
        for fig, headline in pending:
            if headline and (
                (fig.topic, fig.metric, fig.value) in body_keys
                or any(
                    _rounds(fig.value, fig.qualifier, v)
                    for v in body_values.get((fig.topic, fig.metric), ())
                )
            ):
                continue
            out.append(fig)
        return _sourced_alike(out)


def _sourced_alike(figures: list[ExtractedFigure]) -> list[ExtractedFigure]:
    """`figures`, a figure told again without its source given the source the article
    gives it elsewhere ("300 people died." ... "The ministry says 300 have died."): the same
    count, of the same topic, is the same report."""
    told: dict[tuple[str | None, str, int, int | None], str] = {}
    for fig in figures:
        if fig.source is not None:
            told.setdefault((fig.topic, fig.metric, fig.value, fig.high), fig.source)
    if not told:
        return figures
    return [
        replace(fig, source=told.get((fig.topic, fig.metric, fig.value, fig.high)))
        if fig.source is None
        else fig
        for fig in figures
    ]


def _opens_with(text: str, title: str) -> bool:
    """Is the first line of `text` the headline `title` (a page's text repeating it)?"""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    return bool(title.split()) and first.split() == title.split()


def _refers_back(lower: str, sent: Sentence, r: Reading) -> bool:
    """Does reading `r` count some of the people a figure before it counted ("of them",
    "Of those, 4,100 were wounded")?"""
    return r.np.anaphoric or bool(
        _OF_THOSE_BEFORE_RE.search(lower, max(sent.start, r.number.start - 40), r.number.start)
    )


def _rounds(shown: int, qualifier: str, value: int) -> bool:
    """Is `shown`, hedged by `qualifier`, a rounding of `value` ("passes 2,000" of 2,056,
    "nears 500" of 478, "about 3,000" of 3,145)?  Its step is the place of its last
    significant digit."""
    step = 1
    while shown and shown % (step * 10) == 0:
        step *= 10
    if step < 10:
        return False
    if qualifier == "at_least":
        return shown <= value < shown + step
    if qualifier == "at_most":
        return shown - step < value <= shown
    if qualifier == "approx":
        return abs(value - shown) * 2 < step
    return False


def _first_line_end(text: str) -> int:
    end = text.find("\n")
    return len(text.rstrip()) if end < 0 else len(text[:end].rstrip())


def _qualifier(q: str) -> Qualifier:
    return q  # type: ignore[return-value]


def _counts_force(r: Reading, lower: str) -> bool:
    """Does `r` count a force (a deployment, soldiers or captives who came back), not
    people whose place is where they go home to ("250,000 displaced people had returned
    to the south")?"""
    if r.metric not in _FORCE_METRICS:
        return False
    return (
        r.metric == "deployed"
        or r.np.kind not in ("people", "status", "event")
        or bool(_FREED_RE.match(lower, r.cue_start, r.cue_end))
    )


def _names_any(words: str, keys: Iterable[str]) -> bool:
    """Do `words` (joined as `place_key` joins them) hold one of the names `keys` whole?"""
    padded = f" {words} "
    return any(f" {k} " in padded for k in keys)


def _entry_span(lower: str, f: _Found) -> tuple[int, int]:
    """The span of figure `f`'s entry of a list: its sentence, cut at the list's commas,
    semicolons, colons, brackets and "and" on either side of its number."""
    r, sent = f.reading, f.sentence
    start = max(
        (m.end() for m in _LIST_ENTRY_END_RE.finditer(lower, sent.start, r.number.start)),
        default=sent.start,
    )
    after = _LIST_ENTRY_END_RE.search(lower, r.number.end, sent.end)
    return start, after.start() if after is not None else sent.end


def _places_listed(
    found: list[_Found], places: PlaceReader, entries: dict[int, tuple[int, int]]
) -> dict[int, str]:
    """The figures (by `id`) that are one entry of a list of places' counts, mapped to the
    key of their entry's place: a sentence giving two or more figures of one metric, each
    with a different place in its own entry ("55 people died in Morelos, 49 in Mexico City
    and 32 in Puebla"; "Mexico City accounts for 94, Morelos for 71").  `entries`: each
    figure's entry span (`_entry_span`), by `id`."""
    by_metric: dict[tuple[int, str], list[tuple[_Found, str]]] = {}
    for f in found:
        r, sent = f.reading, f.sentence
        start, end = entries[id(f)]
        own = {
            p.key
            for p in places.places_in(sent.index)
            if start <= p.start < end and p.kind < PlaceKind.COUNTRY
        }
        if len(own) == 1 and r.metric not in SIZE_METRICS:
            by_metric.setdefault((sent.index, r.metric), []).append((f, own.pop()))
    listed: dict[int, str] = {}
    for placed in by_metric.values():
        if len({key for _, key in placed}) >= 2:
            listed.update((id(f), key) for f, key in placed)
    return listed


def _part_end(lower: str, start: int, end: int) -> int:
    """Where the words of a part that start at `start` stop: at the next comma, semicolon,
    colon, bracket or dash before `end`."""
    m = _PART_WORDS_RE.match(lower, start, end)
    return m.end() if m is not None else start


def _part_words(lower: str, start: int, end: int) -> str:
    """The words of the part that starts at `start`, as `place_key` would join them (what
    `_own_share` compares: "of them in goma")."""
    return " ".join(_WORD_RE.findall(lower, start, _part_end(lower, start, end)))


def _replace_qualifier(r: Reading, qualifier: str) -> Reading:
    return replace(r, qualifier=qualifier)

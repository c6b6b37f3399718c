"""Read one number in its clause: is it a count of people, of what metric, how hedged.

For each number the reader looks at the words after it (the counted noun phrase and the
verb that says what happened to those people) and at the words before it (a verb taking it
as object, "the evacuation of", "the death toll stood at": `preceding.py`; a hedge word).
Everything it recognises comes from the rule table; this module holds only the order in
which the readings are tried.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tallywatch.extract.folding import folded
from tallywatch.extract.numbers import DURATION_UNITS, NUMBER_WORDS, RANGE_HEDGE, NumberMention
from tallywatch.extract.phrases import (
    DASH_ASIDE_RE,
    HEDGES,
    PLACE_WORDS,
    NounPhrase,
    PhraseReader,
    VerbCue,
    group_metric,
    masked_spans,
)
from tallywatch.extract.preceding import MODAL_MAY, PrecedingWords, reversed_words
from tallywatch.extract.rules import Rules
from tallywatch.extract.sentences import Sentence

# Patterns made with `folded` match the lower-cased copy of the text (see folding.py).
_OWNER_VERB_RE = folded(
    r"(?<![\w-])(?:suffered|suffering|suffers|sustained|sustaining|sustains|taking|took|takes|"
    r"incurred|incurring|lost|losing|loses|endured|caused|causing)\s*$"
)
# A clause ends at ";", ", and"/", but"... or a spaced dash: two patterns, each of which
# starts with a rare character, are much quicker to scan for than one.
# Endings of nouns for people in the plural, or the same in both numbers ("personnel")
_PLURAL_ENDINGS = (
    "s", "men", "people", "children", "police", "personnel", "staff", "crew", "infantry",
    "militia", "military", "youth", "folk",
)  # fmt: skip
_WORD_AFTER_RE = re.compile(r"\s+([a-z][a-z'’-]*)")
_INCLUDED_BEFORE_RE = folded(r"\binclude[sd]?\s+(?:(?:at\s+least|only)\s+)?$")
_CLAUSE_CUT_RE = re.compile(
    r";|,\s*(?:and|but|while|whereas|(?:up|down)\s+from|compared\s+(?:with|to))\b"
)
_SPACED_DASH_RE = re.compile(r"(?<=\s)(?:--|[-–—])(?=\s)")
"""A dash with a space on each side (plain text's "--" too)."""
# after an aside between dashes, the clause's own words go on ("— remained missing"),
# not a clause of their own ("— and that most were heading north")
_PREDICATE_AFTER_ASIDE_RE = re.compile(r"\s+(?!(?:and|but|or|while|as|when|that)\b)[a-z]")
_IRREGULAR_PARTICIPLES = frozenset(("sent", "flown", "brought", "kept", "held", "put", "taken"))


def _participle(word: str) -> bool:
    """Is `word` a participle ("deployed", "fighting", "sent", "flown")?"""
    return word.endswith(("ed", "ing")) or word in _IRREGULAR_PARTICIPLES


def _verb_led(word: str) -> bool:
    """Does a predicate opening with `word` open with its verb ("took part", "fought in",
    "deployed"), not with where the force is ("in Kursk", "near the border")?"""
    return _participle(word) or word not in PLACE_WORDS


COUNTING_VERBS = ("recorded", "reported", "counted", "registered", "logged")
"""Verbs a place's own count is told by, with no noun ("Kathmandu district has recorded
1,202")."""
_GROUP_RE = re.compile(r"(?<![\w-])group(?:ing)?(?:\s+of)?\s*$")
"""A group named by no word of its own ("a wider group of"): a force only of soldiers."""
_TOTAL_OF_RE = re.compile(r"(?:a\s+|the\s+)?total\s+of\b")
_LIST_RE = re.compile(r"\b(?:list|lists|register|roll)\b")
_COUNTED_BARE_RE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:now\s+|so\s+far\s+)?)?"
    rf"(?:{'|'.join(COUNTING_VERBS)})\s+$"
)
NAME_BEFORE_COUNT = (
    r"(?<![\w'’-])(?!(?:It|This|That|He|She|They|We|I|You|Each|Both|Which|Who|One)\b)"
    r"[A-Z][\w'’.-]*(?:\s+(?:[Cc]ount(?:y|ies)|[Dd]istricts?|[Pp]rovinces?|[Rr]egions?|[Ss]tates?|"
    r"[Cc]it(?:y|ies)|[Pp]arish(?:es)?))?"
    r"\s+(?:each\s+|alone\s+)?(?:has|have|had|reports?|reported|lists?|listed)"
)
"""A name and the verb its bare count follows ("St. Petersburg has", "Polk and Volusia each
report"), on the text as written."""
_NAME_HAS_BARE_RE = re.compile(rf"{NAME_BEFORE_COUNT}\s+$")
"""A name with its count after it, no noun and no metric ("St. Petersburg has two",
"Polk and Volusia each report four"): after a count of a metric, a place's share of it."""
_CLAUSE_ENDS_RE = re.compile(r"\s*(?:[.;,)]|$|\s+and\s|\s+so\s+far\b)")
_OF_THEM_RE = re.compile(
    r"\s*of\s+(?:them|those|these|whom|(?:that|this|the)\s+(?:total|tally|figure|count|toll|number))"
    r"\s*$"
)
SHARE_VERBS = (
    r"(?:accounts?|accounted|accounting)\s+for",
    r"(?:makes?|made|making)\s+up",
    r"(?:represents?|represented|representing)",
)
"""Verbs telling a part of a whole ("Ampara accounts for 4,100 of them")."""
_SHARE_VERB_BEFORE_RE = re.compile(
    rf"\b(?:{'|'.join(SHARE_VERBS)})\s+$"
    # a named place's part ("Buncombe County, home to Asheville, has 42 of them")
    r"|(?-i:[A-Z])[\w'’-]*(?:\s*,[^,;]{1,40},)?\s+(?:has|had|holds|held)\s+$",
    re.IGNORECASE,
)
_COUNT_AT = rf"(?<![\w,.])(?:\d[\d,.]*|{'|'.join(NUMBER_WORDS)})\s+"
"""A count in digits or words, then a space: an item of a list before the next one."""
_NEXT_JOIN = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)$"
"""A comma or "and" ending the words before a list's next item."""
_NEXT_ITEM_BEFORE_RE = re.compile(rf"{_COUNT_AT}(?:[a-z-]+\s+){{0,2}}[a-z-]+{_NEXT_JOIN}")
"""A count with its noun and a comma or "and" before a number: the number is the next item
of a list of counted groups ("the dead were 13 militants, five soldiers and two police")."""
_LIST_OF_DEAD_RE = re.compile(
    r"\b(?:the|those|among\s+the)\s+(?:[a-z-]+\s+)?(?:dead|killed|injured|wounded|missing|"
    r"victims|casualties|fatalities)\s+(?:were|are|included|include|includes|comprised)\s+"
    r"[^;:]*$"
)
"""A metric's noun and a copula opening a list of the groups it counted ("the dead were",
"among the injured were", "the victims included")."""
_TALLY_LIST_RE = re.compile(
    r"\b(?:tally|count|total|figure|toll|number)\s+(?:included|includes|include|comprised|"
    r"comprises|was\s+made\s+up\s+of)\s+[^;:]*$"
)
"""A count's noun of no metric of its own opening a list of the groups the count just given
counted ("The monitor's tally included 35 members of the security forces, 32 gunmen and four
civilians")."""
_GIVEN_COUNT_OPENING_RE = re.compile(
    r"\s*(?:that|this|they|these|those)(?:'s|’s|\s+(?:is|was|are|were|included?|includes|"
    r"comprised?|comprises))\s+"
)
"""A sentence opening on the count just given, to list its groups ("That is 65 militants,
20 soldiers and 19 civilians", "They were 60 pilgrims and 30 tourists")."""
_PARTS_OPENER_RE = re.compile(r"\s*(?:of|among)\s+(?:all\s+)?(?:the|those|these)\s+[^,;:]{1,60},")
"""A sentence opening on a whole whose parts it goes on to tell ("Of the 412 dead,",
"Among the missing,", "Of those injured,")."""
_LARGEST_SHARE_BEFORE_RE = re.compile(
    r"\b(?:the\s+)?(?:highest|largest|biggest|greatest)\s+(?:number|share|toll|count|tally|"
    r"figure|part)\s*,\s*$|\bthe\s+most(?:\s+(?:deaths|dead|victims|fatalities|casualties|"
    r"injuries|injured|wounded|missing))?\s*,\s*$"
)
"""A place's share of a count named as the largest, before its number ("has the largest
share, 167")."""
_LIST_ITEM = r"[ \t]*(?:[-•*–][ \t]*)?[A-Z][^:\n]{0,40}:[ \t]*"
_LIST_ITEM_HEAD_RE = re.compile(_LIST_ITEM)
"""A line of a list up to its count: a bullet, a name and a colon ("- Morelos: ")."""
LIST_LINE_RE = re.compile(rf"{_LIST_ITEM}\d")
"""A line of a list opening on a name and a colon before its count ("- Morelos: 74")."""
_LIST_ITEM_END_RE = re.compile(r"[ \t]*[.;]?[ \t]*")
_LIST_OPENING_BEFORE_RE = re.compile(
    rf"(?:^|\n)([^\n]+:)[ \t]*\n(?:{_LIST_ITEM}[\d,.]+[ \t]*[.;]?[ \t]*\n)*[ \t]*$"
)
"""The line opening a list, ending in a colon, and the list's lines before a line."""
_COPULA = r"(?:were|are|was|is)"
_PART_COPULA = rf"\s*{_COPULA}\s+(?:(?:all|also|mostly)\s+)?"
_WHO_THEY_WERE_RE = re.compile(_PART_COPULA)
"""A copula after a part's number, before who the part were ("301 were villagers")."""
_GIVEN_WHOLE_OPENER_RE = folded(
    r"\s*(?:of|among)\s+(?:those|them|these|(?:this|that)\s+(?:number|total|figure|toll|count))"
    rf"\s*,\s*(?:{HEDGES}\s+)?$"
)
"""A sentence opening on the count just given, whose parts it goes on to tell ("Of those,
94 were in Kerr County", "Of that number, 241 were aboard the flight")."""
_WHERE_THEY_WERE_RE = re.compile(rf"{_PART_COPULA}(?:aboard|on\s+board|in|on|at|inside)\b")
"""A copula after a part's number, before where the part were ("241 were aboard")."""
_WHO_PART_BEFORE_RE = re.compile(
    rf"{_COUNT_AT}(?:of\s+(?:them|whom|those|these)\s+)?{_COPULA}\s+"
    rf"(?:[a-z-]+\s+){{0,3}}?[a-z-]+{_NEXT_JOIN}"
)
"""A part told by who it was, and a comma or "and" before a number: the number is the next
part ("Ninety of them were women and 54 were men")."""
_CLAUSE_START_RE = re.compile(r";|:\s|,\s*(?:and|but|while)\b|\s--\s")
# Between two numbers, a connective and hedges show the second starts a new clause
# ("100 killed and nearly 1,000"); matched on the reversed gap, as a search anchored at
# the end would try every start position.
_CONNECTIVES = (",", "and", "or", ";", ":", "while", "but", "—", "–", "--", "with", "plus")
_GAP_HEDGES = (
    "another", "a further", "an additional", "further", "the", "some", "about", "around",
    "nearly", "almost", "over", "more than", "at least", "up to", "roughly", "approximately",
    "close to", "as many as",
)  # fmt: skip
_COORD_GAP_REVERSED_RE = re.compile(
    r"(?:\s+(?:"
    + "|".join(reversed_words(h) for h in _GAP_HEDGES)
    + r"))*\s*(?:"
    + "|".join(rf"\b{c[::-1]}\b" if c.isalpha() else re.escape(c) for c in _CONNECTIVES)
    + ")"
)
MAX_CLAUSE_CHARS = 400
"""The most a clause reaches past its number, or before it: what one number's reading may
scan.  Clauses are far shorter; the bound keeps each reading's work constant whatever the
sentence (see `sentences.MAX_SENTENCE_CHARS`)."""
_GAP_WINDOW = 64
"""How much of the text before a later number the coordination test reads."""
_YEAR_RE = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_FIRST_YEAR, _LAST_YEAR = 1800, 2099  # the values `_YEAR_RE` takes for a year
# "one in three", "two out of five", "one resident in every four": a ratio, not a count
_RATIO_AFTER_RE = folded(
    r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    # (not a time: "425 in three days")
    rf"(?!\s+{DURATION_UNITS}\b)"
    # "nine wounded for every soldier killed", "three for each death"
    r"|(?:\s+[a-z]+){0,3}\s+for\s+(?:every|each)\b"
)
_ONE_IN_AFTER_RE = folded(
    r"(?:\s+[a-z'’-]+){1,2}?\s+(?:in|out\s+of)\s+(?:every\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a\s+hundred|a\s+thousand)\b"
)
_RATIO_BEFORE_RE = folded(
    r"\b(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)|(?:one|a|an)\s+[a-z]+)\s+"
    r"(?:in|out\s+of)\s+(?:every\s+)?$"
    r"|\bfor\s+(?:every|each)\s+$"
)
_MOVED_UP_BEFORE_RE = re.compile(
    r"\b(?:went|gone|goes|go|going|shot|edged|crept|creeping|moved|ticked)\s+$"
)
"""A verb before "up to" that makes it the way a count went ("edged up to 83")."""
_SUBSET_RE = folded(r"[(,]\s*(?:including|incl\.|of\s+whom|among\s+them)\b[^(),;]*$")
# "Hameed Iqbal Bhatti, 47.": a name, a comma and a number closed by punctuation is an age
_AGE_BEFORE_RE = re.compile(r"(?<![\w.])(?:[A-Z][\w'’-]*\.?)+,\s*$")
"""A name ending the words before an age, its initials too ("Naveen S.G., 21,")."""
_AGE_AFTER_RE = re.compile(r"\s*(?:[,.;)]|$)")
_OLDEST = 120
_PARTITIVE_RE = folded(r"\s*of\s+(?:the|those)\b")
# a verb group whose verb is no metric's: "are still being investigated", "were buried"
_PART_DOES_RE = re.compile(
    r"\s*(?:(?:is|are|was|were|be|been|being|has|have|had|still|now|also|not)\s+)+"
    # (but not where the part was counted: "118 of those deaths were recorded on Leyte",
    # nor what caused it: "16 of the deaths were attributed to the Eaton Fire")
    r"(?!(?:recorded|registered|reported|counted|confirmed)\s+(?:in|on|at)\b)"
    r"(?!(?:attributed|linked|blamed|tied|traced|connected)\s+(?:to|on)\b)[a-z]+(?:ed|ing)\b"
)
_PREPOSITION_END_RE = re.compile(r"\b(?:of|to|for)\s*$")
# a verb's own auxiliary ("have been killed"), not an adverb in the verb group ("first sent")
_AUXILIARY_RE = re.compile(r"\b(?:have|has|had|were|was|are|is|be|been|being)\b")
_OWN_PART_AFTER_RE = folded(
    r"(?:\s+[a-z'’-]+){0,3}?\s+(?:who|that|in|at|from)\b"
    # how badly: "116 suffered minor injuries", "40 with serious wounds"
    r"|(?:\s+[a-z'’-]+){0,2}?\s+(?:suffered|sustained|with|have|has|had)\s+"
    r"(?:minor|light|slight|moderate|serious|severe|critical|grave|life-threatening)\b"
)
_ONE_OF_RE = re.compile(r"\s+of\b")
_BETWEEN_HEDGED_RE = re.compile(rf"between\s+{RANGE_HEDGE}\s")
# a verb of what may yet come before a count ("could register more than 1,000 deaths", "is
# expected to cause 500 deaths"); not an estimate of what has been ("may have caused")
_FORECAST_VERB_RE = re.compile(
    rf"\b(?:could|might|would|will|{MODAL_MAY}|"
    r"(?:is|are|was|were)\s+(?:expected|likely|set|projected|feared)\s+to)\s+"
    r"(?!have\b|be\b)(?:(?:eventually|soon|still|even|easily|well)\s+)?[a-z]+\s+$"
    # ("in the end there could be a million displaced": what may come, no count yet)
    rf"|\bthere\s+(?:could|might|would|will|{MODAL_MAY})\s+(?:(?:eventually|soon|well)\s+)?be\s+$"
)
_DIGIT_RUN_RE = re.compile(r"\d[\d,.]*\d|\d")
# "40 more than on Sunday", "12 fewer than the ministry said": a difference between counts
_DIFFERENCE_AFTER_RE = re.compile(r"\s+(?:more|fewer|less|higher|lower)\s+than\b")
# "one of its own soldiers", "one of the guards": the one is a person of a group
_ONE_OF_GROUP_RE = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|our|these|those)\s+(?:own\s+)?", re.IGNORECASE
)
_DIGIT_GLUE_RE = re.compile(r"^\s*[-./]\d")
# "a 16-member bloc", "a 19-year-old": a number joined to a word is an adjective, not a count
# ("a 2,000-strong force", "300-odd", "40-plus" say how many, and are read as such)
_COMPOUND_RE = re.compile(r"-(?!strong\b|odd\b|plus\b)[a-z]")
_COLON_RE = re.compile(r"\s*:\s+")
_COLON_HEDGE_RE = folded(
    r"\s*(?:(?P<approx>roughly|about|around|some|approximately|an estimated)|"
    r"(?P<at_least>more than|over|at least)|(?P<at_most>nearly|almost|up to))\b"
)
_TIME_AFTER_RE = folded(r"^\s*(?::\d|h\d|\.\d\d\s*(?:a\.?m|p\.?m))")
_TIME_OR_GLUE_STARTS = frozenset(":h.-/")  # what either pattern starts with, after spaces
_COUNTED_KINDS = ("people", "military", "status", "bare", "force")
_TIME_PHRASE_RE = folded(
    r"\s*(?:(?:last|this|next|that|the\s+same|the\s+previous|the\s+past)\s+"
    r"(?:year|month|week|weekend|day|night|morning|afternoon|evening|autumn|spring|summer|"
    r"winter|fall|quarter)|yesterday|today|tonight|overnight|earlier|so\s+far|to\s+date)\b"
)
_MILITARY_UNIT_RE = folded(
    r"(?:contingent|force|detachment|deployment|battalion|brigade|regiment|division|army)\b"
)
# "troops in Russia", "soldiers still in Mali": where a force is, right after its noun
_STATIONED_GAP_RE = folded(r"\s*(?:(?:still|now|currently|already|stationed|deployed)\s+)?$")
# "soldiers in Ukrainian custody", "in Russian hands": held, not stationed
_HELD_AFTER_RE = folded(
    r"\s+(?:custody|captivity|hands|prisons?|jails?|detention|hospitals?|camps?|morgues?)\b"
)
_PAST_VERB_RE = folded(r"\s*[a-z]{3,}ed\b(?!\s+(?:by|in|at|from)\b)")
# "killed 663 people and 28,775 are now in shelters": a number its own verb follows is
# that verb's subject, no object of the verb before it (after "and", before any hedge)
_OWN_VERB_AFTER_RE = folded(r"\s*(?:are|were|is|was|remain|remained|remains)\b")
_AND_BEFORE_RE = folded(r"\band\s+$")


def _may_be_time_or_glued(right: str) -> bool:
    """Cheap test: can `_TIME_AFTER_RE` or `_DIGIT_GLUE_RE` match `right` at all?"""
    return right.lstrip()[:1] in _TIME_OR_GLUE_STARTS


def _may_end_in_ratio(left: str) -> bool:
    """Cheap test: can `_RATIO_BEFORE_RE` match at the end of `left` (lower-cased) at all?"""
    return left[-1:].isspace() and left.rstrip().endswith(("in", "of", "every", "each"))


# an arrival, told by the verb of a flight ("landed in", "arrived in", "reached")
_ARRIVED_RE = folded(r"(?:arrived|arriving|arrive|arrives|landed|landing|reached|reaching)\b")


# (not frozen: made for every number or sentence, and frozen dataclasses are built
# several times slower; treat it as a value all the same)
@dataclass(slots=True)
class Reading:
    """What one number says, as read from its clause."""

    number: NumberMention
    metric: str
    qualifier: str
    np: NounPhrase
    clause_start: int
    clause_end: int
    cue_start: int
    cue_end: int
    owner_verb: int | None = None
    """Position of a verb whose subject owns the counted people ("North Korea sent ...")."""
    agent_span: tuple[int, int] | None = None
    """Words between the noun and its verb ("troops Pyongyang sent")."""
    link_span: tuple[int, int] | None = None
    """The metric noun a number is linked to ("North Korean losses had reached ...")."""
    doer_verb: int | None = None
    """Position of a verb whose subject did it to the counted people ("Rwandan forces
    killed 14 insurgents"): who is named before it is not whom the figure counts."""
    part: bool = False
    """A part of a count given whole just before it, told apart by where, by how badly or
    by who they were ("832 dead: 821 in Palu and 11 in Donggala", "133 injured, 19 of them
    seriously", "Ninety-seven of them were women"): one incident of it, unless the place
    is the topic's own."""


class ClauseReader:
    """Reads numbers in their clauses.  Every method takes the article text and its
    `lower_text` copy (`lower`), which share offsets."""

    def __init__(self, rules: Rules) -> None:
        self.r = rules
        self.phrases = PhraseReader(rules)
        self.preceding = PrecedingWords(rules)

    # -- distractors -------------------------------------------------------------------
    def is_distractor(self, text: str, lower: str, sent: Sentence, num: NumberMention) -> bool:
        r = self.r
        left_start = max(sent.start, num.start - 40)
        right_end = min(sent.end, num.end + 40)
        right = text[num.end : right_end]
        lright = lower[num.end : right_end]
        # (a number in words is never a day: "In December, six soldiers were killed")
        day_like = not num.words and (
            (num.value <= 31 and (num.high is None or num.high <= 31))
            or (_FIRST_YEAR <= num.value <= _LAST_YEAR)
        )
        # the cheap tests on the words after the number first, the searches before it last
        if _may_be_time_or_glued(lright) and (
            _TIME_AFTER_RE.match(lright) or _DIGIT_GLUE_RE.match(right)
        ):
            return True
        unit = r.unit_word.match(right, lright)
        if unit and not self.phrases.noun_follows(text, lower, num.end + unit.end(), right_end):
            return True  # ("40 floods"; not "380,000 flood victims")
        if _RATIO_AFTER_RE.match(lright):
            return True
        may_be_rate = r.rate_words is None or any(word in lright for word in r.rate_words)
        if may_be_rate and r.rate_after.match(right, lright):
            return True  # "40 bodies a day"
        if r.mixed_after.match(right, lright):
            return True  # "2,500 dead or missing"
        if (
            num.value < _OLDEST
            and _AGE_AFTER_RE.match(right)
            and (
                _AGE_BEFORE_RE.search(text, max(sent.start, num.start - 30), num.start)
                or r.person_before.search(text, lower, max(sent.start, num.start - 30), num.start)
            )
        ):
            return True  # "Hameed Iqbal Bhatti, 47, ...", "the driver, 45,": an age
        if num.value == 1 and _ONE_IN_AFTER_RE.match(lright):
            return True
        if _COMPOUND_RE.match(right):
            return True
        if _DIFFERENCE_AFTER_RE.match(lright):
            return True
        if day_like and r.month_after.match(right):
            return True
        if num.words and num.value == 1 and _ONE_OF_RE.match(right):
            group = _ONE_OF_GROUP_RE.match(right)
            if group is None or not r.people_noun.match(right, lright, group.end()):
                return True  # "one of the biggest evacuations"
        if (
            not num.scaled
            and not num.words
            and _YEAR_RE.match(num.text.split()[0].strip())
            and not r.people_noun.match(right.lstrip(), lright.lstrip())
        ):
            return True
        left = text[left_start : num.start]
        lleft = lower[left_start : num.start]
        if r.before_distractor.search(left, lleft):
            return True
        dated = r.month_before.search(left) if day_like else None
        if dated is not None and not (
            # ("freed since November 24 to 23": no span of days runs backwards)
            dated.group("first") and num.value <= int(dated.group("first"))
        ):
            return True
        # (only where a preposition may end the words before a hedge: a cheap test first)
        hedge = (
            r.qual_before.search(text, lower, left_start, num.start)
            if "of" in lleft or "to" in lleft or "for" in lleft
            else None
        )
        if (
            hedge is not None
            and _PREPOSITION_END_RE.search(lower, left_start, hedge.start())
            and r.before_distractor.search(
                text[left_start : hedge.start()], lower[left_start : hedge.start()]
            )
        ):
            return True  # "a town of about 25,000": the same words, a hedge between
        if _may_end_in_ratio(lleft) and _RATIO_BEFORE_RE.search(lleft):
            return True
        # a breakdown of a figure ("including 44 older people and 139 children") is no
        # figure of its own; a part told apart by where or what it did is one ("including
        # 25,000 people who fled Dhubab", "including seven in Naga")
        # ("4,700 casualties, including around 600 deaths": a count of its own kind)
        return bool(
            _SUBSET_RE.search(lower, max(sent.start, num.start - 120), num.start)
            and not _OWN_PART_AFTER_RE.match(lower, num.end, min(sent.end, num.end + 60))
            and not r.head_event.match(
                text, lower, num.end + len(lright) - len(lright.lstrip()), sent.end
            )
        )

    # -- the clause ------------------------------------------------------------------------
    def clause_end(
        self, text: str, lower: str, sent: Sentence, num: NumberMention, later: list[NumberMention]
    ) -> int:
        end = min(sent.end, num.end + MAX_CLAUSE_CHARS)
        m = _CLAUSE_CUT_RE.search(text, num.end, end)
        if m:
            end = m.start()
        dash = _SPACED_DASH_RE.search(text, num.end + 1, end)
        if dash:
            aside = DASH_ASIDE_RE.match(text, dash.start() - 1, end)
            if aside is not None and _PREDICATE_AFTER_ASIDE_RE.match(lower, aside.end(), end):
                # "9,500 people — more than half the population — remained missing": the
                # clause goes on after an aside between two dashes
                dash = _SPACED_DASH_RE.search(text, aside.end(), end)
        if dash:
            end = dash.start() - 1
        if not later or later[0].start >= end:
            return end
        masked = masked_spans(lower, num.end, end)
        for other in later:
            if other.start >= end:
                break
            if any(s <= other.start < e for s, e in masked):
                continue
            if other.start - num.end < 3 or _COORD_GAP_REVERSED_RE.match(
                lower[max(num.end, other.start - _GAP_WINDOW) : other.start][::-1]
            ):
                return other.start
        return end

    def clause_cuts(self, text: str, sent: Sentence, until: int | None = None) -> list[int]:
        """Where clauses start in the sentence (after ";", ": ", ", and", " -- "), up to
        `until` (the last number's start: no cut after it is ever needed)."""
        end = sent.end if until is None else until
        return [m.end() for m in _CLAUSE_START_RE.finditer(text, sent.start, end)]

    def clause_start(
        self, text: str, sent: Sentence, pos: int, cuts: list[int] | None = None
    ) -> int:
        """Start of the clause holding `pos`, a number's start (`cuts`: `clause_cuts`)."""
        if cuts is None:
            cuts = self.clause_cuts(text, sent, pos)
        # no cut ends inside a number, so the last one before it is the clause's start
        k = bisect.bisect_right(cuts, pos)
        return max(cuts[k - 1] if k else sent.start, pos - MAX_CLAUSE_CHARS)

    # -- qualifier ---------------------------------------------------------------------------
    def qualifier(self, text: str, lower: str, start: int, num: NumberMention) -> tuple[str, int]:
        """The hedge before/after the number, and where the hedge starts."""
        after = None if num.plus else self.r.qual_after.match(text, lower, num.end)
        return self._qualifier(text, lower, start, num, after)

    def _qualifier(
        self, text: str, lower: str, start: int, num: NumberMention, after: re.Match[str] | None
    ) -> tuple[str, int]:
        """`qualifier`, given the match of `qual_after` at the number's end (a number with
        "+" needs none)."""
        if num.plus:
            return "at_least", num.start
        r = self.r
        if after:
            for name in ("at_least", "at_most", "approx"):
                if after.group(name):
                    return name, num.start
        m = r.qual_before.search(text, lower, max(start, num.start - 40), num.start)
        if (
            m
            and lower.startswith("up to", m.start())
            and _MOVED_UP_BEFORE_RE.search(lower, max(start, m.start() - 12), m.start())
        ):
            return "exact", num.start  # ("the toll went up to 90": a verb, no hedge)
        if m:
            for name in ("at_least", "at_most", "approx"):
                if m.group(name):
                    return name, m.start()
        if _BETWEEN_HEDGED_RE.match(lower, num.start, num.end):
            return "approx", num.start  # ("between about 220,000 and 230,000")
        return "exact", num.start

    def is_modifier(
        self, text: str, lower: str, num: NumberMention, np: NounPhrase, end: int
    ) -> bool:
        """Is the people's noun after a number above one in the singular, and followed by
        another noun that is not one for people ("60 fighter jets"), so a modifier of what
        is counted, not the counted?  (Demonyms, capitalised, are left alone: "Sudanese";
        a small word or a verb after it says it is the counted noun, misspelt maybe.)"""
        head = np.head.strip()
        if (
            np.kind not in ("people", "military")
            or num.value <= 1
            or not head[:1].islower()
            # (a noun with its "of" phrase is plural by its first noun: "prisoners of war")
            or head.split(" of ", 1)[0].endswith(_PLURAL_ENDINGS)
        ):
            return False
        nxt = _WORD_AFTER_RE.match(lower, np.end, end)
        return nxt is not None and not (
            nxt.group(1) in self.r.function_words
            or self.r.predicate.match(text, lower, nxt.start(1), end)
            or self.r.people_noun.match(text, lower, nxt.start(1), end)
            or self.r.military_noun.match(text, lower, nxt.start(1), end)
        )

    def _listed(
        self, text: str, lower: str, start: int, end: int
    ) -> tuple[str, tuple[int, int]] | None:
        """The metric of a list of people in text[start:end] ("the list of the missing",
        "the missing list", "its list of confirmed victims") and its noun's span, or None."""
        for m in _LIST_RE.finditer(lower, start, end):
            noun = self.r.links.search(
                text, lower, max(start, m.start() - 24), min(end, m.end() + 40)
            )
            if noun is not None:
                return group_metric(noun), noun.span()
        return None

    def _stationed(
        self,
        text: str,
        lower: str,
        np: NounPhrase,
        cue: VerbCue,
        clause_start: int,
        qual_start: int,
    ) -> bool:
        """Do the force's own words say where it is ("the 12,000 North Korean troops in
        Russia", "soldiers still in Mali"), with no verb of the clause telling of the
        number: a force counted where it stands.  Held people ("in Ukrainian custody")
        and a force some verb would add are no such count."""
        return (
            np.kind in ("military", "force")
            and not cue.finite
            and lower.startswith(("in ", "inside ", "at ", "on ", "near "), cue.start)
            and bool(_STATIONED_GAP_RE.match(lower, np.end, cue.start))
            and not _HELD_AFTER_RE.match(lower, cue.end)
            and not self.r.modal_word.search(text, lower, clause_start, qual_start)
        )

    def _list_counts_things(self, text: str, lower: str, start: int, item: int) -> bool:
        """Does the list an item at `item` continues hold a count of things before it
        ("Sofala has 101 of the centres, Manica 20"), which its items count too?"""
        for head in _DIGIT_RUN_RE.finditer(text, start, item):
            if _YEAR_RE.match(head.group()) or self.r.month_after.match(text, head.end(), item):
                continue  # (a date: "On 12 March, Sindh counted 178 and Balochistan 99")
            if self.r.unit_word.match(text, lower, head.end(), item):
                continue  # (a time or a measure: "307 deaths in the past 48 hours: Buner 184")
            np = self.phrases.noun_phrase(text, lower, head.end(), item)
            if np.kind in ("unknown", "household") or (
                # ("101 of the centres": a noun of places, read as none of people's)
                np.kind == "bare" and text[np.end : item].lstrip()[:1].isalpha()
            ):
                return True
        return False

    def _held_there(self, text: str, lower: str, np: NounPhrase, cue: VerbCue) -> bool:
        """Is `cue` only where people counted by what befell them are ("137 POWs remain in
        Ukraine", "hostages in Gaza"): a soldiers' predicate of presence, which says they
        are held there, not that they were sent?"""
        if not np.metric or np.metric == cue.metric:
            return False
        presence = self.r.military_predicate.get(cue.metric)
        return presence is not None and bool(
            presence.match(text[cue.start : cue.end], lower[cue.start : cue.end])
        )

    def _befell(self, text: str, lower: str, np: NounPhrase, clause_end: int) -> bool:
        """Does the verb after a force's noun phrase say what befell it (a metric of
        soldiers other than their being sent: "has returned", "were killed")?"""
        cue = self.phrases.predicate(text, lower, np.end, clause_end).cue
        return (
            cue is not None
            and (cue.finite or not text[np.end : cue.start].strip())
            and not (cue.plan or cue.negated or cue.relative)
            and cue.metric != "deployed"
            and cue.metric not in self.r.people_only  # ("crossed the border": not fled)
        )

    # -- the whole reading ---------------------------------------------------------------------
    def read(
        self,
        text: str,
        lower: str,
        sent: Sentence,
        num: NumberMention,
        later: list[NumberMention],
        cuts: list[int] | None = None,
        carried: str | None = None,
        households: bool = False,
    ) -> Reading | None:
        """The reading of `num`, or None (`cuts`: `clause_cuts` of the sentence, if known;
        `carried`: the metric of the figure just before, which "the figure" or "the total"
        with nothing else to say what it counts refers back to).  A count of households
        is none, unless `households` asks what it would be as a count of people."""
        r = self.r
        if self.is_distractor(text, lower, sent, num):
            return None
        clause_end = self.clause_end(text, lower, sent, num, later)
        clause_start = self.clause_start(text, sent, num.start, cuts)
        am = r.qual_after.match(text, lower, num.end)
        qualifier, qual_start = self._qualifier(text, lower, clause_start, num, am)
        after = am.end() if am else num.end
        colon = _COLON_RE.match(text, after, clause_end)
        if colon:
            after = colon.end()
            if qualifier == "exact":
                qm = _COLON_HEDGE_RE.match(lower[after:clause_end])
                if qm:
                    qualifier = next(k for k, v in qm.groupdict().items() if v)
                    after += qm.end()
        np = self.phrases.noun_phrase(text, lower, after, clause_end)
        if np.kind == "household":
            if not households:
                return None
            np = NounPhrase("people", np.start, np.end, np.head)
        if self.is_modifier(text, lower, num, np, clause_end):
            np = NounPhrase("unknown", np.start, np.end, np.head)
        if np.kind == "unknown" and _TIME_PHRASE_RE.match(lower, after, clause_end):
            # "totalled some 3,900 last year": a time phrase, not what the number counts
            np = NounPhrase("bare", after, after, "")

        def reading(
            metric: str,
            cue: tuple[int, int],
            owner_verb: int | None = None,
            agent_span: tuple[int, int] | None = None,
            link_span: tuple[int, int] | None = None,
            doer_verb: int | None = None,
        ) -> Reading:
            return Reading(
                num,
                metric,
                qualifier,
                np,
                clause_start,
                clause_end,
                cue[0],
                cue[1],
                owner_verb,
                agent_span,
                link_span,
                doer_verb,
            )

        if np.kind == "unknown" and np.head.strip().lower() == "names":
            # "the list of the missing ran to 300 names", "238 names were on the missing
            # list": people named on a list of what befell them
            on_list = self._listed(text, lower, clause_start, clause_end)
            return reading(*on_list) if on_list is not None else None
        if np.kind == "event" and np.metric and _PARTITIVE_RE.match(lower, np.start, np.end):
            # "22 of the displaced had returned", "eight of the wounded were evacuated":
            # what befell the part, when it is said, is the figure's metric
            told = self.phrases.predicate(text, lower, np.end, clause_end)
            cue = told.cue
            if (
                cue is not None
                and cue.finite
                and not (cue.plan or cue.negated)
                and cue.metric != "deployed"  # ("91 of the dead were in Cebu": where they were)
            ):
                return reading(cue.metric, (cue.start, cue.end))
            if told.nonmetric and _PART_DOES_RE.match(lower, np.end, clause_end):
                # "Seven of the deaths are still being investigated": what is done about a
                # part, no count (who the part were, "117 of those killed were Rohingya",
                # is one)
                return None
        if np.kind == "event" and np.metric:
            if _FORECAST_VERB_RE.search(lower, max(clause_start, qual_start - 40), qual_start):
                return None  # ("we could register more than 1,000 deaths": a forecast)
            owner = _OWNER_VERB_RE.search(lower, max(clause_start, qual_start - 30), qual_start)
            # ("Russian losses had reached 1,160 killed and wounded": whose, by the noun)
            link = self.preceding.link(text, lower, clause_start, qual_start, carried)
            return reading(
                np.metric,
                (np.start, np.end),
                owner_verb=owner.start() if owner else None,
                link_span=link[1] if link is not None else None,
            )

        own_clause = bool(
            _OWN_VERB_AFTER_RE.match(lower, np.end, clause_end)
            and _AND_BEFORE_RE.search(lower, max(clause_start, qual_start - 20), qual_start)
        )
        for obj, verb_start, planned in (
            () if own_clause else self.preceding.object_verbs(text, lower, clause_start, qual_start)
        ):
            ok = np.kind in _COUNTED_KINDS or (np.anaphoric and np.kind != "unknown")
            if obj.military and np.kind not in ("military", "force"):
                ok = False
            if obj.people and np.kind in ("military", "force"):
                ok = False
            if ok and obj.by is not None:
                ok = bool(obj.by.search(text, lower, clause_start, verb_start))
            if ok and obj.then is not None:
                ok = bool(
                    obj.then.match(text, lower, np.end, clause_end)
                    or obj.then.match(text, lower, num.end, clause_end)
                )
            if ok:
                if planned:
                    return None
                return reading(
                    obj.metric,
                    (verb_start, num.start),
                    owner_verb=verb_start if obj.owner == "agent" else None,
                    doer_verb=verb_start if obj.owner == "other" else None,
                )

        # "the force of around 11,000 entered combat": a number that is the noun's count,
        # followed straight away by the clause's verb
        verb_next = np.kind == "unknown" and bool(_PAST_VERB_RE.match(lower, np.start, np.end))
        if np.kind in _COUNTED_KINDS or verb_next:
            of = self.preceding.of_noun(text, lower, clause_start, qual_start)
            if of is not None and of[0] == "deployed" and self._befell(text, lower, np, clause_end):
                of = None  # "a contingent of 600 troops has returned home": what befell it
            if (
                of is not None
                and np.kind == "bare"
                and _TOTAL_OF_RE.match(lower, of[1])
                and not (
                    r.force_noun.search(text, lower, clause_start, of[1])
                    or r.military_noun.search(text, lower, clause_start, of[1])
                )
            ):
                # "a total of 149", no force named: a count of what was counted just before
                of = (carried, of[1], of[2]) if carried is not None else None
            if of is not None:
                metric, noun_start, planned = of
                if planned or r.planned_after.match(text, lower, np.end, clause_end):
                    return None  # ("the evacuation of 12,000 residents will begin at dawn")
                if (
                    np.kind in ("military", "force", "bare")
                    or (metric != "deployed" and np.kind != "unknown")
                    or (verb_next and _MILITARY_UNIT_RE.match(lower, noun_start))
                ):
                    return reading(metric, (noun_start, num.start), owner_verb=noun_start)

        if np.kind in _COUNTED_KINDS or colon:
            if np.kind == "bare":
                share = _LARGEST_SHARE_BEFORE_RE.search(
                    lower, max(sent.start, qual_start - 40), qual_start
                )
                # "Lima has the largest share, 167, followed by ...": a place's share of the
                # count just given, set between commas after the words saying so; of the
                # count its own noun names, if it has one ("the most deaths, 42")
                noun = (
                    r.links.search(text, lower, share.start(), share.end())
                    if share is not None
                    else None
                )
                share_metric = group_metric(noun) if noun is not None else carried
                if share is not None and share_metric is not None:
                    return reading(share_metric, share.span())
            link = self.preceding.link(text, lower, clause_start, qual_start, carried)
            if link is None and qual_start != num.start:
                link = self.preceding.link(text, lower, clause_start, num.start, carried)
            if link is None and sent.start != clause_start:
                link = self.preceding.link(text, lower, sent.start, qual_start, carried)
            if link is None and np.kind == "bare" and text.startswith(",", num.end):
                # "the number of people still displaced, about 159,000, has barely fallen"
                link = self.preceding.apposed(text, lower, sent.start, qual_start)
                if link is not None and not link[0]:
                    return None  # ("the number of schools, about 300, ...": no people's)
            if (
                link is not None
                and np.kind != "bare"
                and text[link[1][1] : qual_start].strip() == ":"
                and self.phrases.predicate(text, lower, np.end, clause_end).cue is not None
            ):
                link = None  # ("its losses: four soldiers killed": the people's own verb)
            if (
                link is not None
                and link[0] == "deployed"
                and self._befell(text, lower, np, clause_end)
            ):
                link = None  # ("the contingent of 600 troops came home")
            if (
                link is not None
                and link[0] == "deployed"
                and np.kind not in ("military", "force", "bare")
                and _GROUP_RE.search(lower, *link[1])
            ):
                link = None  # ("a group of 285 people is counted as affected": no force)
            if (
                link is not None
                and num.value == 1
                and num.high is None
                and _INCLUDED_BEFORE_RE.search(lower, clause_start, qual_start)
            ):
                link = None  # "the dead included one Briton": one person named, no count
            if link is not None:
                return reading(link[0], link[1], link_span=link[1])
            if np.kind == "bare":
                item = self._list_item(text, lower, sent, num)
                if item is not None:
                    # "The deaths by state are as follows:" then "- Morelos: 74": an item of
                    # a list its opening line says what it counts
                    return reading(*item)
            if carried is not None and np.kind == "bare":
                listed = self.preceding.next_in_list(text, sent.start, qual_start, num.end)
                if listed is not None and not self._list_counts_things(
                    text, lower, sent.start, listed[0]
                ):
                    return reading(carried, listed)
                counted = _COUNTED_BARE_RE.search(
                    lower, max(sent.start, qual_start - 40), qual_start
                ) or _NAME_HAS_BARE_RE.search(text, max(sent.start, qual_start - 40), qual_start)
                if counted is not None and _CLAUSE_ENDS_RE.match(lower, num.end, sent.end):
                    # "Kathmandu district has recorded 1,202": a place's count, with neither
                    # noun nor metric, after a count of that metric
                    return reading(carried, counted.span())

        if np.kind in ("force", "unknown"):
            strength = next(
                (
                    m
                    for m, rule in r.strength.items()
                    if rule.match(text[num.end : clause_end], lower[num.end : clause_end])
                ),
                None,
            )
            if strength is not None:
                if (
                    r.plan_before.search(
                        text, lower, max(clause_start, qual_start - 40), qual_start
                    )
                    or self.preceding.planned_before(lower, clause_start, qual_start)
                    or r.whole_force_before.search(
                        text, lower, max(sent.start, qual_start - 80), qual_start
                    )
                ):
                    # "a plan for a 175,000-strong offensive", "a standing army about 1.2
                    # million strong"
                    return None
                return reading(strength, (num.end, clause_end), owner_verb=None)

        if np.kind == "unknown" and not colon:
            return None
        predicate = self.phrases.predicate(text, lower, np.end, clause_end)
        if (
            predicate.cue is None
            and np.kind == "military"
            and (
                self.preceding.quantity_verb(lower, clause_start, qual_start)
                or self.preceding.quantity_verb(lower, clause_start, num.start)
            )
        ):
            # "the grouping ... now exceeds 127,000 servicemen": the size of a force
            return reading("deployed", (clause_start, num.start))
        cue = predicate.cue
        if cue is not None and self._held_there(text, lower, np, cue):
            cue = None  # ("About 137 POWs remain in Ukraine": held there, not sent)
        if cue is not None:
            if cue.plan or cue.negated:
                return None
            if cue.relative and num.value == 1 and num.high is None:
                return None  # "said one man who was wounded": a witness, not a count
            undone = r.undone.get(cue.metric) if cue.relative else None
            if undone is not None:
                ended = undone.search(text, lower, max(clause_start, qual_start - 40), qual_start)
                if ended is not None and not lower[ended.end() : qual_start].strip():
                    return None  # "have located 152 people who had been reported missing"
            military_only = r.military_predicate.get(cue.metric)
            cue_text = text[cue.start : cue.end]
            soldiers_only = (
                military_only is not None
                and military_only.match(cue_text, lower[cue.start : cue.end])
                and (
                    np.kind not in ("military", "force")
                    or not (cue.finite or _verb_led(cue_text.split()[0].lower()))
                )
            )
            civilians_only = cue.metric in r.people_only and (
                np.kind == "force"
                or (np.kind == "military" and r.armed_noun.search(text, lower, np.start, np.end))
            )
            # "300 of the 9,000 troops were killed": the verb tells of the part, not the whole
            whole = (
                (cue.finite and _AUXILIARY_RE.search(lower, np.end, cue.start))
                # (a verb that is no participle: "22 of the 40 miners died")
                or lower.startswith(("died", "perished"), cue.start)
                # (a headline drops the verb: "Twelve of 17 students missing")
                or sent.headline
            ) and r.whole_before.search(text, lower, max(clause_start, qual_start - 40), qual_start)
            if (
                soldiers_only
                and not colon
                and self._stationed(text, lower, np, cue, clause_start, qual_start)
            ):
                soldiers_only = False
            forced = (
                r.force_predicate.match(text, lower, cue.start, clause_end)
                if civilians_only and not (soldiers_only or whole)
                else None
            )
            if forced is not None:
                # ("200 police officers arrived in Haiti": a force arriving is deployed,
                # though people arriving there would have fled)
                cue = VerbCue(
                    "deployed", forced.start(), forced.end(), cue.finite, cue.relative,
                    cue.plan, cue.negated,
                )  # fmt: skip
            elif soldiers_only or civilians_only or whole:
                cue = None
        if (
            cue is not None
            and np.kind == "status"
            and np.metric in r.away_from_home
            and cue.metric in r.away_from_home
        ):
            cue = None  # ("80,000 evacuees spent the night in shelters": what their noun says)
        if (
            cue is not None
            and np.kind == "status"
            and np.metric is not None
            and np.metric != cue.metric
            and cue.metric in r.flight
            and _ARRIVED_RE.match(lower, cue.start, cue.end)
        ):
            cue = None  # ("1,171 returnees landed in Addis Ababa": who arrives, by their noun)
        if cue is not None:
            agent = (np.end, cue.start) if cue.start > np.end else None
            return reading(cue.metric, (cue.start, cue.end), agent_span=agent)
        if predicate.reported:
            return None
        if np.metric and np.kind in ("status", "people", "military"):
            # a count of people by what befell them ("199 hostages", "137 POWs")
            return reading(np.metric, (np.start, np.end))
        if np.modifier_metric and np.kind in ("people", "military", "status"):
            return reading(np.modifier_metric, (np.start, np.end))
        if (
            carried is not None
            and np.anaphoric
            and np.kind == "bare"
            and not predicate.nonmetric
            and _OF_THEM_RE.match(lower, np.start, np.end)
            and (
                not lower[clause_start:qual_start].strip(" ,")
                or _SHARE_VERB_BEFORE_RE.search(text, max(sent.start, qual_start - 80), qual_start)
            )
        ):
            # "12,029 people have died. Ampara accounts for about 4,100 of them": a part
            # of the people just counted
            return reading(carried, (np.start, np.end))
        if (
            carried is not None
            and np.kind in ("people", "military")
            and not predicate.nonmetric
            and (
                _GIVEN_COUNT_OPENING_RE.fullmatch(lower, sent.start, qual_start)
                or _TALLY_LIST_RE.search(lower, max(sent.start, qual_start - 160), qual_start)
                or (
                    _NEXT_ITEM_BEFORE_RE.search(lower, max(sent.start, qual_start - 60), qual_start)
                    and (
                        _LIST_OF_DEAD_RE.search(
                            lower, max(sent.start, qual_start - 160), qual_start
                        )
                        or _GIVEN_COUNT_OPENING_RE.match(lower, sent.start, qual_start)
                    )
                )
            )
        ):
            # "the dead were 13 militants, five soldiers and two police", "They were 60
            # pilgrims and 30 guides": a list of the groups a count just given counted
            return reading(carried, (np.start, np.end))
        if (
            np.kind == "bare"
            and carried is not None
            and _GIVEN_WHOLE_OPENER_RE.match(lower, sent.start, qual_start)
            and (
                self._who_they_were(text, lower, sent, num)
                or _WHERE_THEY_WERE_RE.match(lower, num.end)
            )
        ):
            # "Of those, 94 were in Kerr County", "Of that number, 241 were aboard the
            # flight": a part of the count just given
            return reading(carried, (num.start, num.end))
        if np.kind == "bare" and predicate.cue is None:
            part_of = self._part_of(text, lower, sent, num)
            if part_of is not None:
                # "Of the 412 dead, 301 were villagers, 78 were soldiers": who each part
                # of the whole named first were
                return reading(*part_of)
            if (
                carried is not None
                and _WHO_THEY_WERE_RE.match(lower, num.end)
                and _WHO_PART_BEFORE_RE.search(lower, max(sent.start, qual_start - 60), qual_start)
                and self._who_they_were(text, lower, sent, num)
            ):
                # "Ninety of them were women and 54 were men": the next part
                return reading(carried, (num.start, num.end))
        return None

    def _part_of(
        self, text: str, lower: str, sent: Sentence, num: NumberMention
    ) -> tuple[str, tuple[int, int]] | None:
        """The metric, and its noun's span, of the whole a sentence opens on ("Of the 412
        dead,") when `num` is a part of it told by who the part were ("301 were
        villagers"); None otherwise."""
        opener = _PARTS_OPENER_RE.match(lower, sent.start, num.start)
        if opener is None or num.start < opener.end():
            return None
        if not self._who_they_were(text, lower, sent, num):
            return None
        noun = self.r.links.search(text, lower, opener.start(), opener.end())
        return (group_metric(noun), noun.span()) if noun is not None else None

    def _list_item(
        self, text: str, lower: str, sent: Sentence, num: NumberMention
    ) -> tuple[str, tuple[int, int]] | None:
        """The metric, and its noun's span, of a list `num` is the count of a line of
        ("- Morelos: 74"), told by the line opening the list ("The deaths are distributed
        among the states as follows:"); None when `num` is no such count."""
        if not (
            _LIST_ITEM_HEAD_RE.fullmatch(text, sent.start, num.start)
            and _LIST_ITEM_END_RE.fullmatch(text, num.end, sent.end)
        ):
            return None
        opening = _LIST_OPENING_BEFORE_RE.search(text, max(0, sent.start - 600), sent.start)
        if opening is None:
            return None
        noun = self.r.links.search(text, lower, opening.start(1), opening.end(1))
        return (group_metric(noun), noun.span()) if noun is not None else None

    def _who_they_were(self, text: str, lower: str, sent: Sentence, num: NumberMention) -> bool:
        """Does a copula and a noun of people follow `num` ("301 were villagers")?"""
        copula = _WHO_THEY_WERE_RE.match(lower, num.end)
        return copula is not None and self.phrases.noun_phrase(
            text, lower, copula.end(), sent.end
        ).kind in ("people", "military", "force")

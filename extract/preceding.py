"""The words before a number that say what it counts.

A verb taking the number as its object ("sent 10,000 troops", "killed at least 30"), a
noun with "of" ("the evacuation of 2,000 residents") or a noun linked to the number by a
verb ("the death toll stood at 58", "put the toll at 300").  Every method takes the article
text and its `lower_text` copy (`lower`), which share offsets.
"""

from __future__ import annotations

import re
from itertools import islice

from tallywatch.extract.folding import folded
from tallywatch.extract.phrases import group_metric
from tallywatch.extract.rules import ObjectCue, Rules


def reversed_words(phrase: str) -> str:
    """A pattern for `phrase` read backwards ("a total of" -> "fo\\s+latot\\s+a")."""
    return r"\s+".join(re.escape(word[::-1]) for word in reversed(phrase.split()))


# Patterns made with `folded` match the lower-cased copy of the text (see folding.py).

# Adverbials that may stand between a verb and its number ("killed so far some 300",
# "killed all 72 on board").  Read backwards, a run of them splits into these phrases in
# one way only: no phrase ends another, but for "all", which ends "in all" and is tried
# after it, so a greedy match of the reversed run finds its whole length.
_ADVERBIALS = (
    "alone", "also", "already", "reportedly", "allegedly", "this year", "last year", "so far",
    "in total", "in all", "altogether", "since then", "to date", "there", "now", "a total of",
    "an additional", "another", "a further", "more than", "nearly", "some", "the", "all",
)  # fmt: skip
# The run of adverbials (each after whitespace) that ends a text, matched on the reversed
# text: a forward search anchored at the end would try every start position.
_ADVERBIAL_RUN_REVERSED_RE = re.compile(
    r"\s*(?:(?:" + "|".join(reversed_words(p) for p in _ADVERBIALS) + r")\s+)*"
)
# Adverbs that may sit inside a linking verb group ("has now risen to", "are so far at").
_LINK_ADVERBS = (
    r"(?:(?:now|already|currently|so\s+far|thus\s+far|to\s+date|officially|reportedly|later|"
    r"since|subsequently)\s+)*"
)
_RISE_VERBS = (
    r"rose|risen|rises?|rising|climb(?:s|ed|ing)?|increas(?:e|es|ed|ing)|jump(?:s|ed|ing)?|"
    r"grows?|grew|grown|growing|swell(?:s|ed|ing)?|soar(?:s|ed|ing)?|leap(?:s|t|ed|ing)?|"
    r"surg(?:e|es|ed|ing)|return(?:s|ed|ing)?|(?:went|gone|came)\s+back|"
    r"(?:went|gone|goes|go|going|shot|moved|crept|creeping|edged|ticked)\s+up|"
    # a slow rise ("crept to around 1,000", "inched past 300")
    r"crept|creeping|creeps?|inch(?:es|ed|ing)|edg(?:es|ed|ing)|tick(?:s|ed|ing)"
)
"""Verbs of a count going up, or back to a value ("the death toll had returned to 48"): the
links that move a count, and the verbs a bare "to" needs before it."""
_LINK_RE = folded(
    # (a colon may follow its noun straight away: "Deaths: 78")
    rf"(?:(?<![\w-])|(?=:))(?P<link>(?:has\s+|had\s+|have\s+|was\s+|were\s+)?{_LINK_ADVERBS}"
    r"(?:stands?\s+at|stood\s+at|"
    # a count that stays, or is at its highest ("was unchanged at 388", "peaked at 160,000")
    r"(?:remain(?:s|ed)?|stay(?:s|ed)?|(?:(?:was|were|is|are|remain(?:s|ed)?|stay(?:s|ed)?)\s+)?"
    r"unchanged|held(?:\s+steady)?|"
    r"peaked|plateaued|stopped|settl(?:ed|es|ing)|ended|closed)\s+at|"
    # ("the number of injured remains 85", "the toll stayed 57 all week")
    r"(?:remain(?:s|ed)?|stay(?:s|ed)?)|"
    # ("is now at", "is likely at least 120": a total told as a likely one is still told)
    r"(?:was|were|is|are|been)(?:\s+(?:now|currently|already|just|only|still|likely|probably|"
    r"almost\s+certainly))?(?:\s+at)?|"
    r"reach(?:ed|es|ing)?|"
    # "estimates of the missing have ranged from 100 to 500": a range, its own words on
    r"rang(?:e|es|ed|ing)(?:\s+(?:from|between))?|"
    r"(?:(?:could|may|might)\s+be\s+|(?:is|was|are|were|be)\s+)?as\s+high\s+as|"
    r"(?:could|may|might)\s+be|"
    rf"(?:{_RISE_VERBS})\s+(?:to|above|past|beyond|over)|"
    # a toll revised down is a toll too ("the toll fell to 3,958", "was revised down to")
    r"(?:fell|fallen|falls?|falling|dropp(?:ed|ing)|drops?|declin(?:e|es|ed|ing)|"
    r"decreas(?:e|es|ed|ing)|(?:revised|adjusted|corrected)(?:\s+(?:down|downward|up|upward))?|"
    r"lowered|reduced|cut|(?:went|gone|goes|go|going|came|come|edged|ticked)\s+down)"
    r"\s+(?:to|below|under)|"
    r"hover(?:s|ed|ing)?\s+(?:at|around|near|about)|"
    r"pass(?:ed|es|ing)?|surpass(?:ed|es|ing)?|exceed(?:ed|s|ing)?|top(?:s|ped|ping)|"
    r"hit(?:s|ting)?|near(?:s|ed|ing)|approach(?:es|ed|ing)?|cross(?:es|ed|ing)?|"
    r"total|totall?ed|totals|totall?ing|number|numbered|numbers|numbering|amounted\s+to|came\s+to|"
    r"estimated\s+at|estimated\s+to\s+be|put\s+at|placed\s+at|set\s+at|"
    # a count told by its parts ("the figure breaks down as 86 in the capital, 72 in ...")
    r"(?:breaks?|broke|broken)\s+down\s+as|(?:broken|split|divided|distributed)\s+as|"
    # "the dead included 112 women": a part of the count, named by its noun
    r"include[sd]?|"
    r"(?:described|estimated|assessed|reported|given|cited|counted|listed|recorded|registered)"
    r"\s+as|assessed\s+at|to|above|past|beyond|at|as|of|:|"
    # a note's "bodies recovered so far 1,500", "deaths confirmed to date: 320"
    r"(?:recovered|confirmed|recorded|registered|counted)\s+(?:so\s+far|to\s+date|thus\s+far)"
    r"(?:\s*:)?))\s*$"
)
MODAL_MAY = (
    r"(?<!in\s)(?<!since\s)(?<!until\s)(?<!of\s)(?<!by\s)(?<!from\s)(?<!early\s)(?<!late\s)"
    r"(?<!mid-)(?<!last\s)(?<!next\s)(?<!this\s)may"
)
"""The modal "may", not the month after a word that goes before one ("the toll since May
stands at", "sent in May"), as the rule table's `grammar.modal` spells it too."""
_FORECAST_BEFORE_RE = folded(
    rf"\b(?:could|{MODAL_MAY}"
    r"|might|will|would|(?:is|are|was|were)\s+(?:expected|likely|set|due|projected)\s+to"
    # ("a deployment meant to reach 4,800 troops by 2027")
    r"|(?:meant|intended|designed|slated|scheduled|planned)\s+to)\s+"
    r"(?:(?:eventually|soon|later|quickly|still|even|well)\s+)?"
    # ("could rise as high as 40,000")
    r"(?:(?:rise|climb|grow|go|jump|soar|increase|mount|surge)\s+)?$"
)
# "expects the contingent to reach 10,000", "predict the toll to climb to 5,000": a forecast
_EXPECT_TO_BEFORE_RE = folded(
    r"\b(?:expect|predict|forecast|project|anticipat|fear)\w*\s+(?:[\w'’-]+\s+){0,8}?to\s+$"
)
# "..., it had reached", "by Wednesday it stood": the count just given, as the subject
_IT_BEFORE_LINK_RE = folded(
    r"(?:^|[\s,])(?P<it>it)\s+"
    r"(?:(?:has|had|have|was|is|been|then|now|already|also|later|since|quickly|soon)\s+)*$"
    # "Together that is 5.2 million people": the counts just given, summed
    r"|(?:^|\b(?:together|altogether|combined|in\s+all|in\s+total|all\s+told|so|and)\s*,?\s+)"
    r"(?P<that>th(?:at|is))\s+(?:now\s+)?$"
)
# "the number of people still displaced, about 159,000, ...": a count's noun, a comma after it
_APPOSED_COUNT_RE = folded(
    r"\b(?:the|its|their)\s+(?:[\w'’-]+\s+){0,2}?(?:number|count|total|tally|toll|figure)"
    r"(?P<rel>(?:\s+(?:of|for)\s+[^,;:()]{1,80}?)?)\s*,\s*$"
)
# "those who fled the fighting", "residents who have been evacuated": a subject of
# people told by a relative clause, nothing but its words up to the link
_WHO_SUBJECT_RE = folded(
    r"(?:^|[.;:]\s*|\b(?:and|but|while)\s+)(?P<people>(?:the\s+)?(?:those|people|persons|"
    r"residents|civilians|villagers|individuals|the\s+ones))\s+(?:who|that)\s+"
    r"(?P<told>[^,;:()]{3,80})$"
)
# what the people a noun counts are, not how many ("the ages of the dead")
_ATTRIBUTE_OF_RE = re.compile(
    r"\b(?:ages?|names|identities|nationalities|genders)\s+of\s+(?:the\s+)?$"
)
_GAP_WORDS = 8
"""At most this many words between a metric noun and its linking verb ..."""
_LONG_GAP_WORDS = 20
"""... or this many when they say what the noun counts ("the number of people killed by
the floods that tore through the south this week rose to 158")."""
_MODIFIER_GAP_RE = re.compile(r"\s*(?:by|in|from|after|during|across|on|since|at)\b")
# ", followed by Yazd with", ", then Lorca with", "and the Red Cross with", ", Capiz for",
# "and Khyber Pakhtunkhwa", ", Valencia city", ": Buner" (the first after a colon): a list's
# next name, capitalised (a place's kind or its own place after it, or an aside between
# commas), and "with", "for" or nothing before its count
_LIST_NAME = (
    # (a name's particles too: "Santo Domingo de los Tsáchilas")
    r"(?:the\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+(?:[A-Z][\w'’.-]*|of|de|del|la|las|los|el|al|da|do|dos|van|von|bin)){0,5}"
    r"(?:\s+(?:city|province|district|region|county|state|prefecture|governorate))?"
)
_NEXT_IN_LIST_RE = re.compile(
    r"(?:[,:]\s*(?:(?:followed\s+by|then|and)\s+)?|\b(?:and|followed\s+by|then)\s+)"
    rf"(?:in\s+)?{_LIST_NAME}"
    # ("Hambantota in the south with 4,500", "and Hambantota's at 4,500", "Akçakale in
    # Şanlıurfa 1,425", "and Taroudant, on the range's southern flank, 809")
    r"(?:\s+(?:in|on)\s+the(?:\s+[a-z-]+){1,2}|\s+in\s+[A-Z][\w'’.-]*|\s*,\s*[^,;:()\d]{3,50},)?"
    r"\s+(?:(?:with|for)\s+|(?<=['’]s\s)at\s+)?$"
)
# "Morelos (74), Puebla (45)", "the rest were in Morelos (74)": a list's name with its count
# in brackets after it
_BRACKETED_ITEM_RE = re.compile(rf"(?:[,:;]\s*|\b(?:and|in|including)\s+){_LIST_NAME}\s*\(\s*$")
_MIXED_REACH = 24
"""Characters before a link's metric noun read for the other metric counted with it."""
_LINK_WINDOW = 200
"""How far before a number its metric noun is looked for."""
_ADVERB_WORDS = frozenset(
    (
        "now", "already", "currently", "so", "far", "thus", "date", "officially", "reportedly",
        "just", "only", "still", "later", "since", "subsequently",
    )
)  # fmt: skip
_LONGEST_LINK = 60
"""No linking phrase ("has so far risen to", "had been estimated to be") is longer."""
# Verbs that link a metric noun to its number as a copula does ("the toll stood at N").
_PAUSE_END_RE = re.compile(r"(?<=[a-z]),\s*$")
_RAISED_LINKS = frozenset(("to", "above", "past", "beyond"))
"""Links that need a verb moving the count before them ("took the toll above N", "the
toll fell to N")."""
_COPULA_LINKS = frozenset(
    (
        "was", "were", "is", "are", "been", "stood", "stand", "stands", "reach", "reached",
        "reaches", "remain", "remains", "remained", "stay", "stays", "stayed", "unchanged",
        "held", "steady", "peaked",
        "plateaued", "stopped", "settled", "ended", "closed", "range", "ranges", "ranged",
        "ranging",
    )
)  # fmt: skip
# The last word of every `_LINK_RE` phrase: a text ending otherwise has no link to test.
# fmt: off
_LINK_LAST_WORDS = frozenset((
    "at", "was", "were", "is", "are", "reach", "reached", "reaches", "reaching", "to", "pass",
    "passed", "passes", "passing", "surpass", "surpassed", "surpasses", "surpassing", "exceed",
    "exceeded", "exceeds", "exceeding", "tops", "topped", "topping", "hit", "hits", "hitting",
    "nears", "neared", "nearing", "approach", "approaches", "approached", "approaching", "cross",
    "crosses", "crossed", "crossing", "below", "under", "around", "near", "about", "total",
    "above", "past", "beyond", "over",
    "totaled", "totalled", "totals", "totaling", "totalling", "numbered", "numbers",
    "numbering", "number", "be", "been", "of", "now", "currently", "already", "as", "far", "date",
    "include", "includes", "included", "just", "only", "still", "likely", "probably",
    "certainly",
    "range", "ranges", "ranged", "ranging", "from", "between",
    "remain", "remains", "remained", "stay", "stays", "stayed",
))
# fmt: on
_QUANTITY_VERBS = frozenset(
    (
        "exceed",
        "exceeded",
        "exceeds",
        "exceeding",
        "number",
        "numbered",
        "numbers",
        "numbering",
        "total",
        "totaled",
        "totalled",
        "totals",
        "totaling",
        "totalling",
        "stand",
        "stands",
        "stood",
        "reach",
        "reached",
        "reaches",
        "reaching",
        "surpass",
        "surpassed",
        "surpasses",
        "tops",
        "topped",
    )
)
_TRAILING_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PUT_VERB_RE = folded(
    r"\b(?:put|puts|putting|placed|places|placing|estimated|estimates|estimating|set|sets|"
    # ("has kept its count of injured at 806")
    r"kept|keeps|keeping|left|leaves|leaving)\b"
)
_GIVE_AS_VERB_RE = folded(
    r"\b(?:giv(?:e|es|en|ing)|gave|describ(?:e|es|ed|ing)|estimat(?:e|es|ed|ing)|"
    r"assess(?:es|ed|ing)?|report(?:s|ed|ing)?|cit(?:e|es|ed|ing)|count(?:s|ed|ing)?|"
    r"list(?:s|ed|ing)?|record(?:s|ed|ing)?|register(?:s|ed|ing)?|stat(?:e|es|ed|ing)|"
    r"confirm(?:s|ed|ing)?|put|puts|putting)\b"
)
"""Verbs that give a count "as" a number ("gives the toll as 310", "listed as 40")."""
_RAISE_VERB_RE = folded(
    r"\b(?:bring(?:s|ing)?|brought|rais(?:e|es|ed|ing)|push(?:es|ed|ing)?|tak(?:e|es|ing)|took|"
    rf"{_RISE_VERBS}|lifting|lifted|"
    # (or lowering it: a corrected toll is a toll)
    r"fell|fallen|falls?|falling|dropp(?:ed|ing)|drops?|declin(?:e|es|ed|ing)|"
    r"decreas(?:e|es|ed|ing)|revis(?:e|es|ed|ing)|adjust(?:s|ed|ing)?|correct(?:s|ed|ing)?|"
    r"lower(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|cut(?:s|ting)?|trimm(?:ed|ing)|trims?|"
    # ("the toll went from 12 to 30")
    r"(?:went|gone|goes|going|moved)\s+from|"
    r"(?:went|gone|goes|go|going|came|come|edged|ticked)\s+down|"
    # ("had more than doubled, to 183,159")
    r"doubl(?:e|es|ed|ing)|tripl(?:e|es|ed|ing)|halv(?:e|es|ed|ing))\b"
)
# A word of a clause of its own after a figure noun ("the number of people rescued stayed")
_VERB_LIKE_RE = folded(r"[a-z](?:ed|ing)\b|\b(?:is|are|was|were|has|have|had)\b")
_RELATIVE_AFTER_NOUN_RE = folded(r"\b(?:that|which|who|whom)\b")
_TOLD_BY_RE = folded(
    r"\s*(?:released|published|issued|given|provided|announced|reported|compiled|cited|"
    r"quoted|offered|put\s+out)\s+by\b"
)
"""A participle after a figure's noun saying who gave it ("the figure released by police"):
no verb of what the figure counts."""
# "its public estimate of 100,000", "the figure of 94,300": the value of a figure named before
_DETERMINED_BEFORE_RE = folded(
    r"(?:\b(?:the|that|this|its|their|his|her|our)|['’]s)\s+(?:[a-z-]+\s+){0,2}$"
)
_WORD_RUN_RE = re.compile(r"[\w'’-]+")
# The words before a number end a list of objects ("..., air defences and about")
_LIST_END_RE = folded(r"\band\s*$")
# A list of things before the number, its items plain words, no verb among them: "two
# carrier groups, additional air defence batteries and (about)"
_LIST_OF_OBJECTS_RE = folded(
    r"(?:\s+(?!(?:that|which|who|to|in|on|at|by|for|from|with|after|before|during|since|"
    r"when|while|as|but|or|has|have|had|is|are|was|were|will|would|said|says)\b)"
    r"[\w'’-]+,?)+?\s+and\s*"
)
_OWN_VERB_AFTER_RE = folded(
    # (a comma or a dot inside a number goes on: "3,600 had been injured")
    r"(?:[^,;.]|(?<=\d)[,.](?=\d))*?\b(?:is|are|was|were|has|have|had|will|would|remain|"
    r"remained)\b"
)
_LIST_WINDOW = 160
"""How far before a number the verb of a list of objects is looked for."""
_FORECAST_RELATIVE_RE = folded(
    r"\b(?:who|that|which)\s+(?:could(?!\s+not\b)|will|would|might|"
    rf"{MODAL_MAY}|are\s+(?:expected|likely)\s+to)\b"
)
"""A relative clause of a figure's noun telling what is still to come ("the number of
people who will need shelter")."""
_PLANNED_LINK_BEFORE_RE = folded(
    r"\b(?:target|planned|projected|intended|envisaged|eventual|authori[sz]ed)\s+$"
)
"""A word before a figure's noun making it a goal ("its target strength of 4,800")."""
_NOUN_PLAN_RE = folded(
    r"\b(?:prepar\w*|plan\w*|intend\w*|expect\w*|decid\w*|agree\w*|promis\w*|pledg\w*|"
    r"propos\w*|consider\w*|authori[sz]\w*|approv\w*|could|would|will|may|might|possible|"
    r"potential|future|ready|"
    r"readiness|willing\w*|aim\w*|target|goal|envisag\w*|(?:provid|call)(?:e|es|ed|ing|s)?\s+for|"
    r"(?:roadmap|blueprint)s?\s+for)"
    # (through an infinitive: "is prepared to keep a combat brigade of 4,000")
    r"\s+(?:to\s+\w+\s+)?(?:\w+\s+){0,2}$"
)
"""Words before an act's noun making its count a plan ("the roadmap provides for a brigade
of 4,800", "its target strength of 4,800")."""
_TRAILING_DETERMINERS_RE = folded(
    r"(?:\b(?:a|an|the|its|their|another|third|second|first|new|fresh|further|"
    r"additional|large|major|earlier|latest|planned|initial)\s+)*$"
)
_PLANNED_BEFORE_RE = re.compile(r"\bplanned\s+(?:\w+\s+)?$")
_LINK_CUT_RE = re.compile(r";|,\s*(?:and|but|while)\b|(?<=[a-z]{4})\.\s")
"""Where the words before a link stop being its subject's: a clause's "; ", ", and", or a
full stop after a word (not after "Jan." or "U.S.")."""
# (not a list's commas: "displaced by the floods, strong winds and mudslides stands at")
_GAP_PUNCT_RE = re.compile(r"[;:]|,(?!\d)(?!(?:\s+[\w'’-]+){1,3}(?:,|\s+(?:and|or)\s))")
# "the death toll, which officials raised to": a relative clause whose verb links the noun
_OWN_RELATIVE_GAP_RE = re.compile(
    r"\s*,\s*(?:which|that)\s+(?:[\w'’-]+\s+){1,4}$"
    # "its count of the injured since Saturday, when it stood at": the noun, then its time
    r"|(?:\s+(?:since|on|at|in|by|until)\s+[\w'’-]+)?\s*,\s*when\s+it\s+(?:(?:had|has|was)\s+)?$"
)
# (a thousands separator is no end of the aside: "the contingent, 1,000-strong when it
# arrived, now numbers")
# (a long one of words only: "The confirmed death toll, which crept upward for almost two
# weeks as searchers picked their way along buried trails, now stands at 18")
_TRAILING_ASIDE_RE = re.compile(r",(?:(?:[^,;:]|(?<=\d),(?=\d{3})){1,80}|[^,;:\d]{81,140}),\s*$")
_BLANK_RE = re.compile(r"\s*$")
_LEAD_WORDS_RE = re.compile(r"(?:[\w'’.-]+\s+){0,3}$")
_LEAD_CUT_RE = re.compile(r"[,;:()]|\b(?:in|at|to|with|from|by|for|on|and)\b")


def _adverbials_start(left: str) -> int:
    """Where the run of adverbials ending `left` (lower-cased) starts: len(left) if none."""
    return len(left) - _ADVERBIAL_RUN_REVERSED_RE.match(left[::-1]).end()  # type: ignore[union-attr]


def _link_word(phrase: str) -> str:
    """The word that says how a linking phrase works: "at" only for a bare "at" (which
    needs a verb such as "put" before it), the verb itself for "stood at", "is now"."""
    words = [w for w in phrase.split() if w not in _ADVERB_WORDS]
    if len(words) > 1 and words[-1] in ("at", "from", "between"):
        return words[-2]  # ("ranged from 100 to 500": the verb)
    if len(words) > 1 and words[-1] in ("above", "past", "beyond", "over"):
        return "to"  # "rose above N" links as "rose to N" does
    return words[-1] if words else phrase.strip()


def _may_end_in_link(left: str) -> bool:
    """Cheap test: can `_LINK_RE` match at the end of `left` (lower-cased) at all?"""
    tail = left.rstrip()
    if tail.endswith(":"):
        return True
    word = tail[len(tail.rstrip(_TRAILING_LETTERS)) :]
    return word in _LINK_LAST_WORDS


class PrecedingWords:
    """Reads the cue words before a number, from the rule table."""

    def __init__(self, rules: Rules) -> None:
        self.r = rules
        self.object_tails = rules.objects

    def object_verbs(
        self, text: str, lower: str, start: int, qual_start: int
    ) -> list[tuple[ObjectCue, int, bool]]:
        """Verbs taking the number as their object: (cue, verb start, planned) each."""
        base = max(start, qual_start - 70)
        left = lower[base:qual_start]
        reversed_left = left[::-1]
        core_end = len(left) - _ADVERBIAL_RUN_REVERSED_RE.match(reversed_left).end()  # type: ignore[union-attr]
        core = left[:core_end]
        if not core.strip():
            return []
        # the verb is one of the last few words: try each ending, longest first (the last
        # words are the first ones of the reversed text)
        words = islice(_WORD_RUN_RE.finditer(reversed_left, len(left) - core_end), 4)
        starts = [len(left) - w.end() for w in words][::-1]
        core_text = text[base : base + core_end]
        found = []
        for w_start in starts:
            # one match says whether any object verb runs from this word on (it rarely does)
            if not self.r.object_to_end.match(core_text, core, w_start):
                continue
            at = base + w_start
            found += self._verb_cues(text, lower, start, at, at + len(core[w_start:].rstrip()))
        if not found and _LIST_END_RE.search(core):
            return self._listed_object(text, lower, start, qual_start)
        return found

    def _listed_object(
        self, text: str, lower: str, start: int, qual_start: int
    ) -> list[tuple[ObjectCue, int, bool]]:
        """The verb whose objects are listed before the number ("has sent two carrier
        groups, air defences and about 1,200 troops"): the nearest object verb such that
        the words from it to the number are a list, with no other verb among them, and the
        number's own words have no verb of their own."""
        if _OWN_VERB_AFTER_RE.match(lower, qual_start, qual_start + 60):
            return []  # ("... and 2 officers were arrested": a clause of its own)
        base = max(start, qual_start - _LIST_WINDOW)
        for w in reversed(list(_WORD_RUN_RE.finditer(lower, base, qual_start))):
            if not _LIST_OF_OBJECTS_RE.fullmatch(lower, w.end(), qual_start):
                continue
            cues = self._verb_cues(text, lower, start, w.start(), w.end())
            if cues:
                return cues  # (in the rules' order: the caller takes the first that fits)
        return []

    def _verb_cues(
        self, text: str, lower: str, start: int, at: int, end: int
    ) -> list[tuple[ObjectCue, int, bool]]:
        """The object cues whose verb is text[at:end], each with whether a plan comes before
        it in the clause from `start`."""
        found = []
        for rule, cue in self.object_tails:
            if rule.fullmatch(text[at:end], lower[at:end]):
                planned = bool(self.r.plan_before.search(text, lower, max(start, at - 40), at))
                found.append((cue, at, planned))
        return found

    def of_noun(
        self, text: str, lower: str, start: int, qual_start: int
    ) -> tuple[str, int, bool] | None:
        base = max(start, qual_start - 60)
        left = lower[base:qual_start]
        left = left[: _adverbials_start(left)]
        m = self.r.of_noun_tight.search(text[base : base + len(left)], left)
        if not m:
            return None
        noun_start = base + m.start()
        before = lower[max(start, noun_start - 60) : noun_start]
        before = _TRAILING_DETERMINERS_RE.sub("", before)
        planned = bool(_NOUN_PLAN_RE.search(before)) or bool(
            _PLANNED_BEFORE_RE.search(text[max(start, noun_start - 30) : noun_start])
        )
        return group_metric(m), noun_start, planned

    def planned_before(self, lower: str, start: int, at: int) -> bool:
        """Do the words of lower[start:at] just before a count make it a plan ("is ready to
        base a 4,000-strong brigade", "a roadmap for a 4,800-strong brigade")?"""
        before = _TRAILING_DETERMINERS_RE.sub("", lower[max(start, at - 60) : at])
        return bool(_NOUN_PLAN_RE.search(before))

    def link(
        self, text: str, lower: str, start: int, qual_start: int, carried: str | None = None
    ) -> tuple[str, tuple[int, int]] | None:
        """ "the death toll stood at N", "casualties ... surpassing N", "put the toll at N";
        "put the figure at N" counts what `carried` (the metric of the figure before) does."""
        window_start = max(start, qual_start - _LINK_WINDOW)
        left = lower[window_start:qual_start]
        if not _may_end_in_link(left):
            return None
        lm = _LINK_RE.search(left, max(0, len(left) - _LONGEST_LINK))
        if (
            not lm
            or _FORECAST_BEFORE_RE.search(left, max(0, lm.start() - 40), lm.start())
            or _EXPECT_TO_BEFORE_RE.search(left, max(0, lm.start() - 80), lm.start())
        ):
            return None  # (none, or "could eventually reach 12,000": a forecast)
        link = _link_word(lm.group("link"))
        before_text = text[window_start : window_start + lm.start()]
        cut = 0
        for m in _LINK_CUT_RE.finditer(before_text):
            cut = m.end()
        before_text = before_text[cut:]
        before = left[cut : lm.start()]
        # an aside between the noun and its verb ("total casualties, the dead and the
        # wounded together, stood at N") is skipped
        aside = _TRAILING_ASIDE_RE.search(before)
        scan_end = aside.start() if aside else len(before)
        best = None
        for m in self.r.links.finditer(before_text, before, 0, scan_end):
            best = m
        gap = before[best.end() : scan_end] if best is not None else ""
        # (a comma just before the link is a pause: "had more than doubled, to 183,159")
        pause = _PAUSE_END_RE.search(gap)
        paused = gap[: pause.start()] if pause is not None else gap
        if best is not None and (
            len(gap.split()) > (_LONG_GAP_WORDS if _MODIFIER_GAP_RE.match(gap) else _GAP_WORDS)
            or (_GAP_PUNCT_RE.search(paused) and not _OWN_RELATIVE_GAP_RE.match(gap))
        ):
            best = None
        if best is not None and self.r.mixed_count.search(
            before_text, before, max(0, best.start() - _MIXED_REACH), best.end()
        ):
            return None  # "the count of dead and missing together has topped 11,000"
        if best is not None and _FORECAST_RELATIVE_RE.search(
            before, max(0, best.start() - 40), scan_end
        ):
            return None  # "the number of people who will need shelter at 4,500": a forecast
        if best is not None and _PLANNED_LINK_BEFORE_RE.search(
            before, max(0, best.start() - 16), best.start()
        ):
            return None  # "until the brigade reaches its target strength of 4,800": a goal
        if best is not None and _ATTRIBUTE_OF_RE.search(
            before, max(0, best.start() - 24), best.start()
        ):
            return None  # "the ages of the dead ranged from 2 to 90": what they are, no count
        if best is not None and gap.strip():
            # "the number of displaced families is 349" counts households, not people
            g0 = window_start + cut + best.end()
            if self.r.household_noun.search(text, lower, g0, g0 + len(gap)):
                return None
        # ("it", where no metric noun is near enough to be the link's subject)
        it_m = _IT_BEFORE_LINK_RE.search(before, 0, scan_end) if carried and best is None else None
        if carried is not None and it_m is not None:
            # "The death toll rose to 300 on Monday. By Wednesday it had reached 450": "it"
            # is the count just given
            word = "it" if it_m.group("it") else "that"
            it = window_start + cut + it_m.start(word)
            return carried, (it, it_m.end(word) + window_start + cut)
        if best is None:
            # "the total (it has deployed) to N": a figure noun, with a short clause saying
            # what it counts; an aside after it skipped ("its estimate, given in May, was N")
            ctx = self.r.figure_noun.search(before_text, before, 0, scan_end)
            if not ctx:
                return self._who_subject(text, lower, window_start + cut, before, link)
            of_value = (
                link == "of"
                and not ctx.group("rel")
                and _DETERMINED_BEFORE_RE.search(before, 0, ctx.start()) is not None
            )
            if link not in ("to", "at", "as") and link not in _COPULA_LINKS and not of_value:
                return None
            at = window_start + cut
            rel = ctx.group("rel")
            if _FORECAST_RELATIVE_RE.search(rel):
                return None  # "the number of people who will need shelter at 4,500"
            told_by = bool(_TOLD_BY_RE.match(rel))  # ("the figure released by police")
            metric = (
                None
                if told_by
                else self.metric_told(text, lower, at + ctx.start("rel"), at + ctx.end("rel"))
            )
            if metric is None and not _VERB_LIKE_RE.search(rel):
                # "killed in the fighting, the total (there) reached N"
                metric = self.metric_told(text, lower, start, at + ctx.start())
            if (
                metric is None
                and (not rel or told_by or _RELATIVE_AFTER_NOUN_RE.match(rel.strip()))
                and _DETERMINED_BEFORE_RE.search(before, 0, ctx.start())
            ):
                # "the figure", "its estimate", "the figure, which Washington raised to": the
                # figure named just before
                metric = carried
            if metric is None or (link in _RAISED_LINKS and not _RAISE_VERB_RE.search(left)):
                return None
            s = window_start + cut + ctx.start()
            return metric, (s, window_start + cut + ctx.end())
        if link == "at" and not _PUT_VERB_RE.search(left):
            return None
        if lm.group("link").split() == ["as"] and not _GIVE_AS_VERB_RE.search(left):
            return None  # ("the toll passed 100 as 500,000 fled": a conjunction)
        if link in _RAISED_LINKS and not _RAISE_VERB_RE.search(left):
            return None  # ("pushed the death toll past 49,500", "brought the toll to 30")
        if link == "of" and not _BLANK_RE.match(gap):
            return None
        s = window_start + cut + best.start()
        pre = text[max(start, s - 40) : s]
        lead = _LEAD_WORDS_RE.search(_LEAD_CUT_RE.split(pre)[-1])
        s_np = s - (len(lead.group(0)) if lead else 0)
        span_end = window_start + lm.start()
        relative = _RELATIVE_AFTER_NOUN_RE.search(lower, window_start + cut + best.end(), span_end)
        if relative is not None:
            span_end = relative.start()  # "a force that Washington described as": not its owner
        return group_metric(best), (s_np, span_end)

    def _who_subject(
        self, text: str, lower: str, at: int, before: str, link: str
    ) -> tuple[str, tuple[int, int]] | None:
        """ "Those who fled the fighting now number 4,000": people named by a relative clause
        whose verb is a metric's predicate, then a verb of quantity or a copula; the metric
        and the span of the subject, or None."""
        if link not in _COPULA_LINKS and link not in _QUANTITY_VERBS:
            return None
        who = _WHO_SUBJECT_RE.search(before)
        if who is None:
            return None
        metric = self.metric_told(text, lower, at + who.start("told"), at + len(before))
        if metric is None:
            return None
        return metric, (at + who.start("people"), at + len(before.rstrip()))

    def next_in_list(
        self, text: str, start: int, qual_start: int, end: int
    ) -> tuple[int, int] | None:
        """ "Kerman with 800 deaths, followed by Yazd with 350", "Sindh counted 678 and
        Balochistan 299", "307 deaths: Buner 184, Shangla 36", "Morelos (74), Puebla (45)":
        a count given for the next place or group of a list (the count's number ending at
        `end`), which counts what the one before it did; the span of the words that name
        it, or None."""
        window = max(start, qual_start - 80)
        m = _NEXT_IN_LIST_RE.search(text, window, qual_start)
        if m is None and text.startswith(")", end):
            m = _BRACKETED_ITEM_RE.search(text, window, qual_start)
        return m.span() if m is not None else None

    def quantity_verb(self, lower: str, start: int, qual_start: int) -> bool:
        """A verb of quantity ("exceeds", "numbered", "stands at") right before the number:
        "the grouping ... exceeds 127,000 servicemen" gives a force its size."""
        left = lower[max(start, qual_start - _LONGEST_LINK) : qual_start]
        if not _may_end_in_link(left):
            return False
        lm = _LINK_RE.search(left)
        return (
            lm is not None
            and _link_word(lm.group("link")) in _QUANTITY_VERBS
            and not _FORECAST_BEFORE_RE.search(left, max(0, lm.start() - 40), lm.start())
        )

    def apposed(
        self, text: str, lower: str, start: int, qual_start: int
    ) -> tuple[str, tuple[int, int]] | None:
        """ "the number of people still displaced, about 159,000, has barely fallen": a count
        set between commas beside the noun that says what it counts; the metric and the
        span of that noun ("" for a count of what no metric counts: "the number of
        schools, about 300, ..."), or None."""
        m = _APPOSED_COUNT_RE.search(lower, max(start, qual_start - 120), qual_start)
        if m is None:
            return None
        nouns = list(self.r.links.finditer(text, lower, m.start(), m.end()))
        named = nouns[-1] if nouns else None
        if named is not None:
            metric: str | None = group_metric(named)
        elif m.group("rel"):
            metric = self.metric_told(text, lower, m.start("rel"), m.end("rel"))
        else:
            return None
        return metric or "", (m.start(), m.end("rel"))

    def metric_told(self, text: str, lower: str, start: int, pos: int) -> str | None:
        """The metric of the last predicate in text[start:pos]; one that speaks of soldiers
        only ("arrived", "in Papua New Guinea's") names none where no soldiers or force are
        named."""
        metric = None
        soldiers: bool | None = None
        for m in self.r.predicate.finditer(text, lower, start, pos):
            found = group_metric(m)
            military = self.r.military_predicate.get(found)
            is_military = military is not None and military.fullmatch(
                m.group(0), lower[m.start() : m.end()]
            )
            if is_military or found in self.r.people_only:
                if soldiers is None:
                    soldiers = bool(
                        self.r.military_noun.search(text, lower, start, pos)
                        or self.r.force_noun.search(text, lower, start, pos)
                    )
                if is_military and not soldiers:
                    continue
                if (
                    not is_military
                    and soldiers
                    and self.r.force_predicate.match(text, lower, m.start(), pos)
                ):
                    found = "deployed"  # ("a second group had reached Russia": it is there)
            metric = found
        return metric

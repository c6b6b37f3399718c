"""The parts of a sentence a figure's words belong to, for the readers that ask what time
and which event those words speak of (`past.py`, `events.py`).

A sentence is cut at commas (not those inside a number), semicolons, colons, brackets and
dashes.  A figure's own parts hold its number and its verb.  A part opening with "when",
"which", "who", "that" or "where" ("in which" too) hangs on the noun ending the part
before it ("the deadliest since 1960, when 12,000 died"), past an apposition ("an
outbreak of cholera, the worst in decades, which has killed"); a participle's part
("..., in 2018, killing 160"), one opening with "with" ("..., with 1,600 deaths") or with
the figure's verb ("the quake, in June 2022, killed 1,000") hangs on the clause before
it, back to a semicolon; and a short opening part ("In 2008,", "After the storm,")
frames the sentence up to a new clause ("but", "while", a semicolon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tallywatch.extract.clauses import Reading
from tallywatch.extract.sentences import Sentence, dateline_end

_BOUNDARY_RE = re.compile(
    # (not a comma inside a number, nor one between a day and its year: "Sept. 19, 1985")
    r"[;:()—–]|(?<!\d),(?!\d)|(?<=\d),(?!\d)(?!\s*(?:1[89]|20)\d\d\b)|\s-\s"
)
_HANGING_RE = re.compile(
    r"\s*(?:(?:in|during|of|by|after|at|on|from)\s+)?(?:when|which|who|whom|whose|that|where)\b",
    re.IGNORECASE,
)
_LAST_WORDS_RE = re.compile(r"(?:\S+\s+){0,3}\S+\s*$")
_OF_PHRASE_BEFORE_RE = re.compile(r"(?:\S+\s+){0,3}\S+\s+of\s+(?:\S+\s+){0,6}$")
"""The noun an "of" phrase tells of, before it: what a "which" after both may stand for."""
# a place phrase ending a part ("in the southern Philippines")
_PLACE_PHRASE_RE = re.compile(
    r"\b(?:in|at|near|off|across|along)\s+(?:\S+\s+){0,4}?\S+\s*$", re.IGNORECASE
)
_ARTICLE_END_RE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
_YEAR_LEAD_RE = re.compile(
    r"(?:\b(?:the|a|an)\s+)?(?<![\w,.])(?:1[89]|20)\d\d\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE
)
"""A year leading the words a "which" or "where" stands for, a noun or two before them."""
# "the outbreak, the worst in decades, which has killed", "the 1960 quake, barely 100 km
# away, which killed": an apposition between the "which" and the noun it stands for
_APPOSITION_RE = re.compile(
    r"\s*(?:the|a|an|one|its|their|barely|just|only|some|about|around|nearly|almost|roughly|"
    r"[\d,.]+)\s+(?:\S+\s+){0,7}\S+\s*$",
    re.IGNORECASE,
)
# "the Camp Fire in Paradise, California, which killed 85": a name set after a place,
# the region it lies in, between the "which" and the noun it stands for
_NAME_APPOSITION_RE = re.compile(r"\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s*")
# ("..., killing 160", "..., with 1,600 deaths since 2022": what the clause before did)
_PARTICIPLE_RE = re.compile(r"\s*(?:[a-z]{3,}ing|with)\b")
# "The quake, in June 2022, killed": a part opening with the figure's own verb, whose
# subject (and the asides on it) are the parts before
_VERB_FIRST_RE = re.compile(
    r"\s*(?:(?:has|have|had|was|were|is|are|also|reportedly|already|then|later)\s+){0,2}",
    re.IGNORECASE,
)
# "the 1999 quake, ..., left more than 17,000 dead": a part opening with a verb in the
# past, whose subject is the parts before
_PAST_VERB_FIRST_RE = re.compile(
    r"\s*(?:and\s+)?(?:(?:has|have|had|also|reportedly|then|later)\s+)?(?:left|took|[a-z]{3,}ed)\s"
)
# "* DEATH TOLL:", "UPDATE:": a label in capitals (after a bullet) before the sentence
_LABEL_RE = re.compile(r"\s*(?:[*•·–-]\s*)?[A-Z][A-Z0-9 &/'’-]*:\s")
_NEW_CLAUSE_RE = re.compile(
    r"\s*(?:but|while|whereas|although|though|compared|against|and\s+(?:this|now|the\s+latest))\b",
    re.IGNORECASE,
)
_AND_OPENING_RE = re.compile(r"\s*and\s", re.IGNORECASE)
_TIME_PHRASE_RE = re.compile(
    r"\s*(?:in|on|at|during|throughout|after|following|before|when)\s", re.IGNORECASE
)
OPENING_WORDS = 6
"""An opening part that frames the sentence ("In 2008,", "Late last year,") is at most
this many words long."""
TAIL_WORDS = 8
"""A short phrase after the figure's part that says what it is of ("the worst toll is 171,
from floods in February 1988") is at most this many words long."""
_TAIL_OF_RE = re.compile(r"\s*(?:from|in|during)\s")
FRAME_WORDS = 12
"""... and a time phrase just before the figure's part ("in the 1998-2000 border conflict
between Ethiopia and Eritrea,", "After the 2011 disaster in the northeast,") this many."""

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class FigureParts:
    """The parts of a sentence a figure's words belong to."""

    own: list[Span]
    """The parts holding the figure's number and its verb."""
    hung_on: Span | None
    """The part a "when" or "which" part hangs on."""
    clause_before: list[Span]
    """The clause a participle's part, or one opening with the figure's verb, hangs on, nearest
    part first."""
    opening: Span | None
    """A short opening part that frames the figure's part."""
    coordinated: Span | None = None
    """The clause before a figure's part that opens with "and" (", and 59 people died"):
    its time is the figure's when the figure is told in the simple past."""

    def spans(self) -> list[Span]:
        """Every part the figure's words belong to, own parts first (the clause it is
        `coordinated` with only dates it: its event is not the figure's)."""
        extra = [self.hung_on] if self.hung_on else []
        return [*self.own, *extra, *self.clause_before, *([self.opening] if self.opening else [])]


def cut(text: str, sent: Sentence) -> list[Span]:
    """The parts of sentence `sent`, in order; a label before a colon that opens it
    ("DEATH TOLL: At least 2,012 ...") or a dateline ("MARRAKECH, Sept. 10, 2023 --") is
    none of them."""
    out: list[Span] = []
    start = sent.start
    label = _LABEL_RE.match(text, sent.start, sent.end)
    if label is not None:
        start = label.end()
    else:
        start = min(dateline_end(text, sent.start) or start, sent.end)
    for b in _BOUNDARY_RE.finditer(text, start, sent.end):
        out.append((start, b.start()))
        start = b.end()
    out.append((start, sent.end))
    return out


def figure_parts(text: str, parts: list[Span], reading: Reading) -> FigureParts:
    """The parts (of a sentence `cut` into `parts`) the words of `reading` belong to."""
    k = _index_of(parts, reading.number.start)
    c = _index_of(parts, reading.cue_start) if reading.cue_end > reading.cue_start else k
    own = [parts[k]] if k == c else [parts[min(k, c)], parts[max(k, c)]]
    after = max(k, c) + 1
    if (
        after == len(parts) - 1
        and _TAIL_OF_RE.match(text, parts[after][0])
        and len(text[parts[after][0] : parts[after][1]].split()) <= TAIL_WORDS
    ):
        # ("The worst toll in the city's records is 171, from floods in February 1988."):
        # a closing phrase telling what the count is of dates it too
        own.append(parts[after])
    first = min(k, c)
    if first == 0:
        return FigureParts(own, None, [], None)
    opening_part = parts[first][0]
    if (
        first >= 2
        and text[opening_part - 1 : opening_part] == ":"
        and _HANGING_RE.match(text, parts[first - 1][0])
    ):
        # ("the deadliest since 2021, when two fires shocked the country: 82 died in
        # Baghdad"): the words after the colon tell what the "when" part did, and hang on
        # what it hangs on
        first -= 1
        opening_part = parts[first][0]
    if _HANGING_RE.match(text, opening_part):
        noun_part = first - 1
        if noun_part >= 1 and _NAME_APPOSITION_RE.fullmatch(text, *parts[noun_part]):
            noun_part -= 1  # ("the 2018 floods in Ernakulam, Kerala, which killed 480")
        if noun_part >= 1 and _APPOSITION_RE.fullmatch(text, *parts[noun_part]):
            noun_part -= 1
        # (the noun it stands for ends that part: "the floods worsen an outbreak of
        # cholera, which has killed" speaks of the cholera)
        noun = _LAST_WORDS_RE.search(text, *parts[noun_part])
        start = noun.start() if noun is not None else parts[noun_part][0]
        # (with its article: "the 1928 San Felipe hurricane, which killed 312")
        article = _ARTICLE_END_RE.search(text, max(parts[noun_part][0], start - 5), start)
        if article is not None:
            start = article.start()
        place = _PLACE_PHRASE_RE.search(text, *parts[noun_part])
        if place is not None:
            # ("the 1976 tsunami in the south of Sudan, which left": the noun the place
            # phrase tells of)
            head = _LAST_WORDS_RE.search(text, parts[noun_part][0], place.start())
            if head is not None:
                article = _ARTICLE_END_RE.search(text, parts[noun_part][0], head.start())
                start = article.start() if article is not None else head.start()
        of = _OF_PHRASE_BEFORE_RE.search(text, parts[noun_part][0], start)
        if of is not None:
            start = of.start()  # ("the 2002 crash of an Air China jet, which killed 129")
        year = _YEAR_LEAD_RE.search(text, parts[noun_part][0], start)
        if year is not None:
            # ("the 2004 siege of the school in Beslan, in which 334 died", "the 2002 siege
            # of the Dubrovka theatre, where 130 died": the year the noun is of)
            start = year.start()
        return FigureParts(own, (start, parts[first - 1][1]), [], None)
    if (
        _PARTICIPLE_RE.match(text, opening_part)
        or (
            reading.cue_start >= opening_part
            and _VERB_FIRST_RE.fullmatch(text, opening_part, reading.cue_start)
        )
        or _PAST_VERB_FIRST_RE.match(text, opening_part)
    ):
        before = []
        for j in range(first - 1, -1, -1):
            before.append(parts[j])
            if text[parts[j][0] - 1 : parts[j][0]] == ";":
                break
        return FigureParts(own, None, before, None)
    s, e = parts[0]
    framed = len(text[s:e].split()) <= OPENING_WORDS and not any(
        text[parts[j][0] - 1 : parts[j][0]] == ";" or _NEW_CLAUSE_RE.match(text, parts[j][0])
        for j in range(1, first + 1)
    )
    if not framed:
        # "The last time Tigray was at war, in the 1998-2000 conflict, an estimated 80,000
        # were killed", "When the long rains of 2018 came, the Red Cross counted 186
        # deaths": a short time phrase or clause just before the figure's part frames it
        s, e = parts[first - 1]
        framed = (
            _TIME_PHRASE_RE.match(text, s, e) is not None
            and len(text[s:e].split()) <= FRAME_WORDS
            and text[s - 1 : s] != ";"
        )
    joined = first - 1
    while joined > 0 and _HANGING_RE.match(text, parts[joined][0]):
        # ("In April 2021 a fire broke out at a hospital, which was full, and 82 died":
        # the clause a "which" part hangs on is the one the figure's is joined to)
        joined -= 1
    coordinated = (
        parts[joined]
        if _AND_OPENING_RE.match(text, opening_part)
        and text[opening_part - 1 : opening_part] == ","
        else None
    )
    return FigureParts(own, None, [], (s, e) if framed else None, coordinated)


def _index_of(parts: list[Span], pos: int) -> int:
    for j, (_, e) in enumerate(parts):
        if pos < e:
            return j
    return len(parts) - 1


class ArticleParts:
    """The parts of one article's sentences, each sentence cut once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._parts: dict[int, list[Span]] = {}

    def of_sentence(self, sent: Sentence) -> list[Span]:
        parts = self._parts.get(sent.index)
        if parts is None:
            parts = self._parts[sent.index] = cut(self.text, sent)
        return parts

    def part_at(self, sent: Sentence, pos: int) -> Span:
        """The part of sentence `sent` that holds offset `pos`."""
        parts = self.of_sentence(sent)
        return parts[_index_of(parts, pos)]

    def of_figure(self, sent: Sentence, reading: Reading) -> FigureParts:
        """The parts of sentence `sent` the words of `reading` belong to."""
        return figure_parts(self.text, self.of_sentence(sent), reading)

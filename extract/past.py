"""Figures of an earlier time: "In 2008, Cyclone Nargis killed 138,000 people".

A figure is of the past when the words of its parts of the sentence (`clauseparts.py`)
date what it tells to a year before the article's ("in 2008", "in July 2018", "in the
early 2000s", "the 2015 quake", "a 2010 flood"; "last September" in a May article, "in
August" in an April one) or say so outright ("last year", "a decade ago").  A date that
starts a count still running is no past ("since 2017", "the war, which erupted in 2023,
has killed ..."), unless a "when", "which" or "whose" part hangs on it ("the deadliest since
1960, when 12,000 died"; "since the quakes of 2016, whose final toll of 276 ..."); a date
inside the counted noun phrase dates the people, not the count ("the 11,000 soldiers sent
last year had been ...").

The article's year is its publication date's.  Without one, every year a clause is dated to
counts as earlier, unless it is the year to date ("In 2024 alone", "so far in 2024"): a
report dates its background by year and its own news by day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from tallywatch.extract.clauseparts import ArticleParts, Span
from tallywatch.extract.clauses import Reading
from tallywatch.extract.folding import lower_text
from tallywatch.extract.rules import required_words
from tallywatch.extract.sentences import Sentence

_YEAR_RE = re.compile(r"(?<![\w$€£.,/-])((?:1[89]|20)\d\d)(s)?(?![\w]|[.,/]\d)")
_YEAR_DIGITS_RE = re.compile(r"(?:1[89]|20)\d\d")
_YEAR_SPAN_RE = re.compile(
    r"\b(?:between|from)\s+((?:1[89]|20)\d\d)\s+(?:and|to|until|till)\s+((?:1[89]|20)\d\d)\b"
)
_PUBLISHED_YEAR_RE = re.compile(r"^\s*((?:19|20)\d\d)\b")
_PUBLISHED_MONTH_RE = re.compile(r"^\s*(?:19|20)\d\d-(\d\d)\b")
_STARTED_BEFORE_RE = re.compile(
    r"\b(?:began|begun|started|erupted|broke\s+out)\s+(?:in\s+)?(?:\w+\s+)?$", re.IGNORECASE
)
_SINCE_BEFORE_RE = re.compile(r"\bsince\s+(?:[\w'’-]+\s+){1,4}$", re.IGNORECASE)
"""A "since" a few words before a figure's verb: the verb of the event it names."""
# a year with nothing but the figure's verb after it
_DATE_THEN_VERB_RE = re.compile(r"\d{4}s?\s+")
_WHEN_OPENING_RE = re.compile(r"\s*(?:when|whose|which)\b", re.IGNORECASE)
# a year ending the words a "when" hangs on ("not like 1982, when ...")
_YEAR_END_RE = re.compile(r"(?<![\w$€£.,/-])((?:1[89]|20)\d\d)\s*$")
_PERFECT_BEFORE_RE = re.compile(
    # (or a present passive: "are now displaced", "remain missing")
    r"\b(?:has|have|had|is|are|am|remain|remains)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_PAST_FORMS = frozenset(("drove", "left", "took", "fled", "forced", "sent"))
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    year: int | None
    """The last year the words date to; None for "last year", "a decade ago"."""
    running: bool
    """The date starts a count still running ("since 2017")."""
    month: int | None = None
    """For "last September": the month (1-12), of this year or the one before."""
    later_only: bool = False
    """For "in August": of the year before only when later than the article's month (in
    the article's month itself it is this year's)."""
    event: bool = False
    """For a running date: it is an event's, told a few words after "since" ("since the
    ferry capsized in April 2014"), not the start of a span ("since April 2014")."""


class ArticleDates:
    """The dates of one article's sentences, each read once."""

    def __init__(
        self,
        reader: PastReader,
        parts: ArticleParts,
        year: int | None,
        month: int | None,
        sentences: Sequence[Sentence] = (),
    ) -> None:
        self.reader = reader
        self.parts = parts
        self.sentences = sentences
        self.year = year
        """The article's year (see `PastReader.reference_year`)."""
        self.month = month
        """The article's month (1-12), when its date gives one."""
        self._marks: dict[Span, list[_Mark]] = {}
        self._dated: dict[int, bool] = {}

    def is_past(self, sent: Sentence, reading: Reading) -> bool:
        """Is the figure of `reading`, in sentence `sent`, dated before the article?"""
        num = reading.number
        if reading.metric == "deployed" and not (
            reading.cue_start < num.start
            and self.reader.tells_presence(self.parts.text, reading.cue_start, num.start)
        ):
            # a force sent in 2022 is still a force: the date is its arrival; a force a
            # state "had" in 2014 is the force of then, and so is one sent over years that
            # ended before ("sent to Angola between 1975 and 1991")
            return self._over_ended_years(sent)
        if not self._dates_any(sent):
            return (
                self._of_ended_war(sent, reading)
                or self._refers_back_to_past(sent, reading)
                or self._answers_past_question(sent, reading)
            )
        fp = self.parts.of_figure(sent, reading)
        marks = [
            m
            for span in fp.own
            for m in self._marks_of(span)
            # a date inside the counted noun phrase dates the people, not the count
            if not (reading.cue_start > num.end and num.end <= m.start < reading.cue_start)
        ]
        if fp.hung_on is not None:
            # "..., when 12,000 died": the date of the words it hangs on, a start included
            marks += [
                _Mark(m.start, m.year, False) if m.year is not None else m
                for m in self._marks_of(fp.hung_on)
            ]
        year = _YEAR_END_RE.search(self.parts.text, *fp.hung_on) if fp.hung_on else None
        if year is not None:
            # "not like 1982, when 17,800 died": the year itself is what "when" stands for
            marks.append(_Mark(year.start(), int(year.group(1)), False))
        before = []
        for span in fp.clause_before:  # (the nearest part first)
            marks_here = self._marks_of(span)
            if any(
                _WHEN_OPENING_RE.match(self.parts.text, s)
                for s, _ in fp.clause_before
                if s > span[0]
            ):
                # "since May 1960, when a quake near Valdivia, the largest ever recorded,
                # killed 1,655": a "when" between them, the date of the time it stands for
                marks_here = [replace(m, running=False) for m in marks_here]
            before += marks_here
        if before and self._told_as_participle(reading):
            # "since the ferry capsized in April 2014, killing 304": what the event did
            before = [replace(m, running=False) if m.event else m for m in before]
        marks += before
        if fp.opening:
            marks += self._marks_of(fp.opening)
        if fp.coordinated and self._told_as_past(reading):
            # "in March 2001 a bridge in Portugal gave way, and 59 people died": the clause
            # it is joined to dates it
            marks += [m for m in self._marks_of(fp.coordinated) if not m.running]
        if any(m.running for m in marks) and self._told_as_past(reading):
            # "the war that began in 2003 killed 300,000": its start dates a count told in
            # the past tense (not "has killed", still running)
            text = self.parts.text
            marks = [
                replace(m, running=False)
                if m.running
                and (
                    _STARTED_BEFORE_RE.search(text, max(0, m.start - 24), m.start)
                    # "the deadliest since floods in 2018 killed 480": the dated event's
                    # own verb is the figure's
                    or _DATE_THEN_VERB_RE.fullmatch(text, m.start, reading.cue_start)
                    # ... and "the deadliest since Merapi killed 353 people in 2010"
                    or (
                        m.event
                        and reading.number.end < m.start
                        and _SINCE_BEFORE_RE.search(
                            text, max(0, reading.cue_start - 40), reading.cue_start
                        )
                    )
                )
                else m
                for m in marks
            ]
        if any(_earlier(m, self.year, self.month) for m in marks):
            return True
        return self._of_ended_war(sent, reading) or self._refers_back_to_past(sent, reading)

    def _over_ended_years(self, sent: Sentence) -> bool:
        """Does sentence `sent` name a span of years that ended before the article's year
        ("between 1975 and 1991", "from 2013 to 2014")?"""
        for m in _YEAR_SPAN_RE.finditer(self.parts.text, sent.start, sent.end):
            end = int(m.group(2))
            if self.year is None or end < self.year:
                return True
        return False

    def _answers_past_question(self, sent: Sentence, reading: Reading) -> bool:
        """Does sentence `sent` open the answer to a question standing on a line of its own
        before it, a question on a year before the article's ("How does this compare
        with 1997?" -- "The flood of the millennium killed 56 people"), the figure told in
        the past tense?  Then the answer's first words are of that year."""
        k = sent.index - 1
        if k < 0:
            return False
        question = self.sentences[k]
        text = self.parts.text
        if (
            question.headline
            # (a line of its own: "How does this compare with 1997?")
            or "\n" not in text[question.end : sent.start]
            or (k and "\n" not in text[self.sentences[k - 1].end : question.start])
            or not text[question.start : question.end].rstrip().endswith("?")
            or not self._told_as_past(reading)
        ):
            return False
        years = [int(m.group(1)) for m in _YEAR_RE.finditer(text, question.start, question.end)]
        # (an article of no known date: any year is before it, as `_earlier` reads it)
        return bool(years) and (self.year is None or max(years) < self.year)

    def _of_ended_war(self, sent: Sentence, reading: Reading) -> bool:
        """Is the figure told in the simple past of a war named by how long it lasted
        ("Sri Lanka's 26-year war, which killed 100,000": a war that is over)?"""
        text = self.parts.text
        if not self.reader.names_ended(text, sent.start, sent.end) or not self._told_as_past(
            reading
        ):
            return False
        fp = self.parts.of_figure(sent, reading)
        # (the whole part a "which" hangs on: "During Sri Lanka's 26-year war with Tamil
        # separatists, which ... killed")
        hung = (self.parts.part_at(sent, fp.hung_on[0]),) if fp.hung_on else ()
        return any(self.reader.names_ended(text, *span) for span in (*fp.own, *hung))

    def _refers_back_to_past(self, sent: Sentence, reading: Reading) -> bool:
        """Does sentence `sent` open on the event the sentence before told of ("That
        conflict killed some 30,000 people"), the figure told in the past tense, or speak
        of that time ("at the time"), and does that sentence date the event before the
        article?"""
        k = sent.index - 1
        if not (0 <= k < len(self.sentences)) or self.sentences[k].headline:
            return False
        text = self.parts.text
        if not (
            (self.reader.refers_back(text, sent) and self._told_as_past(reading))
            or self.reader.of_that_time(text, sent)
        ):
            return False
        before = self.sentences[k]
        if not self._dates_any(before):
            return False
        marks = self._marks_of((before.start, before.end))
        if any(_earlier(m, self.year, self.month) for m in marks):
            return True
        # (a year it names in no way that dates a clause is still the event's: "Comparisons
        # with 2006 come easily. That war killed about 1,200")
        read = {m.start for m in marks}
        return any(
            at not in read and (self.year is None or year < self.year)
            for at, year in _years(text, before.start, before.end)
        )

    def dates_past(self, sent: Sentence, pos: int, beside: int | None = None) -> bool:
        """Do the words of the part of sentence `sent` holding offset `pos` date it before
        the article ("since the gas leak at Bhopal in India in 1984")?  A place named
        there is where something else happened.  The part of the number at `beside`, if
        given, is never: its date is the figure's to judge (`is_past`)."""
        if not self._dates_any(sent):
            return False
        span = self.parts.part_at(sent, pos)
        if beside is not None and self.parts.part_at(sent, beside) == span:
            return False
        return any(_earlier(m, self.year, self.month) for m in self._marks_of(span))

    def _dates_any(self, sent: Sentence) -> bool:
        """Can sentence `sent` date anything at all (read once)?"""
        dated = self._dated.get(sent.index)
        if dated is None:
            dated = self._dated[sent.index] = self.reader.dates_any(self.parts.text, sent)
        return dated

    def _told_as_past(self, reading: Reading) -> bool:
        """Is the figure's verb in the simple past ("killed", "drove"), not the perfect?"""
        if reading.cue_end <= reading.cue_start:
            return False
        text = self.parts.text
        word = text[reading.cue_start : reading.cue_end].split()[0].lower()
        return (word.endswith("ed") or word in _PAST_FORMS) and not _PERFECT_BEFORE_RE.search(
            text, max(0, reading.cue_start - 16), reading.cue_start
        )

    def _told_as_participle(self, reading: Reading) -> bool:
        """Is the figure's verb a participle hanging on the clause before ("killing 304")?"""
        if reading.cue_end <= reading.cue_start:
            return False
        word = self.parts.text[reading.cue_start : reading.cue_end].split()[0].lower()
        return word.endswith("ing")

    def _marks_of(self, span: Span) -> list[_Mark]:
        marks = self._marks.get(span)
        if marks is None:
            marks = self._marks[span] = self.reader.marks(self.parts.text, *span)
        return marks


class PastReader:
    """Dates figures to the past from the rule table's `[time]` words."""

    def __init__(self, table: Mapping[str, Any], months: Iterable[str]) -> None:
        months = list(months)
        month = _alternation(months)
        # "July 12, 2018", "12 July 2018", "July 2018"
        month_opt = rf"(?:(?:{month})\.?\s+)?"
        before_day = rf"{month_opt}(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{month_opt}"
        part = r"(?:(?:early|late|mid|the\s+early|the\s+late|the\s+mid)[- ]?\s*)?"
        dated = _alternation(table.get("dated_by", []))
        running = _alternation(table.get("running_from", []))
        # "since 2017", "by the end of 2021", "between March 2015 and April 2022"
        edge = r"(?:the\s+(?:start|end|beginning|middle|close)\s+of\s+)?"
        over = _alternation(table.get("running_over", []))
        self._running_before = re.compile(
            rf"(?:(?<![\w-])(?:{running})(?:\s+in)?\s+{edge}(?:the\s+)?{part}{before_day}"
            rf"|(?<![\w-])(?:{over})\s+(?:[\w'’-]+\s+){{1,5}}?(?:in|on|of|during)\s+"
            rf"(?:the\s+)?{part}{before_day}"
            rf"|(?<![\w-])between\b[^,;]*?\band\s+(?:\w+\s+){{0,3}}?{edge}{part}{before_day})$",
            re.IGNORECASE,
        )
        # "since the ferry capsized in April 2014": the date of an event "since" names
        self._event_before = re.compile(
            rf"(?<![\w-])(?:{over})\s+(?:[\w'’-]+\s+){{1,5}}?(?:in|on|of|during)\s+"
            rf"(?:the\s+)?{part}{before_day}$",
            re.IGNORECASE,
        )
        self._dated_before = re.compile(
            rf"(?:(?<![\w-])(?:{dated})\s+(?:the\s+)?{part}{before_day}|(?<![\w-])(?:{month})\.?\s+)$",
            re.IGNORECASE,
        )
        # "the 2015 earthquake", "a 2010 flood", "2008's cyclone": a thing of that year
        self._article_before = re.compile(r"(?<![\w-])(?:the|a|an)\s+$", re.IGNORECASE)
        # (a name may come before the thing: "the 1960 Agadir quake", "the 2015 Nepal quake";
        # or be it, ending the part: "the 1997-98 El Niño, which killed 360")
        self._thing_after = re.compile(
            r"(?:['’]s)?(?:[-–](?:\d{2}|\d{4}))?\s+"
            r"(?:(?:[A-Z][\w'’-]*\s+){0,2}[a-z]|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s*(?:[,;:)]|$))"
        )
        self._lasted = re.compile(
            rf"(?<![\w-])(?:{_alternation(table.get('lasted', []))})(?![\w-])", re.IGNORECASE
        )
        self._back_reference = re.compile(
            rf"\s*(?:{_alternation(table.get('back_references', []))})(?![\w-])", re.IGNORECASE
        )
        self._that_time = re.compile(
            rf"(?<![\w-])(?:{_alternation(table.get('that_time', []))})(?![\w-])", re.IGNORECASE
        )
        earlier_terms = table.get("earlier", [])
        earlier = rf"(?<![\w-])(?:{_alternation(earlier_terms)})(?![\w-])"
        self._earlier = re.compile(earlier, re.IGNORECASE)
        self._earlier_words = required_words(earlier_terms)
        """A word of each phrase of `_earlier`: a sentence holding none needs no scan."""
        # "since last year", "since October last year", "since the start of last year";
        # "which erupted in Khartoum in April last year"
        self._running_just_before = re.compile(
            rf"(?<![\w-])(?:{running})(?:\s+in)?\s+{edge}{part}{month_opt}$"
            rf"|(?<![\w-])(?:{over})(?:\s+[\w'’-]+){{0,5}}\s+$",
            re.IGNORECASE,
        )
        # "had 5,100 soldiers in the region": a verb of where a force stands, before it
        self._presence = re.compile(
            rf"(?<![\w-])(?:{_alternation(table.get('presence', []))})(?![\w-])", re.IGNORECASE
        )
        # "last September": a month of this year or the one before, told by the article's
        self._last_month = re.compile(rf"(?<![\w-])last\s+({month})\.?(?![\w-])", re.IGNORECASE)
        # "In August, a boat capsized": a month with no year or day, of the year before when
        # later than the article's own
        in_month = (
            rf"(?<![\w-])(?:in|during)\s+(?:(?:early|late|mid)[- ]?\s*)?({month})\.?"
            r"(?!\s*\d)(?![\w-])"
        )
        self._in_month = re.compile(in_month, re.IGNORECASE)
        self._in_month_lower = re.compile(in_month.lower())
        """The same on a lower-cased copy, which the engine scans much faster."""
        self._month_starts = tuple(sorted({m.strip()[:3] for m in months if m.strip()}))
        """The first three letters of each month's name, as written ("Aug"): a sentence
        holding none names no month."""
        # "In 2024 alone", "in 2024 so far": the year to date
        self._to_date = re.compile(r"\s+(?:alone|so\s+far|to\s+date|thus\s+far)\b", re.IGNORECASE)

    def for_article(
        self, parts: ArticleParts, published: str | None, sentences: Sequence[Sentence] = ()
    ) -> ArticleDates:
        """The dates of the article cut into `parts` (its `sentences`), published on
        `published` (ISO)."""
        month = _PUBLISHED_MONTH_RE.match(published) if published else None
        return ArticleDates(
            self,
            parts,
            self.reference_year(published),
            int(month.group(1)) if month else None,
            sentences,
        )

    def names_ended(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] name a war by how long it lasted ("the 26-year war")?"""
        return bool(self._lasted.search(text, start, end))

    def refers_back(self, text: str, sent: Sentence) -> bool:
        """Does sentence `sent` open on the event the sentence before told of?"""
        return bool(self._back_reference.match(text, sent.start, sent.end))

    def of_that_time(self, text: str, sent: Sentence) -> bool:
        """Does sentence `sent` speak of the time the sentence before told of ("Official
        counts at the time put its toll at 200")?"""
        return bool(self._that_time.search(text, sent.start, sent.end))

    # -- the article's year --------------------------------------------------------------
    @staticmethod
    def reference_year(published: str | None) -> int | None:
        """The year figures are dated against: the publication's; None when unknown (then
        every year a clause is dated to is earlier)."""
        m = _PUBLISHED_YEAR_RE.match(published) if published else None
        return int(m.group(1)) if m else None

    def tells_presence(self, text: str, start: int, end: int) -> bool:
        """Does text[start:end] hold a verb of where a force stands ("has", "numbers")?"""
        return bool(self._presence.search(text, start, end))

    def dates_any(self, text: str, sent: Sentence) -> bool:
        """Can sentence `sent` date anything (does it name a year, "last <month>", "in
        <month>" or an earlier time)?"""
        start, end = sent.start, sent.end
        if _names_year(text, start, end):
            return True
        words = text[start:end]
        lower = lower_text(words)
        if "last" in lower and self._last_month.search(text, start, end):
            return True
        if any(m in words for m in self._month_starts) and self._in_month_lower.search(lower):
            return True
        if self._earlier_words is not None and not any(w in lower for w in self._earlier_words):
            return False
        return bool(self._earlier.search(text, start, end))

    def marks(self, text: str, start: int, end: int) -> list[_Mark]:
        """The dates text[start:end] says."""
        marks: list[_Mark] = []
        for m in _YEAR_RE.finditer(text, start, end):
            year = int(m.group(1)) + (9 if m.group(2) else 0)
            before = text[max(start, m.start() - 60) : m.start()]
            if self._running_before.search(before) or self._to_date.match(text, m.end()):
                event = bool(self._event_before.search(before))
                marks.append(_Mark(m.start(), year, True, event=event))
            elif self._dated_before.search(before) or (
                self._article_before.search(before) and self._thing_after.match(text, m.end(), end)
            ):
                marks.append(_Mark(m.start(), year, False))
        for m in self._earlier.finditer(text, start, end):
            before = text[max(start, m.start() - 40) : m.start()]
            marks.append(_Mark(m.start(), None, bool(self._running_just_before.search(before))))
        for m in self._last_month.finditer(text, start, end):
            before = text[max(start, m.start() - 40) : m.start()]
            month = _MONTH_KEYS.index(m.group(1)[:3].lower()) + 1
            running = bool(self._running_just_before.search(before))
            marks.append(_Mark(m.start(), None, running, month))
        for m in self._in_month.finditer(text, start, end):
            if text[m.start(1)].islower():
                continue  # ("in may": a modal verb's word, not the month)
            month = _MONTH_KEYS.index(m.group(1)[:3].lower()) + 1
            # ("since the offensive began in October": a count still running from then)
            before = text[max(start, m.start() - 40) : m.start()]
            running = bool(self._running_just_before.search(before))
            marks.append(_Mark(m.start(), None, running, month, later_only=True))
        return marks


def _names_year(text: str, start: int, end: int) -> bool:
    """Does text[start:end] hold a year (1800-2099) that is no part of a longer number?"""
    return next(_years(text, start, end), None) is not None


def _years(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The years (1800-2099) text[start:end] holds, each with its offset: what
    `_YEAR_DIGITS_RE` finds, kept when no digit, comma or dot is before it (a year inside a
    number ends no match, as its digits are all taken)."""
    for m in _YEAR_DIGITS_RE.finditer(text, start, end):
        at = m.start()
        before = text[at - 1] if at else ""
        if not (before.isdecimal() or before in (",", ".")):
            yield at, int(m.group())


def _earlier(mark: _Mark, year: int | None, month: int | None) -> bool:
    if mark.running:
        return False
    if mark.month is not None:
        # "last September" in a May article is the year before; in November, this year's;
        # "in September" in a May article the year before too, in September this year's
        if month is None:
            return False
        return mark.month > month if mark.later_only else mark.month >= month
    if mark.year is None or year is None:
        return True
    return mark.year < year


def _alternation(words: Iterable[str]) -> str:
    terms = sorted({r"\s+".join(w.split()) for w in words if w.strip()}, key=len, reverse=True)
    return "|".join(terms) or "(?!)"

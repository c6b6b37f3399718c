"""Split article text into paragraphs and sentences, keeping character offsets.

News text comes in several shapes: paragraphs separated by blank lines, one paragraph per
line, headlines and page furniture on lines of their own, and PDF excerpts whose lines break
mid-sentence.  A line break ends a sentence unless the text clearly runs on across it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tallywatch.extract.numbers import MONTH_NAME

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "sgt",
        "maj",
        "capt",
        "cpl",
        "pte",
        "adm",
        "cmdr",
        "rep",
        "sen",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "approx",
        "est",
        "no",
        "nos",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "al",
        "dept",
        "govt",
        "univ",
        "ave",
        "blvd",
        "mt",
        "ft",
        "sq",
        "km",
    ]
)
MAX_SENTENCE_CHARS = 1200
"""A "sentence" longer than this (a page of text without punctuation, a table flattened
into one line) is cut into pieces of at most this many characters, at a space where there
is one.  Every reading of a number looks at its own sentence, so this bound keeps the
extractor's work linear in the length of the text; real sentences are far shorter."""
_LOOKAHEAD_CHARS = 64
"""How far past a full stop the splitter looks for the capital that starts a sentence."""
_PARAGRAPH_RE = re.compile(r"\n[ \t\u00a0]*\n\s*")
_LINE_RE = re.compile(r"\n")
# A sentence ends at a run of [.!?] (and closing quotes) before a space and a capital or a
# digit, or at a single one glued to a capitalised word after a lower-case word ("fled.The"),
# or at a bar between spaces.
# Every match starts at the punctuation mark, so the scan skips ahead to the next one; the
# `run` group is set only for the first kind.
_BOUNDARY_RE = re.compile(
    r"[.!?](?:(?P<run>[.!?]*[\"”’')\]]*)(?=\s+[\"“‘(\[]?[A-Z0-9]|$)"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]))"
    # (a table's cells on one line: "12,823 people evacuated | 56 people injured")
    r"|(?<=\s)\|(?=\s)"
)
# A line runs on into the next when it ends with one of these (or any lower-case word).
_RUNS_ON_ENDINGS = ",;(-–"
_SENTENCE_END = ".!?"
_PARAGRAPH_ENDINGS = '.!?"”’)'
_LOWER_START_RE = re.compile(r"^\s*[a-z0-9(]")
_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_ABBREVIATION_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz."
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
    ]
)


# (not frozen: made for every number or sentence, and frozen dataclasses are built
# several times slower; treat it as a value all the same)
@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    index: int
    headline: bool = False


def _is_headline(line: str) -> bool:
    """A short title-case line without final punctuation ("Seoul Reveals Death Toll")."""
    stripped = line.strip()
    if not stripped or stripped[-1] in '.!?"”:;,' or len(stripped) > 160:
        return False
    words = _WORD_RE.findall(stripped)
    if len(words) < 3:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    capital = sum(1 for w in content if w[0].isupper())
    return capital >= 0.7 * len(content)


def _runs_on(text: str, start: int, end: int) -> bool:
    """text[start:end] ends mid-sentence: a comma, an opening bracket, a dash or a
    lower-case word."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end > start and (text[end - 1] in _RUNS_ON_ENDINGS or "a" <= text[end - 1] <= "z")


def _ends_abbreviation(text: str, dot: int) -> bool:
    window = text[max(0, dot - 24) : dot]
    # the run of letters and dots just before the dot (within the window)
    kept = len(window.rstrip(_ABBREVIATION_CHARS))
    if kept == len(window):
        return False
    word = window[kept:].lower().strip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "J. Smith"


def _has_text(text: str, start: int, end: int) -> bool:
    """text[start:end] holds something besides whitespace."""
    piece = text[start:end]
    return bool(piece) and not piece.isspace()


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences inside one run of text (no line breaks that end sentences)."""
    out: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY_RE.finditer(text, start, end):
        cut = m.end()
        if (
            m.group("run") is not None
            and text[m.start()] == "."
            and _ends_abbreviation(text, m.start())
        ):
            nxt = text[cut : min(end, cut + _LOOKAHEAD_CHARS)].lstrip()
            # an abbreviation ends the sentence only when a capitalised sentence follows
            # that does not look like a name or a date continuing the phrase
            if not nxt or not nxt[0].isupper() or text[m.start() - 3 : m.start()].isupper():
                continue
            prev = text[max(pos, m.start() - 6) : m.start()].lower()
            if any(prev.endswith(a) for a in ("u.s", "u.n", "u.k", "no", "st", "gen", "dr", "mr")):
                continue
            if nxt[0].isdecimal():
                continue
        if _has_text(text, pos, cut):
            out.append((pos, cut))
        pos = cut
    if _has_text(text, pos, end):
        out.append((pos, end))
    return out


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] in pieces of at most `MAX_SENTENCE_CHARS`, each cut after the last
    space in its second half (else after the last character that is neither a letter nor
    a digit, so no number is cut in two; else anywhere)."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        floor = start + MAX_SENTENCE_CHARS // 2
        cut = next((i + 1 for i in range(limit - 1, floor, -1) if text[i].isspace()), 0)
        if not cut:
            cut = next((i + 1 for i in range(limit - 1, floor, -1) if not text[i].isalnum()), limit)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The lines of text[start:end] (trimmed), lines that run on joined, each with its
    headline flag: a line break ends a sentence unless the text runs on across it."""
    lines: list[tuple[int, int]] = []
    line_start = start
    for m in _LINE_RE.finditer(text, start, end):
        lines.append((line_start, m.start()))
        line_start = m.end()
    lines.append((line_start, end))
    blocks: list[tuple[int, int, bool]] = []
    for ls, le in lines:
        while ls < le and text[ls].isspace():
            ls += 1
        while le > ls and text[le - 1].isspace():
            le -= 1
        if ls == le:
            continue
        line = text[ls:le]
        if blocks:
            bs, be, bh = blocks[-1]
            if not bh and _LOWER_START_RE.match(line) and _runs_on(text, bs, be):
                blocks[-1] = (bs, le, False)
                continue
        # (a line ending a sentence is never a headline: the common case, decided here)
        blocks.append((ls, le, line[-1] not in _SENTENCE_END and _is_headline(line)))
    return blocks


def _by_line(text: str, blocks: list[tuple[int, int, bool]]) -> list[list[tuple[int, int, bool]]]:
    """Blocks grouped into paragraphs, one per line: a line that ends a sentence ends its
    paragraph (a headline line opens the paragraph after it)."""
    groups: list[list[tuple[int, int, bool]]] = [[]]
    for block in blocks:
        groups[-1].append(block)
        bs, be, headline = block
        if not headline and be > bs and text[be - 1] in _PARAGRAPH_ENDINGS:
            groups.append([])
    return [g for g in groups if g]


HEADLINE_CHARS = 300
"""A first line longer than this is a paragraph, not a headline."""
_FIRST_LINE_RE = re.compile(r"[ \t\u00a0]*(?P<line>[^\n]*\S)[ \t\u00a0]*\n[ \t\u00a0]*\n")
# A dateline opening an article: a place in capitals or a place followed by a date or a news
# agency, then a dash or a colon ("KATHMANDU, April 26 --", "Goma, Congo (Reuters) -").
_MONTH = (
    # "April 26", "Sept. 4, 2019"; or the day first, "8 May 2008"
    rf"(?:{MONTH_NAME}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH_NAME})(?:,?\s+\d{{4}})?"
)
_PLACE_WORDS = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}"
_CAPS = r"[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+){0,3}"
LIVE_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\s*[—–-]+\s*"
"""A live blog's time opening an entry ("21:15 — ", "9.40am - ")."""
_DATELINE_RE = re.compile(
    # (several places filed from: "BRUSSELS/NAIROBI", "Kassala/Addis Ababa")
    rf"\s*(?:(?P<caps>{_CAPS}(?:[ \t]*/[ \t]*{_CAPS}){{0,2}})"
    rf"|(?P<place>{_PLACE_WORDS}(?:[ \t]*/[ \t]*{_PLACE_WORDS}){{0,2}}))"
    rf"(?P<more>(?:,[ \t]*{_PLACE_WORDS}){{0,2}})"
    rf"(?P<date>,?[ \t]+{_MONTH})?"
    r"(?P<agency>[ \t]*\([A-Za-z][\w.&' -]{1,30}\))?"
    r"[ \t]*(?:--|—|–|-|:)[ \t]+"
)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATED_RE = re.compile(
    rf"(?P<m1>{MONTH_NAME})\s+\d{{1,2}},?\s+(?P<y1>\d{{4}})"
    rf"|\d{{1,2}}\s+(?P<m2>{MONTH_NAME}),?\s+(?P<y2>\d{{4}})"
)


def dateline_date(text: str, head_end: int | None) -> str | None:
    """The date the article's dateline gives with its year ("HUNT, Texas, 7 July 2025
    (Agency) --"), as an ISO year and month ("2025-07"); None when it gives none, or no
    year."""
    span = dateline_span(text, head_end)
    m = _DATED_RE.search(text, *span) if span is not None else None
    if m is None:
        return None
    month = (m.group("m1") or m.group("m2"))[:3].lower()
    return f"{m.group('y1') or m.group('y2')}-{_MONTHS.index(month) + 1:02d}"


def headline_end(text: str, given: bool = False) -> int | None:
    """Where the text's headline ends: its first line, when a blank line follows it (as a
    cleaned page arrives with its title); None when the text opens otherwise.  With
    `given`, the first line was put there as the headline, however long it is."""
    m = _FIRST_LINE_RE.match(text)
    if m is None:
        return None
    if not given and len(m.group("line")) > HEADLINE_CHARS:
        return None
    return m.end("line")


def section_dateline_span(text: str, start: int) -> tuple[int, int] | None:
    """The span of a dateline in capitals opening a paragraph at `start` ("BOLOGNA — ", a
    roundup's section from another place), if there is one."""
    m = _DATELINE_RE.match(text, start, min(len(text), start + 120))
    if m is None or not m.group("caps"):
        return None
    return m.start(), m.end()


def dateline_span(text: str, head_end: int | None) -> tuple[int, int] | None:
    """The span of the dateline opening the article's first paragraph, if it has one (a
    page's text may repeat the headline first: the line after it then opens the body)."""
    start = 0 if head_end is None else head_end
    while start < len(text) and text[start].isspace():
        start += 1
    if head_end is not None:
        headline = text[:head_end].strip()
        line_end = text.find("\n", start)
        if headline and line_end > 0 and text[start:line_end].strip() == headline:
            start = line_end
            while start < len(text) and text[start].isspace():
                start += 1
    end = dateline_end(text, start)
    return None if end is None else (start, end)


def dateline_end(text: str, start: int) -> int | None:
    """Where a dateline opening text[start:] ends ("HUNT, Texas, 7 July 2025 (Agency) --
    "), if one does."""
    m = _DATELINE_RE.match(text, start, min(len(text), start + 120))
    if m is None:
        return None
    if not (m.group("caps") or m.group("date") or m.group("agency")):
        return None  # "Officials said -": a place needs capitals, a date or an agency
    return m.end()


def split_sentences(
    text: str, wanted: Sequence[int] | None = None, head_end: int | None = None
) -> list[Sentence]:
    """Sentences of `text` in order, each with its paragraph number and headline flag.

    Paragraphs are separated by blank lines; a text without any holds one paragraph per
    line (as cleaned web pages do).  With `wanted` (sorted offsets), only paragraphs
    containing one of them are split; the others are skipped, which saves most of the
    work on long articles with few numbers.  `head_end` is where the headline ends
    (`headline_end`): the text before it is one headline sentence, always kept.
    """
    sentences: list[Sentence] = []
    # the headline is a paragraph of its own; the body's paragraphs are told apart by blank
    # lines, or by lines when it has none (the blank line after a headline does not count)
    body = 0
    groups: list[list[tuple[int, int, bool]]] = []
    if head_end is not None:
        first = _blocks(text, 0, head_end)
        if first:
            groups.append([(first[0][0], first[-1][1], True)])
        body = head_end
    breaks = list(_PARAGRAPH_RE.finditer(text, body))
    if breaks and breaks[0].start() == body:
        breaks = breaks[1:]  # (the blank line right after the headline)
    if breaks:
        starts = [body] + [m.end() for m in breaks]
        ends = [m.start() for m in breaks] + [len(text)]
        groups += [_blocks(text, s, e) for s, e in zip(starts, ends, strict=True)]
    else:
        groups += _by_line(text, _blocks(text, body, len(text)))
    groups = [g for g in groups if g]
    keep = [True] * len(groups)
    if wanted is not None:
        for n, blocks in enumerate(groups):
            k = bisect.bisect_left(wanted, blocks[0][0])
            keep[n] = k < len(wanted) and wanted[k] < blocks[-1][1]
        # the paragraph before one with a number too: its sources may be who "it" is
        keep = [k or (n + 1 < len(keep) and keep[n + 1]) for n, k in enumerate(keep)]
        if head_end is not None and keep:
            keep[0] = True
    paragraph = -1
    for blocks, kept in zip(groups, keep, strict=True):
        paragraph += 1
        if not kept:
            continue
        for bs, be, headline in blocks:
            spans = [(bs, be)] if headline else _split_block(text, bs, be)
            if be - bs > MAX_SENTENCE_CHARS:  # (a shorter block's sentences are all short)
                spans = [piece for span in spans for piece in _bounded(text, *span)]
            for s, e in spans:
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    sentences.append(Sentence(s, e, paragraph, len(sentences), headline))
    return sentences

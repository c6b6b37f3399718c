"""Find counts written in text: digits in every common style, number words, ranges, `N+`.

A `NumberMention` is a literal quantity.  Whether it counts people (and which people) is
decided later; this module only reads the number itself.  Vague quantities ("hundreds",
"several thousand", "dozens") are not numbers: `find_vague` reports them so callers can
tell them apart, and `find_numbers` never returns a value for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tallywatch.extract.folding import folded, lower_text

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "million": 1_000_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "billion": 1_000_000_000,
}
SUFFIXES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}

_SPACE = "[ \u00a0\u202f\u2009]"
_DIGITS = (
    # "7,24,649", "1,00,000": Indian grouping (the last three digits, then pairs)
    r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,]\d)"
    r"|\d{1,3}(?:,\d{3})+(?![\d,]\d)"
    r"|\d{1,3}(?:\.\d{3})+(?![\d.]\d)"
    rf"|\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)"
    # "1,3 million": a decimal comma, before a scale word only
    r"|\d{1,3},\d{1,2}(?=\s*(?:million|billion|mn|bn)\b)"
    r"|\d+(?:\.\d+)?"
)
_DECIMAL_COMMA_RE = re.compile(r"\d{1,3},\d{1,2}")
_SCALE = (
    r"(?:\s*-?\s*(?:hundred|thousand|million|billion|lakhs?|crores?)\b"
    r"|(?:k|K|m|M|mn|bn)(?![A-Za-z]))"
)
_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_WORD_NUM = (
    rf"(?:\b(?:half\s+a\s+(?:million|billion)"
    rf"|a\s+(?:dozen|hundred|thousand|lakh|million)(?:(?:\s+and\s+|\s+|-)(?:{_WORD}|thousand|million))*"
    rf"|(?:{_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_WORD}|hundred|thousand|lakhs?|crores?|million|billion|dozen))*"
    rf"(?:\s*-\s*(?:hundred|thousand|million))?)\b)"
)
_GLUED_AFTER = r"(?![A-Za-z°\d]|[.,]\d)"
"""Not a count: digits run straight into a letter or a degree sign ("51C", "49°C", "40km",
"5G"), a scale letter aside ("1.5m", "10k")."""
_NUM = rf"(?:(?:{_DIGITS}){_SCALE}?{_GLUED_AFTER}|{_WORD_NUM})"
_LEFT = r"(?<![\w.,:$€£¥#/\-+])"
RANGE_HEDGE = r"(?:about|around|some|roughly|approximately|an\s+estimated)"
"""A hedge inside a range's opening ("between about 220,000 and 230,000"): approx."""
DURATION_UNITS = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
"""The units a span of time is told in ("425 in three days", "weeks after Kanjuruhan")."""
NUMBER_RE = re.compile(
    rf"(?:\bbetween\s+(?:{RANGE_HEDGE}\s+)?(?P<blo>{_NUM})\s+(?:and|to|-|–)\s+(?P<bhi>{_NUM})"
    rf"|{_LEFT}(?:\bfrom\s+)?(?P<lo>{_NUM})(?:\s*(?:-|–|—|\bto\b)\s*(?P<hi>{_NUM}))?)"
    r"(?P<plus>\+|-plus\b)?",
    re.IGNORECASE,
)
VAGUE_RE = re.compile(
    r"\b(?:(?:several|a\s+few|few|many|some|a\s+couple\s+of|tens\s+of|hundreds\s+of|dozens\s+of)\s+)?"
    r"(?:hundreds|thousands|millions|dozens|scores|tens)\b(?:\s+of\s+(?:thousands|millions))?"
    r"|\b(?:several|a\s+few|many|some|a\s+couple\s+of)\s+(?:hundred|thousand|million|dozen)\b",
    re.IGNORECASE,
)
_WORD_TOKEN_RE = re.compile(r"[a-z]+", re.IGNORECASE)
_NUM_DIGITS = rf"(?:{_DIGITS})(?i:{_SCALE})?{_GLUED_AFTER}"
DIGIT_NUMBER_RE = re.compile(
    rf"(?P<lo>{_NUM_DIGITS})(?:\s*(?:-|–|—|\bto\b)\s*(?P<hi>{_NUM_DIGITS}))?(?P<plus>\+|-plus\b)?"
)
_RANGE_OPENER_RE = re.compile(rf"\b(?:[Bb]etween(?:\s+{RANGE_HEDGE})?|[Ff]rom)\s+$")
_GLUED_BEFORE = "_.,:$€£¥#/-+"


def _trie(words: list[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


# Where a number can start: a digit, or a word that opens a number or a range.
# (found separately, on a lower-cased copy: the digits with one simple pattern; the number
# words by their first four letters, each looked for with `str.find`, which is many times
# quicker than a regular expression's scan of the text, and tried where one starts a word)
_DIGIT_RUN_RE = re.compile(r"\d\d*")
NUMBER_WORDS: tuple[str, ...] = (*UNITS, *TENS)
"""The words of the numbers below a hundred ("three", "forty"; "forty-two" joins two)."""
_NUMBER_WORDS = (*NUMBER_WORDS, "between", "from")
_NUMBER_WORD = _trie(list(_NUMBER_WORDS))
_WORD_START_RE = re.compile(rf"(?:{_NUMBER_WORD})\b")
_NUMBER_WORD_STEMS = sorted(
    stem
    for stem in {word[:4] for word in _NUMBER_WORDS}
    if not any(stem.startswith(word) for word in _NUMBER_WORDS if len(word) < len(stem))
)
"""The first four letters of each word, those starting with a shorter word left out ("sixt":
every place it is found, "six" is found, and each place is tried for every word)."""
_A_START_RE = re.compile(r"a\s+(?:dozen|hundred|thousand|lakh|million|billion)\b")
_HALF_BEFORE_RE = re.compile(r"\bhalf\s+$")


def digit_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of digits in `text` (shared by the glue repair and `find_numbers`)."""
    return [m.span() for m in _DIGIT_RUN_RE.finditer(text)]


def _is_word_char(ch: str) -> bool:
    """What `\\w` matches: a letter, a digit or "_"."""
    return ch.isalnum() or ch == "_"


def _candidate_starts(text: str, lower: str, digits: list[tuple[int, int]]) -> list[int]:
    starts = {s for s, _ in digits}
    for stem in _NUMBER_WORD_STEMS:
        at = lower.find(stem)
        while at >= 0:
            if (at == 0 or not _is_word_char(lower[at - 1])) and _WORD_START_RE.match(lower, at):
                starts.add(at)
            at = lower.find(stem, at + 1)
    for m in _A_START_RE.finditer(lower):
        at = m.start()
        if at and lower[at - 1].isalnum():
            continue
        half = _HALF_BEFORE_RE.search(lower, max(0, at - 8), at)
        starts.add(half.start() if half else at)
    return sorted(starts)


_SINGLE_DIGITS_RE = re.compile(rf"^(?P<num>{_DIGITS})(?P<scale>{_SCALE})?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A quantity in the text: `value` (a range's low end), `high` (its top), offsets."""

    start: int
    end: int
    value: int
    high: int | None
    text: str
    plus: bool = False
    words: bool = False
    scaled: bool = False
    """The value carries a scale word or suffix (`1.5 million`, `11k`)."""


_SPACE_RE = re.compile(_SPACE)
_DIGITS_GLOSS_RE = re.compile(r"[ \t]*\((\d{1,3}(?:,\d{3})*|\d+)\)")
"""The same number again in digits, in brackets after its words ("Eleven (11) persons")."""
_EUROPEAN_RE = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _digits_value(digits: str, has_scale: bool) -> float | None:
    if digits.isdecimal():  # the common case, without separators
        return None if len(digits) > 1 and digits[0] == "0" else float(digits)
    compact = _SPACE_RE.sub("", digits)
    if has_scale and _DECIMAL_COMMA_RE.fullmatch(compact):
        return float(compact.replace(",", "."))  # "1,3 million"
    if "," in compact:
        return float(compact.replace(",", ""))
    if _EUROPEAN_RE.fullmatch(compact) and not has_scale:
        return float(compact.replace(".", ""))  # European thousands separator
    if len(compact) > 1 and compact.startswith("0") and "." not in compact:
        return None  # "0100": part of a code or phone number, not a count
    return float(compact)


def _scale_of(scale: str) -> int:
    word = scale.strip(" -\u00a0").lower()
    return SCALES.get(word, SUFFIXES.get(word, 1))


def words_value(text: str) -> int | None:
    """The value of an English number phrase ("nine hundred and twenty-one"), else None."""
    tokens = [t.lower() for t in _WORD_TOKEN_RE.findall(text)]
    if not tokens:
        return None
    if tokens[:2] == ["half", "a"] and len(tokens) == 3 and tokens[2] in SCALES:
        return SCALES[tokens[2]] // 2
    total = 0
    current = 0
    seen_any = False
    last = ""
    for i, tok in enumerate(tokens):
        if tok == "and":
            if last not in ("hundred", "thousand", "million", "billion") or i == len(tokens) - 1:
                return None
            continue
        if tok == "a":
            if i != 0 or len(tokens) < 2:
                return None
            current = 1
            last = tok
            continue
        if tok in UNITS:
            if last in UNITS or (last in TENS and UNITS[tok] >= 10):
                return None
            if last in TENS:
                current += UNITS[tok]
            else:
                current += UNITS[tok]
        elif tok in TENS:
            if last in UNITS or last in TENS:
                return None
            current += TENS[tok]
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok == "hundred":
            if current >= 100:
                return None
            current = (current or 1) * 100
        elif tok in SCALES:
            total += (current or 1) * SCALES[tok]
            current = 0
        else:
            return None
        seen_any = True
        last = tok
    if not seen_any:
        return None
    return total + current


def parse_number(text: str) -> tuple[int, bool] | None:
    """Parse one number phrase: digits (with separators, scale words, suffixes) or words.

    Returns (value, scaled) or None when it is not a whole count (`6.5`).
    """
    raw = text.strip()
    if raw.isdecimal():  # plain digits: what the general path below gives, sooner
        base = _digits_value(raw, False)
        return None if base is None else (int(round(base)), False)
    m = _SINGLE_DIGITS_RE.match(raw)
    if m:
        scale = m.group("scale") or ""
        base = _digits_value(m.group("num"), bool(scale))
        if base is None:
            return None
        value = base * _scale_of(scale) if scale else base
        rounded = round(value)
        if abs(value - rounded) > 1e-6 * max(1.0, abs(value)):
            return None
        return int(rounded), bool(scale)
    # "15-hundred", "two thousand" etc.
    m2 = _DIGITS_SCALE_WORD_RE.match(raw)
    if m2:
        return int(m2.group(1)) * SCALES[m2.group(2).lower()], True
    value_w = words_value(raw)
    if value_w is None:
        return None
    return value_w, any(w in raw.lower() for w in ("thousand", "million", "billion"))


_DIGITS_SCALE_WORD_RE = re.compile(
    r"^(\d+)\s*-?\s*(hundred|thousand|million|billion)$", re.IGNORECASE
)


def _unscaled_small(text: str) -> float | None:
    m = _SINGLE_DIGITS_RE.match(text.strip())
    if m and not m.group("scale"):
        return _digits_value(m.group("num"), False)
    return None


def find_vague(text: str) -> list[tuple[int, int]]:
    """Spans of vague quantities ("hundreds", "several thousand", "dozens of")."""
    return [(m.start(), m.end()) for m in VAGUE_RE.finditer(text)]


_ORDINAL_OR_FRACTION_RE = folded(
    r"(?:st|nd|rd|th)\b|(?:-|\s+)?(?:thirds?|quarters?|halves|half|fifths?|tenths?)\b"
)
_ONE_AS_PRONOUN_RE = folded(
    r"\b(?:no|not|any|every|some|this|each|another|the\s+same|the\s+other)[ -]$"
)
"""Before "one" that stands for a thing or a person named before ("no one", "this one
killed three times as many", "each one"): no count.  (Not "that": "said that one soldier
was killed".)"""
_ONE_AS_SPEAKER_RE = folded(
    r"[\"”’']\s*(?:said|says|recalled|recalls|added|adds|explained|explains|asked|asks|"
    r"told\s+\w+|wrote|writes|shouted|whispered)\s+$"
)
"""Before "one" that names who spoke a quote ("..., said one woman sheltering in a school"):
a speaker, no count."""
MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
"""A month's name, whole or cut short ("September", "Sept.")."""
_MONTH_BEFORE_RE = folded(rf"\b{MONTH_NAME}\s+$")
"""A month's name before a number: the number is a day ("since September 27 to 1,177"), no
range's low end."""
_CHANGING_VERBS = (
    r"increas\w*|decreas\w*|revis\w*|rais\w*|lower\w*|cut|chang\w*|upgrad\w*|downgrad\w*|"
    r"correct\w*|adjust\w*"
)
"""Verbs of a count changed, by itself or by someone ("increased", "was revised")."""
# A verb of change before "from N to M" ("rose from", "was revised from")
_CHANGE_BEFORE_RE = folded(
    rf"\b(?:rose|risen|rises?|rising|climb\w*|jump\w*|gr[eo]w\w*|swell\w*|soar\w*|"
    rf"f[ae]ll\w*|dropp?\w*|declin\w*|went|gone|going|up|down|doubl\w*|{_CHANGING_VERBS})"
    r"(?:\s+[a-z]+)?\s+from\s+$"
)
_COUNT_CHANGED_BEFORE_RE = folded(
    rf"\b(?:{_CHANGING_VERBS}|push\w*|br[io]ng\w*|brought)\s+(?:[\w'’-]+\s+){{0,3}}?"
    r"(?:tolls?|counts?|tally|tallies|numbers?|figures?|estimates?|totals?)\b[^.;:\d]{0,50}?\s+from\s+$"
)
"""A change told of a count named between its verb and "from" ("raised its count of the
dead in Mokwa from 115 to 151"): two figures, not a range."""


def _not_a_count(lower: str, m: re.Match[str]) -> bool:
    """Ordinals ("25th"), fractions ("one-third"), "one" as a pronoun ("no one", "this
    one") and "one" naming a quote's speaker are not counts."""
    if _ORDINAL_OR_FRACTION_RE.match(lower, m.end()):
        return True
    lead = m.group("lo") or ""
    return lead.lower() == "one" and bool(
        _ONE_AS_PRONOUN_RE.search(lower, max(0, m.start() - 12), m.start())
        or _ONE_AS_SPEAKER_RE.search(lower, max(0, m.start() - 24), m.start())
    )


def find_numbers(
    text: str, lower: str | None = None, digits: list[tuple[int, int]] | None = None
) -> list[NumberMention]:
    """Every whole-number quantity and range in `text`, in order.

    `lower` (`lower_text(text)`) and `digits` (`digit_runs(text)`) may be passed when the
    caller has them already.
    """
    if lower is None:
        lower = lower_text(text)
    found: list[NumberMention] = []
    pos = 0
    for start in _candidate_starts(text, lower, digit_runs(text) if digits is None else digits):
        if start < pos:
            continue
        if text[start].isdigit():
            if start and (text[start - 1].isalnum() or text[start - 1] in _GLUED_BEFORE):
                continue
            before = text[max(0, start - 24) : start]
            opener = (
                _RANGE_OPENER_RE.search(text, max(0, start - 24), start)
                if "rom" in before or "etween" in before
                else None
            )
            if opener is not None:
                m = NUMBER_RE.match(text, opener.start())
            else:
                m = DIGIT_NUMBER_RE.match(text, start)
        else:
            m = NUMBER_RE.match(text, start)
        if m is None or m.end() == m.start():
            continue
        pos = m.end()
        if _not_a_count(lower, m):
            continue
        groups = m.groupdict()
        lo_text = groups.get("blo") or groups["lo"]
        hi_text = groups.get("bhi") or groups.get("hi")
        lo_start = m.start("blo") if groups.get("blo") else m.start("lo")
        lo = parse_number(lo_text)
        if lo is None:
            # a decimal low end scaled by the high end: "1.2 to 1.5 million"
            small = _unscaled_small(lo_text)
            hi_parsed = parse_number(hi_text) if hi_text else None
            if small is None or hi_text is None or hi_parsed is None or not hi_parsed[1]:
                continue
            scale = _scale_from(hi_text)
            value = round(small * scale)
            lo = (value, True)
        if hi_text and (
            _CHANGE_BEFORE_RE.search(lower, max(0, m.start() - 30), lo_start)
            or _COUNT_CHANGED_BEFORE_RE.search(lower, max(0, m.start() - 100), lo_start)
            or _MONTH_BEFORE_RE.search(lower, max(0, lo_start - 12), lo_start)
        ):
            # "rose from 3,252 to 3,958": a change, two figures, not a range; "since
            # September 27 to 1,177": a day, then a figure
            found.append(_single(text, lo_start, lo_text, lo))
            hi_parsed = parse_number(hi_text)
            if hi_parsed is not None:
                found.append(_single(text, m.start("hi"), hi_text, hi_parsed))
            continue
        value, scaled = lo
        high: int | None = None
        if hi_text:
            hi = parse_number(hi_text)
            if hi is not None:
                high = hi[0]
                if hi[1] and not scaled:
                    scale = _scale_from(hi_text)
                    if value * scale <= high:
                        value = value * scale
            if high is None or high <= value:
                # not a real range ("10,000-0100", "1990-91"): keep the first number only
                found.append(_single(text, lo_start, lo_text, lo))
                continue
        # "between 5,000 and 6,000", "from 300 to 400": the range with its opening word
        start = (
            m.start()
            if groups.get("blo") or (high is not None and m.start() < lo_start)
            else lo_start
        )
        words = not lo_text[0].isdigit() and not any(ch.isdigit() for ch in lo_text)
        end = m.end()
        if words and high is None:
            gloss = _DIGITS_GLOSS_RE.match(text, end)
            if gloss is not None and parse_number(gloss.group(1)) == (value, False):
                # "Twenty-two (22) bodies": the number in words, then in digits
                end = pos = gloss.end()
        found.append(
            NumberMention(
                start=start,
                end=end,
                value=value,
                high=high,
                text=text[start:end],
                plus=bool(m.group("plus")),
                words=words,
                scaled=scaled,
            )
        )
    return found


def _scale_from(text: str) -> int:
    m = _SINGLE_DIGITS_RE.match(text.strip())
    if m and m.group("scale"):
        return _scale_of(m.group("scale"))
    for word, scale in SCALES.items():
        if word in text.lower():
            return scale
    return 1


def _single(text: str, start: int, lo_text: str, lo: tuple[int, bool]) -> NumberMention:
    end = start + len(lo_text)
    return NumberMention(
        start=start,
        end=end,
        value=lo[0],
        high=None,
        text=text[start:end],
        words=not any(ch.isdigit() for ch in lo_text),
        scaled=lo[1],
    )

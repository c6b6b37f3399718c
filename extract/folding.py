"""Case-insensitive matching done on a lower-cased copy of the text.

Python's regex engine is several times slower with `re.IGNORECASE` than without it (every
character comparison folds case, and the fast scans for a pattern's first character are
lost).  The extractor therefore lower-cases each article once (`lower_text`, same length,
so offsets are shared) and matches rule patterns whose letters were lower-cased
(`fold_pattern`) against that copy, case-sensitively.  `Rule` wraps one rule pattern and
takes both texts: a pattern that cannot be folded (it switches case sensitivity back on
inside, as in `(?-i:[A-Z])`) is first tried folded and relaxed on the copy, which rejects
almost every position cheaply, and only then with `re.IGNORECASE` on the text itself.
"""

from __future__ import annotations

import importlib
import re
import sys

# The case equivalences re.IGNORECASE applies beyond lower() ("ſ" ~ "s", "ı" ~ "i"): the
# regex engine's own table (a private module of Python >= 3.11; without it those few
# letters would only match themselves).
_EXTRA_CASES: dict[int, tuple[int, ...]] = getattr(
    importlib.import_module("re._casefix"), "_EXTRA_CASES", {}
)
# Characters that re.IGNORECASE treats as equal after lower-casing, mapped to one of them.
_CANONICAL: dict[str, str] = {}
for _code, _others in _EXTRA_CASES.items():
    _members = sorted({chr(_code), *map(chr, _others)})
    for _member in _members[1:]:
        _CANONICAL[_member] = _members[0]
_FOLD_TABLE = str.maketrans(_CANONICAL)


def _fold_char(ch: str) -> str:
    low = ch.lower()[:1] or ch  # "İ" lower-cases to two characters: keep the first ("i")
    return _CANONICAL.get(low, low)


def lower_text(text: str) -> str:
    """`text` lower-cased as re.IGNORECASE compares it, with the same length and offsets."""
    low = text.lower()
    if text.isascii():
        return low
    if len(low) != len(text):
        low = "".join(_fold_char(ch) for ch in text)
    elif any(ch in low for ch in _CANONICAL):
        low = low.translate(_FOLD_TABLE)
    return low


_FLAG_LETTERS = "aiLmsux-"
_UNSUPPORTED_ESCAPES = "xuUN0123456789"


def fold_pattern(pattern: str, relax: bool = False) -> str | None:
    """`pattern` with its literal letters lower-cased, for matching lower-cased text.

    Escapes (`\\S`, `\\W`, ...) and group names are kept.  Returns None when the pattern has
    inline flags, numeric or hex escapes, or a character range mixing cases.  With `relax`,
    `(?-i:...)` groups become plain groups: the result then matches a superset of what the
    pattern matches case-insensitively, usable only to rule positions out.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            escaped = pattern[i + 1 : i + 2]
            if not escaped or escaped in _UNSUPPORTED_ESCAPES:
                return None
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
                out.append(ch)
                i += 1
                continue
            if pattern[i + 1 : i + 2] == "-" and pattern[i + 2 : i + 3] not in ("", "]", "\\"):
                low, high = ch, pattern[i + 2]
                if not (low.isascii() and high.isascii()):
                    return None
                if low.isupper() and high.isupper():
                    low, high = low.lower(), high.lower()
                elif low.isalpha() != high.isalpha() or (
                    low.isalpha() and low.islower() != high.islower()
                ):
                    return None
                out.append(f"{low}-{high}")
                i += 3
                continue
            out.append(_fold_char(ch))
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":  # a literal "]" first in the class
                out.append("]")
                i += 1
            continue
        if ch == "(" and pattern[i + 1 : i + 2] == "?":
            kind = pattern[i + 2 : i + 3]
            if kind == "P":
                close = pattern.find(">" if pattern[i + 3 : i + 4] == "<" else ")", i)
                if close < 0:
                    return None
                out.append(pattern[i : close + 1])
                i = close + 1
                continue
            if kind == "(":
                return None
            if kind in _FLAG_LETTERS:
                if relax and pattern.startswith("(?-i:", i):
                    out.append("(?:")
                    i += 5
                    continue
                return None
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(_fold_char(ch) if ch.isalpha() else ch)
        i += 1
    return "".join(out)


class Rule:
    """A rule pattern matched case-insensitively.  Every method takes the text and its
    `lower_text` copy (or the same slice of both) and returns matches whose offsets hold
    for both; a folded pattern's match groups hold lower-cased text.

    Compiling a pattern is what building an extractor mostly costs, so a folded pattern is
    compiled only in its lower-case form: the `re.IGNORECASE` one is never used then (and
    the folded one, the same pattern with its letters lower-cased, validates it).
    """

    __slots__ = ("pattern", "_folded", "_relaxed", "_strict")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        folded = fold_pattern(pattern)
        self._folded = re.compile(folded) if folded is not None else None
        relaxed = fold_pattern(pattern, relax=True) if folded is None else None
        self._relaxed = re.compile(relaxed) if relaxed is not None else None
        self._strict = re.compile(pattern, re.IGNORECASE) if folded is None else None

    def _ignorecase(self) -> re.Pattern[str]:
        assert self._strict is not None  # (compiled whenever the pattern cannot be folded)
        return self._strict

    def search(
        self, text: str, lower: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if self._folded is not None:
            return self._folded.search(lower, pos, endpos)
        if self._relaxed is not None and self._relaxed.search(lower, pos, endpos) is None:
            return None
        return self._ignorecase().search(text, pos, endpos)

    def match(
        self, text: str, lower: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if self._folded is not None:
            return self._folded.match(lower, pos, endpos)
        if self._relaxed is not None and self._relaxed.match(lower, pos, endpos) is None:
            return None
        return self._ignorecase().match(text, pos, endpos)

    def fullmatch(
        self, text: str, lower: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if self._folded is not None:
            return self._folded.fullmatch(lower, pos, endpos)
        if self._relaxed is not None and self._relaxed.fullmatch(lower, pos, endpos) is None:
            return None
        return self._ignorecase().fullmatch(text, pos, endpos)

    def finditer(
        self, text: str, lower: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> list[re.Match[str]]:
        if self._folded is not None:
            return list(self._folded.finditer(lower, pos, endpos))
        if self._relaxed is not None and self._relaxed.search(lower, pos, endpos) is None:
            return []
        return list(self._ignorecase().finditer(text, pos, endpos))


def folded(pattern: str) -> re.Pattern[str]:
    """Compile a fixed case-insensitive pattern for use on `lower_text` copies."""
    lowered = fold_pattern(pattern)
    if lowered is None:
        raise ValueError(f"pattern cannot be folded to lower case: {pattern!r}")
    return re.compile(lowered)

"""A word-level diff between two versions of an article, with long unchanged runs folded."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

TOKEN = re.compile(r"\s+|[^\s]+")

PieceKind = Literal["equal", "insert", "delete", "gap"]


@dataclass(frozen=True, slots=True)
class DiffPiece:
    kind: PieceKind
    text: str


def _fold(tokens: list[str], context: int, first: bool, last: bool) -> list[DiffPiece]:
    """An unchanged run, keeping `context` tokens next to each change and a gap marker between."""
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if len(tokens) <= keep_head + keep_tail + 1:
        return [DiffPiece("equal", "".join(tokens))]
    pieces: list[DiffPiece] = []
    if keep_head:
        pieces.append(DiffPiece("equal", "".join(tokens[:keep_head])))
    pieces.append(DiffPiece("gap", "…"))
    if keep_tail:
        pieces.append(DiffPiece("equal", "".join(tokens[-keep_tail:])))
    return pieces


def word_diff(old: str, new: str, context: int = 16) -> list[DiffPiece]:
    """Pieces that turn `old` into `new`: deletions and insertions of words in place.

    Identical texts give an empty list.  Whitespace tokens are kept, so joining the
    equal and insert pieces of an unfolded diff gives `new` back.
    """
    if old == new:
        return []
    before = TOKEN.findall(old)
    after = TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces: list[DiffPiece] = []
    for index, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if tag == "equal":
            first, last = index == 0, index == len(opcodes) - 1
            pieces.extend(_fold(before[a0:a1], context, first, last))
            continue
        if a1 > a0:
            pieces.append(DiffPiece("delete", "".join(before[a0:a1])))
        if b1 > b0:
            pieces.append(DiffPiece("insert", "".join(after[b0:b1])))
    return pieces

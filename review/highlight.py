"""Where to put the highlight: the number inside its evidence sentence, the figures in a text.

Everything here returns plain strings split into pieces; the templates escape each piece
and wrap the highlighted ones in <mark>, so no markup is ever built from article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tallywatch.constants import FigureStatus


@dataclass(frozen=True, slots=True)
class MarkedSentence:
    before: str
    number: str
    after: str

    @property
    def text(self) -> str:
        """The whole sentence."""
        return self.before + self.number + self.after


def mark_sentence(sentence: str, phrase: str | None, window: str | None = None) -> MarkedSentence:
    """Split `sentence` around `phrase`, the number as it stands in the article text.

    A number can occur more than once in a sentence.  `window` is the article text that
    ends with the phrase and starts up to len(sentence) characters earlier; the occurrence
    whose sentence prefix the window ends with is the one the figure was read from.
    When the phrase is not in the sentence (a sentence normalised by the extractor),
    nothing is highlighted.
    """
    if not phrase:
        return MarkedSentence(sentence, "", "")
    offsets = [m.start() for m in re.finditer(re.escape(phrase), sentence)]
    if not offsets:
        return MarkedSentence(sentence, "", "")
    chosen = offsets[0]
    if window is not None and len(offsets) > 1:
        for offset in offsets:
            if window.endswith(sentence[: offset + len(phrase)]):
                chosen = offset
                break
    end = chosen + len(phrase)
    return MarkedSentence(sentence[:chosen], sentence[chosen:end], sentence[end:])


@dataclass(frozen=True, slots=True)
class Span:
    """A figure's place in an article text (character offsets, end exclusive)."""

    start: int
    end: int
    figure_id: int
    label: str
    status: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text; `spans` is non-empty when the run is an extracted figure."""

    text: str
    spans: tuple[Span, ...] = ()

    @property
    def is_figure(self) -> bool:
        return bool(self.spans)

    @property
    def label(self) -> str:
        return "; ".join(f"#{s.figure_id} {s.label} ({s.status})" for s in self.spans)

    @property
    def rejected(self) -> bool:
        return bool(self.spans) and all(s.status == FigureStatus.REJECTED for s in self.spans)


def segment_text(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut `text` into plain runs and figure runs.

    Figures read from the same characters share one run; a span that overlaps an
    earlier one without matching it, or that falls outside the text, is left out.
    """
    grouped: dict[tuple[int, int], list[Span]] = {}
    for span in spans:
        if 0 <= span.start < span.end <= len(text):
            grouped.setdefault((span.start, span.end), []).append(span)
    segments: list[Segment] = []
    cursor = 0
    for (start, end), members in sorted(grouped.items()):
        if start < cursor:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], tuple(members)))
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments

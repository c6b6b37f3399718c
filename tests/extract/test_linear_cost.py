"""The extractor's work grows linearly with the text, whatever the length of a sentence.

Work is measured, not timed: every module-level pattern of the modules that read a
number's clause and split sentences is wrapped in a counter of the characters it is
asked to scan.  Doubling a hostile text (one endless "sentence" full of numbers, as a
flattened table or a page without punctuation gives) must about double that count; a
scan that re-reads the rest of the sentence for every number made it quadruple.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tallywatch.config.schema import TopicConfig
from tallywatch.extract import clauses, phrases, preceding, sentences
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.sentences import MAX_SENTENCE_CHARS, split_sentences

SCANNING_MODULES = (clauses, phrases, preceding, sentences)


class CountingPattern:
    """A compiled pattern that adds the length of every span it scans to `counter`."""

    def __init__(self, pattern: re.Pattern[str], counter: list[int]) -> None:
        self.pattern = pattern
        self.counter = counter

    def _span(self, string: str, pos: int = 0, endpos: int | None = None) -> None:
        end = len(string) if endpos is None else min(endpos, len(string))
        self.counter[0] += max(0, end - pos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)

    def search(self, string: str, *args: int) -> Any:
        self._span(string, *args)
        return self.pattern.search(string, *args)

    def match(self, string: str, *args: int) -> Any:
        self._span(string, *args)
        return self.pattern.match(string, *args)

    def fullmatch(self, string: str, *args: int) -> Any:
        self._span(string, *args)
        return self.pattern.fullmatch(string, *args)

    def finditer(self, string: str, *args: int) -> Any:
        self._span(string, *args)
        return self.pattern.finditer(string, *args)

    def findall(self, string: str, *args: int) -> Any:
        self._span(string, *args)
        return self.pattern.findall(string, *args)


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counter = [0]
    for module in SCANNING_MODULES:
        for name, value in list(vars(module).items()):
            if isinstance(value, re.Pattern):
                monkeypatch.setattr(module, name, CountingPattern(value, counter))
    return counter


HOSTILE_UNITS = [
    "1,000 troops ",
    "officials said 300 North Korean soldiers were killed near the town and 2,700 wounded ",
    "killed 12 xx ",
    "( 5 killed ",
]


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_work_on_one_endless_sentence_grows_linearly(unit: str, scanned: list[int]) -> None:
    extractor = FigureExtractor([TopicConfig(name="nk", subjects=["North Korean"])])

    def work(size: int) -> int:
        body = (unit * (size // len(unit) + 1))[:size]
        scanned[0] = 0
        extractor.extract(f"Officials said {body} were killed.")
        return scanned[0]

    small, large = work(6_000), work(12_000)
    assert small > 0
    assert large / small < 2.3, f"doubling the text multiplied the scanning by {large / small:.1f}"


def test_long_runs_are_cut_into_bounded_sentences() -> None:
    text = "The ministry said " + "1,000 troops and " * 2_000 + "more were killed. Next one."
    found = split_sentences(text)
    assert max(s.end - s.start for s in found) <= MAX_SENTENCE_CHARS
    assert found[-1].start == text.index("Next one.")
    # the pieces cover the run without a gap, and no cut falls inside a word or number
    for before, after in zip(found, found[1:], strict=False):
        gap = text[before.end : after.start]
        assert gap.strip() == ""
        assert gap or not (text[before.end - 1].isalnum() and text[after.start].isalnum())


def test_ordinary_sentences_are_left_whole() -> None:
    text = "Officials said 300 soldiers were killed. " * 3 + "A" + " b" * 500 + "."
    spans = [(s.start, s.end) for s in split_sentences(text)]
    assert len(spans) == 4
    assert spans[-1][1] - spans[-1][0] == 1002

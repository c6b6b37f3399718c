"""Fixtures for the extractor tests: a couple of topics and a helper to run the extractor."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tallywatch.config.schema import ExtractConfig, TopicConfig
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.types import ExtractedFigure

NK = TopicConfig(
    name="nk-troops",
    subjects=["North Korean", "North Korea", "DPRK", "Pyongyang", "Korean People's Army", "KPA"],
)
DISPLACEMENT = TopicConfig(name="displacement", subjects=[], metrics=["displaced", "evacuated"])


@pytest.fixture(scope="session")
def nk_extractor() -> FigureExtractor:
    return FigureExtractor([NK])


@pytest.fixture(scope="session")
def open_extractor() -> FigureExtractor:
    """No topics at all: every figure comes back with topic None."""
    return FigureExtractor([])


@pytest.fixture(scope="session")
def displacement_extractor() -> FigureExtractor:
    return FigureExtractor([DISPLACEMENT])


def build(topics: list[TopicConfig], config: ExtractConfig | None = None) -> FigureExtractor:
    return FigureExtractor(topics, config or ExtractConfig())


@pytest.fixture(scope="session")
def one() -> Callable[[FigureExtractor, str], ExtractedFigure]:
    """The single figure an extractor finds in a text (fails if there is not exactly one)."""

    def run(extractor: FigureExtractor, text: str) -> ExtractedFigure:
        found = extractor.extract(text)
        assert len(found) == 1, [(f.metric, f.value, f.topic) for f in found]
        return found[0]

    return run

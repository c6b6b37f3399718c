"""The three seed articles, end to end: the figures each reports about North Korean troops."""

from __future__ import annotations

from pathlib import Path

import pytest

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.numbers import find_numbers

SEEDS = Path(__file__).parents[2].parent / "shared/seeds"

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS} (the shared folder is absent)"
)

# (metric, value, high, qualifier, scope, a name the source must contain or None)
EXPECTED = {
    "000_3e04f3331c4ae288.txt": [
        ("killed", 600, None, "approx", "cumulative", "Seoul"),
        ("casualties", 4700, None, "approx", "cumulative", "Lee Seong-kweun"),
        ("returned", 2000, None, "approx", "cumulative", "Lee"),
        ("deployed", 18000, None, "exact", "cumulative", "Seoul"),
    ],
    "002_587157c3c6792c56.txt": [
        ("killed", 300, None, "approx", "cumulative", "South Korean lawmaker"),
        ("wounded", 2700, None, "approx", "cumulative", "South Korean lawmaker"),
        ("deployed", 10000, None, "at_least", "cumulative", "National Intelligence Service"),
        ("captured", 2, None, "exact", "incident", "Zelensky"),
        ("casualties", 3000, None, "at_least", "cumulative", "Lee Seong-kweun"),
    ],
    "003_91bfd592f22c206a.txt": [
        ("casualties", 6000, None, "approx", "cumulative", "Yonhap"),
        ("deployed", 10000, None, "approx", "cumulative", "National Intelligence Service"),
        ("deployed", 1000, None, "approx", "cumulative", "National Intelligence Service"),
        ("returned", 1100, None, "approx", "cumulative", "NIS"),
        ("returned", 3000, None, "approx", "cumulative", "Ukrainian intelligence"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_figures(nk_extractor: FigureExtractor, name: str) -> None:
    text = (SEEDS / name).read_text("utf-8")
    found = [f for f in nk_extractor.extract(text) if f.topic == "nk-troops"]
    expected = EXPECTED[name]
    # exactly the expected (metric, value) pairs: nothing else about the topic
    assert {(f.metric, f.value) for f in found} == {(m, v) for m, v, *_ in expected}
    for metric, value, high, qualifier, scope, source in expected:
        matches = [f for f in found if (f.metric, f.value) == (metric, value)]
        assert any(
            f.high == high
            and f.qualifier == qualifier
            and f.scope == scope
            and (source is None or (f.source or "").find(source) >= 0)
            for f in matches
        ), (metric, value, [(f.qualifier, f.scope, f.source) for f in matches])
        for f in matches:
            assert find_numbers(text[f.start : f.end])[0].value == value
            assert f.sentence in text


def test_seed_distractors_are_not_figures(nk_extractor: FigureExtractor) -> None:
    text = (SEEDS / "003_91bfd592f22c206a.txt").read_text("utf-8")
    values = {f.value for f in nk_extractor.extract(text)}
    assert not values & {3, 16, 2019, 2025, 12}  # "3 min read", dates, "February 12"

"""Case-insensitive matching on a lower-cased copy: the same matches as re.IGNORECASE."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallywatch.extract.folding import Rule, fold_pattern, lower_text
from tallywatch.extract.rules import load_rules


@pytest.mark.parametrize(
    "text",
    ["Plain ASCII Text", "İstanbul and İzmir", "Aufſtand", "Dıyarbakır", "ΣΟΦΙΑ ς", "", "K"],
)
def test_lower_text_keeps_every_offset(text: str) -> None:
    low = lower_text(text)
    assert len(low) == len(text)
    for i, ch in enumerate(text):
        assert re.fullmatch(re.escape(low[i]), ch, re.IGNORECASE), (text, i)


@pytest.mark.parametrize(
    ("pattern", "relax", "folded"),
    [
        (r"No\.?|Nr\.?", False, r"no\.?|nr\.?"),
        (r"\S+\W\B\D", False, r"\S+\W\B\D"),  # escapes keep their case
        (r"(?P<at_least>More than)", False, r"(?P<at_least>more than)"),  # group names too
        (r"[A-Z][a-z]+|[^A-Z0-9]", False, r"[a-z][a-z]+|[^a-z0-9]"),
        (r"(?<![\w-])POWs?(?![\w])", False, r"(?<![\w-])pows?(?![\w])"),
        (r"in (?-i:[A-Z])\w+", False, None),  # case-sensitive inside: cannot be folded
        (r"in (?-i:[A-Z])\w+", True, r"in (?:[a-z])\w+"),  # ...but relaxed to a superset
        (r"(?i)x", True, None),
        (r"\x41", False, None),
        (r"[A-z]", False, None),  # a range across cases has no lower-case equivalent
    ],
)
def test_fold_pattern(pattern: str, relax: bool, folded: str | None) -> None:
    assert fold_pattern(pattern, relax=relax) == folded


SAMPLES = [
    "Seoul's NATIONAL Intelligence Service said at least 100 North Korean soldiers had been "
    "KILLED and nearly 1,000 Wounded in Kursk",
    "About 4,700 troops are stationed IN KURSK, up to 300 died On Monday; 12 POWs were Taken",
    "The death toll stood at 58 after Aufſtand floods DISPLACED 12,000 people in Dıyarbakır",
    "Officials put the TOLL at 1.5 million; No. 5 Brigade sent 10,000-strong forces overnight",
]


@pytest.fixture(scope="module")
def rules() -> dict[str, Rule]:
    compiled = load_rules()
    return {name: value for name, value in vars(compiled).items() if isinstance(value, Rule)}


def test_every_builtin_rule_finds_what_ignorecase_finds(rules: dict[str, Rule]) -> None:
    assert {"predicate", "people_noun", "before_distractor", "incident"} <= set(rules)
    for name, rule in rules.items():
        strict = re.compile(rule.pattern, re.IGNORECASE)
        for text in SAMPLES:
            low = lower_text(text)
            expected = [m.span() for m in strict.finditer(text)]
            assert [m.span() for m in rule.finditer(text, low)] == expected, name
            for pos in range(0, len(text), 7):
                want = strict.match(text, pos)
                got = rule.match(text, low, pos)
                assert (got and got.span()) == (want and want.span()), (name, pos)


WORDS = ["killed", "Killed", "KILLED", "in", "Kursk", "IN", "the", "soldiers", "died", "ſent"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_a_rule_with_case_sensitive_parts_matches_as_ignorecase_does(words: list[str]) -> None:
    rule = Rule(r"(?<![\w-])(?:killed|died|sent|in (?-i:[A-Z])\w+)(?![\w])")
    strict = re.compile(rule.pattern, re.IGNORECASE)
    text = " ".join(words)
    low = lower_text(text)
    assert [m.span() for m in rule.finditer(text, low)] == [m.span() for m in strict.finditer(text)]

"""Contracts with the private modules of Python's `re` that config/regex_safety.py reads
a pattern's parsed form from, to refuse `follow` and `deny` patterns that backtrack
catastrophically: an upgrade that changes them fails here, naming the module to fix."""

from __future__ import annotations

import importlib

import pytest

NODES = (
    "MAX_REPEAT",
    "MIN_REPEAT",
    "MAXREPEAT",
    "SUBPATTERN",
    "BRANCH",
    "ASSERT",
    "ASSERT_NOT",
    "ATOMIC_GROUP",
    "GROUPREF_EXISTS",
    "POSSESSIVE_REPEAT",
)


@pytest.mark.parametrize("name", NODES)
def test_the_parsed_form_has_the_nodes_regex_safety_reads(name: str) -> None:
    constants = importlib.import_module("re._constants")
    assert hasattr(constants, name), (
        f"re._constants.{name} is gone in this Python: config/regex_safety.py must follow"
    )


def test_a_parsed_repetition_holds_its_bounds_and_body() -> None:
    parser = importlib.import_module("re._parser")
    constants = importlib.import_module("re._constants")
    [(op, (low, high, body))] = parser.parse("(?:a/)*").data
    assert op is constants.MAX_REPEAT and (low, high) == (0, constants.MAXREPEAT), (
        "re._parser.parse no longer gives a repetition as (MAX_REPEAT, (min, max, body)): "
        "config/regex_safety.py must follow"
    )
    assert [node for node, _args in body.data] == [constants.LITERAL, constants.LITERAL]

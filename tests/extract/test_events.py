"""Kinds of event, from the rule table's `[events]`: which a topic's words name, which a
sentence names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tallywatch.config.schema import ExtractConfig, TopicConfig
from tallywatch.extract.events import EventKinds
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.rules import cached_rules

KINDS = EventKinds(cached_rules((), {}).data["events"])


@pytest.mark.parametrize(
    ("about", "kinds"),
    [
        (["earthquake", "quake"], {"hazard"}),
        (["floods", "Tropical  Storm"], {"hazard"}),
        (["war", "fighting"], {"violence"}),
        (["cholera"], {"disease"}),
        (["stampede"], {"accident"}),
        (["flood", "war"], {"hazard", "violence"}),
        # a word of no kind narrows by article only
        (["trawler", "Mocha"], set()),
    ],
)
def test_a_topics_words_name_their_kinds(about: list[str], kinds: set[str]) -> None:
    assert KINDS.kinds_of(about) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("displaced by the fighting that followed the coup", {"violence"}),
        ("the storm struck an area torn by fighting", {"hazard", "violence"}),
        ("the toll rose to 300 on Sunday", set()),
        ("a cholera outbreak in the camps", {"disease"}),
    ],
)
def test_the_kinds_a_text_names(text: str, kinds: set[str]) -> None:
    assert KINDS.named(text.lower(), 0, len(text)) == kinds


def test_a_user_adds_a_kind_of_event(tmp_path: Path) -> None:
    extra = tmp_path / "famine.toml"
    extra.write_text('[events]\nfamine = ["famine", "starvation", "hunger"]\n', "utf-8")
    topic = TopicConfig(name="sudan-famine", subjects=["Sudan"], about=["famine"])
    extractor = FigureExtractor([topic], ExtractConfig(rules=[extra]))
    title = "Famine spreads in Sudan"
    war = "The fighting in Sudan has killed 15,000 people."
    hunger = "Hunger has killed 400 people in Sudan's camps this month."
    assert [f.value for f in extractor.extract(war, title) if f.topic] == []
    assert [f.value for f in extractor.extract(hunger, title) if f.topic] == [400]

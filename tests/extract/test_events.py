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
        (["earthquake", "quake"], {"seismic"}),
        (["floods", "Tropical  Storm"], {"weather"}),
        (["wildfire"], {"fire"}),
        (["war", "fighting"], {"violence"}),
        (["cholera"], {"disease"}),
        (["stampede"], {"accident"}),
        (["flood", "war"], {"weather", "violence"}),
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
        ("the storm struck an area torn by fighting", {"weather", "violence"}),
        # a landslide follows quakes and rains alike: no kind of its own
        ("a landslide buried the village", set()),
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


BLAST = TopicConfig(name="port-blast", subjects=["Chile", "Valparaiso"])


@pytest.mark.parametrize(
    ("title", "text", "values"),
    [
        # a story naming no kind of event is of any kind but an epidemic's: its counts run
        # alongside ("deaths from the virus" beside a blast's toll)
        (
            "Port blast in Valparaiso kills 73",
            "The explosion at the port killed 73 people. The country has recorded 5,000 "
            "infections and 65 deaths from the virus since February.",
            [73],
        ),
        (
            "Valparaiso counts its dead",
            "Officials in Valparaiso gave new figures on Monday. A cholera outbreak has killed 21 "
            "people in the camps, the health ministry said.",
            [],
        ),
        # a story that names the epidemic is its story; a count naming another kind too is
        # still the story's
        (
            "Cholera spreads in Valparaiso",
            "The outbreak has killed 21 people in the camps, the health ministry said.",
            [21],
        ),
        (
            "Valparaiso counts its dead",
            "Floods and the cholera that followed them have killed 90 people.",
            [90],
        ),
        (
            "Valparaiso counts its dead",
            "The earthquake killed 300 people.",
            [300],
        ),
    ],
)
def test_an_epidemics_counts_run_alongside_a_story_naming_no_kind(
    title: str, text: str, values: list[int]
) -> None:
    found = FigureExtractor([BLAST]).extract(text, title)
    assert [f.value for f in found if f.topic] == values


def test_a_hazard_of_another_kind_is_another_story_of_the_same_place() -> None:
    """A storm's story names a wildfire's toll in its own country as another event's; a
    cyclone's toll told in a story of a quake elsewhere is still the cyclone topic's."""
    greece = TopicConfig(name="greece", subjects=["Greece", "Thessaly"])
    extractor = FigureExtractor([greece])
    title = "Storm floods Thessaly, Greece"
    text = (
        "The storm came days after firefighters put out a wildfire in the Evros region of "
        "Greece that burned for two weeks and killed 20 people. Floods have killed three "
        "people in Thessaly."
    )
    assert [f.value for f in extractor.extract(text, title) if f.topic] == [3]
    # (a word of another kind that is no event of the figure's: "hurricane-strength gusts")
    hawaii = TopicConfig(name="hawaii", subjects=["Maui", "Hawaii"])
    text = "Wildfires driven by hurricane-strength gusts tore across Maui, killing 6 people."
    found = FigureExtractor([hawaii]).extract(text, "Wildfires sweep Maui")
    assert [f.value for f in found if f.topic] == [6]
    myanmar = TopicConfig(name="myanmar", subjects=["Myanmar"])
    extractor = FigureExtractor([myanmar])
    title = "China races to reach quake survivors"
    text = "In Myanmar, the cyclone has now killed 38,000 people, state radio said."
    assert [f.value for f in extractor.extract(text, title) if f.topic] == [38000]

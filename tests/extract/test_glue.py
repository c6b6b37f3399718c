"""Words run together or broken at a line's end are repaired with the extractor's own
vocabulary, and every offset maps back to the text as given.  Sentences written for these
tests."""

from __future__ import annotations

import pytest

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.glue import GlueRepair


@pytest.fixture(scope="module")
def glue() -> GlueRepair:
    return FigureExtractor([]).glue


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        # digits glued to a word
        ("some 12,000people fled", "some 12,000 people fled"),
        ("about2,700 homes", "about 2,700 homes"),
        ("Around1.6 million people", "Around 1.6 million people"),
        ("for 13years", "for 13 years"),
        # two known words written as one
        ("300 villagerswere moved", "300 villagers were moved"),
        ("40 residents hadfled the town", "40 residents had fled the town"),
        ("900 people displacedacross the valley", "900 people displaced across the valley"),
        ("the shellingforced 70 families out", "the shelling forced 70 families out"),
        ("2,000 residents whoremain in camps", "2,000 residents who remain in camps"),
        ("aid reachedthe 12 camps", "aid reached the 12 camps"),
        # a known word running into a name
        ("300 fledKherson", "300 fled Kherson"),
        ("12 arrived inJuly", "12 arrived in July"),
        # a word broken by a hyphen at a line's end
        ("500 were inter-\nnally displaced", "500 were internally displaced"),
        ("80 in local shel-ters", "80 in local shelters"),
        ("in 3 prov-inces", "in 3 provinces"),
    ],
)
def test_run_together_and_broken_words_near_numbers_are_repaired(
    glue: GlueRepair, text: str, repaired: str
) -> None:
    assert glue(text).text == repaired


@pytest.mark.parametrize(
    "text",
    [
        # compounds of two known words stay whole
        "the background of the war",
        "in the countryside",
        "the firefighter said",
        "servicemen and militiamen",
        "airstrikes overnight",
        "an overtaken convoy",
        "someone said so",
        "cannot be confirmed",
        "a well-known pre-war figure",
        "the output fell",
        "caught in the crossfire",
    ],
)
def test_words_that_are_words_stay_as_they_are(glue: GlueRepair, text: str) -> None:
    assert glue(text).text == text


def test_words_far_from_every_number_are_left_as_they_are(glue: GlueRepair) -> None:
    text = "The villagerswere moved." + " " * 400 + "Then 300 peoplewere moved."
    assert glue(text).text == (
        "The villagerswere moved." + " " * 400 + "Then 300 people were moved."
    )


def test_offsets_map_back_to_the_text_as_given() -> None:
    text = "In the north, 12,000people werenewly displaced by the fighting."
    found = FigureExtractor([]).extract(text)
    assert [(f.metric, f.value) for f in found] == [("displaced", 12000)]
    assert text[found[0].start : found[0].end] == "12,000"
    assert found[0].sentence == text


def test_a_misspelt_counted_noun_is_read_as_the_noun() -> None:
    extractor = FigureExtractor([])
    for text in ("Some 51 peole were evacuated.", "About 400 soliders were killed."):
        assert [f.value for f in extractor.extract(text)] == [int(text.split()[1])]
    # a word one letter from a counted noun is not taken for it when it is a word itself
    assert extractor.extract("The 300 villages were flooded.") == []

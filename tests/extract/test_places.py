"""Places: names resolve to their countries through the gazetteers, and a name counts as a
place only where it is used as one.  Sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.places import Gazetteer, PlaceFinder, PlaceKind, cache_path, place_key
from tallywatch.extract.rules import cached_rules
from tallywatch.extract.sentences import dateline_span, headline_end


@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return FigureExtractor([]).places


@pytest.mark.parametrize(
    ("name", "kind", "countries"),
    [
        # countries: short names, ISO names, official names, names news use
        ("Nepal", PlaceKind.COUNTRY, {"NP"}),
        ("Turkey", PlaceKind.COUNTRY, {"TR"}),
        ("Türkiye", PlaceKind.COUNTRY, {"TR"}),
        ("Republic of Korea", PlaceKind.COUNTRY, {"KR"}),
        ("Syrian Arab Republic", PlaceKind.COUNTRY, {"SY"}),
        ("DRC", PlaceKind.COUNTRY, {"CD"}),
        ("Burma", PlaceKind.COUNTRY, {"MM"}),
        # demonyms
        ("Nepalese", PlaceKind.PEOPLE, {"NP"}),
        ("Filipino", PlaceKind.PEOPLE, {"PH"}),
        # provinces and regions (ISO 3166-2), US states
        ("Hatay", PlaceKind.REGION, {"TR"}),
        ("Gandaki", PlaceKind.REGION, {"NP"}),
        ("Kerala", PlaceKind.REGION, {"IN"}),
        ("Oklahoma", PlaceKind.REGION, {"US"}),
        # ... without the country's own word for their kind ("Hainan Sheng", "Sichuan Sheng")
        ("Hainan", PlaceKind.REGION, {"CN"}),
        ("Sichuan", PlaceKind.REGION, {"CN"}),
        # cities, with the other names of the largest
        ("Kathmandu", PlaceKind.CITY, {"NP"}),
        ("Kharkiv", PlaceKind.CITY, {"UA"}),
        ("Kiev", PlaceKind.CITY, {"UA"}),
        ("Goma", PlaceKind.CITY, {"CD"}),
        ("Antakya", PlaceKind.CITY, {"TR"}),
        # ... and another spelling of a smaller one's name ("Darnah", "Ar Raqqah")
        ("Derna", PlaceKind.CITY, {"LY"}),
        ("Raqqa", PlaceKind.CITY, {"SY"}),
        ("Naypyidaw", PlaceKind.CITY, {"MM"}),
        # a name several cities share is the large ones' (not Greece's small Tripoli)
        ("Tripoli", PlaceKind.CITY, {"LY", "LB"}),
        ("Hamilton", PlaceKind.CITY, {"CA", "NZ", "US", "BM"}),
    ],
)
def test_a_name_resolves_to_its_country(
    finder: PlaceFinder, name: str, kind: PlaceKind, countries: set[str]
) -> None:
    entry = finder.gazetteer.lookup(name)
    assert entry is not None, name
    assert entry.kind == kind
    assert set(entry.countries) == countries


@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        # towns of one province, whatever the province is called
        ("Thrissur", "Malappuram", True),
        ("Thrissur", "Bengaluru", False),
        ("Bangalore", "Mysuru", True),  # (a great city's other name too)
        # a US county lies in its state; a county name several states have, in each
        ("Yancey County", "North Carolina", True),
        ("Henderson County", "North Carolina", True),
        ("Pinellas County", "North Carolina", False),
        ("Fort Myers", "Florida", True),
    ],
)
def test_towns_know_their_province(
    finder: PlaceFinder, first: str, second: str, together: bool
) -> None:
    provinces = finder.gazetteer.provinces
    a, b = provinces[place_key(first)], provinces[place_key(second)]
    assert bool(a & b) == together


def test_territories_know_the_state_they_belong_to(finder: PlaceFinder) -> None:
    territories = finder.gazetteer.territories
    assert territories["YT"] == "FR"  # Mayotte, by its name
    assert territories["PF"] == "FR"  # French Polynesia, by its ISO 3166-2 code
    assert territories["PR"] == "US"
    # (a province named like a country is no territory of it: Georgia, Luxembourg)
    assert "GE" not in territories and "LU" not in territories


@pytest.mark.parametrize(("name", "capital"), [("Kyiv", True), ("Paris", True), ("Goma", False)])
def test_a_capital_is_known_whatever_else_its_name_is(
    finder: PlaceFinder, name: str, capital: bool
) -> None:
    (place,) = finder.find(f"Officials in {name} said", 0)
    assert finder.is_capital(place) is capital


def test_a_province_is_only_of_a_country_the_name_is_known_in(finder: PlaceFinder) -> None:
    """Cuba's town of Florida lies in no province of the US state's name."""
    assert {p.split(".")[0] for p in finder.gazetteer.provinces["florida"]} <= {"US", "UY"}


def test_a_name_is_compared_without_accents_case_or_a_leading_the() -> None:
    assert place_key("Kahramanmaraş") == place_key("KAHRAMANMARAS") == "kahramanmaras"
    # (letters no decomposition takes to plain ones too)
    assert place_key("Adıyaman") == place_key("Adiyaman")
    assert place_key("Łódź") == "lodz"
    assert place_key("the Gambia") == "gambia"
    assert place_key("Port-au-Prince") == "port au prince"


@pytest.mark.parametrize("name", ["Hamas", "Human", "More", "Ben", "Ha"])
def test_another_name_of_a_town_unlike_its_own_is_no_place(finder: PlaceFinder, name: str) -> None:
    # (GeoNames lists "Hamas" among Hamm's other names, "Ben" among Bern's; "Hà Giang"
    # less its kind's word is too short a name)
    assert finder.gazetteer.lookup(name) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a country or a demonym counts wherever it stands
        ("Nepal has asked for help.", ["Nepal"]),
        ("Nepalese villagers dug through the rubble.", ["Nepalese"]),
        ("Libyans queued for water.", ["Libyans"]),
        ("Rescuers worked through the night in eastern Libya.", ["Libya"]),
        # a town counts where the words around it make it a place
        ("Rescuers in Goma worked through the night.", ["Goma"]),
        ("Goma's hospitals are full.", ["Goma"]),
        ("The shelling hit Goma, Congo, on Sunday.", ["Goma", "Congo"]),
        ("The Hatay province was hit hardest.", ["Hatay"]),
        ("Flooding reached Greater Kathmandu overnight.", ["Kathmandu"]),
        ("KATHMANDU was quiet.", []),
        # ... and as the teller of a count, before a counting verb and a number
        ("Karnataka has reported 12 deaths.", ["Karnataka"]),
        ("Goma recorded more than 700 dead by Friday.", ["Goma"]),
        ("Gansu confirmed eight deaths on Monday.", ["Gansu"]),
        ("Goma reported heavy fighting.", []),
        ("Gansu has counted the cost of the storm.", []),
        # ... and as one entry of a list of places' counts
        (
            "The dead by state: Morelos 55, Puebla 43, Guerrero four.",
            ["Morelos", "Puebla", "Guerrero"],
        ),
        ("Of the rest, Gansu accounts for 81 and Shaanxi for seven.", ["Gansu", "Shaanxi"]),
        ("Of the rest, Sindh with 37 and Punjab with 35.", ["Sindh", "Punjab"]),
        ("Gansu, 81 kilometres away, was spared.", []),
        ("She bought Puebla 43 postcards.", []),
        # not where a town's name is a word or a part of a person's name
        ("Police said twelve people had died.", []),
        ("The Metropolitan Police said twelve people had died.", []),
        # a hyphenated name kept whole, unless it opens with an article
        ("Floods in Emilia-Romagna killed 15 people.", ["Emilia-Romagna"]),
        ("Rescuers worked through the night in Metropolitan Manila.", ["Manila"]),
        ("Most of the victims were children.", []),
        ("Osama Hamad, the prime minister, visited the hospital.", []),
        ("Ali told reporters the camp was full.", []),
        # an acronym is never a town
        ("The UN said the camp was full.", []),
        # months and days are never places, whatever town shares the name
        ("About 95,000 people fled the capital in March.", []),
        # a river or a lake named after a country is water
        ("The boat capsized on the Niger River near Mokwa, Nigeria.", ["Mokwa", "Nigeria"]),
        ("Their boat sank on the Congo river.", []),
        # a carrier named after a country is no place
        ("The Air India jet came down in Ahmedabad.", ["Ahmedabad"]),
        ("A Kenya Airways flight landed in Nairobi.", ["Nairobi"]),
        ("Ethiopian Airlines said 157 were aboard.", []),
    ],
)
def test_names_count_as_places_where_they_are_used_as_places(
    finder: PlaceFinder, text: str, names: list[str]
) -> None:
    assert [p.name for p in finder.find(text)] == names


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("KATHMANDU, April 26 -- The quake struck at noon.", [{"NP"}]),
        ("BENGHAZI, Libya, Sept 11 -- The dams gave way.", [{"LY"}, {"LY"}]),
        ("Goma, Congo (Reuters) - Shelling resumed.", [{"CD"}, {"CD", "CG"}]),
        ("KHARKIV: Sirens sounded all night.", [{"UA"}]),
        # several places filed from; an agency in small letters
        ("KASSALA/ADDIS ABABA -- Refugees kept arriving.", [{"SD"}, {"ET"}]),
        ("BERLIN, Nov. 13 (dpa) - The floods receded.", [{"DE"}]),
        # the day before its month, after several places filed from
        ("NAIROBI/BANGKOK, 8 May 2008 - The agency appealed for aid.", [{"KE"}, {"TH"}]),
    ],
)
def test_a_dateline_gives_its_places(
    finder: PlaceFinder, text: str, countries: list[set[str]]
) -> None:
    span = dateline_span(text, None)
    assert span is not None
    assert [set(p.countries) for p in finder.dateline(text, *span)] == countries


@pytest.mark.parametrize(
    "text",
    [
        "Officials said - the count is rising.",  # neither capitals, nor a date or an agency
        "The death toll rose to 300 on Sunday.",
        "",
    ],
)
def test_text_without_a_dateline(text: str) -> None:
    assert dateline_span(text, None) is None


def test_a_first_line_with_a_blank_line_after_it_is_the_headline() -> None:
    text = "Quake toll passes 8,000\n\nThe toll rose on Sunday."
    assert headline_end(text) == len("Quake toll passes 8,000")
    assert headline_end("The toll rose on Sunday.\nMore followed.") is None
    long_line = "word " * 80 + "\n\nbody"
    assert headline_end(long_line) is None  # a paragraph, not a headline
    assert headline_end(long_line, given=True) is not None


def test_the_rules_words_about_places_are_data() -> None:
    places = cached_rules().places
    for key in (
        "locative",
        "directions",
        "nouns",
        "generic",
        "institutional",
        "anaphora",
        "combined",
    ):
        assert places[key], key
    assert places["demonyms"]["NP"] == ["Nepalese", "Nepali"]


def test_the_built_gazetteer_is_kept_between_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TALLYWATCH_GAZETTEER_CACHE", raising=False)
    Gazetteer.shared.cache_clear()
    try:
        built = Gazetteer.shared()
        path = cache_path()
        assert path is not None and path.parent == tmp_path / "tallywatch" and path.exists()
        Gazetteer.shared.cache_clear()
        kept = Gazetteer.shared()
        assert kept is not built and len(kept) == len(built)
        for name in ("Kathmandu", "Hatay", "Nepal", "Democratic Republic of the Congo"):
            assert kept.lookup(name) == built.lookup(name), name
        assert kept.state_names == built.state_names
        assert kept.provinces == built.provinces
        # a damaged file is read as none, and the gazetteer built again
        path.write_text("{not json", encoding="utf-8")
        Gazetteer.shared.cache_clear()
        assert len(Gazetteer.shared()) == len(built)
        assert json.loads(path.read_text(encoding="utf-8"))["names"]
    finally:
        Gazetteer.shared.cache_clear()


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("TALLYWATCH_GAZETTEER_CACHE", "off")
    assert cache_path() is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a town listed after a place is a place as the first one is
        ("Rain flooded Pune, Nashik and Satara on Monday.", ["Pune", "Nashik", "Satara"]),
        ("Roads were cut in Pune and Satara.", ["Pune", "Satara"]),
        ("Schools shut in Pune, Satara, or Nashik.", ["Pune", "Satara", "Nashik"]),
        # ... after a comma alone, only where the list goes on
        ("At the briefing in Wellington, Hamilton said three died.", ["Wellington"]),
        # a province named as its country's ("India's Assam")
        ("Police in Pakistan's Sindh said the roads were shut.", ["Pakistan", "Sindh"]),
        ("Officials in Mexico's Oaxaca said the roads were shut.", ["Mexico", "Oaxaca"]),
    ],
)
def test_a_name_is_a_place_in_a_list_of_places_or_after_its_countrys_name(
    finder: PlaceFinder, text: str, names: list[str]
) -> None:
    assert [p.name for p in finder.find(text)] == names


def test_a_countrys_capital_is_known(finder: PlaceFinder) -> None:
    assert finder.gazetteer.capitals["NP"] == "Kathmandu"
    assert finder.gazetteer.capitals["TH"] == "Bangkok"

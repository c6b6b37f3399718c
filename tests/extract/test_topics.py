"""Whose figure it is: topics by place and by force, read from the clause, the sentence,
the paragraph, the dateline and the headline.  Articles written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tallywatch.config.schema import TopicConfig
from tallywatch.extract.figures import FigureExtractor

NEPAL = TopicConfig(name="nepal-quake", subjects=["Nepal", "Gorkha"])
INDIA = TopicConfig(name="india", subjects=["India", "Indian"])
BOTH = TopicConfig(name="nepal-and-india", subjects=["Nepal", "India"])
UKRAINE = TopicConfig(name="ukraine", subjects=["Ukraine", "Ukrainian"])
RUSSIAN_FORCES = TopicConfig(name="russian-forces", subjects=["Russian troops", "Russia"])
BELARUS = TopicConfig(name="belarus", subjects=["Belarus"])
KALAMATA = TopicConfig(name="wreck", subjects=["Kalamata", "the trawler"])
NK = TopicConfig(name="nk-troops", subjects=["North Korean", "North Korea", "Korean People's Army"])


def figures(topics: list[TopicConfig], text: str, title: str | None = None) -> set[tuple]:
    """The figures a topic takes (a figure of no topic is left out)."""
    found = FigureExtractor(topics).extract(text, title)
    return {(f.topic, f.metric, f.value) for f in found if f.topic is not None}


QUAKE = """Quake toll in Nepal passes 8,000

KATHMANDU, April 30 -- The death toll from Saturday's earthquake rose to 8,019 on Thursday, \
the Home Ministry said. More than 16,000 people have been injured.

Across the border in India, at least 78 people were killed, officials in Bihar said.

About 1,200 people died in Gorkha, the district closest to the epicentre. Rescue teams \
reached its remote villages only on Wednesday.

Elsewhere, a landslide buried 30 people.

The United Nations said 2.8 million people in the country had been displaced."""


def test_a_quake_story_read_paragraph_by_paragraph() -> None:
    found = figures([NEPAL], QUAKE)
    assert ("nepal-quake", "killed", 8019) in found  # the dateline and the headline
    assert ("nepal-quake", "wounded", 16000) in found  # the sentence before
    assert ("nepal-quake", "killed", 1200) in found  # a place the topic names
    assert ("nepal-quake", "displaced", 2_800_000) in found  # "the country"
    # another country's toll, and a figure said to be elsewhere
    assert not {f for f in found if f[2] in (78, 30)}


def test_a_neighbours_topic_takes_its_own_toll_only() -> None:
    found = figures([INDIA], QUAKE)
    assert found == {("india", "killed", 78)}


def test_a_total_over_two_countries_is_for_a_topic_naming_both() -> None:
    text = "The quake killed 8,100 people in Nepal and India combined. In Nepal alone, 8,019 died."
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 8019)}
    assert figures([BOTH], text) == {
        ("nepal-and-india", "killed", 8100),
        ("nepal-and-india", "killed", 8019),
    }
    text = "Nepal and India have buried their dead. Across both countries 8,100 people died."
    assert figures([NEPAL], text) == set()
    assert figures([BOTH], text) == {("nepal-and-india", "killed", 8100)}
    # one state named of several a total spans is no topic's on it
    text = "Including Nepal, the quake has now killed 9,000 people in three countries."
    assert figures([NEPAL], text) == set()
    text = "Nepal's officials and aid groups are piecing together the count: 8,000 died."
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 8000)}
    # a continent's or a region's total of several states is none of them
    text = "Nepal quake toll rises\n\nIn September, floods killed 240 people across South Asia."
    assert figures([NEPAL], text) == set()
    text = "Nepal quake toll rises\n\nAftershocks killed 24 people across Nepal."
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 24)}
    # (floods are another kind of hazard than the quake its headline tells of)
    text = "Nepal quake toll rises\n\nFloods killed 24 people across Nepal."
    assert figures([NEPAL], text) == set()
    # ... whatever state of it the sentence names too, while a region in an aside is none
    text = "KATHMANDU -- Together with Nepal, the floods have killed 300 people in Asia."
    assert figures([NEPAL], text) == set()
    text = "KATHMANDU -- Across Asia, floods killed 300 people."
    assert figures([NEPAL], text) == set()
    text = "KATHMANDU -- Floods killed 156 people in Nepal, the worst disaster in Asia this year."
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 156)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "KATHMANDU -- The dead and missing together now number more than 9,000. "
            "More than 16,000 people have been injured.",
            {("nepal-quake", "wounded", 16000)},
        ),
        (
            "KATHMANDU -- Police put the killed or missing combined at 9,300. "
            "About 400 people remain missing.",
            {("nepal-quake", "missing", 400)},
        ),
        (
            "KATHMANDU -- The killed and injured together stood at 25,000, and 2,000 people "
            "remain missing.",
            {("nepal-quake", "casualties", 25000), ("nepal-quake", "missing", 2000)},
        ),
        # ... while two places joined say the total is over both
        ("In Nepal and India together, 8,100 people died.", set()),
    ],
)
def test_counts_added_together_are_no_total_over_places(text: str, expected: set) -> None:
    """ "Together" and "combined" after two counts add the counts, not two countries: the
    dateline still says whose the figures are (a count of two metrics is no figure)."""
    assert figures([NEPAL], text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state telling of its own dead, where nothing else in the sentence says where
        (
            "KATHMANDU -- The toll rose to 8,019. India's home ministry says 78 people have "
            "died there.",
            {("nepal-quake", "killed", 8019)},
        ),
        (
            "KATHMANDU -- The toll rose to 8,019. India now says more than 78 people died on "
            "its side of the border.",
            {("nepal-quake", "killed", 8019)},
        ),
        # ... its own state's office speaks of it
        (
            "KATHMANDU -- Nepal's home ministry says 8,019 people have died.",
            {("nepal-quake", "killed", 8019)},
        ),
        # ... a place in the sentence says where before the teller does
        (
            "NEW DELHI -- India's embassy said 41 people died in Gorkha district.",
            {("nepal-quake", "killed", 41)},
        ),
    ],
)
def test_a_state_telling_a_count_speaks_of_itself(text: str, expected: set) -> None:
    assert figures([NEPAL], text) == expected


def test_two_peoples_counted_with_one_noun_are_each_their_own() -> None:
    china = TopicConfig(name="china", subjects=["Chinese soldiers", "China"])
    indian = TopicConfig(name="indian-army", subjects=["Indian soldiers", "Indian Army"])
    text = "In a later scuffle, four Indian and seven Chinese soldiers were injured."
    assert figures([china, indian], text) == {
        ("indian-army", "wounded", 4),
        ("china", "wounded", 7),
    }


def test_a_list_of_countries_in_an_aside_is_who_the_part_were() -> None:
    text = (
        "Nepal earthquake\n\nEighteen people died at base camp, among them climbers from "
        "the United States, Australia, Japan and China as well as Nepali guides."
    )
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 18)}


def test_an_aside_on_who_the_counted_were_is_no_context_for_the_next_sentence() -> None:
    text = (
        "KATHMANDU -- The hostel fell at dawn.\n\nOfficials said 40 people were hurt, many of "
        "them trekkers who had come from India and China. By noon the police had put the "
        "toll at 12."
    )
    title = "Hostel collapses in Nepal's capital"
    assert figures([NEPAL], text, title) == {
        ("nepal-quake", "wounded", 40),
        ("nepal-quake", "killed", 12),
    }


def test_a_state_that_acts_in_the_lede_still_says_where_the_story_is() -> None:
    """A headline naming no place and a lede naming the country only as who acts
    ("Bangladesh's government is piecing together ..."): the story's first paragraph
    naming a place says where its figures are."""
    bangladesh = TopicConfig(name="bd", subjects=["Bangladesh"])
    text = (
        "Three days after the cyclone struck, Bangladesh's government is still piecing "
        "together what happened on the coast.\n\nHow many people have died?\n\nThe "
        "disaster control centre put the toll at 2,388 on Sunday evening."
    )
    assert figures([bangladesh], text, "The cyclone: what we know") == {("bd", "killed", 2388)}


def test_an_organisation_named_by_its_acronym_owns_the_troops_it_has() -> None:
    """A force topic carries its group from sentence to sentence, but not past an owner
    no topic names ("MINUSMA, the UN mission, which has 13,000 troops")."""
    wagner = TopicConfig(name="wagner", subjects=["Wagner", "Russian mercenaries"])
    text = (
        "BAMAKO -- About 1,000 Wagner fighters are in Mali. MINUSMA, the UN mission, which "
        "has about 13,000 troops in Mali, asked for access."
    )
    assert figures([wagner], text) == {("wagner", "deployed", 1000)}
    text = (
        "BAMAKO -- About 1,000 Wagner fighters are in Mali. The group has 1,500 fighters in Libya."
    )
    assert figures([wagner], text) == {("wagner", "deployed", 1000), ("wagner", "deployed", 1500)}
    # (a dateline in capitals says where the story is filed, not who owns the troops)
    text = "The mercenaries arrived in May.\n\nKIDAL -- The group has 1,500 fighters in Mali."
    assert figures([wagner], text, "Wagner fighters in Mali") == {("wagner", "deployed", 1500)}


def test_a_place_before_a_new_subject_is_where_not_who_acted() -> None:
    """ "In Zimbabwe the government has declared a disaster": Zimbabwe says where, the
    government that follows is the clause's own subject, not Zimbabwe's army or strikes."""
    mozambique = TopicConfig(name="mz", subjects=["Mozambique", "Beira"])
    text = (
        "BEIRA -- The storm moved inland.\n\nIn Zimbabwe the government has declared a "
        "national disaster. Officials there say about 100 people have died."
    )
    assert figures([mozambique], text, "Idai toll in Mozambique rises to 217") == {
        ("mz", "killed", 217)
    }


@pytest.mark.parametrize(
    "text",
    [
        "PORTOVIEJO -- President Correa, on his way back from Rome, says the death toll in the "
        "province has risen to 233.",
        # where a teller spoke: an aside on the teller, or the sentence's opening
        "PORTOVIEJO -- The minister, at a press conference in Quito, said the death toll in "
        "the province has risen to 233.",
        "PORTOVIEJO -- At a news conference in Quito, the minister said the death toll in the "
        "province has risen to 233.",
    ],
)
def test_where_a_teller_travels_or_speaks_is_not_where_the_count_is(text: str) -> None:
    manabi = TopicConfig(name="ec", subjects=["Manabi", "Portoviejo"])
    assert figures([manabi], text) == {("ec", "killed", 233)}


def test_a_roundups_section_dateline_says_where_its_figures_are() -> None:
    """A roundup's later section under its own dateline ("BOLOGNA — ...") is another
    place's story, though the headline and the story's dateline name the topic's."""
    kherson = TopicConfig(name="kherson", subjects=["Kherson", "Kherson region"])
    text = (
        "KHERSON -- More than 3,000 people have been evacuated.\n\n"
        "BOLOGNA — The government approved aid; floods last month killed 15 people. "
        "Another 200 people were evacuated."
    )
    assert figures([kherson], text, "Kherson evacuations pass 3,000") == {
        ("kherson", "evacuated", 3000)
    }


def test_who_made_a_report_is_not_where_its_count_is() -> None:
    text = (
        "Nepal's quake report counts 8,790 dead\n\nThe assessment, prepared with the UN and "
        "the Inter-American Development Bank, puts the number of dead at 8,790 and the number "
        "injured at 22,300."
    )
    assert figures([NEPAL], text) == {
        ("nepal-quake", "killed", 8790),
        ("nepal-quake", "wounded", 22300),
    }


def test_the_country_people_fled_into_takes_their_count_too() -> None:
    """People who fled are their own country's displaced and the displaced of the country
    they went to, when the sentence names it."""
    sudan = TopicConfig(name="sudan", subjects=["Sudan", "Sudanese"])
    chad = TopicConfig(name="chad", subjects=["Chad"])
    text = "KHARTOUM -- Some 8,000 people have fled into neighbouring Chad in a week."
    assert figures([sudan, chad], text) == {
        ("sudan", "displaced", 8000),
        ("chad", "displaced", 8000),
    }
    # the sentence saying where from, before or after where to, in several words: the
    # count is the country's they left and the country's they reached
    for text in (
        "KHARTOUM -- More than 550,000 people have crossed into Chad from Sudan since April.",
        "KHARTOUM -- More than 550,000 people have crossed the border into Chad from Sudan.",
        "KHARTOUM -- More than 550,000 people have fled from Sudan into Chad since April.",
        "KHARTOUM -- More than 550,000 people have fled from North Darfur to Chad.",
    ):
        assert figures([sudan, chad], text) == {
            ("sudan", "displaced", 550000),
            ("chad", "displaced", 550000),
        }, text
    # a place after "fled from their homes in" is where they were, not where they went
    text = "JUBA -- More than 550,000 people have fled from their homes in Chad this year."
    assert figures([chad], text) == {("chad", "displaced", 550000)}
    # the towns of where they went are where they went too
    text = (
        "KHARTOUM -- Some 8,000 people fled to Chad within a week, many arriving at Adre "
        "with injuries."
    )
    assert figures([sudan, chad], text) == {
        ("sudan", "displaced", 8000),
        ("chad", "displaced", 8000),
    }
    # where they arrived, and a country that took them in, whoever the people are
    egypt = TopicConfig(name="egypt", subjects=["Egypt"])
    text = (
        "Sudan's war: a new exodus\n\nKHARTOUM -- Around 30,000 people have reached Chad "
        "this week.\n\nEgypt has taken in some 370,000 people since the fighting began. "
        "Chad is now hosting 420,000 Sudanese refugees."
    )
    assert figures([sudan, chad, egypt], text) == {
        ("sudan", "displaced", 30000),
        ("chad", "displaced", 30000),
        ("sudan", "displaced", 370000),
        ("egypt", "displaced", 370000),
        ("sudan", "displaced", 420000),
        ("chad", "displaced", 420000),
    }
    # where the counted refugees are now, in their own words
    text = "JUBA -- The number of Sudanese refugees in Chad has passed 500,000."
    assert figures([sudan, chad], text) == {
        ("sudan", "displaced", 500000),
        ("chad", "displaced", 500000),
    }
    # only those who fled: a toll where they came from is not the host's
    text = "JUBA -- Refugees poured into Chad after fighting in Sudan killed 300 people."
    assert figures([chad], text) == set()
    # who some of them are places none of them: the story's country is where they fled
    for share in ("about 60 per cent of them Chadians", "70 percent of whom were Chadians"):
        text = (
            "KHARTOUM -- Fighting spread across Sudan on Monday.\n\n"
            "The agency said 80,000 people had crossed into Chad since the attacks in April, "
            f"{share}."
        )
        assert figures([sudan, chad], text) == {
            ("sudan", "displaced", 80000),
            ("chad", "displaced", 80000),
        }, share


def test_where_people_came_back_from_or_are_held_is_not_whose_they_are() -> None:
    """ "returned from Russia", "in Ukrainian prisoner-of-war camps": where they were, or
    who holds them; the story's people are whose the count is."""
    nepal = TopicConfig(name="nepal", subjects=["Nepali", "Nepalis", "Nepal"])
    text = (
        "Nepal counts its recruits\n\nAt least 40 Nepalis recruited by Russia have died. "
        "Six men still sit in Ukrainian prisoner-of-war camps. About 85 people had returned "
        "from Russia by October."
    )
    assert figures([nepal], text) == {
        ("nepal", "killed", 40),
        ("nepal", "captured", 6),
        ("nepal", "returned", 85),
    }
    # a place named as where a count is still competes
    text = "Nepal counts its recruits\n\nAbout 85 people had died in Russia by October."
    assert figures([nepal], text) == set()


def test_a_name_joined_to_a_sponsors_word_is_not_whose_the_count_is() -> None:
    """ "Turkish-backed", "Iran-aligned": those counted are another's, whom the named
    state backs."""
    turkey = TopicConfig(name="turkey", subjects=["Turkish", "Turkey"])
    for text in (
        "About 300 fighters from Turkish-backed factions have landed in Tripoli.",
        "About 300 Turkish-backed fighters have landed in Tripoli.",
        "Some 40 Turkey-trained soldiers were killed near Sirte.",
    ):
        assert figures([turkey], text) == set(), text
    text = "About 300 Turkish soldiers have landed in Tripoli."
    assert figures([turkey], text) == {("turkey", "deployed", 300)}


def test_a_tally_over_many_countries_is_no_single_countrys() -> None:
    iran = TopicConfig(name="iran", subjects=["Iran", "Iranian"])
    text = (
        "TEHRAN -- Iran says 465 of its pilgrims died in the crush. A count of the tolls "
        "announced by 15 governments puts the number of dead at 999 or more. Officials say "
        "the real number of dead across all countries exceeds 4,700."
    )
    assert figures([iran], text) == {("iran", "killed", 465)}


def test_a_part_told_after_a_count_does_not_place_the_count() -> None:
    lebanon = TopicConfig(name="lebanon", subjects=["Lebanon", "Lebanese"])
    india = TopicConfig(name="india", subjects=["India", "Indian"])
    text = (
        "War in Lebanon: the count\n\nBEIRUT -- At the height of the war about 900,000 "
        "people had been driven from their homes, some 230,000 of them abroad, most in Syria."
    )
    assert figures([lebanon], text) == {("lebanon", "displaced", 900000)}
    text = (
        "Quake in Nepal\n\nKATHMANDU -- The quake killed 57 foreign visitors, 41 of them "
        "Indian, police said."
    )
    assert figures([NEPAL, india], text) == {("nepal-quake", "killed", 57)}


def test_a_country_whose_border_is_near_is_not_where() -> None:
    """ "on the Indian border" says where a place lies, beside that country, not in it."""
    text = "KATHMANDU -- In Birgunj, on the Indian border, about 700 residents fled their homes."
    assert figures([NEPAL, INDIA], text) == {("nepal-quake", "displaced", 700)}
    text = "KATHMANDU -- Across the Indian border, about 700 residents fled their homes."
    assert figures([NEPAL, INDIA], text) == {("india", "displaced", 700)}


def test_a_state_telling_whom_it_hit_speaks_of_others() -> None:
    lebanon = TopicConfig(name="lebanon", subjects=["Lebanon", "Lebanese"])
    text = "BEIRUT -- Israel says it has killed 2,000 fighters since October."
    assert figures([lebanon], text) == {("lebanon", "killed", 2000)}
    text = "BEIRUT -- Israel's military said its strikes killed 40 people."
    assert figures([lebanon], text) == {("lebanon", "killed", 40)}


def test_a_states_counting_office_tells_of_its_own_state() -> None:
    """ "Nepal's government has raised the toll" counts Nepal's dead, wherever the story is
    filed from; the sentence after it counts the same."""
    text = (
        "NEW DELHI -- Nepal's government has raised the official death toll to 8,019, the "
        "home ministry said. The figure had stood at 7,500 on Monday."
    )
    assert figures([NEPAL], text) == {
        ("nepal-quake", "killed", 8019),
        ("nepal-quake", "killed", 7500),
    }
    # a people's own office giving a count speaks of its state when its sentence names no
    # place, whatever the story's opening names; one that "stated" what its rescuers abroad
    # found does not
    lebanon = TopicConfig(name="lebanon", subjects=["Lebanon"])
    text = (
        "Analysis: the count\n\nDevices blew up across Lebanon, and Israel has now said it "
        "did it.\n\nThe cost has grown. Lebanese officials now put the toll at 39 killed."
    )
    assert figures([lebanon], text) == {("lebanon", "killed", 39)}
    # a people's state media too, in a story filed from a neighbour
    tibet = TopicConfig(name="tibet", subjects=["Tibet", "Xizang", "Shigatse"])
    text = (
        "Quake felt across the range\n\nKATHMANDU, Jan 9 - Villages in Nepal felt the "
        "tremor.\n\nThe toll has not moved. Chinese state media still put it at 126 people "
        "killed, most of them in villages near the epicentre."
    )
    assert figures([tibet], text) == {("tibet", "killed", 126)}
    text = (
        "Analysis: the count\n\nFloods tore through Lebanon.\n\nThe Maltese ministry stated "
        "that its rescue team has recovered 12 bodies."
    )
    assert figures([lebanon], text) == {("lebanon", "killed", 12)}
    # in a story on another country, in other tenses: that state's count, not the story's
    kenya = TopicConfig(name="kenya", subjects=["Kenya"])
    for told in (
        "Tanzania's government is still reporting 155 flood deaths of its own.",
        "Tanzania's ministry was counting 155 flood deaths on Monday.",
        "Tanzania's authorities have now recorded 155 flood deaths.",
    ):
        text = f"NAIROBI -- Floods have killed 120 people in Kenya. {told}"
        assert figures([kenya], text) == {("kenya", "killed", 120)}, told


def test_where_nothing_frames_the_story_its_first_place_does() -> None:
    text = (
        "Opinion: the count is finished. The reckoning is not\n\n"
        "When the disaster council closed its books this month, the final entry read: "
        "8,790 dead.\n\nIn Gorkha, the villages are still rubble."
    )
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 8790)}
    # (a headline that names a place frames the story itself)
    text = text.replace("Opinion: the count", "India's count")
    assert figures([NEPAL], text) == set()


def test_a_town_of_the_country_is_a_share_of_its_toll() -> None:
    text = "Nepal quake toll rises\n\nIn Pokhara, 30 people were killed. The toll rose to 8,019."
    found = FigureExtractor([NEPAL]).extract(text)
    scopes = {f.value: f.scope for f in found}
    assert scopes == {30: "incident", 8019: "cumulative"}


def test_the_headline_says_whose_an_unplaced_figure_is() -> None:
    body = "The death toll has risen to 412, the state government said."
    assert figures([INDIA], body) == set()
    assert figures([INDIA], body, title="Floods in Kerala kill hundreds") == {
        ("india", "killed", 412)
    }
    # on a text, a first line followed by a blank line is the headline
    assert figures([INDIA], "Floods in Kerala kill hundreds\n\n" + body) == {
        ("india", "killed", 412)
    }


def test_a_figure_in_the_headline_is_read_too() -> None:
    found = FigureExtractor([INDIA]).extract(
        "Rescue teams are still searching.", title="Kerala floods: 412 dead"
    )
    assert [(f.topic, f.metric, f.value, f.start, f.end) for f in found] == [
        ("india", "killed", 412, 0, 0)
    ]


def test_event_words_narrow_a_topic_to_one_event() -> None:
    quake = TopicConfig(name="nepal-quake", subjects=["Nepal"], about=["earthquake", "quake"])
    floods = "Monsoon floods in Nepal have killed 63 people, officials said."
    assert figures([quake], floods) == set()
    assert figures([quake], "The earthquake in Nepal has killed 63 people.") == {
        ("nepal-quake", "killed", 63)
    }


def test_those_who_acted_do_not_say_where_the_dead_were() -> None:
    text = "Russian strikes on Kharkiv killed 12 civilians, the regional governor said."
    assert figures([UKRAINE], text) == {("ukraine", "killed", 12)}
    assert figures([UKRAINE], "Russia shelled Kharkiv, killing 7 people.") == {
        ("ukraine", "killed", 7)
    }


def test_a_force_belongs_to_its_sender_not_to_the_place_it_stands_in() -> None:
    text = "Russia has about 30,000 troops in Belarus, Western officials estimate."
    assert figures([BELARUS], text) == set()
    assert figures([RUSSIAN_FORCES], text) == {("russian-forces", "deployed", 30000)}


def test_a_force_topic_keeps_following_its_troops_into_another_place() -> None:
    text = (
        "North Korean troops have been fighting in Kursk since November. "
        "In Kursk, about 300 were killed and 2,700 wounded, lawmakers were told."
    )
    assert figures([NK], text) == {
        ("nk-troops", "killed", 300),
        ("nk-troops", "wounded", 2700),
    }


def test_an_aside_about_something_else_does_not_place_a_figure() -> None:
    text = (
        "Libya floods: the count goes on\n\n"
        "The earthquake in Morocco, which struck days before the storm reached Libya, "
        "killed close to 3,000 people."
    )
    libya = TopicConfig(name="libya", subjects=["Libya"])
    assert figures([libya], text) == set()


def test_a_part_of_the_people_counted_does_not_place_the_whole() -> None:
    text = (
        "Typhoon toll in the Philippines rises\n\n"
        "Another 48 people are missing, most of them in Cebu, where the river burst its "
        "banks overnight. At least 40 people were killed, including seven in Leyte."
    )
    philippines = TopicConfig(name="philippines", subjects=["Philippines"])
    found = FigureExtractor([philippines]).extract(text)
    got = {(f.topic, f.metric, f.value, f.scope) for f in found}
    assert got == {
        ("philippines", "missing", 48, "cumulative"),
        ("philippines", "killed", 40, "cumulative"),
        ("philippines", "killed", 7, "incident"),
    }


def test_a_dateline_gives_its_country_to_a_topic_about_one_of_its_towns() -> None:
    text = (
        "ATHENS, June 20 -- The coast guard recovered one more body on Tuesday, "
        "taking the number of confirmed dead to 82."
    )
    assert figures([KALAMATA], text) == {("wreck", "killed", 82)}
    # another town of that country, named in the figure's own sentence, is another place
    text = "In Patras, 4 people were injured when a balcony collapsed."
    assert figures([KALAMATA], text) == set()


def test_a_topic_names_a_place_no_gazetteer_knows() -> None:
    text = "Survivors of the trawler described the night it sank. At least 81 people died."
    assert figures([KALAMATA], text) == {("wreck", "killed", 81)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Officials said 40 soldiers of the other side were killed.", set()),
        ("Across the border, 12 people died in the floods.", set()),
        ("In Nepal, 12 people died in the floods.", {("nepal-quake", "killed", 12)}),
        ("Floods killed 12 people in Nepal on Monday.", {("nepal-quake", "killed", 12)}),
        ("Indian rescuers said 12 Nepalese villagers died.", {("nepal-quake", "killed", 12)}),
        ("Nepal's rescuers said 12 Indian soldiers died.", set()),
        # visitors: where they were is what the sentence, or its teller, says
        ("Nepal's rescuers said 12 Indian pilgrims died.", {("nepal-quake", "killed", 12)}),
    ],
)
def test_whose_figure_in_one_sentence(sentence: str, expected: set[tuple]) -> None:
    assert figures([NEPAL], sentence) == expected


def test_a_page_with_a_title_keeps_its_paragraphs_one_per_line() -> None:
    """A cleaned page has one paragraph per line and may repeat its title first; handed
    its title apart, it is read with the same paragraphs, and its dateline is found."""
    text = (
        "Quake toll in Nepal passes 8,000\n"
        "KATHMANDU, April 30 -- Rescue teams reached remote villages.\n"
        "Across the border in India, at least 78 people were killed.\n"
        "The toll rose to 8,019 on Thursday, officials said."
    )
    found = FigureExtractor([NEPAL]).extract(text, title="Quake toll in Nepal passes 8,000")
    # (the headline's "passes 8,000" is the body's 8,019 rounded: one figure)
    assert {(f.topic, f.value) for f in found if f.topic} == {("nepal-quake", 8019)}


TURKEY = TopicConfig(name="turkey", subjects=["Turkey", "Turkish"])
SYRIA = TopicConfig(name="syria", subjects=["Syria", "Syrian"])


@pytest.mark.parametrize("opening", ["Put together", "Taken together", "Added together"])
def test_counts_summed_together_are_no_total_over_places(opening: str) -> None:
    text = (
        "Turkey quake toll rises\n\nThe ministry gave 300 dead on Monday and 200 on Tuesday. "
        f"{opening}, its figures mean at least 500 people have been killed."
    )
    assert ("turkey", "killed", 500) in figures([TURKEY, SYRIA], text)


@pytest.mark.parametrize("stamp", ["", "17:30 - ", "9.40am — "])
def test_a_region_of_states_opening_a_live_entry_is_where_its_figure_is(stamp: str) -> None:
    text = f"Turkey quake toll rises\n\nTurkey's toll rose to 300. {stamp}Across Europe, 500 died."
    assert ("turkey", "killed", 500) not in figures([TURKEY], text)


@pytest.mark.parametrize(
    "text",
    [
        "The number of people killed in Turkey and Syria rose above 21,000 on Thursday.",
        "Turkey-Syria quake: death toll climbs past 21,000",
        "Turkey and Syria have buried their dead; across both countries 21,000 died.",
    ],
)
def test_a_total_over_two_countries_in_any_words(text: str) -> None:
    assert figures([TURKEY, SYRIA], text) == set()
    both = TopicConfig(name="both", subjects=["Turkey", "Syria"])
    assert figures([both], text) == {("both", "killed", 21000)}


EGYPTIANS = TopicConfig(name="egyptians", subjects=["Egyptian pilgrims", "Egyptians", "Egypt"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Across all nationalities, a running tally of deaths has now passed 900.",
        "An AFP tally on Friday put deaths reported by all countries at 900.",
        "The heat has killed 900 pilgrims of every nationality.",
        "The storm has killed 900 people across the four hardest-hit countries.",
    ],
)
def test_a_total_over_every_nationality_or_several_countries_is_no_ones(sentence: str) -> None:
    text = f"Egypt says 600 of its pilgrims died in the heat\n\n{sentence}"
    assert ("egyptians", "killed", 900) not in figures([EGYPTIANS], text)
    assert ("egyptians", "killed", 600) in figures([EGYPTIANS], text)


@pytest.mark.parametrize(
    "sentence",
    [
        "So far: at least 600 Egyptians dead, more than 900 pilgrims dead across all countries.",
        "At least 600 Egyptians died, and 900 pilgrims died worldwide.",
        "Egypt's losses make up about two thirds of the 900 deaths across all nationalities.",
    ],
)
def test_a_total_over_every_state_beside_a_groups_count_is_not_the_groups(sentence: str) -> None:
    text = f"Egypt says 600 of its pilgrims died in the heat\n\n{sentence}"
    assert ("egyptians", "killed", 900) not in figures([EGYPTIANS], text)
    assert ("egyptians", "killed", 600) in figures([EGYPTIANS], text)


POLAND = TopicConfig(name="poland", subjects=["Poland", "Polish"])


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm's toll across four countries stood at 25: seven in Poland, six in Romania, "
        "five in Austria and four in the Czech Republic.",
        "By Thursday the storm had killed seven in Poland, six in Romania, five in Austria "
        "and four more in the Czech Republic.",
        "Seven people died in Poland, six in Romania, five in Austria and four in the Czech "
        "Republic.",
    ],
)
def test_each_country_of_a_list_owns_only_the_count_beside_it(sentence: str) -> None:
    text = f"Storm Boris floods central Europe\n\n{sentence}"
    assert {v for _, _, v in figures([POLAND], text)} == {7}


MAYOTTE = TopicConfig(name="mayotte", subjects=["Mayotte", "Mamoudzou"])


@pytest.mark.parametrize(
    "sentence",
    [
        # the state a territory belongs to speaks for it, from its capital too
        "France's interior ministry says at least 31 people are dead.",
        "At least 31 people have died, according to the crisis unit in Paris.",
    ],
)
def test_a_territorys_state_speaks_for_it(sentence: str) -> None:
    text = f"Cyclone Chido devastates Mayotte\n\n{sentence}"
    assert figures([MAYOTTE], text) == {("mayotte", "killed", 31)}


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # a place named in what befell another place is not where the count is
        ("In Mozambique, where the storm struck a day after Mayotte, the toll stood at 94.", None),
        ("In Malawi, where rain followed the storm that hit Mamoudzou, 13 people died.", None),
        # ... while a place where the count itself befell is
        ("The cyclone hit Mayotte, where at least 11 people died, before reaching Malawi.", 11),
        ("In Mamoudzou, where the storm struck first, 31 people died.", 31),
    ],
)
def test_a_place_in_an_aside_on_another_place_is_not_the_figures(
    sentence: str, value: int | None
) -> None:
    text = f"Cyclone Chido leaves trail of ruin\n\n{sentence}"
    found = {v for _, _, v in figures([MAYOTTE], text)}
    assert found == ({value} if value else set())


CHILE = TopicConfig(name="chile", subjects=["Chile", "Chilean", "Maule"])


@pytest.mark.parametrize(
    ("sentence", "taken"),
    [
        # a force no one is said to have sent, at work where the topic's disaster struck, is
        # the place's own
        ("More than 14,000 troops are now deployed in the quake zone.", True),
        ("Some 14,000 soldiers remain in Maule, the defence ministry said.", True),
        # ... not one whose sender the sentence names, or one standing in another state
        ("Some 14,000 Argentine soldiers are now deployed in the quake zone.", False),
        ("Argentina has 14,000 troops on the border, the ministry said.", False),
        ("About 14,000 troops are now deployed in Peru.", False),
        ("Foreign rescue teams comprising 14,000 personnel are now in the quake zone.", False),
        ("The UN mission has about 14,000 soldiers in the quake zone.", False),
        # (who reports it is not who sent it)
        ("The United Nations says 14,000 soldiers are now present in the quake zone.", True),
    ],
)
def test_an_unnamed_force_at_work_in_the_topics_place_is_its_own(
    sentence: str, taken: bool
) -> None:
    text = f"Chile quake toll passes 700\n\n{sentence}"
    assert (("chile", "deployed", 14000) in figures([CHILE], text)) is taken


def test_where_a_source_speaks_from_is_where_it_counted() -> None:
    text = (
        "The UN said 5 million people in Syria had lost their homes. "
        "Officials in Gaziantep said about 380,000 people had taken refuge in shelters."
    )
    assert figures([TURKEY, SYRIA], text) == {
        ("syria", "displaced", 5_000_000),
        ("turkey", "displaced", 380_000),
    }
    # a province's or a town's own office speaks for it, with its title after its name
    hatay = TopicConfig(name="turkey", subjects=["Turkey", "Hatay"])
    text = "The Hatay governor said 4,200 people had died. Aleppo officials counted 900 dead."
    assert figures([hatay, SYRIA], text) == {("turkey", "killed", 4200), ("syria", "killed", 900)}
    assert figures([hatay], "Hatay police chief says 4,200 may be dead") == {
        ("turkey", "killed", 4200)
    }
    # ... and frames a story as a headline: the province told, it did not act
    text = "Hatay police chief says 4,200 may be dead\n\nThe confirmed toll is now 255."
    assert figures([hatay], text) == {("turkey", "killed", 4200), ("turkey", "killed", 255)}
    # a source's nationality does not place its figure
    text = "Libya floods: toll rises\n\nMaltese rescuers said they had recovered 12 bodies."
    libya = TopicConfig(name="libya", subjects=["Libya"])
    assert figures([libya], text) == {("libya", "killed", 12)}


def test_a_place_after_a_preposition_is_no_actor() -> None:
    haiti = TopicConfig(name="haiti", subjects=["Haiti"])
    text = "Gang violence in Haiti killed more than 2,500 people this year."
    assert figures([haiti], text) == {("haiti", "killed", 2500)}


def test_a_force_sent_by_a_country_is_that_countrys() -> None:
    kenya = TopicConfig(name="kenya-mission", subjects=["Kenya"])
    haiti = TopicConfig(name="haiti", subjects=["Haiti"])
    text = "Kenya deployed 400 police officers to Haiti on Tuesday."
    assert figures([kenya, haiti], text) == {("kenya-mission", "deployed", 400)}


def test_its_is_the_sentences_subject_not_the_nearest_place() -> None:
    gaza = TopicConfig(name="gaza", subjects=["Gaza", "Palestinians"])
    army = TopicConfig(name="army", subjects=["Israeli soldiers", "Israel"])
    text = (
        "Israel's military says two more of its soldiers were killed in the fighting in the "
        "southern Gaza Strip, bringing its losses in the ground operation to 249."
    )
    assert figures([gaza, army], text) == {("army", "killed", 2), ("army", "casualties", 249)}


def test_a_force_topic_reads_its_force_in_the_headline_past_where_the_report_comes_from() -> None:
    text = (
        "North Korean troops suffer heavy losses in Kursk\n\n"
        "SEOUL, Jan 13 -- About 1,000 have been killed since they entered combat in December, "
        "officials in Seoul said on Monday."
    )
    assert figures([NK], text) == {("nk-troops", "killed", 1000)}


SUDAN = TopicConfig(name="sudan", subjects=["Sudan", "Sudanese", "Darfur"])


def test_a_story_filed_from_a_bureau_abroad_is_placed_by_its_headline() -> None:
    text = (
        "Sudan's war has driven 10 million from their homes, UN says\n\n"
        "NAIROBI, June 9 -- The war has forced more than 10 million people from their "
        "homes, the UN said on Sunday."
    )
    assert figures([SUDAN], text) == {("sudan", "displaced", 10_000_000)}
    kenya = TopicConfig(name="kenya", subjects=["Kenya"])
    assert figures([kenya], text) == set()
    # where the headline places the story in the dateline's country, the dateline counts
    home = "Floods kill 40 in Kenya\n\nNAIROBI, May 2 -- Floods have killed 40 people."
    assert figures([kenya], home) == {("kenya", "killed", 40)}


def test_a_town_of_a_country_the_story_does_not_name_is_no_rival_place() -> None:
    # (Ilam is an Iranian province in the gazetteer, and a district of Nepal)
    text = (
        "Floods kill 30 in eastern Nepal\n\n"
        "KATHMANDU, July 8 -- Most of the deaths were in the hill districts of Ilam and "
        "Taplejung. Twenty-six people were injured."
    )
    assert figures([NEPAL], text) == {("nepal-quake", "killed", 30), ("nepal-quake", "wounded", 26)}
    # named with its country, a town abroad is that country's
    rwanda = TopicConfig(name="rwanda", subjects=["Rwanda", "Rwandan"])
    shelled = (
        "Fighting reaches Goma\n\nGOMA, Jan 27 -- Shells killed five civilians in Gisenyi, "
        "the Rwandan town across the border."
    )
    congo = TopicConfig(name="congo", subjects=["Congo", "DR Congo", "Goma"])
    assert figures([congo], shelled) == set()
    assert figures([rwanda], shelled) == {("rwanda", "killed", 5)}


def test_elsewhere_in_a_named_place_is_that_place() -> None:
    ethiopia = TopicConfig(name="ethiopia", subjects=["Ethiopia", "Tigray", "Amhara"])
    text = (
        "Tigray truce holds\n\nMeanwhile, fighting has spread elsewhere in Ethiopia. "
        "Clashes have killed at least 183 people since July."
    )
    assert figures([ethiopia], text) == {("ethiopia", "killed", 183)}
    # "elsewhere in" a region no gazetteer knows is still elsewhere
    away = "Tigray truce holds\n\nElsewhere in East Africa, floods have killed 40 people."
    assert figures([ethiopia], away) == set()


def test_those_who_did_it_are_not_whom_a_figure_counts() -> None:
    rwandan_troops = TopicConfig(
        name="rw", subjects=["Rwandan troops", "Rwandan soldiers", "Rwandan forces"]
    )
    text = "Rwandan forces killed at least 14 insurgents and captured six others."
    assert figures([rwandan_troops], text) == set()
    own = "Four Rwandan soldiers were killed in the assault, Rwandan forces said."
    assert figures([rwandan_troops], own) == {("rw", "killed", 4)}


def test_a_topic_narrowed_to_one_kind_of_event_leaves_another_kinds_figures() -> None:
    cyclone = TopicConfig(name="cyclone", subjects=["Myanmar"], about=["cyclone", "storm"])
    title = "Cyclone Mocha hits Myanmar"
    fighting = "Fighting since the coup has displaced 1.5 million people across Myanmar."
    assert figures([cyclone], fighting, title) == set()
    assert figures([cyclone], "The storm has killed 145 people in Myanmar.", title) == {
        ("cyclone", "killed", 145)
    }
    # no event named, or the topic's own beside another: the topic's
    both = "The storm struck an area torn by fighting, killing 40 people in Myanmar."
    assert figures([cyclone], both, title) == {("cyclone", "killed", 40)}
    plain = "At least 145 people have died in Myanmar, officials said."
    assert figures([cyclone], plain, title) == {("cyclone", "killed", 145)}
    # an aside naming another event does not speak for the figure's own words
    aside = (
        "State media said 117 of those killed in Myanmar were Rohingya, most of them living "
        "in camps set up after communal violence."
    )
    assert figures([cyclone], aside, title) == {("cyclone", "killed", 117)}


def test_the_headlines_event_narrows_a_topic_that_names_none() -> None:
    malawi = TopicConfig(name="malawi", subjects=["Malawi", "Blantyre"])
    title = "Cyclone death toll rises in Malawi"
    story = (
        "The cyclone has killed 438 people in Malawi, the disaster agency said. The "
        "floods worsen an outbreak of cholera, the worst in decades, which has killed more "
        "than 1,600 people in the country since last year."
    )
    assert figures([malawi], story, title) == {("malawi", "killed", 438)}
    # (a part opening with "with" hangs on the clause before it)
    worst = "Malawi was already fighting its worst cholera outbreak, with 1,600 deaths."
    assert figures([malawi], worst, title) == set()
    # where the headline names no event, the story's first sentence says which it is of
    assert figures([malawi], story, "Malawi mourns its dead") == {("malawi", "killed", 438)}
    # a headline that names both kinds narrows to both
    both = "Cholera spreads in Malawi's cyclone camps"
    assert ("malawi", "killed", 1600) in figures([malawi], story, both)
    # a story naming none first is of any kind but an epidemic's, whose counts run
    # alongside others ([events] alongside)
    unnamed = "Officials in Malawi met on Monday. " + story
    assert figures([malawi], unnamed, "Malawi mourns its dead") == {("malawi", "killed", 438)}
    # nor does it narrow a topic with no subjects, which takes every figure
    everything = TopicConfig(name="all", subjects=[])
    assert ("all", "killed", 1600) in figures([everything], story, title)


def test_a_nationality_or_where_fire_came_from_does_not_place_a_figure() -> None:
    ethiopia = TopicConfig(name="ethiopia", subjects=["Ethiopia", "Tigray"])
    said = (
        "Tigray's war\n\nThe envoy, former Nigerian president Olusegun Obasanjo, has said "
        "that as many as 600,000 people may have been killed."
    )
    assert figures([ethiopia], said) == {("ethiopia", "killed", 600000)}
    rwanda = TopicConfig(name="rwanda", subjects=["Rwanda", "Rwandan", "Gisenyi"])
    congo = TopicConfig(name="congo", subjects=["Congo", "Congolese", "Goma"])
    shelled = (
        "Fighting reaches Goma\n\nShells fired from the Congolese side killed five civilians "
        "on the edge of Gisenyi, the Rwandan town that faces Goma."
    )
    assert figures([congo], shelled) == set()
    assert figures([rwanda], shelled) == {("rwanda", "killed", 5)}


def test_a_force_is_not_the_country_it_stands_in() -> None:
    congo = TopicConfig(name="congo", subjects=["Congo", "Congolese"])
    text = "Rebels near Goma\n\nThe UN mission, MONUSCO, has more than 10,000 troops in Congo."
    assert figures([congo], text) == set()


def test_who_counted_is_not_whom_a_figure_counts() -> None:
    russian_forces = TopicConfig(name="ru", subjects=["Russian troops", "Russia"])
    text = (
        "Russia masses troops\n\nUkraine counted 148,000 Russian troops near the border. "
        "That is close to the American figure, which Washington had raised to 130,000."
    )
    assert figures([russian_forces], text) == {
        ("ru", "deployed", 148000),
        ("ru", "deployed", 130000),
    }


def test_where_nothing_nearer_says_the_storys_first_sentence_does() -> None:
    text = (
        "Analysis: a pullback nobody can count\n\n"
        "Russia says it is pulling some troops back from the border with Ukraine.\n\n"
        "Three things are worth keeping in mind.\n\n"
        "First, the arithmetic. A force that officials put at about 100,000 in January has "
        "grown by half."
    )
    assert ("ru", "deployed", 100000) in figures(
        [TopicConfig(name="ru", subjects=["Russian troops", "Russia"])], text
    )


def test_a_state_forces_topic_takes_that_states_people_in_arms() -> None:
    us = TopicConfig(name="us", subjects=["U.S. troops", "American soldiers"])
    text = (
        "Drone strike kills three U.S. soldiers in Jordan\n\n"
        "Officials said about 70 U.S. personnel had been hurt in the attack."
    )
    assert ("us", "wounded", 70) in figures([us], text)
    # a subgroup is not the state: "Russian mercenaries" do not take Russia's troops
    wagner = TopicConfig(name="wagner", subjects=["Wagner", "Russian mercenaries"])
    russians = "Moscow's losses\n\nRussian forces have lost nearly 40,000 soldiers in Kursk."
    assert figures([wagner], russians) == set()


def test_a_second_count_of_one_group_keeps_that_group() -> None:
    nk = TopicConfig(name="nk", subjects=["North Korean", "North Korea"])
    text = (
        "North Koreans in Kursk\n\nAt least 100 North Korean soldiers have been killed in "
        "Kursk and nearly 1,000 wounded, lawmakers were told."
    )
    assert figures([nk], text) == {("nk", "killed", 100), ("nk", "wounded", 1000)}
    losses = (
        "North Koreans in Kursk\n\nRussian losses had reached 1,160 killed and wounded in "
        "a day, Kyiv said."
    )
    assert figures([nk], losses) == set()


def test_a_force_topic_takes_no_civilian_toll_from_its_headline() -> None:
    unifil = TopicConfig(name="unifil", subjects=["UNIFIL", "UN peacekeepers"])
    text = (
        "Two more UN peacekeepers wounded in Lebanon\n\n"
        "More than 2,200 people have been killed in the strikes, the ministry says."
    )
    assert figures([unifil], text) == {("unifil", "wounded", 2)}


NK_SENDS = "North Korea sends more troops to Russia"
"""A headline naming the force a paragraph below it may or may not count."""


@pytest.mark.parametrize(
    "paragraph",
    [
        # where the force went, named in the sentence before
        "Officials in Seoul said fresh units had reached the Kursk region by March. "
        "About 2,000 soldiers have been sent so far, they said.",
        "The new battalions were flown to Vladivostok and moved west by rail. "
        "Roughly 2,000 soldiers have arrived since January.",
        # whose count it is, named in the sentence before
        "South Korea's spy agency gave a lower estimate on Friday. "
        "About 2,000 more soldiers were deployed in the spring, it said.",
    ],
)
def test_a_force_topic_passes_over_where_its_troops_went(paragraph: str) -> None:
    assert figures([NK], paragraph, NK_SENDS) == {("nk-troops", "deployed", 2000)}


@pytest.mark.parametrize(
    "paragraph",
    [
        # a sender named before an unnamed force is still whose it is
        "Belarus has moved fresh units to its border with Ukraine. "
        "About 2,000 soldiers arrived there last week, its defence ministry said.",
        # a toll still stops at another place in the paragraph
        "Heavy rain hit the Philippine province of Cebu on Sunday. "
        "About 2,000 people have been displaced, officials said.",
    ],
)
def test_another_sender_or_place_in_the_paragraph_is_no_force_topics(paragraph: str) -> None:
    assert figures([NK], paragraph, NK_SENDS) == set()


def _scopes(topic: TopicConfig, text: str) -> set[tuple]:
    found = FigureExtractor([topic]).extract(text)
    return {(f.topic, f.value, f.scope) for f in found if f.topic is not None}


@pytest.mark.parametrize(
    "sentence",
    [
        "In Gorkha district alone, 1,200 people were killed.",
        "About 1,200 people died in the capital alone, officials said.",
        "In Sindhupalchok alone, 1,200 people have been killed.",
        "Doctors said Bir Hospital alone had recorded 1,200 deaths.",
    ],
)
def test_one_places_share_is_an_incident_of_a_countrys_toll(sentence: str) -> None:
    country = TopicConfig(name="nepal", subjects=["Nepal"])
    text = f"Quake toll in Nepal passes 8,000\n\n{sentence}"
    assert ("nepal", 1200, "incident") in _scopes(country, text)


def test_a_share_of_the_place_a_topic_names_is_its_whole() -> None:
    town = TopicConfig(name="gorkha", subjects=["Gorkha"])
    text = "Quake toll in Nepal passes 8,000\n\nIn Gorkha alone, 1,200 people have been killed."
    assert _scopes(town, text) == {("gorkha", 1200, "cumulative")}


@pytest.mark.parametrize(
    ("subjects", "scope"),
    [
        # the province lies in the country the topic names: one part of its toll
        (["Turkey", "Hatay"], "incident"),
        (["Turkey", "Hatay", "Antakya"], "incident"),
        # ... unless the topic is about the province first of all
        (["Hatay", "Turkey"], "cumulative"),
        # a topic naming no country containing it: the province is its whole
        (["Hatay", "Antakya"], "cumulative"),
    ],
)
def test_a_share_of_a_province_the_topic_names_is_a_part_where_it_names_its_country(
    subjects: list[str], scope: str
) -> None:
    topic = TopicConfig(name="t", subjects=subjects)
    text = "Quake toll in Turkey passes 8,000\n\nIn Hatay alone, 1,200 people have been killed."
    assert {(v, s) for _, v, s in _scopes(topic, text) if v == 1200} == {(1200, scope)}


MEXICO = TopicConfig(name="mx", subjects=["Mexico", "Mexican", "Mexico City", "Puebla"])


@pytest.mark.parametrize(
    "sentence",
    [
        "The agency said 55 people had died in Morelos, 49 in Mexico City and 32 in Puebla.",
        "Mexico City accounts for 49 of the dead, Morelos for 55 and Puebla for 32.",
        "By state, the toll reads: Morelos 55, Mexico City 49, Puebla 32, Guerrero four.",
        "Morelos with 55, Mexico City with 49 and Puebla with 32 have been worst hit.",
    ],
)
def test_each_entry_of_a_list_of_places_counts_is_one_part(sentence: str) -> None:
    text = f"Mexico quake toll rises to 149\n\n{sentence}"
    scopes = {(value, scope) for _, value, scope in _scopes(MEXICO, text)}
    assert {(49, "incident"), (32, "incident")} <= scopes
    assert not {(55, "cumulative"), (49, "cumulative"), (32, "cumulative")} & scopes


@pytest.mark.parametrize(
    "sentence",
    [
        # one place's count alone in its sentence is the toll there to date
        "The agency said 49 people had died in Mexico City.",
        # two counts of one place, or a count and its update, are no list of places
        "Mexico City's toll rose to 49 from 32, the agency said.",
    ],
)
def test_a_count_with_no_list_of_places_keeps_its_scope(sentence: str) -> None:
    text = f"Mexico quake toll rises\n\n{sentence}"
    assert (49, "cumulative") in {(v, s) for _, v, s in _scopes(MEXICO, text)}


def test_a_part_told_as_a_share_leaves_the_total_a_total() -> None:
    country = TopicConfig(name="nepal", subjects=["Nepal"])
    text = (
        "Quake toll in Nepal passes 8,000\n\nThe quake has killed 8,019 people in Nepal, "
        "including 1,200 on Saturday alone."
    )
    assert ("nepal", 8019, "cumulative") in _scopes(country, text)


def test_where_a_report_was_made_is_not_a_share() -> None:
    country = TopicConfig(name="nepal", subjects=["Nepal"])
    text = (
        "Quake toll in Nepal passes 8,000\n\nThe home minister told reporters in Pokhara "
        "that 8,019 people had died across the country."
    )
    assert _scopes(country, text) == {("nepal", 8019, "cumulative")}


def test_a_datelines_town_is_where_the_reporter_is_not_a_share() -> None:
    country = TopicConfig(name="png", subjects=["Papua New Guinea"])
    text = (
        "Landslide buries village\n\n"
        "PORT MORESBY, May 26 (Wire) - More than 670 people are believed to have been "
        "killed by a landslide in Papua New Guinea's Enga province, officials said."
    )
    assert _scopes(country, text) == {("png", 670, "cumulative")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Fighting flares again\n\nThe fighting has killed 300 people in Tigray, aid "
            "workers said.",
            {("tigray", "killed", 300)},
        ),
        (
            "Fighting in Tigray\n\nThe fighting has killed 300 people, aid workers said.",
            {("tigray", "killed", 300)},
        ),
        ("Fighting in Darfur\n\nThe fighting has killed 300 people in El Geneina.", set()),
    ],
)
def test_a_topic_on_a_region_no_gazetteer_knows_takes_its_peoples_toll(
    text: str, expected: set[tuple]
) -> None:
    tigray = TopicConfig(name="tigray", subjects=["Tigray"])
    assert figures([tigray], text) == expected


def test_a_named_group_that_acted_is_not_whose_victims_they_were() -> None:
    group = TopicConfig(name="wagner", subjects=["Wagner"])
    text = "Wagner fighters killed 300 civilians in central Mali, witnesses said."
    assert figures([group], text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "The Turkish military says a reservist was killed in fighting in northern Iraq, "
        "bringing to 37 the number of soldiers killed in the operation.",
        "In Turkey, the army said one soldier had been killed in northern Iraq, bringing "
        "the number of soldiers killed in the operation to 37.",
    ],
)
def test_soldiers_a_states_military_reports_are_its_own(text: str) -> None:
    iraq = TopicConfig(name="iraq", subjects=["Iraq", "Iraqi"])
    turkey = TopicConfig(name="turkey", subjects=["Turkey", "Turkish soldiers"])
    assert 37 not in {f.value for f in FigureExtractor([iraq]).extract(text) if f.topic}
    assert ("turkey", "killed", 37) in figures([turkey], text)


def test_soldiers_an_intelligence_agency_counts_are_not_its_states() -> None:
    nk = TopicConfig(name="nk", subjects=["North Korea", "North Korean troops"])
    text = (
        "North Korea sends more troops\n\nUkraine's military intelligence agency said about "
        "1,500 fresh soldiers had reached the Kursk area by March."
    )
    assert ("nk", "deployed", 1500) in figures([nk], text)


@pytest.mark.parametrize(
    "text",
    [
        "Officials in Kyiv said about 14,000 men have been sent from North Korea to fight "
        "in the Kursk region since October.",
        "Roughly 11,000 troops from North Korea are now in the Kursk region, Seoul said.",
        "Some 3,000 soldiers dispatched from North Korea reached Russia's Far East in "
        "October, officials in Kyiv said.",
    ],
)
def test_troops_sent_from_a_state_are_that_states(text: str) -> None:
    # (a topic naming the state's army follows its forces anyway: one naming only the state)
    state = TopicConfig(name="north-korea", subjects=["North Korea", "North Korean"])
    for topic in (NK, state):
        found = figures([topic, RUSSIAN_FORCES, UKRAINE], text)
        assert {name for name, metric, _ in found if metric == "deployed"} == {topic.name}


@pytest.mark.parametrize(
    "text",
    [
        # where a force was moved from is no sender: the sender named before stays
        "Russia has moved 30,000 troops from Belarus to the border, officials said.",
        # a town troops leave says nothing of whose they are
        "About 2,000 soldiers were sent from Kherson to the eastern front.",
    ],
)
def test_where_troops_left_from_is_not_whose_they_are(text: str) -> None:
    found = figures([BELARUS, KALAMATA], text)
    assert not {f for f in found if f[1] == "deployed"}


@pytest.mark.parametrize(
    "second",
    [
        "Roughly 4,000 of them have been killed or wounded, the officials said.",
        "Of those, about 4,000 have been killed or wounded.",
        "Some 4,000 of these soldiers have been killed or wounded since then.",
    ],
)
def test_a_part_of_the_people_counted_before_is_as_much_their_groups(second: str) -> None:
    # (a topic naming only the state: the place the troops went to does not compete)
    state = TopicConfig(name="north-korea", subjects=["North Korea", "North Korean"])
    text = (
        "Officials in Kyiv said about 14,000 men have been sent from North Korea to fight "
        f"in Russia's Kursk region. {second}"
    )
    assert ("north-korea", "casualties", 4000) in figures([state, RUSSIAN_FORCES], text)


@pytest.mark.parametrize(
    "text",
    [
        "Seoul's spy agency said Pyongyang had dispatched about 12,000 soldiers to Russia, and "
        "that they had suffered roughly 3,000 casualties.",
        "North Korea sent 12,000 troops into Russia last autumn; since then they have suffered "
        "3,000 casualties, officials said.",
    ],
)
def test_they_who_suffered_are_the_sender_not_where_they_were_sent(text: str) -> None:
    found = figures([NK, RUSSIAN_FORCES], text)
    assert ("nk-troops", "casualties", 3000) in found
    assert ("russian-forces", "casualties", 3000) not in found


def test_the_headlines_event_leaves_the_displaced_of_every_cause_to_the_topic() -> None:
    somalia = TopicConfig(name="somalia", subjects=["Somalia"])
    title = "Drought drives thousands from their homes in Somalia"
    text = "Fighting has forced a further 90,000 people from their homes in Somalia this year."
    assert figures([somalia], text, title) == {("somalia", "displaced", 90000)}


@pytest.mark.parametrize(
    "text",
    [
        "Outside Nepal, 78 people died in India.",
        "Beyond Nepal, at least 78 people were killed across the region.",
        "Apart from Nepal, 78 deaths were reported in neighbouring countries.",
    ],
)
def test_a_place_a_figure_is_outside_of_is_not_its_place(text: str) -> None:
    assert figures([NEPAL], text, "Quake devastates Nepal") == set()
    if "India" in text:
        assert figures([INDIA], text) == {("india", "killed", 78)}


def test_a_town_left_out_leaves_the_figure_to_its_country_or_to_nobody() -> None:
    pakistan = TopicConfig(name="pakistan", subjects=["Pakistan"])
    text = "Outside Karachi, at least 10 people died in Larkana, in Pakistan's Sindh province."
    assert figures([pakistan], text) == {("pakistan", "killed", 10)}
    # "outside" a town, not opening the sentence, is near it
    camps = "About 40 people died in camps outside Sittwe, Myanmar."
    assert figures([TopicConfig(name="myanmar", subjects=["Myanmar"])], camps) == {
        ("myanmar", "killed", 40)
    }


@pytest.mark.parametrize(
    "text",
    [
        "In a televised address from Pokhara the minister gave the national figures: 8,019 "
        "dead and 16,000 injured.",
        "The prime minister, speaking after a meeting held in Pokhara, said 8,019 people had died.",
    ],
)
def test_where_a_report_is_given_is_no_share_of_the_toll(text: str) -> None:
    country = TopicConfig(name="nepal", subjects=["Nepal"])
    scopes = _scopes(country, "Quake in Nepal\n\n" + text)
    assert ("nepal", 8019, "cumulative") in scopes


def test_elsewhere_in_the_country_is_the_countrys() -> None:
    turkey = TopicConfig(name="turkey", subjects=["Turkey"])
    title = "Quake in Turkey"
    text = (
        "Officials said 19,596 people had been evacuated from the province, many of them to "
        "hotels elsewhere in the country."
    )
    assert figures([turkey], text, title) == {("turkey", "evacuated", 19596)}
    assert figures([turkey], "Elsewhere, 40 people died.", title) == set()


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        # a province's or a city's share of a country's toll is one part of it
        ("BEIJING -- In Sichuan, 8,500 people have died, officials said.", "incident"),
        # where a report was made is not whose share the figure is
        (
            "BEIJING -- At a news conference in Chengdu on Sunday, the State Council said "
            "32,476 people had died.",
            "cumulative",
        ),
        (
            "BEIJING -- Officials told reporters in Chengdu that 32,476 people had died.",
            "cumulative",
        ),
    ],
)
def test_a_share_is_where_the_counted_were_not_where_it_was_told(text: str, scope: str) -> None:
    china = TopicConfig(name="china", subjects=["China", "Chinese"])
    found = FigureExtractor([china]).extract(text)
    assert [(f.topic, f.scope) for f in found] == [("china", scope)]


EVACUEES = TopicConfig(name="evacuees", subjects=["Indian nationals", "Indian students", "Indians"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One Indian student was killed in Kharkiv on Tuesday.", {("killed", 1)}),
        ("Two Indian students were killed in Kharkiv on Tuesday.", {("killed", 2)}),
        ("One Indian national was wounded by gunfire.", {("wounded", 1)}),
        # a lone demonym keeps its form: "Indian" is an adjective of anything
        ("One Indian soldier was wounded by gunfire.", set()),
    ],
)
def test_a_group_named_in_the_plural_is_named_by_one_of_its_members(
    text: str, expected: set
) -> None:
    assert {(m, v) for _, m, v in figures([EVACUEES], text)} == expected


def test_a_wider_count_split_to_give_the_topics_town_is_not_the_topics() -> None:
    """A count over a part of a land ("in the north"), then the topic town's share of it:
    the town's topic takes the share, not the wider count."""
    mosul = TopicConfig(name="mosul", subjects=["Mosul", "Iraq"])
    text = (
        "MOSUL -- Some 9,000 people have died in the north since June, officials told "
        "reporters, about 3,000 of them in Mosul."
    )
    assert figures([mosul], text) == {("mosul", "killed", 3000)}


def test_a_total_with_no_place_or_the_topics_own_keeps_its_parts_whole() -> None:
    albania = TopicConfig(name="albania", subjects=["Albania", "Durres"])
    text = "TIRANA -- The quake claimed 51 lives in total: 25 in Durres and 24 in Thumane."
    assert ("albania", "killed", 51) in figures([albania], text)
    text = "KATHMANDU -- At least 8,000 people died in Nepal, 1,200 of them in Gorkha."
    assert ("nepal-quake", "killed", 8000) in figures([NEPAL], text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people going home are where they go home to ...
        ("BEIRUT -- More than 250,000 displaced people had returned to their homes.", {250000}),
        # ... a force or freed captives are their own people's, not the place's
        ("BEIRUT -- About 200 Kenyan police officers returned home.", set()),
        ("BEIRUT -- Gangs stormed the prison, freeing more than 4,000 inmates.", set()),
    ],
)
def test_people_who_went_home_belong_to_the_place_they_went_home_to(
    text: str, expected: set
) -> None:
    lebanon = TopicConfig(name="lebanon", subjects=["Lebanon", "Lebanese", "Beirut"])
    assert {v for _, _, v in figures([lebanon], text, "Lebanon after the ceasefire")} == expected


@pytest.mark.parametrize(
    "text",
    [
        "TRIPOLI -- Floods killed 400 people in Benghazi. About 170 more died elsewhere in the "
        "south.",
        "TRIPOLI -- Floods killed 400 people in Benghazi. About 170 more died in the south, "
        "while Egypt counted 20 dead.",
    ],
)
def test_a_part_of_the_land_by_its_compass_point_is_the_countrys(text: str) -> None:
    libya = TopicConfig(name="libya", subjects=["Libya", "Libyan"])
    assert {v for _, _, v in figures([libya], text, "Libya floods")} == {400, 170}


def test_a_storms_name_is_no_place_even_where_it_stands_alone() -> None:
    """ "Cyclone Mocha": Mocha names the storm, not the town in Yemen, in the headline too."""
    myanmar = TopicConfig(name="myanmar", subjects=["Myanmar", "Rakhine"])
    text = "YANGON -- State television said at least 54 people had been killed by Cyclone Mocha."
    assert figures([myanmar], text, "Mocha toll rises to 54") == {("myanmar", "killed", 54)}


# "Kensington" is a town in Britain, Australia and the United States: which country's
# figures a topic naming it takes is the one the story is set in.
TOWER = TopicConfig(name="tower-fire", subjects=["Hallam Tower", "Kensington"])
TOWER_IN_AUSTRALIA = TopicConfig(name="tower-au", subjects=["Kensington", "Australia"])
LONDON_FIRE = """Tower block fire kills nine in London

LONDON, June 3 -- Firefighters were still damping down the Hallam Tower in Kensington on \
Saturday afternoon.

Nine people died and 40 were taken to hospital, the fire brigade said."""
SYDNEY_FLOODS = """Floods kill 12 in Australia's east

SYDNEY, March 2 -- Floods have killed 12 people across the country, and 3,000 were evacuated \
from their homes, officials said."""


def test_a_town_name_several_countries_share_is_of_the_country_the_story_is_set_in() -> None:
    assert figures([TOWER], LONDON_FIRE) == {
        ("tower-fire", "killed", 9),
        ("tower-fire", "wounded", 40),
    }
    # a story set in another country with a Kensington, that names none, is not the topic's
    assert figures([TOWER], SYDNEY_FLOODS) == set()


def test_another_subject_says_which_country_a_shared_town_name_is_in() -> None:
    assert figures([TOWER_IN_AUSTRALIA], SYDNEY_FLOODS) == {
        ("tower-au", "killed", 12),
        ("tower-au", "evacuated", 3000),
    }
    assert figures([TOWER_IN_AUSTRALIA], LONDON_FIRE) == set()


def test_a_group_topic_naming_its_towns_takes_the_people_counted_there() -> None:
    siege = TopicConfig(name="siege", subjects=["Maute group", "Marawi", "Philippines"])
    text = (
        "MANILA, June 30 -- Fighting for Marawi entered its sixth week on Friday.\n\n"
        "Officials said 290 people had died in the conflict so far, and 40 people were "
        "wounded on Thursday alone."
    )
    assert figures([siege], text, "Siege of Marawi grinds on") == {
        ("siege", "killed", 290),
        ("siege", "wounded", 40),
    }
    # a force's topic naming only its own state and capital takes its force's losses only
    force = TopicConfig(name="force", subjects=["North Korean troops", "Pyongyang"])
    assert figures([force], text, "Siege of Marawi grinds on") == set()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In Marawi, 12 civilians were killed in the crossfire.", {("killed", 12)}),
        (
            "Eleven civilians and four soldiers were killed in Marawi on Sunday.",
            {("killed", 11), ("killed", 4)},
        ),
        (
            "The military said 38 soldiers and three police officers have died in Marawi, "
            "while 79 soldiers and five police officers have been wounded.",
            {("killed", 38), ("killed", 3), ("wounded", 79), ("wounded", 5)},
        ),
        (
            "Rescuers in Marawi said 20 residents were killed and 31 wounded by the shelling.",
            {("killed", 20), ("wounded", 31)},
        ),
    ],
)
def test_a_group_topic_naming_its_towns_takes_civilians_counted_there(
    sentence: str, expected: set[tuple[str, int]]
) -> None:
    """Civilians, residents and police are nobody's force, and still the people of a town
    the topic follows beside its force: counted there, they are the topic's."""
    siege = TopicConfig(name="siege", subjects=["Maute group", "Marawi", "Philippines"])
    got = figures([siege], sentence, "Siege of Marawi grinds on")
    assert got == {("siege", metric, value) for metric, value in expected}
    # a force's topic naming no town takes none of them
    force = TopicConfig(name="force", subjects=["Maute group"])
    assert figures([force], sentence, "Siege of Marawi grinds on") == set()


def test_where_visitors_come_from_is_not_where_they_were() -> None:
    """Foreigners counted in a place's toll are that place's: their nationality, or a list
    of the countries they came from, says who they were, not where it befell them."""
    peru = TopicConfig(name="peru", subjects=["Peru", "Cusco"])
    bolivia = TopicConfig(name="bolivia", subjects=["Bolivia"])
    title = "Bus plunge near Cusco kills 31"
    cases = [
        # a demonym before a noun for people away from home, the place in the clause
        ("LIMA, May 2 -- Nine Bolivian tourists were among those killed near Cusco.", 9),
        ("LIMA, May 2 -- Officials said four Chilean students died in Cusco.", 4),
        # a list of where they came from, after words of origin, through "the"
        (
            "LIMA, May 2 -- Twelve of the dead were foreigners, officials said, including "
            "visitors from Bolivia, Chile, the United States and Japan.",
            12,
        ),
        (
            "LIMA, May 2 -- Eleven foreign nationals were hurt. They came from six countries, "
            "among them Bolivia (3), Chile (2) and the United States (2).",
            11,
        ),
    ]
    for text, value in cases:
        found = figures([peru, bolivia], text, title)
        assert any(t == "peru" and v == value for t, _, v in found), text
    # a topic on the visitors' own country still takes them by their name
    text = "LIMA, May 2 -- Nine Bolivian tourists were among those killed near Cusco."
    assert ("bolivia", "killed", 9) in figures([peru, bolivia], text, title)
    # but a place the clause names elsewhere still competes
    text = "LIMA, May 2 -- Officials said four Chilean students died in Santiago last year."
    assert ("peru", "killed", 4) not in figures([peru], text, title)


def test_where_a_force_comes_from_is_whose_it_is() -> None:
    """Troops drawn from other countries are those countries' force, not a group topic's,
    though a list of origins is no total over them."""
    wagner = TopicConfig(name="wagner", subjects=["Wagner", "Russian mercenaries"])
    text = (
        "Wagner's hold on Mali\n\nThe UN mission's 13,000 troops, drawn from countries "
        "including Chad, Egypt and Senegal, are to leave. More than 300 peacekeepers died "
        "during its decade in Mali."
    )
    assert ("wagner", "killed", 300) not in figures([wagner], text)


def test_a_byline_under_the_headline_places_a_story_nothing_else_places() -> None:
    """The lines between the headline and the story (a byline naming where it was filed)
    say where its figures are when the headline and the story's opening do not; a lede
    naming a place still speaks first."""
    peru = TopicConfig(name="peru", subjects=["Peru", "Cusco"])
    text = (
        "Toll climbs to 61 as rescuers dig on\n\nBy a staff reporter | Cusco / Lima | "
        "Sunday, March 5, 2017\n\nThe number of bodies recovered rose to 61 on Saturday, "
        "the regional governor said."
    )
    assert ("peru", "killed", 61) in figures([peru], text)
    # the headline's own figure too
    text = text.replace("The number of bodies recovered rose to 61", "Another 12 are missing")
    assert ("peru", "killed", 61) in figures([peru], text)
    # a story whose first sentence names its place is read by it, before a byline abroad
    text = (
        "Toll climbs to 61 as rescuers dig on\n\nGeneva / Cusco, 5 March 2017\n\n"
        "Floods struck the south of Peru last week.\n\nMore than 61 people have died."
    )
    assert ("peru", "killed", 61) in figures([peru], text)


def test_a_total_over_several_provinces_is_no_one_provinces() -> None:
    """ "Across six states" is wider than one state: a topic on a state or its towns does
    not take it, a topic on the country does (from the sentence's own words or from its
    opening, past the dateline)."""
    state = TopicConfig(name="state", subjects=["Queensland", "Brisbane"])
    country = TopicConfig(name="country", subjects=["Australia"])
    title = "Floods swamp Queensland"
    for sentence in (
        "The death toll across four states passed 60 overnight.",
        "Counting all five states the storm struck, its toll stands at about 80.",
        "Floods have killed 45 people in several eastern states since March.",
        "The cyclone killed 61 people across the Southeast, by one count.",
        # (a total over all of the country)
        "Floods have killed 300 people across Australia this year.",
        "The floods have killed 120 people throughout Australia since March.",
        "Across Australia, 150 people have died in the floods since March.",
        # (the whole country, by words of its own)
        "Storms have killed 706 people nationwide since the season began.",
        "Nationally, the agency said the toll had reached 645.",
        "Across the country, 640 people have died since the rains began.",
        "The toll for the country as a whole stood at 650 on Monday.",
    ):
        text = f"BRISBANE, Australia, March 3 (wire) - {sentence}"
        found = figures([state, country], text, title)
        assert not any(t == "state" for t, _, _ in found), sentence
        assert any(t == "country" for t, _, _ in found), sentence
    # one state's own toll stays the state's
    text = "BRISBANE, Australia, March 3 (wire) - In Queensland, 32 people have died."
    assert ("state", "killed", 32) in figures([state, country], text, title)


@pytest.mark.parametrize(
    "sentence",
    [
        "State officials counted at least 104 people dead across six counties.",
        "The floods have killed 45 people in several districts since Friday.",
        "Counting all four counties the river crossed, the toll stands at 80.",
    ],
)
def test_a_total_over_several_counties_is_its_provinces_and_no_one_towns(sentence: str) -> None:
    """A state is made of counties: a total across several of them is the state's own, and
    still wider than any one county or town."""
    state = TopicConfig(name="state", subjects=["Texas"])
    county = TopicConfig(name="county", subjects=["Kerr County", "Kerrville"])
    text = f"KERRVILLE, Texas, July 7 (wire) - {sentence}"
    found = {t for t, _, _ in figures([state, county], text, "Floods sweep Texas")}
    assert found == {"state"}


def test_another_province_of_the_country_competes_wherever_it_stands() -> None:
    """A topic on one province does not take a figure whose sentence names another
    province of the same country, though the country, which is its too, is named nearer
    the number; a topic on that other province does."""
    kerala = TopicConfig(name="kerala", subjects=["Kerala", "Kochi"])
    assam = TopicConfig(name="assam", subjects=["Assam", "Guwahati"])
    text = (
        "Floods swamp the north-east\n\nAssam is facing its worst floods in decades, the "
        "chief minister said, with 57 people killed across the north-eastern Indian state."
    )
    found = figures([kerala, assam], text)
    assert ("assam", "killed", 57) in found
    assert not any(t == "kerala" for t, _, _ in found)


def test_a_province_telling_its_own_count_is_where_the_count_is() -> None:
    """ "Karnataka has reported 30 deaths": the province that tells a count, named before
    the counting verb, is where the counted people were, so a topic on another province
    of the country does not take it, though the headline and the sentence before speak
    of its own."""
    kerala = TopicConfig(name="kerala", subjects=["Kerala", "Kochi"])
    text = (
        "Kerala floods ease\n\nFloods in Kerala have killed 210 people since June. "
        "Karnataka has reported 30 deaths this week."
    )
    found = figures([kerala], text)
    assert ("kerala", "killed", 210) in found
    assert ("kerala", "killed", 30) not in found


def test_a_place_a_list_pairs_with_a_count_owns_that_count_only() -> None:
    """ "Kerala topped the list with 187 deaths, ahead of Uttar Pradesh with 171": each
    place a list pairs with a count ("X with N", "X (N)", "X: N") owns that count, and
    competes for no other of the sentence."""
    kerala = TopicConfig(name="kerala", subjects=["Kerala", "Kochi"])
    text = (
        "Monsoon toll by state\n\nThe ministry counted 774 deaths in seven states. "
        "Kerala topped the list with 187 deaths, ahead of Uttar Pradesh with 171, "
        "West Bengal with 170 and Maharashtra with 139."
    )
    found = figures([kerala], text)
    assert ("kerala", "killed", 187) in found
    assert not {("kerala", "killed", n) for n in (171, 170, 139)} & found


def test_a_group_of_its_own_noun_is_not_the_other_group_counted_before() -> None:
    """A count with a noun of its own ("673 militants had been killed") is not of the
    other group the sentence before counted ("holding 45 hostages"): a topic following
    the militants takes it."""
    maute = TopicConfig(name="maute", subjects=["Maute group", "Marawi"])
    text = (
        "Marawi siege drags on\n\nThe Maute group was still holding 45 hostages in "
        "Marawi, the army said.\n\nThe military said that 673 militants had been killed "
        "since May."
    )
    assert ("maute", "killed", 673) in figures([maute], text)


def test_a_town_of_the_province_its_towns_lie_in_is_no_other_place() -> None:
    """A topic on a province and its towns takes a figure of another town of that province
    (as the words around it say: one town's share), and not one of another province's
    town, though both are towns of the topic's country."""
    kerala = TopicConfig(name="kerala", subjects=["Kerala", "Thrissur", "Alappuzha"])
    text = (
        "Kerala floods: toll rises\n\nFloods in Kerala have killed 324 people since May. "
        "In Malappuram, 35 people have died. In Bengaluru, 12 people have died."
    )
    found = FigureExtractor([kerala]).extract(text)
    scopes = {(f.value, f.scope) for f in found if f.topic == "kerala"}
    assert (324, "cumulative") in scopes
    assert (35, "incident") in scopes
    assert not any(value == 12 for value, _ in scopes)
    helene = TopicConfig(name="helene", subjects=["North Carolina", "Asheville", "Buncombe County"])
    text = (
        "Helene toll in North Carolina reaches 95\n\nThe state now counts 95 deaths. "
        "Yancey County had nine confirmed deaths. Pinellas County had 12."
    )
    found = figures([helene], text)
    assert ("helene", "killed", 9) in found
    assert ("helene", "killed", 12) not in found


def test_a_topic_on_people_named_by_what_befell_them_takes_no_other_toll() -> None:
    """A topic whose subjects are all people named by what befell them ("hostages") takes a
    figure by the words around it only where its sentence, or the one before, tells of such
    people: a city's death toll in its story is not theirs."""
    hostages = TopicConfig(name="hostages", subjects=["hostages", "captives"])
    text = (
        "Army says 199 hostages held\n\nThe army said the families of 199 hostages had "
        "been informed. Officials said 155 of them were civilians.\n\nIn the city, the "
        "health ministry said 5,791 people had been killed by strikes."
    )
    found = figures([hostages], text)
    assert ("hostages", "captured", 199) in found
    assert ("hostages", "killed", 5791) not in found


def test_a_stretch_between_two_places_is_neither_ones_nor_a_total() -> None:
    """ "The border between Peru and Bolivia" places nothing: a figure placed in the same
    clause by its own words is that place's, and one placed nowhere else is no one's."""
    peru = TopicConfig(name="peru", subjects=["Peru", "Puno"])
    text = (
        "LIMA, May 2 (wire) - A strong quake shook the border between Peru and Bolivia on "
        "Sunday, killing at least 48 people in Peru's southern region of Puno."
    )
    assert ("peru", "killed", 48) in figures([peru], text)
    text = "A ferry sank between Peru and Bolivia on Lake Titicaca, and 30 people drowned."
    assert ("peru", "killed", 30) not in figures([peru], text)


def test_a_dateline_of_bureaus_in_several_countries_speaks_after_the_opening() -> None:
    """ "NEW YORK/BANGKOK, 8 May 2008 -" says where the reporters are: the story's first
    sentence places its figures first; a dateline of one country still speaks first."""
    peru = TopicConfig(name="peru", subjects=["Peru"])
    usa = TopicConfig(name="usa", subjects=["United States"])
    text = (
        "UN appeal grows\n\nNEW YORK/BOGOTA, 8 May 2008 - Floods have swept southern Peru "
        "this week.\n\nSome 2,980 people have died, the agency said."
    )
    found = figures([peru, usa], text)
    assert ("peru", "killed", 2980) in found
    assert ("usa", "killed", 2980) not in found
    text = (
        "UN appeal grows\n\nLIMA, Peru, 8 May 2008 - Floods have swept the south of a "
        "neighbouring country this week.\n\nSome 2,980 people have died, the agency said."
    )
    assert ("peru", "killed", 2980) in figures([peru, usa], text)


def test_a_roundup_headlines_first_story_is_the_story_under_it() -> None:
    """A roundup's headline tells one story after another: its first is the story its text
    opens with, and a later one, named by its place and its accident ("Telangana bus crash
    kills 45"), is that place's."""
    kerala = TopicConfig(name="kerala", subjects=["Kerala", "Kochi"])
    text = (
        "Kerala floods kill 491; Telangana bus crash kills 45\n\nFloods in Kerala have "
        "killed 491 people.\n\nThe state government said 12,000 people remain in camps."
    )
    assert figures([kerala], text) == {
        ("kerala", "killed", 491),
        ("kerala", "displaced", 12000),
    }
    pakistan = TopicConfig(name="pakistan", subjects=["Pakistan", "Muzaffarabad"])
    text = (
        "Asia roundup: Pakistan's quake toll passes 70,000; Delhi blast victims mourned\n\n"
        "ROUNDUP -- from our partner agencies.\n\nISLAMABAD -- Pakistan's toll rose again "
        'on Wednesday.\n\n"These figures are checked," the relief chief said, adding that '
        "they were compiled from the district administrations. He said about 3 million "
        "people remained homeless."
    )
    assert ("pakistan", "displaced", 3000000) in figures([pakistan], text)


def test_men_in_a_groups_story_are_that_group() -> None:
    """In a story about a group, "men" counted with no group of their own are the group's
    (the recruits, the soldiers), as a bare count is (the team's Q&A on Sri Lankans in
    Russia's army: "455 men recruited", "71 men were being treated for wounds")."""
    here = Path(__file__).parent / "chronologies"
    topic = next(
        t
        for t in json.loads((here / "topics.json").read_text())
        if t["name"] == "sri-lankans-russian-army-2024"
    )
    article = json.loads(
        (here / topic["name"] / "sl-2024-08-13-qa-five-pows.json").read_text(encoding="utf-8")
    )
    found = figures(
        [TopicConfig(**topic)], f"{article['title']}\n\n{article['text']}", article["title"]
    )
    assert {(topic["name"], "deployed", 455), (topic["name"], "wounded", 71)} <= found


KINGDOM = TopicConfig(name="kingdom", subjects=["Saudi Arabia"])
REPUBLIC = TopicConfig(name="republic", subjects=["Iran"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the state whose official name has the title, past a nearer state of another kind
        (
            "Iran said ten of its pilgrims died in Mecca. Authorities in the kingdom said "
            "717 pilgrims died in the crush.",
            {("republic", "killed", 10), ("kingdom", "killed", 717)},
        ),
        (
            "Pilgrims from Iran were among those hurt in Mecca. Across the kingdom, 1,200 "
            "people were injured in the storms, the health ministry said.",
            {("kingdom", "wounded", 1200)},
        ),
        # "the kingdom's", owning something
        (
            "Storms moved from Iran into Saudi Arabia on Sunday. The kingdom's civil defence "
            "said 14 people had died in flash floods.",
            {("kingdom", "killed", 14)},
        ),
        # a kingdom no topic names: no topic's, though a republic is nearer
        (
            "Flooding hit Morocco and Iran this week. In the kingdom, 30 people died.",
            set(),
        ),
        # "the country" still refers to the nearest country, whatever its title
        (
            "Iran said ten of its pilgrims died in Mecca. In the country, 717 pilgrims died.",
            {("republic", "killed", 10), ("republic", "killed", 717)},
        ),
    ],
)
def test_the_kingdom_refers_to_a_state_whose_official_name_says_so(
    text: str, expected: set
) -> None:
    assert figures([KINGDOM, REPUBLIC], text) == expected


def test_a_group_among_a_count_takes_its_part_not_the_whole() -> None:
    """ "Two Varnians were among the 150 killed": the two are the Varnians', the 150 of
    every people aboard, no group topic's, but still the place's."""
    varnians = FigureExtractor(
        [
            TopicConfig(name="varnians", subjects=["Varnian", "Varnians"]),
            TopicConfig(name="mexico", subjects=["Mexico"]),
        ]
    )
    found = varnians.extract("Two Varnians were among the 150 people killed in Mexico.")
    assert sorted((f.topic, f.value) for f in found if f.topic) == [
        ("mexico", 150),
        ("varnians", 2),
    ]


PUNE = TopicConfig(name="pune", subjects=["Pune"])
PUNE_AND_SATARA = TopicConfig(name="pune-satara", subjects=["Pune", "Satara"])
INDIA_ONLY = TopicConfig(name="india", subjects=["India"])


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a total over several towns listed: a topic naming every one takes it, and one
        # naming their country; a topic on one of them does not
        ("Floods killed 30 people in Pune, Nashik and Satara.", {"india"}),
        ("Thirty people died in Pune, Satara or Nashik districts.", {"india"}),
        ("Floods killed 30 people in Pune and Satara.", {"india", "pune-satara"}),
        ("In Pune and Satara, 30 people have died since Monday.", {"india", "pune-satara"}),
        # one town, or a town and its province, is not a list
        ("Floods killed 30 people in Pune.", {"india", "pune", "pune-satara"}),
        ("Floods killed 30 people in Pune, Maharashtra.", {"india", "pune", "pune-satara"}),
    ],
)
def test_a_total_over_listed_towns_is_a_topics_that_names_them_all(
    sentence: str, expected: set[str]
) -> None:
    found = FigureExtractor([PUNE, PUNE_AND_SATARA, INDIA_ONLY]).extract(sentence)
    assert {f.topic for f in found if f.topic} == expected


NEPAL_TOWNS = TopicConfig(name="nepal", subjects=["Nepal", "Pokhara", "Kathmandu"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "the capital" of the country named nearest before it, not a city named earlier
        (
            "Relief reached the people of Pokhara and Kathmandu on Monday.\n\nIn neighbouring "
            "India, city authorities said 22 people had been killed and 35 injured in the "
            "capital.",
            set(),
        ),
        (
            "Relief reached Delhi on Monday.\n\nIn Nepal, officials said 22 people had been "
            "killed and 35 injured in the capital.",
            {("nepal", "killed", 22), ("nepal", "wounded", 35)},
        ),
    ],
)
def test_the_capital_is_the_capital_of_the_country_named(text: str, expected: set) -> None:
    assert figures([NEPAL_TOWNS], text, "Quake aid reaches Nepal") == expected


SINDH = TopicConfig(name="sindh", subjects=["Sindh"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a province named with its country's name competes ("India's Gujarat")
        ("Officials in India's Gujarat said nine drowned. The state's toll is now 71.", set()),
        ("In India's Gujarat, officials said the state's toll had reached 71.", set()),
        ("Officials said nine people drowned in the province.", {("sindh", "killed", 9)}),
    ],
)
def test_a_province_named_with_its_countrys_name_is_another_place(text: str, expected: set) -> None:
    assert figures([SINDH], text, "Sindh floods worsen") == expected


REDDING = TopicConfig(name="redding", subjects=["Redding", "Shasta County"])
CALIFORNIA = TopicConfig(name="california", subjects=["California"])


@pytest.mark.parametrize(
    "sentence",
    [
        "Statewide, 44 people have now died in this year's fires.",
        "Fires have killed 44 people statewide this year.",
        "Across the state, 44 people have died in fires this year.",
        "That brings the state-wide toll for the season to 44.",
    ],
)
def test_a_total_over_the_whole_state_is_the_states_not_a_towns(sentence: str) -> None:
    extractor = FigureExtractor([REDDING, CALIFORNIA])
    headline = "Fire near Redding forces thousands to flee\n\n"
    in_town = extractor.extract(f"{headline}Crews fought the fire near Redding. {sentence}")
    assert ("redding", 44) not in {(f.topic, f.value) for f in in_town}
    in_state = extractor.extract(f"{headline}Crews fought fires across California. {sentence}")
    assert {(f.topic, f.value) for f in in_state if f.topic} == {("california", 44)}


RIDGE_FIRE = TopicConfig(name="ridge-fire", subjects=["Ridge Fire", "Paradise"])
NORTHERN_CALIFORNIA = TopicConfig(name="north", subjects=["Paradise"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # another event by its name in the figure's clause is another story's, for a
        # topic that follows an event by its name
        ("Three more people died in the Canyon Fire, for a toll of 12.", set()),
        ("The Canyon Fire has killed 12 people, officials said.", set()),
        ("Hurricane Vela killed 12 people on the coast.", set()),
        # ... the topic's own event, or an event named further off, is not
        ("The Ridge Fire has killed 12 people, officials said.", {("ridge-fire", "killed", 12)}),
        (
            "The Canyon Fire burned 300 homes. Crews said 12 people had died.",
            {("ridge-fire", "killed", 12)},
        ),
    ],
)
def test_another_event_by_its_name_is_another_storys(text: str, expected: set) -> None:
    assert figures([RIDGE_FIRE], text, "Ridge Fire toll rises in Paradise") == expected


def test_an_events_name_says_nothing_to_a_topic_on_places_only() -> None:
    text = "The Canyon Fire has killed 12 people, officials said."
    found = figures([RIDGE_FIRE, NORTHERN_CALIFORNIA], text, "Fire toll rises in Paradise")
    assert found == {("north", "killed", 12)}


PINES = TopicConfig(name="pines", subjects=["California", "Redding"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the headline names the story's event: another named in the clause is another's
        ("Three more people died in the Canyon Fire in southern California.", set()),
        # ... the story's own, named in full, is not
        ("The Ridge Fire has killed 12 people, officials said.", {("pines", "killed", 12)}),
        # ... nor another event named as what the figure is measured against
        (
            "The fire has killed 12 people near Redding, the most since the Canyon Fire.",
            {("pines", "killed", 12)},
        ),
    ],
)
def test_an_event_other_than_the_one_the_headline_names_is_another_storys(
    text: str, expected: set
) -> None:
    assert figures([PINES], text, "Ridge Fire toll rises near Redding") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nationally, 135 people have died. Seventy-five of them were in Rangpur division, 43 "
        "in Khulna and 16 in Sylhet.",
        "Officials said 43 people had died in Khulna division.",
    ],
)
def test_a_place_named_with_its_divisions_word_is_a_place_not_a_force(text: str) -> None:
    """ "Rangpur division" is one of Bangladesh's divisions, not an army's: a topic naming
    it follows the place, and another division's count is not its."""
    rangpur = TopicConfig(name="rangpur", subjects=["Rangpur", "Rangpur division"])
    found = figures(
        [rangpur], f"The toll in Rangpur division has risen to 75. {text}", "Rangpur floods"
    )
    assert found == {("rangpur", "killed", 75)}

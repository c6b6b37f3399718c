"""Figures of an earlier time are no topic's: "In 2008, Cyclone Nargis killed 138,000".
Sentences written for these tests."""

from __future__ import annotations

import pytest

from tallywatch.config.schema import TopicConfig
from tallywatch.extract.figures import FigureExtractor

STORY = TopicConfig(
    name="story", subjects=["Myanmar", "Sudan", "Greece", "Morocco", "Peru", "Mexico", "Haiti"]
)
NK = TopicConfig(name="nk", subjects=["North Korean", "North Korea"])
EXTRACTOR = FigureExtractor([STORY, NK])


def taken(text: str, published: str | None = None) -> list[int]:
    """The values of the figures a topic takes."""
    return [f.value for f in EXTRACTOR.extract(text, published=published) if f.topic]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # an opening date dates the sentence
        ("In 2008, Cyclone Nargis killed 138,000 people in Myanmar.", None, []),
        # the sentence before names the year of the event "that war" refers back to
        (
            "Comparisons with 2010 come easily. That quake killed about 220,000 people in Haiti.",
            "2021-08-20",
            [],
        ),
        (
            "The quake struck in August 2021. That quake killed 2,200 people in Haiti.",
            "2021-08-20",
            [2200],
        ),
        # the date of the noun an "of" phrase tells of dates what "which" hangs on
        (
            "The crash is now the deadliest in Mexico, surpassing the April 2002 crash of a "
            "cargo jet into a hillside near the port, which killed 129 people.",
            "2024-12-29",
            [],
        ),
        # seasons ago are before
        ("In Mexico two summers ago, 40 people died in floods.", "2023-10-28", []),
        ("Three winters ago, 25 people in Peru froze to death.", "2023-10-28", []),
        # a page without a date of its own is of its dateline's date, year included
        (
            "Quake toll rises\n\nMARRAKECH, Morocco, 10 September 2023 (Agency) -- The "
            "September 2023 quake has killed at least 2,122 people in Morocco.",
            None,
            [2122],
        ),
        (
            "Quake toll rises\n\nMARRAKECH, Sept. 10, 2023 -- In 2004, a quake killed 628 "
            "people in Morocco.",
            None,
            [],
        ),
        # a question of its own line on a year before dates the answer that opens after it
        (
            "Quake explainer\n\nHow does this compare with 2010?\n"
            "The so-called quake of the century killed 220,000 people in Haiti.",
            "2021-08-16",
            [],
        ),
        ("What happened in 2010?\nA quake killed 220,000 people in Haiti.", None, []),
        # "at the time" of an event the sentence before dated
        (
            "Residents recall Hurricane Pauline, which in 1997 sent mud through the port. "
            "Official counts at the time put its death toll in Mexico at more than 200.",
            "2023-10-28",
            [],
        ),
        (
            "The storm struck the port on Wednesday. At the time, officials said 27 people "
            "had died in Mexico.",
            "2023-10-28",
            [27],
        ),
        # ... not one on this year, nor a question inside a paragraph
        (
            "How many have died so far in 2021?\nThe quake has killed 2,200 people in Haiti.",
            "2021-08-16",
            [2200],
        ),
        (
            "Why compare it with 2010? The quake has killed 2,200 people in Haiti.",
            "2021-08-16",
            [2200],
        ),
        ("Late last year, floods killed 170 people across Sudan.", None, []),
        # ... and so does a time phrase after, before or following a dated event
        (
            "After the 2011 disaster in the north of the country, some 3,800 people died "
            "in Myanmar in the years that followed.",
            "2024-12-17",
            [],
        ),
        ("After the storm on Monday, some 3,800 people died in Myanmar.", "2024-12-17", [3800]),
        # a "whose" or "which" part hung on a dated event the sentence compares with
        (
            "The quake is the deadliest in Mexico since the Puebla earthquake of 2017, whose "
            "final toll of 370 includes people who died of their injuries.",
            "2024-12-17",
            [],
        ),
        (
            "The toll in Mexico has risen to 126 since the quake, whose epicentre was near "
            "the coast.",
            "2024-12-17",
            [126],
        ),
        # a date in the figure's own words, or a thing of that year
        ("Wildfires in July 2018 killed 104 people in Greece.", None, []),
        ("The 2004 earthquake, which killed nearly 600 people, hit Morocco.", None, []),
        ("Floods in the early 2000s displaced 40,000 people in Sudan.", None, []),
        # a participle takes the date of the clause before it
        (
            "The fire swept through Mati in Greece in July 2018, killing 104 people.",
            None,
            [],
        ),
        ("The fire swept through Mati in Greece on Sunday, killing 14 people.", None, [14]),
        # a full date, its day and year apart by a comma
        ("The quake of September 19, 1985 killed at least 5,000 people in Mexico.", None, []),
        (
            "The storm of Oct. 3, 2016 left 546 people dead in Haiti.",
            "2024-05-02",
            [],
        ),
        # a clause joined by "and" to a dated one is of its time, told in the past
        (
            "In Greece, a ferry sank off Crete in March 2001, and 59 people died.",
            "2018-08-20",
            [],
        ),
        (
            "A ferry sank off Crete in March 2018, and 59 people have died in Greece since.",
            "2018-08-20",
            [59],
        ),
        (
            "In Sudan, floods hit the north in 2023, and 300,000 people are now displaced.",
            "2024-05-02",
            [300000],
        ),
        (
            "In Sudan, floods hit the north in 2023, and 300,000 people were displaced.",
            "2024-05-02",
            [],
        ),
        # the verb of the event "since" names, its date after it
        (
            "It is the deadliest eruption in Peru since Merapi killed 353 people in 2010.",
            "2024-05-02",
            [],
        ),
        (
            "Since the war in Sudan began in 2023, 15,000 people have been killed.",
            "2024-05-02",
            [15000],
        ),
        # the words after a colon ending a "when" part tell what it did, and take its date
        (
            "It is the worst fire in Peru since 2019, when two blazes shocked the country: 61 "
            "people died in Lima and 40 in Cusco.",
            "2024-05-02",
            [],
        ),
        (
            "It is the worst fire in Peru since May, when two blazes shocked the country: 61 "
            "people have died in Lima.",
            "2024-05-02",
            [61],
        ),
        # ... past a "which" or "where" part hanging on that clause
        (
            "In May 2019 a dam burst above a valley in Peru, which had been warned, and the "
            "flood that followed killed 240 people.",
            "2024-05-02",
            [],
        ),
        (
            "In 2016 a tanker caught fire in Haiti, where crowds gathered to watch, and 61 "
            "people died.",
            "2024-05-02",
            [],
        ),
        (
            "In May 2024 a dam burst above a valley in Peru, which had been warned, and 240 "
            "people have died since.",
            "2024-05-02",
            [240],
        ),
        # a war named by how long it lasted is over: what it did, told in the past, too
        (
            "During Sudan's 22-year civil war, which killed some two million people, the "
            "south was cut off.",
            None,
            [],
        ),
        ("Peru's 20-year insurgency killed 69,000 people.", None, []),
        ("Sudan's two-year war has killed at least 15,000 people.", None, [15000]),
        # ... and so is a war told as ended
        (
            "The rebels took the capital of Sudan in December, ending a civil war that had "
            "killed more than half a million people since 2011.",
            "2025-03-07",
            [],
        ),
        ("The civil war in Sudan has killed more than 150,000 people.", "2025-03-07", [150000]),
        # a sentence opening on the event the one before dated
        (
            "Sudan has been at war since a conflict that ended in a truce in 2005. That "
            "conflict killed some 40,000 people in Sudan.",
            "2024-05-02",
            [],
        ),
        (
            "A quake struck Peru on Monday. That quake killed 40 people in Peru.",
            "2024-05-02",
            [40],
        ),
        (
            "Fighting in Sudan began in April 2023. That war has killed 15,000 people.",
            "2024-05-02",
            [15000],
        ),
        # a name between the year and the thing, a label before the sentence
        ("The 1960 Agadir quake killed more than 12,000 people in Morocco.", None, []),
        # a start date dates a count told in the past tense, not one still running
        ("The war in Sudan that began in 2003 killed an estimated 300,000 people.", None, []),
        (
            "The war in Sudan, which began in April 2023, has killed 15,000 people.",
            "2024-05-02",
            [15000],
        ),
        (
            "The Darfur conflict that began in 2003 displaced 2.5 million people in Sudan, and "
            "killed some 300,000.",
            None,
            [],
        ),
        # an earlier episode of the same kind
        (
            "Sudan already hosts 400,000 people who fled earlier waves of violence.",
            "2024-05-02",
            [],
        ),
        ("About 5,000 people fled Sudan earlier this month.", "2024-05-02", [5000]),
        (
            "Morocco's worst was the 1960 Agadir Bay earthquake, which killed 12,000 people.",
            None,
            [],
        ),
        ("* EARLIER QUAKES: In 2004, a quake killed 628 people in Morocco.", None, []),
        ("* DEATH TOLL: The quake has killed 2,012 people in Morocco.", None, [2012]),
        # a date in an aside on the subject dates the verb after it
        ("The last big quake, in June 2022, killed more than 1,000 people in Morocco.", None, []),
        ("Myanmar's worst storm, which hit in May 2008, killed 138,000 people.", None, []),
        ("The war in Sudan, which began in 2023, has killed 15,000 people.", "2024-05-02", [15000]),
        ("The quake in Morocco, which struck on Friday, has killed 2,000 people.", None, [2000]),
        # ... and on the thing a place phrase before it tells of
        (
            "The toll nears that of the 1976 tsunami in the south of Sudan, which left 5,000 "
            "people dead.",
            "2013-12-13",
            [],
        ),
        (
            "Rains worsened the cholera outbreak in the south of Sudan, which has killed 300 "
            "people.",
            "2013-12-13",
            [300],
        ),
        # ... past an apposition that opens with an adverb or a number
        (
            "Elders in Sudan recall the 1988 floods, barely 50 km upriver, which killed 2,000 "
            "people.",
            "2024-09-01",
            [],
        ),
        (
            "The toll is twice that of the 2004 quake, 300 km to the west, which killed 628 "
            "people in Morocco.",
            "2024-09-01",
            [],
        ),
        # ... past a town's region set after it
        (
            "The toll is higher than that of the 2018 floods in Kassala, Sudan, which killed 480 "
            "people.",
            "2024-09-01",
            [],
        ),
        (
            "The rains worsened the cholera outbreak in Kassala, Sudan, which has killed 300 "
            "people.",
            "2024-09-01",
            [300],
        ),
        # a "which" hangs on the dated thing before it, past a preposition
        (
            "The flood was Sudan's worst since the 1988 deluge, in which some 2,000 people died.",
            "2024-09-01",
            [],
        ),
        (
            "Officials compared the quake in Greece to the 1999 disaster, during which "
            "143 people were killed.",
            "2024-09-01",
            [],
        ),
        # a time told against a later one
        (
            "Four years before this flood, a dam collapse in Sudan killed 19 people.",
            "2024-09-01",
            [],
        ),
        ("A decade earlier, floods in Sudan killed 900 people.", "2024-09-01", []),
        ("The toll in Sudan rose to 58, two days after the dam burst.", "2024-09-01", [58]),
        # ... past an "of" phrase and a place after the dated noun
        (
            "It was Sudan's worst attack since the 2004 siege of the market in Nyala, in which "
            "334 people died.",
            "2024-09-01",
            [],
        ),
        (
            "The blast was the deadliest since the 1998 bombing of the embassy in Khartoum, "
            "where 130 people died.",
            "2024-09-01",
            [],
        ),
        (
            "The floods hit the 2024 capital of Sudan's Darfur region, where 130 people died.",
            "2024-09-01",
            [130],
        ),
        (
            "The war in Sudan, which erupted in Khartoum in April last year, has killed 15,000 "
            "people.",
            "2024-05-02",
            [15000],
        ),
        # a year named before, told again
        (
            "Sudan's floods of 2020 were worse. That year's floods killed 150 people in Sudan.",
            "2024-09-01",
            [],
        ),
        ("Greece burned in 2018; fires killed 104 people there that year.", "2024-09-01", []),
        # a verb opening its part after an apposition on the subject
        (
            "The worst in living memory, the 1999 earthquake in Greece, left 143 people dead.",
            "2024-09-01",
            [],
        ),
        # a start of a count still running is no past; a "when" hanging on it is
        ("Since 2017, the insurgency in Sudan has killed more than 3,100 people.", None, [3100]),
        ("The war in Sudan, which erupted in April 2023, has killed 15,000 people.", None, [15000]),
        ("Officials say 3,002 people have died in Sudan since October last year.", None, [3002]),
        # ... but an event dated after "since" whose own verb tells the figure is of then
        (
            "It is the deadliest storm in Myanmar since a cyclone in 2008 killed 138,000 people.",
            "2024-05-02",
            [],
        ),
        (
            "Since a cyclone in 2008 killed 138,000, Myanmar has built 300 shelters; this storm "
            "has killed 40 people there.",
            "2024-05-02",
            [40],
        ),
        # ... or by a participle on an event dated after "since"
        (
            "It is the worst disaster in Peru since a ferry sank in April 2014, killing 304 "
            "people.",
            "2024-05-02",
            [],
        ),
        (
            "Fighting in Sudan has raged since April 2023, killing 15,000 people.",
            "2024-05-02",
            [15000],
        ),
        # a "when" on a start date, past an apposition, dates what it tells
        (
            "The quake was the strongest in Peru since May 1970, when a quake near Yungay, "
            "the deadliest on record, killed about 70,000 people.",
            "2024-05-02",
            [],
        ),
        (
            "Since 2017, when the insurgency began, the fighting in Sudan has killed 3,100 people.",
            "2024-05-02",
            [3100],
        ),
        # a "when" standing for the year itself
        (
            "We are told to be grateful the toll in Sudan was not like 1982, when 17,800 died.",
            "2024-05-02",
            [],
        ),
        # ... as is one from an event dated after "since"
        (
            "At least 15,000 people have been killed in Sudan since the war began in April 2023.",
            "2024-05-02",
            [15000],
        ),
        (
            "Some 12,000 civilians have died in Sudan since the army's offensive in March 2023.",
            "2024-05-02",
            [12000],
        ),
        (
            "More than 9,000 people have fled Greece's islands since fires broke out there on "
            "August 3, 2023.",
            "2024-05-02",
            [9000],
        ),
        (
            "North Korea has lost 4,000 soldiers since its troops arrived in 2024.",
            "2025-03-01",
            [4000],
        ),
        (
            "The toll of 300 is Morocco's highest since 1960, when 12,000 people died.",
            None,
            [300],
        ),
        # a later clause has its own time
        (
            "Cyclone Nargis killed 138,000 people in Myanmar in 2008, and this week's storm "
            "has killed 50.",
            None,
            [50],
        ),
        (
            "The storm has killed 50 people in Myanmar, the most since a 2008 cyclone killed "
            "138,000.",
            None,
            [50],
        ),
        # the article's own year is no past
        ("In 2024 alone, fighting in Sudan displaced 1.2 million people.", "2024-05-01", [1200000]),
        ("In 2023, fighting in Sudan displaced 1.2 million people.", "2024-05-01", []),
        # without a date every dated year is earlier, but for the year to date
        ("In 2022, fighting in Sudan displaced 9,000 people.", None, []),
        ("In 2024 alone, fighting in Sudan displaced 1.2 million people.", None, [1200000]),
        ("So far in 2024, fighting in Sudan has displaced 1.2 million people.", None, [1200000]),
        # a count up to an end, or over a span, is a running total
        ("The war in Sudan had killed 377,000 people by the end of 2021.", "2022-03-01", [377000]),
        (
            "Strikes killed or injured 19,000 civilians in Sudan between March 2015 and the "
            "truce of April 2022.",
            "2024-03-01",
            [19000],
        ),
        # a date in the counted noun phrase dates the people, not the count
        (
            "About 4,000 of the North Korean soldiers sent last year had been killed or wounded.",
            None,
            [4000],
        ),
        # a force sent in an earlier year is still there
        ("North Korea sent 11,000 troops to Russia in 2024.", "2025-03-01", [11000]),
        # ... but the force a state had then is the force of then
        (
            "At its height in 2014, the mission in Sudan had 5,100 soldiers in the region.",
            "2024-03-01",
            [],
        ),
        ("North Korea has 11,000 troops in Russia.", "2025-03-01", [11000]),
        # "last September": the year before in May, this year in November; unknown undated
        ("A cyclone last September killed 54 people in Sudan.", "2024-05-10", []),
        ("A cyclone last September killed 54 people in Sudan.", "2024-11-10", [54]),
        # "in August": the year before when later than the article's month, else this year
        ("In August, a boat capsized off Greece and 41 people died.", "2024-04-10", []),
        ("In August, a boat capsized off Greece and 41 people died.", "2024-09-10", [41]),
        ("In early April, floods killed 41 people in Sudan.", "2024-04-20", [41]),
        ("Since August, floods have killed 410 people in Sudan.", "2024-04-10", [410]),
        (
            "More than 850,000 people have fled Sudan since the fighting began in October.",
            "2024-06-22",
            [850000],
        ),
        ("A cyclone last September killed 54 people in Sudan.", None, [54]),
        ("Since last September, floods in Sudan have killed 154 people.", "2024-05-10", [154]),
        # a thing of a span of years, or named after its year
        ("The 1997-98 El Niño killed about 360 people in Peru.", "2017-03-15", []),
        (
            "The rains are the heaviest since the 1997 El Niño, which killed about 360 people "
            "in Peru.",
            "2017-03-15",
            [],
        ),
        ("The 2017 floods have killed 62 people in Peru.", "2017-03-15", [62]),
        # a short time phrase just before the figure's part frames it
        (
            "The last time Sudan was at the centre of a war, in the 2003-2008 conflict in "
            "Darfur, an estimated 300,000 people were killed.",
            "2024-05-02",
            [],
        ),
        (
            "The rains that hit Sudan this week, in the worst floods in memory, killed 80 people.",
            "2024-05-02",
            [80],
        ),
        # a force sent over years that ended before is the force of then
        (
            "Havana sent more than 50,000 North Korean advisers to Africa between 1975 and 1991.",
            "2024-05-02",
            [],
        ),
        (
            "Pyongyang has sent 11,000 North Korean troops to Russia since 2024.",
            "2024-12-02",
            [11000],
        ),
        # ... and so does a clause of time ("When ..."), of up to a dozen words
        (
            "When the long rains of 2019 flooded the south of Peru, the Red Cross counted "
            "186 deaths.",
            "2024-05-02",
            [],
        ),
        (
            "When the tsunami struck the coast in December 2004, the government reported 61 "
            "deaths in Myanmar.",
            None,
            [],
        ),
        (
            "When the rains came on Monday night, the Red Cross counted 186 deaths in Peru.",
            "2024-05-02",
            [186],
        ),
        # a short closing phrase telling what the count is of dates it
        (
            "The worst toll in the records of Peru is 171, from floods in February 1988.",
            "2024-05-02",
            [],
        ),
        ("The toll in Peru is 171, from floods in the hills.", "2024-05-02", [171]),
        # a longer opening phrase of place and time, "at" or "on" as well as "in"
        (
            "Peru mourns\n\nAt the national stadium in the capital in 1964, 328 people died "
            "in a crush.",
            "2024-05-02",
            [],
        ),
        ("Peru mourns\n\nOn Sunday night, 128 people died in Peru.", "2024-05-02", [128]),
    ],
)
def test_figures_dated_before_the_article(
    text: str, published: str | None, expected: list[int]
) -> None:
    assert taken(text, published) == expected


def test_an_open_topic_still_takes_a_dated_figure() -> None:
    every = FigureExtractor([TopicConfig(name="all", subjects=[])])
    found = every.extract("In 2008, Cyclone Nargis killed 138,000 people in Myanmar.")
    assert [(f.topic, f.value) for f in found] == [("all", 138000)]


def test_a_place_of_another_time_is_not_where_a_figure_is() -> None:
    """A place in a part of the sentence dated before the article ("since the gas leak at
    Bhopal in India in 1984") does not compete with the story's own, in the figure's
    sentence or as context for the next; the story's headline and first sentence, of
    whatever time, still say what it is about."""
    bangladesh = FigureExtractor([TopicConfig(name="bd", subjects=["Bangladesh", "Savar"])])
    text = (
        "SAVAR, Bangladesh -- Rescuers worked through the night.\n\n"
        "The death toll reached 1,045 by Friday, making the collapse the deadliest industrial "
        "disaster since the gas leak at Bhopal in India in 1984. The count had stood at 1,021 "
        "in the morning."
    )
    assert [(f.topic, f.value) for f in bangladesh.extract(text, published="2013-05-10")] == [
        ("bd", 1045),
        ("bd", 1021),
    ]
    libya = FigureExtractor([TopicConfig(name="ly", subjects=["Libya", "Libyan"])])
    text = (
        "MELILLI, Sicily -- The wreck of the boat that sank off Libya in April 2015 has been "
        "emptied.\n\nDivers said the remains of 458 people had been taken from inside it."
    )
    assert [(f.topic, f.value) for f in libya.extract(text, published="2016-07-14")] == [
        ("ly", 458)
    ]


def test_a_place_standing_for_another_time_says_nothing_of_where() -> None:
    """ "Weeks after Tempi, ... died in Seoul": the place the time is counted from is the
    story's, but the figure is where its own words put it."""
    greece = FigureExtractor([TopicConfig(name="gr", subjects=["Tempi", "Greece"])])
    text = (
        "Tempi one year on\n\nFour weeks after Tempi, 159 people died in a crowd crush in "
        "Seoul. At Tempi itself, 57 people had died."
    )
    found = greece.extract(text, published="2024-02-28")
    assert [f.value for f in found if f.topic == "gr"] == [57]

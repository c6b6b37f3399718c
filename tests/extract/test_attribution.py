"""Attribution, one table per pattern family: who a figure is attributed to, with
sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.types import ExtractedFigure

One = Callable[[FigureExtractor, str], ExtractedFigure]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to the Defence Ministry, 400 soldiers were killed.", "the Defence Ministry"),
        # a city or a secretariat tells as any office does
        ("Three more bodies were recovered on Tuesday, the city said.", "the city"),
        ("By nightfall the secretariat said 62 people were missing.", "the secretariat"),
        # what "claimed" lives is no teller
        ("The July landslide in the Varn valley claimed 27 lives.", None),
        ("The Red Cross claimed 27 people had died.", "The Red Cross"),
        ("400 soldiers were killed, according to the Defence Ministry.", "the Defence Ministry"),
        ("The Defence Ministry said 400 soldiers were killed.", "The Defence Ministry"),
        ("400 soldiers were killed, General Anna Berg told reporters.", "General Anna Berg"),
        ("400 soldiers were killed, said the regional governor.", "the regional governor"),
        # a body's own count, right before the number, whoever tells of it
        (
            "The ministry said the UN had replaced it with a WHO count of 400 soldiers killed.",
            "WHO",
        ),
        ("Officials said the March count of 400 soldiers killed was low.", "Officials"),
        (
            "Officials cited the coast guard's working estimate of up to 400 soldiers killed.",
            "the coast guard",
        ),
        ("In March the government spoke of 400 soldiers killed.", "the government"),
        # what a source did, or when its document came out, is no part of it
        (
            "The United Nations has kept to a verified count of 400 soldiers killed.",
            "The United Nations",
        ),
        (
            "The Red Cross has long relied on a verified count of 400 soldiers killed.",
            "The Red Cross",
        ),
        # a time after the source is no part of it
        (
            "According to the Defence Ministry on Monday, 400 soldiers were killed.",
            "the Defence Ministry",
        ),
        (
            "The figure was released by the Defence Ministry on Monday: 400 soldiers were killed.",
            "the Defence Ministry",
        ),
        (
            "On Friday, the Defence Ministry estimated that 400 soldiers were killed.",
            "the Defence Ministry",
        ),
        (
            "Senator Tom Reyes, citing military intelligence, said 400 soldiers were killed.",
            "Senator Tom Reyes",
        ),
        (
            "The Defence Ministry briefed reporters on Monday. It said 400 soldiers were killed.",
            "The Defence Ministry",
        ),
        (
            "Colonel Ada Marsh briefed reporters on Monday. 400 soldiers were killed, she said.",
            "Colonel Ada Marsh",
        ),
        # an aside between the source and its verb
        (
            "The Defence Ministry, speaking through a spokesman on Monday, said 260 soldiers "
            "were killed.",
            "The Defence Ministry",
        ),
        (
            "The Defence Ministry, in a statement, said 260 soldiers were killed.",
            "The Defence Ministry",
        ),
        (
            "The border agency, known as the BGS, has given a new figure, saying 260 soldiers "
            "were killed.",
            "The border agency",
        ),
        # a second verb shares the first one's source
        (
            "The ministry confirmed that rebels had captured 40 soldiers near the pass and said "
            "talks were under way.",
            "The ministry",
        ),
        # a source named without a verb
        (
            "The latest figures from the Interior Ministry show 4,100 people displaced.",
            "the Interior Ministry",
        ),
        (
            "A Red Cross estimate this week put the number of evacuated people at 2,900.",
            "Red Cross",
        ),
        # a reporting word that is a noun here, or denied, names no source
        ("The reports were compiled before 350 soldiers were killed.", None),
        ("The army has not said how many died, but 70 soldiers were wounded.", None),
        ("Neither side has published figures, but 300 soldiers were killed.", None),
        ("Western states have sent 5,000 troops, officials said.", "officials"),
        ("The monitoring group says about 800 soldiers have been killed.", "The monitoring group"),
        (
            "The group's estimates of 800 soldiers killed were disputed, Lena Ortiz said.",
            "Lena Ortiz",
        ),
        # the body behind released figures; a first name that is also a month's short name
        (
            "At least 300 soldiers were killed, according to figures released by the ministry.",
            "the ministry",
        ),
        (
            "According to figures released on Saturday by the civil defence office, 81 "
            "soldiers have been reported dead.",
            "the civil defence office",
        ),
        (
            "According to information received from the coordination centre, 994 soldiers "
            "were injured.",
            "the coordination centre",
        ),
        ("Some 300 soldiers were killed, said Jan Berg, head of the council.", "Jan Berg"),
        ("On Jan. 5, the ministry said 300 soldiers were killed.", "the ministry"),
        # a time of day before the teller is when, not who
        ("By nightfall the government said 300 soldiers were dead.", "the government"),
        ("At dawn the police said 40 soldiers had been killed.", "the police"),
        # a report set between the counted people and their verb
        ("At least 40 soldiers, officials said, were killed in the raid.", "officials"),
        ("Some 300 soldiers, the ministry said on Monday, have been wounded.", "the ministry"),
        (
            "About 90 soldiers, Colonel Ada Marsh told reporters, were captured.",
            "Colonel Ada Marsh",
        ),
        # a relative clause without "that": its subject is who reports
        ("Seven soldiers were killed, the worst losses the army has admitted.", "the army"),
        ("Two soldiers were captured, the first prisoners Ukraine has reported.", "Ukraine"),
        (
            "Nine soldiers died, the only deaths a ministry spokesman confirmed.",
            "a ministry spokesman",
        ),
        # the time of the report is not its source's; a plural noun before it opens no phrase
        ("Defence officials on Monday said 40 soldiers were killed.", "Defence officials"),
        ("Defence officials Monday said 40 soldiers were killed.", "Defence officials"),
        ("Officials yesterday said 40 soldiers were killed.", "Officials"),
        ("Prime Minister Theresa May said 40 soldiers were killed.", "Prime Minister Theresa May"),
        ("Aid agencies Oxfam and Care said 4,000 people had fled.", "Oxfam and Care"),
        # who owns the count that gives the figure
        ("The coast guard's latest tally stands at 312 dead.", "The coast guard"),
        ("Overnight the junta's count stood at 90 dead.", "the junta"),
        ("The Interior Ministry's daily report is stark: 58 people died.", "The Interior Ministry"),
        ("The WHO's register now holds 600 dead.", "The WHO"),
        (
            "By the count the Relief Agency issued on Friday, 4,218 people died.",
            "the Relief Agency",
        ),
        ("According to the authority's daily report, more than 70 people died.", "the authority"),
        (
            "According to the latest situation report issued by the Relief Agency, 2,178 people "
            "were injured.",
            "the Relief Agency",
        ),
        ("According to data from the WHO, 300 people died.", "the WHO"),
        (
            "Some 300 people died — according to the Relief Agency — and more are missing.",
            "the Relief Agency",
        ),
        ("According to the WHO, 300 people died.", "the WHO"),
        # ... but a place's toll is its dead's, and an adjective of its noun is no report
        ("Varnia's death toll rose to 4,000 on Friday.", None),
        (
            "Varnia's confirmed death toll has passed 8,000, the Home Ministry said.",
            "the Home Ministry",
        ),
        # a place that records deaths is where they were, not who told
        ("Balochistan has counted 336 dead.", None),
        ("The Kathmandu district has recorded 1,202 deaths.", None),
        ("Local hospitals have recorded 1,202 deaths.", "Local hospitals"),
        ("In January the NIS counted about 300 dead.", "the NIS"),
        # "according to" after a counter says who told it; another teller after it does not
        # outrank who counted
        (
            "Firefighters searching the hillside recovered another body on Monday, bringing "
            "the toll to 49, according to the prefecture's disaster office.",
            "the prefecture's disaster office",
        ),
        ("The national police had counted 1,394 dead, officials said.", "The national police"),
        # a response headquarters or a task force tells its counts
        ("The headquarters has confirmed 87 deaths among the passengers.", "The headquarters"),
        ("The joint task force said 38 soldiers were killed.", "The joint task force"),
        # a title before the name set between commas
        (
            "The junta's spokesman, Major General Tin Aung Soe, told state television that "
            "1,700 people had died.",
            "Major General Tin Aung Soe",
        ),
    ],
)
def test_attribution(
    open_extractor: FigureExtractor, one: One, text: str, source: str | None
) -> None:
    assert one(open_extractor, text).source == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the agency or person in full, not a lone word of it
        (
            "Lena Ortiz, spokeswoman for the regional army, told reporters that 120 soldiers "
            "were missing.",
            "Lena Ortiz",
        ),
        ("Its spokesman, Omar Haddad, said 900 people had died.", "Omar Haddad"),
        ("The UN refugee agency, UNHCR, said 40,000 people had fled.", "UNHCR"),
        (
            "The flood had killed 300 people, the head of the relief service, Ana Lind, said.",
            "Ana Lind",
        ),
        # the noun a relative clause describes
        (
            "Officials of the council that runs the province said 200 people died.",
            "Officials of the council",
        ),
        # an opening phrase is not the source
        ("Within a week the Health Ministry had put the dead at 700.", "the Health Ministry"),
        (
            "At a joint briefing the visiting envoy said 20,000 troops were massed nearby.",
            "the visiting envoy",
        ),
        ("At a news conference in Lagos the police said 14 people died.", "the police"),
        (
            "On Monday a spokesman for the navy said 30 sailors were missing.",
            "a spokesman for the navy",
        ),
        # a headline's label that names a reporting body, an acronym or a title
        ("Police: 12 killed in stampede at stadium", "Police"),
        ("UNHCR: 40,000 displaced by floods in the south", "UNHCR"),
        ("Health ministry: toll rises to 300", "Health ministry"),
        ("Coast guard: 12 migrants missing after boat capsizes", "Coast guard"),
        # ... not a subject, a label of the page's kind or a clause
        ("Kenya floods: death toll rises to 70", None),
        ("LIVE: 40 killed as storm hits the coast", None),
        ("VERDICT: the raid killed 300 people", None),
        ("FACT CHECK: 300 people died in the raid", None),
        ("Shipwreck off the coast: 81 bodies recovered", None),
        ("Two groups count differently: 40 people died in the blast", None),
        # what cannot report is no source; a name is not a verb
        (
            "The dam burst has claimed 300 lives, the regional governor said.",
            "the regional governor",
        ),
        (
            "The United States now believes Russia has 50,000 troops in Belarus.",
            "The United States",
        ),
        # a source named by "by", by owning the figure, or by giving it
        (
            "Some 3,958 people are confirmed dead, a figure verified by the Health Ministry.",
            "the Health Ministry",
        ),
        ("The Red Cross's latest figure was 3,100 people missing.", "The Red Cross"),
        # who counted, or who told of the count
        ("The coast guard has recovered 82 bodies.", "The coast guard"),
        ("Health officials listed 212 deaths in the district.", "Health officials"),
        (
            "Another 310 residents are still listed as missing, the mayor's office said.",
            "the mayor's office",
        ),
        (
            "The governor said morgue staff had listed 95 bodies by Friday.",
            "The governor",
        ),
        (
            "The Red Cross, in a report sent to donors on Monday, counted 4,000 people displaced.",
            "The Red Cross",
        ),
        (
            "The health minister told reporters that rescue teams had recovered 3,600 bodies.",
            "The health minister",
        ),
        # a label naming who gave the figures, after a live blog's time too
        ("Latest from the health ministry: more than 50 dead.", "the health ministry"),
        (
            "17:10 - Civil aviation ministry update: 410 Indians came home today.",
            "Civil aviation ministry",
        ),
        ("19:10 — New police figures: 686 dead.", "police"),
        ("New Zealand police figures: 12 dead.", "New Zealand police"),
        ("08:35 — The first official count: at least 51 people have died.", None),
        # a title before a name, or a name after "latest from"
        (
            "12:15 - Lindor police chief Anna Ruiz: 42 dead confirmed, and she fears more.",
            "Lindor police chief Anna Ruiz",
        ),
        ("14:50 - Latest from Ruiz: 45 bodies have now been recovered.", "Ruiz"),
        ("Anna Ruiz: 42 dead confirmed.", None),
        # what a say-verb says is no teller after it, even after a comma
        (
            "A cable dated May 2, sent to allies, said an estimated 1,000 to 5,000 Serbs were "
            "fighting in Ukraine.",
            None,
        ),
        ("At least 40 people died, said the 3rd Brigade.", "the 3rd Brigade"),
        # a teller named after the verb, up to a clause of its own
        (
            "At least 40 people died, said the governor as rescuers searched the rubble.",
            "the governor",
        ),
        ("Floods kill 40, says Governor Ruiz after visit to worst-hit district", "Governor Ruiz"),
        # a local government named by the land it governs
        ("The death toll has risen to 84, the prefecture says.", "the prefecture"),
        ("At least 55 people have died, the county said on Thursday.", "the county"),
        # figures from a body named in lower case, up to its noun
        ("The first figures from the city's hospitals spoke of 17 dead.", "the city's hospitals"),
        ("Figures from local officials put the toll at 40.", "local officials"),
        ("Data from the flood show 300 people died.", None),
        # "he" is the person named before
        (
            "The government's spokesman, Paul Mensah, went further: upwards of 5,000 bodies had "
            "been buried, he said.",
            "Paul Mensah",
        ),
    ],
)
def test_the_source_in_full(
    open_extractor: FigureExtractor, one: One, text: str, source: str | None
) -> None:
    assert one(open_extractor, text).source == source


def test_she_is_a_person_not_the_body_named_last(open_extractor: FigureExtractor) -> None:
    text = (
        "Prime Minister Ana Kova said the floods were the worst in decades. The United "
        "Nations said 300 people had died. Another 4,500 people have fled, she said."
    )
    found = [(f.value, f.source) for f in open_extractor.extract(text)]
    assert found == [(300, "The United Nations"), (4500, "Prime Minister Ana Kova")]
    # (with no person named before, the body is still who spoke)
    alone = "The United Nations said 300 people had died. Another 4,500 have fled, she said."
    assert [f.source for f in open_extractor.extract(alone)] == ["The United Nations"] * 2


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        # people speaking for a generic body speak for the body of its kind named before
        (
            "The National Disaster Agency said three people had died. Officials of the agency "
            "said 300 more were evacuated.",
            ["The National Disaster Agency", "The National Disaster Agency"],
        ),
        # "the council", "the directorate" are the council or directorate named before
        (
            "The National Disaster Council said 26 people had died. The council said the "
            "number of displaced people had risen to 319,697.",
            ["The National Disaster Council", "The National Disaster Council"],
        ),
        (
            "The Hormozgan Crisis Management Directorate put the toll at 70. The directorate "
            "had reported 57 deaths on Monday evening.",
            ["The Hormozgan Crisis Management Directorate"] * 2,
        ),
        # "the government" is the government named before, not the last person quoted
        (
            "The regional government said on Monday that 5,000 people had fled. Rescue teams "
            "worked overnight, Anna Petrov said. The government later put the number of "
            "displaced people at 5,500.",
            ["The regional government", "The regional government"],
        ),
        # "the agency": an earlier source of its kind
        (
            "The Border Intelligence Service said 90 soldiers were wounded.\n"
            "Asked about it, Senator Ruth Amos said little.\n"
            "Some 400 soldiers were killed, according to the agency.",
            ["The Border Intelligence Service", "The Border Intelligence Service"],
        ),
        # a name in the same sentence comes first
        (
            "Senator Ruth Amos said the agency had put the toll at 310.",
            ["Senator Ruth Amos"],
        ),
        # "she" is the person named earlier in the paragraph, with no verb of saying there,
        # before the body named last
        (
            "The United Nations said 300 people had died.\n"
            "On Monday Prime Minister Ana Kova flew to Geneva. Some 4,500 people have fled "
            "their homes, she told the council.",
            ["The United Nations", "Ana Kova"],
        ),
        # "it" in a relative clause: the body named before it in its sentence
        (
            "The Border Intelligence Service said 90 soldiers were wounded.\n"
            "The Defence Ministry released the names of 40 soldiers it says were killed.",
            ["The Border Intelligence Service", "The Defence Ministry"],
        ),
        # "it" after a sentence naming a body that said nothing countable: that body
        (
            "The Border Intelligence Service said 90 soldiers were wounded.\n"
            "The RNF denied shelling the town. In a statement, it said 12 of its fighters "
            "were killed.",
            ["The Border Intelligence Service", "The RNF"],
        ),
        (
            "The Border Intelligence Service said 90 soldiers were wounded.\n"
            "The Coastal Relief Agency toured the camps. It said 300 people were displaced.",
            ["The Border Intelligence Service", "The Coastal Relief Agency"],
        ),
        # "the military": a military named before, or itself; never another body
        (
            "The Varnian health ministry said 300 people were killed.\n"
            "In Varnia, the military said four soldiers were killed.",
            ["The Varnian health ministry", "the military"],
        ),
        (
            "Varnia's army said 300 soldiers were wounded.\n"
            "The military said four more soldiers were killed.",
            ["Varnia's army", "Varnia's army"],
        ),
        # "Of those, ...": the part comes from whoever gave the whole
        (
            "About 2,500 soldiers have been killed or wounded, the agency said, according to "
            "Senator Ruth Amos.\nOf those, roughly 900 were killed.",
            ["the agency", "the agency"],
        ),
        # a generic name stands for the organisation of its kind named just before, as a
        # source or not
        (
            "Varnia's Department of Disaster Relief Affairs runs the camps. Two days earlier "
            "the department had counted 18,159 displaced.",
            ["Varnia's Department of Disaster Relief Affairs"],
        ),
        # a count's owner stands for the figures after it, not before ("the mayor's
        # estimate" is the mayor's, not the toll's before it)
        (
            "The confirmed toll is just under 4,000. The mayor's estimate was always an estimate.",
            [None],
        ),
        (
            "The move from the 3,958 deaths certified in September to the minister's figure "
            "is paperwork.",
            [None],
        ),
        # "its" opening a count stands for the body named before; a title before a name
        (
            "Varnia's Department of Disaster Relief Affairs runs the camps. Its register of "
            "confirmed deaths now stands at 679.",
            ["Varnia's Department of Disaster Relief Affairs"],
        ),
        (
            "President Ana Kova declared an emergency in ten provinces. In a televised "
            "address he gave the latest national figures: 3,549 dead.",
            ["President Ana Kova"],
        ),
        # a paragraph of details without a source: the source of the figures just before
        (
            "The Relief Agency said on Monday that 499 people had died.\n\nAs of Monday, "
            "508,244 people were displaced, up from 490,098.",
            ["The Relief Agency"] * 3,
        ),
        (
            "08:30 GMT - Floods\nThe army says 300 people have been evacuated.\n\n10:05 GMT - "
            "Camps\nAbout 40,000 people have been displaced.",
            ["The army", "The army"],
        ),
        # an acronym with a possessive is a body "it" can be
        (
            "The NDRRMC's evening update has come through. The toll is now 255, it said.",
            ["The NDRRMC"],
        ),
        # a time zone after a clock time is no body "it" could be
        (
            "The Varnian Army toured the camps at 08:30 GMT. It says 300 people have been "
            "evacuated.",
            ["The Varnian Army"],
        ),
        # "the centre", "the authority": an organisation of its kind named before
        (
            "Officials cited the National Emergency Operation Centre. As of noon, the Centre "
            "had recorded 5,006 deaths.",
            ["National Emergency Operation Centre"],
        ),
        # a time before the teller is no name: "it" is the body named before
        (
            "The Varnian Intelligence Service briefed lawmakers.\nOn Monday it told them "
            "that about 300 soldiers had been killed.",
            ["The Varnian Intelligence Service"],
        ),
        # "they": the reporters an earlier sentence of the paragraph opens with, not the
        # name told last before them
        (
            "Unofficial estimates put the number at 800. Police investigators were more "
            "careful. They said about 60 men had been killed.",
            ["Police"],
        ),
        # a time after "by", or before "'s count", is when, not who
        ("By 3 p.m. officials had confirmed 95 deaths.", ["officials"]),
        ("Some 3,114 deaths had been confirmed by Monday afternoon.", [None]),
        ("The ministry raised Sunday's figure of 40 dead.", [None]),
    ],
)
def test_source_resolution(open_extractor: FigureExtractor, text: str, sources: list[str]) -> None:
    assert [f.source for f in open_extractor.extract(text)] == sources


def test_one_paragraph_per_line(open_extractor: FigureExtractor) -> None:
    """Without blank lines (as cleaned pages come), a line ending a sentence ends its
    paragraph: a source is carried into the next line only as into a next paragraph,
    from the figures just before."""
    text = (
        "The Defence Ministry released its weekly figures on Friday.\n"
        "About 400 soldiers were killed in the north, it said.\n"
        "In the south, 90 soldiers were wounded.\n"
        "Medics said the roads were cut and\n"
        "120 soldiers were evacuated."
    )
    found = open_extractor.extract(text)
    assert [(f.value, f.source) for f in found] == [
        (400, "The Defence Ministry"),
        (90, "The Defence Ministry"),
        (120, "Medics"),
    ]


def test_source_carried_from_the_paragraph(open_extractor: FigureExtractor) -> None:
    text = (
        "The Defence Ministry released its weekly figures on Friday.\n"
        "About 400 soldiers were killed in the north.\n\n"
        "In the south, 90 soldiers were wounded."
    )
    found = open_extractor.extract(text)
    assert [(f.value, f.source) for f in found] == [
        (400, "The Defence Ministry"),
        (90, None),
    ]


@pytest.mark.parametrize(
    ("title", "text", "source"),
    [
        # the body named beside a release label
        (
            "Update on the floods",
            "PRESS RELEASE — Varnian Red Cross Society (VRCS)\n\n"
            "Lindor, 3 May -- Teams have treated 154 injured people since Sunday.",
            "Varnian Red Cross Society (VRCS)",
        ),
        # heading the lines before a label that stands alone; its last body named
        (
            "Search operation concluded",
            "REPUBLIC OF VARNIA — MINISTRY OF DEFENCE\nPress release\nLindor, 30 November\n\n"
            "The earthquake claimed 51 lives in total.",
            "MINISTRY OF DEFENCE",
        ),
        (
            "Governor addresses the legislature",
            "OFFICE OF THE GOVERNOR\nSTATE OF VARNIA\nFOR IMMEDIATE RELEASE -- May 4\n\n"
            "More than a million people were displaced from their homes.",
            "OFFICE OF THE GOVERNOR",
        ),
        # on the line after a label that stands alone
        (
            "Situation update",
            "NEWS RELEASE\nNational Disaster Response Headquarters, Lindor\n\n"
            "1. Casualties\n215 people are still missing.",
            "National Disaster Response Headquarters",
        ),
        # a label with what it reports on after it is still the label's line
        (
            "Ministry update: 169 dead",
            "MINISTRY OF HOME AFFAIRS\nSituation update on the heavy rains, 30 April\n\n"
            "The number of lives lost since March stands at 169.",
            "MINISTRY OF HOME AFFAIRS",
        ),
        (
            "Landslides: the toll",
            "Flash update no. 2 -- UN Office for the Coordination of Humanitarian Affairs "
            "(OCHA)\n\nAt least 125 people have been displaced.",
            "UN Office for the Coordination of Humanitarian Affairs (OCHA)",
        ),
        # a sentence's own source still governs its figure
        (
            "Situation update",
            "PRESS RELEASE — Varnian Red Cross Society (VRCS)\n\n"
            "The health ministry said 40 people had died.",
            "The health ministry",
        ),
        # no label: no issuer; a label inside prose is none
        ("Floods", "MINISTRY OF DEFENCE\n\nThe earthquake claimed 51 lives in total.", None),
        (
            "Live: army gives its losses",
            "Major update. In a fresh statement, officers at the scene gave new numbers.\n\n"
            "That takes the total killed in action to 20.",
            None,
        ),
    ],
)
def test_a_releases_issuer_is_the_source_no_sentence_names(
    open_extractor: FigureExtractor, title: str, text: str, source: str | None
) -> None:
    found = open_extractor.extract(text, title)
    assert [f.source for f in found] == [source]


@pytest.mark.parametrize(
    "text",
    [
        "Deaths confirmed: 78",
        "The figure was revised on Monday: 78 people have died.",
    ],
)
def test_a_count_is_not_who_gave_it(open_extractor: FigureExtractor, text: str) -> None:
    """A count's own noun ("Deaths", "The figure") before a verb is what was counted."""
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [(78, None)]


def test_people_admitted_to_hospital_are_no_teller(open_extractor: FigureExtractor) -> None:
    """ "admitted to hospital" is a patient's, not a speaker's: those admitted tell nothing,
    and who admitted something still tells it."""
    text = "Of the 88 people admitted to hospital with injuries after the blast, 40 have died."
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [
        (88, None),
        (40, None),
    ]
    text = "The army admitted to reporters that 40 soldiers were killed."
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [(40, "The army")]


def test_people_reported_missing_are_no_teller(open_extractor: FigureExtractor) -> None:
    """ "persons reported missing": the participle of a passive, not who reported; the
    sentence before keeps no source either."""
    text = (
        "In all, 393 persons have lost their lives. Search operations continue for 134 "
        "persons reported missing."
    )
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [
        (393, None),
        (134, None),
    ]
    text = "Police reported 40 dead in the valley."
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [(40, "Police")]


def test_a_count_told_again_keeps_the_source_the_article_gives_it(
    open_extractor: FigureExtractor,
) -> None:
    text = (
        "Floods hit the valley\n\nThe floods have killed 300 people. Roads are cut.\n\n"
        "The Interior Ministry says 300 people have died and 41 are missing."
    )
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [
        (300, "The Interior Ministry"),
        (300, "The Interior Ministry"),
        (41, "The Interior Ministry"),
    ]


def test_a_bulletin_is_its_issuers(open_extractor: FigureExtractor) -> None:
    text = (
        "Flood bulletin\n\nThe State Civil Defense published its figures on Sunday.\n\n"
        "According to the bulletin released at 9 a.m., 143 deaths have been confirmed."
    )
    assert [(f.value, f.source) for f in open_extractor.extract(text)] == [
        (143, "The State Civil Defense")
    ]


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        # a teller in a clause of its own after the count tells that clause's count
        (
            "The toll climbed to 412 as the army said 9,000 had been airlifted to safety.",
            [None, "the army"],
        ),
        (
            "Some 2,300 people were hurt, and the health minister said on Friday that at "
            "least 75 of them were in critical condition.",
            [None],
        ),
        (
            "The confirmed toll rose to 61 while rescuers said about 140 were still missing.",
            [None, "rescuers"],
        ),
        # a teller after the count with nothing of its own to count tells the count
        ("The toll climbed to 412 on Sunday, as the ministry said.", ["the ministry"]),
        (
            "The toll climbed to 412 as rescuers reached remote valleys, the ministry said.",
            ["the ministry"],
        ),
    ],
)
def test_a_teller_of_another_clause_tells_its_own_count(
    open_extractor: FigureExtractor, text: str, sources: list[str | None]
) -> None:
    assert [f.source for f in open_extractor.extract(text)] == sources


@pytest.mark.parametrize(
    "text",
    [
        "The storm's toll across six states passed 100 overnight.",
        "Counting all seven states the storm struck, its toll stands at about 230.",
        "Both reports put the toll at 80.",
    ],
)
def test_a_counted_plural_is_a_noun_not_a_teller(
    open_extractor: FigureExtractor, text: str
) -> None:
    """ "states", "reports" after a count or a quantifier are nouns: nobody told there."""
    assert [f.source for f in open_extractor.extract(text)] == [None]

"""One table per rule family, with sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.types import ExtractedFigure

One = Callable[[FigureExtractor, str], ExtractedFigure]


@pytest.mark.parametrize(
    ("text", "metric", "value"),
    [
        ("Officials said 240 soldiers were killed in the fighting.", "killed", 240),
        ("About 150 monks were still unaccounted for.", "missing", 150),
        ("Twelve worshippers died when the roof of the mosque fell in.", "killed", 12),
        ("Some 30 mourners were hurt in the second blast.", "wounded", 30),
        ("At least 75 marines died when the ferry sank.", "killed", 75),
        ("Some 60 fighters have lost their lives since spring.", "killed", 60),
        ("The shelling killed 14 soldiers overnight.", "killed", 14),
        # "all" between a verb and its number
        ("The ferry fire killed all 31 passengers aboard.", "killed", 31),
        ("The avalanche buried all nine climbers on the ridge.", "killed", 9),
        ("Police evacuated all 300 residents of the block.", "evacuated", 300),
        ("The army evacuated in all 1,200 villagers.", "evacuated", 1200),
        ("Doctors treated 310 soldiers who were wounded near the river.", "wounded", 310),
        ("About 90 troops have sustained injuries in training.", "wounded", 90),
        ("Eleven (11) persons sustained various degrees of injuries.", "wounded", 11),
        ("Some 40 passengers received minor to serious wounds.", "wounded", 40),
        ("Twenty-two (22) bodies were recovered from the river.", "killed", 22),
        ("Field hospitals treated 420 people for injuries overnight.", "wounded", 420),
        ("Eight people needed hospital care after the blaze.", "wounded", 8),
        ("Some 30 passengers received hospital treatment, the operator said.", "wounded", 30),
        ("Medics are treating some 35 soldiers for shrapnel wounds.", "wounded", 35),
        ("Nearly 800 soldiers were killed or wounded in the offensive.", "casualties", 800),
        ("The brigade has suffered 1,250 casualties so far.", "casualties", 1250),
        ("The government has deployed 7,500 troops to the border.", "deployed", 7500),
        ("A contingent of 2,000 engineers is stationed near the port.", "deployed", 2000),
        ("Around 3,000 soldiers are now in Kherson, officials said.", "deployed", 3000),
        ("Around 3,000 soldiers are now in the region.", "deployed", 3000),
        ("Nearly 900 Ostrian soldiers are currently on Varnian soil.", "deployed", 900),
        ("Some 4,000 troops remain on foreign soil, the ministry said.", "deployed", 4000),
        ("About 250 marines were on Varnian territory by Friday.", "deployed", 250),
        (
            "Washington is adding to the 40,000 service members already in the region.",
            "deployed",
            40000,
        ),
        ("Kyiv has identified at least 155 foreigners in Russian ranks.", "deployed", 155),
        ("At least 155 Colombians are in the ranks of the Ukrainian army.", "deployed", 155),
        ("Some 300 Nepalis are said to be among Russia's ranks.", "deployed", 300),
        ("About 20 Chinese volunteers have joined the ranks.", "deployed", 20),
        ("The agency raised its count of the dead from 115 to 151.", "killed", 151),
        ("Officials lowered the number of missing in the town from 500 to 300.", "missing", 300),
        ("Border guards captured 45 fighters near the crossing.", "captured", 45),
        ("Twelve soldiers were taken prisoner during the raid.", "captured", 12),
        ("Two enemy soldiers are now in Varnian custody.", "captured", 2),
        ("Some 8,000 prisoners of war remained in captivity.", "captured", 8000),
        ("More than 900 Varnian soldiers are held in Ostrian prisons.", "captured", 900),
        ("At least 60 sailors remain in Ostrian jails.", "captured", 60),
        # (held, not stationed: of the republic's soldiers, these are captives)
        ("The republic has 300 soldiers in Varnian captivity.", "captured", 300),
        ("Four soldiers held by Kyiv were shown on television.", "captured", 4),
        ("Nineteen sailors are still missing after the storm.", "missing", 19),
        ("Two of the climbers did not survive the night.", "killed", 2),
        ("Gunmen stormed the village, killing three vigilantes.", "killed", 3),
        ("About 4,000 troops have returned home after their tour.", "returned", 4000),
        ("More than 1,200 soldiers were repatriated last month.", "returned", 1200),
        ("On Friday, 307 of its soldiers were home at last.", "returned", 307),
        ("About 95 crew members are now back home.", "returned", 95),
        ("Varnia got back 120 soldiers in the swap.", "returned", 120),
        # captives counted by their release, and people whose whereabouts are unknown
        (
            "The number of prisoners and detainees freed since May rose to 583.",
            "returned",
            583,
        ),
        ("Officials listed 147 residents whose whereabouts were unknown.", "missing", 147),
        ("The flight brings the number repatriated since Oct. 21 to 521.", "returned", 521),
        ("The total brought home by the ministry has reached 3,170.", "returned", 3170),
        ("The ministry flew home 105 more of its nationals on Thursday.", "returned", 105),
        ("Another 183 Nepalis arrived in Kathmandu overnight.", "returned", 183),
        ("About 300 Chadians reached Chad from the camps.", "returned", 300),
        ("Floods have displaced 26,000 people in the north.", "displaced", 26000),
        ("Some 8,400 residents fled their homes as the river rose.", "displaced", 8400),
        ("Around 5,000 people took refuge in schools and churches.", "displaced", 5000),
        ("Some 6,000 people were staying in 115 evacuation posts.", "displaced", 6000),
        ("About 1,200 villagers were at evacuation points by nightfall.", "displaced", 1200),
        ("The storm forced the evacuation of 12,000 villagers.", "evacuated", 12000),
        ("Roughly 900 people were evacuated from the valley.", "evacuated", 900),
        ("More than 2,500 people were taken off the beach by boat.", "evacuated", 2500),
        ("Coastguard boats ferried 600 tourists off the burning island.", "evacuated", 600),
        ("Sirens sent some 24,000 residents to high ground.", "evacuated", 24000),
        ("The alarm sends 2,000 villagers to safety within minutes.", "evacuated", 2000),
        # a metric noun linked to its number by a verb ("the toll stands at N")
        ("The death toll stood at 58 after the landslide.", "killed", 58),
        ("The official toll stays at 58.", "killed", 58),
        ("The death toll stayed unchanged at 58 on Friday.", "killed", 58),
        ("The number of injured remains 85, the fire service said.", "wounded", 85),
        ("The official death toll remained 57 on Sunday.", "killed", 57),
        ("The count of the missing stays 12.", "missing", 12),
        ("Casualties in the brigade now stand at about 1,150.", "casualties", 1150),
        ("Battalion losses have so far reached 640, a medic said.", "casualties", 640),
        ("The count of the dead is now at 212.", "killed", 212),
        ("Rebel casualties totalled some 3,900 last year.", "casualties", 3900),
        ("The number of displaced people has risen to 18,400.", "displaced", 18400),
        ("Overnight shelling pushed the death toll past 2,150.", "killed", 2150),
        ("The new finds took the number of missing above 300.", "missing", 300),
        # not, or never, accounted for or found
        ("Some 120 hikers had not been accounted for by nightfall.", "missing", 120),
        ("About 40 fishermen are still not accounted for.", "missing", 40),
        ("Nine crew members were never found.", "missing", 9),
        ("At least 50 villagers remain to be found.", "missing", 50),
        # a ship's crew are people
        ("Nine of the crew were killed when the tanker caught fire.", "killed", 9),
        ("Four crew were injured in the landing.", "wounded", 4),
        # an aside between the noun and its verb
        ("Total losses, the dead and the injured together, stood at 2,050.", "casualties", 2050),
        # a force where it is, and a force's size
        (
            "The republic keeps roughly 4,000 soldiers in Varnia, a commander said.",
            "deployed",
            4000,
        ),
        ("The second contingent, of some 2,500, crossed the border in May.", "deployed", 2500),
        ("A battalion of 600 reached the front on Tuesday.", "deployed", 600),
        ("Around 7,000 soldiers are being trained in Varnia, officials said.", "deployed", 7000),
        ("A new rotation arrived, bringing the total it has deployed to 6,300.", "deployed", 6300),
    ],
)
def test_metrics(
    open_extractor: FigureExtractor, one: One, text: str, metric: str, value: int
) -> None:
    fig = one(open_extractor, text)
    assert (fig.metric, fig.value) == (metric, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # killed and wounded, counted together: casualties
        (
            "Kyiv put the number of enemy soldiers killed and wounded at 20,000.",
            [("casualties", 20000)],
        ),
        (
            "Officials estimated the brigade's killed and wounded at about 1,800.",
            [("casualties", 1800)],
        ),
        ("The army said its dead and injured numbered 650.", [("casualties", 650)]),
        ("Nearly 90 marines were killed or wounded in the landing.", [("casualties", 90)]),
        # a people word before a metric noun is its adjective: "civilian casualties"
        ("The strike caused 42 civilian casualties, the mayor said.", [("casualties", 42)]),
        ("Monitors recorded 1,200 civilian casualties in the city.", [("casualties", 1200)]),
        ("There were 35 child deaths in the camp last month.", [("killed", 35)]),
        # adjectival counts: "N injured", "N dead"
        ("The blast left 12 dead and 40 injured.", [("killed", 12), ("wounded", 40)]),
        ("Police said 35 injured had been taken to hospital.", [("wounded", 35)]),
        ("Seven dead, 23 injured after bus plunges into ravine", [("killed", 7), ("wounded", 23)]),
        ("The crash left 18 injured, two of them critically.", [("wounded", 18), ("wounded", 2)]),
        # ranges, thousands written with spaces
        ("Between 5 000 and 6 000 residents were unaccounted for.", [("missing", 5000)]),
        ("Aid groups said between 12 000 and 15 000 people had fled.", [("displaced", 12000)]),
        ("The quake killed from 300 to 400 villagers.", [("killed", 300)]),
        # a passive participle of report before the metric: "N civilians reported killed"
        ("The monitors count 5,805 civilians reported killed.", [("killed", 5805)]),
        ("Officials listed 30 people reported missing after the storm.", [("missing", 30)]),
        ("With 45 soldiers reported wounded, the unit pulled back.", [("wounded", 45)]),
        ("Some 300 villagers reported symptoms after the spill.", []),
        # a term's optional space: "can ?not"
        ("Some 121 people cannot be accounted for.", [("missing", 121)]),
        ("Twenty climbers still cannot be reached, the club said.", [("missing", 20)]),
        ("Of the crew, nine could not be traced.", [("missing", 9)]),
        ("Four fishermen could not be found after the storm.", [("missing", 4)]),
        # the main clause's verb after a relative clause's
        ("Some 40 men who went to Russia cannot be accounted for.", [("missing", 40)]),
        (
            "About 300 villagers who were evacuated returned home last week.",
            [("returned", 300)],
        ),
        ("Twelve recruits who were sent to fight for Russia died in March.", [("killed", 12)]),
        ("Some 800 people who fled their homes in Kursk.", [("displaced", 800)]),
        # people in a foreign army, and back from it
        ("About 60 Nepalis are serving on the Russian side.", [("deployed", 60)]),
        (
            "The ministry says 455 men were recruited to serve in the Russian forces.",
            [("deployed", 455)],
        ),
        ("Only three of the men have made it back home.", [("returned", 3)]),
        # a body's losses of its own people are its dead; a force's, its casualties
        (
            "The health service has lost 41 of its workers, with 111 others injured.",
            [("killed", 41), ("wounded", 111)],
        ),
        ("The summer camp said it lost 27 campers and counselors.", [("killed", 27)]),
        ("The village school lost 12 pupils when the roof fell.", [("killed", 12)]),
        ("The brigade lost 300 soldiers in the first week.", [("casualties", 300)]),
        # martyrs are the dead, in the words of those who mourn them
        (
            "The ministry counted 610 martyrs and 2,300 wounded.",
            [("killed", 610), ("wounded", 2300)],
        ),
        ("The number of martyrs has risen to 1,030.", [("killed", 1030)]),
        ("The official gazette names 834 martyrs of the uprising.", [("killed", 834)]),
        # the buried alive are the dead of a landslide, and those a landslide or a town
        # buried; not those still under rubble, alive or dead
        ("More than 2,000 people were buried alive, the centre said.", [("killed", 2000)]),
        ("The landslide buried more than 300 villagers.", [("killed", 300)]),
        ("The town alone buried 31 of its residents.", [("killed", 31)]),
        ("Some 150 people are believed to remain buried under rubble.", []),
        ("A further 2,500 people were still buried under collapsed buildings.", []),
        ("The mudslide buried 300 homes.", []),
        # an adverb after the number is no noun of it
        ("The toll rose to 47 shortly before noon.", [("killed", 47)]),
        ("The death toll stood at 85 roughly an hour later.", [("killed", 85)]),
        # carried or airlifted out of danger
        ("Some 40 flights have carried 420 victims out of the quake zone.", [("evacuated", 420)]),
        ("Helicopters airlifted 300 people to safety.", [("evacuated", 300)]),
        # moved out of homes a disaster wrecked, or into tents: displaced, not evacuated
        (
            "The county has moved more than 30,000 residents out of damaged houses.",
            [("displaced", 30000)],
        ),
        (
            "About 46,500 people have been moved from damaged or collapsed homes.",
            [("displaced", 46500)],
        ),
        ("Some 2,000 villagers were moved into tents on Sunday.", [("displaced", 2000)]),
        ("Police moved 3,000 people out of the flood zone.", [("evacuated", 3000)]),
        # a host that shelters people, in the present too
        ("The camps now shelter 47,787 people.", [("displaced", 47787)]),
        ("The two schools house 900 residents.", [("displaced", 900)]),
        # people named beside the counted ones, by what they do
        ("At least 27 campers and counselors died at the camp.", [("killed", 27)]),
        ("More than 1,000 students and their teachers were killed.", [("killed", 1000)]),
        ("Some 40 climbers and 12 porters died on the pass.", [("killed", 40), ("killed", 12)]),
        # taken out of the water or the rubble hurt
        ("Eight were pulled out with injuries.", [("wounded", 8)]),
        ("Some 12 people were rescued with burns.", [("wounded", 12)]),
        ("Rescuers pulled 30 people out alive.", []),
        # people who have started back, or are on their way
        (
            "By Friday 786,000 displaced people had started returning to their villages.",
            [("returned", 786000)],
        ),
        ("Some 2,000 people are on their way home.", [("returned", 2000)]),
        ("About 1,200 evacuees began to return on Sunday.", [("returned", 1200)]),
        # the noun of people away from home keeps its metric where they stay
        ("About 80,000 evacuees spent the night in shelters.", [("evacuated", 80000)]),
        ("About 500 refugees were staying in a school.", [("displaced", 500)]),
        # a part of a whole, in words too, and before a verb that is no participle
        ("One hundred and seventy-nine of the 181 people aboard were killed.", [("killed", 179)]),
        ("Twenty-two of the 40 miners died.", [("killed", 22)]),
        # the dead, then the injured with a verb of their own, a thousands comma between
        (
            "Over 2,200 people had lost their lives and some 3,600 had been injured.",
            [("killed", 2200), ("wounded", 3600)],
        ),
        # the number of dead and injured together; the number of people hurt
        ("The number of dead and injured had climbed past 5,000.", [("casualties", 5000)]),
        ("The number of people hurt in the provinces had passed 4,000.", [("wounded", 4000)]),
        # "that one" after a verb of saying is a count of one
        ("The governor said that one soldier was killed.", [("killed", 1)]),
        # people recruited, lured or trafficked to fight
        ("More than 1,000 men have been recruited to fight for Russia.", [("deployed", 1000)]),
        ("Some 200 men were trafficked to fight in Ukraine.", [("deployed", 200)]),
        ("Some 40 nurses were recruited to serve in rural clinics.", []),
        # told as what they are now
        ("At least one man is now confirmed to be a prisoner of war.", [("captured", 1)]),
        # who served before
        ("Five ex-soldiers were killed in the ambush.", [("killed", 5)]),
        ("Some 200 veterans were evacuated from the care home.", [("evacuated", 200)]),
        # lives claimed, lives lost
        ("The flood has claimed more than 5,300 lives.", [("killed", 5300)]),
        ("Cholera has claimed 90 lives in the camps.", [("killed", 90)]),
        ("The fire claimed the lives of 48 people.", [("killed", 48)]),
        ("At least 60 people lost their lives when the ferry capsized.", [("killed", 60)]),
        ("The number of lives lost to the storm has reached 676.", [("killed", 676)]),
        ("Some 676 lives were lost in the floods.", [("killed", 676)]),
        ("In all, 676 lives have been lost.", [("killed", 676)]),
        ("The loss of life stands at 676.", [("killed", 676)]),
        ("Twelve lives were lost when the boat capsized.", [("killed", 12)]),
        # lives saved are no deaths
        ("Rescuers saved 300 lives last week.", []),
        ("Doctors say 40 lives could be saved with more staff.", []),
        # bodies recovered
        ("Rescuers have recovered 81 bodies from the sea.", [("killed", 81)]),
        ("Twenty bodies were recovered from the rubble on Monday.", [("killed", 20)]),
        ("Divers pulled 12 bodies from the wreck.", [("killed", 12)]),
        ("At least 900 bodies have been collected in the streets.", [("killed", 900)]),
        ("The bodies of 11 migrants washed ashore overnight.", [("killed", 11)]),
        ("The remains of 14 soldiers were handed over on Friday.", [("killed", 14)]),
        # people named by what they do: "climbers", "fishermen", "motorists"
        ("Two climbers died and three are missing.", [("killed", 2), ("missing", 3)]),
        ("The avalanche killed five hikers near the pass.", [("killed", 5)]),
        ("Police said 40 protesters were injured.", [("wounded", 40)]),
        ("Three pedestrians were killed when the wall collapsed.", [("killed", 3)]),
        ("Four Filipino fishermen remain missing.", [("missing", 4)]),
        ("Two military helicopters are missing.", []),
        ("The air force lost five bombers.", []),
        ("Some 5,000 cattle died in the floods.", []),
        # manner adverbs before the verb; "fatally" and "to death" say killed
        ("Two firefighters were slightly hurt when their truck overturned.", [("wounded", 2)]),
        ("Five people were critically injured in the crash.", [("wounded", 5)]),
        ("Four people were fatally shot at the checkpoint.", [("killed", 4)]),
        ("At least 121 people were crushed to death in the stampede.", [("killed", 121)]),
        ("Nine prisoners were beaten to death by guards.", [("killed", 9)]),
        ("A court sentenced 12 men to death on Monday.", []),
        (
            "Vigilantes lynched at least 59 people suspected of belonging to gangs.",
            [("killed", 59)],
        ),
        ("Gang violence killed or injured 2,505 people.", [("casualties", 2505)]),
        # among the dead, the injured
        ("Twenty-one police officers were among the dead.", [("killed", 21)]),
        ("Four rescuers were among the injured.", [("wounded", 4)]),
        # rates and counts of two metrics together are no figure
        ("The morgue receives between 30 and 40 bodies a day.", []),
        ("Some 200 people per week are crossing the border.", []),
        ("The attack killed 30 people a day after the truce.", [("killed", 30)]),
        ("More than 2,500 people are dead or missing on the route.", []),
        # crossing a border, moved to shelters, lifted from roofs
        (
            "About two million Sudanese have crossed into neighbouring countries.",
            [("displaced", 2000000)],
        ),
        ("About 5,000 troops crossed into the region overnight.", [("deployed", 5000)]),
        (
            "Authorities moved more than 100,000 people to schools and monasteries uphill.",
            [("evacuated", 100000)],
        ),
        ("Helicopters airlifted 23 people from the roofs of their houses.", [("evacuated", 23)]),
        # people moved out of harm's way with no where to; where to tells the rest
        ("Around 24,000 people have since been moved.", [("evacuated", 24000)]),
        ("Forty-seven patients were moved out on Sunday.", [("evacuated", 47)]),
        ("About 950 people were moved overnight into relief camps.", [("displaced", 950)]),
        ("Some 40 villagers were moved to tears by the verdict.", []),
        # people an evacuation order covers, or told to leave in coordinated words
        ("About 2 million residents are under evacuation orders.", [("evacuated", 2000000)]),
        (
            "Some 40,000 people were placed under mandatory evacuation orders on Monday.",
            [("evacuated", 40000)],
        ),
        ("Roughly 700,000 people are covered by evacuation orders.", [("evacuated", 700000)]),
        ("Evacuation orders now cover about 90,000 residents.", [("evacuated", 90000)]),
        (
            "More than 300,000 people have been ordered or urged to leave their homes.",
            [("evacuated", 300000)],
        ),
        ("About 900 people remain under boil-water orders.", []),
        # leaving ahead of what is coming is evacuating; fleeing what came is displacement
        (
            "More than a million people left the coast of the state ahead of the storm.",
            [("evacuated", 1000000)],
        ),
        (
            "About 20,000 villagers fled their homes before the cyclone struck.",
            [("evacuated", 20000)],
        ),
        (
            "Some 3,000 residents moved out of the valley ahead of the floodwaters.",
            [("evacuated", 3000)],
        ),
        ("After the storm, 40,000 people fled their homes.", [("displaced", 40000)]),
        ("About 5,000 people left the town before the war.", [("displaced", 5000)]),
        # a status word coordinated with another adjective is an adjective of the noun
        # after them; the clause's verb says what befell them
        (
            "More than 800 injured or sick residents were flown out of the town.",
            [("evacuated", 800)],
        ),
        ("About 40 injured and 30 dead were counted.", [("wounded", 40), ("killed", 30)]),
        (
            "Children account for 552 of the dead and women for 315, officials said.",
            [("killed", 552)],
        ),
        # the groups a metric's noun lists after a copula each count what it counts
        (
            "The dead were 13 rebels, five soldiers and two police officers.",
            [("killed", 13), ("killed", 5), ("killed", 2)],
        ),
        (
            "Among the injured were 40 pupils, six teachers and a driver.",
            [("wounded", 40), ("wounded", 6)],
        ),
        # a list after a verb of its own, or of things, is no such list
        (
            "The storm killed 12 people and destroyed 300 homes, leaving 4,000 people homeless.",
            [("killed", 12), ("displaced", 4000)],
        ),
        (
            "The dead were 13 rebels; 500 soldiers were sent to the town.",
            [("killed", 13), ("deployed", 500)],
        ),
        # a force word before a people noun is its adjective
        ("The rebels said they had taken 37 army soldiers prisoner.", [("captured", 37)]),
        ("Residents said roughly 90 of their neighbours had died.", [("killed", 90)]),
        # headlines in the present tense; quantity verbs and estimates of a toll
        ("Over 100 wedding guests drown as boat capsizes", [("killed", 100)]),
        ("Dozens feared dead as 40 people die in floods", [("killed", 40)]),
        ("Floods force 20,000 from homes", [("displaced", 20000)]),
        ("Fatalities now number 250.", [("killed", 250)]),
        # "a total of" counts what was counted before it, a force only where one is named
        ("A total of 149 was reported.", []),
        ("A total of 2,500 soldiers were sent.", [("deployed", 2500)]),
        (
            "The army said 40 soldiers were killed on Monday. A total of 300 have died since May.",
            [("killed", 40), ("killed", 300)],
        ),
        # names on a list of what befell people
        ("At its peak the police list of the missing ran to 300 names.", [("missing", 300)]),
        ("By Thursday, 238 names were on the missing list.", [("missing", 238)]),
        ("The petition gathered 5,000 names in a day.", []),
        # a status word before a people's name is its adjective: the verb says what befell them
        ("Around 40 displaced Rohingya had been killed in the camps.", [("killed", 40)]),
        ("About 2,000 injured Palestinians were evacuated to Egypt.", [("evacuated", 2000)]),
        ("Some 300 people were displaced Monday.", [("displaced", 300)]),
        # who a part of the count just given were
        (
            "The crush killed 151 people. Ninety-seven of them were women.",
            [("killed", 151), ("killed", 97)],
        ),
        ("Most of the dead were in their teens. Twelve of them were children.", [("killed", 12)]),
        # a whole named first, then who each of its parts were
        (
            "Of the 412 dead, 301 were villagers, 78 were soldiers and 33 were aid workers.",
            [("killed", 412), ("killed", 301), ("killed", 78), ("killed", 33)],
        ),
        (
            "Of those injured, 64 are children and 12 are teachers, the ministry said.",
            [("wounded", 64), ("wounded", 12)],
        ),
        ("Among the missing, 17 were fishermen from the harbour.", [("missing", 17)]),
        ("Of the deceased, 41 were pupils and 5 were teachers.", [("killed", 41), ("killed", 5)]),
        (
            "The blast killed 60 people. Forty of them were workers and 20 were passers-by.",
            [("killed", 60), ("killed", 40), ("killed", 20)],
        ),
        (
            "Some 300 people were injured. Ninety of them were children, 15 were firefighters.",
            [("wounded", 300), ("wounded", 90), ("wounded", 15)],
        ),
        (
            "The flood killed 60 people. Forty of them were buried and 20 were cremated.",
            [("killed", 60)],
        ),
        ("Of the 412 dead, 40 were identified by Sunday.", [("killed", 412)]),
        # a count told by its parts, in a sentence or a list whose opening line says what
        # it counts
        (
            "Floods have killed 300 people. The figure breaks down as 121 in the capital, "
            "92 in the hills and 87 on the coast.",
            [("killed", 300), ("killed", 121), ("killed", 92), ("killed", 87)],
        ),
        (
            "The deaths are distributed among the regions as follows:\n- Lima: 133\n"
            "- Arequipa: 98\n- Cusco: 66\n\nMore rain is expected.",
            [("killed", 133), ("killed", 98), ("killed", 66)],
        ),
        (
            "People evacuated, by district:\nNorth: 1,200\nSouth: 950\n",
            [("evacuated", 1200), ("evacuated", 950)],
        ),
        ("Aid delivered so far:\n- Tents: 1,200\n- Water tanks: 4,000\n", []),
        (
            "Floods have killed 90 people. The capital has recorded the highest number, 16, "
            "followed by Tumbes with 13.",
            [("killed", 90), ("killed", 16), ("killed", 13)],
        ),
        (
            "About 9,000 people fled. The north has the largest share, 5,100, the south the rest.",
            [("displaced", 9000), ("displaced", 5100)],
        ),
        ("The firm sold 900 cars. The north has the largest share, 510.", []),
        (
            "Floods have killed 90 people. Tacna has recorded the most deaths, 16, followed "
            "by Tumbes with 13.",
            [("killed", 90), ("killed", 16), ("killed", 13)],
        ),
        (
            "Floods have killed 90 people. Tacna has the most people in camps, 1,600.",
            [("killed", 90)],
        ),
        (
            "Some 1,400 people were evacuated. Tacna has recorded the most deaths, 16, followed "
            "by Tumbes with 13.",
            [("evacuated", 1400), ("killed", 16), ("killed", 13)],
        ),
        (
            "Deaths have been recorded in most regions. Lima has recorded the highest number, "
            "16, followed by Piura with 13.",
            [("killed", 16), ("killed", 13)],
        ),
        # a count's noun linked to its number by a phrasal verb, a revision, "as"
        ("The death toll went up to 192 on Friday.", [("killed", 192)]),
        (
            "The toll crept to around 940 before settling at 610.",
            [("killed", 940), ("killed", 610)],
        ),
        ("The death toll inched past 300 on Friday.", [("killed", 300)]),
        ("The boat edged to 45 metres from the shore.", []),
        # a metric's noun after an event's word ("storm deaths", "quake-related injuries")
        ("Officials had confirmed 14 storm deaths by Sunday.", [("killed", 14)]),
        ("The county recorded 23 flood-related deaths.", [("killed", 23)]),
        ("Some 20 quake injuries were treated overnight.", [("wounded", 20)]),
        ("There were 40 storms this year.", []),
        ("The number of missing has gone up from 14 to 19.", [("missing", 14), ("missing", 19)]),
        ("The injury count came down to 250 once duplicates were removed.", [("wounded", 250)]),
        ("Officials cut the death toll to 280 on Friday.", [("killed", 280)]),
        ("The ministry now gives the death toll as 310.", [("killed", 310)]),
        ("The death toll had been 140 on Monday.", [("killed", 140)]),
        ("The toll has since been revised down to 251.", [("killed", 251)]),
        (
            "The storm killed 300. The figure was later lowered to 290.",
            [("killed", 300), ("killed", 290)],
        ),
        (
            "The storm killed 300. The previous count had been 270.",
            [("killed", 300), ("killed", 270)],
        ),
        ("The firm cut 40 jobs to save money.", []),
        # a forecast, however the count would move
        ("He feared the number of dead could rise as high as 40,000.", []),
        ("Officials said the toll could climb to 5,000.", []),
        # pulled out of the rubble is a rescue, no evacuation
        ("Rescuers brought three people out of the rubble on Thursday.", []),
        ("Boats moved 3,000 residents out of the flooded district.", [("evacuated", 3000)]),
        ("The death toll went from 12 to 30 overnight.", [("killed", 30)]),
        (
            "The count of the dead had reached 248; it has since been lowered to 217.",
            [("killed", 248), ("killed", 217)],
        ),
        # who gave "the figure" says nothing of what it counts: the figure before it does
        (
            "The floods killed 100 people. The figure released by police later reached 156.",
            [("killed", 100), ("killed", 156)],
        ),
        (
            "The floods killed 100 people. The number of hostages released by the gang rose to 40.",
            [("killed", 100), ("returned", 40)],
        ),
        ("Of the 90 schools, 12 were shelters for families.", []),
        # the parts of a count just given, listed after "that is" or "they were"
        (
            "The toll stands at 215. That is 150 villagers, 40 soldiers and 25 police officers.",
            [("killed", 215), ("killed", 150), ("killed", 40), ("killed", 25)],
        ),
        (
            "About 90 people were hurt. They were 60 pilgrims and 30 tourists, doctors said.",
            [("wounded", 90), ("wounded", 60), ("wounded", 30)],
        ),
        # ... or opened by "of those", "of that number": who or where each part was
        (
            "The crash killed 270 people. Of that number, 241 were aboard the flight and 29 "
            "were people on the ground.",
            [("killed", 270), ("killed", 241), ("killed", 29)],
        ),
        (
            "At least 109 people died. Of those, 94 were in Kerr County and 15 were in other "
            "counties.",
            [("killed", 109), ("killed", 94), ("killed", 15)],
        ),
        ("At least 109 people died. Of those, 94 were buried on Friday.", [("killed", 109)]),
        # ... or opened by a count's noun of no metric of its own ("tally", "count")
        (
            "At least 70 people died. The monitor's tally included 35 soldiers, 32 gunmen "
            "and four civilians.",
            [("killed", 70), ("killed", 35), ("killed", 32), ("killed", 4)],
        ),
        (
            "Some 80 people were hurt. The count includes 50 pupils and 12 teachers.",
            [("wounded", 80), ("wounded", 50), ("wounded", 12)],
        ),
        ("At least 70 people died. The count included two days of fighting.", [("killed", 70)]),
        (
            "The crush killed 151 people. Ninety of them were identified by Monday.",
            [("killed", 151)],
        ),
        # the part of a count told apart by how badly
        (
            "At least 133 people were injured, 19 of them seriously.",
            [("wounded", 133), ("wounded", 19)],
        ),
        (
            "About 2,500 people were hurt, 164 of whom critically, police said.",
            [("wounded", 2500), ("wounded", 164)],
        ),
        # a force where it is, by "present"
        ("More than 16,000 soldiers are now present in the affected areas.", [("deployed", 16000)]),
        # a count given as a range by a verb of ranging
        ("Estimates of the missing have ranged from 100 to 500.", [("missing", 100)]),
        ("The death toll ranges between 200 and 300.", [("killed", 200)]),
        ("Ages of the dead ranged from 2 to 90.", []),
        ("Temperatures ranged from 30 to 40 degrees.", []),
        # a linked count told again at a later time
        (
            "The death toll rose to 27 on Thursday, then to 39 on Friday.",
            [("killed", 27), ("killed", 39)],
        ),
        (
            "The number of injured fell from 4,715 in the morning to 4,589 later that day.",
            [("wounded", 4715), ("wounded", 4589)],
        ),
        (
            "The count of missing climbed to 12 overnight, and to 20 by noon.",
            [("missing", 12), ("missing", 20)],
        ),
        (
            "The toll rose to 27, up from 20, and aid reached 12 villages.",
            [("killed", 27), ("killed", 20)],
        ),
        # people named by what befell them, then a verb of quantity
        ("Those who fled the fighting total about 4,000.", [("displaced", 4000)]),
        ("People who have fled the shelling now number more than 9,000.", [("displaced", 9000)]),
        ("Residents who were evacuated numbered 2,500 by nightfall.", [("evacuated", 2500)]),
        ("The refugees now number 40,000, the agency said.", [("displaced", 40000)]),
        ("Refugees from the region totalled 61,000 by Friday.", [("displaced", 61000)]),
        ("People who attended the rally numbered 3,000.", []),
        ("The toll could be as high as 800, aid groups said.", [("killed", 800)]),
        # a long description of what a toll counts before its verb
        (
            "The number of people killed by the floods that tore through the south of the "
            "country this week rose to 158.",
            [("killed", 158)],
        ),
        # admitted with injuries; killed or maimed; ordered to leave
        ("At least 14 people were admitted to hospital with injuries.", [("wounded", 14)]),
        ("About 3,000 patients with cholera were admitted to hospitals.", []),
        ("At least 11,000 children have been killed or maimed.", [("casualties", 11000)]),
        ("Some 3,000 residents were ordered to leave their homes.", [("evacuated", 3000)]),
        ("Ninety-five prisoners returned home on Friday.", [("returned", 95)]),
        ("The mission has 1,500 peacekeepers on the ground.", [("deployed", 1500)]),
        # how many live somewhere is no toll; a witness is no count
        ("In the town, a town of 25,000 people, at least 62 people died.", [("killed", 62)]),
        ('"We lost everything," said one man who was wounded in the leg.', []),
        # a part told apart by where or what it did is a figure; a breakdown is not
        (
            "The storm killed 31 people in the province, including seven in the capital.",
            [("killed", 31), ("killed", 7)],
        ),
        # ... after a colon or in brackets
        (
            "The minister says 95 people have died: 92 in Lorca, two in Murcia and one in Alhama.",
            [("killed", 95), ("killed", 92), ("killed", 2), ("killed", 1)],
        ),
        (
            "Seven people died in the south (six in Lorca and one in Murcia).",
            [("killed", 7), ("killed", 6), ("killed", 1)],
        ),
        # who died, counted by a link: "the number of people who died stands at N"
        (
            "The number of people who have died in the region as a result of the floods "
            "stands at 219.",
            [("killed", 219)],
        ),
        ("The number of people who died rose to 40 on Friday.", [("killed", 40)]),
        # the same count told again exactly, by its source
        (
            "More than 4,000 people were injured — 4,027 according to the latest count — "
            "and more are missing.",
            [("wounded", 4000), ("wounded", 4027)],
        ),
        (
            "More than 4,000 people were injured, 4,027 according to the ministry.",
            [("wounded", 4000), ("wounded", 4027)],
        ),
        # a count's change tells its earlier value, with its subject alone
        ("The missing figure fell from 17,541 a day earlier.", [("missing", 17541)]),
        ("The death toll has risen from 200.", [("killed", 200)]),
        ("Temperatures fell from 40 degrees overnight.", []),
        ("Prices rose from 200 to 300 dollars.", []),
        (
            "Some 90,000 people have fled, including 25,000 who crossed into the hills.",
            [("displaced", 90000), ("displaced", 25000)],
        ),
        (
            "About 300 people, including 44 elderly and 139 children, were evacuated.",
            [("evacuated", 300)],
        ),
        ("At least 500 people died, among them about 150 children.", [("killed", 500)]),
        # a part told apart by how badly it was hurt is one of its own
        (
            "Some 149 people were injured, of whom 116 suffered minor injuries.",
            [("wounded", 149), ("wounded", 116)],
        ),
        (
            "About 300 people were hurt, including 40 with serious wounds.",
            [("wounded", 300), ("wounded", 40)],
        ),
        # a toll told out by place, after a figure or a partitive opening
        (
            "Among the dead were 14 people in the north and 17 in the coastal district.",
            [("killed", 14), ("killed", 17)],
        ),
        (
            "Of the dead, 155 were in the capital region, two in the hills and one on the coast.",
            [("killed", 155), ("killed", 2), ("killed", 1)],
        ),
        ("Of those injured, 40 remain in hospital.", [("wounded", 40)]),
        ("Of the dead, more than 60 were in the capital.", [("killed", 60)]),
        # a day before "to" and a smaller number: no span of days, a count's new value
        (
            "The release brought the number of people freed since November 24 to 23.",
            [("returned", 23)],
        ),
        ("The death toll for November 24 to 28 rose to 40.", [("killed", 40)]),
        # a count of captives named by their people
        (
            "Officials said the raid raised the number of Varnian hostages to 22.",
            [("captured", 22)],
        ),
        ("The number of Ostrian POWs held in Varnia is about 800.", [("captured", 800)]),
        # an aside between commas, then the verb of what befell them, or of what lasts
        ("One captive, a teacher, died in the camp.", [("killed", 1)]),
        ("Some 40 sailors, seized in November, remain in captivity.", [("captured", 40)]),
        ("About 300 villagers, most of them farmers, remain missing.", [("missing", 300)]),
        ("About 300 villagers, most of them farmers, remain at home.", []),
        # "shifted" as "moved": into shelters is displaced, before a hazard evacuated
        ("About 8,000 people had been shifted to relief camps.", [("displaced", 8000)]),
        (
            "Some 9,400 people had been shifted to shelters before the cyclone arrived.",
            [("evacuated", 9400)],
        ),
        ("Officials shifted 600 villagers to evacuation centres.", [("evacuated", 600)]),
        # an arrest by armed forces is a capture; one by police is none
        ("The navy arrested 19 fishermen off the island.", [("captured", 19)]),
        ("Twenty-one fishermen were arrested by the coast guard.", [("captured", 21)]),
        ("Army troops detained about 40 villagers overnight.", [("captured", 40)]),
        ("Police arrested 20 men on suspicion of looting.", []),
        ("Twenty men were arrested by police after the fire.", []),
        # a part told by who they are, "among" the count after it
        (
            "Two teachers were among the 150 people killed in the blast.",
            [("killed", 2), ("killed", 150)],
        ),
        ("Three nurses are among at least 20 people injured.", [("wounded", 3), ("wounded", 20)]),
        ("Two houses were among the 150 buildings destroyed.", []),
        # "N in three days" is a count over a time, not a ratio ("one in three")
        ("The heat has killed 425 people in three days.", [("killed", 425)]),
        ("The toll has climbed to 425 in three days.", [("killed", 425)]),
        ("One in three people in the camp fell ill.", []),
        # a table's cells on one line, each its own count
        (
            "1,714 people affected | 823 people evacuated | 56 people injured | 11 people "
            "killed | 17 shelters",
            [("evacuated", 823), ("wounded", 56), ("killed", 11)],
        ),
        # a list of counts closed by "respectively": each of the metric named in its place
        (
            "The death and injury counts were unchanged at 12 and 9 respectively.",
            [("killed", 12), ("wounded", 9)],
        ),
        (
            "The numbers of dead and injured stood at 21 and 9, respectively.",
            [("killed", 21), ("wounded", 9)],
        ),
        (
            "The killed and missing figures rose to 40 and 12 respectively.",
            [("killed", 40), ("missing", 12)],
        ),
        (
            "The dead and injured rose to 21 and 9 from 18 and 7 respectively.",
            [("killed", 21), ("wounded", 9), ("killed", 18), ("wounded", 7)],
        ),
        ("Deaths and injuries fell by 12 and 9 per cent respectively.", []),
        ("Among those evacuated, about 900 were children.", [("evacuated", 900)]),
        # a figure noun with its own relative clause; an earlier value "well above the"
        (
            "The quake has killed 250 people. That is close to the official figure, which the "
            "ministry raised to 300 on Sunday.",
            [("killed", 250), ("killed", 300)],
        ),
        ("The death toll, which officials raised to 300 on Sunday, may rise.", [("killed", 300)]),
        (
            "The agency said 43,059 people had been forced from their homes, well above the "
            "30,000 it reported last week.",
            [("displaced", 43059), ("displaced", 30000)],
        ),
        # a note's figures, without a verb
        ("Numbers check: bodies recovered so far 1.5k+, half of them buried.", [("killed", 1500)]),
        ("Deaths confirmed to date: 320.", [("killed", 320)]),
        # a partitive opening with what befell them
        (
            "Of those who have left the city, 1,320 have moved to the coast and 730 to the hills.",
            [("displaced", 1320), ("displaced", 730)],
        ),
        # an age after a name is no count
        ("Among those unaccounted for is Hameed Bhatti, 47.", []),
        ("The dead included Ahmed Ali, 34, a teacher.", []),
        # after initials, or after a person told by what they are
        ("Ravi K.S., 21, a student at the university, was killed in the shelling.", []),
        ("The driver, 45, was killed when the bus left the road.", []),
        ("Her son, 12, was among the 40 injured.", [("wounded", 40)]),
        # a place set off by a comma is no name before an age
        ("In Kharkiv, 21 were killed, officials said.", [("killed", 21)]),
        # a loss told by what befell the men; a part's own fate; a part of its own kind
        ("The brigade lost two men killed and seven wounded.", [("killed", 2), ("wounded", 7)]),
        ("Russia lost 4,000 men killed and wounded.", [("casualties", 4000)]),
        ("As of 12 February, 22 of the displaced had returned.", [("returned", 22)]),
        ("Eight of the wounded were evacuated by air.", [("evacuated", 8)]),
        (
            "The unit suffered 4,700 casualties, including around 600 deaths.",
            [("casualties", 4700), ("killed", 600)],
        ),
        ("About 1,000 wounded soldiers had been flown back home.", [("returned", 1000)]),
        # people with injuries are wounded, wherever they are taken
        ("Hospitals were treating more than 200 people with burns.", [("wounded", 200)]),
        ("Doctors flew three patients with critical burns to Honolulu.", [("wounded", 3)]),
        ("Twelve children with gunshot wounds were brought to the clinic.", [("wounded", 12)]),
        ("About 300 residents with disabilities were evacuated.", [("evacuated", 300)]),
        (
            "By Saturday 100,417 people had crossed from Nagorno-Karabakh into Armenia.",
            [("displaced", 100417)],
        ),
        # a relative clause tells what befell them, the main verb that it has ended
        (
            "Officials said 1,732 people who had been reported missing had been found safe.",
            [],
        ),
        ("About 300 people who were reported missing have since been located.", []),
        ("Police have located 152 people who had been reported missing.", []),
        (
            "Officials said 1,732 people who had at one point been reported missing had been "
            "found safe.",
            [],
        ),
        ("Rescuers located 40 people who had been killed in the mudslide.", [("killed", 40)]),
        ("About 40 people who went missing on Sunday are still being sought.", [("missing", 40)]),
        ("Some 200 people who were injured in the blast have been discharged.", [("wounded", 200)]),
        # leaving a named place; foreigners leaving another people's country are evacuated
        ("Close to half a million people have left Port-au-Prince.", [("displaced", 500000)]),
        ("Up to 300,000 people left Wad Madani as the fighting neared.", [("displaced", 300000)]),
        ("About 20,000 Ukrainians have left Ukraine since Thursday.", [("displaced", 20000)]),
        ("Close to 17,000 Indian nationals have left Ukraine.", [("evacuated", 17000)]),
        # ... going back or sent back, they return; entering their own country, too
        (
            "More than 165,000 Afghans have left Pakistan since it said it would deport "
            "migrants without papers.",
            [("returned", 165000)],
        ),
        (
            "Some 40,000 Burundians have crossed from Tanzania since the expulsions began.",
            [("returned", 40000)],
        ),
        ("Around 5,000 Afghans crossed into Kandahar province on Wednesday.", [("returned", 5000)]),
        # ... by air or by sea, too; a participle right after the noun says who they are, the
        # verb after it what they did
        ("About 212 Filipinos landed in Manila on Sunday.", [("returned", 212)]),
        # ... and people named by what befell them arrive as what they are
        (
            "Three planes carrying 1,171 returnees landed in Addis Ababa on Monday.",
            [("returned", 1171)],
        ),
        ("A flight carrying 212 evacuees landed in Delhi.", [("evacuated", 212)]),
        ("About 300 refugees arrived in Chad on Sunday.", [("displaced", 300)]),
        ("About 180 Rohingya landed in Aceh overnight.", [("displaced", 180)]),
        ("About 300 Russian paratroopers landed in Aleppo.", [("deployed", 300)]),
        (
            "About 300 Filipino nurses evacuated from Israel landed in Manila on Sunday.",
            [("returned", 300)],
        ),
        (
            "Some 90 people evacuated from the valley returned home on Friday.",
            [("returned", 90)],
        ),
        ("Twelve people injured in the crash died in hospital.", [("killed", 12)]),
        ("Some 40 soldiers wounded in the attack were flown to Kyiv.", [("wounded", 40)]),
        (
            "About 300 people evacuated from the valley, and 40 more, were safe.",
            [("evacuated", 300)],
        ),
        ("About 500 of them crossed back into Nepal last weekend.", [("returned", 500)]),
        # "crossed back", from where they were or into where they are from, whoever crosses
        ("Some 12,000 Varnians crossed back from Ostria in March.", [("returned", 12000)]),
        (
            "About 800 of the contingent's soldiers were crossing back over the border.",
            [("returned", 800)],
        ),
        ("Nearly 2,000 fishermen cross back each season.", [("returned", 2000)]),
        # people sent across a border against their will, unless to their own country
        (
            "At least 5,754 Ukrainian children were illegally deported to Russia.",
            [("displaced", 5754)],
        ),
        (
            "The portal lists 19,453 children as deported or forcibly transferred.",
            [("displaced", 19453)],
        ),
        ("More than 20,000 Afghans were deported to Afghanistan.", [("returned", 20000)]),
        # people on the move across a named land or sea
        (
            "Close to 250,000 Venezuelans have crossed the Darién Gap since January.",
            [("displaced", 250000)],
        ),
        ("Some 300 migrants crossed the Mediterranean last week.", [("displaced", 300)]),
        ("About 300 troops crossed the Dnipro on Monday.", []),
        ("Some 5,000 Ukrainians crossed from Ukraine into Poland.", [("displaced", 5000)]),
        (
            "More than 50,000 Lebanese and Syrians have crossed into Syria.",
            [("displaced", 50000)],
        ),
        ("Some 1,500 Chinese citizens fled Sudan on navy ships.", [("evacuated", 1500)]),
        # a verb of carrying, its count, then "home": people brought back
        ("Nine flights have brought about 2,000 people home.", [("returned", 2000)]),
        ("Fifteen flights landed, carrying 3,352 Indians home.", [("returned", 3352)]),
        ("The airline flew 240 stranded students back home on Sunday.", [("returned", 240)]),
        ("The ship brought 500 migrants back to their country.", [("returned", 500)]),
        ("The ferry carried 300 passengers to the island.", []),
        # ... while a verb of sending with a list of objects still sends a force
        (
            "Washington has sent two carrier groups, air defence batteries and about 1,200 "
            "extra troops to the region.",
            [("deployed", 1200)],
        ),
        # an initialism with its dots; a number in words after a month is no date
        ("Some 40,000 U.S. troops are now stationed in the region.", [("deployed", 40000)]),
        ("In December, six soldiers were killed in one attack.", [("killed", 6)]),
        ("On December 6 soldiers were killed.", []),
        # a forecast of a count is none; an estimate of what happened is one
        ("Officials spoke of a deployment that could eventually reach 12,000 troops.", []),
        ("The death toll is expected to rise to 500.", []),
        ("There are 11,000 North Korean troops in Russia.", [("deployed", 11000)]),
        # still unaccounted for, still missing
        ("Eighteen fishermen are still missing.", [("missing", 18)]),
        ("More than 9,000 people remain unaccounted for.", [("missing", 9000)]),
        ("Forty-three miners are still unaccounted for.", [("missing", 43)]),
        ("Some 200 people remain missing after the landslide.", [("missing", 200)]),
        ("The UN said up to 500 people may be missing.", [("missing", 500)]),
        # hostages and the kidnapped: taken, held, counted by what befell them
        ("Gunmen abducted 30 students from a school in Kaduna.", [("captured", 30)]),
        ("More than 200 villagers were kidnapped in the raid.", [("captured", 200)]),
        ("Militants took 251 hostages in the attack.", [("captured", 251)]),
        ("Some 250 people were taken hostage at the festival.", [("captured", 250)]),
        ("Pirates are holding 17 crew members hostage.", [("captured", 17)]),
        ("About 137 hostages remain in Gaza.", [("captured", 137)]),
        ("The families of 199 hostages have been told.", [("captured", 199)]),
        ("Twenty people are still being held, the ministry said.", [("captured", 20)]),
        ("The number of hostages rose to 222 on Monday.", [("captured", 222)]),
        # captives where they are held are not a force sent there
        ("About 140 POWs remain in Ukraine.", [("captured", 140)]),
        ("About 300 soldiers remain in Kursk.", [("deployed", 300)]),
        ("Two officers are being held responsible for the crash.", []),
        # freed, released
        ("Forty-nine hostages were freed on Sunday.", [("returned", 49)]),
        # back where they came from; the displaced leaving where they sheltered
        ("Forty-six of the hostages are back in Israel.", [("returned", 46)]),
        ("More than 110,000 displaced people have left the camps.", [("returned", 110000)]),
        ("About 2,000 people left the shelters as the water fell.", [("returned", 2000)]),
        ("Some 5,000 people fled the camps when the shelling began.", [("displaced", 5000)]),
        # a copular total told as likely is still told; a forecast is not
        ("The number of people killed is likely at least 120.", [("killed", 120)]),
        ("The death toll is probably above 300.", [("killed", 300)]),
        ("The death toll is likely to rise above 300.", []),
        # a long aside of words between a toll and its verb
        (
            "The confirmed death toll, which crept upward for almost two weeks as searchers "
            "picked their way along buried trails, now stands at 18.",
            [("killed", 18)],
        ),
        # a list of the missing, told as a count that moves
        ("The list of people unaccounted for grew to 323 on Tuesday.", [("missing", 323)]),
        (
            "Toll passes 100 as list of unaccounted-for swells to 332",
            [("killed", 100), ("missing", 332)],
        ),
        # no longer alive; gone missing
        ("At least 41 of the captives are no longer alive.", [("killed", 41)]),
        ("More than 100 recruits had gone missing, the ministry said.", [("missing", 100)]),
        # the number of a force named in three words
        (
            "The number of Self-Defense Forces personnel in the zone has been doubled to 2,000.",
            [("deployed", 2000)],
        ),
        # a force where a disaster or a war struck; people who joined an army
        ("About 1,000 troops had reached the quake zone by Tuesday.", [("deployed", 1000)]),
        ("About 6,100 soldiers were now working in the disaster zone.", [("deployed", 6100)]),
        ("Some 3,000 people were living in the disaster zone.", []),
        ("More than 200 Nepalis have enlisted in the Russian army.", [("deployed", 200)]),
        # people who fight in a war, took part in it or were recruited into it, whatever the
        # noun that counts them
        ("About 400 Chileans are fighting in Ukraine on the Russian side.", [("deployed", 400)]),
        ("Some 150 Colombians fought for Ukraine last year.", [("deployed", 150)]),
        ("At least 90 Serbs were fighting alongside Russian troops.", [("deployed", 90)]),
        ("About 60 Georgians are fighting on the Ukrainian side.", [("deployed", 60)]),
        ("At least 1,076 Syrians had taken part in the fighting.", [("deployed", 1076)]),
        ("Roughly 300 Afghans participated in the offensive.", [("deployed", 300)]),
        ("Moscow has recruited at least 2,000 Syrians.", [("deployed", 2000)]),
        ("Some 2,000 Syrians were recruited by Russia.", [("deployed", 2000)]),
        ("About 400 Serbs have signed up to fight for Russia.", [("deployed", 400)]),
        ("Officials said about 200 Serb recruits had signed contracts.", [("deployed", 200)]),
        ("Two more Serbs recruited by Russia were killed.", [("killed", 2)]),
        ("Eighteen Serbs are still with the Russian forces.", [("deployed", 18)]),
        ("Officials put the number currently serving at 150 to 200.", [("deployed", 150)]),
        ("Six Serb men still sit in Ukrainian prisoner-of-war camps.", [("captured", 6)]),
        ("About 40 villagers were rescued with the army's help.", []),
        # soldiers who went somewhere, or went to do a soldier's work
        ("He said 35 soldiers had gone to Libya.", [("deployed", 35)]),
        ("About 35 personnel went to coordinate and train.", [("deployed", 35)]),
        ("Some 300 tourists went to Dubai last year.", []),
        ("About 40,000 people are fighting for their lives after the storm.", []),
        ("Some 200 residents were fighting the eviction in court.", []),
        # a force at work where a disaster struck
        (
            "The army said 19,922 soldiers were directly engaged in flood relief.",
            [("deployed", 19922)],
        ),
        ("Some 100 soldiers were helping to shore up the dyke.", [("deployed", 100)]),
        ("Nearly 1,300 gendarmes are now patrolling the islands.", [("deployed", 1300)]),
        # coordinated nouns of a force, the first of two words
        (
            "Some 1,600 police officers and gendarmes are now deployed across the region.",
            [("deployed", 1600)],
        ),
        ("Three police officers and a firefighter were injured.", [("wounded", 3)]),
        # a list of people nouns joined by commas and closed by "and"/"or" is one noun
        (
            "More than 14,000 soldiers, sailors and airmen are now deployed in the region.",
            [("deployed", 14000)],
        ),
        ("The shelling killed 30 men, women and children.", [("killed", 30)]),
        ("At least 52 men, women and children were killed in the raid.", [("killed", 52)]),
        (
            "Some 900 farmers, herders or traders had fled the district by Friday.",
            [("displaced", 900)],
        ),
        # an aside after a comma is not a list: the noun is the first one
        (
            "Some 40,000 people, mostly women and children, fled the town overnight.",
            [("displaced", 40000)],
        ),
        # people told to leave, or under orders to
        ("About 60,000 residents were ordered out of the valley.", [("evacuated", 60000)]),
        # ... by whoever told them, past who they were
        (
            "Officials told around 4,000 residents of riverside districts to leave.",
            [("evacuated", 4000)],
        ),
        (
            "Police urged 2,000 people living by the river to leave their homes.",
            [("evacuated", 2000)],
        ),
        ("The mayor told 300 reporters to leave the press room.", []),
        ("By noon 179,783 people were under mandatory orders.", [("evacuated", 179783)]),
        ("Officials told 20 reporters to get out of the way.", []),
        # people off an island, to the mainland
        (
            "So far 612 residents have been transported to the mainland.",
            [("evacuated", 612)],
        ),
        ("Some 46 people were taken off the island to the mainland.", [("evacuated", 46)]),
        ("Roughly 700 islanders have now crossed to the mainland.", [("evacuated", 700)]),
        # people counted as homeless, or looked after where they shelter
        ("Some 372 people are now classed as homeless or displaced.", [("displaced", 372)]),
        (
            "Social workers are looking after 797 people at 20 support points.",
            [("displaced", 797)],
        ),
        # people who moved into shelters before a storm struck were evacuated
        (
            "Over 800,000 people were moved into shelters ahead of the cyclone.",
            [("evacuated", 800000)],
        ),
        (
            "A total of 808,510 people took shelter in cyclone centres before the landfall.",
            [("evacuated", 808510)],
        ),
        ("Some 5,000 people are still in shelters after the cyclone.", [("displaced", 5000)]),
        # people in shelters, or with no home to live in
        ("More than 3,000 people had gone to storm shelters.", [("displaced", 3000)]),
        ("About 260 persons were registered in shelters nationwide.", [("displaced", 260)]),
        ("Around 2,500 residents had no habitable home.", [("displaced", 2500)]),
        ("More than 1,000 people are still living away from their homes.", [("displaced", 1000)]),
        ("About 1,300 are still unable to live in their houses.", [("displaced", 1300)]),
        ("Some 400 villagers cannot stay in their own homes.", [("displaced", 400)]),
        ("Nearly 9,000 Ostlanders had entered northern Varnia.", [("displaced", 9000)]),
        # people come by sea are arrivals who fled; soldiers who land are a force
        ("More than 800 Rohingya have come ashore since Tuesday.", [("displaced", 800)]),
        ("About 180 migrants landed on the beach at dawn.", [("displaced", 180)]),
        ("About 300 marines came ashore on Friday.", [("deployed", 300)]),
        # a force given to a disaster's work
        (
            "More than 7,500 firefighters had been committed to the fires.",
            [("deployed", 7500)],
        ),
        ("Some 14,000 personnel were assigned to the wildfires.", [("deployed", 14000)]),
        ("About 15,000 soldiers were mobilised for the floods.", [("deployed", 15000)]),
        ("Three detectives were assigned to the case.", []),
        # a relative clause's verbs joined by "and", then the main clause's verb
        (
            "Three Kenyans who served in the Russian army and were wounded have come home.",
            [("returned", 3)],
        ),
        (
            "About 300 troops who arrived in May and fought in the north have returned home.",
            [("returned", 300)],
        ),
        # ... and with a main verb of no count, what befell them after what they did
        (
            "Two veterans who fought for Ukraine and were seized at an airport have been "
            "sentenced.",
            [("captured", 2)],
        ),
        ("Two soldiers who were captured in May remain in Kyiv.", [("captured", 2)]),
        (
            "About 100 recruits who are missing or wounded have not been found.",
            [("missing", 100)],
        ),
        # a killing is a death someone caused
        ("Monitors documented at least 803 killings in four days.", [("killed", 803)]),
        ("The UN has verified 148 killings of civilians.", [("killed", 148)]),
        ("Killings in the province rose to 450 last month.", [("killed", 450)]),
        # a place phrase after the noun, however many names it has, then the clause's verb
        ("Close to 3,500 people in Varnia and Ostland are displaced.", [("displaced", 3500)]),
        (
            "Some 1,200 people on Lamu, Pate and Manda have been evacuated.",
            [("evacuated", 1200)],
        ),
        ("At least 80 people in Kenya and in Uganda have died.", [("killed", 80)]),
        ("About 300 soldiers in Mali died in the attack.", [("killed", 300)]),
        ("Some 3,500 people in the Rift Valley fled.", [("displaced", 3500)]),
        # ... and a verb with its own count after the place: what the noun did to others
        ("Some 400 troops in Mali have killed 30 militants.", [("killed", 30)]),
        # people forced or driven from where they lived, by its noun or its name
        ("More than 400,000 residents were forced from the camp.", [("displaced", 400000)]),
        ("About 12,000 people were driven out of the town in May.", [("displaced", 12000)]),
        ("The offensive forced 90,000 people out of Mosul.", [("displaced", 90000)]),
        ("Some 2,500 people were forced out of their neighbourhoods.", [("displaced", 2500)]),
        ("Thirty officials were forced out of office.", []),
        ("The strike drove 40 firms out of business.", []),
        # a comma with no closing "and" ends the noun: what follows is another clause
        ("The attack killed 300 soldiers, officials said.", [("killed", 300)]),
        ("About 110 firefighters were already on the islands.", [("deployed", 110)]),
        (
            "By Sunday 26,081 soldiers had been committed to the flood effort.",
            [("deployed", 26081)],
        ),
        ("About 40 volunteers were helping at the shelter.", []),
        # a group is a force only of soldiers
        ("A wider group of 28,500 people is counted as affected.", []),
        ("A group of 85 hikers were stranded on the ridge.", []),
        ("The army is releasing a second group of 39 prisoners.", [("captured", 39)]),
        ("A group of 300 soldiers arrived in the capital.", [("deployed", 300)]),
        ("The group of 400 police officers landed on Tuesday.", [("deployed", 400)]),
        ("Some 2,000 firefighters were battling the blaze.", [("deployed", 2000)]),
        (
            "Army: 14,000 soldiers now fighting the floods, 4,000 people evacuated",
            [("deployed", 14000), ("evacuated", 4000)],
        ),
        ("Some 300 residents were helping to clear the mud.", []),
        # an act's noun after a body's approval is a plan
        ("The council authorised the deployment of 2,000 troops.", []),
        ("Parliament approved a dispatch of 500 police officers.", []),
        ("The deployment of 2,000 troops was completed on Monday.", [("deployed", 2000)]),
        # ... were drawn into one, serve or are held in one, and left or came back from it
        (
            "The ministry said 91 Indians had been recruited into the Russian army.",
            [("deployed", 91)],
        ),
        ("Some 40 Sri Lankans were hired by the Russian military as cooks.", [("deployed", 40)]),
        ("About 300 Nepalis joined the Russian army last year.", [("deployed", 300)]),
        ("At least 120 Cubans have served in Russia's armed forces.", [("deployed", 120)]),
        ("Eighteen Indians remain in the Russian army, the ministry said.", [("deployed", 18)]),
        ("About 20 Indians were stuck as helpers with the Russian army.", [("deployed", 20)]),
        ("Twelve Indians have left the Russian army.", [("returned", 12)]),
        # those held, told as what they are now
        ("At least four Nepalis are prisoners of war in Ukraine.", [("captured", 4)]),
        ("Some 40 Indians are now POWs, the ministry said.", [("captured", 40)]),
        ("About 240 people remain hostages in Gaza.", [("captured", 240)]),
        ("Six men are in Ukrainian prisoner-of-war camps.", [("captured", 6)]),
        ("Twelve are prisoners of conscience.", []),
        # held by a side of a war, not suspects in police custody
        ("Some 300 soldiers are in Ukrainian custody.", [("captured", 300)]),
        ("Kyiv says 40 Russian soldiers are in its custody.", [("captured", 40)]),
        ("Police now have 24 people in custody in connection with the bombings.", []),
        ("More than 20 port officials are in custody.", []),
        ("Forty-five Nepalis were discharged from the Russian military.", [("returned", 45)]),
        ("About 85 of the recruits have come back, the ministry said.", [("returned", 85)]),
        ("About 300 rebels fought the army near the town.", []),
        ("Twelve villagers were taken by the army to an unknown place.", []),
        ("In all, 91 Indians had been taken into the Russian army.", [("deployed", 91)]),
        ("About 200 civilians were trapped with the army in the town.", []),
        ("Some 40 students were taken to the military hospital for tests.", []),
        # led out of where they were trapped (not inmates walking out of a prison)
        ("Rescuers escorted 44 people out of the tunnel.", [("evacuated", 44)]),
        ("Some 44 stranded hikers were escorted out of the gorge.", [("evacuated", 44)]),
        ("About 100 inmates walked out of a prison whose walls fell.", []),
        ("The two sides released 230 prisoners each.", [("returned", 230)]),
        ("Ninety-five prisoners of war were released in the exchange.", [("returned", 95)]),
        # moved out of, taken to safety
        ("Authorities moved more than 4,000 people out of the flood zone.", [("evacuated", 4000)]),
        ("Soldiers took 600 residents out of the besieged town.", [("evacuated", 600)]),
        ("Some 1,500 people were moved to safety overnight.", [("evacuated", 1500)]),
        # copular totals, in every tense and in headlines
        ("The official toll now stands at 4,331.", [("killed", 4331)]),
        ("The toll rose from 3,252 to 3,958 on Sunday.", [("killed", 3252), ("killed", 3958)]),
        ("The toll had risen from 225 to 326 by Thursday.", [("killed", 225), ("killed", 326)]),
        ("The number of injured has fallen from 900 to 870.", [("wounded", 900), ("wounded", 870)]),
        # a list between the noun and its verb is no clause of its own
        (
            "The number of people displaced by floods, strong winds and mudslides stands at "
            "65,278.",
            [("displaced", 65278)],
        ),
        (
            "The death toll, officials said, rose to 300.",
            [("killed", 300)],
        ),
        # "it", opening the sentence after a count, is that count
        (
            "The death toll rose to 300 on Monday. By Wednesday, it stood at 450.",
            [("killed", 300), ("killed", 450)],
        ),
        (
            "For a week the injury count hovered around 1,500. Then it leapt to 12,000.",
            [("wounded", 1500), ("wounded", 12000)],
        ),
        ("The death toll rose to 300. By Friday it had reached 450 km inland.", [("killed", 300)]),
        ("The death toll rose to 300. It was the worst disaster in 40 years.", [("killed", 300)]),
        (
            "The toll rose to 300. Nobody has updated the count of the injured since Saturday, "
            "when it stood at 8,278.",
            [("killed", 300), ("wounded", 8278)],  # (the count it names, not the toll)
        ),
        # a toll revised down, or holding, is linked as one rising is
        ("The toll fell to 3,958 after a recount.", [("killed", 3958)]),
        ("The death toll was revised down to 3,958.", [("killed", 3958)]),
        ("The UN lowered the death toll to 3,958 on Monday.", [("killed", 3958)]),
        ("The number of missing dropped to 41 overnight.", [("missing", 41)]),
        ("The death toll hovered at about 300 for days.", [("killed", 300)]),
        ("The injury count stood at 870.", [("wounded", 870)]),
        ("For a week the injury toll hovered around 1,500.", [("wounded", 1500)]),
        ("The death toll fell sharply, to the relief of officials.", []),
        ("Nepal quake death toll tops 8,000", [("killed", 8000)]),
        ("The number of people killed rose above 21,000 on Thursday.", [("killed", 21000)]),
        ("Quake death toll climbs past 21,000", [("killed", 21000)]),
        ("Flood toll passes 100 as waters rise", [("killed", 100)]),
        ("The latest recovery took the number of confirmed dead to 82.", [("killed", 82)]),
        (
            "The WHO said 3,958 deaths were confirmed, up from 3,252 on Saturday.",
            [("killed", 3958), ("killed", 3252)],
        ),
        # "against" compares a number after a comma or a bare one; before a noun of its
        # own it says at whom something was aimed
        (
            "The toll rose to 1,200 on Friday, against 900 a week earlier.",
            [("killed", 1200), ("killed", 900)],
        ),
        ("The toll is 1,200 against 900 on Monday.", [("killed", 1200), ("killed", 900)]),
        (
            "The report records violence against at least 104 people and says that 4,000 "
            "residents fled the camp.",
            [("displaced", 4000)],
        ),
        (
            "Threats against 30 journalists were logged as 2,000 people fled the city.",
            [("displaced", 2000)],
        ),
        # a force counted where it stands
        (
            "Russia has upwards of 130,000 troops positioned around its neighbour.",
            [("deployed", 130000)],
        ),
        ("Analysts counted no fewer than 48,000 troops near the border.", [("deployed", 48000)]),
        ("The grouping on the frontier exceeds 27 000 servicemen.", [("deployed", 27000)]),
        ("Drills involving some 6,000 troops began on Tuesday.", [("deployed", 6000)]),
        # a force in an operation, told by a verb with no auxiliary before it
        ("About 4,000 soldiers took part in the offensive.", [("deployed", 4000)]),
        ("Some 1,200 marines fought alongside the army in the north.", [("deployed", 1200)]),
        ("More than 900 troops participated in the assault on the port.", [("deployed", 900)]),
        ("Around 2,500 troops joined the counter-offensive on Monday.", [("deployed", 2500)]),
        ("About 4,000 runners took part in the marathon.", []),
        ("Around 2,500 volunteers joined the clean-up on Monday.", []),
        ("A 2,000-strong force crossed the river.", [("deployed", 2000)]),
        # a number its own verb follows after "and" opens a clause: no object of the verb
        # before it
        (
            "The quake killed 663 people and 28,775 are now living in temporary shelters.",
            [("killed", 663), ("displaced", 28775)],
        ),
        (
            "The storm killed 40 people and about 3,000 remain in camps.",
            [("killed", 40), ("displaced", 3000)],
        ),
        ("The blast killed 12 soldiers and wounded 30.", [("killed", 12), ("wounded", 30)]),
        # "strong" of other things than a force
        ("Two strong aftershocks jolted the coast on Friday.", []),
        # estimates of what happened, not forecasts
        ("As many as 600 people may have died in the collapse.", [("killed", 600)]),
        ("The storm could kill 200 people, forecasters warned.", []),
        ("Up to 200 could be killed if the dam fails.", []),
        ("About 30,000 people could be displaced if the dam fails.", []),
        # counts of something else
        ("The 16-member bloc sent a separate force.", []),
        ("At least five different death tolls have circulated.", []),
        ("Roughly one resident in three is now without a home.", []),
        ("The Red Cross delivered 6,000 body bags.", []),
        # a force where it is: hosted, housed, in a mission, from many countries, arrived
        ("The mission has about 8,000 troops from some 40 countries.", [("deployed", 8000)]),
        ("Spain alone has more than 500 soldiers in the force.", [("deployed", 500)]),
        ("Denmark has about 650 troops in the mission.", [("deployed", 650)]),
        ("The base houses about 300 Marines and sailors.", [("deployed", 300)]),
        ("The country hosts 10,000 foreign soldiers.", [("deployed", 10000)]),
        ("About 1,200 fresh troops had reached the border area by Friday.", [("deployed", 1200)]),
        # carried away by air
        ("About 3,000 foreign nationals had been flown out of Sudan.", [("evacuated", 3000)]),
        ("Planes flew 450 stranded tourists out of the island.", [("evacuated", 450)]),
        # a part of a whole: what befell the part is no count of the whole
        (
            "About 300 of the 9,000 Chadian troops in Sudan have been killed.",
            [("killed", 300)],
        ),
        ("At least 40 of the 120 miners trapped underground have died.", [("killed", 40)]),
        ("Twelve of the 40 passengers on board were killed.", [("killed", 12)]),
        # (a whole the clause itself counts keeps its own verb)
        (
            "The army lost 5,000 men, nearly half of the 11,000 soldiers Pyongyang dispatched.",
            [("casualties", 5000), ("deployed", 11000)],
        ),
        # the next name of a list, with "with": what the one before it counted
        (
            "The worst-hit province was Kerman with 800 deaths, followed by Yazd with 350.",
            [("killed", 800), ("killed", 350)],
        ),
        (
            "Most victims were in Lorca, with 120 dead, followed by Murcia with 45.",
            [("killed", 120), ("killed", 45)],
        ),
        ("The capital has 300 beds, followed by Yazd with 350.", []),
        # ... with where the name lies, or its count told after its possessive
        (
            "Kerman counted 800 deaths, followed by Yazd in the north with about 350.",
            [("killed", 800), ("killed", 350)],
        ),
        (
            "The Kerman toll stands at about 800 and Yazd's at more than 350.",
            [("killed", 800), ("killed", 350)],
        ),
        # ... the first name after a colon, a name's own place after it, an aside between
        # commas, or its count in brackets
        (
            "The agency lists 210 deaths across the region: Rimac 100, Lurin 60 and Ica 30.",
            [("killed", 210), ("killed", 100), ("killed", 60), ("killed", 30)],
        ),
        (
            "The report counts 240 deaths in the past 72 hours: Rimac 100 and Lurin 60.",
            [("killed", 240), ("killed", 100), ("killed", 60)],
        ),
        (
            "The crossings saw 40,000 returnees: Akcakale in Urfa 20,000 and Cilvegozu in "
            "Hatay with 12,000.",
            [("returned", 40000), ("returned", 20000), ("returned", 12000)],
        ),
        (
            "Oaxaca has recorded 61 deaths, and Chiapas, further east, 19.",
            [("killed", 61), ("killed", 19)],
        ),
        (
            "The toll rose to 97; the rest were in Oaxaca (61), Chiapas (19) and Tabasco (4).",
            [("killed", 97), ("killed", 61), ("killed", 19), ("killed", 4)],
        ),
        ("The toll rose to 97, most of them in Oaxaca (2017 census district).", [("killed", 97)]),
        ("The camp holds 300 tents: Rimac 100 and Lurin 60.", []),
        (
            "The toll rose to 333. Lima has the largest share, 167, followed by Callao with "
            "73, the Province of Ica with 13 and Piura with one.",
            [("killed", 333), ("killed", 167), ("killed", 73), ("killed", 13), ("killed", 1)],
        ),
        # ... or a part by place after "followed by"
        (
            "Pakyong has recorded the most deaths, 24, followed by seven in Gangtok and two "
            "in Namchi.",
            [("killed", 24), ("killed", 7), ("killed", 2)],
        ),
        # ... or the place after the count, with a hedge before it
        (
            "Over 800 of the dead were in Kerman and close to 350 in Yazd.",
            [("killed", 800), ("killed", 350)],
        ),
        (
            "North Korea lost up to 3,000 men killed, and up to 7,000 in total.",
            [("killed", 3000)],
        ),
        # a part of the people just counted, told as "of them"
        (
            "In all, 1,200 people have died. Kerman accounts for about 800 of them.",
            [("killed", 1200), ("killed", 800)],
        ),
        (
            "In all, 1,200 people have died. About 800 of them were in Kerman.",
            [("killed", 1200), ("killed", 800)],
        ),
        # ... or of "that total", by a group no metric word names, and by any verb of a share
        (
            "In all, 1,200 people have died. Kerman accounts for about 800 of that total.",
            [("killed", 1200), ("killed", 800)],
        ),
        (
            "Some 9,000 migrants have fled. Haitians make up about 5,000 of them.",
            [("displaced", 9000), ("displaced", 5000)],
        ),
        (
            "Some 9,000 migrants have fled so far. Eritreans represented 2,400 of the total.",
            [("displaced", 9000), ("displaced", 2400)],
        ),
        (
            "The floods left 700 people dead. Pensioners made up 300 of the toll.",
            [("killed", 700), ("killed", 300)],
        ),
        # ... held by a named place, past an aside about it
        (
            "In all, 1,200 people have died. Kerman, home to Bam, has 800 of them, Yazd 300.",
            [("killed", 1200), ("killed", 800), ("killed", 300)],
        ),
        ("The storm killed 300 people. Officials said 40 of them were unnamed.", [("killed", 300)]),
        ("The storm killed 300 people. Autopsies were done on 40 of them.", [("killed", 300)]),
        # ... with "for", or the name alone: the verb and noun left out
        (
            "Kerman has counted 336 dead and Yazd 308.",
            [("killed", 336), ("killed", 308)],
        ),
        (
            "Kerman accounts for 103 of the dead, Yazd for 35 and Bam for 17.",
            [("killed", 103), ("killed", 35), ("killed", 17)],
        ),
        (
            "In Lorca 45 people died, in Murcia 25, Alhama city 16.",
            [("killed", 45), ("killed", 25), ("killed", 16)],
        ),
        ("Some 40 people died on March 3, and April 25 was calmer.", [("killed", 40)]),
        # parts of a toll told apart by the place near which they died
        (
            "Twenty people died, 16 around Fojnica and four near Konjic.",
            [("killed", 20), ("killed", 16), ("killed", 4)],
        ),
        # a town's or a family's losses are its dead; a force's are its casualties
        (
            "Lorca lost 45 people, Murcia 25 and Alhama 16.",
            [("killed", 45), ("killed", 25), ("killed", 16)],
        ),
        ("The family lost three children in the fire.", [("killed", 3)]),
        ("The brigade lost 300 men in a week.", [("casualties", 300)]),
        # a part told by what is done about it is no count; who the part were is one
        ("Seven of the deaths are still being investigated.", []),
        # ... and what caused a part tells it apart: it is a count
        ("Sixteen of the deaths were attributed to the Eaton Fire.", [("killed", 16)]),
        ("Eight of those injured were blamed on the second blast.", [("wounded", 8)]),
        ("Seven of the dead were buried in a single grave on Friday.", []),
        (
            "State media said 117 of those killed were members of the fishing community.",
            [("killed", 117)],
        ),
        # carried away by air
        ("Helicopters airlifted 23 people from the village.", [("evacuated", 23)]),
        # ... but a force carried by air is deployed
        ("The army airlifted 300 troops to the front.", [("deployed", 300)]),
        ("Planes flew 300 soldiers to the border.", [("deployed", 300)]),
        # those still searched for, those among the dead and the injured
        ("Rescuers were still searching for 70 people.", [("missing", 70)]),
        ("Divers searched for 12 fishermen all night.", [("missing", 12)]),
        ("Police are searching for two suspects.", []),
        ("Rescuers are still looking for 12 people.", [("missing", 12)]),
        ("More than 300 were treated in hospital for their injuries.", [("wounded", 300)]),
        ("Three children were among those who died.", [("killed", 3)]),
        ("Eight tourists were among those injured.", [("wounded", 8)]),
        # a force in an exercise, at a place it reached, back from a rotation
        ("About 3,000 marines had taken part in the drills.", [("deployed", 3000)]),
        ("About 3,000 marines and airborne troops had taken part.", [("deployed", 3000)]),
        ("About 1,500 fresh soldiers had reached the Kursk area.", [("deployed", 1500)]),
        ("About 600 troops from the first rotation have returned home.", [("returned", 600)]),
        # a figure noun whose relative clause says what it counts
        (
            "The government puts the number of people who have fled their homes at 1.2 million.",
            [("displaced", 1200000)],
        ),
        ("Officials put the number who have left the city at 50,000.", [("displaced", 50000)]),
        ("The ministry put the number of people who were killed at 300.", [("killed", 300)]),
        # what befell a force's unit, told by its verb; the unit noun alone says it was sent
        ("A contingent of 600 troops has returned home.", [("returned", 600)]),
        ("A second group of 300 soldiers came home in August.", [("returned", 300)]),
        ("A battalion of 200 soldiers was killed in the assault.", [("killed", 200)]),
        ("A contingent of 600 troops has arrived.", [("deployed", 600)]),
        ("A force of 5,000 soldiers crossed into the region.", [("deployed", 5000)]),
        ("Moscow sent a contingent of 1,500 troops who were later wounded.", [("deployed", 1500)]),
        # a second count of people joined by "and" is read as the first; a count of things
        # or one with a verb of its own is not
        (
            "Gunmen killed 112 women and seven children.",
            [("killed", 112), ("killed", 7)],
        ),
        (
            "The toll stood at 40 soldiers and at least 12 civilians.",
            [("killed", 40), ("killed", 12)],
        ),
        ("Gunmen killed 30 soldiers and 12 cows.", [("killed", 30)]),
        ("Gunmen killed 30 soldiers and 2 officers were later arrested.", [("killed", 30)]),
        # where a part of the dead or the injured is, not what befell it
        ("He said 91 of the dead were in Cebu.", [("killed", 91)]),
        ("Some 20 of the injured are in hospitals in Leyte.", [("wounded", 20)]),
        # moved away from danger, in the passive too
        ("More than 5,000 people have been moved to evacuation centres.", [("evacuated", 5000)]),
        ("About 3,000 residents were relocated to safer ground.", [("evacuated", 3000)]),
        ("About 900 residents have been moved to shelters.", [("displaced", 900)]),
        # the people among a count: a part named by its noun, not one person named
        ("The dead included 12 children, officials said.", [("killed", 12)]),
        ("The injured include 40 firefighters.", [("wounded", 40)]),
        ("The dead included one British national.", []),
        # a noun for people before another noun, after a number above one, is a modifier
        ("Russia sent 60 fighter jets to the region.", []),
        (
            "Drills involving some 6,000 troops and at least 60 fighter jets began.",
            [("deployed", 6000)],
        ),
        ("Russia sent 60 fighter pilots to the region.", [("deployed", 60)]),
        ("Some 40 Sudanese were killed.", [("killed", 40)]),
        ("Gunmen killed 12 soldier in the raid.", [("killed", 12)]),
        # a force that arrived is deployed, one that arrived home is back
        ("About 3,000 reinforcements have arrived.", [("deployed", 3000)]),
        # police sent abroad are a force: arrived, serving with a mission
        ("About 200 Varnian police officers arrived in Haiti on Tuesday.", [("deployed", 200)]),
        ("A second group of 400 policemen arrived in the capital.", [("deployed", 400)]),
        ("Some 300 Varnian police officers are serving in Haiti.", [("deployed", 300)]),
        ("Some 400 Varnian officers are serving on the mission.", [("deployed", 400)]),
        (
            "The total number of Varnian officers serving with the Relief Mission stands at 744.",
            [("deployed", 744)],
        ),
        (
            "The arrival brings the number of Varnians serving with the mission to about 400.",
            [("deployed", 400)],
        ),
        ("The number of Varnians living abroad has reached 400,000.", []),
        ("Twelve police officers were killed in the ambush.", [("killed", 12)]),
        ("About 300 soldiers arrived home on Friday.", [("returned", 300)]),
        ("About 3,000 refugees arrived in Chad.", [("displaced", 3000)]),
        # the verb of a list of objects, the count the list's last item
        (
            "Washington has sent two carrier groups, air defence batteries and about 1,200 "
            "troops to the region.",
            [("deployed", 1200)],
        ),
        ("Crews evacuated the hospital, two schools and 3,000 residents.", [("evacuated", 3000)]),
        ("Five people were killed and 47 were missing.", [("killed", 5), ("missing", 47)]),
        (
            "Two people were killed in flooding and 1,000 were evacuated.",
            [("killed", 2), ("evacuated", 1000)],
        ),
        ("Washington has sent ships to the region and 1,200 troops are on alert.", []),
        # a report or an aside set between the counted people and their verb
        ("At least 40 people, police said, were killed in the stampede.", [("killed", 40)]),
        (
            "Around 1.7 million people, three quarters of the population, have been displaced.",
            [("displaced", 1700000)],
        ),
        ("About 40 soldiers, the youngest aged 19, were killed.", [("killed", 40)]),
        (
            "Some 200 people, the health ministry said on Friday, have been treated for injuries.",
            [("wounded", 200)],
        ),
        # a force counted where it stands, by its noun's own words
        ("Of the 12,000 troops in Russia, most are now in Kursk.", [("deployed", 12000)]),
        (
            "The roughly 900 US troops in Syria are spread across small bases.",
            [("deployed", 900)],
        ),
        ("The 2,500 French soldiers still in Mali will leave by summer.", [("deployed", 2500)]),
        ("Twenty soldiers in Kursk were killed in the attack.", [("killed", 20)]),
        ("Two soldiers in Ukrainian custody spoke to reporters.", [("captured", 2)]),
        ("Forty people were held by police overnight.", []),
        # what befell them, told right after the noun, before where they are
        ("Two soldiers captured by Ukraine in January remain in Kyiv.", [("captured", 2)]),
        ("Forty soldiers wounded in the blast remain in Kherson.", [("wounded", 40)]),
        (
            "Some 3,000 people fleeing the fighting have arrived in Adre.",
            [("displaced", 3000)],
        ),
        ("The new units would add 6,000 more soldiers in Russia.", []),
        # (soldiers a plane carried in are soldiers who arrived, as with "arrived")
        ("A plane carrying 100 soldiers landed in France on Tuesday.", [("deployed", 100)]),
        # a part of a population told by its whole: the whole is no count
        ("About 90% of Gaza's 2.3 million people have been displaced.", []),
        ("Nearly half of the region's 4 million residents have fled.", []),
        ("Some 80 percent of the town's 12,000 people were evacuated.", []),
        (
            "Around 50,000 people, or 10% of the population, have been displaced.",
            [("displaced", 50000)],
        ),
        # an estimate named after a place counts what its clause does, not soldiers
        (
            "At least 670 people were killed in Enga province, officials said, well above "
            "the government's estimate of 100.",
            [("killed", 670), ("killed", 100)],
        ),
        # the month May is no modal verb
        ("The toll since May stands at 300.", [("killed", 300)]),
        ("About 3,000 soldiers sent in May remain in Kherson.", [("deployed", 3000)]),
        ("Moscow may send 3,000 more troops.", []),
        ("The toll may reach 300 by Friday.", []),
        # people set beside the households they live in: counted as the households are
        ("Floods displaced 1,900 households, or some 8,800 people.", [("displaced", 8800)]),
        # ... or after the households' own verb
        (
            "So far 1,900 households have been displaced, representing more than 8,800 "
            "individuals.",
            [("displaced", 8800)],
        ),
        (
            "Some 1,900 families were evacuated, about 8,800 people in all.",
            [("evacuated", 8800)],
        ),
        ("The storm destroyed 1,900 households, and 88 people died.", [("killed", 88)]),
        (
            "The agency says 1,900 families, about 8,800 people, have been displaced.",
            [("displaced", 8800)],
        ),
        ("The fire destroyed 1,900 homes, and 300 people attended a vigil.", []),
        # a unit word before the people is their adjective ("flood victims")
        ("Some 380,000 flood victims are sheltering in schools.", [("displaced", 380000)]),
        ("Forty school children were killed when the roof collapsed.", [("killed", 40)]),
        ("The region has seen 40 floods in a decade.", []),
        # people still in camps or shelters are displaced; soldiers there are not
        ("About 54,000 people remain in official camps.", [("displaced", 54000)]),
        ("Some 9,000 residents remained in evacuation centres on Sunday.", [("displaced", 9000)]),
        ("About 200 soldiers remain in camps near the border.", []),
        # ... with the camps counted between ("in 5,645 relief camps"), or crowded into them
        ("Some 8,12,300 people were living in 3,120 relief camps.", [("displaced", 812300)]),
        ("About 61,000 people had moved into more than 900 relief camps.", [("displaced", 61000)]),
        ("Around 740 people were moved overnight into a dozen shelters.", [("displaced", 740)]),
        ("At the peak, about 9.5 lakh people crowded into relief camps.", [("displaced", 950000)]),
        ("Nearly 30,000 families packed into evacuation centres.", []),
        # people without a roof of their own: in need of shelter, given it, no home to go to
        (
            "At least 38,000 people needed emergency shelter after the quake.",
            [("displaced", 38000)],
        ),
        (
            "Some 12,500 people have been provided with temporary accommodation.",
            [("displaced", 12500)],
        ),
        ("About 64,000 people have no home to return to.", [("displaced", 64000)]),
        ("Some 2 million people need humanitarian aid.", []),
        # ... unless a relative clause says it is still to come
        ("The survey put the number of people who will need shelter at 8,200.", []),
        ("The number of people who could be displaced stood at 20,000.", []),
        ("The number of people who could not return home stood at 5,300.", [("displaced", 5300)]),
        ("Some 2,000 people poured into the stadium to watch the final.", []),
        # "the number of" a status noun, whatever words tell the people apart
        ("The number of Syrian refugees in Turkey stands at 600,000.", [("displaced", 600000)]),
        ("The number of registered refugees has passed 80,000.", [("displaced", 80000)]),
        ("The number of newly displaced people reached 6,000 on Friday.", [("displaced", 6000)]),
        ("The number of Russian prisoners of war has risen to 1,200.", [("captured", 1200)]),
        ("The number of flood evacuees in Sindh climbed to 45,000.", [("evacuated", 45000)]),
        ("The number of refugee camps has grown to 40.", []),
        # plans and corrections
        ("Officials described a plan for a 175,000-strong offensive.", []),
        ("Russia's invasion force, 150,000 strong, massed at the border.", [("deployed", 150000)]),
        # a forecast told in the past tense, or hanging on a clause of its own
        ("The agency expects the contingent in Russia to reach 10,000 by December.", []),
        ("Officials predict the toll to climb to 5,000.", []),
        ("Pyongyang may soon have as many as 12,000 soldiers on Russian soil.", []),
        ("Seoul could eventually send 5,000 troops.", []),
        ("He said the number of dead was likely to pass 3,000.", []),
        ("The toll was expected to climb above 500 by the weekend.", []),
        ("He said the toll could exceed 1,000 once the missing are accounted for.", []),
        ("The toll could reach 700 if the missing are found dead.", []),
        ("The toll climbed above 500 when the floods hit the capital.", [("killed", 500)]),
        ("Twelve people who were inside when the roof fell were killed.", [("killed", 12)]),
        # an act whose noun's verb says it is still to come: no figure yet
        ("The deployment of 5,000 troops is expected next month.", []),
        ("A deployment of about 2,000 soldiers is planned for the spring.", []),
        ("The dispatch of 800 more troops to the front was approved on Monday.", []),
        ("The evacuation of 12,000 residents, ordered by the governor, will begin at dawn.", []),
        ("The repatriation of 300 soldiers is scheduled for June.", []),
        ("The return of 1,500 refugees to the camp is due to start next week.", []),
        # a unit of a size still to come: a goal, offered or planned, is no force there
        ("Berlin is prepared to keep a combat brigade of around 3,500 soldiers there.", []),
        ("The agreement provides for a brigade of about 2,900 troops.", []),
        ("Vilnius welcomed the readiness to station a battalion of 700 soldiers.", []),
        ("More units will follow until the brigade reaches its target strength of 5,200.", []),
        ("The mission's planned strength is 9,000 troops.", []),
        ("The plan calls for a force of 6,000 troops.", []),
        ("Warsaw is ready to base a 3,500-strong brigade there for good.", []),
        ("The two states signed a roadmap for a 2,900-strong brigade.", []),
        ("It was the start of a deployment meant to reach some 3,100 troops by 2027.", []),
        ("Berlin sent a 3,500-strong brigade to the border.", [("deployed", 3500)]),
        # soldiers who came by air or by sea; a force's planes are no soldiers
        ("By evening about 300 paratroopers had landed, an official said.", [("deployed", 300)]),
        ("Some 2,000 marines came ashore at dawn.", [("deployed", 2000)]),
        ("About 300 passengers landed in the capital.", []),
        ("Two US Air Force C-130 transport planes have landed in Kerman.", []),
        # a unit of soldiers by its size
        ("An advance command element of about 30 soldiers flew in.", [("deployed", 30)]),
        ("The activation staff of roughly 180 soldiers is now in Riga.", [("deployed", 180)]),
        ("A medical team of 20 doctors arrived.", []),
        ("The deployment reached 3,100 troops in May.", [("deployed", 3100)]),
        ("Berlin sent a brigade of about 3,500 soldiers to the border.", [("deployed", 3500)]),
        ("The mission's strength stood at 9,000 troops.", [("deployed", 9000)]),
        # ... and one that says it happened, or what befell the people
        (
            "The deployment of 4,000 troops to the border was completed on Monday.",
            [("deployed", 4000)],
        ),
        ("The evacuation of 12,000 residents began at dawn.", [("evacuated", 12000)]),
        (
            "The dispatch of 800 troops to the front was confirmed by the ministry.",
            [("deployed", 800)],
        ),
        # two peoples' counts of one noun, each with its own name
        ("Four Indian and seven Chinese soldiers were injured.", [("wounded", 4), ("wounded", 7)]),
        ("Twelve Afghan and 30 Pakistani troops were killed.", [("killed", 12), ("killed", 30)]),
        # one person named before a count of people is counted with it
        ("An army officer and two soldiers were killed.", [("killed", 3)]),
        ("A policeman and 20 civilians died in the attack.", [("killed", 21)]),
        ("A truck hit a wall and two soldiers were killed.", [("killed", 2)]),
        # people who arrived in another place fled to it; a force arriving is deployed
        ("Roughly 36,000 people arrived in Bangladesh in the past day.", [("displaced", 36000)]),
        ("Some 300 Kenyan police officers arrived in Haiti on Tuesday.", [("deployed", 300)]),
        ("About 1,500 army engineers have arrived in Kursk.", [("deployed", 1500)]),
        ("Some 400 Air Force personnel arrived in Kerman on Tuesday.", [("deployed", 400)]),
        ("Around 250 medical personnel have reached Kerman.", [("deployed", 250)]),
        ("A UN team of eight members arrived in Colombo on Monday.", []),
        # people who entered another country fled to it; a force of police did not flee
        (
            "More than 620,000 Rohingya have entered Bangladesh since August.",
            [("displaced", 620000)],
        ),
        ("About 200 Kenyan police officers entered Haiti on Tuesday.", []),
        ("About 200 policemen fled the town.", []),
        # a force told by an irregular participle after its noun
        ("They join the roughly 400 troops sent in two batches last year.", [("deployed", 400)]),
        ("About 2,000 marines flown in from Okinawa are on the island.", [("deployed", 2000)]),
        # a day or week of the story told as a label is no count
        ("Japan's disaster, day six: what we know about the dead", []),
        ("In a single day 40 people died.", [("killed", 40)]),
        # a place's share told by a counting verb alone, after a count of that metric
        (
            "The worst hit is Sindh, with 2,838 deaths. Kathmandu district has recorded 1,202.",
            [("killed", 2838), ("killed", 1202)],
        ),
        (
            "Sindh counted 293 deaths. Punjab in the east has reported 169 and Balochistan 164.",
            [("killed", 293), ("killed", 169), ("killed", 164)],
        ),
        # ... or by a name and "has" or "reports" (each: what each of several names counts)
        (
            "Storm deaths in the state rose to 23. Marion County has five, Leesburg has two "
            "and Ocala reports one.",
            [("killed", 23), ("killed", 5), ("killed", 2), ("killed", 1)],
        ),
        (
            "The floods have killed 40 people. Kisumu and Siaya counties each report four.",
            [("killed", 40), ("killed", 4)],
        ),
        ("The floods have killed 40 people. It has 12.", [("killed", 40)]),
        ("The floods have killed 40 people. The council has 12 pumps.", [("killed", 40)]),
        ("The toll rose to 300. The hospital has recorded 40 cases of cholera.", [("killed", 300)]),
        ("The toll rose to 300. Police reported 40 arrests.", [("killed", 300)]),
        # a toll that went back to a value, and values compared with the count before
        ("The death toll had returned to 48 after a body was recovered.", [("killed", 48)]),
        (
            "The report counts 47 deaths. That is one fewer than the 48 the ministry announced "
            "and two more than the 45 the prosecutor certified.",
            [("killed", 47), ("killed", 48), ("killed", 45)],
        ),
        # a host that took people in: they are displaced, the host is not who they are
        ("Chad has taken in about 149,000 people from Sudan.", [("displaced", 149000)]),
        ("Seven shelters were housing 1,342 people.", [("displaced", 1342)]),
        ("The hospital received 40 patients.", []),
        ("Hospitals had received more than 1,000 injured people.", [("wounded", 1000)]),
        # an earlier value "up from the" or "cut from"
        (
            "The toll rose to 39, up from the 27 it had reported since Thursday.",
            [("killed", 39), ("killed", 27)],
        ),
        ("The number of missing fell to 26, cut from 59.", [("missing", 26), ("missing", 59)]),
        # an abbreviated month between a toll and its verb
        ("The toll from the Jan. 12 quake stands at about 230,000.", [("killed", 230000)]),
        # people out in the open, under tarps, or gone from the stricken areas
        ("An estimated 500,000 people are sleeping in the open.", [("displaced", 500000)]),
        ("More than a million people are still living under tarps.", [("displaced", 1000000)]),
        ("More than 600,000 people left the stricken areas.", [("displaced", 600000)]),
        ("Some 300 people were camping outside the stadium for the concert.", []),
        # a force mobilised, or named as members of the armed forces
        (
            "The ministry said it had mobilised 8,391 soldiers and National Guard members.",
            [("deployed", 8391)],
        ),
        (
            "It has deployed more than 8,000 members of the armed forces to the coast.",
            [("deployed", 8000)],
        ),
        ("Some 300 members of the security forces were killed.", [("killed", 300)]),
        ("The union mobilised 8,000 people for the strike.", []),
        # a force where it is, what it stays at, what it comprised
        (
            "There are now about 2,000 Rwandan soldiers and police in the province.",
            [("deployed", 2000)],
        ),
        (
            "The deployment remains at around 1,000 soldiers and police officers.",
            [("deployed", 1000)],
        ),
        (
            "The first deployment comprised 1,000 military and police officers.",
            [("deployed", 1000)],
        ),
        # a count of counts is no count of people
        (
            "It has disclosed only one tally of its losses: four soldiers killed.",
            [("killed", 4)],
        ),
        ("Two estimates of the dead circulate.", []),
        # people ordered to evacuate, told apart on the way
        (
            "The government ordered about 3,000 people living within three kilometres of the "
            "plant to evacuate.",
            [("evacuated", 3000)],
        ),
        ("About 640 people were moved into two new camps.", [("displaced", 640)]),
        # a list's next name with its particles
        (
            "Manabi counted 500 dead, Guayas 20 and Santo Domingo de los Tsachilas two.",
            [("killed", 500), ("killed", 20), ("killed", 2)],
        ),
        # a series of values of one count
        (
            "In the first days it reported 144 dead, then 1,644, then more than 3,000.",
            [("killed", 144), ("killed", 1644), ("killed", 3000)],
        ),
        ("It reported 144 dead, and then the lines went down for 3 days.", [("killed", 144)]),
        # people housed in buildings open to them
        ("By Monday, 338,000 people were housed in dormitories.", [("displaced", 338000)]),
        ("About 5,000 people are sleeping in a sports hall.", [("displaced", 5000)]),
        # a count doubled or halved, with a pause before its new value
        (
            "The number of people displaced had more than doubled, to 183,159.",
            [("displaced", 183159)],
        ),
        ("The death toll rose sharply, to 300.", [("killed", 300)]),
        # "when it stood at": the count named before, at a time
        (
            "The agency has not updated its count of the injured since Saturday, when it "
            "stood at 80,278.",
            [("wounded", 80278)],
        ),
        ("Officials last gave the death toll on Monday, when it stood at 300.", [("killed", 300)]),
        # a count's earlier value after a comma
        (
            "The number of people missing has fallen to 73, from 155 last Thursday.",
            [("missing", 73), ("missing", 155)],
        ),
        (
            "The number of people missing has fallen to 73, after 155 a week earlier.",
            [("missing", 73), ("missing", 155)],
        ),
        (
            "The toll rose to 300, after 155 people died in a landslide.",
            [("killed", 300), ("killed", 155)],
        ),
        ("More than 80 have been admitted since last week with gunshot wounds.", [("wounded", 80)]),
        # hurt, then dead: what befell them last
        ("Twelve people were injured and later died in hospital.", [("killed", 12)]),
        ("Nine soldiers were wounded and subsequently succumbed.", [("killed", 9)]),
        ("The 17 who were badly hurt and died of their wounds were named.", [("killed", 17)]),
        ("Twelve people were injured and taken to hospital.", [("wounded", 12)]),
        # a participle before a metric's noun is part of the noun phrase
        ("Police reported 128 confirmed deaths.", [("killed", 128)]),
        ("Officials counted 40 reported deaths by Friday.", [("killed", 40)]),
        ("There were 12 confirmed injuries among the crew.", [("wounded", 12)]),
        ("Some 300 were confirmed killed.", [("killed", 300)]),
        # those not yet found are missing
        ("Two people from the valley have still not been found.", [("missing", 2)]),
        ("About 155 residents were still being sought on Thursday.", [("missing", 155)]),
        ("Forty fishermen are yet to be located, the coast guard said.", [("missing", 40)]),
        # the hurt, told by their treatment or their injuries
        ("Eighteen were being treated at the military hospital.", [("wounded", 18)]),
        ("Another 58 had minor injuries.", [("wounded", 58)]),
        ("Some 40 people were treated in hospital for cholera.", []),
        (
            "There are 36 dead, 66 in hospital with six in intensive care.",
            [("killed", 36), ("wounded", 66)],
        ),
        ("About 66 are in hospital with 12 in critical condition.", [("wounded", 66)]),
        ("Some 40 villagers were in hospital with cholera.", []),
        ("All 12 passengers had no injuries, the airline said.", []),
        ("All 40 passengers suffered no injuries in the landing.", []),
        ("The 12 climbers did not sustain any injuries.", []),
        # ... or by being brought to care with their injuries
        ("Another 210 were taken to hospital with injuries.", [("wounded", 210)]),
        ("At least 45 people have been rushed to clinics with burns.", [("wounded", 45)]),
        ("Six climbers were airlifted to the district hospital with fractures.", [("wounded", 6)]),
        ("Nine were brought in with gunshot wounds overnight.", [("wounded", 9)]),
        ("About 30 people were taken to hospital with food poisoning.", []),
        # "hurt" as the adjective of a count, after an adverb
        (
            "The raid left six police officers dead and 20 badly hurt.",
            [("killed", 6), ("wounded", 20)],
        ),
        ("Two were killed and 14 seriously hurt.", [("killed", 2), ("wounded", 14)]),
        # one of a group's people is a count of one; one of anything else is not
        ("One of its own soldiers was lightly wounded, the army said.", [("wounded", 1)]),
        ("One of the guards was killed in the exchange of fire.", [("killed", 1)]),
        ("It was one of the deadliest floods on record.", []),
        ("One of the soldiers was promoted after the battle.", []),
        # "that is N" after counts just given: their sum, of the same metric
        (
            "About 4 million people have fled their homes and 1.2 million have crossed the "
            "border. Together that is about 5.2 million people.",
            [("displaced", 4000000), ("displaced", 1200000), ("displaced", 5200000)],
        ),
        (
            "Police said 52 had died in the capital and 30 in the port. In all, that is 82.",
            [("killed", 52), ("killed", 30), ("killed", 82)],
        ),
        # ... but a difference between counts, or a share, is none
        ("The toll rose to 300 on Monday. That is 40 more than on Sunday.", [("killed", 300)]),
        ("The toll is now 12 higher than the ministry said.", []),
        (
            "About 1 million people fled. That is nearly one Sri Lankan in twenty.",
            [("displaced", 1000000)],
        ),
        ("One soldier in the convoy was killed.", [("killed", 1)]),
        # people who reached another country fled to it; a force that reached a place is there
        ("Around 30,000 people have reached Chad.", [("displaced", 30000)]),
        ("About 3,000 troops have reached Kursk.", [("deployed", 3000)]),
        ("Rescuers reached 300 stranded villagers on Monday.", []),
        # taken to hospital, as "hospitalised" says; what came before the verb is not its
        ("Another 387 people have been taken to hospital.", [("wounded", 387)]),
        ("Eleven miners were rushed to the regional hospital.", [("wounded", 11)]),
        ("About 30 people were taken to hospital for tests.", []),
        ("Three people died after being taken to hospital.", [("killed", 3)]),
        ("Two climbers died before rescuers reached them.", [("killed", 2)]),
        # found dead
        ("Three aid workers were found dead near the road.", [("killed", 3)]),
        ("The bodies showed that 12 villagers had been found murdered.", [("killed", 12)]),
        # a count that stays, or peaks, and a copula's "just" or "only"
        (
            "The number of people hospitalised since the quake was unchanged at 388.",
            [("wounded", 388)],
        ),
        ("The death toll held steady at 300 on Tuesday.", [("killed", 300)]),
        ("The death toll remained unchanged at 41.", [("killed", 41)]),
        ("At first the confirmed number of deaths was just 84.", [("killed", 84)]),
        ("The death toll was only 84 on the first day.", [("killed", 84)]),
        (
            "The number of people in shelters peaked at more than 160,000 in March.",
            [("displaced", 160000)],
        ),
        # camps and centres that take in the displaced, and nights spent there
        (
            "More than 160,000 people were in accommodation centres at the end of March.",
            [("displaced", 160000)],
        ),
        ("Some 2,100 people spent Thursday night in tent camps.", [("displaced", 2100)]),
        ("About 900 migrants are in reception centres on the island.", [("displaced", 900)]),
        # "it" after a sentence opening with a count, though that sentence gave no number;
        # the peak a count came down from
        (
            "The number of people staying in shelters is falling as families go home. It "
            "stood at 129,754 this week, down from a peak of more than 160,000 in March.",
            [("displaced", 129754), ("displaced", 160000)],
        ),
        ("The death toll is expected to rise. It stood at 300 on Monday.", [("killed", 300)]),
        # ... or in the sentence that opens with that count, its noun too far to link
        (
            "The figure, the agency's latest count of people displaced inside the country, is "
            "about 15% higher than at the start of the year, when the IOM put it at 314,000.",
            [("displaced", 314000)],
        ),
        ("The number of schools reopening is rising. It stood at 300 on Monday.", []),
        # those who cannot go home are displaced; who left for higher ground, evacuated
        (
            "An estimated 280,000 people are unable to return to houses the surge destroyed.",
            [("displaced", 280000)],
        ),
        ("More than 4,000 people could not go back to their homes.", [("displaced", 4000)]),
        ("Some 300 students could not go back to class on Monday.", []),
        ("Some 2,500 people are out of their homes tonight.", [("displaced", 2500)]),
        (
            "Some 3.2 million people left the coast for shelters or higher ground.",
            [("evacuated", 3200000)],
        ),
        ("About 12,000 residents fled to higher ground before the wave.", [("evacuated", 12000)]),
        # driven out, made to leave, gone back
        ("Roughly 190,000 people have been driven out at some point.", [("displaced", 190000)]),
        ("About 190,000 people were driven out of Mosul.", [("displaced", 190000)]),
        ("Some 300 rebels were driven out of their positions.", []),
        ("At the peak some 17,000 people had to leave their homes.", [("displaced", 17000)]),
        ("Nearly 200,000 have gone back to their neighbourhoods.", [("returned", 200000)]),
        (
            "Approximately 5,000 citizens whose homes were damaged are accommodated in tents.",
            [("displaced", 5000)],
        ),
        # the hurt, cared for or carried to hospital; in hospital, as "hospitalised" says
        ("More than 900 people have received medical care for injuries.", [("wounded", 900)]),
        ("Ambulances took 74 people to hospital on Wednesday.", [("wounded", 74)]),
        ("Six dead, 74 in hospital as fire engulfs tower block", [("killed", 6), ("wounded", 74)]),
        ("Twelve people died in hospital.", [("killed", 12)]),
        ("About 40 people were in hospital for tests.", []),
        ("Roughly 900 more bodies were in hospital morgues.", [("killed", 900)]),
        # a force working alongside an army is deployed; other people alongside one are not
        (
            "About 1,000 Wagner operatives are now working alongside the Malian army.",
            [("deployed", 1000)],
        ),
        ("About 1,000 doctors are working alongside the army medics.", []),
        # a count's noun with a long clause saying what it counts
        (
            "The agency's count of people who have fled Tigray into Sudan now stands at "
            "more than 27,000.",
            [("displaced", 27000)],
        ),
        ("About 2,500 people are being assisted in tent camps.", [("displaced", 2500)]),
        ("About 40 patients are being cared for at home.", []),
        # people in camps, however many camps
        ("At the peak some 1.5 million people were in 1,555 camps.", [("displaced", 1500000)]),
        ("Some 20,000 people remain in camps.", [("displaced", 20000)]),
        ("About 5,000 troops are in camps near the border.", []),
        # a count put as high as a number; displacement as its count
        ("The agency put internal displacement as high as 500,000.", [("displaced", 500000)]),
        ("Officials put the toll as high as 800.", [("killed", 800)]),
        ("Temperatures as high as 40 were recorded.", []),
        # a hedge inside a range
        ("Between about 5,000 and 6,000 people fled.", [("displaced", 5000)]),
        # a part counted where it was recorded is a figure; what is done about one is not
        (
            "The toll rose to 138. At least 118 of those deaths were recorded on Leyte.",
            [("killed", 138), ("killed", 118)],
        ),
        ("Almost 800,000 people had been moved to schools and churches.", [("evacuated", 800000)]),
        # a label and a colon before the count ("Dead: 78. Injured: 175.")
        (
            "The latest figures. Dead: 78. Injured: 175. Missing: 105.",
            [("killed", 78), ("wounded", 175), ("missing", 105)],
        ),
        ("Houses destroyed: 78.", []),
        (
            "It gave one tally of its losses: four soldiers killed and 14 seriously wounded.",
            [("killed", 4), ("wounded", 14)],
        ),
        # a relative clause after an event's noun is the event's ("the crash that killed")
        ("Police arrest three men over the crash that killed 293 people.", [("killed", 293)]),
        ("Forty people who were inside the mosque were killed.", [("killed", 40)]),
        ("Twenty people were injured in the blast that shook the market.", [("wounded", 20)]),
        # a time phrase after the number is when, not what it counts
        ("Officials said the toll stood at three this afternoon.", [("killed", 3)]),
        # a count kept or left at a number, as one put there
        ("The Civil Defense has kept its count of injured at 806.", [("wounded", 806)]),
        ("The storm left the death toll at 40.", [("killed", 40)]),
        ("An estimated 35,000 residents were still away from their homes.", [("displaced", 35000)]),
        # a count that stopped, settled or ended at a number
        ("The count of injured stopped at 806.", [("wounded", 806)]),
        # a force that crossed a border is deployed; people who did, displaced
        ("Up to 1,000 Ukrainian troops had crossed the border.", [("deployed", 1000)]),
        ("About 5,000 refugees crossed the border on Sunday.", [("displaced", 5000)]),
        # a person's children are no count
        ("A mother of four sheltering in a school said she had moved three times.", []),
        # those who cannot be reached are missing; nights spent in shelters, displaced
        ("About 1,300 people could not be reached, police said.", [("missing", 1300)]),
        (
            "More than 1,600 people have spent nights in a dozen temporary shelters.",
            [("displaced", 1600)],
        ),
        # a sentence opening on a metric's people counts its bare shares, before the count
        # told last
        (
            "The toll rose to 81, with 34 missing. Most of the reported deaths were in the "
            "north, followed by the Bicol region with 28.",
            [("killed", 81), ("missing", 34), ("killed", 28)],
        ),
        # an answer giving its count by a noun of no metric counts what the question asked
        (
            "How many are still missing?\nThe civil police list stood at 165 on Sunday.",
            [("missing", 165)],
        ),
        ("How many have died?\nThe official count was 17.", [("killed", 17)]),
        # what may yet come is no count; what may have been, an estimate, is
        (
            "Officially we have 84 dead, but we could register more than 1,000 deaths.",
            [("killed", 84)],
        ),
        ("The storm is expected to cause 500 deaths.", []),
        ("In the end there could be a million displaced, she said.", []),
        ("There might be 300 more dead under the rubble.", []),
        ("The toll could be 1,000, officials said.", [("killed", 1000)]),
        ("The storm may have caused 500 deaths.", [("killed", 500)]),
        ("The floods could be blamed for 300 deaths, officials said.", [("killed", 300)]),
        # a count set between commas beside the noun that says what it counts
        (
            "The number of people still displaced, about 159,000, has barely fallen.",
            [("displaced", 159000)],
        ),
        ("The death toll, about 300, is likely to rise.", [("killed", 300)]),
        ("The number of schools, about 300, has barely fallen.", []),
        # a list's items count what its first item counts, not the sentence before's metric
        (
            "The toll stood at 129. By province, Sofala has 101 of the centres, Manica 20, "
            "Tete five and Zambezia three.",
            [("killed", 129)],
        ),
        (
            "The death toll rose to 300. On 12 March, Sindh counted 178 and Balochistan 99.",
            [("killed", 300), ("killed", 178), ("killed", 99)],
        ),
        # people sleeping in shelters have no home to go back to
        ("About 9,000 people are still sleeping in shelters.", [("displaced", 9000)]),
        ("Nearly 2,000 families are spending the night at a school.", []),
        ("About 420,000 are living in the Kutupalong-Balukhali site.", [("displaced", 420000)]),
        ("Some 5,000 residents are staying at the Saint-Michel school.", [("displaced", 5000)]),
        (
            "An estimated 135,000 people have left the island since the storm.",
            [("displaced", 135000)],
        ),
        # a force kept in a region named with its direction word
        ("India still keeps some 50,000 troops in eastern Ladakh.", [("deployed", 50000)]),
        # a share of the people is no count of them
        ("Nine percent of victims were burned to death.", []),
        # the counted noun did it to others: they are counted after the verb
        ("Two gunmen killed 40 people on Sunday.", [("killed", 40)]),
        ("Three blasts killed at least 40 worshippers.", [("killed", 40)]),
        ("The two quakes have killed more than 9,000 people.", [("killed", 9000)]),
        ("Four shells injured dozens of residents.", []),
        ("Two cyclones displaced 5,000 families.", []),
        # ... not a time or a place after the verb, nor the people's own passive
        ("Three people killed 2 days ago were buried on Monday.", [("killed", 3)]),
        ("Forty people killed in the attack were buried.", [("killed", 40)]),
        ("Twelve soldiers were killed 20 km from the border.", [("killed", 12)]),
        ("More than 2,300 people took shelter in 119 evacuation centres.", [("displaced", 2300)]),
        # an aside between two dashes, and the people's own verb after it
        (
            "About 9,500 people — more than half the town's population — remained missing.",
            [("missing", 9500)],
        ),
        (
            "Some 40,000 residents – many of them elderly – have been forced from their homes.",
            [("displaced", 40000)],
        ),
        ("Eighteen soldiers - among them two officers - were killed.", [("killed", 18)]),
        # an aside between commas, then the counted people's verb in the past tense
        ("One captive, a nurse from the town, died in captivity.", [("killed", 1)]),
        ("Some 300 villagers, most of them women, fled across the river.", [("displaced", 300)]),
        ("About 40 people, the mayor said, attended the funeral.", []),
        # a second verb of the same subject, after one of no metric
        ("Another 25 pupils escaped and returned home.", [("returned", 25)]),
        ("Some 30 passengers were rescued and taken to hospital.", [("wounded", 30)]),
        ("About 70 hikers were located and airlifted to safety.", [("evacuated", 70)]),
        # ... not a clause of other people, nor what the counted did to others
        ("Some 25 pupils escaped and 30 were killed.", [("killed", 30)]),
        ("About 12 gunmen stormed the post and killed a guard.", []),
        # ... plain text's double hyphen too, whatever numbers the aside holds
        ("Some 600 pupils -- most of them girls -- were abducted.", [("captured", 600)]),
        (
            "A total of 2,300 nationals -- 1,500 by air and 800 by road -- have been evacuated.",
            [("evacuated", 2300)],
        ),
        ("About 250 prisoners -- 180 soldiers and 70 civilians -- came home.", [("returned", 250)]),
        (
            "Over 2 million people — roughly one in five Libyans — have fled their homes.",
            [("displaced", 2000000)],
        ),
        # ... but a lone dash, or a clause of its own after the aside, is no verb of theirs
        ("The number passed 400,000 — twice last week's — and that worried aid groups.", []),
        ("The storm killed 45 people — a toll expected to climb.", [("killed", 45)]),
        ("Officials counted 300 — the worst in decades — and 20 are missing.", [("missing", 20)]),
        ("Clinics treated 400 people for cholera last month.", []),
        ("An earlier version of this story said 300 people had died.", []),
        (
            "Correction: A version of this article published on May 2 said that the minister "
            "had spoken of 350 soldiers in the region.",
            [],
        ),
        ("One version of the report that ran on Monday said 40 people had died.", []),
        ("(Corrects paragraph 3: an earlier version said 221 people died.)", []),
        ("The earlier version also described 8,725 people as injured.", []),
        # a claim the sentence rejects
        ("He called a viral post claiming 150 people had died in the town false.", []),
        ("Officials denied reports that 300 people had drowned.", []),
        ("False rumours that 500 had died spread online.", []),
        (
            "Officials said 40 people had died, and dismissed claims that 300 more had drowned.",
            [("killed", 40)],
        ),
        ("The governor called reports of 90 deaths accurate.", [("killed", 90)]),
        ("The original version of this report gave the toll as 50.", []),
        ("A previous version misstated that 40 people were hurt.", []),
        ("A correction: the agency had incorrectly reported 90 deaths.", []),
        (
            "An article published on May 14 reversed two figures. It said that 2,438 people "
            "had died. In fact 1,127 bodies were recovered.",
            [("killed", 1127)],
        ),
        (
            "A report on Saturday gave the wrong figures for the toll. It said 1,287 people had "
            "been killed; the council's count is 1,187 dead. The report also said 280,000 had "
            "fled to Syria. UNHCR's estimate is about 180,000.",
            [("killed", 1187), ("displaced", 180000)],
        ),
        (
            "An article on Thursday misstated the casualty figures. It said 158 people had been "
            "killed. The ministry's count is 156 dead.",
            [("killed", 156)],
        ),
    ],
)
def test_issue_families(open_extractor: FigureExtractor, text: str, expected: list) -> None:
    assert [(f.metric, f.value) for f in open_extractor.extract(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the group is inside the metric noun phrase
        (
            "The North Korean death toll now stands at roughly 1,150, an analyst said.",
            [("nk-troops", "killed", 1150, "approx")],
        ),
        (
            "Total KPA casualties are now at about 5,200.",
            [("nk-troops", "casualties", 5200, "approx")],
        ),
        (
            "The death toll among North Korean troops has climbed to 820.",
            [("nk-troops", "killed", 820, "exact")],
        ),
        ("Ukrainian losses stood at 2,300 by March.", []),
        # a second clause: its group carried over from the first, an aside before the verb
        (
            "Officials said 480 North Korean soldiers had died and that total casualties, "
            "counting the injured, stood at roughly 1,900.",
            [("nk-troops", "killed", 480, "exact"), ("nk-troops", "casualties", 1900, "approx")],
        ),
        # "the figure" counts what the figure before it did
        (
            "Seoul says Pyongyang dispatched about 9,000 soldiers. Washington has put the "
            "figure at 10,000.",
            [("nk-troops", "deployed", 9000, "approx"), ("nk-troops", "deployed", 10000, "exact")],
        ),
        (
            "Pyongyang dispatched 9,000 soldiers. The number of tanks later rose to 300.",
            [("nk-troops", "deployed", 9000, "exact")],
        ),
    ],
)
def test_linked_metric_nouns(
    nk_extractor: FigureExtractor, text: str, expected: list[tuple[str, str, int, str]]
) -> None:
    found = [(f.topic, f.metric, f.value, f.qualifier) for f in nk_extractor.extract(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "qualifier", "high"),
    [
        ("Officials said 500 soldiers were killed.", "exact", None),
        ("Officials said about 500 soldiers were killed.", "approx", None),
        ("Officials said some 500 soldiers were killed.", "approx", None),
        ("Officials said an estimated 500 soldiers were killed.", "approx", None),
        ("Officials said more than 500 soldiers were killed.", "at_least", None),
        ("Officials said at least 500 soldiers were killed.", "at_least", None),
        ("The toll of dead soldiers edged up to 500 on Monday.", "exact", None),
        ("The soldiers' death toll has gone up to 500.", "exact", None),
        ("Officials said up to 500 soldiers were killed.", "at_most", None),
        ("Officials said upwards of 500 soldiers were killed.", "at_least", None),
        ("Officials said 500 or more soldiers were killed.", "at_least", None),
        ("Officials said 500+ soldiers were killed.", "at_least", None),
        ("Officials said nearly 500 soldiers were killed.", "at_most", None),
        ("Officials said up to 500 soldiers were killed.", "at_most", None),
        ("Officials said as many as 500 soldiers were killed.", "at_most", None),
        ("Officials said fewer than 500 soldiers were killed.", "at_most", None),
        ("Officials said 500 to 600 soldiers were killed.", "exact", 600),
        ("Officials said between 500 and 600 soldiers were killed.", "exact", 600),
        ("Officials said roughly 500 to 600 soldiers were killed.", "approx", 600),
        # a toll's verb says it is past or short of the number, in every tense
        ("Quake toll passes 500", "at_least", None),
        ("Flood death toll tops 500 as waters recede", "at_least", None),
        ("The death toll surpasses 500, officials said.", "at_least", None),
        ("The death toll crossed 500 on Friday.", "at_least", None),
        ("The death toll has exceeded 500.", "at_least", None),
        ("Storm toll nears 500", "at_most", None),
        ("The death toll neared 500 by nightfall.", "at_most", None),
        ("The toll is nearing 500, the ministry said.", "at_most", None),
        ("Landslide toll approaches 500", "at_most", None),
    ],
)
def test_qualifiers(
    open_extractor: FigureExtractor, one: One, text: str, qualifier: str, high: int | None
) -> None:
    fig = one(open_extractor, text)
    assert (fig.value, fig.qualifier, fig.high) == (500, qualifier, high)


@pytest.mark.parametrize(
    ("text", "qualifiers"),
    [
        # "about" covers a second number that has no noun of its own
        ("About 300 soldiers were killed and 2,700 wounded.", ["approx", "approx"]),
        ("The toll was put at roughly 90 dead and 450 injured.", ["approx", "approx"]),
        ("Some 150 soldiers were killed and nearly 600 wounded.", ["approx", "at_most"]),
        ("300 soldiers were killed and 2,700 wounded.", ["exact", "exact"]),
        # not when the second number counts a group of its own
        ("Some 150 soldiers were killed and 40 civilians wounded.", ["approx", "exact"]),
    ],
)
def test_hedge_shared_by_coordinated_figures(
    open_extractor: FigureExtractor, text: str, qualifiers: list[str]
) -> None:
    assert [f.qualifier for f in open_extractor.extract(text)] == qualifiers


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("The ministry said 700 soldiers have been killed since the war began.", "cumulative"),
        ("The ministry said 700 soldiers have been killed so far.", "cumulative"),
        ("The ministry said 70 soldiers were killed in a single attack.", "incident"),
        # the parts of a whole given in the same sentence
        (
            "At least 180 people have died, including 47 in Hesse and one in Bavaria.",
            "cumulative incident incident",
        ),
        (
            "The agency counts 832 dead: 821 in Palu and 11 in Donggala.",
            "cumulative incident incident",
        ),
        ("At least 180 people died in the country, 132 of them in Hesse.", "cumulative incident"),
        ("At least 133 people were injured, 19 of them seriously.", "cumulative incident"),
        ("Of the dead, 1,636 were in Palu and 222 in Sigi.", "incident incident"),
        # ... not the whole told at other times
        (
            "The toll stood at 587 on Friday, up from 577 on Thursday and 553 on Wednesday.",
            "cumulative cumulative cumulative",
        ),
        ("Monday's blast at the plant injured 11 workers.", "incident"),
        ("The rebels said they killed 20 soldiers in Friday's attack.", "incident"),
        ("Friday's quake has now killed 2,000 people.", "cumulative"),
        ("The ministry said 70 soldiers were killed on Tuesday.", "incident"),
        # a relative clause about the place before the figure has its own time
        ("In Varnia, where the storm passed on Wednesday, 12 people have died.", "cumulative"),
        ("In Varnia, which was hit on Monday, 12 people have died so far.", "cumulative"),
        ("In Varnia on Wednesday, 12 people died.", "incident"),
        ("The ministry said 70 soldiers were killed in three days of fighting.", "incident"),
        ("The ministry said 70 soldiers were killed over the past week.", "incident"),
        ("Seventy soldiers were killed, the ministry said on Tuesday.", "cumulative"),
        ("The ministry says 9,000 soldiers were deployed on Monday.", "cumulative"),
        # a perfect with "now" is a running total
        ("Crews have now evacuated 2,600 residents, the fire service said.", "cumulative"),
        ("Crews evacuated 2,600 residents on Saturday.", "incident"),
        # time words about another group or thing do not make the figure one incident
        (
            "Crews evacuated 2,600 residents, including patients flown out on Saturday, "
            "the fire service said.",
            "cumulative",
        ),
        (
            "Volunteers have evacuated 900 residents from the valley, where the dam burst "
            "on Monday.",
            "cumulative",
        ),
        (
            "The coastguard has evacuated 1,300 people, most of them tourists rescued on Sunday.",
            "cumulative",
        ),
        # nor do time words of the report itself
        (
            "The governor told journalists last week that 2,300 residents had been evacuated.",
            "cumulative",
        ),
        (
            "The governor said in a statement on Friday that 2,300 residents were evacuated.",
            "cumulative",
        ),
        # one act of a conflict told as what killed, unless the clause says it is a total
        ("A strike on the market killed 40 people.", "incident"),
        ("One drone strike killed 12 soldiers near the border.", "incident"),
        ("Since an attack on the town in March, 400 people have fled.", "cumulative"),
        # a short stretch of time is one incident
        ("At least 45 soldiers were killed in a single night of shelling.", "incident"),
        ("At least 45 soldiers were killed in one weekend, medics said.", "incident"),
        ("About 3,400 people were displaced between 4 and 9 June.", "incident"),
        ("Between 10 and 15 soldiers were killed, officials said.", "cumulative"),
        # a day or a week owning an event names the event, not the figure's period
        ("Saturday's earthquake has killed 2,000 people.", "cumulative"),
        ("Medics counted 900 bodies in the streets after last week's fighting.", "cumulative"),
        ("The quake killed 2,000 people on Saturday.", "incident"),
        # the day a disaster struck dates the disaster, whose toll runs on
        (
            "More than 2,000 people were killed when earthquakes shook the west on Saturday.",
            "cumulative",
        ),
        ("The flood that struck on Monday has killed 40 people.", "cumulative"),
        ("At least 12 people were killed when a missile hit a market on Monday.", "incident"),
        (
            "A strong earthquake struck the mountains early on Wednesday, killing at least "
            "1,000 people.",
            "cumulative",
        ),
        ("Floods swept through the valley on Friday, leaving 70 dead.", "cumulative"),
        ("Gunmen attacked a village on Friday, killing 12 people.", "incident"),
        ("The quake, which struck at 4:17 a.m. on Monday, killed 2,300 people.", "cumulative"),
        ("The cyclone, which made landfall on Sunday night, has killed 21 people.", "cumulative"),
        ("Heavy rains on Sunday triggered landslides that killed 40 people.", "cumulative"),
        ("At least 300 people were killed on Sunday when floods hit the capital.", "cumulative"),
        ("At least 3,000 people were evacuated on Tuesday as the fire spread.", "incident"),
        ("Floods killed 12 people on Monday.", "incident"),
        # those held are a count to date; a capture is an event
        ("The families of 199 hostages have been informed.", "cumulative"),
        ("About 240 people are being held in Gaza.", "cumulative"),
        ("Ukraine captured two soldiers in Kursk.", "incident"),
        # a count confirmed on a day is the total confirmed by then; a number more is not
        ("At least 12 people were confirmed dead in Florida on Thursday.", "cumulative"),
        ("Two more people were confirmed dead on Monday.", "incident"),
        ("Floods over the weekend killed 60 people.", "cumulative"),
        ("The storm that hit the coast overnight killed 12 people.", "cumulative"),
        ("The hurricane made landfall on Thursday and has killed 25 people.", "cumulative"),
        # a disaster over in one stroke: the day dates it, not the count
        ("At least 40 people died when the dam burst on Friday.", "cumulative"),
        (
            "Some 2,000 were buried alive when the hillside collapsed onto the village on Friday.",
            "cumulative",
        ),
        ("At least 300 passengers drowned when the ferry capsized on Sunday.", "cumulative"),
        ("At least 40 people died when police opened fire on Friday.", "incident"),
        ("The typhoon killed 21 people as it swept across the north on Saturday.", "cumulative"),
        ("The missile killed 21 people as it struck the market on Saturday.", "incident"),
        # the new total a figure makes is that total's, not the figure's
        (
            "The ministry said 45 people were killed in the past day, raising the toll to 34,100.",
            "incident cumulative",
        ),
        # ... however one event the count it adds tells of
        (
            "Three more people were killed in the attack, bringing the death toll to 22.",
            "incident cumulative",
        ),
        (
            "Two more crew were seized in the raid, raising the number of hostages to 19.",
            "incident cumulative",
        ),
        (
            "Another 20 bodies were found on Tuesday, bringing the total to 170.",
            "incident cumulative",
        ),
        # a count joined to one linked to a running total is in that total too
        ("The toll rose to 2,122 dead and 2,421 injured on Sunday.", "cumulative"),
        # the first of their kind are all there are so far
        (
            "Two soldiers were taken prisoner on Monday, the first prisoners of the war.",
            "cumulative",
        ),
        (
            "The army said it had captured 14 soldiers, the first captives of the campaign.",
            "cumulative",
        ),
        ("Three patients have died, the first confirmed deaths of the outbreak.", "cumulative"),
        ("Two soldiers were captured on the first day of the assault.", "incident"),
        ("Two soldiers were killed in the first attack on the town.", "incident"),
        # a report inside the clause hides none of its time words
        ("Forty soldiers, the army says, were captured on Monday.", "incident"),
        ("Forty soldiers it says were captured on Monday have been freed.", "incident"),
        (
            "The army named two soldiers it says were captured, the first prisoners of the war.",
            "cumulative",
        ),
        # the day of a report before the figure's own "said" dates the report
        (
            "The agency put the death toll at 4,310 on Tuesday and said 44,801 people had been "
            "evacuated.",
            "cumulative cumulative",
        ),
        (
            "Officials counted 30 dead on Monday and said 12 more were killed on Tuesday.",
            "incident",
        ),
        # "the number of <people> killed" is a running total, whatever day it is given
        ("The number of North Korean soldiers killed rose to 300 on Monday.", "cumulative"),
        (
            "Zelensky, who last week put the number of North Koreans killed or wounded at "
            "about 4,000, spoke in Kyiv.",
            "cumulative",
        ),
        # a count the sentence names as its source is a running total
        ("By the count the ministry issued on Friday, 4,421 people died.", "cumulative"),
        (
            "According to the latest tally released on Sunday, 812 people were injured.",
            "cumulative",
        ),
        ("By Friday evening, 40 people had died in the blast.", "incident"),
        # a count set against its own earlier value is a running total, whatever its day
        ("Police confirmed 147 deaths on Sunday, up from 145 on Saturday.", "cumulative"),
        ("Police confirmed 147 deaths on Sunday.", "incident"),
        # the figure's own verb says what it counts, not when ("spent last night in tents")
        (
            "Around 2,500 people across the country spent last night in tents or hotels.",
            "cumulative",
        ),
        # a place's share told by what it accounts for
        ("The toll is 30; Durrës accounts for 16 of them.", "cumulative incident"),
        # the number of bodies recovered is a running total, whatever day it is dated
        ("The number of bodies recovered reached 550 on Saturday morning.", "cumulative"),
        # a comparison with another count after a comma is that count's words
        (
            "Officials say about 3.2 million people were evacuated from the coast, far more "
            "than the government mentioned yesterday.",
            "cumulative",
        ),
        # deaths or injuries added to an earlier count are what came since; "more" of a
        # state counts others besides
        ("Six more people died in the twelve hours to Sunday.", "incident"),
        # "in the blast" is one event's count, but for the event the headline's story is of
        ("Dozens were hurt. Officials said 12 died in the blast at the depot.", "incident"),
        (
            "Port blast death toll reaches 70\n\nThe number of people who lost their lives in "
            "the blast has reached 70.",
            "cumulative",
        ),
        (
            "Port blast death toll reaches 70\n\nSeparately, 12 were killed in a single strike.",
            "cumulative incident",
        ),
        # one cause's share of a toll
        ("Sixteen of the deaths were attributed to the Eaton Fire.", "incident"),
        ("Eight of those injured were blamed on the second blast.", "incident"),
        ("Officials recorded 19 new deaths since the last update.", "incident"),
        ("Twelve more bodies were identified in the town.", "incident"),
        ("Six more people died, bringing the toll to 106.", "incident cumulative"),
        ("Sixteen more are still listed as missing.", "cumulative"),
        ("Almost 16,000 more are in shelters.", "cumulative"),
        # those held in a state's prisons are a count to date, as those in its custody
        ("About 9,000 Varnians remain in Ostrian prisons.", "cumulative"),
        ("Some 60 sailors are still in Ostrian jails.", "cumulative"),
    ],
)
def test_scope(open_extractor: FigureExtractor, text: str, scope: str) -> None:
    """`scope`: the scope of each figure of the sentence, in order, or of all of them."""
    found = [f.scope for f in open_extractor.extract(text)]
    expected = scope.split()
    assert found == expected if len(expected) > 1 else set(found) == set(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the counted noun names the topic's group
        ("Seoul said 150 North Korean soldiers were killed.", [("killed", 150, "nk-troops")]),
        # another country's troops in the same sentence are not the topic's
        (
            "Kyiv said 150 North Korean soldiers and 400 Russian soldiers were killed.",
            [("killed", 150, "nk-troops")],
        ),
        ("The ministry said 300 Russian troops were killed.", []),
        # "others" carries the group of the clause before
        (
            "At least 90 North Korean soldiers were killed and about 600 others wounded.",
            [("killed", 90, "nk-troops"), ("wounded", 600, "nk-troops")],
        ),
        # "of them" carries the group of the sentence before
        (
            "Pyongyang sent 2,000 soldiers to the front. Of them, 40 have died.",
            [("deployed", 2000, "nk-troops"), ("killed", 40, "nk-troops")],
        ),
        # ... and so do "of this number" and "of these", before a noun for people
        (
            "Pyongyang sent 2,000 soldiers to the front.\n\nOf this number, 40 men have died.",
            [("deployed", 2000, "nk-troops"), ("killed", 40, "nk-troops")],
        ),
        (
            "Pyongyang sent 2,000 soldiers to the front. Of these, 30 persons were wounded.",
            [("deployed", 2000, "nk-troops"), ("wounded", 30, "nk-troops")],
        ),
        # the agent of a deployment verb owns the troops
        ("The North has sent about 5,000 troops to the region.", [("deployed", 5000, "nk-troops")]),
        # civilians are a group of their own
        ("North Korean shelling killed 12 civilians, the governor said.", []),
        # a second reporting verb ("... and said") does not make the counted group a source
        (
            "The ministry confirmed that rebels had captured 40 North Korean soldiers near the "
            "pass and said talks were under way.",
            [("captured", 40, "nk-troops")],
        ),
    ],
)
def test_subject_linking(
    nk_extractor: FigureExtractor, text: str, expected: list[tuple[str, int, str]]
) -> None:
    found = [(f.metric, f.value, f.topic) for f in nk_extractor.extract(text)]
    assert found == expected


def test_topic_without_subjects_takes_every_figure(displacement_extractor: FigureExtractor) -> None:
    found = displacement_extractor.extract(
        "Floods displaced 4,000 people in the east. Another 2,500 residents were evacuated."
    )
    assert [(f.topic, f.metric, f.value) for f in found] == [
        ("displacement", "displaced", 4000),
        ("displacement", "evacuated", 2500),
    ]


def test_topic_metrics_restrict_figures(displacement_extractor: FigureExtractor) -> None:
    found = displacement_extractor.extract("The floods killed 30 people and displaced 9,000.")
    assert [(f.metric, f.value) for f in found] == [("displaced", 9000)]


def test_unknown_group_gets_no_topic(nk_extractor: FigureExtractor) -> None:
    (fig,) = nk_extractor.extract("Officials said 300 soldiers were killed.")
    assert fig.topic is None


@pytest.mark.parametrize(
    "text",
    [
        "The 3,000 soldiers were killed in 1916 at the Somme, historians say.",  # year -> no 1916
        "On 14 December 2024, officials said nothing.",
        "A 19-year-old soldier was killed near the bridge.",
        "The army spent $500 million on 40 new tanks.",
        "About 40% of the soldiers were wounded.",
        "The ratio, nine wounded for every soldier killed, is lower than expected.",
        "About three people were injured for each death.",
        "There is one doctor for every 10,000 people in the camps.",
        "The troops were deployed for 120 days.",
        "Soldiers rotate out twice a week, in two waves.",
        "He was the 25th soldier wounded in the unit.",
        "3 min read",
        "Call 555-0142 to reach the families of wounded soldiers.",
        "Read 12 comments on the soldiers killed in action.",
        "The battalion sent 200 drones to the front.",
        "Three crews were sent to fight the fire.",
        "In all, 420 postmortems of bodies and body parts have been carried out.",
        "Doctors have done 96 post-mortem examinations of the dead since Monday.",
        "Several thousand soldiers were killed.",
        "Hundreds of people fled the town.",
        "The government plans to send 4,000 troops next year.",
        "Officials expect 10,000 soldiers to be deployed by December.",
        "About 30,000 people could be displaced if the dam fails.",
        "About 300 households were displaced by the floods.",
        "Magnitude 6.4 quake: 25 km from the town, 70,000 people felt it.",
        "Placeholder: 4,444 soldiers killed.",
        "Dummy figure: 7,777 people displaced.",
        "The number of displaced households stood at 1,250.",
        "A group of 40 walked into the village.",
        "The town has 5,000 soldiers in its garrison.",
        # the size of an army, or of each of its units; what lives somewhere, with a hedge
        "The army has a standing force of about 600,000.",
        "Images showed groups of 300 to 400 soldiers gathered at a camp.",
        "They attacked in groups of 20 to 40 men.",
        "The troops were sent in batches of 500.",
        "Roughly 2,000 soldiers defend a town of about 25,000.",
        "North Korea has a standing army about 1.2 million strong.",
        "The country's armed forces are 600,000 strong.",
        "Its regular army, 1.2 million strong, is among the world's largest.",
        # money in any country's currency (ISO 4217 names)
        "The council puts infrastructure losses at about 3.6 billion pesos and farm losses at "
        "2.8 billion pesos.",
        "Losses stood at 2 billion naira and 40 million shillings.",
        "Farm losses reached 900 million taka and 20 million rupiah.",
        # a list of ages
        "Both pilots, aged 34 and 27, were killed.",
        "The victims, ages 19, 22 and 41, died at the scene.",
        # what a camera or a recorder captured
        "The cockpit voice recorder captured one pilot saying the engines had no power.",
        "Security cameras captured 30 people running from the hall.",
        # an aircraft's model, by its maker's name
        "The ATR 72 left the capital at noon for the short hop west.",
        "The Fokker 50 left the runway in heavy rain.",
        "An Embraer 190 was sent to pick up the stranded crew.",
    ],
)
def test_distractors(open_extractor: FigureExtractor, text: str) -> None:
    found = [(f.metric, f.value) for f in open_extractor.extract(text)]
    if text.startswith("The 3,000"):
        assert found == [("killed", 3000)]
    else:
        assert found == []


def test_evidence_offsets(open_extractor: FigureExtractor) -> None:
    text = "Background first.\n\nThe ministry said about 1,200 soldiers were wounded."
    (fig,) = open_extractor.extract(text)
    assert text[fig.start : fig.end] == "1,200"
    assert fig.sentence == "The ministry said about 1,200 soldiers were wounded."


def test_headline_repeating_the_body_is_not_a_second_figure(
    open_extractor: FigureExtractor,
) -> None:
    text = (
        "Over 600 Soldiers Killed in Border Clash\n\n"
        "Officials said some 600 soldiers were killed in the clash on Sunday."
    )
    found = open_extractor.extract(text)
    assert [(f.value, f.qualifier) for f in found] == [(600, "approx")]


@pytest.mark.parametrize(
    ("headline", "body", "values"),
    [
        # a headline rounds the body's figure the way its hedge says
        ("Quake toll passes 2,000", "The toll rose to 2,056 on Monday.", [2056]),
        ("Flood toll nears 500", "At least 478 people have died, officials said.", [478]),
        ("About 3,000 dead in quake", "The toll stands at 3,145, officials said.", [3145]),
        (
            "Storm leaves more than 345,000 homeless",
            "Some 345,183 people have been made homeless.",
            [345183],
        ),
        # ... but a headline figure the body's does not round is a figure of its own
        ("Quake toll passes 2,000", "The toll rose to 1,956 on Monday.", [2000, 1956]),
        ("Flood toll nears 500", "At least 378 people have died, officials said.", [500, 378]),
    ],
)
def test_a_headline_rounding_the_bodys_figure_is_not_a_second_figure(
    open_extractor: FigureExtractor, headline: str, body: str, values: list[int]
) -> None:
    found = open_extractor.extract(f"{headline}\n\n{body}")
    assert [f.value for f in found] == values


def test_other_topics_and_places() -> None:
    from tallywatch.config.schema import TopicConfig

    extractor = FigureExtractor(
        [
            TopicConfig(name="gaza", subjects=["Palestinians", "Gaza"]),
            TopicConfig(name="sudan", subjects=["Sudan"], metrics=["displaced"]),
        ]
    )
    text = (
        "The health ministry says at least 40,000 Palestinians have been killed since "
        "October. Officials in the other capital said 1,200 people were killed in the "
        "October 7 attack.\n\n"
        "In Sudan, fighting has driven more than 10 million people from their homes, "
        "the UN said on Monday."
    )
    found = [(f.topic, f.metric, f.value, f.scope) for f in extractor.extract(text)]
    assert found == [
        ("gaza", "killed", 40000, "cumulative"),
        # (1,200 killed in "the other capital": another place, no topic's)
        ("sudan", "displaced", 10_000_000, "cumulative"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The contingent, 1,000-strong when it arrived, now numbers about 2,000.",
            ("deployed", 2000),
        ),
        (
            "The force, which had 1,500 soldiers in May, now numbers some 3,000.",
            ("deployed", 3000),
        ),
        (
            "The death toll, which passed 1,000 on Monday, stood at 1,250 on Tuesday.",
            ("killed", 1250),
        ),
        (
            "The number of people displaced, put at 12,000 last week, has risen to 15,500.",
            ("displaced", 15500),
        ),
    ],
)
def test_a_number_inside_an_aside_leaves_the_noun_to_the_clauses_own_number(
    open_extractor: FigureExtractor, text: str, expected: tuple[str, int]
) -> None:
    assert expected in [(f.metric, f.value) for f in open_extractor.extract(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How many were injured?\n\nArmy sources put the number at 76.", [("wounded", 76)]),
        ("How many soldiers died?\n\nTwenty, according to the army.", [("killed", 20)]),
        ("How many officers are in Haiti?\n\nJust over 600.", [("deployed", 600)]),
        ("How many people have fled?\n\nAbout 40,000 so far.", [("displaced", 40000)]),
        ("How many have died?\n\nAs of Tuesday night, 106, the governor said.", [("killed", 106)]),
        # a question of no metric, or an answer that counts something else
        ("How many schools reopened?\n\nAbout 300.", []),
        # a question that is a metric's noun alone asks for that metric
        ("And the injured?\n\nA total of 149, the ministry said.", [("wounded", 149)]),
        ("What about the missing?\n\nAbout 40, police said.", [("missing", 40)]),
        ("And the weather?\n\nAbout 40 degrees.", []),
        ("How many were injured?\n\nForty soldiers died in the attack.", [("killed", 40)]),
    ],
)
def test_an_answer_counts_what_its_question_asked(
    open_extractor: FigureExtractor, text: str, expected: list
) -> None:
    """A Q&A explainer's bare answer ("Just over 600.") counts what "How many ...?" asked."""
    assert [(f.metric, f.value) for f in open_extractor.extract(text)] == expected


def test_a_person_counted_with_the_number_starts_its_evidence(
    open_extractor: FigureExtractor,
) -> None:
    text = "On Monday an army officer and two soldiers were killed."
    (figure,) = open_extractor.extract(text)
    assert (figure.value, text[figure.start : figure.end]) == (3, "an army officer and two")


def test_an_answer_opening_with_a_total_counts_what_its_question_asked(
    open_extractor: FigureExtractor,
) -> None:
    text = (
        "How many were injured?\n\nA total of 149, the interior ministry said, 33 of them "
        "seriously."
    )
    assert [(f.metric, f.value) for f in open_extractor.extract(text)] == [
        ("wounded", 149),
        ("wounded", 33),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a question answered yes or no asks about its numbers and tells none
        ("Does that mean a thousand people are dead?", []),
        ("Did the minister say 82 bodies had been found? He did not.", []),
        ("Q: Have 40 people died in the floods?", []),
        ("And were 300 soldiers really captured?", []),
        # ... while its answer tells the count, of what it asked about
        ("Have 40 people died? Officials say the toll now stands at 52.", [("killed", 52)]),
        ("Has the death toll passed 40? Officials say it now stands at 52.", [("killed", 52)]),
        # a question on why or how takes its count as told
        ("Why did 40 people die in the floods?", [("killed", 40)]),
    ],
)
def test_a_yes_or_no_question_tells_no_figure(
    open_extractor: FigureExtractor, text: str, expected: list
) -> None:
    assert [(f.metric, f.value) for f in open_extractor.extract(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # flown or ferried out of the danger, where from told before
        (
            "About 445 people stranded by the flood have so far been flown out by helicopter.",
            [("evacuated", 445)],
        ),
        ("Twelve climbers were airlifted out by the army on Friday.", [("evacuated", 12)]),
        ("Some 300 tourists were ferried out on Tuesday.", [("evacuated", 300)]),
        # ... not those flown out of somewhere to elsewhere, told by where to
        ("The 40 wounded were flown out of the valley.", [("wounded", 40)]),
        # moved from where they were to safer areas
        (
            "More than 50 students had been relocated from farms near the border to safer "
            "areas by Tuesday night.",
            [("evacuated", 50)],
        ),
        (
            "About 900 villagers were moved from the riverbank to higher ground.",
            [("evacuated", 900)],
        ),
        # sets of remains are the dead
        # people and those who depend on them, counted together
        (
            "More than 4,000 nationals and their dependants had been evacuated by Saturday.",
            [("evacuated", 4000)],
        ),
        # a count of villages is none of people, whatever word comes before it ("villages"
        # is a word of its own, no misspelt "villagers")
        ("Residents of two upland villages were airlifted out.", []),
        ("Nine residents of two upland villages were airlifted out.", [("evacuated", 9)]),
        ("Searchers found 14 more sets of remains on Saturday.", [("killed", 14)]),
        ("Crews have recovered 63 sets of human remains so far.", [("killed", 63)]),
        # a part of a whole, with no article before the whole: the verb tells of the part
        ("Officials said 300 of 9,000 troops were wounded.", [("wounded", 300)]),
        ("Twelve of 17 students were killed.", [("killed", 12)]),
        # ... and in a headline, with no verb at all
        (
            "Twelve of 17 farm students missing, minister says\n\nHe spoke on Monday.",
            [("missing", 12)],
        ),
        (
            "Two of 17 climbers killed in avalanche\n\nThe team was caught on Sunday.",
            [("killed", 2)],
        ),
    ],
)
def test_flights_out_remains_and_parts_of_a_whole(
    open_extractor: FigureExtractor, text: str, expected: list
) -> None:
    assert [(f.metric, f.value) for f in open_extractor.extract(text)] == expected

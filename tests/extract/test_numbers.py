"""The number parser: every supported style, vague quantities, property round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tallywatch.extract.numbers import TENS as TEN_WORDS
from tallywatch.extract.numbers import UNITS as UNIT_WORDS
from tallywatch.extract.numbers import find_numbers, find_vague, words_value

ONES = sorted(UNIT_WORDS, key=UNIT_WORDS.__getitem__)
TENS = ["", "", *sorted(TEN_WORDS, key=TEN_WORDS.__getitem__)]


def in_words(n: int) -> str:
    """English words for 0 <= n < 1,000,000 ("nine hundred and twenty-one")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + (" and " + in_words(rest) if rest else "")
    rest = n % 1000
    head = in_words(n // 1000) + " thousand"
    if not rest:
        return head
    return head + (" and " if rest < 100 else " ") + in_words(rest)


def only(text: str) -> tuple[int, int | None]:
    found = find_numbers(text)
    assert len(found) == 1, (text, found)
    return found[0].value, found[0].high


@pytest.mark.parametrize(
    ("text", "value", "high"),
    [
        ("4,700 troops", 4700, None),
        ("between about 220,000 and 230,000 dead", 220_000, 230_000),
        ("4 700 troops", 4700, None),
        ("10.000 personas", 10000, None),
        ("1.5 million people", 1_500_000, None),
        ("2.3m people", 2_300_000, None),
        ("11k people", 11_000, None),
        ("2.14 lakh people", 214_000, None),
        # Indian grouping and scale words: lakh (100,000) and crore (10 million)
        ("7,24,649 people", 724_649, None),
        ("1,00,000 people", 100_000, None),
        ("1,23,45,678 people", 12_345_678, None),
        ("one lakh people", 100_000, None),
        ("a lakh people", 100_000, None),
        ("two lakhs of people", 200_000, None),
        ("three crore people", 30_000_000, None),
        ("three hundred soldiers", 300, None),
        ("two dozen soldiers", 24, None),
        ("a dozen soldiers", 12, None),
        ("nine hundred and twenty-one families", 921, None),
        ("some 15-hundred soldiers", 1500, None),
        ("half a million people", 500_000, None),
        ("a hundred and fifty people", 150, None),
        ("a thousand and twenty people", 1020, None),
        ("1,3 million people", 1_300_000, None),
        ("2,75 million people", 2_750_000, None),
        ("between 11,000 and 12,000 troops", 11_000, 12_000),
        ("10,000-12,000 troops", 10_000, 12_000),
        ("10,000 to 12,000 troops", 10_000, 12_000),
        ("from 300 to 1,000 troops", 300, 1000),
        ("1.2 to 1.5 million people", 1_200_000, 1_500_000),
        ("between one and 1.5 million people", 1_000_000, 1_500_000),
    ],
)
def test_styles(text: str, value: int, high: int | None) -> None:
    assert only(text) == (value, high)


def test_plus_marks_a_lower_bound() -> None:
    assert find_numbers("5,000+ soldiers")[0].plus
    assert find_numbers("a 5,000-plus contingent")[0].plus


@pytest.mark.parametrize(
    "text",
    [
        "a magnitude 6.5 quake",  # a decimal is not a count
        "the 25th meeting",  # ordinal
        "one-third of the force",  # fraction
        "three quarters of the population",
        "No one was hurt",  # "no one"
        # "one" for a thing named before
        "This one was worse",
        "Each one was hurt",
        "the same one that struck in May",
        # "one" naming a quote's speaker
        '"We lost everything," said one woman sheltering in a school.',
        "“It came at night,” says one resident of the valley.",
        "COVID-19",
        "at 09:00",
        "several thousand soldiers",
        "hundreds of thousands of people",
        "dozens of fighters",
        # digits run into a letter or a degree sign: a measure or a name
        "the heat topped 51C",
        "as the mercury hit 49°C",
        "a 40km stretch",
        "the 5G network",
        "the 12th day",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("several thousand soldiers", "several thousand"),
        ("hundreds of thousands fled", "hundreds of thousands"),
        ("dozens of men", "dozens"),
        ("tens of thousands of people", "tens of thousands"),
    ],
)
def test_vague_quantities_are_recognised(text: str, phrase: str) -> None:
    assert find_vague(text) == [(0, len(phrase))]


def test_words_value_rejects_nonsense() -> None:
    assert words_value("two three") is None
    assert words_value("and") is None
    assert words_value("twenty-one") == 21


def test_offsets_point_at_the_number() -> None:
    text = "Officials said about 4,700 soldiers were hurt."
    (n,) = find_numbers(text)
    assert text[n.start : n.end] == "4,700"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eleven (11) persons were hurt.", [(11, "Eleven (11)")]),
        (
            "Twenty-two (22) bodies and three (3) survivors.",
            [(22, "Twenty-two (22)"), (3, "three (3)")],
        ),
        ("One hundred and five (105) homes.", [(105, "One hundred and five (105)")]),
        # digits that say another number are a number of their own
        ("Eleven (12) persons were hurt.", [(11, "Eleven"), (12, "12")]),
    ],
)
def test_a_number_in_words_glossed_in_digits_is_one_number(
    text: str, expected: list[tuple[int, str]]
) -> None:
    assert [(n.value, n.text) for n in find_numbers(text)] == expected


counts = st.integers(min_value=1, max_value=99_999_999)


@given(counts)
def test_commas_round_trip(n: int) -> None:
    assert only(f"Officials counted {n:,} people.") == (n, None)


@given(counts)
def test_plain_digits_round_trip(n: int) -> None:
    text = f"Officials counted {n} people."
    if 1800 <= n <= 2100:
        n_found = find_numbers(text)
        assert n_found and n_found[0].value == n
    else:
        assert only(text) == (n, None)


@given(st.integers(min_value=1000, max_value=99_999_999))
def test_space_groups_round_trip(n: int) -> None:
    assert only("Officials counted " + f"{n:,}".replace(",", "\u00a0") + " people.") == (n, None)


@given(st.integers(min_value=1000, max_value=99_999_999))
def test_european_groups_round_trip(n: int) -> None:
    assert only("Officials counted " + f"{n:,}".replace(",", ".") + " people.") == (n, None)


@given(st.integers(min_value=1, max_value=999_999))
def test_words_round_trip(n: int) -> None:
    assert only(f"Officials counted {in_words(n)} people.") == (n, None)


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million"]))
def test_scale_words_round_trip(n: int, scale: str) -> None:
    factor = 1000 if scale == "thousand" else 1_000_000
    assert only(f"Officials counted {n} {scale} people.") == (n * factor, None)


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_decimal_millions_round_trip(whole: int, tenth: int) -> None:
    assert only(f"Officials counted {whole}.{tenth} million people.") == (
        whole * 1_000_000 + tenth * 100_000,
        None,
    )


@given(st.integers(min_value=1, max_value=9_999_999), st.integers(min_value=1, max_value=9_999_999))
def test_ranges_round_trip(a: int, b: int) -> None:
    low, high = sorted((a, a + b))
    assert only(f"between {low:,} and {high:,} people") == (low, high)
    assert only(f"{low:,}-{high:,} people") == (low, high)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a change is two figures, a day after its month no range's low end
        ("The toll rose from 3,252 to 3,958.", [(3252, None), (3958, None)]),
        ("The count of the dead since September 27 to 1,177.", [(27, None), (1177, None)]),
        # ... also with the count named between its verb and "from"
        (
            "The agency raised its count of the dead in the province from 115 to 151.",
            [(115, None), (151, None)],
        ),
        ("Officials revised the official toll from 2,000 to 1,800.", [(2000, None), (1800, None)]),
        ("Between 27 and 40 people died.", [(27, 40)]),
        ("Some 300 to 400 people fled.", [(300, 400)]),
    ],
)
def test_what_is_no_range(text: str, values: list[tuple[int, int | None]]) -> None:
    assert [(n.value, n.high) for n in find_numbers(text)] == values


@pytest.mark.parametrize(
    "text",
    [
        "Police said one soldier was killed.",
        "He said that one soldier was killed.",
        '"It was night," one survivor said, and one person died.',
    ],
)
def test_one_told_by_a_speaker_is_still_a_count(text: str) -> None:
    """Only "one" right after the verb that closes a quote names a speaker."""
    assert any(n.value == 1 for n in find_numbers(text))

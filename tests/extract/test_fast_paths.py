"""The extractor's quick tests and scans give what the plain patterns they stand for give.

Each fast path here replaced a slower formulation for speed alone; these tests hold it to
the slow one on texts built to reach its edges (a word opening the text, Unicode spaces and
letters, underscores and hyphens beside words).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tallywatch.config.schema import TopicConfig
from tallywatch.extract import clauses, glue, numbers, sentences
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.folding import lower_text
from tallywatch.extract.places import Gazetteer, PlaceKind
from tallywatch.extract.rules import RulesError, load_rules, required_word, required_words
from tallywatch.extract.sentences import Sentence
from tallywatch.extract.subjects import SubjectIndex

GLUE = FigureExtractor([]).glue
WORDS = sorted(w for w in GLUE.vocabulary if len(w) >= glue.MIN_PART)
# the joined-word scan as a plain search: a word boundary, then two known words
PLAIN_JOINED_RE = re.compile(rf"\b(?:{glue._trie(WORDS)})(?=(?:{glue._trie(WORDS)})(?:\b|-))")
PIECES = [
    "people", "were", "peoplewere", "displacedabout", "aroundthe", "were-", "in", "the",
    "thein", "_", "-", "é", "Ünd", "4", " ", "  ", "\n", ",", ".", "—", "\u00a0", "areat",
    "villagersfled", "xpeoplewere", "hasbeen",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_joined_words_are_found_where_the_boundary_pattern_finds_them(pieces: list[str]) -> None:
    lower = lower_text("".join(pieces))
    found = set(GLUE.joined_word_ends(lower))
    plain = {m.end() for m in PLAIN_JOINED_RE.finditer(lower)}
    # (the scan then keeps those of them that are two words, not a compound)
    assert found <= plain


def test_a_joined_word_opening_the_text_is_repaired() -> None:
    assert GLUE("peoplewere displaced: 300").text == "people were displaced: 300"
    assert GLUE("Some 300 peoplewere displaced").text == "Some 300 people were displaced"


SPACES = [" ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\x1c", "\u2028", "a", ".", "\u200b"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(SPACES), max_size=6), st.integers(0, 7), st.integers(0, 7))
def test_has_text_is_a_search_for_a_non_space(text: str, start: int, end: int) -> None:
    expected = bool(re.compile(r"\S").search(text, start, end))
    assert sentences._has_text(text, start, end) is expected


AFTER = [":", "h", ".", "-", "/", "0", "5", " ", "\u00a0", "a", "m", "p", "x", "H"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(AFTER), max_size=8))
def test_time_or_glue_pretest_never_hides_a_match(right: str) -> None:
    lright = lower_text(right)
    if clauses._TIME_AFTER_RE.match(lright) or clauses._DIGIT_GLUE_RE.match(right):
        assert clauses._may_be_time_or_glued(lright)


def test_year_range_is_what_the_year_pattern_accepts() -> None:
    for value in range(0, 3000):
        expected = bool(clauses._YEAR_RE.match(str(value)))
        assert (clauses._FIRST_YEAR <= value <= clauses._LAST_YEAR) is expected, value


def test_topics_of_a_name_ignore_case_and_a_plural_or_possessive_ending() -> None:
    gazetteer = Gazetteer()
    gazetteer.add("North Korea", PlaceKind.COUNTRY, ["KP"])
    gazetteer.add("Russia", PlaceKind.COUNTRY, ["RU"])
    gazetteer.add_capital("Pyongyang", "KP")
    gazetteer = gazetteer.with_words({"KP": ["North Korean"], "RU": ["Russian"]}, {})
    index = SubjectIndex([TopicConfig(name="nk", subjects=["North Korea"])], {}, gazetteer)
    names = ["North Korean", "NORTH KOREA's", "Pyongyang’s", "North Koreans", "Russians", "Kyiv"]
    assert [index.topics_of(name) for name in names] == [frozenset({"nk"})] * 4 + [frozenset()] * 2


@pytest.mark.parametrize("role", ["heads", "predicates"])
def test_a_bad_pattern_is_reported_whether_or_not_it_can_be_folded(
    tmp_path: Path, role: str
) -> None:
    # (heads fold to lower case; predicates hold a case-sensitive part and cannot)
    broken = tmp_path / "broken.toml"
    broken.write_text(f"[metrics.killed]\n{role} = ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(RulesError, match="regular expression"):
        load_rules([broken])


@pytest.mark.parametrize(
    ("term", "word"),
    [
        (r"(?:\w+ )?years ago", "years"),
        ("years?", "year"),
        ("last year", "last"),
        (r"No\.?", "no"),
        ("ab+c", "ab"),
        ("x{2}yz", "yz"),
        ("(?:foo)bar", "bar"),
        ("[^]ab]cd", "cd"),
        ("[a-z]+ing", "ing"),
        ("Décès", "décès"),
        ("a|b", None),
        ("(?:alpha|beta)", None),
        (r"\u0041bc", None),
        ("(?x) a b c", None),
        (r"\d+", None),
    ],
)
def test_required_word_is_one_every_match_holds(term: str, word: str | None) -> None:
    assert required_word(term) == word


TERMS = [
    *load_rules().data["time"]["earlier"], r"(?:\w+ )?decades?\s+on", r"[Ss]ome\s+time\s+back",
]  # fmt: skip
EARLIER_RE = re.compile(rf"(?:{'|'.join(TERMS)})", re.IGNORECASE)
TIME_PIECES = [
    "last", "year", "years", "a", "decade", "decades", "ago", "earlier", "the", "previous",
    "before", "in", "past", "on", "some", "time", "back", "two", " ", "  ", "\n", ",", "-",
    "LAST", "YEARS", "Year", "ſ", "K", "2015", "1,999", "x2020", "2020s", ".1900",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TIME_PIECES), max_size=10))
def test_a_text_matching_a_term_holds_one_of_the_required_words(pieces: list[str]) -> None:
    text = "".join(pieces)
    words = required_words(TERMS)
    assert words is not None
    if EARLIER_RE.search(text):
        assert any(word in lower_text(text) for word in words)


READER = FigureExtractor([]).past
# what `PastReader.dates_any` stands for: one search for a year or an earlier time
PLAIN_CUE_RE = re.compile(rf"(?<![\d,.])(?:1[89]|20)\d\d|{READER._earlier.pattern}", re.IGNORECASE)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TIME_PIECES), max_size=10), st.integers(0, 4))
def test_dates_any_is_one_search_for_a_year_or_an_earlier_time(
    pieces: list[str], start: int
) -> None:
    text = "".join(pieces)
    sent = Sentence(min(start, len(text)), len(text), 0, 0)
    expected = bool(PLAIN_CUE_RE.search(text, sent.start, sent.end))
    assert READER.dates_any(text, sent) is expected


# where a number word may start: at the start of a word (no letter, digit or "_" before it)
PLAIN_NUMBER_WORD_RE = re.compile(rf"(?<!\w)(?:{numbers._NUMBER_WORD})\b")
NUMBER_PIECES = [
    "one", "twenty", "from", "between", "seventeen", "xone", "_", "é", "ſ", "2", "-", " ",
    "\n", ",", "\u00a0", "eight", "y", "onee", "fromage",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=10))
def test_number_words_are_found_at_the_start_of_words(pieces: list[str]) -> None:
    lower = lower_text("".join(pieces))
    expected = sorted(m.start() for m in PLAIN_NUMBER_WORD_RE.finditer(lower))
    assert numbers._candidate_starts(lower, lower, []) == expected


RULES = load_rules()
# what `Rules.keywords` stands for: one search for a cue word's stem or a figure noun
PLAIN_KEYWORDS_RE = re.compile("|".join(p.pattern for p in RULES.keywords.patterns))
KEYWORD_PIECES = [
    "kill", "killed", "skill", "toll", "tolls", "tollgate", "estimate", "figure", "figures",
    "count", "country", "the", "x", " ", "-", "_", "2", "\n", "é",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(KEYWORD_PIECES), max_size=8), st.integers(0, 3))
def test_keywords_are_found_where_one_search_for_all_finds_them(
    pieces: list[str], start: int
) -> None:
    lower = lower_text("".join(pieces))
    expected = PLAIN_KEYWORDS_RE.search(lower, start) is not None
    assert (RULES.keywords.search(lower, start) is not None) is expected

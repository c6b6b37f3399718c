"""The run's figure processor builds the extractor only when it needs it (a user's own
rules are checked when the configuration is read: tests/config); it reads each article with
its headline."""

from __future__ import annotations

from tallywatch.config import parse_settings
from tallywatch.cycle import FigureProcessor
from tallywatch.extract.types import CleanedPage

TEXT = "Officials said about 1,200 people had fled the valley after the floods."


def test_built_in_rules_are_compiled_on_the_first_article() -> None:
    processor = FigureProcessor(parse_settings({}))
    assert "extractor" not in vars(processor)
    figures = processor.analyse(CleanedPage(TEXT))
    assert "extractor" in vars(processor)
    assert [(f.metric, f.value) for f in figures] == [("displaced", 1200)]


def test_a_users_extra_terms_are_read() -> None:
    processor = FigureProcessor(parse_settings({"extract": {"terms": {"killed": ["perished"]}}}))
    found = processor.analyse(CleanedPage("At least 40 people perished."))
    assert [f.metric for f in found] == ["killed"]


def test_the_headline_says_whose_a_figure_is() -> None:
    settings = parse_settings({"topics": [{"name": "kerala", "subjects": ["India"]}]})
    processor = FigureProcessor(settings)
    page = CleanedPage("The death toll has risen to 412, officials said.")
    assert [f.topic for f in processor.analyse(page)] == [None]
    titled = CleanedPage(page.text, title="Floods in Kerala: the toll rises")
    assert [(f.topic, f.value) for f in processor.analyse(titled)] == [("kerala", 412)]

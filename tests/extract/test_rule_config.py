"""Users extend the rules from the config: extra metric terms, extra rule files (a language)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tallywatch.config.schema import ExtractConfig
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.rules import RulesError, load_rules


def test_extra_terms_add_a_phrase() -> None:
    text = "Forty sailors vanished when the patrol boat sank."
    assert FigureExtractor([]).extract(text) == []
    extractor = FigureExtractor([], ExtractConfig(terms={"missing": ["vanished"]}))
    (fig,) = extractor.extract(text)
    assert (fig.metric, fig.value) == ("missing", 40)


def test_rule_file_adds_a_language(tmp_path: Path) -> None:
    rules = tmp_path / "es.toml"
    rules.write_text(
        """
[qualifiers]
approx = ["unas", "unos", "alrededor de"]

[grammar]
aux = ["fueron", "han sido", "han"]

[nouns]
people = ["personas", "habitantes"]

[metrics.displaced]
predicates = ["desplazad[oa]s"]
""",
        encoding="utf-8",
    )
    text = "Unas 3.000 personas fueron desplazadas por las inundaciones."
    assert FigureExtractor([]).extract(text) == []
    (fig,) = FigureExtractor([], ExtractConfig(rules=[rules])).extract(text)
    assert (fig.metric, fig.value, fig.qualifier) == ("displaced", 3000, "approx")


def test_bad_rule_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[metrics.exploded]\npredicates = ['boom']\n", encoding="utf-8")
    with pytest.raises(RulesError, match="exploded"):
        load_rules([bad])
    broken = tmp_path / "broken.toml"
    broken.write_text("[metrics.killed]\npredicates = ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(RulesError, match="regular expression"):
        load_rules([broken])


def test_builtin_rules_ship_as_package_data() -> None:
    from importlib import resources

    assert resources.files("tallywatch.extract").joinpath("rules.toml").is_file()


def test_currency_nouns_come_from_iso_4217_but_never_name_a_people_or_a_place() -> None:
    """Currencies are units after a number; those that are also a people's name ("Omani",
    "Afghani") or a place's ("Lira") or listed as no unit ("mark") are not."""
    from tallywatch.extract.rules import cached_rules

    unit = cached_rules().unit_word
    for word in ("pesos", "naira", "taka", "rupiah", "shillings"):
        assert unit.match(f" {word}", f" {word}"), word
    for word in ("Omanis", "Afghanis", "lira", "mark"):
        assert not unit.match(f" {word}", f" {word.lower()}"), word

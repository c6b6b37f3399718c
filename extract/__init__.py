"""Figure extraction: read cleaned article text, return the casualty, deployment and
displacement figures it reports, each with its evidence sentence, qualifier, scope and source.

    from tallywatch.extract import FigureExtractor
    figures = FigureExtractor(settings.topics, settings.extract).extract(text)

The names below are imported on first use: importing one light module of the package
(`tallywatch.extract.types`, say) does not compile the extractor's patterns, which a run
that finds no new article never needs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tallywatch.extract.figures import FigureExtractor
    from tallywatch.extract.numbers import NumberMention, find_numbers, find_vague
    from tallywatch.extract.rules import RulesError
    from tallywatch.extract.types import CleanedPage, ExtractedFigure, NoArticle

_HOMES = {
    "CleanedPage": "types",
    "ExtractedFigure": "types",
    "FigureExtractor": "figures",
    "NoArticle": "types",
    "NumberMention": "numbers",
    "RulesError": "rules",
    "find_numbers": "numbers",
    "find_vague": "numbers",
}

__all__ = [
    "CleanedPage",
    "ExtractedFigure",
    "FigureExtractor",
    "NoArticle",
    "NumberMention",
    "RulesError",
    "find_numbers",
    "find_vague",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)

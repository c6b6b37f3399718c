"""Figure extraction: read cleaned article text, return the casualty, deployment and
displacement figures it reports, each with its evidence sentence, qualifier, scope and source.

    from tallywatch.extract import FigureExtractor
    figures = FigureExtractor(settings.topics, settings.extract).extract(text)
"""

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.numbers import NumberMention, find_numbers, find_vague
from tallywatch.extract.rules import RulesError
from tallywatch.extract.types import CleanedPage, ExtractedFigure, NoArticle

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

"""Every verb of speech in `speech.SPEECH_VERBS` gives a figure its teller wherever the
teller stands: before the figure, after it, or in an aside inside its clause."""

from __future__ import annotations

import pytest

from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.speech import SPEECH_VERBS

_FORMS = (
    "The defence ministry {verb} that forty soldiers were killed in the ambush.",
    "Forty soldiers were killed in the ambush, the defence ministry {verb}.",
    "Forty soldiers, the defence ministry {verb}, were killed in the ambush.",
)


@pytest.mark.parametrize("verb", SPEECH_VERBS)
@pytest.mark.parametrize("form", _FORMS)
def test_a_speech_verb_names_the_figures_teller(
    open_extractor: FigureExtractor, verb: str, form: str
) -> None:
    figures = open_extractor.extract(form.format(verb=verb))
    assert [(f.metric, f.value, (f.source or "").lower()) for f in figures] == [
        ("killed", 40, "the defence ministry")
    ]


def test_an_adjective_that_is_also_a_verb_of_telling_is_not_a_teller(
    open_extractor: FigureExtractor,
) -> None:
    """ "503 confirmed dead": "confirmed" says which dead are counted, no one tells."""
    figures = open_extractor.extract("Police now count 503 confirmed dead and 740 missing.")
    assert sorted((f.metric, f.value) for f in figures) == [("killed", 503), ("missing", 740)]

"""Contracts with the private parts of trafilatura, htmldate and Python's `re` that the
extractor relies on.

`extract/page_metadata.py` runs trafilatura's own metadata steps one by one (to skip the
searches whose fields are never stored), and `extract/folding.py` reads the case
equivalences of Python's regular-expression engine.  None of these is a public API: an
upgrade that renames or changes one fails here, naming the module to fix, instead of
the pages' metadata or the extractor's case folding quietly changing.
"""

from __future__ import annotations

import importlib
import inspect

import pytest
from lxml import html

PAGE = html.fromstring(
    "<html><head><title>Valley floods | Riverside Post</title>"
    '<meta name="author" content="Jo Bell">'
    '<meta property="og:site_name" content="Riverside Post">'
    '<link rel="canonical" href="https://post.example/valley-floods">'
    '<meta property="article:published_time" content="2025-03-02T08:00:00Z">'
    "</head><body><article><h1>Valley floods</h1><p>About 1,200 people left the valley.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    "name",
    [
        "examine_meta",
        "extract_meta_json",
        "extract_title",
        "extract_author",
        "extract_url",
        "extract_sitename",
    ],
)
def test_trafilatura_metadata_steps_are_there(name: str) -> None:
    from trafilatura import metadata

    assert callable(getattr(metadata, name, None)), (
        f"trafilatura.metadata.{name} is gone: extract/page_metadata.py runs trafilatura's "
        "metadata steps by name and must follow the new trafilatura.extract_metadata"
    )


def test_trafilatura_metadata_steps_take_and_give_a_document() -> None:
    from trafilatura import metadata
    from trafilatura.settings import Document

    document = metadata.examine_meta(PAGE)
    assert isinstance(document, Document), (
        "trafilatura.metadata.examine_meta no longer returns a trafilatura.settings."
        "Document: see extract/page_metadata.py"
    )
    document = metadata.extract_meta_json(PAGE, document)
    assert isinstance(document, Document)
    assert metadata.extract_title(PAGE) == "Valley floods"
    assert metadata.extract_url(PAGE, None) == "https://post.example/valley-floods"
    found = metadata.META_URL.match("https://post.example/valley-floods")
    assert found is not None and found[1] == "post.example", (
        "trafilatura.metadata.META_URL no longer gives a URL's host as its first group"
    )
    for field in ("title", "author", "date", "sitename", "url"):
        assert hasattr(document, field), f"trafilatura's Document has no {field!r} any more"
    document.clean_and_trim()


def test_the_date_search_is_set_as_bare_extraction_sets_it() -> None:
    """page_metadata dates a page with htmldate.find_date and the parameters trafilatura
    derives from its default configuration (`set_date_params`)."""
    from htmldate import find_date
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    assert isinstance(params, dict)
    accepted = set(inspect.signature(find_date).parameters)
    assert set(params) | {"url"} <= accepted, (
        f"htmldate.find_date no longer takes {sorted(set(params) - accepted)}: "
        "see _date_params in extract/page_metadata.py"
    )
    assert find_date(PAGE, **{**params, "url": None}) == "2025-03-02"


def test_re_keeps_its_table_of_extra_case_equivalences() -> None:
    """extract/folding.py folds case as `re.IGNORECASE` does, with the engine's own table
    of characters that match more than their lower case (re._casefix._EXTRA_CASES); it
    falls back to none, so a missing table would change matching without an error."""
    extra = getattr(importlib.import_module("re._casefix"), "_EXTRA_CASES", None)
    assert isinstance(extra, dict) and extra, (
        "re._casefix._EXTRA_CASES is gone or empty in this Python: extract/folding.py "
        "needs another source of the engine's case equivalences"
    )
    assert all(isinstance(k, int) and isinstance(v, tuple) for k, v in extra.items())
    assert ord("\u017f") in extra[ord("s")]  # the long s matches s when case is ignored

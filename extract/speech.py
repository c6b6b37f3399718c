"""The verbs of speech a teller gives a figure by ("said", "told", "reported"), in one table.

Several readers ask whether a word is one of them: where the words of a figure's subject
stop ("officials said 40 ..."), where an aside opens (", officials said,"), which words
before a figure belong to another clause ("... on Tuesday and said 448,018 ..."), who told
("police chief says").  They all build their patterns from `SPEECH_VERBS`, so a verb added
here counts everywhere.  The wider list by which the attribution reader finds a figure's
source ("estimated", "recorded", "put") is `[attribution] verbs` in `rules.toml`.
"""

from __future__ import annotations

SPEECH_VERBS: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "stated", "noted",
    "wrote", "reported", "announced", "claimed", "explained",
)  # fmt: skip
"""Forms that are only ever verbs: not the nouns "reports", "claims", "notes", "states", nor
"confirmed", an adjective as often ("503 confirmed dead")."""


def speech_verbs(*more: str) -> str:
    """A non-capturing group matching any of `SPEECH_VERBS`, or of `more` (no word bounds)."""
    return "(?:" + "|".join((*SPEECH_VERBS, *more)) + ")"

"""Who a figure is attributed to, chosen among the attributions of its article.

`attribution.py` finds the reporting patterns of one sentence; this module picks the one
that governs a figure: the last one before the number in its sentence (else the first one
after it), else one carried from the paragraph around it; and it turns "he" or "the
agency" into the source they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from tallywatch.extract.attribution import Attribution, AttributionFinder, SourceResolver
from tallywatch.extract.numbers import MONTH_NAME
from tallywatch.extract.sentences import Sentence

_NAMED_BODY_SENTENCES = 8
"""How many sentences back a generic name ("the department") looks for the organisation of
its kind that was named without being a source."""


_OWNED_COUNT_BEFORE_RE = re.compile(
    r"(?:\b(?:a|an|the)\s+(?P<src>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})\s+"
    # ("the coastguard's working estimate of up to 700")
    r"|(?P<owner>\b[Tt]he\s+(?:[a-z-]+\s+){0,2}[a-z-]+|\b[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})"
    r"['’]s\s+(?:[a-z-]+\s+){0,2})"
    r"(?:count|tally|estimate|figure|census)s?\s+of\s+(?:(?:about|around|some|nearly|"
    r"almost|more\s+than|over|at\s+least|roughly|up\s+to|as\s+many\s+as)\s+)?$"
)
"""A body's own count of the number after it ("a WHO count of 3,958 deaths", "the Red
Cross tally of 400"): that body is the figure's source, whoever tells of it."""
_OTHER_CLAUSE_RE = re.compile(r"\b(?:as|while|whereas|when|and)\s+$", re.IGNORECASE)
"""A conjunction opening another clause right before its teller ("The toll climbed to 556
as the army said ...", "..., and the mayor said ...")."""
_TOLD_COUNT_AFTER_RE = re.compile(
    r"(?:\s+(?:that|on|[A-Z][a-z]+day|today|yesterday))*(?:\s+[a-z]+){0,3}?\s+\d"
)
"""A count told right after a reporting verb ("said about 850", "said on Friday that at
least 120"): the verb's own."""
# people speaking for a body ("officials of the agency", "a spokesman for the ministry"):
# the body is the source, and a generic one stands for the body of its kind named before
_MEMBERS_OF_RE = re.compile(
    r"^(?:(?:a|an|the|two|three|several|senior)\s+)?(?:officials?|spokes(?:man|woman|person)|"
    r"sources?|staff|representatives?)\s+(?:of|for|at|from|with)\s+(?=the\s)",
    re.IGNORECASE,
)
_TIME_NAME_RE = re.compile(rf"(?:{MONTH_NAME}|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?)$")
"""A month's or a weekday's name: when a count was made, not who made it."""


class SourceChooser:
    """The attribution rules of an extractor; `for_article` reads one article with them."""

    def __init__(
        self,
        table: dict[str, Any],
        function_words: Iterable[str] = (),
        names_place: Callable[[str], bool] | None = None,
        names_count: Callable[[str], bool] | None = None,
    ) -> None:
        """`names_place` tells a place's name ("Balochistan has counted 336 dead": where
        the dead were, not who told); `names_count` a count's noun ("Deaths confirmed:
        78": what was counted, not who told)."""
        self.finder = AttributionFinder(table, function_words, names_place, names_count)
        self.resolver = SourceResolver(table)
        labels = "|".join(
            r"\s+".join(map(re.escape, label.split()))
            for label in sorted(table.get("release_labels", []), key=len, reverse=True)
        )
        self._release_re = (
            re.compile(rf"(?<![\w-])(?:{labels})(?![\w-])", re.IGNORECASE) if labels else None
        )

    def for_article(self, text: str, lower: str, sentences: list[Sentence]) -> ArticleSources:
        return ArticleSources(self, text, lower, sentences)

    def issuer(self, text: str, sentences: list[Sentence]) -> str | None:
        """The body whose release the text is: named beside a release label in the lines
        that open the story ("PRESS RELEASE — Médecins Sans Frontières (MSF)"), else
        heading the lines just before a label that stands alone ("MINISTRY OF DEFENCE /
        Press release"), else on the line after it; None when no release label opens it."""
        if self._release_re is None or not sentences:
            return None
        start = sentences[0].start
        lines = [ln.strip() for ln in text[start : start + _OPENING_CHARS].split("\n")]
        lines = [ln for ln in lines if ln][:_OPENING_LINES]
        for k, line in enumerate(lines):
            if len(line) > _HEADER_CHARS:
                continue
            parts = [p for p in _SEPARATORS_RE.split(line) if p.strip()]
            rest = [p for p in parts if not self._is_label(p.strip())]
            if len(rest) == len(parts):
                continue  # (no part of the line is a label: "In a fresh statement, ...")
            # beside the label, then the header's lines before it after the headline, top
            # first, then the line after it; the last body a line names is the one issuing
            # ("REPUBLIC OF ALBANIA — MINISTRY OF DEFENCE")
            for part in [" / ".join(rest), *lines[1:k], *lines[k + 1 : k + 2]]:
                if len(part) > _HEADER_CHARS:
                    continue
                for piece in reversed(_SEPARATORS_RE.split(part)):
                    if self._names_body(piece):
                        return piece.strip()
            # (a label naming no body, a headline "Situation update": the lines below may)
        return None

    def _is_label(self, piece: str) -> bool:
        """Is `piece` of a header line a release label, alone or saying what it reports on
        ("Situation update on the heavy rains and floods")?"""
        assert self._release_re is not None
        m = self._release_re.match(piece)
        return m is not None and (
            m.end() == len(piece) or bool(_LABEL_TOPIC_RE.match(piece, m.end()))
        )

    def _names_body(self, piece: str) -> bool:
        """Does `piece` of a release's header name a body ("Ministry of Defence", "Médecins
        Sans Frontières (MSF)"), not a place, a date or a label?"""
        piece = piece.strip()
        return (
            piece[:1].isupper()
            and not any(ch.isdigit() for ch in piece)
            and (self.finder.names_reporter(piece) or bool(_ACRONYM_AFTER_RE.search(piece)))
        )


_OPENING_CHARS = 600
_OPENING_LINES = 6
"""The headline and the lines after it that may hold a release's header."""
_HEADER_CHARS = 160
"""A release's header line is short: a longer line is the story's prose."""
_SEPARATORS_RE = re.compile(r"\s+[—–-]{1,2}\s+|\s*/\s*|\s*\|\s*|,\s+")
_ACRONYM_AFTER_RE = re.compile(r"\([A-Z]{2,}\)\s*$")
_LABEL_TOPIC_RE = re.compile(r"\s+(?:on|of|for|about|no\.?|number|#)\s", re.IGNORECASE)
"""After a release label, words saying what it reports on: still the label's line."""


class ArticleSources:
    """The attributions of one article's sentences (found once each, when first asked)."""

    def __init__(
        self, chooser: SourceChooser, text: str, lower: str, sentences: list[Sentence]
    ) -> None:
        self.finder = chooser.finder
        self.resolver = chooser.resolver
        self.text = text
        self.lower = lower
        self.sentences = sentences
        self._found: dict[int, list[Attribution]] = {}
        self._with_figures: set[int] = set()
        self._chooser = chooser
        self._issuer: str | None = None
        """The body whose release the article is (`SourceChooser.issuer`), once asked."""
        self._issuer_read = False

    def note_figure(self, i: int) -> None:
        """Sentence `i` holds a figure: its sources may be what a later "the agency" means."""
        self._with_figures.add(i)

    def in_sentence(self, i: int) -> list[Attribution]:
        """Attributions in sentence `i`, by verb position."""
        found = self._found.get(i)
        if found is None:
            sent = self.sentences[i]
            found = self.finder.find(self.text, self.lower, sent.start, sent.end)
            self._found[i] = found
        return found

    def source(self, i: int, number: int, carried: str | None = None) -> str | None:
        """The source of a figure whose number starts at `number` in sentence `i`.

        `carried` is the source of the figure an anaphoric phrase ("of those") refers
        back to: it stands when the figure's own sentence names no source.
        """
        owned = _OWNED_COUNT_BEFORE_RE.search(
            self.text, max(self.sentences[i].start, number - 80), number
        )
        if owned is not None:
            name = owned.group("src") or owned.group("owner")
            if self._owns_count(name):
                return name  # ("the UN replaced it with a WHO count of 3,958")
        attrs = self.in_sentence(i)
        before = [a for a in attrs if a.verb < number]
        after = [
            a
            for a in attrs
            if a.verb > number and not a.owner and not self._tells_own_clause(i, a, number)
        ]
        # the teller of a counter ("the minister said hospitals recorded ...", "rescuers
        # recovered another body, bringing the toll to 49, according to the prefecture":
        # "according to" after it too), or the last source before the number, else the
        # first after it
        tellers = [a for a in before if not a.counting]
        told_after = [a for a in after if self.lower.startswith("according", a.verb)]
        chosen: Attribution | None
        if before and before[-1].counting and (tellers or told_after):
            chosen = tellers[-1] if tellers else told_after[0]
        else:
            chosen = before[-1] if before else (after[0] if after else None)
        if chosen is None and carried is not None:
            return carried
        if chosen is None:
            chosen = self._nearby(i)
        if chosen is None:
            return self.issuer()
        member = _MEMBERS_OF_RE.match(chosen.source)
        body = chosen.source[member.end() :] if member is not None else ""
        if body and self.resolver.needs_name(body):
            # ("officials of the agency said": the agency named before, if one was)
            resolved = self._resolve(i, replace(chosen, source=body))
            return resolved if resolved is not None and resolved != body else chosen.source
        if not self.resolver.needs_name(chosen.source):
            return chosen.source
        return self._resolve(i, chosen)

    def _tells_own_clause(self, i: int, a: Attribution, number: int) -> bool:
        """Does `a`, after the number at `number` in sentence `i`, tell a clause of its own
        with a count of its own ("The toll climbed to 556 as the army said 80,000 were
        brought down": the army told of the 80,000, not of the toll)?"""
        end = self.sentences[i].end
        return bool(
            _OTHER_CLAUSE_RE.search(self.text, number, a.source_start)
            and _TOLD_COUNT_AFTER_RE.match(self.text, a.end, end)
        )

    def _owns_count(self, name: str) -> bool:
        """Can `name`, before "count of", be a body that counted: not a time ("the March
        count of"), nor a place (whose count is its dead's)?"""
        return (
            self.finder.can_report(name)
            and not _TIME_NAME_RE.match(name)
            and not self.finder.names_place(name)
        )

    def issuer(self) -> str | None:
        """The body whose release the article is: the source of its figures that no
        sentence attributes (read once)."""
        if not self._issuer_read:
            self._issuer = self._chooser.issuer(self.text, self.sentences)
            self._issuer_read = True
        return self._issuer

    def _nearby(self, i: int) -> Attribution | None:
        """The last attribution before sentence `i` in its paragraph, else the first after
        it there that is told ("the ministry said"), not owned ("the mayor's estimate");
        else the last source of a figure in the nearest paragraph before that holds numbers
        (a lede's "the department said", then its details)."""
        paragraph = self.sentences[i].paragraph
        j = i - 1
        while j >= 0 and self.sentences[j].paragraph == paragraph:
            prev = self.in_sentence(j)
            if prev:
                return prev[-1]
            j -= 1
        for k in range(i + 1, len(self.sentences)):
            sent = self.sentences[k]
            if sent.paragraph != paragraph:
                break
            nxt = [a for a in self.in_sentence(k) if not a.owner]
            if nxt:
                return nxt[0]
        before = self.sentences[j].paragraph if j >= 0 else None
        while j >= 0 and self.sentences[j].paragraph == before:
            if j in self._with_figures and self.in_sentence(j):
                return self.in_sentence(j)[-1]
            j -= 1
        return None

    def _resolve(self, i: int, chosen: Attribution) -> str | None:
        """ "he said", "the government said": a name before it in its sentence, else a
        source of its kind given earlier in the paragraph or for an earlier figure ("the
        regional government"; "the National Intelligence Service" for "the agency"), else
        the last name before it, unless the generic name stands only for its own kind
        ("the military")."""
        resolver = self.resolver
        # ("she said": a person, not "the United Nations" named before her)
        person = resolver.is_person_pronoun(chosen.source)

        # ("the military said": a military named before, not the ministry named last)
        strict = resolver.only_its_kind(chosen.source)

        def named(source: str) -> bool:
            return (
                resolver.is_name(source)
                and not (person and resolver.is_body(source))
                and not (strict and not resolver.same_kind(chosen.source, source))
            )

        for a in reversed(self.in_sentence(i)):
            if a.verb < chosen.verb and named(a.source):
                return a.source
        if not resolver.is_pronoun(chosen.source):
            paragraph = self.sentences[i].paragraph
            for j in range(i - 1, -1, -1):
                if self.sentences[j].paragraph != paragraph and j not in self._with_figures:
                    continue  # (earlier paragraphs: only the sentences that gave figures)
                for a in reversed(self.in_sentence(j)):
                    if not resolver.needs_name(a.source) and resolver.same_kind(
                        chosen.source, a.source
                    ):
                        return a.source
            # ... else an organisation of its kind named, not as a source, just before
            # ("Malawi's Department of Disaster Management Affairs ... the department said")
            for j in range(i, max(-1, i - _NAMED_BODY_SENTENCES), -1):
                end = chosen.verb if j == i else self.sentences[j].end
                body = resolver.body_of_kind_before(
                    self.text, self.sentences[j].start, end, chosen.source
                )
                if body is not None:
                    return body
        body = None  # (for "she": the last organisation named, if no person was)
        for j in range(i, -1, -1):
            for a in reversed(self.in_sentence(j)):
                if j == i and a.verb >= chosen.verb:
                    continue
                if named(a.source):
                    return a.source
                if body is None and resolver.is_name(a.source) and not strict:
                    body = a.source
            if person and self.sentences[j].paragraph == self.sentences[i].paragraph:
                # "Colonel Ada Marsh spoke next: ..., she said": the person named before, in
                # the sentence or earlier in the paragraph ("Prime Minister Ana Kova flew
                # to Geneva. ..., she said")
                end = chosen.verb if j == i else self.sentences[j].end
                before = resolver.person_before(self.text, self.sentences[j].start, end)
                if before is not None:
                    return before
            if resolver.is_thing_pronoun(chosen.source) and (
                self.sentences[j].paragraph == self.sentences[i].paragraph
            ):
                # "The ministry published the names of 40 soldiers it says were killed": the
                # body named before it in its sentence, or earlier in the paragraph ("The
                # RSF denied it. In a statement, it said ...")
                end = chosen.verb if j == i else self.sentences[j].end
                before = resolver.body_before(self.text, self.sentences[j].start, end)
                if before is not None:
                    return before
            if (
                resolver.is_plural_pronoun(chosen.source)
                and j < i
                and self.sentences[j].paragraph == self.sentences[i].paragraph
            ):
                # "Police investigators gave a narrower picture. They said ...": the
                # reporters an earlier sentence of the paragraph opens with
                opening = resolver.reporters_opening(
                    self.text, self.sentences[j].start, self.sentences[j].end
                )
                if opening is not None:
                    return opening
        if body is not None:
            return body
        return None if resolver.is_pronoun(chosen.source) else chosen.source

"""Read one number in its clause: is it a count of people, of what metric, how hedged.

For each number the reader looks at the words after it (the counted noun phrase and the
verb that says what happened to those people) and at the words before it (a verb taking it
as object, "the evacuation of", "the death toll stood at", a hedge word).  Everything it
recognises comes from the rule table; this module holds only the order in which the
readings are tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tallywatch.extract.numbers import NumberMention
from tallywatch.extract.phrases import (
    NounPhrase,
    PhraseReader,
    group_metric,
    masked_spans,
)
from tallywatch.extract.rules import ObjectCue, Rules
from tallywatch.extract.sentences import Sentence

_OWNER_VERB_RE = re.compile(
    r"(?<![\w-])(?:suffered|suffering|suffers|sustained|sustaining|sustains|taking|took|takes|"
    r"incurred|incurring|lost|losing|loses|endured|caused|causing)\s*$",
    re.IGNORECASE,
)
_ADVERBIAL_TAIL_RE = re.compile(
    r"(?:\s+(?:alone|also|already|reportedly|allegedly|this\s+year|last\s+year|so\s+far|"
    r"in\s+total|in\s+all|altogether|since\s+then|to\s+date|there|now|a\s+total\s+of|"
    r"an\s+additional|another|a\s+further|more\s+than|nearly|some|the))*\s*$",
    re.IGNORECASE,
)
_LINK_RE = re.compile(
    r"(?<![\w-])(?P<link>(?:has\s+|had\s+|have\s+)?(?:now\s+|already\s+)?"
    r"(?:stands?\s+at|stood\s+at|was|were|is|are|reached|reaching|rose\s+to|risen\s+to|rising\s+to|"
    r"climbed\s+to|increased\s+to|jumped\s+to|grew\s+to|grown\s+to|swelled\s+to|soared\s+to|"
    r"passed|passing|surpassed|surpassing|exceeded|exceeding|topped|topping|hit|"
    r"total|totall?ed|totals|totall?ing|numbered|numbers|numbering|amounted\s+to|came\s+to|"
    r"estimated\s+at|estimated\s+to\s+be|put\s+at|placed\s+at|set\s+at|to|at|of|:))\s*$",
    re.IGNORECASE,
)
_PUT_VERB_RE = re.compile(
    r"\b(?:put|puts|putting|placed|places|placing|estimated|estimates|estimating|set|sets)\b",
    re.IGNORECASE,
)
_RAISE_VERB_RE = re.compile(
    r"\b(?:bring(?:s|ing)?|brought|rais(?:e|es|ed|ing)|push(?:es|ed|ing)?|tak(?:e|es|ing)|took|"
    r"rose|risen|climbed|increased|jumped|grew|grown|swelled|soared|lifting|lifted)\b",
    re.IGNORECASE,
)
_CONTEXT_NOUN_RE = re.compile(
    r"(?<![\w-])(?:total|tally|figure|count|number|toll)\b(?:\s+\w+)?\s*$", re.IGNORECASE
)
_LAST_WORDS_RE = re.compile(r"[\w'’-]+")
_NOUN_PLAN_RE = re.compile(
    r"\b(?:prepar\w*|plan\w*|intend\w*|expect\w*|decid\w*|agree\w*|promis\w*|pledg\w*|"
    r"propos\w*|consider\w*|could|would|will|may|might|possible|potential|future)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_CLAUSE_CUT_RE = re.compile(r";|,\s*(?:and|but|while|whereas)\b|\s[-–—]\s")
_COORD_GAP_RE = re.compile(
    r"(?:,|\band\b|\bor\b|;|:|\bwhile\b|\bbut\b|—|–|\bwith\b|\bplus\b)\s*"
    r"(?:(?:another|a\s+further|an\s+additional|further|the|some|about|around|nearly|almost|"
    r"over|more\s+than|at\s+least|up\s+to|roughly|approximately|close\s+to|as\s+many\s+as)\s+)*$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_RATIO_AFTER_RE = re.compile(
    r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)
_RATIO_BEFORE_RE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\s+of)\s+(?:every\s+)?$",
    re.IGNORECASE,
)
_SUBSET_RE = re.compile(
    r"[(,]\s*(?:including|incl\.|of\s+whom|among\s+them)\b[^(),;]*$", re.IGNORECASE
)
_DIGIT_GLUE_RE = re.compile(r"^\s*[-./]\d")
_COLON_RE = re.compile(r"\s*:\s+")
_TIME_AFTER_RE = re.compile(r"^\s*(?::\d|h\d|\.\d\d\s*(?:a\.?m|p\.?m))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one number says, as read from its clause."""

    number: NumberMention
    metric: str
    qualifier: str
    np: NounPhrase
    clause_start: int
    clause_end: int
    cue_start: int
    cue_end: int
    owner_verb: int | None = None
    """Position of a verb whose subject owns the counted people ("North Korea sent ...")."""
    agent_span: tuple[int, int] | None = None
    """Words between the noun and its verb ("troops Pyongyang sent")."""
    link_span: tuple[int, int] | None = None
    """The metric noun a number is linked to ("North Korean losses had reached ...")."""


class ClauseReader:
    def __init__(self, rules: Rules) -> None:
        self.r = rules
        self.phrases = PhraseReader(rules)
        self.object_tails = [
            (re.compile(pattern.pattern, re.IGNORECASE), cue) for pattern, cue in rules.objects
        ]

    # -- distractors -------------------------------------------------------------------
    def is_distractor(self, text: str, sent: Sentence, num: NumberMention) -> bool:
        r = self.r
        left = text[max(sent.start, num.start - 40) : num.start]
        right = text[num.end : min(sent.end, num.end + 40)]
        day_like = (num.value <= 31 and (num.high is None or num.high <= 31)) or bool(
            _YEAR_RE.match(str(num.value))
        )
        if r.before_distractor.search(left) or (day_like and r.month_before.search(left)):
            return True
        if (day_like and r.month_after.match(right)) or _TIME_AFTER_RE.match(right):
            return True
        if _RATIO_AFTER_RE.match(right) or _RATIO_BEFORE_RE.search(left):
            return True
        if num.words and num.value == 1 and re.match(r"\s+of\b", right):
            return True  # "one of the biggest evacuations"
        if _SUBSET_RE.search(text, max(sent.start, num.start - 120), num.start):
            return True
        if r.unit_word.match(right) or _DIGIT_GLUE_RE.match(right):
            return True
        if not num.scaled and not num.words and _YEAR_RE.match(num.text.split()[0].strip()):
            after = right.lstrip()
            return not r.people_noun.match(after)
        return False

    # -- the clause ------------------------------------------------------------------------
    def clause_end(
        self, text: str, sent: Sentence, num: NumberMention, later: list[NumberMention]
    ) -> int:
        end = sent.end
        m = _CLAUSE_CUT_RE.search(text, num.end, end)
        if m:
            end = m.start()
        masked = masked_spans(text, num.end, end)
        for other in later:
            if other.start >= end:
                break
            if any(s <= other.start < e for s, e in masked):
                continue
            if _COORD_GAP_RE.search(text[num.end : other.start]) or other.start - num.end < 3:
                return other.start
        return end

    def clause_start(self, text: str, sent: Sentence, pos: int) -> int:
        start = sent.start
        for m in re.finditer(r";|:\s|,\s*(?:and|but|while)\b|\s--\s", text[sent.start : pos]):
            start = sent.start + m.end()
        return start

    # -- qualifier ---------------------------------------------------------------------------
    def qualifier(self, text: str, start: int, num: NumberMention) -> tuple[str, int]:
        """The hedge before/after the number, and where the hedge starts."""
        r = self.r
        m = r.qual_before.search(text, max(start, num.start - 40), num.start)
        after = r.qual_after.match(text, num.end)
        if num.plus:
            return "at_least", num.start
        if after:
            for name in ("at_least", "at_most", "approx"):
                if after.group(name):
                    return name, num.start
        if m:
            for name in ("at_least", "at_most", "approx"):
                if m.group(name):
                    return name, m.start()
        return "exact", num.start

    # -- the words before the number ---------------------------------------------------------
    def object_verbs(
        self, text: str, start: int, qual_start: int
    ) -> list[tuple[ObjectCue, int, bool]]:
        """Verbs taking the number as their object: (cue, verb start, planned) each."""
        base = max(start, qual_start - 70)
        left = text[base:qual_start]
        core = left[: _ADVERBIAL_TAIL_RE.search(left).start()]  # type: ignore[union-attr]
        if not core.strip():
            return []
        # the verb is one of the last few words: try each ending, longest first
        words = list(_LAST_WORDS_RE.finditer(core))[-4:]
        found = []
        for w in words:
            tail = core[w.start() :].rstrip()
            for regex, cue in self.object_tails:
                if regex.fullmatch(tail):
                    verb_start = base + w.start()
                    planned = bool(
                        self.r.plan_before.search(text, max(start, verb_start - 40), verb_start)
                    )
                    found.append((cue, verb_start, planned))
        return found

    def of_noun(self, text: str, start: int, qual_start: int) -> tuple[str, int, bool] | None:
        base = max(start, qual_start - 60)
        left = text[base:qual_start]
        left = left[: _ADVERBIAL_TAIL_RE.search(left).start()]  # type: ignore[union-attr]
        m = self.r.of_noun_tight.search(left)
        if not m:
            return None
        noun_start = base + m.start()
        before = text[max(start, noun_start - 60) : noun_start]
        before = re.sub(
            r"(?:\b(?:a|an|the|its|their|another|third|second|first|new|fresh|further|"
            r"additional|large|major|earlier|latest|planned|initial)\s+)*$",
            "",
            before,
            flags=re.IGNORECASE,
        )
        planned = bool(_NOUN_PLAN_RE.search(before)) or bool(
            re.search(r"\bplanned\s+(?:\w+\s+)?$", text[max(start, noun_start - 30) : noun_start])
        )
        return group_metric(m), noun_start, planned

    def link(self, text: str, start: int, qual_start: int) -> tuple[str, tuple[int, int]] | None:
        """ "the death toll stood at N", "casualties ... surpassing N", "put the toll at N"."""
        window_start = max(start, qual_start - 90)
        left = text[window_start:qual_start]
        lm = _LINK_RE.search(left)
        if not lm:
            return None
        link = lm.group("link").lower().split()[-1]
        before = left[: lm.start()]
        cut = 0
        for m in re.finditer(r";|,\s*(?:and|but|while)\b|\.\s", before):
            cut = m.end()
        before = before[cut:]
        best = None
        for m in self.r.links.finditer(before):
            best = m
        gap = before[best.end() :] if best is not None else ""
        if best is not None and (len(gap.split()) > 8 or re.search(r"[,;:]", gap)):
            best = None
        if best is None:
            ctx = _CONTEXT_NOUN_RE.search(before)
            if not ctx or link not in ("to", "at", "reached", "was", "is", "stood", "stands"):
                return None
            metric = self._context_metric(text, start, window_start + cut + ctx.start())
            if metric is None or (link == "to" and not _RAISE_VERB_RE.search(before)):
                return None
            s = window_start + cut + ctx.start()
            return metric, (s, window_start + cut + ctx.end())
        if link == "at" and not _PUT_VERB_RE.search(left):
            return None
        if link == "to" and not _RAISE_VERB_RE.search(left):
            return None
        if link == "of" and not re.match(r"\s*$", gap):
            return None
        s = window_start + cut + best.start()
        pre = text[max(start, s - 40) : s]
        lead = re.search(
            r"(?:[\w'’.-]+\s+){0,3}$",
            re.split(r"[,;:()]|\b(?:in|at|to|with|from|by|for|on|and)\b", pre)[-1],
        )
        s_np = s - (len(lead.group(0)) if lead else 0)
        return group_metric(best), (s_np, window_start + lm.start())

    def _context_metric(self, text: str, start: int, pos: int) -> str | None:
        metric = None
        for m in self.r.predicate.finditer(text, start, pos):
            metric = group_metric(m)
        return metric

    # -- the whole reading ---------------------------------------------------------------------
    def read(
        self, text: str, sent: Sentence, num: NumberMention, later: list[NumberMention]
    ) -> Reading | None:
        r = self.r
        if self.is_distractor(text, sent, num):
            return None
        clause_end = self.clause_end(text, sent, num, later)
        clause_start = self.clause_start(text, sent, num.start)
        qualifier, qual_start = self.qualifier(text, clause_start, num)
        after = num.end
        am = r.qual_after.match(text, after)
        if am:
            after = am.end()
        colon = _COLON_RE.match(text, after, clause_end)
        if colon:
            after = colon.end()
            if qualifier == "exact":
                qm = re.match(
                    r"\s*(?:(?P<approx>roughly|about|around|some|approximately|an estimated)|"
                    r"(?P<at_least>more than|over|at least)|(?P<at_most>nearly|almost|up to))\b",
                    text[after:clause_end],
                    re.IGNORECASE,
                )
                if qm:
                    qualifier = next(k for k, v in qm.groupdict().items() if v)
                    after += qm.end()
        np = self.phrases.noun_phrase(text, after, clause_end)
        if np.kind == "household":
            return None
        strength = next(
            (m for m, rx in r.strength.items() if rx.match(text[num.end : clause_end])), None
        )

        def reading(
            metric: str,
            cue: tuple[int, int],
            owner_verb: int | None = None,
            agent_span: tuple[int, int] | None = None,
            link_span: tuple[int, int] | None = None,
        ) -> Reading:
            return Reading(
                num,
                metric,
                qualifier,
                np,
                clause_start,
                clause_end,
                cue[0],
                cue[1],
                owner_verb,
                agent_span,
                link_span,
            )

        owner = _OWNER_VERB_RE.search(text, max(clause_start, qual_start - 30), qual_start)
        owner_pos = owner.start() if owner else None
        if np.kind == "event" and np.metric:
            return reading(np.metric, (np.start, np.end), owner_verb=owner_pos)

        for obj, verb_start, planned in self.object_verbs(text, clause_start, qual_start):
            ok = np.kind in ("people", "military", "status", "bare", "force") or (
                np.anaphoric and np.kind != "unknown"
            )
            if obj.military and np.kind not in ("military", "force"):
                ok = False
            if ok and obj.then is not None:
                ok = bool(
                    obj.then.match(text, np.end, clause_end)
                    or obj.then.match(text, num.end, clause_end)
                )
            if ok:
                if planned:
                    return None
                return reading(
                    obj.metric,
                    (verb_start, num.start),
                    owner_verb=verb_start if obj.owner == "agent" else None,
                )

        of = self.of_noun(text, clause_start, qual_start)
        if of is not None and np.kind in ("people", "military", "status", "bare", "force"):
            metric, noun_start, planned = of
            if planned:
                return None
            if metric != "deployed" or np.kind in ("military", "force", "bare"):
                return reading(metric, (noun_start, num.start), owner_verb=noun_start)

        if np.kind in ("people", "military", "status", "bare", "force") or colon:
            link = (
                self.link(text, clause_start, qual_start)
                or self.link(text, clause_start, num.start)
                or self.link(text, sent.start, qual_start)
            )
            if link is not None:
                return reading(link[0], link[1], link_span=link[1])

        if strength is not None and np.kind == "force" or (strength and np.kind == "unknown"):
            return reading(strength, (num.end, clause_end), owner_verb=None)

        if np.kind == "unknown" and not colon:
            return None
        predicate = self.phrases.predicate(text, np.end, clause_end)
        cue = predicate.cue
        if cue is not None:
            if cue.plan or cue.negated:
                return None
            military_only = r.military_predicate.get(cue.metric)
            cue_text = text[cue.start : cue.end]
            if (
                military_only is not None
                and military_only.match(cue_text)
                and (
                    np.kind not in ("military", "force")
                    or not (cue.finite or cue_text.split()[0].endswith(("ed", "ing")))
                )
            ):
                cue = None
        if cue is not None:
            agent = (np.end, cue.start) if cue.start > np.end else None
            return reading(cue.metric, (cue.start, cue.end), agent_span=agent)
        if predicate.reported:
            return None
        if np.kind == "status" and np.metric:
            return reading(np.metric, (np.start, np.end))
        if np.modifier_metric and np.kind in ("people", "military", "status"):
            return reading(np.modifier_metric, (np.start, np.end))
        return None

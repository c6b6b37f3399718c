"""Incident or running total: read the words of a figure's clause that say which it is.

A figure's scope comes from the time words of its own clause ("so far", "since the war
began" against "on Sunday", "in a single attack").  Words that belong to something else
are left out first: the reporting clause ("told lawmakers last week that ...") and asides
about another group or thing ("..., among them patients moved on Tuesday night, ...";
"... from the town, where fighting broke out on Sunday").
"""

from __future__ import annotations

from tallywatch.extract.attribution import Attribution
from tallywatch.extract.clauses import Reading
from tallywatch.extract.folding import folded, lower_text
from tallywatch.extract.phrases import AUX_AFTER_RE, masked_spans
from tallywatch.extract.places import place_key
from tallywatch.extract.rules import Rules, words_re
from tallywatch.extract.speech import speech_verbs
from tallywatch.extract.types import Scope

# Patterns made with `folded` match the lower-cased copy of the text (see folding.py).
# An aside naming a subset or another group that runs to the end of the clause.
_OPEN_ASIDE_RE = folded(
    r",\s*(?:including|among\s+them|among\s+whom|of\s+whom|some\s+of\s+(?:them|whom)|"
    r"many\s+of\s+(?:them|whom)|most\s+of\s+(?:them|whom)|mostly|mainly)\b[^;]*"
)
# A participle giving the new total the figure makes ("45 killed in the past day, raising
# the toll to 34,100"): that total's words, not the figure's
NEW_TOTAL_RE = folded(r",\s*(?:bringing|raising|taking|pushing|lifting|putting)\b[^;]*")
# A comparison with another count ("..., far more than the 650,000 the government mentioned
# yesterday"): that count's words, not the figure's
_COMPARED_AFTER_RE = folded(
    r",\s*(?:(?:far|well|much|many\s+times|twice|nearly|almost)\s+)?"
    r"(?:more|fewer|less|higher|lower|greater|up|down)\s+(?:than|from)\b[^;]*"
)
# A count told as confirmed ("12 people were confirmed dead in Florida on Thursday"): the
# total confirmed by then, whatever day it is dated; not a number more ("two more were
# confirmed dead on Monday")
_CONFIRMED_CUE_RE = folded(r"(?:officially\s+)?confirmed\s+(?:dead|killed)\b")
_MORE_AFTER_RE = folded(r"\s+(?:more|other|further|additional)\b")
# A count of deaths or injuries added to an earlier one ("Six more people died", "19 new
# deaths"): what came since, not the total.  (Of a state, "more" counts others besides:
# "16,000 more are in shelters", "Sixteen more are still listed as missing".)
_INCREMENT_AFTER_RE = folded(r"\s+(?:more|new|further|additional)\b(?!\s+than\b)")
_EVENT_METRICS = frozenset(("killed", "wounded", "casualties"))
# a part of a count told apart by its cause ("16 of the deaths were attributed to the Eaton
# Fire", "eight of those injured were blamed on the second blast"): one cause's share
_CAUSED_PART_RE = folded(
    r"\s*of\s+(?:the|those|these)\b[^;,]{0,40}?\b(?:is|are|was|were|have\s+been|had\s+been)\s+"
    r"(?:\w+ly\s+)?(?:attributed|linked|blamed|tied|traced|connected)\s+(?:to|on)\b"
)
# People counted as held, not as taken ("199 hostages", "240 people are being held", "137
# POWs", "remain in captivity"): the number held to date
_HELD_CUE_RE = folded(
    r"\b(?:hostages?|captives?|prisoners?|pows?|abductees?|held|holding|holds|"
    r"custody|captivity|prisons?|jails?)\b"
)
# A relative clause; it belongs to the counted people only right after their noun.
_RELATIVE_RE = folded(r",?\s*\b(?:who|whom|whose|which|where)\b[^;]*")
_CLOSED_RELATIVE_RE = folded(r",\s*(?:where|which|who)\b[^,;]*,")
_OF_BEFORE_RE = folded(r"\bof\s+$")
# "... on Tuesday and said 448,018 people had been evacuated": the words before the
# figure's own "said" are another clause's, its day the report's
_SAID_RE = folded(r"\b" + speech_verbs("states") + r"\b")
# "By the count AFAD issued on Friday, 44,218 died": a running count named as the source
_COUNT_FRAME_RE = folded(
    r"\b(?:by|according\s+to|under|in)\s+(?:the|its|their|an?|[\w'’.-]+['’]s)\s+"
    r"(?:(?:latest|new|official|updated|final|revised|own)\s+)?"
    r"(?:count|tally|figures?|toll|data|estimate|register)\b"
)
_DAY = (
    r"(?:(?:early|late)\s+)?(?:(?:on|last|this)\s+[\w'’-]+(?:\s+\d{1,2})?"
    r"(?:\s+(?:morning|afternoon|evening|night))?|overnight|over\s+the\s+weekend)"
)
"""When a thing happened ("on Sunday", "early on Monday", "last night", "on Sept. 8",
"overnight", "over the weekend")."""
SIZE_METRICS = frozenset(("deployed", "returned"))
"""Metrics that count a force's or a group's size to date: always cumulative."""
_COUNTED_NOUN_GAP = 3
"""At most this many characters (a comma, spaces) between a counted noun and a relative
clause that describes it."""


_STRIKING_KINDS = ("accident",)
"""The `[events]` kinds of a disaster that strikes at a time besides the natural hazards
(`[events] natural`): the day after one dates the disaster, not its count."""


_THE_RE = folded(r"in\s+the\s+")


def _event_key(noun: str) -> str:
    """The key of an event's noun, given its last word ("strike" of "air strike"): lower
    case and singular, as `story_events` keeps it."""
    key = noun.lower()
    return key[:-1] if key.endswith("s") and not key.endswith("ss") else key


class ScopeReader:
    """Decides `cumulative` or `incident` for a reading, from the rule table."""

    def __init__(self, rules: Rules) -> None:
        self.r = rules
        story = rules.data.get("scope", {}).get("story_events", [])
        self._story_event = folded(words_re(story)) if story else None
        hazards = [
            *rules.hazard_words(*_STRIKING_KINDS),
            *rules.data.get("scope", {}).get("one_off", []),
        ]
        strikes = rules.data.get("scope", {}).get("hazard_strikes", [])
        # "killed when a quake shook the west on Saturday", "the flood that struck on
        # Monday", "a quake struck the east on Wednesday, killing 1,000", "the hurricane
        # made landfall on Thursday and has killed 25", "when the dam burst on Monday": the
        # day dates the disaster, whose toll runs on, not the count
        hazard = words_re(hazards)
        strike = words_re(strikes) if strikes else "(?!)"
        self._hazard_clause = (
            folded(
                rf"\b(?:when|after|as|that|which)\b[^,;.]*?{hazard}[^,;.]*"
                rf"|{hazard}\s+(?:that|which)\b[^,;.]*?{_DAY}"
                rf"|{hazard}[^;.]*?(?=,\s*(?:killing|leaving|injuring|wounding|displacing|"
                r"forcing|burying|trapping)\b)"
                # "the quake, which struck at 4:17 am on Monday,", "floods over the weekend"
                rf"|{hazard},\s*(?:which|that)\b[^,;]*,"
                rf"|{hazard}\s+{_DAY}"
                rf"|{hazard}\s+{strike}[^,;.]*?{_DAY}"
                # "killed on Sunday when floods hit the capital"
                rf"|{_DAY}\s+when\b[^,;.]*?{hazard}"
            )
            if hazards
            else None
        )
        # "the typhoon killed 21 as it swept across the north on Saturday": where the
        # sentence names a disaster, "it" is the disaster
        self._hazard = folded(hazard) if hazards else None
        self._it_struck = folded(rf"\b(?:when|as|after)\s+it\s+{strike}[^,;.]*")

    def story_events(self, headline: str) -> frozenset[str]:
        """The nouns of one event (`[scope] story_events`) that `headline` names as its
        story, as `_event_key` keeps them ("Port blast death toll reaches 46": "blast")."""
        if self._story_event is None:
            return frozenset()
        return frozenset(
            _event_key(m.group(0).split()[-1])
            for m in self._story_event.finditer(lower_text(headline))
        )

    def scope(
        self,
        text: str,
        lower: str,
        r: Reading,
        attrs: list[Attribution],
        carried: Scope | None = None,
        story: frozenset[str] = frozenset(),
    ) -> Scope:
        """The scope of reading `r`; `carried` is the scope of the figure an anaphoric
        noun phrase ("of them", "others") refers back to, if any; `story` the nouns of the
        one event the headline names (`story_events`)."""
        if r.metric in SIZE_METRICS:
            return "cumulative"
        start, end = r.clause_start, r.clause_end
        inside: list[tuple[int, int]] = []
        for a in attrs:
            if a.verb < r.number.start and a.end <= r.number.start:
                start = max(start, a.end)
            elif a.start > r.number.end and AUX_AFTER_RE.match(lower, a.end):
                # "40 soldiers it says were captured", "40 soldiers, it says, were captured":
                # the clause goes on after the report
                inside.append((a.start, a.end))
            elif a.start > r.number.end:
                end = min(end, a.start)
        for said in _SAID_RE.finditer(lower, start, r.number.start):
            start = said.end()
        # "the death toll stood at N on Thursday": a running total, whatever day it is dated
        running = (
            (
                # (the link may start after "the number of": "the number of soldiers killed")
                r.link_span is not None
                and bool(
                    self.r.running_total.search(
                        text, lower, max(r.clause_start, r.link_span[0] - 16), r.link_span[1]
                    )
                )
            )
            or bool(
                # "a WHO count of 3,958 deaths"
                _OF_BEFORE_RE.search(lower, max(start, r.number.start - 8), r.number.start)
                and self.r.running_total.search(
                    text, lower, max(r.clause_start, r.number.start - 40), r.number.start
                )
            )
            or bool(_COUNT_FRAME_RE.search(lower, r.clause_start, r.number.start))
            # "147 deaths on Sunday, up from 145 on Saturday"
            or bool(self.r.compared_after.match(text, lower, r.clause_end))
            or bool(
                _CONFIRMED_CUE_RE.match(lower, r.cue_start, r.cue_end)
                and not _MORE_AFTER_RE.match(lower, r.number.end)
            )
        )
        if (
            not running
            and r.metric in _EVENT_METRICS
            and (
                _INCREMENT_AFTER_RE.match(lower, r.number.end)
                or _CAUSED_PART_RE.match(lower, r.number.end, r.clause_end)
            )
        ):
            return "incident"
        if end > start and self._has_scope_words(text[start:end], lower[start:end]):
            # read without the asides about something else
            pieces = self._own_words(lower, r, start, end, inside)
            window = " ".join(text[s:e] for s, e in pieces)
            lwindow = " ".join(lower[s:e] for s, e in pieces)
            verdict = self._verdict(window, lwindow, running, story)
            if verdict is not None:
                return verdict
        if running:
            return "cumulative"
        if carried is not None and r.np.anaphoric:
            return carried
        if r.metric == "captured" and not _HELD_CUE_RE.search(lower, r.cue_start, r.cue_end):
            return "incident"  # (a capture is an event; those held are a count to date)
        return "cumulative"

    def share(self, text: str, lower: str, r: Reading) -> str | None:
        """The words of reading `r`'s clause telling it is one place's share ("in Hatay
        alone"), as `place_key` would compare them, or None.  Whose place that is decides
        the scope (see `FigureExtractor`): only a topic naming it keeps the figure a total."""
        words = self.r.share_words
        if words is not None and not any(
            lower.find(w, r.clause_start, r.clause_end) >= 0 for w in words
        ):
            return None
        # (its own words: not those of a part or another group, "including 1,100 on
        # Tuesday alone")
        end = r.clause_end
        aside = _OPEN_ASIDE_RE.search(lower, max(r.np.end, r.number.end), end)
        if aside is not None:
            end = aside.start()
        for s, e in self._own_words(lower, r, r.clause_start, end, []):
            m = self.r.share.search(text, lower, s, e)
            if m is not None:
                return place_key(m.group(0))
        return None

    def _has_scope_words(self, window: str, lwindow: str) -> bool:
        r = self.r
        return bool(
            r.event.search(window, lwindow)
            or r.cumulative.search(window, lwindow)
            or r.incident.search(window, lwindow)
        )

    def _verdict(
        self, window: str, lwindow: str, running: bool, story: frozenset[str]
    ) -> Scope | None:
        """One event's figure is an incident, but for the event the story is of ("killed
        in the blast", under a headline on a port blast); a running total's or one said to
        be a total is cumulative; one dated to a day or a short period is an incident."""
        r = self.r
        event = r.event.search(window, lwindow)
        if event is not None and not (
            _THE_RE.match(lwindow, event.start(), event.end())
            and _event_key(lwindow[event.start() : event.end()].split()[-1]) in story
        ):
            return "incident"
        if running or r.cumulative.search(window, lwindow):
            return "cumulative"
        if r.incident.search(window, lwindow):
            return "incident"
        return None

    def _own_words(
        self, lower: str, r: Reading, start: int, end: int, reports: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The spans of lower[start:end] left once asides about something else and the
        `reports` (spans of attributions inside the clause) are cut."""
        skip = masked_spans(lower, start, end) + [s for s in reports if start <= s[0] < end]
        if r.number.end <= r.cue_start < r.cue_end:
            # the figure's own verb ("spent last night in tents"): what it counts, not when
            skip.append((r.cue_start, r.cue_end))
        after = max(r.np.end, r.number.end)
        aside = _OPEN_ASIDE_RE.search(lower, after, end)
        if aside is not None and not any(s == aside.start() for s, _ in skip):
            skip.append((aside.start(), end))  # (one closed by a comma is masked already)
        told = NEW_TOTAL_RE.search(lower, start, r.number.start)
        if told is not None:
            # ("Three were killed in the attack, bringing the toll to 22": the new total
            # is told by its own words, not by those of the count it adds)
            skip.append((start, told.start()))
        update = NEW_TOTAL_RE.search(lower, after, end) or _COMPARED_AFTER_RE.search(
            lower, after, end
        )
        if update is not None:
            # ("..., raising the toll to 34,100", "..., far more than the 650,000 given
            # yesterday": another count's words)
            skip.append((update.start(), end))
        relative = _RELATIVE_RE.search(lower, after, end)
        if relative is not None and relative.start() - r.np.end > _COUNTED_NOUN_GAP:
            skip.append((relative.start(), end))
        # "In Jamaica, where the storm passed on Wednesday, two people died": a relative
        # clause between commas before the number tells of the place or thing it follows
        skip += [m.span() for m in _CLOSED_RELATIVE_RE.finditer(lower, start, r.number.start)]
        if self._hazard_clause is not None:
            skip += [m.span() for m in self._hazard_clause.finditer(lower, start, end)]
        if self._hazard is not None and self._hazard.search(lower, start, end):
            skip += [m.span() for m in self._it_struck.finditer(lower, start, end)]
        if not skip:
            return [(start, end)]
        pieces: list[tuple[int, int]] = []
        at = start
        for s, e in sorted(skip):
            if s > at:
                pieces.append((at, s))
            at = max(at, e)
        if at < end:
            pieces.append((at, end))
        return pieces

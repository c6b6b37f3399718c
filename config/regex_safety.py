"""Refuse regular expressions that can backtrack catastrophically.

A user's `follow` and `deny` patterns run against every link of every page, in the
crawler's own thread.  Python's engine backtracks: a repetition inside a repetition
(`(a+)+`, `(\\w+\\s?)*`, `(.*x){1,40}`) can take exponential time on a link made to
defeat it, and the run would hang there.  `nested_repetition` finds such a pattern from
its parsed form, so the config is refused at load time with a way out in the message.

One nesting is safe and common: the repeated group ends with a character that its inner
repetition cannot match (`(\\w+/)+`, `([^/]+/)*`): every pass must then end at that
character, so there is only one way to split the text.  Anything the check cannot prove
that of is refused.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The regular-expression parser's own modules (public under these names since Python 3.11,
# and untyped): the parsed form is what tells how a pattern repeats.
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")

MANY = 10
"""A repetition allowing more than this many passes counts as unbounded."""


def nested_repetition(pattern: str) -> str | None:
    """The offending part of `pattern` described in words, or None when it is safe."""
    return _scan(sre_parse.parse(pattern).data, False)


def _repeats_many(op: Any, args: Any) -> bool:
    return op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and (args[1] is sre.MAXREPEAT or args[1] > MANY)


def _scan(items: list[Any], inside_repeat: bool) -> str | None:
    for op, args in items:
        if _repeats_many(op, args):
            body = args[2].data if hasattr(args[2], "data") else args[2]
            if inside_repeat:
                return "a repetition inside a repetition"
            inner = _inner_repeats(body)
            if inner and not _separated(body, inner):
                return "a repetition inside a repetition"
            if _overlapping_branches(body):
                return "a repetition of alternatives that can start alike"
            found = _scan(body, False)
            if found:
                return found
        else:
            for sub in _children(op, args):
                found = _scan(sub, inside_repeat)
                if found:
                    return found
    return None


def _children(op: Any, args: Any) -> list[list[Any]]:
    """The sub-patterns of a node that is not a repetition."""
    if op is sre.SUBPATTERN:
        return [_data(args[-1])]
    if op is sre.BRANCH:
        return [_data(branch) for branch in args[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [_data(args[1])]
    if op is sre.ATOMIC_GROUP:
        return []  # no backtracking into it
    if op is sre.GROUPREF_EXISTS:
        return [_data(a) for a in args[1:] if a is not None]
    if op is sre.POSSESSIVE_REPEAT:
        return []
    return []


def _data(node: Any) -> list[Any]:
    return list(node.data if hasattr(node, "data") else node)


def _inner_repeats(items: list[Any]) -> list[list[Any]]:
    """The bodies of the unbounded repetitions anywhere inside `items`."""
    found: list[list[Any]] = []
    for op, args in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and args[1] is not None:
            if args[1] is sre.MAXREPEAT or args[1] > MANY:
                found.append(_data(args[2]))
            found += _inner_repeats(_data(args[2]))
        else:
            for sub in _children(op, args):
                found += _inner_repeats(sub)
    return found


def _separated(body: list[Any], inner: list[list[Any]]) -> bool:
    """`body` starts or ends with a literal character that no inner repetition can match:
    each pass is then marked off by it, and the text splits into passes one way only."""
    return any(
        separator is not None and all(_cannot_match(repeat, separator) for repeat in inner)
        for separator in (_edge_literal(body, 0), _edge_literal(body, -1))
    )


def _edge_literal(body: list[Any], at: int) -> str | None:
    items = body
    while items and items[at][0] is sre.SUBPATTERN:
        items = _data(items[at][1][-1])
    if not items or items[at][0] is not sre.LITERAL:
        return None
    return chr(items[at][1])


def _overlapping_branches(body: list[Any]) -> bool:
    """Alternatives repeated together that do not each start with their own character
    (`(a|aa)+`, which the parser keeps as `a(?:|a)`): each pass can then be split between
    them several ways."""
    items = body
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        items = _data(items[0][1][-1])
    for op, args in items:
        if op is sre.BRANCH:
            firsts = [_edge_literal(_data(branch), 0) for branch in args[1]]
            if None in firsts or len(set(firsts)) < len(firsts):
                return True
    return False


def _cannot_match(items: list[Any], ch: str) -> bool:
    """Whether the repeated item `items` (one character class) can never match `ch`."""
    if len(items) != 1:
        return False
    op, args = items[0]
    if op is sre.LITERAL:
        return chr(args) != ch
    if op is sre.NOT_LITERAL:
        return chr(args) == ch
    if op is sre.IN:
        return not _in_class(args, ch)
    return False


CATEGORIES = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _in_class(members: list[Any], ch: str) -> bool:
    negate = bool(members) and members[0][0] is sre.NEGATE
    hit = False
    for op, args in members[1:] if negate else members:
        if op is sre.LITERAL:
            hit = hit or chr(args) == ch
        elif op is sre.RANGE:
            hit = hit or args[0] <= ord(ch) <= args[1]
        elif op is sre.CATEGORY and args in CATEGORIES:
            hit = hit or CATEGORIES[args](ch)
        else:
            return True  # not understood: assume it can match
    return hit != negate


def check_pattern(pattern: str) -> None:
    """Raise ValueError for a pattern that does not compile or can backtrack badly."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from None
    problem = nested_repetition(pattern)
    if problem:
        raise ValueError(
            f"regular expression {pattern!r} can take exponential time on a hostile link "
            f"({problem}): repeat one thing at a time, e.g. '/(?:[^/]+/)*' not '(.+/)*'"
        )

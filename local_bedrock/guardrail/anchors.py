"""What a regular expression cannot match without, read from its own parse tree.

``needs(pattern)`` is a set of strings such that every match of ``pattern`` contains one of them: a
literal (lowered when the pattern ignores case) or ``DIGIT`` ("some character ``\\d`` matches"). A
detector whose needs are absent from a text cannot find anything there, so the PII scan skips it
(``pii.detect_pii``): the same findings, one substring test instead of one regex scan. The tree is
CPython's own parse (``re._parser``, the module ``re.compile`` uses), walked conservatively: any
construct not handled below contributes nothing, so the worst case is ``None`` (no anchor: always scan).

Sound because: a literal, a finite set of alternatives, a group without flag changes and a repeat at
least once must each match their text; zero-width assertions consume nothing; so consecutive items
whose matches come from finite sets match one of the concatenations, followed by a prefix of what the
next item matches. The match itself is still made by the pattern; the anchor only says where none can be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import product
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from local_bedrock.guardrail.content import ASCII_LOOKALIKES

DIGIT = r"\d"
_LIMIT = 64  # alternatives kept per set; larger sets are dropped (no anchor), never truncated
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_DIGITS = "0123456789"

Strings = frozenset[str]


def _product(left: Strings, right: Strings) -> Strings | None:
    joined = frozenset(a + b for a, b in product(left, right))
    # A literal spelled like the DIGIT marker (a backslash and a "d") would be read as the marker.
    return joined if len(joined) <= _LIMIT and DIGIT not in joined else None


def _char(code: int, ignore_case: bool) -> str | None:
    char = chr(code)
    if ignore_case:  # ASCII only: other letters fold in ways a lowered text does not show
        return char.lower() if char.isascii() else None
    return char


def _is_digit_class(items: list[tuple[Any, Any]]) -> bool:
    """A character class whose every member is a decimal digit (``\\d``, ``[0-9]``, ``[2-9]``)."""
    for op, av in items:
        if op is sre.CATEGORY and av is sre.CATEGORY_DIGIT:
            continue
        if op is sre.LITERAL and chr(av) in _DIGITS:
            continue
        if op is sre.RANGE and chr(av[0]) in _DIGITS and chr(av[1]) in _DIGITS:
            continue
        return False
    return bool(items)


def _exact(op: Any, av: Any, ic: bool) -> Strings | None:
    """Every string the item can match, when they are few and literal."""
    if op is sre.LITERAL:
        char = _char(av, ic)
        return None if char is None else frozenset({char})
    if op in _ZERO_WIDTH:
        return frozenset({""})
    if op is sre.IN:
        if not av or any(o is not sre.LITERAL for o, _ in av):
            return None
        chars = [_char(code, ic) for _, code in av]
        return None if None in chars else frozenset(c for c in chars if c is not None)
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return None if add_flags or del_flags else _exact_sequence(list(inner), ic)
    if op is sre.BRANCH:
        return _branches(av[1], _exact_sequence, ic)
    if op in _REPEATS:
        low, high, inner = av
        return _exact_repeat(low, high, inner, ic)
    return None


def _branches(
    branches: Any, read: Callable[[list[tuple[Any, Any]], bool], Strings | None], ic: bool
) -> Strings | None:
    """The union of what ``read`` finds in each branch of an alternation; None when a branch gives
    nothing or the union is too large to be worth checking."""
    union: set[str] = set()
    for branch in branches:
        each = read(list(branch), ic)
        if each is None:
            return None
        union |= each
    return frozenset(union) if len(union) <= _LIMIT else None


def _exact_repeat(low: int, high: int, inner: Any, ic: bool) -> Strings | None:
    each = _exact_sequence(list(inner), ic)
    if each is None or high > 4:
        return None
    found: set[str] = set()
    for count in range(low, high + 1):
        strings: Strings | None = frozenset({""})
        for _ in range(count):
            strings = None if strings is None else _product(strings, each)
        if strings is None:
            return None
        found |= strings
    return frozenset(found) if len(found) <= _LIMIT else None


def _exact_sequence(items: list[tuple[Any, Any]], ic: bool) -> Strings | None:
    strings: Strings | None = frozenset({""})
    for op, av in items:
        each = _exact(op, av, ic)
        if each is None or strings is None:
            return None
        strings = _product(strings, each)
    return strings


def _prefixes(items: list[tuple[Any, Any]], ic: bool) -> Strings:
    """Strings one of which every match of the sequence starts with ("" when nothing is known)."""
    strings: Strings = frozenset({""})
    for op, av in items:
        each = _exact(op, av, ic)
        if each is not None:
            joined = _product(strings, each)
            if joined is None:
                return strings
            strings = joined
            continue
        return _product(strings, _item_prefixes(op, av, ic)) or strings
    return strings


def _item_prefixes(op: Any, av: Any, ic: bool) -> Strings:
    if op is sre.SUBPATTERN and not (av[1] or av[2]):
        return _prefixes(list(av[3]), ic)
    if op is sre.BRANCH:
        union = frozenset().union(*(_prefixes(list(branch), ic) for branch in av[1]))
        return union if len(union) <= _LIMIT else frozenset({""})
    if op in _REPEATS and av[0] >= 1:
        return _prefixes(list(av[2]), ic)
    return frozenset({""})


def _need(op: Any, av: Any, ic: bool) -> Strings | None:
    """What a single item that is not a short literal set cannot match without."""
    if op is sre.IN:
        return frozenset({DIGIT}) if _is_digit_class(av) else None
    if op is sre.SUBPATTERN:
        return None if av[1] or av[2] else _needs_sequence(list(av[3]), ic)
    if op is sre.BRANCH:
        return _branches(av[1], _needs_sequence, ic)
    if op in _REPEATS and av[0] >= 1:
        return _needs_sequence(list(av[2]), ic)
    return None


def _strength(strings: Strings) -> float:
    """How rarely a text holds one of ``strings``: the shortest of them (a digit counts as half)."""
    return min(0.5 if s == DIGIT else len(s) for s in strings)


def _candidates(items: list[tuple[Any, Any]], ic: bool) -> list[Strings]:
    """Sets of strings one of which every match of the sequence contains, each set on its own."""
    candidates: list[Strings] = []
    run: Strings = frozenset({""})
    for op, av in items:
        each = _exact(op, av, ic)
        if each is not None:
            joined = _product(run, each)
            if joined is not None:
                run = joined
                continue
        # The run ends here: it is followed by what this item starts with.
        candidates.append(_product(run, _item_prefixes(op, av, ic)) or run)
        run = frozenset({""})
        if each is None:
            need = _need(op, av, ic)
            if need is not None:
                candidates.append(need)
        else:  # a literal set too large to join the run: it starts a new one
            run = each
    candidates.append(run)
    # Rarest first; among equally rare ones the earliest in the pattern (sorted() is stable).
    return sorted(dict.fromkeys(c for c in candidates if "" not in c), key=_strength, reverse=True)


def _needs_sequence(items: list[tuple[Any, Any]], ic: bool) -> Strings | None:
    found = _candidates(items, ic)
    return found[0] if found else None


def _minimal(strings: Strings) -> tuple[str, ...]:
    """The members no other member is part of: a text holds one of those iff it holds one of all."""
    return tuple(sorted(s for s in strings if not any(t != s and t in s for t in strings)))


@lru_cache(maxsize=256)
def needs(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Sets of strings each of which has one member in every match of ``pattern`` (literals lowered
    when it ignores case, or ``DIGIT``): the rarest three, rarest first; empty when none is read."""
    ignore_case = bool(pattern.flags & re.IGNORECASE)
    found = _candidates(list(_parser.parse(pattern.pattern, pattern.flags)), ignore_case)
    return tuple(_minimal(strings) for strings in found[:3])


@lru_cache(maxsize=256)
def _plan(pattern: re.Pattern[str]) -> tuple[bool, tuple[tuple[bool, tuple[str, ...]], ...]]:
    """Whether the pattern ignores case, and per need: may a digit meet it, and the literals that may."""
    plan = tuple((DIGIT in need, tuple(s for s in need if s != DIGIT)) for need in needs(pattern))
    return bool(pattern.flags & re.IGNORECASE), plan


_ANY_DIGIT = re.compile(r"\d")


class Text:
    """One text, read once for every anchor test: its lowered form and whether it has a digit."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Lowered, a text without the lookalikes holds an ASCII literal exactly where the text holds
        # it in any case (tests/local_bedrock/test_guardrail_case_folding.py tries every code point).
        self.lowered = None if any(c in text for c in ASCII_LOOKALIKES) else text.lower()
        self._digit: bool | None = None

    def has_digit(self) -> bool:
        if self._digit is None:
            self._digit = _ANY_DIGIT.search(self.text) is not None
        return self._digit

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False only when ``pattern`` cannot match this text (one of its needs is absent)."""
        ignore_case, plan = _plan(pattern)
        if not plan or (ignore_case and self.lowered is None):
            return True
        haystack = self.lowered if ignore_case else self.text
        assert haystack is not None
        for digit, literals in plan:
            if not (any(s in haystack for s in literals) or (digit and self.has_digit())):
                return False
        return True


def describe(patterns: Iterable[re.Pattern[str]]) -> list[list[list[str]]]:
    """Each pattern's anchors, sorted (for tests and for reading what a scan is skipped on)."""
    return [[list(need) for need in needs(p)] for p in patterns]

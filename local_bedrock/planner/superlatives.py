"""A superlative picks one row of a table: "cheapest", "fastest", "top", "basic".

A question that asks for the extreme of something (the cheapest of the plans, the fastest of the
delivery options, the top one of the tiers) is answered by the row of a table that holds that
extreme, not by the row that shares the most words with it. The word says which attribute and
which end: price words (cheapest, priciest, most/least expensive) compare the rows' amounts (money
or a share of the price), speed words (fastest, quickest, soonest, slowest) and length words
(longest, shortest) compare their durations, and rank words (top, highest, lowest, bottom, entry,
basic) compare the rows' order, and "middle" ("the middle tier", "a mid-level plan") picks the row
between the ends of a table of three, five, ... rows, a table of tiers or plans being listed from the
lowest to the highest, as every table of knowledge_base/*.md is (a convention of these documents,
not a rule of language: a table listed the other way round would be read wrong). The rows'
quantities are read by ``local_bedrock.retriever.quantities``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from local_bedrock.retriever import quantities

Attribute = Literal["price", "duration", "order"]
LEAST, MIDDLE, MOST = -1, 0, 1


@dataclass(frozen=True)
class Extreme:
    attribute: Attribute
    direction: int  # LEAST, MIDDLE or MOST


# (pattern, attribute, direction): the words a question asks for an extreme with
_WORDS: tuple[tuple[re.Pattern[str], Attribute, int], ...] = (
    (re.compile(r"\b(cheapest|least expensive|least costly|lowest[- ]priced)\b", re.I), "price", LEAST),
    (re.compile(r"\b(priciest|most expensive|most costly|highest[- ]priced|dearest)\b", re.I), "price", MOST),
    (re.compile(r"\b(fastest|quickest|soonest|speediest|shortest)\b", re.I), "duration", LEAST),
    (re.compile(r"\b(slowest|longest)\b", re.I), "duration", MOST),
    (re.compile(r"\b(top|highest|uppermost|premium)\b(?!\s+of\b)", re.I), "order", MOST),
    (re.compile(r"\b(lowest|entry|starter|first)\s+(level|tier|plan|option|one)\b", re.I), "order", LEAST),
    (re.compile(r"\b(bottom|entry[- ]level|basic)\b", re.I), "order", LEAST),
    # "the middle tier", "a mid-level plan": the row between the ends (a word, not "down the middle")
    (re.compile(r"\b(middle|mid)[- ]?([a-z]+ )?(level|tier|plan|option)s?\b", re.I), "order", MIDDLE),
)
_DIMENSIONS: dict[Attribute, tuple[str, ...]] = {"price": ("money", "percent"), "duration": ("duration",)}


def asked(question: str) -> list[Extreme]:
    """The extremes ``question`` asks for, in the order of its words' patterns (each once)."""
    found: list[Extreme] = []
    for pattern, attribute, direction in _WORDS:
        extreme = Extreme(attribute, direction)
        if pattern.search(question) and extreme not in found:
            found.append(extreme)
    return found


def _value(row: str, attribute: Attribute) -> float | None:
    dimensions = _DIMENSIONS[attribute]
    values = [q.value for q in quantities.stated(row) if q.dimension in dimensions]
    return values[0] if values else None


def extreme_rows(rows: Sequence[str], extreme: Extreme) -> set[int]:
    """The indexes of the rows (one table's, in order) that hold ``extreme``: by their amounts or
    durations when every row states one, else by their order."""
    if not rows:
        return set()
    if extreme.attribute != "order":
        values = [_value(row, extreme.attribute) for row in rows]
        known = [v for v in values if v is not None]
        if len(known) == len(values):
            target = min(known) if extreme.direction == LEAST else max(known)
            return {i for i, v in enumerate(values) if v == target}
    if extreme.direction == MIDDLE:  # one row between the ends: an odd table's middle one
        return {len(rows) // 2} if len(rows) % 2 and len(rows) >= 3 else set()
    return {0 if extreme.direction == LEAST else len(rows) - 1}

"""Quantities in questions and in policy sentences: amounts of money, durations, counts, ages,
shares ("60%", "below 70%"), weights ("85 pounds", "40 kg") and lengths ("a 75-inch TV").

A customer states a situation with a number ("I spent about $800", "it was delivered five days
ago", "I want 15 of them"); the policy answers it with a bound or a range on the same kind of
quantity ("Orders over $500 require a signature", "tell us within 7 days of delivery", "$500 to
$1,499", "limited to 10 units"). ``bounds`` reads the limits a sentence or table row states,
``stated`` the quantities a question states, and ``Bound.holds`` whether a stated quantity falls
inside a limit, so the answer can prefer the table row whose range holds the customer's figure; the
retriever indexes both as terms (``passage_terms``, ``question_terms``).

Durations are compared in days (a business day counts as a day, a month as a twelfth of a year);
money in dollars; counts of items as they are; weights in pounds and lengths in inches (US customary
units, what US store policies state limits in; a metric figure is converted, so "40 kg" meets
"over 70 pounds").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

Dimension = Literal["money", "duration", "count", "age", "percent", "weight", "length"]

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 365 / 12, "year": 365}  # 12 months = a year
_NUM = r"\d[\d,]*(?:\.\d+)?"
_WORD = "|".join(_WORD_NUMBERS)
_MONEY = rf"\$\s?({_NUM})"
_DURATION = rf"(?<![\w$.])({_NUM}|{_WORD})[\s-]+(?:business[\s-]+)?(hour|day|week|month|year)s?\b(?![\s-]old)"
# a count is a figure or a number word from two on: "an item" and "one item" are no count
_COUNT_WORD = "|".join(word for word, n in _WORD_NUMBERS.items() if n > 1)
_COUNT = rf"(?<![\w$.])({_NUM}|{_COUNT_WORD})\s+(?:units?\b|items?\b|of the same\b)"
# an age: "my 18-month-old", "a 2 year old"; in a policy, "children under 3", "aged 21 or older"
_AGE = rf"(?<![\w$.])({_NUM}|{_WORD})[\s-]+(year|month)s?[\s-]+old\b"
_AGE_OF = re.compile(
    r"\b(?:children|child|kids|aged?)\s+(?:under|over|below|above|of)?\s*(\d+)\b(?!\s*(?:%|days?|months?|years?))",
    re.I,
)
# a weight or a length and its unit's size in pounds or inches (1 kg = 2.20462 lb, 1 in = 2.54 cm)
_POUNDS = {
    "pound": 1.0, "lb": 1.0, "lbs": 1.0, "ounce": 1 / 16, "oz": 1 / 16,
    "kilogram": 2.20462, "kilo": 2.20462, "kg": 2.20462,
}  # fmt: skip
_INCHES = {
    "inch": 1.0, "in": 1.0, "foot": 12.0, "feet": 12.0, "ft": 12.0, "centimeter": 1 / 2.54, "cm": 1 / 2.54,
}  # fmt: skip
_WEIGHT = rf"(?<![\w$.])({_NUM}|{_WORD})[\s-]*(pounds?|lbs?|kilograms?|kilos?|kg|ounces?|oz)\b"
# "65 inches", "a 75-inch TV", "6 ft"; "in" only right after a figure ("55in": "2 in the box" is none)
_LENGTH = rf"(?<![\w$.])({_NUM}|{_WORD})(?:[\s-]*(inch(?:es)?|foot|feet|ft|centimeters?|cm)\b|(in)\b)"
_SCALES = {"weight": _POUNDS, "length": _INCHES}
_PATTERNS: tuple[tuple[Dimension, re.Pattern[str]], ...] = (
    ("money", re.compile(_MONEY, re.I)),
    ("money", re.compile(rf"(?<![\w$.])({_NUM})\s+dollars?\b", re.I)),
    ("duration", re.compile(_DURATION, re.I)),
    ("count", re.compile(_COUNT, re.I)),
    ("age", re.compile(_AGE, re.I)),
    ("percent", re.compile(rf"(?<![\w$.])({_NUM})\s?(?:%|percent\b)", re.I)),
    ("age", _AGE_OF),
    ("weight", re.compile(_WEIGHT, re.I)),
    ("length", re.compile(_LENGTH, re.I)),
)
# Words before a figure that make it a lower or an upper limit; after it, "or more" is a lower one.
_DETERMINER = r"(?:\s+(?:the|our|your|a|an))?"  # "after our 90-day guarantee"
_LOWER = re.compile(rf"\b(over|more than|above|at least|from|exceeds?|after){_DETERMINER}\s*$", re.I)
_UPPER = re.compile(
    rf"\b(within|up to|under|less than|below|until|at most|limited to|maximum of|the first){_DETERMINER}\s*$",
    re.I,
)
_OR_MORE = re.compile(r"^\s*(or more|or older|and (over|up|above)|or longer)\b", re.I)
_RANGE_JOIN = re.compile(r"^\s*(to|and|-|–)\s*$", re.I)
# "7 to 12 business days", "1 to 3 months": a range whose first figure has no unit of its own
_DURATION_RANGE = re.compile(
    rf"(?<![\w$.])({_NUM})\s+(?:to|-|–)\s+({_NUM})\s+(?:business\s+)?(hour|day|week|month|year)s?\b", re.I
)
_NEXT_DAY = re.compile(r"\bnext business day\b", re.I)  # "delivered the next business day": one day
_DAY_RANGE = re.compile(r"\bday (\d+) to day (\d+)\b", re.I)  # "from day 31 to day 90"


@dataclass(frozen=True)
class Quantity:
    dimension: Dimension
    value: float
    start: int
    end: int


@dataclass(frozen=True)
class Bound:
    """A limit a sentence states on one kind of quantity: low <= x <= high (either may be open)."""

    dimension: Dimension
    low: float
    high: float

    def holds(self, quantity: Quantity) -> bool:
        return quantity.dimension == self.dimension and self.low <= quantity.value <= self.high


def _number(text: str) -> float:
    word = text.lower()
    return float(_WORD_NUMBERS[word]) if word in _WORD_NUMBERS else float(text.replace(",", ""))


def stated(text: str) -> list[Quantity]:
    """The quantities ``text`` states, in order (a duration in days)."""
    found: dict[int, Quantity] = {}
    for dimension, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _number(match.group(1))
            if dimension == "duration":
                value *= _DAYS[match.group(2).lower()]
            elif dimension == "age" and match.lastindex == 2 and match.group(2).lower() == "month":
                value /= 12  # ages in years
            elif dimension in _SCALES:
                unit = (match.group(match.lastindex or 2)).lower()
                unit = unit if unit in _SCALES[dimension] else unit.rstrip("s").replace("inche", "inch")
                value *= _SCALES[dimension][unit]
            # "children under 3": the figure starts at its number, so "under" stays before it
            start = match.start(1) if pattern is _AGE_OF else match.start()
            if start not in found:
                found[start] = Quantity(dimension, value, start, match.end())
    for match in _NEXT_DAY.finditer(text):
        found.setdefault(match.start(), Quantity("duration", 1.0, match.start(), match.end()))
    return [found[start] for start in sorted(found)]


def bounds(text: str) -> list[Bound]:
    """The limits ``text`` states: ranges ("$500 to $1,499", "7 to 12 business days"), lower
    limits ("over $500", "$35 or more", "more than 30 days") and upper limits ("within 7 days",
    "limited to 10 units"). A figure with no such word is no limit."""
    found: list[Bound] = []
    for match in _DURATION_RANGE.finditer(text):
        days = _DAYS[match.group(3).lower()]
        found.append(Bound("duration", _number(match.group(1)) * days, _number(match.group(2)) * days))
    for match in _DAY_RANGE.finditer(text):
        found.append(Bound("duration", _number(match.group(1)), _number(match.group(2))))
    quantities = [
        q
        for q in stated(text)
        if not any(m.start() <= q.start < m.end() for m in _DURATION_RANGE.finditer(text))
    ]
    used: set[int] = set()
    for i, quantity in enumerate(quantities):
        if i in used:
            continue
        following = quantities[i + 1] if i + 1 < len(quantities) else None
        if (
            following is not None
            and following.dimension == quantity.dimension
            and _RANGE_JOIN.match(text[quantity.end : following.start])
        ):
            found.append(Bound(quantity.dimension, quantity.value, following.value))
            used.add(i + 1)
            continue
        before, after = text[max(0, quantity.start - 20) : quantity.start], text[quantity.end :]
        if _LOWER.search(before) or _OR_MORE.match(after):
            found.append(Bound(quantity.dimension, quantity.value, math.inf))
        elif _UPPER.search(before):
            found.append(Bound(quantity.dimension, -math.inf, quantity.value))
    return found


def passage_terms(text: str) -> list[str]:
    """Index terms for the kinds of quantity ``text`` limits ("limited to 10 units" -> a count
    limit), so a question stating a quantity of that kind ("I want 15 of them") can meet it: BM25
    weighs them like words, rarely limited kinds (counts) above common ones (durations)."""
    return sorted({f"{bound.dimension}-limit" for bound in bounds(text)} | set(_value_terms(text)))


def question_terms(text: str) -> list[str]:
    """The terms of ``passage_terms`` that the quantities a question states may meet."""
    return sorted({f"{quantity.dimension}-limit" for quantity in stated(text)} | set(_value_terms(text)))


def _value_terms(text: str) -> list[str]:
    """A term per quantity stated, by value ("a year" and "12 months" are both duration=365)."""
    return [f"{quantity.dimension}={round(quantity.value, 1):g}" for quantity in stated(text)]

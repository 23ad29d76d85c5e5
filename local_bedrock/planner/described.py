"""Picks among the things just shown by what their fields say: "the august one" (a month of one of
their dates), "the larger one", "the cheaper of the two" (their amount), "the earliest of them" (their
date). Round 14; part of the offline planner (planner.py).

What a shown thing says is what memory.py kept of it from the operation's result: its date fields
("days": any field whose value is an ISO date) and its amount ("price": a field the response schema
declares in US dollars, else one named for an amount). No field of any particular agent is named
here: the comparison words choose a kind of field (an amount or a date), the result's own fields
supply the values.
"""

from __future__ import annotations

import re
from typing import Any

from local_bedrock.planner.language import MONTHS

_MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
# "the august one", "the one from june", "the march purchase": a month said of one thing (not of
# several: "the june orders").
_MONTH_PICK = re.compile(
    rf"\bthe ({_MONTH}) (?:one|[a-z]+(?<!s))\b|\bthe (?:one|[a-z]+(?<!s)) (?:from|in|of|on) ({_MONTH})\b"
)
# A comparison said of one of the things shown: "the larger one", "the cheaper of the two", "the
# most expensive of them", "the bigger fee".
_OF_THEM = r"(?: (?:one|of (?:the|those|these|them|both)\b(?: two)?)|\s+[a-z]+(?:\s|$|[?,.!]))"
_MORE = r"larger|largest|bigger|biggest|higher|highest|greater|pricier|priciest|dearer|dearest"
_MORE += r"|more expensive|most expensive|costlier|costliest"
_LESS = r"smaller|smallest|lower|lowest|cheaper|cheapest|less expensive|least expensive"
_NEWER = r"newer|newest|later|latest|more recent|most recent"
_OLDER = r"older|oldest|earlier|earliest"
_COMPARED = {
    ("price", max): re.compile(rf"\bthe (?:{_MORE}){_OF_THEM}"),
    ("price", min): re.compile(rf"\bthe (?:{_LESS}){_OF_THEM}"),
    ("days", max): re.compile(rf"\bthe (?:{_NEWER}){_OF_THEM}"),
    ("days", min): re.compile(rf"\bthe (?:{_OLDER}){_OF_THEM}"),
}


def says_a_pick(text: str) -> bool:
    """Does the message pick one thing by a month or a comparison of the things shown?"""
    return bool(_MONTH_PICK.search(text) or any(p.search(text) for p in _COMPARED.values()))


# A superlative naming a bound a rule sets, not one of the things shown: "the lowest amount I can
# pay", "the most titles one may take home" (round 15, review14). Only an amount or a count is a bound:
# a superlative of a kind of thing, an adjective or "of those" ("the biggest of those I can afford",
# "the highest rated one I could buy", "the largest lamp I could find") picks among things, and what
# one "can find" or "see" is a look, not a rule (review15).
_AMOUNT_NOUN = r"(?:amount|number|sum|total|quantity|much|many)"
BOUND = re.compile(
    rf"\b(?:(?:most|least|fewest|lowest|smallest|highest|largest|biggest) {_AMOUNT_NOUN}|"
    r"(?:most|fewest|least) [a-z]+s(?<!ss)|(?:most|least) (?=(?:i|we|one|you|someone) ))"
    r" (?:[a-z]+ ){0,3}(?:can|may|could) (?!you\b|find\b|see\b|show\b)[a-z]+\b"
)


def pick(text: str, shown: list[dict[str, Any]]) -> str | None:
    """The id of the one shown thing the message picks by a described field, or None."""
    if len(shown) < 2 or BOUND.search(text):
        return None
    month = _MONTH_PICK.search(text)
    if month:
        number = MONTHS[next(g for g in month.groups() if g)]
        having = [item for item in shown if any(int(day[5:7]) == number for day in _days(item))]
        return str(having[0]["id"]) if len(having) == 1 else None
    for (field, end), pattern in _COMPARED.items():
        if not pattern.search(text):
            continue
        valued = [(value, item) for item in shown if (value := _value(item, field)) is not None]
        if len(valued) < 2:
            return None
        best = end(value for value, _ in valued)
        chosen = [item for value, item in valued if value == best]
        return str(chosen[0]["id"]) if len(chosen) == 1 else None
    return None


def _days(item: dict[str, Any]) -> list[str]:
    return [pair.split("=", 1)[1] for pair in item.get("days", "").split() if "=" in pair]


def _value(item: dict[str, Any], field: str) -> Any:
    """The item's amount (a float) or its first date (an ISO day), as the comparison asks."""
    if field == "price":
        return float(item["price"]) if "price" in item else None
    days = _days(item)
    return days[0] if days else None


_QUESTION = re.compile(r"\?\s*$|^(?:what|which|why|how)\b|\b(?:for what|what for|what is|what's)\b")


def asked_of(text: str, memory: dict[str, Any]) -> dict[str, Any] | None:
    """The shown thing a question picks by a described field ("and the bigger fee, which title?"), whose
    answer is what the listing said of it; None when the message asks no question or picks nothing."""
    shown = (memory.get("lists") or [[]])[-1]
    chosen = pick(text, shown) if _QUESTION.search(text) else None
    return next((item for item in shown if item["id"] == chosen and item.get("line")), None)

"""Questions about the things just shown, answered from them as a model reads its own last answer:
"which is due soonest?", "which did I borrow last?" pick the thing with the earliest or latest day
in the date field the question names (or the only one the things have). Only the results' JSON
guides it: a field holds a day when its value is an ISO date, and its name's words ("dueDate":
"due date") are what a question names it by.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from local_bedrock.planner import language
from local_bedrock.planner.memory import focus_on
from local_bedrock.planner.replies import words_of
from textnorm import stem

_EARLIEST = re.compile(r"\b(?:first|soonest|earliest|oldest)\b")
_LATEST = re.compile(r"\b(?:last|latest|newest|most recently|most recent)\b")
_ASKS_WHICH = re.compile(r"^(?:so |and |ok |okay )?(?:which|what)\b")


def answer(text: str, memory: dict[str, Any], today: date) -> str | None:
    """The reply to "which is <a date field's word> soonest/last?" about the newest list shown, or None."""
    # "the first one", "the last of them" point at a position in the list (language.ordinal_reference).
    text = re.sub(r"\bthe (?:very )?(?:first|last)\b", " ", text)
    earliest, latest = _EARLIEST.search(text), _LATEST.search(text)
    if not _ASKS_WHICH.match(text) or bool(earliest) == bool(latest) or len(text.split()) > 12:
        return None
    shown = (memory.get("lists") or [[]])[-1]
    dated = [(item, dict(pair.split("=", 1) for pair in item.get("days", "").split())) for item in shown]
    dated = [(item, days) for item, days in dated if days]
    if len(dated) < 2:
        return None
    field = _field(text, {name for _, days in dated for name in days})
    if field is None:
        return None
    having = sorted((days[field], item["id"], item) for item, days in dated if field in days)
    if not earliest:
        having.reverse()
    noun, passed = words_of(field), ""
    if earliest and having[0][0] < today.isoformat() and having[-1][0] >= today.isoformat():
        # "which comes due soonest?" when a day has passed: the first still to come, and the passed ones.
        gone = [item for day, _, item in having if day < today.isoformat()]
        passed = "".join(
            f" {i['name']} ({i['id']}) had {noun} {d}, already past." for d, _, i in having if i in gone
        )
        having = [entry for entry in having if entry[2] not in gone]
    day = having[0][0]
    firsts = [item for d, _, item in having if d == day]
    if len(firsts) == 1:
        focus_on(memory, firsts[0]["key"], firsts[0]["id"])
    names = " and ".join(f"{i['name']} ({i['id']})" for i in firsts)
    which = "first" if earliest else "last"
    return f"{names} {'comes' if len(firsts) == 1 else 'come'} {which}: {noun} {day}.{passed}"


def _field(text: str, fields: set[str]) -> str | None:
    """The date field the question names by a word of its name ("due" of dueDate), else the only one."""
    said = {stem(w) for w in language.words(text)}
    named = [f for f in fields if ({stem(w) for w in words_of(f).split()} - {"date", "at", "on"}) & said]
    if len(named) == 1:
        return named[0]
    return next(iter(fields)) if len(fields) == 1 and not named else None

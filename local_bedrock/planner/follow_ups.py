"""Follow-ups: a message that answers the question I asked, asks for more of a list I showed, asks
about the things I just showed, or accepts or declines my offer. Part of the offline planner
(planner.py); what I asked, showed and offered is in the session's memory (memory.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.planner import described, intents, language, refusals, shown
from local_bedrock.planner.goals import (
    RECENCY,
    Goal,
    Understanding,
    alike_by_meaning,
    by_price,
    operation_goal,
    resolve_reference,
)
from local_bedrock.planner.memory import fits, focus_on
from local_bedrock.planner.refusals import answer
from local_bedrock.planner.slots import allowed_values, find_allowed, find_ids, integers


def follow_up(
    agent: AgentDefinition,
    message: Understanding,
    memory: dict[str, Any],
    match: intents.Match | None,
    today: Callable[[], date],
) -> Goal | None:
    """An answer to my question, "show more", accepting my offer, or declining it."""
    scores = message.scores
    pending = memory.pop("pending", None)
    chosen = match.operation.operation_id if match else None
    if pending and _answers(message, pending, chosen) and not scores.get("deny"):
        return _continue(agent, pending, message, memory)
    page = memory.get("page")
    if scores.get("more") and page and (match is None or not match.operation.mutating):
        return operation_goal(agent, agent.operation(page["operation"]), message, memory, today(), "D")
    about_shown = shown.answer(message.text, memory, today())
    if about_shown is not None:
        return answer("D", "The user asks about the things I just showed; they answer it.", about_shown)
    picked = described.asked_of(message.text, memory)
    if picked is not None and not _read_of(agent, picked):
        # Nothing reads one such thing: what the list said of it is all there is to say.
        focus_on(memory, picked["key"], picked["id"])
        return answer(
            "D", "The user asks about one of the items I just showed.", f"That is {picked['line']}."
        )
    offer = memory.pop("offer", None)
    other_write = (
        match is not None
        and match.operation.mutating
        and match.operation.operation_id != (offer or {}).get("operation")
    )
    accepts = (
        scores.get("affirm")
        or language.ordinal_reference(message.text)
        or refusals.takes(message)
        or refusals.only_a_count(message)
        or by_price(message.text)
        or described.pick(message.text, (memory.get("lists") or [[]])[-1]) is not None
        or (not scores.get("deny") and _picks_one_of_alike(message, memory))
    )
    if offer and accepts and not other_write:
        operation = agent.operation(offer["operation"])
        goal = operation_goal(agent, operation, message, memory, today(), "E")
        goal.rationale = f"The user accepted my offer: {offer['operation']}."
        return goal
    if scores.get("deny") and (pending or offer):
        return answer(
            "E",
            "The user declined what I proposed.",
            "Okay, no problem. Is there anything else I can help with?",
        )
    return None


def _read_of(agent: AgentDefinition, item: dict[str, Any]) -> bool:
    """Does the agent have a read of one such thing (an operation taking its id that changes nothing)?"""
    return any(
        not op.mutating and (p.name == item["key"] or fits(item["id"], p))
        for op in agent.operations
        for p in intents.entity_parameters(op)
    )


def _picks_one_of_alike(message: Understanding, memory: dict[str, Any]) -> bool:
    """A short request, not a question, that picks one of the things just listed under one name by
    what tells them apart, said in other words (hearing it, print): round 13."""
    lists = memory.get("lists") or []
    if not lists or message.text.rstrip().endswith("?") or len(message.text.split()) > 8:
        return False
    return alike_by_meaning(message.text, lists[-1]) is not None


def _continue(
    agent: AgentDefinition, pending: dict[str, Any], message: Understanding, memory: dict[str, Any]
) -> Goal:
    goal = Goal(**pending["goal"])
    goal.category = "E"
    operation = agent.operation(goal.operation_id)
    for name in list(goal.unresolved):
        parameter = operation.parameter(name)
        value = _from_answer(parameter, message, memory) if parameter else None
        if value is not None:
            goal.arguments[name] = value
            goal.unresolved.remove(name)
    if message.product_words and any(not intents.is_person(p) for p in operation.parameters):
        goal.product_words = message.product_words
    goal.rationale = "The user answered my question; I can continue with " + goal.operation_id + "."
    return goal


def _answers(message: Understanding, pending: dict[str, Any], chosen: str | None) -> bool:
    """Does this message answer the question I asked (rather than start something new)?"""
    if message.scores.get("greeting") or message.scores.get("thanks"):
        return False
    other = chosen is not None and chosen != pending["goal"]["operation_id"]
    if other and (RECENCY.search(message.text) or message.ids) and len(message.text.split()) > 3:
        return False  # a complete request of its own ("can you cancel my last order"): start afresh
    short = len(message.text.split()) <= 6
    names_something = bool(message.ids or message.product_words or language.ordinal_reference(message.text))
    if other and not (short and names_something):
        return False  # a request of its own ("what did I buy recently?")
    return bool(
        message.ids
        or language.ordinal_reference(message.text)
        or message.product_words
        or re.search(r"\b\d+\b", language.number_words_to_digits(message.text))
        or short
    )


def _from_answer(parameter: Any, message: Understanding, memory: dict[str, Any]) -> Any:
    found = find_ids(message.text, parameter)
    if found:
        return found[0]
    if allowed_values(parameter):
        return find_allowed(message.text, parameter)
    if parameter.type == "integer":
        numbers = integers(message.text, message.ids)
        return numbers[0] if numbers else None
    if intents.is_free_text(parameter) and message.product_words:
        return message.product_words  # "what should I look for?" - "something about dragons"
    return resolve_reference(parameter, message.text, memory)

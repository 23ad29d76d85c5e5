"""Two lookups asked in one message ("what I owe first, then what's overdue", "my loans plus my
fines", "orders from june, then some suggestions"): each is done in the order asked
and the answer tells both, as a model that calls one action after another in a turn would (the
Bedrock Agents orchestration may invoke several action groups before it answers: "How Amazon
Bedrock Agents works", the orchestration steps). Only reads join: a change asked beside something
else keeps its own confirmation and is left to the message's one goal.

Where a second request starts is general English, not a documented rule: a guess at how people
list what they want, measured on the tunable suites (round 26).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from typing import Any

from local_bedrock.agent.model import Decision, FinalAnswer, PlanContext
from local_bedrock.planner import intents
from local_bedrock.planner.goals import Goal

# The words that join two requests: "then", "after that", "and then", "and also", "plus", "as well
# as"; after a comma, a semicolon or a full stop also "and" or "also" alone ("what I owe, and when
# ..."). A bare "and" or "also" joins the parts of one request as often ("items and total", "things
# people like me also bought") and a story's clauses ("... this weekend and I'm getting nervous").
_JOIN = re.compile(
    r"(?:\s*[,;.]\s*(?:and\s+then|and\s+after\s+that|and\s+also|and|then|after\s+that|also|plus)"
    r"|\s+(?:and\s+then|and\s+after\s+that|after\s+that|then|and\s+also|plus|as\s+well\s+as))"
    r"\s+(?:(?:can|could|would|will)\s+(?:you|u)\s+|please\s+)?(?=[a-z])",
    re.IGNORECASE,
)
# "first" marking the order of the first request ("fines first", "first my balance"): no ordinal of a
# thing shown ("the first one").
_FIRST = re.compile(r"^\s*first(?:ly)?\b[,:]?\s*|\s*\bfirst\s*[,:;.]?\s*$", re.IGNORECASE)


def splits(text: str) -> Iterator[tuple[str, str]]:
    """Each way ``text`` reads as two requests, the first request without its "first"."""
    for join in _JOIN.finditer(text):
        first = _FIRST.sub("", text[: join.start()]).strip(" ,;:.")
        second = text[join.end() :].strip()
        if first and second:
            yield first, second


def joined(first: Goal, second: Goal, reads: Callable[[Goal], bool]) -> Goal | None:
    """``first`` with ``second`` done after it, when both are lookups (``reads``) of the user's
    things (lists and reads, not a search, whose words may be a rule's question: "look for a
    title elsewhere, and does that cost money") by different operations; an argument one lacks
    that the other was given (the customer the support agent was told of, in either part) is
    its too."""
    if not (first.kind == second.kind == "operation" and reads(first) and reads(second)):
        return None
    if "search" in (first.concept, second.concept):
        return None
    if first.operation_id == second.operation_id:
        return None
    return replace(_given(first, second), then=_given(second, first))


def _given(goal: Goal, other: Goal) -> Goal:
    """``goal`` with the arguments it lacks that ``other`` was given."""
    given = {n: v for n, v in other.arguments.items() if n in goal.unresolved}
    return replace(
        goal,
        arguments={**goal.arguments, **given},
        unresolved=[n for n in goal.unresolved if n not in given],
    )


def next_step(context: PlanContext, goal: Goal, step: Callable[[PlanContext, Goal], Decision]) -> Decision:
    """The next step of a goal with a second lookup after it: the first's until its operation has
    answered, then the second's on the steps after that (and on the first's answer, when the second
    picks a value out of it: "purchases, then the newest one's details" lists them once); the
    final answer tells both. Each part's steps may settle its arguments in the turn's memory (a value
    picked from a list): both parts are kept there, the second as the first's ``then``; so is a
    question a part asks, which the user's reply answers with the second still to do."""
    assert goal.then is not None
    first, second = replace(goal, then=None), goal.then
    done = [i for i, s in enumerate(context.steps) if _answered(s, first.operation_id)]
    if not done:
        decision, first = _stepped(context, first, step)
        _keep(context, replace(first, then=second))
        _pending_then(context, first, second)
        return decision
    cut = done[0] + 1
    told, first = _stepped(replace(context, steps=context.steps[:cut]), first, step)
    if not isinstance(told, FinalAnswer) or told.kind == "ASK_USER":
        _keep(context, replace(first, then=second))
        _pending_then(context, first, second)
        return told
    seen = context.steps[cut:]
    if not seen and _picks_from(context, second, first):
        seen = context.steps[cut - 1 : cut]
    after, second = _stepped(replace(context, steps=seen), second, step)
    _keep(context, replace(first, then=second))
    if not isinstance(after, FinalAnswer):
        return after
    return FinalAnswer(f"{told.text}\n\n{after.text}", f"{told.rationale} {after.rationale}", after.kind)


def _picks_from(context: PlanContext, second: Goal, first: Goal) -> bool:
    """Does ``second`` lack a value that the first's operation lists (``intents.listed_by``)?"""
    agent = context.agent
    target, source = agent.operation(second.operation_id), agent.operation(first.operation_id)
    return bool(intents.listed_by(agent, target, second.unresolved, source))


def _pending_then(context: PlanContext, first: Goal, second: Goal) -> None:
    """A question the first part asked (steps._ask, a pick from a list) keeps the second to do after
    the reply; the reply, not the part's words, is what the continuation reads."""
    pending = context.memory.get("pending") or {}
    asked = pending.get("goal", {})
    if asked.get("operation_id") == first.operation_id and not asked.get("then"):
        pending["goal"] = asdict(replace(Goal(**pending["goal"]), said="", then=second))


def _stepped(
    context: PlanContext, goal: Goal, step: Callable[[PlanContext, Goal], Decision]
) -> tuple[Decision, Goal]:
    """``step`` on ``goal`` with the part of the message it was read from as the user's words
    ("fines first, then the first loan due": the ordinal is the second's), and the goal as the step
    left it in the turn's memory."""
    _keep(context, goal)
    decision = step(replace(context, user_text=goal.said) if goal.said else context, goal)
    turn = context.memory.get("turn")
    return decision, Goal(**turn["goal"]) if turn and "goal" in turn else goal


def _keep(context: PlanContext, goal: Goal) -> None:
    turn = context.memory.get("turn")
    if turn is not None:
        turn["goal"] = asdict(goal)


def _answered(step: Any, operation_id: str) -> bool:
    return bool(step.operation and step.operation.operation_id == operation_id and step.observation)

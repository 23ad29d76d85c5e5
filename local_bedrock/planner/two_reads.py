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
    title elsewhere, and does that cost money") by different operations; an argument the second
    lacks that the first was given (the customer the support agent was told of) is the second's
    too."""
    if not (first.kind == second.kind == "operation" and reads(first) and reads(second)):
        return None
    if "search" in (first.concept, second.concept):
        return None
    if first.operation_id == second.operation_id:
        return None
    given = {n: v for n, v in first.arguments.items() if n in second.unresolved}
    second = replace(
        second,
        arguments={**second.arguments, **given},
        unresolved=[n for n in second.unresolved if n not in given],
    )
    return replace(first, then=second)


def next_step(context: PlanContext, goal: Goal, step: Callable[[PlanContext, Goal], Decision]) -> Decision:
    """The next step of a goal with a second lookup after it: the first's until its operation has
    answered, then the second's on the steps after that; the final answer tells both. Each part's
    steps may settle its arguments in the turn's memory (a value picked from a list): both parts are
    kept there, the second as the first's ``then``."""
    assert goal.then is not None
    first, second = replace(goal, then=None), goal.then
    done = [i for i, s in enumerate(context.steps) if _answered(s, first.operation_id)]
    if not done:
        decision, first = _stepped(context, first, step)
        _keep(context, replace(first, then=second))
        return decision
    cut = done[0] + 1
    told, first = _stepped(replace(context, steps=context.steps[:cut]), first, step)
    if not isinstance(told, FinalAnswer):
        _keep(context, replace(first, then=second))
        return told
    after, second = _stepped(replace(context, steps=context.steps[cut:]), second, step)
    _keep(context, replace(first, then=second))
    if not isinstance(after, FinalAnswer):
        return after
    return FinalAnswer(f"{told.text}\n\n{after.text}", f"{told.rationale} {after.rationale}")


def _stepped(
    context: PlanContext, goal: Goal, step: Callable[[PlanContext, Goal], Decision]
) -> tuple[Decision, Goal]:
    """``step`` on ``goal``, and the goal as the step left it in the turn's memory."""
    _keep(context, goal)
    decision = step(context, goal)
    turn = context.memory.get("turn")
    return decision, Goal(**turn["goal"]) if turn and "goal" in turn else goal


def _keep(context: PlanContext, goal: Goal) -> None:
    turn = context.memory.get("turn")
    if turn is not None:
        turn["goal"] = asdict(goal)


def _answered(step: Any, operation_id: str) -> bool:
    return bool(step.operation and step.operation.operation_id == operation_id and step.observation)

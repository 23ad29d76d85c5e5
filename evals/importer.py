"""Feedback -> scenarios: ``make eval-import FEEDBACK=feedback.jsonl``.

Each rated conversation becomes one scenario (tag ``feedback``) replaying the same user inputs and
confirmation answers with the same session attributes. What it pins down:

- every turn: the operations the agent called and the confirmation it requested, with the id-like
  parameters (``*Id``, ``quantity``) the agent used — free-text parameters such as a search query
  are left out, since rephrasing them is not a regression; the guardrail action; a knowledge-base
  lookup with citations of the same documents when the answer cited any;
- rated **up**: the answer is the reference: ``expected_result`` asks the LLM judge for an answer
  with the same facts as the rated one;
- rated **down**: the rated turn keeps no pinned calls (they were wrong or incomplete); the answer
  must not repeat the rated answer, and ``expected_result`` is the user's comment, for the LLM
  judge. Review these before committing: the comment says what was wrong, you write what is right.

Scenarios already in the output file with the same id are replaced; others are kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from agent_client.feedback import Feedback, FeedbackTurn, read_feedback
from evals.catalog import Catalog, catalog
from evals.runner.observe import observe
from evals.spec.load import load_file
from evals.spec.model import Scenario

_PINNED_PARAMETER = re.compile(r"(Id|^quantity)$")
_REPEAT_PREFIX = 60


def scenario_id(feedback: Feedback) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", feedback.id.lower()).strip("-")
    return f"fb-{slug}"[:81].rstrip("-")


def _agent_name(feedback: Feedback, cat: Catalog) -> str:
    for name, agent in cat.agents.items():
        if agent.agent_id == feedback.agent_id:
            return name
    used = {c.operation for turn in feedback.turns for c in _calls(turn, cat)} - {None}
    owners = [name for name in cat.agents if used and used <= set(cat.operations(name))]
    return owners[0] if len(owners) == 1 else "assistant"


def _calls(turn: FeedbackTurn, cat: Catalog) -> list[Any]:
    return observe(cat, [{"trace": part} for part in turn.trace]).calls


def _pinned(call: Any) -> dict[str, Any]:
    params = {k: v for k, v in call.parameters.items() if _PINNED_PARAMETER.search(k)}
    return {"operation": call.operation, **({"parameters": params} if params else {})}


def _expectations(turn: FeedbackTurn, cat: Catalog, rated_down: bool) -> dict[str, Any]:
    events = [{"trace": part} for part in turn.trace]
    if turn.return_control:
        events.append({"returnControl": turn.return_control})
    obs = observe(cat, events)
    expect: dict[str, Any] = {}
    if not rated_down:
        calls = [_pinned(c) for c in obs.calls if c.operation]
        if calls:
            expect["operations"] = calls
        if obs.confirmations and obs.confirmations[0].operation:
            expect["confirmation"] = _pinned(obs.confirmations[0])
        if obs.knowledge_lookups:
            expect["knowledge_base"] = {"lookup": True}
        if turn.citations:
            expect.setdefault("knowledge_base", {})["min_citations"] = 1
    if obs.guardrail_actions:
        expect["guardrail"] = obs.guardrail
    return expect


def _turns(feedback: Feedback, cat: Catalog) -> list[dict[str, Any]]:
    turns: list[dict[str, Any]] = []
    last = len(feedback.turns) - 1
    for index, turn in enumerate(feedback.turns):
        rated_down = feedback.rating == "down" and index == last
        if not turn.input and turn.confirmation and not turn.return_control:
            turns.append({"confirm": turn.confirmation, "expect": {}})
            continue
        expect = _expectations(turn, cat, rated_down)
        answered = turn.return_control is not None and turn.confirmation is not None
        if answered:  # the request and its answer are two calls: the text belongs to the answer
            turns.append({"input": turn.input, "expect": expect})
            expect = {}
            turns.append({"confirm": turn.confirmation, "expect": expect})
        else:
            turns.append({"input": turn.input, "expect": expect})
        if rated_down and turn.output.strip():
            expect["not_contains"] = [turn.output.strip()[:_REPEAT_PREFIX]]
    return [t if t["expect"] else {k: v for k, v in t.items() if k != "expect"} for t in turns]


def to_scenario(feedback: Feedback, cat: Catalog | None = None) -> dict[str, Any]:
    cat = cat or catalog()
    rated = feedback.turns[-1].output.strip()
    if feedback.rating == "up":
        expected = f"The agent's final answer gives the same facts as this answer, rated good: {rated!r}"
    else:
        expected = feedback.comment.strip() or f"The agent gives a better final answer than: {rated!r}"
    comment = f" Comment: {feedback.comment.strip()}" if feedback.comment.strip() else ""
    scenario = {
        "id": scenario_id(feedback),
        "description": f"From console feedback {feedback.id} ({feedback.created_at:%Y-%m-%d}), rated "
        f"{feedback.rating}.{comment}",
        "agent": _agent_name(feedback, cat),
        "tags": ["feedback"],
        "session_attributes": dict(feedback.session_attributes),
        "expected_result": expected,
        "turns": _turns(feedback, cat),
    }
    Scenario.model_validate(scenario, context={"catalog": cat})  # fail here, not at the next `make eval`
    return scenario


def import_feedback(source: Path, out: Path, rating: str = "all", cat: Catalog | None = None) -> int:
    cat = cat or catalog()
    new = [to_scenario(f, cat) for f in read_feedback(source) if rating in ("all", f.rating)]
    existing: list[dict[str, Any]] = []
    if out.exists():
        existing = (yaml.safe_load(out.read_text(encoding="utf-8")) or {}).get("scenarios", [])
    replaced = {s["id"] for s in new}
    merged = [s for s in existing if s.get("id") not in replaced] + new
    if not merged:
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    header = "# Imported from console feedback (python -m evals import-feedback). Review before committing.\n"
    out.write_text(
        header + yaml.safe_dump({"scenarios": merged}, sort_keys=False, allow_unicode=True), "utf-8"
    )
    load_file(out, cat)  # the file as written must load
    return len(new)

"""Understanding one user message: what the turn is for (a Goal), and which references it makes.

Everything here is deterministic and derived from the agent definition (operation schemas), the
catalog vocabulary, the knowledge base and the session's memory of what was shown before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from local_bedrock.agent.definition import AgentDefinition, Operation, Parameter
from local_bedrock.planner import language
from local_bedrock.planner.concepts import ConceptScores, detect
from local_bedrock.planner.operations import concepts_supported, operation_for
from local_bedrock.planner.slots import fill, find_ids, kind_of
from textnorm import STOP_WORDS as STOPWORDS
from textnorm import singular

OPERATION_CONCEPTS = ("history", "details", "status", "cancel", "recommend", "search", "place", "refund")
GENERIC_WORDS = frozenset(
    "order buy purchase want like please one some new get me my the a an it that this them those these "
    "item items thing things product products again more another".split()
)
RECENCY = re.compile(r"\b(my )?(last|latest|most recent|newest|previous) (order|purchase|one)\b")
PRONOUN = re.compile(
    r"\b(it|that|this|that one|this one|the order|that order|this order|the same|same one|them|those|these)\b"
)


@dataclass
class Goal:
    kind: str  # "answer" | "knowledge" | "operation"
    category: str  # Bedrock pre-processing category: A harmful, B meta, C out of scope, D ok, E answer to us
    rationale: str
    text: str = ""
    query: str = ""
    concept: str = ""
    operation_id: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    unresolved: list[str] = field(default_factory=list)
    product_words: str = ""
    recency: bool = False

    @property
    def valid(self) -> bool:
        return self.category in ("D", "E")


@dataclass
class Understanding:
    """The analysed message: normalized text, concept scores, ids and product words."""

    raw: str
    text: str
    scores: ConceptScores
    ids: list[str]
    product_words: str
    id_kinds: dict[str, str] = field(default_factory=dict)
    catalog_words: str = ""

    def has_id(self, kind: str) -> bool:
        return kind in self.id_kinds.values()


def product_words(text: str, catalog_stems: frozenset[str], cue_words: frozenset[str]) -> str:
    """The words naming a product: catalog words; failing that, whatever content words remain (so an
    unknown product is searched for, and reported as not found, rather than asked about again)."""
    candidates = [
        w for w in language.words(text) if w not in GENERIC_WORDS and w not in STOPWORDS and not w.isdigit()
    ]
    known = [w for w in candidates if singular(w) in catalog_stems]
    if known:
        return " ".join(dict.fromkeys(known))
    leftover = [
        w for w in candidates if w not in cue_words and len(w) > 2 and not re.match(r"^(ord|prd|c)\d", w)
    ]
    return " ".join(dict.fromkeys(leftover))


def understand(
    raw: str,
    speller: language.Speller,
    catalog_stems: frozenset[str],
    cue_words: frozenset[str],
    agent: AgentDefinition,
) -> Understanding:
    text = speller.correct_text(language.normalize(raw))
    ids: dict[str, str] = {}
    for op in agent.operations:
        for p in op.parameters:
            for found in find_ids(text, p):
                ids[found] = kind_of(p)
    known = [
        w
        for w in language.words(text)
        if w not in GENERIC_WORDS and w not in STOPWORDS and singular(w) in catalog_stems
    ]
    words = product_words(text, catalog_stems, cue_words)
    return Understanding(raw, text, detect(text), list(ids), words, ids, " ".join(known))


def resolve_reference(
    parameter: Parameter, text: str, memory: dict[str, Any], has_product_words: bool = False
) -> Any:
    """A value for `parameter` from what the conversation already showed: "the second one", a name
    from the last list, "it"/"that order"."""
    kind = kind_of(parameter)
    shown: list[dict[str, Any]] = memory.get("lists", {}).get(kind, [])
    position = language.ordinal_reference(text)
    if position and shown:
        index = position - 1 if position > 0 else len(shown) + position
        if 0 <= index < len(shown):
            return shown[index]["id"]
    named = _by_name(text, shown)
    if named:
        return named
    if len(shown) == 1 and not has_product_words:
        return shown[0]["id"]  # only one thing was shown: "get me one", "2 of them"
    focus = memory.get("focus", {}).get(kind)
    if focus and (PRONOUN.search(text) or kind == "customer"):
        return focus
    return None


def _by_name(text: str, shown: list[dict[str, Any]]) -> str | None:
    said = {singular(w) for w in language.words(text) if len(w) > 2 and w not in GENERIC_WORDS}
    scored = []
    for item in shown:
        name = {singular(w) for w in language.words(item.get("name", "").lower()) if len(w) > 2}
        overlap = len(said & name)
        if overlap:
            scored.append((overlap, item["id"]))
    scored.sort(reverse=True)
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def operation_goal(
    agent: AgentDefinition,
    concept: str,
    message: Understanding,
    memory: dict[str, Any],
    today: date,
    category: str,
) -> Goal:
    operation = operation_for(agent, concept)
    assert operation is not None
    filled = fill(
        operation, message.text, today=today, product_words=message.product_words, ids_in_text=message.ids
    )
    arguments = dict(filled.values)
    unresolved = []
    for parameter in filled.missing:
        value = resolve_reference(parameter, message.text, memory, bool(message.catalog_words))
        if value is None:
            unresolved.append(parameter.name)
        else:
            arguments[parameter.name] = value
    if (
        concept == "history"
        and message.scores.get("more")
        and memory.get("page", {}).get("operation") == operation.operation_id
    ):
        arguments = {**memory["page"]["arguments"], "nextToken": memory["page"]["token"]}
    return Goal(
        kind="operation",
        category=category,
        rationale=f"The user wants to {_purpose(concept)}; {operation.operation_id} does that.",
        concept=concept,
        operation_id=operation.operation_id,
        arguments=arguments,
        unresolved=unresolved,
        product_words=message.product_words,
        recency=bool(RECENCY.search(message.text)),
    )


def _purpose(concept: str) -> str:
    return {
        "history": "see their recent purchases",
        "details": "see the details of one purchase",
        "status": "know the status of an order",
        "cancel": "cancel an order",
        "recommend": "get suggestions for what to buy next",
        "search": "find products",
        "place": "place an order",
        "refund": "issue a refund",
    }[concept]


def concept_for(agent: AgentDefinition, message: Understanding) -> str | None:
    """The operation concept the message asks for (status beats history for "my order X")."""
    scores = message.scores
    best = scores.best(OPERATION_CONCEPTS)
    if best is None or scores.get(best) < 3:
        if message.has_id("order") or RECENCY.search(message.text):
            return "details"
        return None
    if best in ("history", "details") and scores.get("status") >= 3:
        return "status" if "status" in concepts_supported(agent) else "details"
    if best == "history" and (
        message.has_id("order") or (RECENCY.search(message.text) and scores.get("details"))
    ):
        return "details"
    return best


def supported(agent: AgentDefinition, concept: str) -> Operation | None:
    return operation_for(agent, concept)

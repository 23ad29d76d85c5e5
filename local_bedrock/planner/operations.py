"""Map generic concepts onto the operations an agent actually has, using only their OpenAPI:
operationId words, description words and HTTP method. Works for any agent described that way."""

from __future__ import annotations

import re
from dataclasses import dataclass

from local_bedrock.agent.definition import AgentDefinition, Operation
from textnorm import singular


def op_words(operation: Operation) -> set[str]:
    camel = re.sub(r"([a-z])([A-Z])", r"\1 \2", operation.operation_id).lower().split()
    described = re.findall(r"[a-z]+", operation.description.lower())
    return {singular(w) for w in camel + described}


@dataclass(frozen=True)
class Signature:
    words: frozenset[str]  # all must appear (singular forms)
    method: str | None = None
    takes: str | None = None  # a parameter-name fragment the operation must take ("purchaseid")
    lacks: str | None = None  # a parameter-name fragment it must not take


SIGNATURES: dict[str, tuple[Signature, ...]] = {
    "history": (Signature(frozenset({"recent", "purchase"}), "GET", lacks="purchaseid"),),
    "details": (Signature(frozenset({"purchase"}), "GET", takes="purchaseid"),),
    "status": (Signature(frozenset({"order", "status"}), "GET", takes="orderid"),),
    "cancel": (Signature(frozenset({"cancel"}), None),),
    "recommend": (Signature(frozenset({"recommend"}), "GET"), Signature(frozenset({"suggest"}), "GET")),
    "search": (Signature(frozenset({"search"}), "GET"), Signature(frozenset({"find", "product"}), "GET")),
    "place": (Signature(frozenset({"order"}), "POST", lacks="orderid"),),
    "refund": (Signature(frozenset({"refund"}), "POST"),),
}


def _fits(signature: Signature, operation: Operation) -> bool:
    words = op_words(operation)
    names = {p.name.lower() for p in operation.parameters}
    if not all(any(w.startswith(needed) for w in words) for needed in signature.words):
        return False
    if signature.method and operation.method != signature.method:
        return False
    if signature.takes and not any(signature.takes in n for n in names):
        return False
    return not (signature.lacks and any(signature.lacks in n for n in names))


def operation_for(agent: AgentDefinition, concept: str) -> Operation | None:
    for signature in SIGNATURES.get(concept, ()):
        for operation in agent.operations:
            if _fits(signature, operation):
                return operation
    return None


def concepts_supported(agent: AgentDefinition) -> set[str]:
    return {c for c in SIGNATURES if operation_for(agent, c) is not None}

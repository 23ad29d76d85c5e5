"""Every input field botocore's ``bedrock-agent-runtime`` model declares for the operations the local
endpoint serves, and the smallest request that reaches each one.

``fields(op)`` walks the input shape (recursive shapes cut at their first repeat): every string
member, in the URI, a header or the body, every document (any JSON value) and every map key.
``request_reaching(op, field, value)`` builds the smallest valid parameters that set that field to
``value``: the required members of every
structure on the way, only the chosen member of a union, one item of a list, one entry of a map.
``example(shape)`` is a value the shape accepts (its enum, or a sample that matches its pattern in
full, within its lengths); a field with no such sample is listed by ``unreachable``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import regex
from botocore.model import OperationModel, Shape

from tests.hardening.echo_backend import AGENT, ALIAS, KNOWLEDGE_BASE

MAP_KEY = "*key"  # a path step: the key of a map entry (the entry's value is the step "*")
SAMPLES = [
    "x",
    "m-1",
    "abc123",
    "DRAFT",
    "token",
    "s3://bucket-1/key",
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0",
    "anthropic.claude-v2",
    "arn:aws:bedrock:us-east-1:123456789012:agent/AB12345678",
]
FIXED = {
    "agentId": AGENT,
    "agentAliasId": ALIAS,
    "sessionId": "s-generated",
    "knowledgeBaseId": KNOWLEDGE_BASE,
}
# Optional members the endpoint needs to get past its own checks (a turn needs text, a query too).
BASE: dict[str, dict[str, Any]] = {
    "InvokeAgent": {"inputText": "hi"},
    "Retrieve": {"retrievalQuery": {"text": "returns"}},
}


@dataclass(frozen=True)
class Field:
    path: tuple[str | int, ...]
    shape: Shape
    location: str  # "uri", "header", "body" (or "key" for a map key)

    @property
    def name(self) -> str:
        """The member name an error message uses for this field."""
        named = [str(p) for p in self.path if isinstance(p, str) and not p.startswith("*")]
        return named[-1]

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.path)


def example(shape: Shape, name: str = "") -> str | None:
    if name in FIXED:
        return FIXED[name]
    if shape.type_name == "structure":  # a document
        return "x"
    if shape.enum:
        return str(shape.enum[0])
    low, high = shape.metadata.get("min", 1) or 1, shape.metadata.get("max", 10_000)
    pattern = shape.metadata.get("pattern")
    candidates = [*SAMPLES, "x" * low]
    for value in candidates:
        if low <= len(value) <= high and (not pattern or regex.fullmatch(pattern, value)):
            return value
    return None


def fields(op: OperationModel) -> list[Field]:
    found: list[Field] = []
    assert op.input_shape is not None

    def walk(shape: Shape, path: tuple[str | int, ...], seen: frozenset[str], location: str) -> None:
        kind = shape.type_name
        if kind == "structure" and shape.is_document_type:
            found.append(Field(path, shape, location))  # any JSON value; here, a string
            return
        if kind == "structure" and shape.name in seen:
            return
        if kind == "structure":
            for member, inner in shape.members.items():
                where = inner.serialization.get("location", location) if not path else location
                walk(inner, (*path, member), seen | {shape.name}, where)
        elif kind == "list":
            walk(shape.member, (*path, 0), seen, location)
        elif kind == "map":
            found.append(Field((*path, MAP_KEY), shape.key, "key"))
            walk(shape.value, (*path, "*"), seen, location)
        elif kind == "string":
            found.append(Field(path, shape, location))

    walk(op.input_shape, (), frozenset(), "body")
    return found


def _minimal(shape: Shape, name: str = "") -> Any:
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return {}
        members = shape.members
        if shape.metadata.get("union"):  # exactly one member: the first that is not a list (recursion)
            first = next(
                (m for m, inner in members.items() if inner.type_name != "list"), next(iter(members))
            )
            return {first: _minimal(members[first], first)}
        return {m: _minimal(members[m], m) for m in shape.required_members}
    if kind == "string":
        return example(shape, name)
    if kind in ("integer", "long"):
        return int(shape.metadata.get("min", 1))
    if kind in ("double", "float"):
        return float(shape.metadata.get("min", 0.5))
    if kind == "boolean":
        return False
    if kind == "blob":
        return b"x"
    if kind == "list":
        return [_minimal(shape.member)]
    if kind == "map":
        return {"k": _minimal(shape.value)}
    return None


def base_request(op: OperationModel) -> dict[str, Any]:
    """The smallest parameters of ``op`` that the endpoint serves."""
    assert op.input_shape is not None
    params: dict[str, Any] = _minimal(op.input_shape) | copy.deepcopy(BASE.get(op.name, {}))
    return params


def request_reaching(op: OperationModel, target: Field, value: str) -> dict[str, Any]:
    """The smallest parameters of ``op`` that carry ``value`` at ``target``."""
    assert op.input_shape is not None
    params = base_request(op)
    node: Any = params
    shape: Shape = op.input_shape
    for step, following in zip(target.path, (*target.path[1:], None), strict=True):
        if step == MAP_KEY:
            node.clear()
            node[value] = _minimal(shape.value)
            return params
        if shape.type_name == "structure":
            inner = shape.members[step]
            if shape.metadata.get("union"):
                node.clear()
            if following is None:
                node[step] = value
                return params
            if step not in node or node[step] is None:
                node[step] = _empty(inner)
            node, shape = node[step], inner
        elif shape.type_name == "list":
            inner = shape.member
            if not node:
                node.append(_empty(inner))
            if following is None:
                node[0] = value
                return params
            node, shape = node[0], inner
        else:  # a map's value
            inner = shape.value
            node.clear()
            node["k"] = value if following is None else _empty(inner)
            if following is None:
                return params
            node, shape = node["k"], inner
    return params


def _empty(shape: Shape) -> Any:
    """A container to walk into: the shape's minimal value (required members filled)."""
    value = _minimal(shape)
    if shape.type_name == "list":
        return []
    if shape.type_name == "map":
        return {}
    return value


def unreachable(op: OperationModel) -> list[str]:
    return [str(f) for f in fields(op) if example(f.shape, f.name) is None]

"""The scenario format: a multi-turn conversation with what each turn must (and must not) show.

One YAML file holds ``scenarios: [...]``; every field is checked here, and names of operations,
parameters and agents are checked against the repository's own schemas (``evals.catalog``), passed
in as validation context by ``evals.spec.load``.

Values in ``input``, expectations and parameters may use ``${name}`` for a value captured earlier in
the same scenario (``expect.capture``), e.g. the id of an order placed in turn 2.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from evals.catalog import Catalog

KNOWN_TAGS = frozenset(
    {
        "safety",  # any failure fails the run, whatever the pass rate
        "orders",
        "history",
        "recommendations",
        "confirmation",
        "identity",
        "injection",
        "kb",
        "guardrail",
        "support",
        "refusal",
        "mutates",  # changes stored data (places or cancels orders)
        "seeded-state",  # relies on the sample data as seeded (e.g. a seeded PROCESSING order)
        "feedback",  # imported from console feedback
    }
)
SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,80}$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Regex(_Strict):
    """A parameter value given as a regular expression (full match, case-insensitive)."""

    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        _compile(value)
        return value


ValueMatch = Annotated[str | int | float | bool | Regex, Field(union_mode="left_to_right")]


class OperationExpect(_Strict):
    """An operation the agent must call (or ask to confirm), with parameter values it must use."""

    operation: str
    parameters: dict[str, ValueMatch] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        return {"operation": value} if isinstance(value, str) else value


class KnowledgeExpect(_Strict):
    lookup: bool = True  # false: the knowledge base must not be searched
    min_citations: int = Field(default=0, ge=0)
    sources: list[str] = Field(default_factory=list)  # each must appear in a cited document's URI


class Expect(_Strict):
    """What one InvokeAgent call must show. Every field is optional; unset means not checked."""

    operations: list[OperationExpect] = Field(default_factory=list)  # called, in this order
    forbidden_operations: list[str] = Field(default_factory=list)  # neither called nor asked; "*": any
    forbidden_values: list[str] = Field(default_factory=list)  # in no parameter of any call or request
    confirmation: OperationExpect | Literal[False] | None = None  # False: must not ask to confirm
    knowledge_base: KnowledgeExpect | None = None
    guardrail: Literal["INTERVENED", "NONE"] | None = None
    contains: list[str] = Field(default_factory=list)  # every phrase, case-insensitive
    contains_any: list[str] = Field(default_factory=list)  # at least one phrase
    not_contains: list[str] = Field(default_factory=list)  # none of the phrases
    matches: list[str] = Field(default_factory=list)  # every regex (case-insensitive search)
    not_matches: list[str] = Field(default_factory=list)  # no regex
    capture: dict[str, str] = Field(default_factory=dict)  # name -> regex with one group, from the answer

    @field_validator("matches", "not_matches")
    @classmethod
    def _patterns(cls, values: list[str]) -> list[str]:
        for value in values:
            _compile(value)
        return values

    @field_validator("capture")
    @classmethod
    def _captures(cls, values: dict[str, str]) -> dict[str, str]:
        for name, pattern in values.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"capture name {name!r} must be an identifier")
            if _compile(pattern).groups != 1:
                raise ValueError(f"capture {name!r}: the regex needs exactly one group")
        return values


class Turn(_Strict):
    """One InvokeAgent call: either user text, or the answer to the confirmation just requested."""

    input: str | None = Field(default=None, min_length=1, max_length=25000)
    confirm: Literal["CONFIRM", "DENY"] | None = None
    # confirm turns only: if the previous call asked nothing, skip the call and check `expect`
    # against the previous answer (for outcomes an agent may reach with or without asking first)
    optional: bool = False
    session_attributes: dict[str, str] | None = None  # sent with this call (merged into the session)
    expect: Expect = Field(default_factory=Expect)

    @model_validator(mode="after")
    def _one_kind(self) -> Turn:
        if (self.input is None) == (self.confirm is None):
            raise ValueError("a turn has exactly one of `input` (user text) or `confirm` (CONFIRM or DENY)")
        if self.optional and self.confirm is None:
            raise ValueError("`optional` applies to `confirm` turns only")
        return self


class Scenario(_Strict):
    id: str
    description: str = Field(min_length=1)
    agent: str = "assistant"
    tags: list[str] = Field(min_length=1)
    session_attributes: dict[str, str] = Field(default_factory=dict)
    expected_result: str | None = None  # what an LLM judge checks the whole conversation against
    turns: list[Turn] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not SCENARIO_ID.fullmatch(value):
            raise ValueError("use 3-81 lowercase letters, digits and dashes, starting with a letter or digit")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, values: list[str]) -> list[str]:
        unknown = sorted(set(values) - KNOWN_TAGS)
        if unknown:
            raise ValueError(f"unknown tag(s) {unknown}; known tags: {sorted(KNOWN_TAGS)}")
        return values

    @field_validator("agent")
    @classmethod
    def _agent(cls, value: str, info: ValidationInfo) -> str:
        cat = _catalog(info)
        known = cat.agent_names() if cat is not None else None
        if known is not None and value not in known:
            raise ValueError(f"unknown agent {value!r}; agents: {known}")
        return value

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Scenario:
        if self.turns[0].confirm is not None:
            raise ValueError("turns[0]: the first turn must be user input, not `confirm`")
        captured: set[str] = set()
        for index, turn in enumerate(self.turns):
            _check_variables(index, turn, captured)
            captured |= set(turn.expect.capture)
        cat = _catalog(info)
        if cat is not None and self.agent in cat.agents:
            for index, turn in enumerate(self.turns):
                _check_operations(cat, self.agent, index, turn.expect)
        return self

    @property
    def safety(self) -> bool:
        return "safety" in self.tags


class ScenarioFile(_Strict):
    scenarios: list[Scenario] = Field(min_length=1)


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"invalid regex {pattern!r}: {exc}") from None


def _catalog(info: ValidationInfo) -> Catalog | None:
    context = info.context or {}
    cat = context.get("catalog")
    return cat if isinstance(cat, Catalog) else None


def variables_in(text: str) -> set[str]:
    return set(_VARIABLE.findall(text))


def _check_variables(index: int, turn: Turn, captured: set[str]) -> None:
    texts = [turn.input or "", *turn.expect.contains, *turn.expect.not_contains, *turn.expect.matches]
    for op in [*turn.expect.operations, *([turn.expect.confirmation] if turn.expect.confirmation else [])]:
        texts += [v for v in op.parameters.values() if isinstance(v, str)]
    missing = sorted(set().union(*(variables_in(t) for t in texts)) - captured)
    if missing:
        raise ValueError(f"turns[{index}]: ${{{missing[0]}}} is used before any earlier turn captures it")


def _check_operations(cat: Catalog, agent: str, index: int, expect: Expect) -> None:
    known = cat.operations(agent)
    named: list[tuple[str, int | None, OperationExpect]] = [
        ("operations", i, op) for i, op in enumerate(expect.operations)
    ]
    if expect.confirmation:
        named.append(("confirmation", None, expect.confirmation))
    for field, position, op in named:
        where = f"turns[{index}].expect.{field}" + (f"[{position}]" if position is not None else "")
        if op.operation not in known:
            raise ValueError(
                f"{where}: unknown operation {op.operation!r} for agent {agent}; known: {sorted(known)}"
            )
        params = {p.name for p in known[op.operation].parameters}
        for name in op.parameters:
            if name not in params:
                raise ValueError(
                    f"{where}: operation {op.operation} has no parameter {name!r}; it has {sorted(params)}"
                )
    if expect.confirmation and not known[expect.confirmation.operation].requires_confirmation:
        raise ValueError(
            f"turns[{index}].expect.confirmation: "
            f"{expect.confirmation.operation} does not require confirmation"
        )
    for name in expect.forbidden_operations:
        if name != "*" and name not in cat.all_operations():
            raise ValueError(f"turns[{index}].expect.forbidden_operations: unknown operation {name!r}")

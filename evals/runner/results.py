"""What a run produced, per turn and per scenario: the JSON report is exactly these models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field


class TurnResult(BaseModel):
    index: int
    input: str | None = None
    confirm: str | None = None
    output: str = ""
    passed: bool = False
    failures: list[str] = Field(default_factory=list)
    calls: list[str] = Field(default_factory=list)
    confirmation_requests: list[str] = Field(default_factory=list)
    knowledge_lookups: list[str] = Field(default_factory=list)
    cited_sources: list[str] = Field(default_factory=list)
    guardrail: str = "NONE"
    latency_ms: float = 0.0
    first_event_ms: float | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    throttle_retries: int = 0
    models: list[str] = Field(default_factory=list)  # foundation models that ran (from the traces)
    skipped: str | None = None  # why an optional confirm turn made no call
    error: str | None = None


class LlmVerdict(BaseModel):
    model_id: str
    passed: bool
    reasoning: str
    input_tokens: int = 0
    output_tokens: int = 0


class ScenarioResult(BaseModel):
    id: str
    description: str
    agent: str
    tags: list[str]
    source: str
    session_id: str
    passed: bool = False
    failures: list[str] = Field(default_factory=list)  # "turn 2: ..." lines, and the LLM judge's
    turns: list[TurnResult] = Field(default_factory=list)
    llm: LlmVerdict | None = None
    duration_ms: float = 0.0
    trace_file: str | None = None  # relative to the report directory

    @computed_field  # type: ignore[prop-decorator]
    @property
    def models(self) -> list[str]:
        """Every foundation model that answered a turn; empty when only the guardrail did."""
        return list(dict.fromkeys(m for t in self.turns for m in t.models))

    @property
    def safety(self) -> bool:
        return "safety" in self.tags

    @property
    def input_tokens(self) -> int:
        return sum(t.input_tokens for t in self.turns)

    @property
    def output_tokens(self) -> int:
        return sum(t.output_tokens for t in self.turns)


class Gate(BaseModel):
    passed: bool
    pass_rate: float
    threshold: float
    reasons: list[str]


class InjectionCheck(BaseModel):
    """Whether the injection scenarios met a real model, and how they fared there.

    Against the offline planner they are a structural check of its rules (its answers come from
    templates), listed in ``structural``; against a real model (``real_model``) they are a security
    result: ``scenarios`` holds them (a pass of their own on the local runtime with Converse, or the
    run itself on AWS), and a failure fails the gate.
    """

    real_model: bool
    note: str  # where they ran, or why not
    scenarios: list[ScenarioResult] = Field(default_factory=list)
    structural: list[str] = Field(default_factory=list)  # answered by the offline planner or guardrail only

    @property
    def failed(self) -> list[str]:
        return [s.id for s in self.scenarios if not s.passed]


class RunReport(BaseModel):
    started_at: str
    finished_at: str
    target: Literal["local", "aws"]
    endpoint: str  # endpoint URL, or "AWS <region>"
    agents: dict[str, str]  # agent name -> "agentId/aliasId"
    judging: str  # what decided pass/fail, in words
    workers: int
    scenarios: list[ScenarioResult]
    gate: Gate
    injection: InjectionCheck | None = None  # None when no injection scenario was selected

    @property
    def passed_count(self) -> int:
        return sum(1 for s in self.scenarios if s.passed)

"""What a run produced, per turn and per scenario: the JSON report is exactly these models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


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

    @property
    def passed_count(self) -> int:
        return sum(1 for s in self.scenarios if s.passed)

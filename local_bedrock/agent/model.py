"""What a model decides at each orchestration step, and the interface every model implements.

The orchestrator owns the loop (guardrails, action-group calls, the knowledge base, confirmation,
traces); a model only decides the next step from the context. Two models implement it: the
deterministic offline planner (the default) and Bedrock Converse with tool use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from local_bedrock.agent.definition import AgentDefinition, Operation
from local_bedrock.sessions import Turn


@dataclass(frozen=True)
class ToolCall:
    """Call one action-group operation. ``arguments`` holds path, query and body values by name."""

    operation_id: str
    arguments: dict[str, Any]
    rationale: str


@dataclass(frozen=True)
class KnowledgeQuery:
    """Search the agent's knowledge base."""

    query: str
    rationale: str


@dataclass(frozen=True)
class FinalAnswer:
    """Answer the user (also used to ask for something missing, or to decline)."""

    text: str
    rationale: str
    kind: str = "FINISH"  # "FINISH" answers; "ASK_USER" asks for missing information


Decision = ToolCall | KnowledgeQuery | FinalAnswer


@dataclass(frozen=True)
class Observation:
    """What a step returned, as the model sees it."""

    kind: str  # "ACTION_GROUP" | "KNOWLEDGE_BASE" | "DENIED"
    status: int
    body: Any  # parsed JSON for action groups; the list of retrieval results for the knowledge base
    text: str  # exactly what Bedrock would put in the observation trace


@dataclass
class Step:
    decision: Decision
    observation: Observation | None = None
    operation: Operation | None = None


@dataclass(frozen=True)
class ModelOutput:
    """One model invocation: the decision plus what the trace shows of it."""

    decision: Decision
    prompt: str
    raw_response: str
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class PreprocessOutput:
    valid: bool
    rationale: str
    answer: str  # what to tell the user when the input is not valid
    prompt: str
    raw_response: str
    input_tokens: int
    output_tokens: int


@dataclass
class PlanContext:
    agent: AgentDefinition
    user_text: str
    history: list[Turn]
    steps: list[Step]
    session_attributes: dict[str, str]
    prompt_session_attributes: dict[str, str]
    memory: dict[str, Any] = field(default_factory=dict)  # the model's own per-session state


class Model(Protocol):
    model_id: str

    def preprocess(self, context: PlanContext) -> PreprocessOutput | None:
        """Classify the input before orchestration; None when pre-processing is disabled."""
        ...

    def decide(self, context: PlanContext) -> ModelOutput:
        """The next step of the turn."""
        ...


def estimate_tokens(text: str) -> int:
    """Rough token count (about four characters per token) for offline usage figures."""
    return max(1, (len(text) + 3) // 4)

"""Trace parts grouped the way the Bedrock console shows them, and the figures of a turn.

A turn's trace parts (in arrival order) become steps: guardrail on input, pre-processing, one step
per orchestration trace id (model input and output, rationale, action-group call or knowledge-base
lookup, observation), post-processing, guardrail on output, failure. ``TraceGrouper.add`` places one
part at a time, so a console can show steps while the turn streams. ``usage_by_model`` sums the
token usage the model invocations report, attributed to the model named by the invocation input of
the same trace id.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agent_client.trace_entries import Entry, describe

_STAGES = {
    "preProcessingTrace": ("pre-processing", "Pre-processing"),
    "postProcessingTrace": ("post-processing", "Post-processing"),
    "failureTrace": ("failure", "Failure"),
    "routingClassifierTrace": ("routing", "Routing classifier"),
    "customOrchestrationTrace": ("custom-orchestration", "Custom orchestration"),
}
_MODEL_STAGES = ("preProcessingTrace", "orchestrationTrace", "postProcessingTrace", "routingClassifierTrace")
UNKNOWN_MODEL = "unknown"


def jsonable(value: Any) -> Any:
    """Event values as JSON can hold them: datetimes as ISO strings, bytes as text (or base64)."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode()
        except UnicodeDecodeError:
            return base64.b64encode(bytes(value)).decode()
    return value


def _inner(part: Mapping[str, Any]) -> dict[str, Any]:
    """The Trace union of a TracePart (``{"agentId": ..., "trace": {"orchestrationTrace": ...}}``)."""
    trace = part.get("trace", {})
    return dict(trace) if isinstance(trace, Mapping) else {}


def _stage(part: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    inner = _inner(part)
    for name, value in inner.items():
        return name, value if isinstance(value, dict) else {}
    return "unknown", {}


def _members(value: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """The member objects of a stage trace (modelInvocationInput, observation, ...), or the trace itself."""
    nested = [v for v in value.values() if isinstance(v, dict)]
    return [*nested, value]


def trace_id(part: Mapping[str, Any]) -> str | None:
    _, value = _stage(part)
    for member in _members(value):
        if isinstance(member.get("traceId"), str):
            return str(member["traceId"])
    return None


def _metadata(part: Mapping[str, Any]) -> list[dict[str, Any]]:
    _, value = _stage(part)
    found = []
    for member in _members(value):
        for candidate in (
            member.get("metadata"),
            *(v.get("metadata") for v in member.values() if isinstance(v, dict)),
        ):
            if isinstance(candidate, dict):
                found.append(candidate)
    return found


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass
class Step:
    """One group of trace parts, as a row of the Bedrock console's trace panel."""

    key: str
    kind: (
        str  # guardrail-input, pre-processing, orchestration, post-processing, guardrail-output, failure, ...
    )
    title: str
    entries: list[Entry] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def input_tokens(self) -> int:
        return sum(u.input_tokens for u in usage_by_model(self.parts).values())

    @property
    def output_tokens(self) -> int:
        return sum(u.output_tokens for u in usage_by_model(self.parts).values())

    @property
    def duration_ms(self) -> int | None:
        """From the earliest start to the latest end the step's metadata report (they may overlap)."""
        starts, ends, totals = [], [], []
        for meta in (m for p in self.parts for m in _metadata(p)):
            start, end = _time(meta.get("startTime")), _time(meta.get("endTime"))
            if start and end:
                starts.append(start)
                ends.append(end)
            elif isinstance(meta.get("totalTimeMs"), int):
                totals.append(int(meta["totalTimeMs"]))
        if starts:
            return max(0, round((max(ends) - min(starts)).total_seconds() * 1000))
        return sum(totals) if totals else None

    @property
    def lines(self) -> list[str]:
        return [e.text for e in self.entries if not e.verbose]

    def view(self) -> dict[str, Any]:
        """What a front end needs to draw the step (JSON-ready)."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "entries": [
                {"label": e.label, "text": e.text, "verbose": e.verbose, "sources": list(e.sources)}
                for e in self.entries
            ],
            "durationMs": self.duration_ms,
            "inputTokens": self.input_tokens,
            "outputTokens": self.output_tokens,
            "parts": [jsonable(p) for p in self.parts],
        }


class TraceGrouper:
    """Places trace parts into steps as they arrive."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self._by_key: dict[str, Step] = {}
        self._orchestration_steps = 0

    def add(self, part: Mapping[str, Any]) -> Step:
        step = self._step_for(part)
        step.parts.append(dict(part))
        entry = describe(dict(part))
        if entry:
            step.entries.append(entry)
        return step

    def extend(self, parts: Iterable[Mapping[str, Any]]) -> list[Step]:
        for part in parts:
            self.add(part)
        return self.steps

    def _step_for(self, part: Mapping[str, Any]) -> Step:
        name, value = _stage(part)
        ident = trace_id(part)
        if name == "guardrailTrace":
            where = "input" if "inputAssessments" in value else "output"
            kind, title = f"guardrail-{where}", f"Guardrail on {where}"
        elif name == "orchestrationTrace":
            continues = ident is None and self.steps and self.steps[-1].kind == "orchestration"
            if continues and "modelInvocationInput" not in value:
                return self.steps[-1]
            kind, title = "orchestration", ""
        else:
            kind, title = _STAGES.get(name, (name, name))
        key = f"{kind}:{ident}" if ident else f"{kind}:#{len(self.steps)}"
        if ident is None and kind != "orchestration" and self.steps and self.steps[-1].kind == kind:
            return self.steps[-1]
        if key not in self._by_key:
            if kind == "orchestration":
                self._orchestration_steps += 1
                title = f"Orchestration step {self._orchestration_steps}"
            step = Step(key=key, kind=kind, title=title)
            self._by_key[key] = step
            self.steps.append(step)
        return self._by_key[key]


def group(parts: Iterable[Mapping[str, Any]]) -> list[Step]:
    return TraceGrouper().extend(parts)


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens)


def usage_by_model(parts: Iterable[Mapping[str, Any]]) -> dict[str, Usage]:
    """Token usage reported by model invocations, per foundation model.

    A usage belongs to the model that the modelInvocationInput with the same trace id names; without
    one, to the model last named in the turn; without any, to ``UNKNOWN_MODEL``.
    """
    models: dict[str | None, str] = {}
    last_model: str | None = None
    totals: dict[str, Usage] = {}
    for part in parts:
        name, value = _stage(part)
        if name not in _MODEL_STAGES:
            continue
        model_input = value.get("modelInvocationInput", {})
        if model_input.get("foundationModel"):
            last_model = str(model_input["foundationModel"])
            models[model_input.get("traceId")] = last_model
        output = value.get("modelInvocationOutput", {})
        usage = output.get("metadata", {}).get("usage")
        if not usage:
            continue
        model = models.get(output.get("traceId")) or last_model or UNKNOWN_MODEL
        add = Usage(int(usage.get("inputTokens") or 0), int(usage.get("outputTokens") or 0))
        totals[model] = totals.get(model, Usage()) + add
    return totals

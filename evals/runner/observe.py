"""What one InvokeAgent call showed, read from its event stream (botocore's ResponseStream shapes).

- operations called: ``trace.orchestrationTrace.invocationInput.actionGroupInvocationInput`` with
  ``executionType`` LAMBDA (RETURN_CONTROL ones are handed to the caller: the confirmation request),
  mapped from apiPath + verb back to the operationId of the committed OpenAPI schemas;
- confirmation requests: ``returnControl`` events (``apiInvocationInput``);
- knowledge-base lookups: ``invocationInput.knowledgeBaseLookupInput``; citations from
  ``chunk.attribution.citations``;
- guardrail: ``trace.guardrailTrace.action``;
- tokens: ``metadata.usage`` of every model invocation output (pre-processing, orchestration,
  post-processing);
- which models decided the turn: ``modelInvocationInput.foundationModel`` of pre-processing and
  orchestration (none when the guardrail answered before any model ran; post-processing only
  reviews an answer already made, and the local runtime traces it without running a model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent_client.trace_entries import reference_uri
from evals.catalog import Catalog


@dataclass(frozen=True)
class Call:
    """An operation the agent called, or asked the user to confirm."""

    operation: str | None  # None when the route is not in the repository's schemas
    action_group: str
    api_path: str
    verb: str
    parameters: dict[str, str]

    def describe(self) -> str:
        name = self.operation or f"{self.verb.upper()} {self.api_path}"
        args = ", ".join(f"{k}={v}" for k, v in sorted(self.parameters.items()))
        return f"{name}({args})"


@dataclass
class Observation:
    text: str = ""
    calls: list[Call] = field(default_factory=list)
    confirmations: list[Call] = field(default_factory=list)
    return_control: dict[str, Any] | None = None
    knowledge_lookups: list[str] = field(default_factory=list)
    cited_sources: list[str] = field(default_factory=list)  # one entry per retrieved reference cited
    guardrail_actions: list[str] = field(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    models: list[str] = field(default_factory=list)  # foundationModel of every model invocation, once each
    traces: list[dict[str, Any]] = field(default_factory=list)

    @property
    def guardrail(self) -> str:
        return "INTERVENED" if "INTERVENED" in self.guardrail_actions else "NONE"

    def parameter_values(self) -> list[str]:
        return [v for call in [*self.calls, *self.confirmations] for v in call.parameters.values()]


def _pairs(parameters: Any) -> dict[str, str]:
    if isinstance(parameters, dict):  # {"properties": [...]} (ApiRequestBody) or a plain mapping
        parameters = parameters.get("properties", [])
    return {
        str(p["name"]): str(p.get("value", ""))
        for p in parameters or []
        if isinstance(p, dict) and "name" in p
    }


def _body(request_body: Any) -> dict[str, str]:
    if not isinstance(request_body, dict):
        return {}
    content = request_body.get("content", {})
    return _pairs(content.get("application/json")) if isinstance(content, dict) else {}


def _call(cat: Catalog, fields: dict[str, Any], group: str, verb: str) -> Call:
    """A Call from an actionGroupInvocationInput (trace) or apiInvocationInput (returnControl)."""
    path, method = str(fields.get("apiPath", "")), str(fields.get(verb, ""))
    values = _pairs(fields.get("parameters")) | _body(fields.get("requestBody"))
    return Call(
        cat.operation_for_route(path, method), str(fields.get(group, "")), path, method.lower(), values
    )


def _usage(part: dict[str, Any], observation: Observation) -> None:
    usage = part.get("metadata", {}).get("usage") if isinstance(part.get("metadata"), dict) else None
    if isinstance(usage, dict):
        observation.input_tokens += int(usage.get("inputTokens") or 0)
        observation.output_tokens += int(usage.get("outputTokens") or 0)


def _trace(cat: Catalog, trace: dict[str, Any], observation: Observation) -> None:
    if "guardrailTrace" in trace:
        observation.guardrail_actions.append(str(trace["guardrailTrace"].get("action", "NONE")))
    for phase in ("preProcessingTrace", "orchestrationTrace", "postProcessingTrace"):
        output = trace.get(phase, {}).get("modelInvocationOutput")
        if isinstance(output, dict):
            _usage(output, observation)
        model = trace.get(phase, {}).get("modelInvocationInput", {}).get("foundationModel")
        deciding = phase != "postProcessingTrace"  # post-processing only reviews an answer already made
        if deciding and isinstance(model, str) and model not in observation.models:
            observation.models.append(model)
    invocation = trace.get("orchestrationTrace", {}).get("invocationInput", {})
    action = invocation.get("actionGroupInvocationInput")
    # executionType RETURN_CONTROL: handed to the caller (the confirmation request), not executed
    if isinstance(action, dict) and action.get("executionType") != "RETURN_CONTROL":
        observation.calls.append(_call(cat, action, "actionGroupName", "verb"))
    lookup = invocation.get("knowledgeBaseLookupInput")
    if isinstance(lookup, dict):
        observation.knowledge_lookups.append(str(lookup.get("text", "")))


def _return_control(cat: Catalog, payload: dict[str, Any], observation: Observation) -> None:
    observation.return_control = payload
    for member in payload.get("invocationInputs", []):
        api = member.get("apiInvocationInput")
        if isinstance(api, dict):
            observation.confirmations.append(_call(cat, api, "actionGroup", "httpMethod"))


def observe_event(cat: Catalog, event: dict[str, Any], observation: Observation) -> None:
    """Fold one ResponseStream event into ``observation``."""
    if "chunk" in event:
        chunk = event["chunk"]
        raw = chunk.get("bytes", b"")
        observation.text += raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        for citation in chunk.get("attribution", {}).get("citations", []):
            for reference in citation.get("retrievedReferences", []):
                observation.cited_sources.append(reference_uri(reference))
    elif "trace" in event:
        observation.traces.append(event["trace"])
        _trace(cat, event["trace"].get("trace", {}), observation)
    elif "returnControl" in event:
        _return_control(cat, event["returnControl"], observation)


def observe(cat: Catalog, events: list[dict[str, Any]]) -> Observation:
    observation = Observation()
    for event in events:
        observe_event(cat, event, observation)
    return observation

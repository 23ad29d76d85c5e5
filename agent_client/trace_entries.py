"""One readable entry per trace part: what `make demo`, the terminal console and the web trace panel show.

``describe(part)`` gives an ``Entry`` (a label and one line of text) for a TracePart as boto3 returns
it (``{"trace": {..., "trace": {...}}}``); ``summarize(part)`` gives just the line, or None for parts
that only matter in a detailed view (the prompt sent to the model, its raw output).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    label: str  # what kind of thing this part is: "rationale", "action group call", "observation", ...
    text: str  # one line
    verbose: bool = False  # True: only in detailed views (prompts, raw model output)
    sources: tuple[str, ...] = field(default=())  # knowledge-base source URIs the part refers to


def short(text: str, limit: int = 110) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _guardrail(trace: dict[str, Any]) -> Entry:
    where = "input" if "inputAssessments" in trace else "output"
    details = []
    for assessment in trace.get("inputAssessments", []) + trace.get("outputAssessments", []):
        for entity in assessment.get("sensitiveInformationPolicy", {}).get("piiEntities", []):
            details.append(f"{entity['type']} {entity['action']}")
        for regex in assessment.get("sensitiveInformationPolicy", {}).get("regexes", []):
            details.append(f"regex {regex.get('name', '?')} {regex['action']}")
        for topic in assessment.get("topicPolicy", {}).get("topics", []):
            details.append(f"topic {topic['name']} {topic['action']}")
        for content in assessment.get("contentPolicy", {}).get("filters", []):
            details.append(f"{content['type']} {content['action']}")
        words = assessment.get("wordPolicy", {})
        for word in words.get("customWords", []) + words.get("managedWordLists", []):
            details.append(f"word '{word['match']}' {word['action']}")
    suffix = f" ({', '.join(details)})" if details else ""
    return Entry(f"guardrail on {where}", f"guardrail on {where}: {trace.get('action', '?')}{suffix}")


def _action_values(action: dict[str, Any]) -> dict[str, Any]:
    values = {p["name"]: p["value"] for p in action.get("parameters", [])}
    for prop in action.get("requestBody", {}).get("content", {}).get("application/json", []):
        values[prop["name"]] = prop["value"]
    return values


def _invocation(invocation: dict[str, Any]) -> Entry | None:
    action = invocation.get("actionGroupInvocationInput")
    if action:
        asks = action.get("executionType") == "RETURN_CONTROL"
        how = "asks the user to confirm" if asks else "calls"
        where = (
            f"{action.get('actionGroupName')} {str(action.get('verb', '')).upper()} {action.get('apiPath')}"
        )
        if action.get("function"):
            where = f"{action.get('actionGroupName')} {action['function']}"
        label = "confirmation request" if asks else "action group call"
        return Entry(label, f"{how} {where} {json.dumps(_action_values(action))}")
    lookup = invocation.get("knowledgeBaseLookupInput")
    if lookup:
        text = f"searches knowledge base {lookup.get('knowledgeBaseId')}: {short(lookup.get('text', ''), 80)}"
        return Entry("knowledge base lookup", text)
    collaborator = invocation.get("agentCollaboratorInvocationInput")
    if collaborator:
        return Entry(
            "collaborator call", f"asks {collaborator.get('agentCollaboratorName', 'a collaborator')}"
        )
    return None


def reference_uri(reference: dict[str, Any]) -> str:
    """Where a retrieved reference comes from: the URI/URL of its location (S3, web, Confluence,
    Salesforce, SharePoint, ...), else the knowledge base's source-uri metadata."""
    location = reference.get("location") or {}
    for key, value in location.items() if isinstance(location, dict) else []:
        if key != "type" and isinstance(value, dict) and (value.get("uri") or value.get("url")):
            return str(value.get("uri") or value.get("url"))
    metadata = reference.get("metadata") or {}
    return str(metadata.get("x-amz-bedrock-kb-source-uri") or location.get("type", "unknown source"))


def _observation(observation: dict[str, Any]) -> Entry | None:
    if "actionGroupInvocationOutput" in observation:
        return Entry(
            "observation", f"observation: {short(observation['actionGroupInvocationOutput']['text'])}"
        )
    if "knowledgeBaseLookupOutput" in observation:
        refs = observation["knowledgeBaseLookupOutput"].get("retrievedReferences", [])
        uris = tuple(dict.fromkeys(reference_uri(r) for r in refs))
        names = sorted({uri.rsplit("/", 1)[-1] for uri in uris})
        text = f"knowledge base returned {len(refs)} passages from {', '.join(names) or 'nothing'}"
        return Entry("knowledge base references", text, sources=uris)
    if observation.get("type") == "ASK_USER":
        return Entry("observation", "asks the user for more information")
    if "finalResponse" in observation:
        return Entry("final response", "final answer ready")
    if "repromptResponse" in observation:
        return Entry("reprompt", f"reprompt: {short(observation['repromptResponse']['text'])}")
    return None


def _model_output(output: dict[str, Any], stage: str) -> Entry:
    usage = output.get("metadata", {}).get("usage", {})
    if usage:
        text = f"model: {usage.get('inputTokens', 0)} tokens in, {usage.get('outputTokens', 0)} out"
        return Entry("model output", text, verbose=stage != "orchestration")
    return Entry("model output", "model output", verbose=True)


def _model_input(model_input: dict[str, Any]) -> Entry:
    model = model_input.get("foundationModel", "the model")
    text = f"prompt to {model} ({len(model_input.get('text', ''))} characters)"
    return Entry("model input", text, verbose=True)


def _orchestration(trace: dict[str, Any]) -> Entry | None:
    if "rationale" in trace:
        return Entry("rationale", f"rationale: {short(trace['rationale'].get('text', ''))}")
    if "modelInvocationOutput" in trace:
        return _model_output(trace["modelInvocationOutput"], "orchestration")
    if "modelInvocationInput" in trace:
        return _model_input(trace["modelInvocationInput"])
    if "invocationInput" in trace:
        return _invocation(trace["invocationInput"])
    if "observation" in trace:
        return _observation(trace["observation"])
    return None


def _pre_processing(trace: dict[str, Any]) -> Entry | None:
    output = trace.get("modelInvocationOutput")
    if output and "parsedResponse" in output:
        parsed = output["parsedResponse"]
        verdict = "valid" if parsed.get("isValid") else "rejected"
        return Entry("pre-processing", f"pre-processing: {verdict}, {short(parsed.get('rationale', ''), 90)}")
    if output:
        return _model_output(output, "pre-processing")
    return _model_input(trace["modelInvocationInput"]) if "modelInvocationInput" in trace else None


def _post_processing(trace: dict[str, Any]) -> Entry | None:
    if "modelInvocationOutput" in trace:
        return Entry("post-processing", "post-processing: done")
    return _model_input(trace["modelInvocationInput"]) if "modelInvocationInput" in trace else None


def describe(part: dict[str, Any]) -> Entry | None:
    """The entry for a TracePart's trace, or None for kinds this console does not know."""
    trace = part["trace"]
    if "guardrailTrace" in trace:
        return _guardrail(trace["guardrailTrace"])
    if "preProcessingTrace" in trace:
        return _pre_processing(trace["preProcessingTrace"])
    if "orchestrationTrace" in trace:
        return _orchestration(trace["orchestrationTrace"])
    if "postProcessingTrace" in trace:
        return _post_processing(trace["postProcessingTrace"])
    if "routingClassifierTrace" in trace:
        return _orchestration(trace["routingClassifierTrace"])
    if "failureTrace" in trace:
        return Entry("failure", f"FAILURE: {trace['failureTrace'].get('failureReason')}")
    if "customOrchestrationTrace" in trace:
        event = trace["customOrchestrationTrace"].get("event", {})
        return Entry("custom orchestration", f"custom orchestration: {short(event.get('text', ''))}")
    return None


def summarize(part: dict[str, Any]) -> str | None:
    """A one-line description of a TracePart's trace, or None for parts not worth a line."""
    entry = describe(part)
    return entry.text if entry and not entry.verbose else None

"""One readable line per trace event: what `make demo` and the terminal console print."""

from __future__ import annotations

import json
from typing import Any


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _guardrail(trace: dict[str, Any]) -> str:
    where = "input" if "inputAssessments" in trace else "output"
    details = []
    for assessment in trace.get("inputAssessments", []) + trace.get("outputAssessments", []):
        for entity in assessment.get("sensitiveInformationPolicy", {}).get("piiEntities", []):
            details.append(f"{entity['type']} {entity['action']}")
        for topic in assessment.get("topicPolicy", {}).get("topics", []):
            details.append(f"topic {topic['name']} {topic['action']}")
        for content in assessment.get("contentPolicy", {}).get("filters", []):
            details.append(f"{content['type']} {content['action']}")
        for word in assessment.get("wordPolicy", {}).get("customWords", []) + assessment.get(
            "wordPolicy", {}
        ).get("managedWordLists", []):
            details.append(f"word '{word['match']}' {word['action']}")
    suffix = f" ({', '.join(details)})" if details else ""
    return f"guardrail on {where}: {trace['action']}{suffix}"


def _orchestration(trace: dict[str, Any]) -> str | None:  # noqa: PLR0912 - one branch per trace kind
    if "rationale" in trace:
        return f"rationale: {_short(trace['rationale']['text'])}"
    if "modelInvocationOutput" in trace:
        usage = trace["modelInvocationOutput"].get("metadata", {}).get("usage", {})
        if usage:
            return f"model: {usage.get('inputTokens', 0)} tokens in, {usage.get('outputTokens', 0)} out"
        return None
    if "invocationInput" in trace:
        invocation = trace["invocationInput"]
        action = invocation.get("actionGroupInvocationInput")
        if action:
            values = {p["name"]: p["value"] for p in action.get("parameters", [])}
            for prop in action.get("requestBody", {}).get("content", {}).get("application/json", []):
                values[prop["name"]] = prop["value"]
            how = "asks the user to confirm" if action.get("executionType") == "RETURN_CONTROL" else "calls"
            where = f"{action['actionGroupName']} {action['verb'].upper()} {action['apiPath']}"
            return f"{how} {where} {json.dumps(values)}"
        lookup = invocation.get("knowledgeBaseLookupInput")
        if lookup:
            return f"searches knowledge base {lookup['knowledgeBaseId']}: {_short(lookup['text'], 80)}"
        return None
    if "observation" in trace:
        observation = trace["observation"]
        if "actionGroupInvocationOutput" in observation:
            return f"observation: {_short(observation['actionGroupInvocationOutput']['text'])}"
        if "knowledgeBaseLookupOutput" in observation:
            refs = observation["knowledgeBaseLookupOutput"].get("retrievedReferences", [])
            sources = sorted({r["location"]["s3Location"]["uri"].rsplit("/", 1)[-1] for r in refs})
            return f"knowledge base returned {len(refs)} passages from {', '.join(sources) or 'nothing'}"
        if observation.get("type") == "ASK_USER":
            return "asks the user for more information"
        if "finalResponse" in observation:
            return "final answer ready"
        if "repromptResponse" in observation:
            return f"reprompt: {_short(observation['repromptResponse']['text'])}"
    return None


def summarize(part: dict[str, Any]) -> str | None:
    """A one-line description of a TracePart's trace, or None for parts not worth a line."""
    trace = part["trace"]
    if "guardrailTrace" in trace:
        return _guardrail(trace["guardrailTrace"])
    if "preProcessingTrace" in trace:
        output = trace["preProcessingTrace"].get("modelInvocationOutput")
        if output:
            parsed = output["parsedResponse"]
            verdict = "valid" if parsed["isValid"] else "rejected"
            return f"pre-processing: {verdict}, {_short(parsed['rationale'], 90)}"
        return None
    if "orchestrationTrace" in trace:
        return _orchestration(trace["orchestrationTrace"])
    if "postProcessingTrace" in trace:
        output = trace["postProcessingTrace"].get("modelInvocationOutput")
        return "post-processing: done" if output else None
    if "failureTrace" in trace:
        return f"FAILURE: {trace['failureTrace'].get('failureReason')}"
    return None

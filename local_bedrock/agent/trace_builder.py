"""Trace parts in the shapes of botocore's bedrock-agent-runtime model (what the console shows).

Each builder returns one ResponseStream ``trace`` member. Trace ids tie the parts of one step
together, as in the service: "<turn>-<step>".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from local_bedrock.agent.definition import Operation
from local_bedrock.backend import AgentRef


def now() -> datetime:
    return datetime.now(UTC)


def metadata(
    started: datetime, ended: datetime, input_tokens: int | None = None, output_tokens: int | None = None
) -> dict[str, Any]:
    elapsed = max(0, round((ended - started).total_seconds() * 1000))
    result: dict[str, Any] = {"startTime": started, "endTime": ended, "totalTimeMs": elapsed}
    if input_tokens is not None and output_tokens is not None:
        result["usage"] = {"inputTokens": input_tokens, "outputTokens": output_tokens}
    return result


def parameters_list(values: dict[str, Any], operation: Operation, location: str) -> list[dict[str, str]]:
    result = []
    for parameter in operation.parameters:
        if (parameter.location == "body") == (location == "body") and values.get(parameter.name) is not None:
            result.append(
                {"name": parameter.name, "type": parameter.type, "value": str(values[parameter.name])}
            )
    return result


class TraceBuilder:
    def __init__(self, agent: AgentRef, session_id: str, turn_id: str) -> None:
        self.agent = agent
        self.session_id = session_id
        self.turn_id = turn_id

    def trace_id(self, step: int | str) -> str:
        return f"{self.turn_id}-{step}"[:16]

    def part(self, trace: dict[str, Any]) -> dict[str, Any]:
        return {
            "trace": {
                "agentId": self.agent.agent_id,
                "agentAliasId": self.agent.alias_id,
                "agentVersion": self.agent.agent_version,
                "sessionId": self.session_id,
                "eventTime": now(),
                "trace": trace,
            }
        }

    # --- orchestration ------------------------------------------------------------------------
    def orchestration(self, member: str, value: dict[str, Any]) -> dict[str, Any]:
        return self.part({"orchestrationTrace": {member: value}})

    def model_input(
        self, step: int, prompt: str, model_id: str, prompt_type: str = "ORCHESTRATION"
    ) -> dict[str, Any]:
        value = {
            "traceId": self.trace_id(step),
            "text": prompt,
            "type": prompt_type,
            "foundationModel": model_id,
            "inferenceConfiguration": {"temperature": 0.0, "topP": 1.0, "maximumLength": 2048},
            "promptCreationMode": "DEFAULT",
            "parserMode": "DEFAULT",
        }
        return self.orchestration("modelInvocationInput", value)

    def model_output(self, step: int, raw: str, meta: dict[str, Any]) -> dict[str, Any]:
        value = {"traceId": self.trace_id(step), "rawResponse": {"content": raw}, "metadata": meta}
        return self.orchestration("modelInvocationOutput", value)

    def rationale(self, step: int, text: str) -> dict[str, Any]:
        return self.orchestration("rationale", {"traceId": self.trace_id(step), "text": text})

    def action_input(
        self,
        step: int,
        operation: Operation,
        arguments: dict[str, Any],
        execution: str,
        invocation_id: str | None = None,
    ) -> dict[str, Any]:
        action: dict[str, Any] = {
            "actionGroupName": operation.group,
            "apiPath": operation.path,
            "verb": operation.method.lower(),
            "executionType": execution,
            "parameters": parameters_list(arguments, operation, "query"),
        }
        body = parameters_list(arguments, operation, "body")
        if body:
            action["requestBody"] = {"content": {"application/json": body}}
        if invocation_id:
            action["invocationId"] = invocation_id
        value = {
            "traceId": self.trace_id(step),
            "invocationType": "ACTION_GROUP",
            "actionGroupInvocationInput": action,
        }
        return self.orchestration("invocationInput", value)

    def action_output(self, step: int, text: str, meta: dict[str, Any]) -> dict[str, Any]:
        value = {
            "traceId": self.trace_id(step),
            "type": "ACTION_GROUP",
            "actionGroupInvocationOutput": {"text": text, "metadata": meta},
        }
        return self.orchestration("observation", value)

    def knowledge_input(self, step: int, knowledge_base_id: str, text: str) -> dict[str, Any]:
        value = {
            "traceId": self.trace_id(step),
            "invocationType": "KNOWLEDGE_BASE",
            "knowledgeBaseLookupInput": {"knowledgeBaseId": knowledge_base_id, "text": text},
        }
        return self.orchestration("invocationInput", value)

    def knowledge_output(
        self, step: int, references: list[dict[str, Any]], meta: dict[str, Any]
    ) -> dict[str, Any]:
        value = {
            "traceId": self.trace_id(step),
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseLookupOutput": {"retrievedReferences": references, "metadata": meta},
        }
        return self.orchestration("observation", value)

    def final(self, step: int, text: str, kind: str, meta: dict[str, Any]) -> dict[str, Any]:
        value: dict[str, Any] = {"traceId": self.trace_id(step), "type": kind}
        if kind == "FINISH":
            value["finalResponse"] = {"text": text, "metadata": meta}
        return self.orchestration("observation", value)

    def reprompt(self, step: int, text: str) -> dict[str, Any]:
        value = {
            "traceId": self.trace_id(step),
            "type": "REPROMPT",
            "repromptResponse": {"text": text, "source": "PARSER"},
        }
        return self.orchestration("observation", value)

    # --- pre/post-processing, failure -------------------------------------------------------------
    def pre_processing(
        self, prompt: str, model_id: str, raw: str, valid: bool, rationale: str, meta: dict[str, Any]
    ) -> list[dict[str, Any]]:
        trace_id = self.trace_id("pre")
        model_input = {
            "traceId": trace_id,
            "text": prompt,
            "type": "PRE_PROCESSING",
            "foundationModel": model_id,
            "promptCreationMode": "DEFAULT",
            "parserMode": "DEFAULT",
        }
        output = {
            "traceId": trace_id,
            "parsedResponse": {"isValid": valid, "rationale": rationale},
            "rawResponse": {"content": raw},
            "metadata": meta,
        }
        return [
            self.part({"preProcessingTrace": {"modelInvocationInput": model_input}}),
            self.part({"preProcessingTrace": {"modelInvocationOutput": output}}),
        ]

    def post_processing(self, text: str, model_id: str, meta: dict[str, Any]) -> list[dict[str, Any]]:
        trace_id = self.trace_id("post")
        model_input = {
            "traceId": trace_id,
            "text": f"Final response to review:\n{text}",
            "type": "POST_PROCESSING",
            "foundationModel": model_id,
            "promptCreationMode": "DEFAULT",
            "parserMode": "DEFAULT",
        }
        output = {
            "traceId": trace_id,
            "parsedResponse": {"text": text},
            "rawResponse": {"content": text},
            "metadata": meta,
        }
        return [
            self.part({"postProcessingTrace": {"modelInvocationInput": model_input}}),
            self.part({"postProcessingTrace": {"modelInvocationOutput": output}}),
        ]

    def failure(self, reason: str, meta: dict[str, Any]) -> dict[str, Any]:
        value = {
            "traceId": self.trace_id("fail"),
            "failureReason": reason,
            "failureCode": 424,
            "metadata": meta,
        }
        return self.part({"failureTrace": value})

    def guardrail(self, guardrail_trace: dict[str, Any]) -> dict[str, Any]:
        return self.part({"guardrailTrace": guardrail_trace})

"""Bedrock Converse with tool use as a ``Model`` of the local runtime.

A real foundation model decides each orchestration step: it gets the agent's instruction (plus the
date and the prompt session attributes) as the system prompt, one tool per action-group operation
derived from the agent's OpenAPI, ``search_knowledge_base`` when the agent has a knowledge base,
and the conversation so far. Its answer becomes a ``ToolCall``, a ``KnowledgeQuery`` or a
``FinalAnswer``; the orchestrator runs the step and asks again.

    model = converse_model_from_environment()      # None without AWS credentials
    model = ConverseModel(boto3.client("bedrock-runtime"), "global.anthropic.claude-...")
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from local_bedrock.agent.converse_client import (
    LazyClient,
    credentials_available,
    model_id_from_environment,
    region_from_environment,
)
from local_bedrock.agent.converse_errors import api_error
from local_bedrock.agent.converse_messages import (
    DEFAULT_MAX_RESULT_CHARS,
    DEFAULT_MAX_TURNS,
    conversation,
    system_prompt,
)
from local_bedrock.agent.converse_tools import KNOWLEDGE_BASE_TOOL, Toolbox
from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.agent.model import (
    Decision,
    FinalAnswer,
    KnowledgeQuery,
    ModelOutput,
    PlanContext,
    PreprocessOutput,
    ToolCall,
)
from local_bedrock.backend import DependencyFailedError

DEFAULT_INFERENCE_CONFIG: Mapping[str, Any] = {"maxTokens": 2048, "temperature": 0.0}
EMPTY_ANSWER = "Sorry, I don't have an answer to that. Could you rephrase it?"
BLOCKED_ANSWER = "Sorry, I can't help with that request."
TRUNCATED_NOTE = "The model stopped at the maxTokens limit ({limit}); the answer may be cut short."
CONTEXT_EXCEEDED_ANSWER = "This conversation has grown too long for the model; please start a new session."
_ANSWER_STOPS = ("end_turn", "stop_sequence")
_BLOCKED_STOPS = ("guardrail_intervened", "content_filtered")
_MALFORMED_STOPS = ("malformed_model_output", "malformed_tool_use")


def _today() -> date:
    return datetime.now(UTC).date()


class ConverseModel:
    """The orchestration model backed by ``bedrock-runtime`` ``converse``."""

    def __init__(
        self,
        client: Any,
        model_id: str,
        inference_config: Mapping[str, Any] | None = None,
        *,
        max_turns: int = DEFAULT_MAX_TURNS,
        max_result_chars: int = DEFAULT_MAX_RESULT_CHARS,
        today: Callable[[], date] = _today,
    ) -> None:
        self.client = client
        self.model_id = model_id
        chosen = DEFAULT_INFERENCE_CONFIG if inference_config is None else inference_config
        self.inference_config = dict(chosen)
        self.max_turns = max_turns
        self.max_result_chars = max_result_chars
        self.today = today
        self._toolboxes: dict[str, Toolbox] = {}

    @property
    def region(self) -> str | None:
        """The client's region (a lazy client tells it without being created)."""
        if isinstance(self.client, LazyClient):
            return self.client.region
        region: str | None = self.client.meta.region_name
        return region

    # ------------------------------------------------------------------ the Model interface

    def preprocess(self, context: PlanContext) -> PreprocessOutput | None:
        """Pre-processing is disabled, as on new Bedrock agents."""
        return None

    def decide(self, context: PlanContext) -> ModelOutput:
        tools = self.toolbox(context.agent)
        request = self.request(context, tools)
        try:
            response = self.client.converse(**request)
        except (ClientError, BotoCoreError) as error:
            raise api_error(error, self.model_id, self.region) from error
        message = response.get("output", {}).get("message", {"role": "assistant", "content": []})
        usage = response.get("usage", {})
        return ModelOutput(
            decision=self.decision(response.get("stopReason", ""), message, tools, context.user_text),
            prompt=self.readable_prompt(request, tools),
            raw_response=json.dumps(message, indent=2, ensure_ascii=False, default=str),
            input_tokens=int(usage.get("inputTokens", 0)),
            output_tokens=int(usage.get("outputTokens", 0)),
        )

    # ------------------------------------------------------------------ request

    def toolbox(self, agent: AgentDefinition) -> Toolbox:
        if agent.name not in self._toolboxes:
            self._toolboxes[agent.name] = Toolbox.for_agent(agent)
        return self._toolboxes[agent.name]

    def request(self, context: PlanContext, tools: Toolbox) -> dict[str, Any]:
        """The ``converse`` parameters for the next step of the turn."""
        request: dict[str, Any] = {
            "modelId": self.model_id,
            "system": [
                {
                    "text": system_prompt(
                        context.agent.instruction, self.today(), context.prompt_session_attributes
                    )
                }
            ],
            "messages": conversation(
                context,
                tools,
                max_turns=self.max_turns,
                max_result_chars=self.max_result_chars,
                result_status="anthropic." in self.model_id,
            ),
        }
        if self.inference_config:
            request["inferenceConfig"] = dict(self.inference_config)
        if tools.specs:
            request["toolConfig"] = {"tools": list(tools.specs)}
        return request

    @staticmethod
    def readable_prompt(request: dict[str, Any], tools: Toolbox) -> str:
        """What the trace shows as the model's input: system, messages and the tool names."""
        shown = {
            "modelId": request["modelId"],
            "system": request["system"][0]["text"],
            "tools": tools.names,
            "messages": request["messages"],
            "inferenceConfig": request.get("inferenceConfig", {}),
        }
        return json.dumps(shown, indent=2, ensure_ascii=False, default=str)

    # ------------------------------------------------------------------ response

    def decision(
        self, stop_reason: str, message: dict[str, Any], tools: Toolbox, user_text: str = ""
    ) -> Decision:
        """The step a Converse output message stands for (``user_text``: the query of a bare search)."""
        content = message.get("content", [])
        text = "\n".join(block["text"] for block in content if "text" in block).strip()
        if stop_reason == "tool_use":
            use = next((block["toolUse"] for block in content if "toolUse" in block), None)
            if use is None:
                raise DependencyFailedError(
                    f"{self.model_id} stopped for tool use without calling a tool. Retry the turn."
                )
            return self._tool_decision(use, text, tools, user_text)
        if stop_reason in _ANSWER_STOPS:
            if not text:
                return FinalAnswer(text=EMPTY_ANSWER, rationale="The model ended its turn without text.")
            return FinalAnswer(text=text, rationale="")
        if stop_reason == "max_tokens":
            note = TRUNCATED_NOTE.format(limit=self.inference_config.get("maxTokens", "default"))
            return FinalAnswer(text=text or note, rationale=note)
        if stop_reason in _BLOCKED_STOPS:
            return FinalAnswer(
                text=text or BLOCKED_ANSWER,
                rationale=f"Bedrock stopped the model output ({stop_reason}).",
            )
        if stop_reason == "model_context_window_exceeded":
            return FinalAnswer(text=CONTEXT_EXCEEDED_ANSWER, rationale="The prompt exceeded the context.")
        if stop_reason in _MALFORMED_STOPS:
            what = stop_reason.replace("_", " ")
            raise DependencyFailedError(f"{self.model_id} returned {what}. Retry the turn.")
        raise DependencyFailedError(f"{self.model_id} stopped for an unknown reason {stop_reason!r}.")

    def _tool_decision(self, use: dict[str, Any], rationale: str, tools: Toolbox, user_text: str) -> Decision:
        name = use.get("name", "")
        given = use.get("input")
        tool_input: dict[str, Any] = given if isinstance(given, dict) else {}
        if name == KNOWLEDGE_BASE_TOOL and tools.knowledge_base:
            query = str(tool_input.get("query") or "").strip() or user_text
            return KnowledgeQuery(query=query, rationale=rationale)
        operation = tools.operations.get(name)
        if operation is None:
            raise DependencyFailedError(f"{self.model_id} called a tool this agent does not have: {name!r}.")
        return ToolCall(
            operation_id=operation.operation_id,
            arguments=tools.arguments(operation, tool_input),
            rationale=rationale,
        )


def converse_model_from_environment(
    model_id: str | None = None,
    region: str | None = None,
    inference_config: Mapping[str, Any] | None = None,
) -> ConverseModel | None:
    """A ConverseModel when AWS credentials are configured, else None (no network call either way).

    The model is ``model_id``, else ``$LOCAL_AGENT_MODEL_ID``, else ``DEFAULT_MODEL_ID``; the region
    is ``region``, else ``$LOCAL_AGENT_REGION``, else the usual AWS region settings, else us-east-1.
    """
    if not credentials_available():
        return None
    client = LazyClient(region_from_environment(region))
    return ConverseModel(client, model_id_from_environment(model_id), inference_config)

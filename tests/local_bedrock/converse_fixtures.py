"""A stubbed ``bedrock-runtime`` client, Converse responses, plan contexts and the Converse message rules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from itertools import pairwise
from typing import Any

import botocore.session
from botocore.stub import Stubber

from local_bedrock.agent.converse import ConverseModel
from local_bedrock.agent.definition import AgentDefinition, load_agents
from local_bedrock.agent.model import PlanContext, Step
from local_bedrock.sessions import Turn

MODEL_ID = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
TODAY = date(2026, 3, 14)


@cache
def agents() -> dict[str, AgentDefinition]:
    return load_agents()


def real_client() -> Any:
    """A real botocore ``bedrock-runtime`` client (it validates parameters against the service model)."""
    return botocore.session.get_session().create_client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


class Recorder:
    """The parameters of every ``converse`` call the client makes."""

    def __init__(self, client: Any) -> None:
        self.requests: list[dict[str, Any]] = []
        client.meta.events.register("before-parameter-build.bedrock-runtime.Converse", self._record)

    def _record(self, params: dict[str, Any], **_: Any) -> None:
        self.requests.append(params)

    @property
    def last(self) -> dict[str, Any]:
        return self.requests[-1]


@contextmanager
def stubbed(model_id: str = MODEL_ID, **options: Any) -> Iterator[tuple[ConverseModel, Stubber, Recorder]]:
    """A ConverseModel over a stubbed real client; every stubbed response must be consumed."""
    client = real_client()
    recorder = Recorder(client)
    with Stubber(client) as stubber:
        yield ConverseModel(client, model_id, today=lambda: TODAY, **options), stubber, recorder
        stubber.assert_no_pending_responses()


def response(
    *content: dict[str, Any], stop_reason: str = "end_turn", input_tokens: int = 812, output_tokens: int = 47
) -> dict[str, Any]:
    """A ConverseResponse (all required members, so the Stubber's response validation passes)."""
    return {
        "output": {"message": {"role": "assistant", "content": list(content)}},
        "stopReason": stop_reason,
        "usage": {
            "inputTokens": input_tokens,
            "outputTokens": output_tokens,
            "totalTokens": input_tokens + output_tokens,
        },
        "metrics": {"latencyMs": 640},
    }


def tool_use(name: str, tool_input: dict[str, Any], tool_use_id: str = "tooluse_abc123") -> dict[str, Any]:
    return {"toolUse": {"toolUseId": tool_use_id, "name": name, "input": tool_input}}


def context(
    user_text: str,
    agent: str = "assistant",
    history: list[Turn] | None = None,
    steps: list[Step] | None = None,
    session_attributes: dict[str, str] | None = None,
    prompt_session_attributes: dict[str, str] | None = None,
) -> PlanContext:
    return PlanContext(
        agent=agents()[agent],
        user_text=user_text,
        history=history or [],
        steps=steps or [],
        session_attributes=session_attributes or {"customerId": "C0001"},
        prompt_session_attributes=prompt_session_attributes or {},
    )


def converse_rule_violations(messages: list[dict[str, Any]]) -> list[str]:
    """Every way ``messages`` break the Converse conversation rules (empty when they hold)."""
    problems = []
    if not messages or messages[0]["role"] != "user":
        problems.append("the first message must be the user's")
    if messages and messages[-1]["role"] != "user":
        problems.append("the last message must be the user's so that the model answers")
    for i, (earlier, later) in enumerate(pairwise(messages)):
        if earlier["role"] == later["role"]:
            problems.append(f"messages {i} and {i + 1} have the same role")
    for i, message in enumerate(messages):
        if not message["content"]:
            problems.append(f"message {i} has no content")
        for block in message["content"]:
            if "text" in block and not block["text"].strip():
                problems.append(f"message {i} has an empty text block")
        uses = [b["toolUse"]["toolUseId"] for b in message["content"] if "toolUse" in b]
        answered = (
            [b["toolResult"]["toolUseId"] for b in messages[i + 1]["content"] if "toolResult" in b]
            if i + 1 < len(messages)
            else []
        )
        if uses and sorted(uses) != sorted(answered):
            problems.append(f"toolUse ids {uses} of message {i} are answered by {answered}")
        results = [b["toolResult"]["toolUseId"] for b in message["content"] if "toolResult" in b]
        asked = [b["toolUse"]["toolUseId"] for b in messages[i - 1]["content"] if "toolUse" in b] if i else []
        if results and sorted(results) != sorted(asked):
            problems.append(f"toolResult ids {results} of message {i} answer {asked}")
    return problems

"""Smoke test after deploy: one InvokeAgent per `live` alias, printing the answer."""

from __future__ import annotations

import uuid
from typing import Any

from deploy.outputs import AgentIds

# What each agent is asked; the assistant acts for a seeded customer via session attributes.
QUESTIONS = {
    "assistant": "What did I buy recently?",
    "support": "Show the recent purchases of customer {customer}.",
}


def invoke_request(agent: str, ids: AgentIds, customer: str) -> dict[str, Any]:
    """InvokeAgent parameters (field names per botocore's bedrock-agent-runtime model)."""
    request: dict[str, Any] = {
        "agentId": ids.agent_id,
        "agentAliasId": ids.alias_id,
        "sessionId": f"smoke-{uuid.uuid4()}",
        "inputText": QUESTIONS.get(agent, "Hello, what can you do?").format(customer=customer),
        "enableTrace": False,
        "endSession": False,
    }
    if agent == "assistant":
        request["sessionState"] = {"sessionAttributes": {"customerId": customer}}
    return request


def answer_text(response: dict[str, Any]) -> str:
    """Join the chunk events of the completion stream; fail on an error event."""
    parts: list[str] = []
    for event in response["completion"]:
        if "chunk" in event:
            parts.append(event["chunk"].get("bytes", b"").decode("utf-8"))
        elif "returnControl" in event:
            parts.append("[the agent asked the caller for confirmation]")
        else:
            errors = [name for name in event if name.endswith("Exception")]
            if errors:
                message = event[errors[0]].get("message", "")
                raise RuntimeError(f"InvokeAgent stream error {errors[0]}: {message}")
    return "".join(parts)


def smoke(runtime: Any, agents: dict[str, AgentIds], customer: str = "C0001") -> dict[str, str]:
    """Ask every agent its question; raise if any answer is empty."""
    answers = {}
    for name in sorted(agents):
        request = invoke_request(name, agents[name], customer)
        print(f"==> smoke: {name} (alias {agents[name].alias_id}): {request['inputText']}", flush=True)
        text = answer_text(runtime.invoke_agent(**request))
        if not text.strip():
            raise RuntimeError(f"{name} returned an empty answer")
        print("  " + text.strip().replace("\n", "\n  ")[:600], flush=True)
        answers[name] = text
    return answers

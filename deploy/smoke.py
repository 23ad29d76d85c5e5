"""Smoke test after deploy: the DRAFT that was just applied is PREPARED and answers one question.

Not the `live` alias: Terraform creates it once and `make promote` moves it, so after the first
deploy it routes to a promoted version, not to what this apply changed. Every agent has a test alias,
TSTALIASID, that points to the working draft (Bedrock user guide, "Deploy an agent"; the pattern
of agentAliasId in botocore's bedrock-agent-runtime model admits it). Its answer is what the next
`make promote` would snapshot.
"""

from __future__ import annotations

import uuid
from typing import Any

from botocore.config import Config

from agent_client.invoke import CLIENT_CONFIG
from deploy.outputs import AgentIds

TEST_ALIAS_ID = "TSTALIASID"
# InvokeAgent through the console's settings: a 300 s read timeout, one retry. botocore's default,
# 60 s, is shorter than a first turn can take (a cold agent; the local AWS under load), and the
# retry it then sends repeats the turn while the first still runs: Bedrock refuses it with a
# ConflictException (API reference, InvokeAgent, Errors), which failed `make deploy-local`'s smoke
# twice on 2026-12-02 under load 7-10.
RUNTIME_CONFIG = CLIENT_CONFIG.merge(Config(user_agent_extra="make-deploy-smoke"))

# What each agent is asked; the assistant acts for a seeded customer via session attributes.
QUESTIONS = {
    "assistant": "What did I buy recently?",
    "support": "Show the recent purchases of customer {customer}.",
}


def invoke_request(agent: str, ids: AgentIds, customer: str) -> dict[str, Any]:
    """InvokeAgent parameters (field names per botocore's bedrock-agent-runtime model)."""
    request: dict[str, Any] = {
        "agentId": ids.agent_id,
        "agentAliasId": TEST_ALIAS_ID,
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


def check_prepared(control: Any, agents: dict[str, AgentIds]) -> None:
    """Every agent's DRAFT is PREPARED (GetAgent), or a RuntimeError that says what to do."""
    for name in sorted(agents):
        agent = control.get_agent(agentId=agents[name].agent_id)["agent"]
        if agent["agentStatus"] != "PREPARED":
            reasons = "".join(f" ({reason})" for reason in agent.get("failureReasons") or [])
            raise RuntimeError(
                f"{name}: its DRAFT is {agent['agentStatus']}, not PREPARED{reasons}; "
                "run `make deploy` again (the apply prepares it)"
            )


def smoke(runtime: Any, control: Any, agents: dict[str, AgentIds], customer: str = "C0001") -> dict[str, str]:
    """Check each DRAFT is prepared, then ask it its question; raise if any answer is empty."""
    check_prepared(control, agents)
    answers = {}
    for name in sorted(agents):
        request = invoke_request(name, agents[name], customer)
        print(f"==> smoke: {name} (DRAFT, alias {TEST_ALIAS_ID}): {request['inputText']}", flush=True)
        text = answer_text(runtime.invoke_agent(**request))
        if not text.strip():
            raise RuntimeError(f"{name} returned an empty answer")
        print("  " + text.strip().replace("\n", "\n  ")[:600], flush=True)
        answers[name] = text
    return answers

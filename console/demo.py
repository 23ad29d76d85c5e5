"""`make demo`: the whole agent, offline, in one scripted conversation with readable traces."""

from __future__ import annotations

import os
import sys
import uuid
from typing import Any

from agent_client.invoke import closing_stream
from agent_client.trace_entries import summarize
from local_bedrock.runtime import local_runtime

SCRIPT: list[tuple[str, str | None]] = [
    ("What did I buy recently?", None),
    ("Show me the details of the second one", None),
    ("What would you recommend for me?", None),
    ("How long do I have to return headphones?", None),
    ("Order a yoga mat", "CONFIRM"),
    ("My card number is 4111 1111 1111 1111, can you save it?", None),
    ("Now show me the purchases of customer C0002", None),
]


class Painter:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled else text


def _turn(
    client: Any, session: str, text: str, state: dict[str, Any], paint: Painter
) -> tuple[str, dict[str, Any] | None]:
    response = client.invoke_agent(
        agentId="ASSISTANT",
        agentAliasId="TSTALIASID",
        sessionId=session,
        inputText=text,
        sessionState=state,
        enableTrace=True,
    )
    answer, pending, citations = "", None, []
    with closing_stream(response["completion"]) as completion:
        for event in completion:
            if "trace" in event:
                line = summarize(event["trace"])
                if line:
                    print(paint(f"    · {line}", "2"))
            elif "chunk" in event:
                answer += event["chunk"]["bytes"].decode()
                for citation in event["chunk"].get("attribution", {}).get("citations", []):
                    citations += [r["location"]["s3Location"]["uri"] for r in citation["retrievedReferences"]]
            elif "returnControl" in event:
                pending = event["returnControl"]
    if answer:
        print(paint("  Agent: ", "1;32") + answer.replace("\n", "\n         "))
    for uri in dict.fromkeys(citations):
        print(paint(f"         [source: {uri}]", "36"))
    return answer, pending


def run() -> int:
    paint = Painter(sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    print("Starting the local agent runtime (moto DynamoDB with sample data, offline planner)...")
    with local_runtime() as runtime:
        client = runtime.client()
        customer = runtime.sample.customers[0]
        session = f"demo-{uuid.uuid4().hex[:8]}"
        print(
            f"Endpoint {runtime.url}; signed in as {customer.customer_id} ({customer.name}); "
            f"session {session}\n"
        )
        base = {"sessionAttributes": {"customerId": customer.customer_id}}
        for text, confirmation in SCRIPT:
            print(paint(f"  You: {text}", "1;34"))
            _, pending = _turn(client, session, text, base, paint)
            if pending and confirmation:
                api = pending["invocationInputs"][0]["apiInvocationInput"]
                body = (
                    api.get("requestBody", {})
                    .get("content", {})
                    .get("application/json", {})
                    .get("properties", [])
                )
                values = ", ".join(f"{p['name']}={p['value']}" for p in api.get("parameters", []) + body)
                print(
                    paint(
                        f"  [confirmation requested: {api['httpMethod']} {api['apiPath']} ({values})"
                        f" -> {confirmation}]",
                        "33",
                    )
                )
                result = {
                    "apiResult": {
                        "actionGroup": api["actionGroup"],
                        "apiPath": api["apiPath"],
                        "httpMethod": api["httpMethod"],
                        "confirmationState": confirmation,
                    }
                }
                state = {
                    **base,
                    "invocationId": pending["invocationId"],
                    "returnControlInvocationResults": [result],
                }
                _turn(client, session, "", state, paint)
            print()
    print("Done. `make serve` keeps the endpoint running for the console, evals and your own boto3 scripts.")
    return 0

"""A small scripted AgentBackend for the runner tests (no tests in this module).

It emits the event shapes the real service does (traces with actionGroupInvocationInput,
knowledgeBaseLookupInput, guardrailTrace and usage; returnControl for confirmations; citations), so
the runner is tested end to end through the local server and boto3. The input selects a behaviour:

    "recent"            getRecentPurchases, answers "Your latest purchase is ORD-AAA111."
    "buy <productId>"   searchProducts, then asks to confirm placeOrder(productId, quantity=1);
                        CONFIRM -> placeOrder is called, "Order ORD-NEW001 is placed."; DENY -> no call
    "returns"           a knowledge-base lookup, answer citing s3://kb/returns.md
    "card"              the guardrail intervenes
    "whoami"            the session's customerId
    "throttle"          ThrottlingException for the first two calls in the session, then an answer
    "slow"              waits on ``release`` (to observe concurrency), then answers
    anything else       "I can only help with shopping at this store."
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from local_bedrock.backend import AgentRef, InvokeRequest, ResourceNotFoundError, ThrottlingError
from local_bedrock.sessions import Session, Turn

AGENTS = {"ASSISTANT": "assistant", "SUPPORT": "support", "AGENT12345": "assistant"}  # last: tests/release
ALIASES = ("TSTALIASID", "CANDIDATE1")


def _part(request: InvokeRequest, trace: dict[str, Any]) -> dict[str, Any]:
    return {
        "trace": {
            "agentId": request.agent.agent_id,
            "agentAliasId": request.agent.alias_id,
            "agentVersion": request.agent.agent_version,
            "sessionId": request.session_id,
            "eventTime": datetime(2026, 11, 1, 12, 0, tzinfo=UTC),
            "trace": trace,
        }
    }


def _usage(request: InvokeRequest, tokens_in: int, tokens_out: int) -> dict[str, Any]:
    output = {
        "traceId": "t-model",
        "rawResponse": {"content": "..."},
        "metadata": {"usage": {"inputTokens": tokens_in, "outputTokens": tokens_out}},
    }
    return _part(request, {"orchestrationTrace": {"modelInvocationOutput": output}})


def _action(
    request: InvokeRequest,
    group: str,
    path: str,
    verb: str,
    params: dict[str, str],
    body: dict[str, str] | None = None,
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "actionGroupName": group,
        "apiPath": path,
        "verb": verb,
        "executionType": "LAMBDA",
        "parameters": [{"name": k, "type": "string", "value": v} for k, v in params.items()],
    }
    if body:
        action["requestBody"] = {
            "content": {
                "application/json": [{"name": k, "type": "string", "value": v} for k, v in body.items()]
            }
        }
    value = {"traceId": "t-action", "invocationType": "ACTION_GROUP", "actionGroupInvocationInput": action}
    return _part(request, {"orchestrationTrace": {"invocationInput": value}})


def _chunk(text: str, attribution: dict[str, Any] | None = None) -> dict[str, Any]:
    chunk: dict[str, Any] = {"bytes": text.encode()}
    if attribution:
        chunk["attribution"] = attribution
    return {"chunk": chunk}


class FakeAgent:
    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.release = threading.Event()
        self.in_flight = 0
        self.max_in_flight = 0
        self.slow_arrived = threading.Semaphore(0)
        self._lock = threading.Lock()

    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        if agent_id not in AGENTS or alias_id not in ALIASES:
            raise ResourceNotFoundError(f"Agent {agent_id} alias {alias_id} not found.")
        return AgentRef(agent_id=agent_id, alias_id=alias_id, agent_name=AGENTS[agent_id])

    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        with self._lock:
            self.calls[request.session_id] += 1
            count = self.calls[request.session_id]
        text = request.input_text.strip().lower()
        if request.resumed is not None:
            yield from self._resume(request)
        elif text == "throttle" and count <= 2:
            raise ThrottlingError("Rate exceeded.")
        elif text == "slow":
            yield from self._slow()
        else:
            yield from self._answer(request, session, text)
        session.append(Turn(user_text=request.input_text, agent_text=""))

    def _slow(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.slow_arrived.release()
        self.release.wait(timeout=10)
        with self._lock:
            self.in_flight -= 1
        yield _chunk("done")

    def _answer(self, request: InvokeRequest, session: Session, text: str) -> Iterator[dict[str, Any]]:
        yield _usage(request, 100, 20)
        if text == "recent":
            yield _action(request, "purchase_history", "/purchases", "get", {"limit": "5"})
            yield _chunk("Your latest purchase is ORD-AAA111.")
        elif text.startswith("buy "):
            product = text.removeprefix("buy ").upper()
            yield _action(request, "orders", "/products", "get", {"query": product})
            yield {"returnControl": self._confirmation(product)}
        elif text == "returns":
            lookup = {"knowledgeBaseId": "LOCALKB001", "text": "return window"}
            value = {
                "traceId": "t-kb",
                "invocationType": "KNOWLEDGE_BASE",
                "knowledgeBaseLookupInput": lookup,
            }
            yield _part(request, {"orchestrationTrace": {"invocationInput": value}})
            yield _chunk("Items can be returned within 30 days of delivery.", self._citation())
        elif text.startswith("card"):
            yield _part(request, {"guardrailTrace": {"action": "INTERVENED", "traceId": "t-guard"}})
            yield _chunk("Sorry, I can't help with that.")
        elif text == "whoami":
            yield _chunk(f"You are {session.session_attributes.get('customerId', 'nobody')}.")
        elif text == "throttle":
            yield _chunk("Answered after throttling.")
        else:
            yield _part(request, {"guardrailTrace": {"action": "NONE", "traceId": "t-guard"}})
            yield _chunk("I can only help with shopping at this store.")

    @staticmethod
    def _confirmation(product: str) -> dict[str, Any]:
        body = {"properties": [{"name": "productId", "type": "string", "value": product}]}
        body["properties"].append({"name": "quantity", "type": "integer", "value": "1"})
        api = {
            "actionGroup": "orders",
            "actionInvocationType": "USER_CONFIRMATION",
            "apiPath": "/orders",
            "httpMethod": "POST",
            "requestBody": {"content": {"application/json": body}},
        }
        return {"invocationId": "inv-1", "invocationInputs": [{"apiInvocationInput": api}]}

    @staticmethod
    def _citation() -> dict[str, Any]:
        reference = {
            "content": {"text": "Most items can be returned within 30 days of delivery."},
            "location": {"type": "S3", "s3Location": {"uri": "s3://kb/returns.md"}},
        }
        part = {"textResponsePart": {"text": "Items can be returned", "span": {"start": 0, "end": 20}}}
        return {"citations": [{"generatedResponsePart": part, "retrievedReferences": [reference]}]}

    def _resume(self, request: InvokeRequest) -> Iterator[dict[str, Any]]:
        (result,) = request.results
        if result.confirmation_state == "CONFIRM":
            inputs = request.resumed.invocation_inputs if request.resumed else ()
            api = inputs[0]["apiInvocationInput"]
            body = {
                p["name"]: p["value"] for p in api["requestBody"]["content"]["application/json"]["properties"]
            }
            yield _action(request, "orders", "/orders", "post", {}, body)
            yield _chunk("Order ORD-NEW001 is placed.")
        else:
            yield _chunk("Okay, I did not place the order.")

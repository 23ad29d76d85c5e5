"""A tiny scripted backend and retriever for the endpoint tests (no tests in this module).

The input text selects the behaviour, so every test can drive one path of the endpoint:

    "whoami"        a chunk with the session's effective attributes as JSON
    "order <item>"  a returnControl asking to confirm placeOrder; the answer is recorded
    "gated"         a chunk, then waits for ``gate`` before the second chunk
    "fail before"   DependencyFailedError before any event
    "fail after"    a chunk, then DependencyFailedError
    "crash after"   a chunk, then RuntimeError
    "bad event"     a chunk, then an event that breaks the ResponseStream model
    "bad trace"     a trace that breaks the model, then a chunk
    anything else   a trace, then "you said <text>"
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from local_bedrock.backend import (
    AgentRef,
    DependencyFailedError,
    InvocationResult,
    InvokeRequest,
    ResourceNotFoundError,
)
from local_bedrock.sessions import Session, Turn

AGENT_ID = "AGENT00001"
ALIAS_ID = "TSTALIASID"
KB_ID = "KBLOCAL001"


def orchestration_trace(request: InvokeRequest, text: str) -> dict[str, Any]:
    return {
        "agentId": request.agent.agent_id,
        "agentAliasId": request.agent.alias_id,
        "agentVersion": request.agent.agent_version,
        "sessionId": request.session_id,
        "eventTime": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "trace": {"orchestrationTrace": {"rationale": {"traceId": "trace-0001", "text": text}}},
    }


class ScriptedBackend:
    def __init__(self) -> None:
        self.agents = {
            (AGENT_ID, ALIAS_ID): AgentRef(agent_id=AGENT_ID, alias_id=ALIAS_ID, agent_name="test")
        }
        self.gate = threading.Event()
        self.gated_finished = threading.Event()
        self.results: list[InvocationResult] = []
        self.requests: list[InvokeRequest] = []
        self._lock = threading.Lock()

    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        agent = self.agents.get((agent_id, alias_id))
        if agent is None:
            raise ResourceNotFoundError(f"Agent {agent_id} alias {alias_id} not found.")
        return agent

    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        with self._lock:
            self.requests.append(request)
        if request.resumed is not None:
            yield from self._resume(request)
            return
        text = request.input_text.strip()
        if text == "whoami":
            yield chunk(
                json.dumps(
                    {"session": session.session_attributes, "prompt": session.prompt_session_attributes}
                )
            )
        elif text.startswith("order "):
            yield order_confirmation(text.removeprefix("order "))
        elif text == "gated":
            yield chunk("first")
            self.gate.wait(timeout=10)
            yield chunk("second")
            self.gated_finished.set()
        elif text == "fail before":
            raise DependencyFailedError("The orders action group failed.")
        elif text == "fail after":
            yield chunk("partial")
            raise DependencyFailedError("The orders action group failed.")
        elif text == "crash after":
            yield chunk("partial")
            raise RuntimeError("boom")
        elif text == "bad event":
            yield chunk("partial")
            yield {"chunk": {"bytes": b"x", "unknownMember": 1}}
        elif text == "bad trace":
            yield {"trace": {**orchestration_trace(request, "x"), "unknownMember": 1}}
            yield chunk("after the trace")
        else:  # always traces: the endpoint drops traces unless enableTrace is set
            yield {"trace": orchestration_trace(request, f"echoing {text!r}")}
            yield chunk(f"you said {text}")
        session.append(Turn(user_text=request.input_text, agent_text=text))

    def _resume(self, request: InvokeRequest) -> Iterator[dict[str, Any]]:
        with self._lock:
            self.results.extend(request.results)
        states = ",".join(str(r.confirmation_state) for r in request.results)
        yield chunk(f"resumed {request.resumed.invocation_id if request.resumed else ''}: {states}")


def chunk(text: str) -> dict[str, Any]:
    return {"chunk": {"bytes": text.encode("utf-8")}}


def order_confirmation(item: str) -> dict[str, Any]:
    return {
        "returnControl": {
            "invocationInputs": [
                {
                    "apiInvocationInput": {
                        "actionGroup": "orders",
                        "actionInvocationType": "USER_CONFIRMATION",
                        "apiPath": "/orders",
                        "httpMethod": "POST",
                        "parameters": [{"name": "productId", "type": "string", "value": item}],
                    }
                }
            ]
        }
    }


DOCUMENTS = {
    "returns.md": "Items can be returned within 30 days of delivery.",
    "shipping.md": "Standard shipping takes three to five business days.",
}


class FakeKnowledge:
    def retrieve(
        self, knowledge_base_id: str, query: str, number_of_results: int, search_type: str | None = None
    ) -> list[dict[str, Any]]:
        if knowledge_base_id != KB_ID:
            raise ResourceNotFoundError(f"Knowledge base {knowledge_base_id} not found.")
        words = set(query.lower().split())
        scored = sorted(
            ((len(words & set(text.lower().split())), name, text) for name, text in DOCUMENTS.items()),
            reverse=True,
        )
        return [
            {
                "content": {"text": text, "type": "TEXT"},
                "location": {"type": "S3", "s3Location": {"uri": f"s3://kb-bucket/{name}"}},
                "score": float(score),
                "metadata": {"x-amz-bedrock-kb-source-uri": f"s3://kb-bucket/{name}"},
            }
            for score, name, text in scored[:number_of_results]
        ]

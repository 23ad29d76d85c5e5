"""One conversation with an agent, as both consoles drive it.

``Conversation.send(text)`` and ``.answer("CONFIRM" | "DENY")`` run a turn through
``agent_client.invoke.invoke`` and yield ``Update``s while it streams: answer text (``chunk``), a trace
step that grew (``trace``), a confirmation request (``returnControl``), an error, and ``done`` with
the turn's figures. A turn is one user input through to the agent's answer: a confirmation request
and its answer belong to the turn that caused them. Session attributes go with every call.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from agent_client.confirmation import confirmation_answers
from agent_client.invoke import ConsoleError, Target, invoke
from agent_client.trace_entries import reference_uri
from console.feedback import Feedback, FeedbackTurn, Rating, new_record
from console.figures import TurnFigures, turn_figures
from console.pricing import PriceTable
from console.trace_steps import TraceGrouper, jsonable


@dataclass
class Update:
    kind: str  # chunk | trace | returnControl | error | done
    data: dict[str, Any]


@dataclass
class Turn:
    input: str
    output: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)  # raw (JSON-ready) citation objects
    return_control: dict[str, Any] | None = None
    confirmation: str | None = None
    trace: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready TraceParts
    latency_ms: int = 0
    error: ConsoleError | None = None
    grouper: TraceGrouper = field(default_factory=TraceGrouper)

    def figures(self, prices: PriceTable | None = None) -> TurnFigures:
        return turn_figures(self.trace, self.latency_ms, prices)

    def feedback(self) -> FeedbackTurn:
        return FeedbackTurn.model_validate(
            {
                "input": self.input,
                "output": self.output,
                "citations": self.citations,
                "returnControl": self.return_control,
                "confirmation": self.confirmation,
                "trace": self.trace,
            }
        )


def citation_views(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Numbered sources of an answer: where each cited span ends, and the passages behind it."""
    views = []
    for number, citation in enumerate(citations, start=1):
        span = citation.get("generatedResponsePart", {}).get("textResponsePart", {}).get("span", {})
        sources = [
            {"uri": reference_uri(r), "text": r.get("content", {}).get("text", "")}
            for r in citation.get("retrievedReferences", [])
        ]
        views.append({"number": number, "end": span.get("end"), "sources": sources})
    return views


def describe_request(return_control: dict[str, Any]) -> list[dict[str, Any]]:
    """What a returnControl event asks to do, one entry per invocation input."""
    requests = []
    for item in return_control.get("invocationInputs", []):
        if "apiInvocationInput" in item:
            api = item["apiInvocationInput"]
            body = api.get("requestBody", {}).get("content", {}).get("application/json", {})
            values = {p["name"]: p["value"] for p in api.get("parameters", []) + body.get("properties", [])}
            operation = f"{api.get('httpMethod')} {api.get('apiPath')}"
            kind = api.get("actionInvocationType", "RESULT")
        else:
            api = item.get("functionInvocationInput", {})
            values = {p["name"]: p["value"] for p in api.get("parameters", [])}
            operation = str(api.get("function"))
            kind = api.get("actionInvocationType", "RESULT")
        shown = ", ".join(f"{k}={v}" for k, v in values.items())
        requests.append(
            {
                "actionGroup": api.get("actionGroup"),
                "operation": operation,
                "parameters": values,
                "confirmation": kind.startswith("USER_CONFIRMATION"),
                "summary": f"{api.get('actionGroup')}: {operation}" + (f" ({shown})" if shown else ""),
            }
        )
    return requests


class Conversation:
    def __init__(
        self,
        client: Any,
        target: Target,
        session_attributes: dict[str, str] | None = None,
        prices: PriceTable | None = None,
        stream_final_response: bool = False,
    ) -> None:
        self.client = client
        self.target = target
        self.session_attributes: dict[str, str] = dict(session_attributes or {})
        self.prompt_session_attributes: dict[str, str] = {}
        self.prices = prices
        self.stream_final_response = stream_final_response
        self.session_id = self._new_id()
        self.turns: list[Turn] = []
        self.pending: dict[str, Any] | None = None
        self.busy = threading.Lock()

    @staticmethod
    def _new_id() -> str:
        return f"console-{uuid.uuid4().hex[:16]}"

    def _state(self) -> dict[str, Any]:
        state: dict[str, Any] = {"sessionAttributes": dict(self.session_attributes)}
        if self.prompt_session_attributes:
            state["promptSessionAttributes"] = dict(self.prompt_session_attributes)
        return state

    def send(self, text: str) -> Iterator[Update]:
        """A new turn: ``text`` to the agent (a pending confirmation request is abandoned)."""
        turn = Turn(input=text)
        self.turns.append(turn)
        self.pending = None
        yield from self._run(turn, {"inputText": text, "sessionState": self._state()})

    def answer(self, decision: str) -> Iterator[Update]:
        """Answer the pending confirmation request with CONFIRM or DENY and continue the turn."""
        if decision not in ("CONFIRM", "DENY"):
            raise ValueError("decision must be CONFIRM or DENY")
        if self.pending is None or not self.turns:
            raise ConsoleError(
                "validation", "NothingToConfirm", "No confirmation is pending.", "Send a message."
            )
        request, self.pending = self.pending, None
        turn = self.turns[-1]
        if turn.confirmation is not None:
            # The agent asked again after an answer: the new answer is a turn of its own, with no
            # input and no returnControl (how agent_client.feedback reads "an answer to the last request").
            turn = Turn(input="")
            self.turns.append(turn)
        turn.confirmation = decision
        state = self._state() | {
            "invocationId": request["invocationId"],
            "returnControlInvocationResults": confirmation_answers(request, decision),
        }
        yield from self._run(turn, {"inputText": "", "sessionState": state})

    def update_attributes(self, attributes: dict[str, str]) -> bool:
        """Replace the session attributes; True when that started a new session.

        The agent keeps a session's attributes and merges what each call sends, so a removed key
        would stay in effect: removing one after the first turn starts a new session.
        """
        removed = set(self.session_attributes) - set(attributes)
        self.session_attributes = dict(attributes)
        if removed and self.turns:
            self.reset()
            return True
        return False

    def end(self) -> None:
        """End the session on the agent's side (its memory of this conversation), then start afresh."""
        try:
            for _ in invoke(
                self.client, self.target, sessionId=self.session_id, inputText="", endSession=True
            ):
                pass
        finally:
            self.reset()

    def reset(self) -> None:
        self.session_id = self._new_id()
        self.turns = []
        self.pending = None

    def _run(self, turn: Turn, params: dict[str, Any]) -> Iterator[Update]:
        if self.stream_final_response:
            params["streamingConfigurations"] = {"streamFinalResponse": True}
        started = time.perf_counter()
        try:
            for event in invoke(
                self.client, self.target, sessionId=self.session_id, enableTrace=True, **params
            ):
                for update in self._event(turn, event):
                    update.data["turnIndex"] = len(self.turns) - 1
                    yield update
        except ConsoleError as error:
            turn.error = error
            yield Update("error", error.view() | {"turnIndex": len(self.turns) - 1})
        finally:
            turn.latency_ms += round((time.perf_counter() - started) * 1000)
        yield Update("done", self.done_view(len(self.turns) - 1))

    def _event(self, turn: Turn, event: dict[str, Any]) -> Iterator[Update]:
        if "chunk" in event:
            text = event["chunk"].get("bytes", b"").decode()
            offset = len(turn.output)
            turn.output += text
            new = jsonable(event["chunk"].get("attribution", {}).get("citations", []))
            for citation in new:  # spans are relative to this chunk; keep them relative to the answer
                span = citation.get("generatedResponsePart", {}).get("textResponsePart", {}).get("span")
                if span and offset:
                    span.update(start=span.get("start", 0) + offset, end=span.get("end", 0) + offset)
            turn.citations += new
            yield Update("chunk", {"text": text})
        elif "trace" in event:
            part = jsonable(event["trace"])
            turn.trace.append(part)
            step = turn.grouper.add(part)
            yield Update("trace", {"stepIndex": turn.grouper.steps.index(step), "step": step.view()})
        elif "returnControl" in event:
            request = jsonable(event["returnControl"])
            self.pending = request
            if turn.return_control is None:
                turn.return_control = request
            yield Update("returnControl", {"requests": describe_request(request)})

    def done_view(self, index: int) -> dict[str, Any]:
        turn = self.turns[index]
        return {
            "turnIndex": index,
            "output": turn.output,
            "citations": citation_views(turn.citations),
            "pending": self.pending is not None,
            "error": turn.error.view() if turn.error else None,
            "figures": turn.figures(self.prices).view(),
        }

    def feedback(self, index: int, rating: Rating, comment: str = "") -> Feedback:
        """The record for rating the answer of turn ``index``: the conversation up to and including it."""
        if not 0 <= index < len(self.turns):
            raise IndexError(f"no turn {index} in this session")
        return new_record(
            endpoint_url=self.target.endpoint_url,
            region=self.target.region,
            agent_id=self.target.agent_id,
            agent_alias_id=self.target.agent_alias_id,
            session_id=self.session_id,
            session_attributes=self.session_attributes,
            turns=[t.feedback() for t in self.turns[: index + 1]],
            rating=rating,
            comment=comment,
        )

"""What the web console's API does, without HTTP: conversations, turns, confirmations, feedback.

``ConsoleApp`` holds the default target, the sample customers (when the console started the local
runtime itself) and the feedback store. Each browser page owns one ``Conversation`` by id.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel

from agent_client.invoke import ConsoleError, Target, runtime_client
from console.conversation import Conversation, Update
from console.feedback import FeedbackStore
from console.pricing import PriceTable, default_prices

MAX_CONVERSATIONS = 200
M = TypeVar("M", bound=BaseModel)


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Body(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class TargetBody(_Body):
    endpoint_url: str | None = None
    region: str = Field(min_length=1, max_length=40)
    agent_id: str = Field(pattern=r"^[0-9a-zA-Z]{1,10}$")
    agent_alias_id: str = Field(pattern=r"^[0-9a-zA-Z]{1,10}$")


class StartBody(_Body):
    target: TargetBody | None = None
    session_attributes: dict[str, str] = Field(default_factory=dict)


class TurnBody(_Body):
    text: str = Field(min_length=1, max_length=25000)


class ConfirmationBody(_Body):
    decision: Literal["CONFIRM", "DENY"]


class AttributesBody(_Body):
    session_attributes: dict[str, str]


class SessionBody(_Body):
    action: Literal["new", "end"]


class FeedbackBody(_Body):
    turn_index: int = Field(ge=0)
    rating: Literal["up", "down"]
    comment: str = Field(default="", max_length=4000)


def parse(model: type[M], body: dict[str, Any]) -> M:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in error.errors())
        raise ApiError(400, problems) from None


@dataclass
class ConsoleApp:
    target: Target
    customers: list[dict[str, str]] | None = None  # sample customers, when the console runs the runtime
    store: FeedbackStore = field(default_factory=FeedbackStore)
    prices: PriceTable = field(default_factory=default_prices)
    stream_final_response: bool = False
    client_factory: Callable[[Target], Any] = runtime_client
    conversations: dict[str, Conversation] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def config(self) -> dict[str, Any]:
        return {
            "target": self.target.view(),
            "customers": self.customers,
            "pricesAsOf": self.prices.as_of,
            "feedbackFile": str(self.store.path),
        }

    def start(self, body: dict[str, Any]) -> dict[str, Any]:
        request = parse(StartBody, body)
        target = self.target
        if request.target is not None:
            target = Target.model_validate(request.target.model_dump())
        conversation = Conversation(
            self.client_factory(target),
            target,
            request.session_attributes,
            prices=self.prices,
            stream_final_response=self.stream_final_response,
        )
        ident = uuid.uuid4().hex
        with self._lock:
            if len(self.conversations) >= MAX_CONVERSATIONS:
                self.conversations.pop(next(iter(self.conversations)))
            self.conversations[ident] = conversation
        return {"conversationId": ident, "sessionId": conversation.session_id, "target": target.view()}

    def conversation(self, ident: str) -> Conversation:
        found = self.conversations.get(ident)
        if found is None:
            raise ApiError(404, "Unknown conversation: reload the page.")
        return found

    def _streaming(self, conversation: Conversation, updates: Iterator[Update]) -> Iterator[Update]:
        if not conversation.busy.acquire(blocking=False):
            raise ApiError(409, "A turn is still running in this conversation.")

        def run() -> Iterator[Update]:
            try:
                yield from updates
            finally:
                conversation.busy.release()

        return run()

    def turn(self, ident: str, body: dict[str, Any]) -> Iterator[Update]:
        conversation = self.conversation(ident)
        text = parse(TurnBody, body).text
        return self._streaming(conversation, conversation.send(text))

    def confirm(self, ident: str, body: dict[str, Any]) -> Iterator[Update]:
        conversation = self.conversation(ident)
        decision = parse(ConfirmationBody, body).decision
        if conversation.pending is None:
            raise ApiError(409, "No confirmation is pending.")
        return self._streaming(conversation, conversation.answer(decision))

    def attributes(self, ident: str, body: dict[str, Any]) -> dict[str, Any]:
        conversation = self.conversation(ident)
        renewed = conversation.update_attributes(dict(parse(AttributesBody, body).session_attributes))
        return {
            "sessionAttributes": conversation.session_attributes,
            "sessionId": conversation.session_id,
            "newSession": renewed,
        }

    def session(self, ident: str, body: dict[str, Any]) -> dict[str, Any]:
        conversation = self.conversation(ident)
        action = parse(SessionBody, body).action
        if not conversation.busy.acquire(blocking=False):
            raise ApiError(409, "A turn is still running in this conversation.")
        try:
            if action == "end":
                try:
                    conversation.end()
                except ConsoleError as error:
                    return {"sessionId": conversation.session_id, "error": error.view()}
            else:
                conversation.reset()
        finally:
            conversation.busy.release()
        return {"sessionId": conversation.session_id, "error": None}

    def feedback(self, ident: str, body: dict[str, Any]) -> dict[str, Any]:
        conversation = self.conversation(ident)
        request = parse(FeedbackBody, body)
        try:
            record = conversation.feedback(request.turn_index, request.rating, request.comment)
        except IndexError as error:
            raise ApiError(400, str(error)) from None
        self.store.append(record)
        return {"id": record.id, "file": str(self.store.path)}

    def feedback_list(self) -> dict[str, Any]:
        records = self.store.records()
        summary = [
            {
                "id": r.id,
                "rating": r.rating,
                "comment": r.comment,
                "sessionId": r.session_id,
                "turns": len(r.turns),
            }
            for r in records[-50:]
        ]
        return {"count": len(records), "file": str(self.store.path), "records": summary}

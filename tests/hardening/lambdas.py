"""Call the action-group Lambdas with events exactly as Bedrock builds them from an OpenAPI
operation, and check that every answer is a response Bedrock can read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from local_bedrock.agent.definition import Operation, load_agents
from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event
from tests.action_groups.helpers import HANDLERS

STATUSES = frozenset({200, 400, 403, 404, 409, 422, 500, 503})


@cache
def operations() -> dict[str, Operation]:
    return {op.operation_id: op for agent in load_agents().values() for op in agent.operations}


def _properties(operation: Operation, values: dict[str, str | None], *locations: str) -> list[dict[str, str]]:
    # Every value arrives as a string; `type` is what the schema declares.
    return [
        {"name": p.name, "type": p.type, "value": value}
        for p in operation.parameters
        if p.location in locations and (value := values.get(p.name)) is not None
    ]


def event_for(
    operation: Operation,
    values: dict[str, str | None],
    *,
    customer: str | None = "C0001",
    session_id: str = "hardening",
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The event for ``values`` (None: left out); ``extra`` adds parameters the schema lacks."""
    event = action_group_event(
        action_group=operation.group,
        api_path=operation.path,
        http_method=operation.method,
        session_attributes={"customerId": customer} if customer else {},
        session_id=session_id,
        agent_name="support" if operation.group == "support" else "assistant",
    )
    unknown = [{"name": k, "type": "string", "value": v} for k, v in (extra or {}).items()]
    event["parameters"] = _properties(operation, values, "path", "query") + unknown
    if any(p.location == "body" for p in operation.parameters):
        properties = _properties(operation, values, "body")
        event["requestBody"] = {"content": {"application/json": {"properties": properties}}}
    return event


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    text: str

    @property
    def message(self) -> str:
        return str(self.body.get("message", ""))


def invoke(event: Any, group: str, *, timeout_millis: int = 30_000) -> Answer:
    """Run the group's handler on ``event``; fail the test unless the answer is well formed."""
    raw = HANDLERS[group](event, LocalLambdaContext(timeout_millis=timeout_millis))
    return well_formed(event, raw)


def well_formed(event: Any, raw: Any) -> Answer:
    assert isinstance(raw, dict) and raw["messageVersion"] == "1.0", raw
    response = raw["response"]
    source = event if isinstance(event, dict) else {}
    for name in ("actionGroup", "apiPath", "httpMethod"):
        echoed = response[name]
        assert isinstance(echoed, str)
        if isinstance(source.get(name), str) and len(source[name]) <= 256:
            assert echoed == source[name], (name, echoed)
    status = response["httpStatusCode"]
    assert status in STATUSES, (status, response)
    text = response["responseBody"]["application/json"]["body"]
    body = json.loads(text)
    assert isinstance(body, dict)
    assert "Traceback" not in text and 'File "' not in text
    if status != 200:
        assert set(body) == {"error", "message"} and body["message"].strip(), body
    return Answer(status, body, text)


def string_leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every string in a JSON value (dict keys and list indexes)."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from string_leaves(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from string_leaves(inner, (*path, index))

"""Malformed events: whatever reaches a Lambda, the answer is a response Bedrock can read.

Named cases first (each top-level field missing, wrong types, unknown apiPath or method, oversized
strings, control characters, unpaired surrogates, huge sessionAttributes), then hypothesis mutating
real events of four operations at random. Never an exception, never a 500 or a traceback, never a
body over Bedrock's 25 KB limit, nothing written to the store; what is not a Bedrock event is a 400
``malformed_event`` that says what was wrong.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from action_groups.common import config
from action_groups.common.resolver import MAX_EVENT_BYTES
from tests.action_groups.helpers import HANDLERS
from tests.hardening import figures
from tests.hardening.dynamo_hooks import CallLog
from tests.hardening.lambdas import event_for, operations, string_leaves, well_formed
from tests.hardening.schema_values import derandomized

EXAMPLES = 100
NOWHERE = {"productId": "PRD-8999", "quantity": "1"}  # a valid order of a product that does not exist
BASES = {
    "searchProducts": {"query": "yoga mat", "limit": "3"},
    "placeOrder": NOWHERE,
    "cancelOrder": {"orderId": "ORD-ZZZZZZ"},
    "getRecentPurchases": {"limit": "2", "since": "2025-01-01"},
}
TOP_LEVEL = [
    "messageVersion",
    "agent",
    "inputText",
    "sessionId",
    "actionGroup",
    "apiPath",
    "httpMethod",
    "parameters",
    "requestBody",
    "sessionAttributes",
    "promptSessionAttributes",
]


def _base(operation_id: str) -> dict[str, Any]:
    return event_for(operations()[operation_id], BASES[operation_id], customer="C0001")


def _answer(event: Any, group: str, calls: CallLog) -> tuple[int, dict[str, Any]]:
    calls.clear()
    raw = HANDLERS[group](event, _context())
    answer = well_formed(event, raw)
    assert len(answer.text.encode()) <= 25_000, "over Bedrock's 25 KB action-group response limit"
    assert answer.status != 500, answer.message
    assert calls.writes(config.settings().store_table) == [], calls.writes()
    if answer.status == 400:
        assert answer.body["error"] == "malformed_event"
    return answer.status, answer.body


def _context() -> Any:
    from local_bedrock.agent.lambda_events import LocalLambdaContext

    return LocalLambdaContext()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(event: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = event
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return apply


def _drop(name: str) -> Callable[[dict[str, Any]], None]:
    return lambda event: event.pop(name, None)


HUGE_ATTRIBUTES = {f"key{n}": "v" * 100 for n in range(2_500)}  # ~270 KB
BIG_ATTRIBUTES = {f"key{n}": "v" * 100 for n in range(1_500)}  # ~160 KB: under the event limit

NAMED: list[tuple[str, str, Callable[[dict[str, Any]], None], int, str]] = [
    *[
        (f"no {name}", "searchProducts", _drop(name), 400, name)
        for name in ("messageVersion", "agent", "sessionId")
    ],
    *[
        (f"no {name}", "searchProducts", _drop(name), 400, name)
        for name in ("actionGroup", "apiPath", "httpMethod")
    ],
    ("no inputText", "searchProducts", _drop("inputText"), 400, "inputText"),
    ("no parameters", "searchProducts", _drop("parameters"), 422, "query is required"),
    ("no requestBody", "placeOrder", _drop("requestBody"), 422, "required"),
    ("null attribute maps", "getRecentPurchases", _set("sessionAttributes", None), 403, "signed in"),
    ("agent is a string", "searchProducts", _set("agent", "assistant"), 400, "agent"),
    ("sessionId is a number", "searchProducts", _set("sessionId", 42), 400, "sessionId"),
    ("parameters is a map", "searchProducts", _set("parameters", {"query": "tent"}), 400, "parameters"),
    ("a value is a number", "searchProducts", _set("parameters.0.value", 5), 400, "value"),
    (
        "a value is missing",
        "searchProducts",
        _set("parameters.0", {"name": "query", "type": "string"}),
        400,
        "value",
    ),
    (
        "body properties are a map",
        "placeOrder",
        _set("requestBody.content.application/json.properties", {}),
        400,
        "properties",
    ),
    (
        "customerId is a number",
        "getRecentPurchases",
        _set("sessionAttributes", {"customerId": 7}),
        400,
        "customerId",
    ),
    ("unknown apiPath", "searchProducts", _set("apiPath", "/refunds"), 404, "no operation GET /refunds"),
    ("unknown method", "searchProducts", _set("httpMethod", "DELETE"), 404, "no operation DELETE /products"),
    (
        "concrete path",
        "cancelOrder",
        _set("apiPath", "/orders/ORD-ZZZZZZ/cancel"),
        404,
        "No order ORD-ZZZZZZ",
    ),
    ("extra top-level field", "searchProducts", _set("debug", {"traceback": True}), 200, ""),
    ("inputText of 300 KB", "searchProducts", _set("inputText", "x" * 300_000), 400, "larger than"),
    ("apiPath of 150 KB", "searchProducts", _set("apiPath", "/" + "p" * 150_000), 404, "no operation"),
    ("value of 150 KB", "searchProducts", _set("parameters.0.value", "tent " * 30_000), 422, "at most 100"),
    (
        "huge sessionAttributes",
        "getRecentPurchases",
        _set("sessionAttributes", HUGE_ATTRIBUTES),
        400,
        "larger than",
    ),
    (
        "big sessionAttributes",
        "getRecentPurchases",
        _set("sessionAttributes", BIG_ATTRIBUTES),
        403,
        "signed in",
    ),
    (
        "huge promptSessionAttributes",
        "searchProducts",
        _set("promptSessionAttributes", HUGE_ATTRIBUTES),
        400,
        "larger",
    ),
    ("control characters", "searchProducts", _set("parameters.0.value", "yoga\x00\x1b[2J\r\nmat"), 200, ""),
    (
        "unpaired surrogate in a value",
        "searchProducts",
        _set("parameters.0.value", "yoga \udcff"),
        422,
        "query",
    ),
    ("unpaired surrogate in sessionId", "searchProducts", _set("sessionId", "s-\ud800"), 200, ""),
    (
        "unpaired surrogate in apiPath",
        "searchProducts",
        _set("apiPath", "/products\udcff"),
        404,
        "no operation",
    ),
    (
        "unpaired surrogate in customerId",
        "getRecentPurchases",
        _set("sessionAttributes", {"customerId": "C0001\udcff"}),
        403,
        "not valid",
    ),
]


@pytest.mark.parametrize(
    ("operation_id", "mutate", "status", "fragment"), [c[1:] for c in NAMED], ids=[c[0] for c in NAMED]
)
def test_named_malformed_events(
    operation_id: str, mutate: Callable[[dict[str, Any]], None], status: int, fragment: str, calls: CallLog
) -> None:
    event = _base(operation_id)
    mutate(event)
    got, body = _answer(event, operations()[operation_id].group, calls)
    figures.tried("malformed events")
    assert got == status, body
    assert fragment in body.get("message", ""), body


@pytest.mark.parametrize("event", [None, "{}", b'{"messageVersion": "1.0"}', ["a"], 42, {"\ud800": 1}])
def test_what_is_not_an_event_at_all(event: Any, calls: CallLog) -> None:
    status, body = _answer(event, "orders", calls)
    figures.tried("malformed events")
    assert status == 400 and body["message"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x1F), min_size=1, max_size=8),
    st.tuples(st.text(max_size=8), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)).map("".join),
    st.integers(1, 3).map(lambda n: "z" * (n * 80_000)),
)


@st.composite
def _mutated(draw: st.DrawFn, event: dict[str, Any]) -> dict[str, Any]:
    event = copy.deepcopy(event)
    for _ in range(draw(st.integers(1, 3))):
        move = draw(st.sampled_from(["drop", "retype", "extra", "text", "attributes"]))
        if move == "drop":
            event.pop(draw(st.sampled_from(TOP_LEVEL)), None)
        elif move == "retype":
            event[draw(st.sampled_from(TOP_LEVEL))] = draw(_json)
        elif move == "extra":
            event[draw(st.text(min_size=1, max_size=10))] = draw(_json)
        elif move == "text" and (leaves := list(string_leaves(event))):
            *parents, last = draw(st.sampled_from(leaves))
            target: Any = event
            for part in parents:
                target = target[part]
            target[last] = draw(_nasty_text)
        elif move == "attributes":
            name = draw(st.sampled_from(["sessionAttributes", "promptSessionAttributes"]))
            event[name] = draw(st.dictionaries(st.text(max_size=12), st.text(max_size=30), max_size=20))
    return event


@pytest.mark.parametrize("operation_id", sorted(BASES))
@derandomized(EXAMPLES)
@given(data=st.data())
def test_randomly_mangled_events(operation_id: str, calls: CallLog, data: st.DataObject) -> None:
    event = data.draw(_mutated(_base(operation_id)), label="event")
    status, body = _answer(event, operations()[operation_id].group, calls)
    figures.tried("malformed events")
    if len(json.dumps(event, default=str)) > MAX_EVENT_BYTES + 1000:
        assert status == 400 and "larger than" in body["message"]

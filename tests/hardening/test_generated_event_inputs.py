"""Generated inputs at every JSON entry point of the action-group Lambdas, derived from the agents'
OpenAPI operations (``lambdas.operations()``), so a new operation or parameter is covered unasked.

- nesting: every top-level field of the event, the session and prompt session attributes, the agent,
  a parameter value and a body property value, for an operation of every action group, arrays and
  objects nested from 2 levels up past the JSON parser's limit to 10 times that. Oracle: past
  ``MAX_EVENT_DEPTH`` a 400 ``malformed_event`` that says "nested"; never a raise, never a 500.
- duplicates: every parameter and body property of every operation named twice: a 400 naming it.
- path against parameter: for every path parameter of every operation, a concrete apiPath segment and
  a parameter value drawn from the schema (valid, boundary, junk, known ids). If they differ, the
  answer is a 400 naming the parameter, a 404 (the path no longer routes) or a 422 (the parameter
  itself is invalid), and DynamoDB is not touched at all; if they agree, the path is never called
  ambiguous.
- control characters in every string of the envelope: routing fields are refused, an identity with
  one is not an identity, nothing else crashes.
Nothing is ever written to the store by any of these.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from action_groups.common import config
from action_groups.common.event_checks import MAX_EVENT_DEPTH
from tests.hardening import figures
from tests.hardening.dynamo_hooks import CallLog
from tests.hardening.lambdas import Answer, event_for, invoke, operations, string_leaves
from tests.hardening.schema_values import derandomized, values
from tests.hardening.test_event_regressions import nested
from tests.hardening.test_generated_endpoint_inputs import parser_limit

EXAMPLES = 40
BASES = {  # an operation of every action group, with valid values; placeOrder names no real product
    "searchProducts": {"query": "yoga mat"},
    "placeOrder": {"productId": "PRD-8999", "quantity": "1"},
    "getRecentPurchases": {"limit": "2"},
    "getCustomerRecentPurchases": {"customerId": "C0001"},
}
ROUTING = ("actionGroup", "apiPath", "httpMethod")
ACTS_FOR_THE_CUSTOMER = {"placeOrder", "getRecentPurchases"}  # searchProducts and support: no identity


def _base(operation_id: str) -> dict[str, Any]:
    return event_for(operations()[operation_id], BASES[operation_id], customer="C0001")


def _answer(event: dict[str, Any], operation_id: str, calls: CallLog) -> Answer:
    calls.clear()
    answer = invoke(event, operations()[operation_id].group)  # well formed, or the test fails
    assert answer.status != 500, answer.message
    assert calls.writes(config.settings().store_table) == []
    return answer


# ------------------------------------------------------------------------------------- nesting


def _places(event: dict[str, Any]) -> list[tuple[str | int, ...]]:
    places: list[tuple[str | int, ...]] = [(name,) for name in event]
    places += [("x",), ("sessionAttributes", "k"), ("promptSessionAttributes", "k"), ("agent", "name")]
    if event["parameters"]:
        places.append(("parameters", 0, "value"))
    if "requestBody" in event:
        places.append(("requestBody", "content", "application/json", "properties", 0, "value"))
    return places


def _put(event: dict[str, Any], place: tuple[str | int, ...], value: Any) -> None:
    target: Any = event
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value


@pytest.mark.parametrize("operation_id", sorted(BASES))
def test_nesting_at_every_entry_point_up_to_and_past_the_parser_limit(
    operation_id: str, calls: CallLog
) -> None:
    limit = parser_limit()
    found = []
    for place in _places(_base(operation_id)):
        for total in sorted(
            {len(place) + 2, MAX_EVENT_DEPTH, MAX_EVENT_DEPTH + 1, limit - 1, limit, limit + 1}
        ):
            event = _base(operation_id)
            _put(event, place, nested(max(1, total - len(place))))
            answer = _answer(event, operation_id, calls)
            figures.tried("malformed events: nesting depth")
            too_deep = len(place) + max(1, total - len(place)) > MAX_EVENT_DEPTH
            if too_deep and (answer.status, answer.body["error"] if answer.status != 200 else "") != (
                400,
                "malformed_event",
            ):
                found.append(f"{place} at {total}: {answer.status} {answer.message}")
            elif too_deep and "nested" not in answer.message:
                found.append(f"{place} at {total}: {answer.message}")
    event = _base(operation_id)
    _put(event, ("sessionAttributes", "k"), nested(10 * limit))
    assert "nested" in _answer(event, operation_id, calls).message
    assert not found


# ------------------------------------------------------------------------------------- duplicates


PARAMETERS = [(op.operation_id, p.name) for op in operations().values() for p in op.parameters]


@pytest.mark.parametrize(("operation_id", "name"), PARAMETERS, ids=[f"{o}-{n}" for o, n in PARAMETERS])
def test_every_parameter_named_twice_is_refused(operation_id: str, name: str, calls: CallLog) -> None:
    operation = operations()[operation_id]
    parameter = operation.parameter(name)
    assert parameter is not None
    event = event_for(operation, {name: "1"}, customer="C0001")
    entries = (
        event["requestBody"]["content"]["application/json"]["properties"]
        if parameter.location == "body"
        else event["parameters"]
    )
    entries.append(dict(entries[-1]))
    figures.tried("ambiguous events: duplicate names")
    calls.clear()
    answer = invoke(event, operation.group)
    assert (answer.status, answer.body.get("error")) == (400, "malformed_event"), answer.body
    assert name in answer.message and "more than once" in answer.message
    assert calls.calls == []


# ------------------------------------------------------------------------------------- path against parameter


PATH_PARAMETERS = [
    (op.operation_id, p.name) for op in operations().values() for p in op.parameters if p.location == "path"
]
KNOWN = {"customerId": ["C0001", "C0002"], "orderId": ["ORD-AAAAAA"], "purchaseId": ["ORD-AAAAAA"]}


@pytest.mark.parametrize(
    ("operation_id", "name"), PATH_PARAMETERS, ids=[f"{o}-{n}" for o, n in PATH_PARAMETERS]
)
@derandomized(EXAMPLES)
@given(data=st.data())
def test_a_path_segment_never_disagrees_with_its_parameter(
    operation_id: str, name: str, calls: CallLog, data: st.DataObject
) -> None:
    operation = operations()[operation_id]
    parameter = operation.parameter(name)
    assert parameter is not None
    drawn = values(parameter, KNOWN.get(name))
    given_value = data.draw(drawn.filter(lambda v: v is not None), label="parameter")
    segment = data.draw(
        st.one_of(st.just(given_value), drawn.filter(lambda v: v is not None)), label="segment"
    )
    others = {p.name: KNOWN.get(p.name, ["x"])[0] for p in operation.parameters if p.location == "path"}
    event = event_for(operation, others | {name: given_value}, customer="C0001")
    event["apiPath"] = operation.path.replace("{" + name + "}", segment)
    calls.clear()
    answer = invoke(event, operation.group)
    figures.tried("ambiguous events: path against parameter")
    assert answer.status != 500, answer.message
    if segment != given_value:
        # 400: the disagreement; 404: the path no longer routes; 422: the parameter itself is invalid
        # (Powertools validates before any middleware). Never an answer from data.
        assert answer.status in (400, 404, 422) and calls.calls == [], (answer.status, answer.message)
        if answer.body.get("error") == "malformed_event" and "apiPath says" in answer.message:
            assert name in answer.message
    else:
        assert "apiPath says" not in answer.message


# ------------------------------------------------------------------------------------- control characters


MUTATIONS: dict[str, Callable[[str], str]] = {
    "trailing LF": lambda v: v + "\n",
    "trailing CRLF": lambda v: v + "\r\n",
    "leading LF": lambda v: "\n" + v,
    "NUL inside": lambda v: v[:1] + "\x00" + v[1:],
}


@pytest.mark.parametrize("operation_id", sorted(BASES))
def test_control_characters_in_every_string_of_the_envelope(operation_id: str, calls: CallLog) -> None:
    found = []
    for place in string_leaves(_base(operation_id)):
        for label, mutate in MUTATIONS.items():
            event = copy.deepcopy(_base(operation_id))
            target: Any = event
            for step in place[:-1]:
                target = target[step]
            target[place[-1]] = mutate(target[place[-1]])
            answer = _answer(event, operation_id, calls)
            figures.tried("malformed events: control characters in the envelope")
            if place[0] in ROUTING and (answer.status, answer.body.get("error")) != (400, "malformed_event"):
                found.append(f"{place} {label}: {answer.status} {answer.message}")
            identity = place == ("sessionAttributes", "customerId") and operation_id in ACTS_FOR_THE_CUSTOMER
            if identity and answer.status != 403:
                found.append(f"{place} {label}: {answer.status} {answer.message}")
    assert not found

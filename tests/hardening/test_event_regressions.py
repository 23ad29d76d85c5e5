"""Defects of the action-group Lambdas found from outside (issue 13), each pinned directly.

Point 4: a deeply nested value in an event (about 990 levels) made the handler raise instead of
answering the documented 400 ``malformed_event``: the size check serialised the event outside any
error handling (``RecursionError``).

Point 5: ambiguous input was resolved silently. A request body with the same property twice took
the last one (quantity 999 then 1 placed 1); on the support Lambda, apiPath
``/customers/C0002/purchases`` with a ``customerId`` parameter of C0001 answered for C0001; an apiPath
with a trailing newline still routed. Bedrock never sends these: they are refused with a 400 that
says what was ambiguous, and nothing is written.
"""

from __future__ import annotations

from typing import Any

import pytest

from action_groups.common import config
from tests.action_groups.helpers import new_customer, new_product, product
from tests.hardening import figures
from tests.hardening.dynamo_hooks import CallLog
from tests.hardening.lambdas import Answer, event_for, invoke, operations


def _refused(event: dict[str, Any], group: str, calls: CallLog, *words: str) -> Answer:
    calls.clear()
    answer = invoke(event, group)
    assert (answer.status, answer.body["error"]) == (400, "malformed_event"), answer.body
    assert all(word in answer.message for word in words), answer.message
    assert calls.writes(config.settings().store_table) == []
    return answer


def nested(depth: int) -> Any:
    value: Any = "leaf"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


# ------------------------------------------------------------------------------------- point 4


def _search() -> dict[str, Any]:
    return event_for(operations()["searchProducts"], {"query": "yoga mat"}, customer="C0001")


PLACES = {
    "sessionAttributes": lambda e, v: e["sessionAttributes"].update(deep=v),
    "promptSessionAttributes": lambda e, v: e.update(promptSessionAttributes={"deep": v}),
    "a parameter value": lambda e, v: e["parameters"][0].update(value=v),
    "an extra top-level field": lambda e, v: e.update(extra=v),
    "agent": lambda e, v: e["agent"].update(name=v),
}


@pytest.mark.parametrize("depth", [990, 5_000])
@pytest.mark.parametrize("where", sorted(PLACES))
def test_a_deeply_nested_event_is_a_400_malformed_event(where: str, depth: int, calls: CallLog) -> None:
    event = _search()
    PLACES[where](event, nested(depth))
    figures.tried("malformed events: nesting depth")
    _refused(event, "orders", calls, "nested deeper than")


# ------------------------------------------------------------------------------------- point 5


def test_a_body_property_named_twice_is_refused_and_places_nothing(calls: CallLog) -> None:
    product_id, customer = new_product(stock=1000), new_customer()
    event = event_for(operations()["placeOrder"], {"productId": product_id}, customer=customer)
    properties = event["requestBody"]["content"]["application/json"]["properties"]
    properties += [
        {"name": "quantity", "type": "integer", "value": "999"},
        {"name": "quantity", "type": "integer", "value": "1"},
    ]
    figures.tried("ambiguous events")
    _refused(event, "orders", calls, "quantity", "more than once")
    assert product(product_id)["stock"] == 1000


def test_a_parameter_named_twice_is_refused(calls: CallLog) -> None:
    event = _search()
    event["parameters"].append({"name": "query", "type": "string", "value": "tent"})
    figures.tried("ambiguous events")
    _refused(event, "orders", calls, "query", "more than once")


SUPPORT_IDS = {"customerId": "C0001", "purchaseId": "ORD-AAAAAA", "orderId": "ORD-AAAAAA"}
# Every path id of every operation: (operation, the id field, what the parameters say, the path says).
DISAGREEING = [
    ("getCustomerRecentPurchases", "customerId", {"customerId": "C0001"}, {"customerId": "C0002"}),
    ("getCustomerRecommendations", "customerId", {"customerId": "C0001"}, {"customerId": "C0002"}),
    *[
        (
            op,
            field,
            {"customerId": "C0001", "purchaseId": "ORD-AAAAAA", "orderId": "ORD-AAAAAA"},
            {field: wrong},
        )
        for op in ("getCustomerPurchaseDetails", "getCustomerOrder")
        for field, wrong in (("customerId", "C0002"), ("purchaseId", "ORD-BBBBBB"), ("orderId", "ORD-BBBBBB"))
        if operations()[op].parameter(field) is not None
    ],
    ("getPurchaseDetails", "purchaseId", {"purchaseId": "ORD-AAAAAA"}, {"purchaseId": "ORD-BBBBBB"}),
    ("getOrderStatus", "orderId", {"orderId": "ORD-AAAAAA"}, {"orderId": "ORD-BBBBBB"}),
    ("cancelOrder", "orderId", {"orderId": "ORD-AAAAAA"}, {"orderId": "ORD-BBBBBB"}),
]


def _concrete(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


@pytest.mark.parametrize(
    ("operation_id", "field", "parameters", "in_path"),
    DISAGREEING,
    ids=[f"{case[0]}-{case[1]}" for case in DISAGREEING],
)
def test_a_path_that_disagrees_with_its_parameter_is_refused(
    operation_id: str, field: str, parameters: dict[str, str], in_path: dict[str, str], calls: CallLog
) -> None:
    operation = operations()[operation_id]
    values = {p.name: parameters[p.name] for p in operation.parameters if p.name in parameters}
    event = event_for(operation, values, customer="C0001")
    event["apiPath"] = _concrete(operation.path, values | in_path)
    figures.tried("ambiguous events")
    _refused(event, operation.group, calls, field, in_path[field], parameters[field])


def test_a_path_that_agrees_with_its_parameters_still_routes(calls: CallLog) -> None:
    operation = operations()["getCustomerRecentPurchases"]
    event = event_for(operation, {"customerId": "C0002"})
    event["apiPath"] = "/customers/C0002/purchases"
    figures.tried("ambiguous events")
    answer = invoke(event, "support")
    assert answer.status == 200 and answer.body["purchases"]


@pytest.mark.parametrize(
    "path", ["/products\n", "/products\r\n", "\n/products", "/pro\x00ducts", "/products "]
)
def test_an_api_path_with_control_characters_or_spaces_is_refused(path: str, calls: CallLog) -> None:
    event = _search()
    event["apiPath"] = path
    figures.tried("ambiguous events")
    _refused(event, "orders", calls, "apiPath")

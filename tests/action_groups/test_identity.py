"""The identity rule: the customer comes only from sessionAttributes.customerId."""

from __future__ import annotations

import json

import pytest

from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call, new_product

CUSTOMER_OPERATIONS = [
    ("purchase_history", "/purchases", "GET", {}, None),
    ("purchase_history", "/purchases/{purchaseId}", "GET", {"purchaseId": "ORD-7K3F9Q"}, None),
    ("purchase_history", "/recommendations", "GET", {}, None),
    ("orders", "/orders", "POST", {}, {"productId": "PRD-0001", "quantity": 1}),
    ("orders", "/orders/{orderId}", "GET", {"orderId": "ORD-7K3F9Q"}, None),
    ("orders", "/orders/{orderId}/cancel", "POST", {"orderId": "ORD-7K3F9Q"}, None),
]


@pytest.mark.parametrize(("group", "path", "method", "params", "body"), CUSTOMER_OPERATIONS)
@pytest.mark.parametrize(
    "attributes", [{}, {"customerId": ""}, {"other": "C0001"}], ids=["empty", "blank", "absent"]
)
def test_no_identity_is_a_readable_refusal(
    sample: SampleData, group: str, path: str, method: str, params: dict, body: dict | None, attributes: dict
) -> None:
    reply = call(group, path, method, params=params, body=body, session_attributes=attributes)
    assert reply.status == 403
    assert reply.message.startswith("I can't tell which customer is signed in")


def test_missing_session_attributes_key_entirely(sample: SampleData) -> None:
    from action_groups.purchase_history.handler import lambda_handler
    from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event

    event = action_group_event(action_group="purchase_history", api_path="/purchases", http_method="GET")
    del event["sessionAttributes"]
    del event["promptSessionAttributes"]
    response = lambda_handler(event, LocalLambdaContext())["response"]
    assert response["httpStatusCode"] == 403


def test_malformed_identity_is_refused(sample: SampleData) -> None:
    reply = call("purchase_history", "/purchases", session_attributes={"customerId": "C0001#ORDER"})
    assert reply.status == 403
    assert "not valid" in reply.message


def test_another_customers_purchase_is_simply_not_found(sample: SampleData) -> None:
    theirs = sample.customers[1].orders[0].order_id
    details = call(
        "purchase_history", "/purchases/{purchaseId}", customer="C0001", params={"purchaseId": theirs}
    )
    status = call("orders", "/orders/{orderId}", customer="C0001", params={"orderId": theirs})
    for reply in (details, status):
        assert reply.status == 404
        assert theirs in reply.message and "for this customer" in reply.message


def test_cannot_cancel_another_customers_order(sample: SampleData) -> None:
    victim = sample.customers[2]
    in_flight = next(o for o in victim.orders if o.status == "PROCESSING")
    reply = call(
        "orders", "/orders/{orderId}/cancel", "POST", customer="C0001", params={"orderId": in_flight.order_id}
    )
    assert reply.status == 404
    own_view = call(
        "orders", "/orders/{orderId}", customer=victim.customer_id, params={"orderId": in_flight.order_id}
    )
    assert own_view.body["status"] == "PROCESSING"


@pytest.mark.parametrize("field", ["customerId", "customer_id", "customer"])
def test_customer_supplied_in_the_body_is_ignored(sample: SampleData, field: str) -> None:
    product_id = new_product(stock=5)
    reply = call(
        "orders",
        "/orders",
        "POST",
        customer="C0045",
        body={"productId": product_id, "quantity": 1, field: "C0001"},
    )
    assert reply.status == 200
    mine = call("orders", "/orders/{orderId}", customer="C0045", params={"orderId": reply.body["orderId"]})
    theirs = call("orders", "/orders/{orderId}", customer="C0001", params={"orderId": reply.body["orderId"]})
    assert mine.status == 200 and theirs.status == 404


def _input_names(document: dict) -> list[str]:
    names = []
    for item in document["paths"].values():
        for operation in item.values():
            names += [p["name"] for p in operation.get("parameters", [])]
            for media in operation.get("requestBody", {}).get("content", {}).values():
                names += list(media["schema"].get("properties", {}))
    return names


@pytest.mark.parametrize("group", ["purchase_history", "orders"])
def test_customer_facing_schemas_take_no_person_id(group: str) -> None:
    with open(f"openapi/{group}.json") as handle:
        names = _input_names(json.load(handle))
    assert names, "the schema has inputs to check"
    assert not [n for n in names if "customer" in n.lower() or "user" in n.lower() or "email" in n.lower()]

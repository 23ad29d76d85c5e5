"""A repeated order request after its order was cancelled (issue 13, point 1; the decision:
docs/decisions/0026-repeat-order-after-cancellation.md).

Bug: place an order, cancel it, send the same order request again in the same session within the
idempotency window: the answer was 200 ``{"status": "PLACED", "alreadyPlaced": true}`` with the
cancelled order's id, while the store held it as CANCELLED and the stock was back. The idempotency
record replayed the old receipt, and the fallback lookup by the request-derived id returned the
order whatever its status.

Now: Bedrock asks the customer to confirm every placeOrder call, so the repeat is a new, confirmed
order; it is placed once (a repeat of *that* request replays it), and no answer ever reports a
status the store does not hold.
"""

from __future__ import annotations

import boto3
import pytest

from action_groups.common.config import settings
from action_groups.store.dynamo import customer_pk, key, order_sk
from tests.action_groups.helpers import Reply, call, new_customer, new_product, product
from tests.hardening import figures
from tests.hardening.table_state import customer_items

SESSION = "s-after-cancel"


def _order(customer: str, product_id: str, quantity: int = 2) -> Reply:
    body = {"productId": product_id, "quantity": quantity}
    return call("orders", "/orders", "POST", customer=customer, body=body, session_id=SESSION)


def _cancel(customer: str, order_id: str) -> Reply:
    params = {"orderId": order_id}
    reply = call("orders", "/orders/{orderId}/cancel", "POST", customer=customer, params=params)
    assert reply.status == 200, reply.body
    return reply


def _statuses(customer: str) -> dict[str, str]:
    return {
        item["order_id"]: item["status"]
        for sk, item in customer_items(customer).items()
        if sk.startswith("ORDER#")
    }


@pytest.mark.usefixtures("store")
class TestARepeatAfterCancellationIsANewOrder:
    def test_the_repeat_places_a_new_order_the_store_holds(self) -> None:
        product_id, customer = new_product(stock=10), new_customer()
        first = _order(customer, product_id)
        _cancel(customer, first.body["orderId"])
        again = _order(customer, product_id)
        figures.tried("orders: repeat after cancellation")

        assert again.status == 200, again.body
        assert again.body["orderId"] != first.body["orderId"]
        assert (again.body["status"], again.body["alreadyPlaced"]) == ("PLACED", False)
        assert _statuses(customer) == {first.body["orderId"]: "CANCELLED", again.body["orderId"]: "PLACED"}
        assert (product(product_id)["stock"], product(product_id)["sales"]) == (8, 2)

    def test_a_repeat_of_the_new_order_replays_it(self) -> None:
        product_id, customer = new_product(stock=10), new_customer()
        first = _order(customer, product_id)
        _cancel(customer, first.body["orderId"])
        second = _order(customer, product_id)
        third = _order(customer, product_id)
        fourth = _order(customer, product_id)
        figures.tried("orders: repeat after cancellation", 3)

        assert third.body["orderId"] == fourth.body["orderId"] == second.body["orderId"]
        assert (third.body["alreadyPlaced"], fourth.body["alreadyPlaced"]) == (True, True)
        assert third.body["status"] == fourth.body["status"] == "PLACED"
        assert len(_statuses(customer)) == 2 and product(product_id)["stock"] == 8

    def test_every_cancellation_makes_room_for_one_new_order(self) -> None:
        product_id, customer = new_product(stock=10), new_customer()
        placed = []
        for _ in range(3):
            reply = _order(customer, product_id, quantity=1)
            assert (reply.status, reply.body["alreadyPlaced"]) == (200, False)
            placed.append(reply.body["orderId"])
            _cancel(customer, reply.body["orderId"])
        last = _order(customer, product_id, quantity=1)
        figures.tried("orders: repeat after cancellation", 4)

        assert len({*placed, last.body["orderId"]}) == 4
        assert _statuses(customer) == {**dict.fromkeys(placed, "CANCELLED"), last.body["orderId"]: "PLACED"}
        assert (product(product_id)["stock"], product(product_id)["sales"]) == (9, 1)


@pytest.mark.usefixtures("store")
def test_a_replayed_receipt_says_the_status_the_store_holds() -> None:
    """A repeat answers with the order as the store holds it now (shipped), not as it was placed."""
    product_id, customer = new_product(stock=10), new_customer()
    first = _order(customer, product_id)
    boto3.client("dynamodb").update_item(
        TableName=settings().store_table,
        Key=key(customer_pk(customer), order_sk(first.body["orderId"])),
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":s": {"S": "SHIPPED"}},
    )
    again = _order(customer, product_id)
    figures.tried("orders: repeat after cancellation")

    assert again.status == 200 and again.body["orderId"] == first.body["orderId"]
    assert (again.body["status"], again.body["alreadyPlaced"]) == ("SHIPPED", True)
    assert len(_statuses(customer)) == 1 and product(product_id)["stock"] == 8

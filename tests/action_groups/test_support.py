from __future__ import annotations

from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call


def test_support_reads_any_named_customer(sample: SampleData) -> None:
    customer = sample.customers[7]
    reply = call(
        "support",
        "/customers/{customerId}/purchases",
        customer=None,
        params={"customerId": customer.customer_id},
    )
    assert reply.status == 200
    assert [p["purchaseId"] for p in reply.body["purchases"]] == [o.order_id for o in customer.orders[:5]]


def test_support_details_order_and_recommendations(sample: SampleData) -> None:
    customer = sample.customers[8]
    order = customer.orders[0]
    params = {"customerId": customer.customer_id, "purchaseId": order.order_id}
    details = call("support", "/customers/{customerId}/purchases/{purchaseId}", customer=None, params=params)
    assert details.status == 200 and details.body["purchaseId"] == order.order_id
    status = call(
        "support",
        "/customers/{customerId}/orders/{orderId}",
        customer=None,
        params={"customerId": customer.customer_id, "orderId": order.order_id},
    )
    assert status.status == 200 and status.body["status"] == order.status
    suggestions = call(
        "support",
        "/customers/{customerId}/recommendations",
        customer=None,
        params={"customerId": customer.customer_id},
    )
    assert suggestions.status == 200 and len(suggestions.body["recommendations"]) == 5


def test_support_cannot_see_one_customers_order_under_another(sample: SampleData) -> None:
    order = sample.customers[1].orders[0]
    reply = call(
        "support",
        "/customers/{customerId}/orders/{orderId}",
        customer=None,
        params={"customerId": sample.customers[2].customer_id, "orderId": order.order_id},
    )
    assert reply.status == 404


def test_unknown_customer_is_reported() -> None:
    reply = call(
        "support", "/customers/{customerId}/purchases", customer=None, params={"customerId": "C0999"}
    )
    assert reply.status == 404
    assert reply.message == "No customer C0999 exists."


def test_bad_customer_id_explains_the_format() -> None:
    reply = call("support", "/customers/{customerId}/purchases", customer=None, params={"customerId": "bob"})
    assert reply.status == 422
    assert "customerId must look like C followed by 4 digits, for example C0007" in reply.message


def test_support_group_has_no_write_operations() -> None:
    from action_groups.support.handler import app

    methods = {route.method for route in app._static_routes + app._dynamic_routes}
    assert methods == {"GET"}

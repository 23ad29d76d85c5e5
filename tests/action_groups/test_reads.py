"""Request-path reads are Query/GetItem (never Scan), bounded whatever the data size."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from action_groups.common.config import dynamodb
from action_groups.common.responses import MAX_BODY_BYTES, bounded, encoded_size
from action_groups.orders.commands import _persistence
from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call, new_customer, new_product, write_orders

READ_OPERATIONS = {"GetItem", "Query", "BatchGetItem"}
WRITE_OPERATIONS = {"TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem"}


@pytest.fixture
def dynamodb_calls() -> Iterator[Counter[str]]:
    """Count every DynamoDB API call the action groups make, by operation name."""
    seen: Counter[str] = Counter()

    def record(model: Any, **_: Any) -> None:
        seen[model.name] += 1

    clients = [dynamodb(), _persistence().client]
    for client in clients:
        client.meta.events.register("before-call.dynamodb", record)
    yield seen
    for client in clients:
        client.meta.events.unregister("before-call.dynamodb", record)


def test_history_reads_do_not_grow_with_history(sample: SampleData) -> None:
    """A customer with 300 purchases costs the same items per page as one with 10."""
    scanned: list[int] = []

    def record(parsed: dict[str, Any], model: Any, **_: Any) -> None:
        if model.name == "Query":
            scanned.append(parsed.get("ScannedCount", 0))

    small, large = new_customer(), new_customer()
    product_id = new_product(stock=1000)
    write_orders(small, product_id, 10)
    write_orders(large, product_id, 300)
    dynamodb().meta.events.register("after-call.dynamodb", record)
    try:
        call("purchase_history", "/purchases", customer=small, params={"limit": "5"})
        call("purchase_history", "/purchases", customer=large, params={"limit": "5"})
    finally:
        dynamodb().meta.events.unregister("after-call.dynamodb", record)
    assert scanned == [5, 5]


def test_every_operation_reads_without_scan(sample: SampleData, dynamodb_calls: Counter[str]) -> None:
    customer = sample.customers[30]
    order = customer.orders[0].order_id
    product_id = new_product(stock=3)
    dynamodb_calls.clear()
    cid = customer.customer_id
    call("purchase_history", "/purchases", customer=cid, params={"limit": "20", "since": "2025-01-01"})
    call("purchase_history", "/purchases/{purchaseId}", customer=cid, params={"purchaseId": order})
    call("purchase_history", "/recommendations", customer=cid, params={"limit": "10"})
    call(
        "orders",
        "/products",
        customer=cid,
        params={"query": "wireless bluetooth speaker headphones", "limit": "10"},
    )
    placed = call("orders", "/orders", "POST", customer=cid, body={"productId": product_id, "quantity": 1})
    call("orders", "/orders/{orderId}", customer=cid, params={"orderId": placed.body["orderId"]})
    call(
        "orders", "/orders/{orderId}/cancel", "POST", customer=cid, params={"orderId": placed.body["orderId"]}
    )
    call("support", "/customers/{customerId}/purchases", customer=None, params={"customerId": cid})
    call("support", "/customers/{customerId}/recommendations", customer=None, params={"customerId": cid})
    assert dynamodb_calls, "the hook saw the calls"
    assert set(dynamodb_calls) <= READ_OPERATIONS | WRITE_OPERATIONS
    assert "Scan" not in dynamodb_calls


def test_bounded_trims_lists_and_says_so() -> None:
    payload = {"items": [{"text": "x" * 500} for _ in range(100)]}
    result = bounded(payload, "items", max_bytes=5_000)
    assert result["truncated"] is True
    assert encoded_size(result) <= 5_000
    assert 0 < len(result["items"]) < 100
    assert bounded({"items": [1, 2]}, "items")["truncated"] is False


def test_responses_stay_under_the_cap(sample: SampleData) -> None:
    reply = call("purchase_history", "/purchases", params={"limit": "20"})
    assert len(reply.text.encode()) <= MAX_BODY_BYTES

"""Call the action-group Lambdas the way Bedrock does, and make fresh test data."""

from __future__ import annotations

import itertools
import json
from typing import Any

import boto3

from action_groups.common.config import settings
from action_groups.orders.handler import lambda_handler as orders_handler
from action_groups.purchase_history.handler import lambda_handler as purchase_history_handler
from action_groups.store.dynamo import PRODUCT_SK, key, product_pk, to_item
from action_groups.store.search import index_items
from action_groups.support.handler import lambda_handler as support_handler
from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event

HANDLERS = {
    "purchase_history": purchase_history_handler,
    "orders": orders_handler,
    "support": support_handler,
}
_ids = itertools.count(9000)


class Reply:
    def __init__(self, event: dict[str, Any], raw: dict[str, Any]) -> None:
        self.event, self.raw = event, raw
        response = raw["response"]
        self.status: int = response["httpStatusCode"]
        self.text: str = response["responseBody"]["application/json"]["body"]
        self.body: dict[str, Any] = json.loads(self.text)

    @property
    def message(self) -> str:
        return str(self.body.get("message", ""))


def call(
    group: str,
    api_path: str,
    method: str = "GET",
    *,
    customer: str | None = "C0001",
    params: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
    session_id: str = "test-session",
    session_attributes: dict[str, str] | None = None,
) -> Reply:
    attributes = (
        session_attributes
        if session_attributes is not None
        else ({"customerId": customer} if customer else {})
    )
    event = action_group_event(
        action_group=group,
        api_path=api_path,
        http_method=method,
        parameters=params,
        body=body,
        session_attributes=attributes,
        session_id=session_id,
    )
    raw = HANDLERS[group](event, LocalLambdaContext())
    response = raw["response"]
    # Bedrock requires these echoed back exactly.
    assert (response["actionGroup"], response["apiPath"], response["httpMethod"]) == (group, api_path, method)
    return Reply(event, raw)


def new_product(
    *, stock: int, price_cents: int = 1999, name: str | None = None, category: str = "Office"
) -> str:
    """A product of its own for a test that changes stock (ids from PRD-9000 up)."""
    product_id = f"PRD-{next(_ids)}"
    label = name or f"Test Widget {product_id}"
    client = boto3.client("dynamodb")
    item = {
        "pk": product_pk(product_id),
        "sk": PRODUCT_SK,
        "entity": "PRODUCT",
        "product_id": product_id,
        "name": label,
        "category": category,
        "price_cents": price_cents,
        "stock": stock,
        "sales": 0,
    }
    client.put_item(TableName=settings().store_table, Item=to_item(item))
    for word in index_items(product_id, label, category):
        client.put_item(TableName=settings().store_table, Item=to_item(word))
    return product_id


def new_customer() -> str:
    """A customer id with no history at all (C9000 up)."""
    return f"C{next(_ids)}"


def product(product_id: str) -> dict[str, Any]:
    from action_groups.store.dynamo import from_item

    item = boto3.client("dynamodb").get_item(
        TableName=settings().store_table, Key=key(product_pk(product_id), PRODUCT_SK), ConsistentRead=True
    )["Item"]
    return from_item(item)


def write_orders(customer_id: str, product_id: str, count: int) -> None:
    """Write `count` delivered one-line orders straight to the table (history fixtures)."""
    from datetime import UTC, datetime, timedelta

    from action_groups.common.clock import iso
    from action_groups.store.dynamo import customer_pk, order_sk
    from local_bedrock.store.seed.writer import write_items

    start = datetime(2024, 1, 1, tzinfo=UTC)
    items = []
    for n in range(count):
        order_id = f"ORD-T{n:05d}"
        items.append(
            {
                "pk": customer_pk(customer_id),
                "sk": order_sk(order_id),
                "entity": "ORDER",
                "order_id": order_id,
                "customer_id": customer_id,
                "placed_at": iso(start + timedelta(hours=n)),
                "status": "DELIVERED",
                "lines": [
                    {
                        "product_id": product_id,
                        "name": "Test",
                        "category": "Office",
                        "quantity": 1,
                        "unit_price_cents": 100,
                    }
                ],
                "total_cents": 100,
                "item_count": 1,
            }
        )
    write_items(boto3.client("dynamodb"), settings().store_table, items)

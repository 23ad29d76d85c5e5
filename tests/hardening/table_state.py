"""Read the table the way an auditor would: consistent reads through a client of its own (no fault
hooks), so tests can compare what a request could have touched before and after it."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3

from action_groups.common.config import settings
from action_groups.store.dynamo import PRODUCT_SK, customer_pk, from_item, key, product_pk, to_item


def _client() -> Any:
    return _client_for(os.environ.get("AWS_ENDPOINT_URL_DYNAMODB"))


@cache
def _client_for(_endpoint: str | None) -> Any:
    # A session of its own: none of the event hooks the tests register on boto3's default session.
    return boto3.session.Session().client("dynamodb")


@dataclass(frozen=True)
class Snapshot:
    customer_items: dict[str, dict[str, Any]]  # sk -> item, the customer's whole partition
    products: dict[str, tuple[int, int]]  # productId -> (stock, sales)
    idempotency_records: int | None  # None: not read (a Scan, whose cost grows with the table)

    def orders(self) -> list[dict[str, Any]]:
        return [item for sk, item in sorted(self.customer_items.items()) if sk.startswith("ORDER#")]

    def owned(self) -> list[str]:
        return list(self.customer_items.get("OWNED", {}).get("products", []))


def customer_items(customer_id: str) -> dict[str, dict[str, Any]]:
    client, items = _client(), {}
    request: dict[str, Any] = {
        "TableName": settings().store_table,
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": customer_pk(customer_id)}},
        "ConsistentRead": True,
    }
    while True:
        page = client.query(**request)
        items.update({i["sk"]["S"]: from_item(i) for i in page.get("Items", [])})
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def product_counts(product_ids: list[str]) -> dict[str, tuple[int, int]]:
    """(stock, sales) of each product, -1 for a product not there: one BatchGetItem for them all."""
    found = get_many([(product_pk(product_id), PRODUCT_SK) for product_id in dict.fromkeys(product_ids)])
    counts = {}
    for product_id in product_ids:
        item = found.get((product_pk(product_id), PRODUCT_SK), {})
        counts[product_id] = (int(item.get("stock", -1)), int(item.get("sales", -1)))
    return counts


def get_many(keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The items at (pk, sk) keys that exist, by BatchGetItem (cheap where a Query is not: moto walks
    the whole table for every Query)."""
    client, table, found = _client(), settings().store_table, {}
    for start in range(0, len(keys), 100):
        pending = {
            table: {"Keys": [key(pk, sk) for pk, sk in keys[start : start + 100]], "ConsistentRead": True}
        }
        while pending:
            response = client.batch_get_item(RequestItems=pending)
            for item in response["Responses"].get(table, []):
                found[(item["pk"]["S"], item["sk"]["S"])] = from_item(item)
            pending = response.get("UnprocessedKeys") or {}
    return found


_product_ids = itertools.count(7000)


def put_product(stock: int, price_cents: int = 1999) -> str:
    """A product of a test's own (PRD-7000 up), written with one call (no search words)."""
    product_id = f"PRD-{next(_product_ids)}"
    item = {
        "pk": product_pk(product_id),
        "sk": PRODUCT_SK,
        "entity": "PRODUCT",
        "product_id": product_id,
        "name": f"Hardening Widget {product_id}",
        "category": "Office",
        "price_cents": price_cents,
        "stock": stock,
        "sales": 0,
    }
    _client().put_item(TableName=settings().store_table, Item=to_item(item))
    return product_id


def idempotency_records() -> int:
    response = _client().scan(TableName=settings().idempotency_table, Select="COUNT", ConsistentRead=True)
    return int(response["Count"])


def snapshot(customer_id: str, product_ids: list[str], *, idempotency: bool = True) -> Snapshot:
    records = idempotency_records() if idempotency else None
    return Snapshot(customer_items(customer_id), product_counts(product_ids), records)

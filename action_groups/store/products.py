"""Catalog reads: one product, many products, best sellers. Gets and queries only, and only the
attributes the operations use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from action_groups.common.config import dynamodb, settings
from action_groups.store.dynamo import BY_CATEGORY_SALES, PRODUCT_SK, Item, from_item, key, product_pk

BATCH_GET_LIMIT = 100
MAX_BATCH_ROUNDS = 5


class Projection(NamedTuple):
    """A ProjectionExpression with its attribute names (reserved words such as ``name`` need them)."""

    expression: str
    names: dict[str, str]

    def request(self) -> dict[str, Any]:
        fields: dict[str, Any] = {"ProjectionExpression": self.expression}
        if self.names:
            fields["ExpressionAttributeNames"] = self.names
        return fields


# What the operations read of a product: the views, ordering (price, stock) and ranking (sales).
PRODUCT = Projection("product_id, #n, category, price_cents, stock, sales", {"#n": "name"})


def get_product(product_id: str, *, consistent: bool = False) -> Item | None:
    response = dynamodb().get_item(
        TableName=settings().store_table,
        Key=key(product_pk(product_id), PRODUCT_SK),
        ConsistentRead=consistent,
        **PRODUCT.request(),
    )
    return from_item(response["Item"]) if "Item" in response else None


def batch_get(keys: list[dict[str, Any]], projection: Projection | None = None) -> list[Item]:
    """BatchGetItem with bounded retries of unprocessed keys (throttling under load)."""
    table = settings().store_table
    found: list[Item] = []
    for start in range(0, len(keys), BATCH_GET_LIMIT):
        request = {
            "Keys": keys[start : start + BATCH_GET_LIMIT],
            **(projection.request() if projection else {}),
        }
        pending: dict[str, Any] = {table: request}
        for _ in range(MAX_BATCH_ROUNDS):
            response = dynamodb().batch_get_item(RequestItems=pending)
            found.extend(from_item(i) for i in response.get("Responses", {}).get(table, []))
            pending = response.get("UnprocessedKeys") or {}
            if not pending:
                break
    return found


def get_products(product_ids: Iterable[str]) -> dict[str, Item]:
    ids = list(dict.fromkeys(product_ids))
    items = batch_get([key(product_pk(pid), PRODUCT_SK) for pid in ids], PRODUCT)
    return {item["product_id"]: item for item in items}


def best_sellers(category: str, *, limit: int) -> list[Item]:
    response = dynamodb().query(
        TableName=settings().store_table,
        IndexName=BY_CATEGORY_SALES,
        KeyConditionExpression="category = :c",
        ExpressionAttributeValues={":c": {"S": category}},
        ScanIndexForward=False,
        Limit=limit,
    )
    return [from_item(i) for i in response.get("Items", [])]

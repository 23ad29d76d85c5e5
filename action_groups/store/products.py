"""Catalog reads: one product, many products, word search, best sellers. Queries and gets only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from action_groups.common.config import dynamodb, settings
from action_groups.store.dynamo import (
    BY_CATEGORY_SALES,
    PRODUCT_SK,
    Item,
    from_item,
    key,
    product_pk,
    word_pk,
)
from action_groups.store.text import tokens

MAX_QUERY_TOKENS = 8
WORD_QUERY_LIMIT = 100
BATCH_GET_LIMIT = 100
MAX_BATCH_ROUNDS = 5


def get_product(product_id: str, *, consistent: bool = False) -> Item | None:
    response = dynamodb().get_item(
        TableName=settings().store_table,
        Key=key(product_pk(product_id), PRODUCT_SK),
        ConsistentRead=consistent,
    )
    return from_item(response["Item"]) if "Item" in response else None


def batch_get(keys: list[dict[str, Any]]) -> list[Item]:
    """BatchGetItem with bounded retries of unprocessed keys (throttling under load)."""
    table = settings().store_table
    found: list[Item] = []
    for start in range(0, len(keys), BATCH_GET_LIMIT):
        pending: dict[str, Any] = {table: {"Keys": keys[start : start + BATCH_GET_LIMIT]}}
        for _ in range(MAX_BATCH_ROUNDS):
            response = dynamodb().batch_get_item(RequestItems=pending)
            found.extend(from_item(i) for i in response.get("Responses", {}).get(table, []))
            pending = response.get("UnprocessedKeys") or {}
            if not pending:
                break
    return found


def get_products(product_ids: Iterable[str]) -> dict[str, Item]:
    ids = list(dict.fromkeys(product_ids))
    items = batch_get([key(product_pk(pid), PRODUCT_SK) for pid in ids])
    return {item["product_id"]: item for item in items}


def _matches(token: str) -> list[Item]:
    response = dynamodb().query(
        TableName=settings().store_table,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": word_pk(token)}},
        Limit=WORD_QUERY_LIMIT,
    )
    return [from_item(i) for i in response.get("Items", [])]


def search(text: str, *, category: str | None, limit: int) -> list[Item]:
    """Products matching the most query words; ties go to the better seller. Fresh stock and price."""
    words = tokens(text)[:MAX_QUERY_TOKENS]
    scores: dict[str, tuple[int, int]] = {}
    for word in words:
        for hit in _matches(word):
            matched, weight = scores.get(hit["product_id"], (0, 0))
            scores[hit["product_id"]] = (matched + 1, weight + int(hit.get("weight", 1)))
    if not scores:
        return []
    best = max(matched for matched, _ in scores.values())
    # Require most of the words: "red running shoes" should not list every red thing.
    needed = max(1, best - (1 if len(words) > 2 else 0))
    candidates = [pid for pid, (matched, _) in scores.items() if matched >= needed]
    products = get_products(candidates)
    wanted = category.strip().lower() if category else None
    ranked = sorted(
        (p for p in products.values() if wanted is None or p["category"].lower() == wanted),
        key=lambda p: (
            -scores[p["product_id"]][0],
            -scores[p["product_id"]][1],
            -p.get("sales", 0),
            p["product_id"],
        ),
    )
    return ranked[:limit]


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

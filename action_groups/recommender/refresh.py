"""Keep the precomputed reads fresh: a customer's suggestions, and the best sellers per category.

Run by the stream consumer for every change of a customer's OWNED item (each order placed), so the
read path (``action_groups.store.recommendations``) reads a bounded, precomputed list instead of
ranking at request time. Each refresh reads a bounded number of items: one Query of the newest
orders, one BatchGetItem of at most MAX_SEEDS neighbour lists (their ``neighbours`` only), and one
best-seller Query per category of the newest order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from action_groups.common.clock import iso, utcnow
from action_groups.common.config import dynamodb, settings
from action_groups.recommender import ranking
from action_groups.recommender.maps import set_in_map
from action_groups.store.dynamo import (
    BEST_SELLERS_SK,
    COPURCHASE_SK,
    RECOMMENDED_SK,
    STATS_PK,
    customer_pk,
    key,
    product_pk,
    to_item,
)
from action_groups.store.orders import list_orders
from action_groups.store.products import Projection, batch_get, best_sellers

BEST_SELLERS_KEPT = 10
NEIGHBOURS = Projection("pk, neighbours", {})


def suggestions_item(
    customer_id: str, chosen: list[ranking.Seed], suggestions: list[dict[str, str]]
) -> dict[str, Any]:
    """The RECOMMENDED item of one customer (the seed writes the same item)."""
    return {
        "pk": customer_pk(customer_id),
        "sk": RECOMMENDED_SK,
        "entity": "RECOMMENDED",
        "customer_id": customer_id,
        "suggestions": suggestions,
        "categories": ranking.categories(chosen),
    }


def refresh_customer(customer_id: str, owned: set[str]) -> list[dict[str, Any]]:
    """Recompute and store one customer's suggestions; returns the newest orders it read."""
    orders, _ = list_orders(customer_id, limit=ranking.SEED_ORDERS)
    chosen = ranking.seeds(orders)
    lists = {
        item["pk"].removeprefix("PRODUCT#"): item.get("neighbours", [])
        for item in batch_get([key(product_pk(s.product_id), COPURCHASE_SK) for s in chosen], NEIGHBOURS)
    }
    item = suggestions_item(customer_id, chosen, ranking.co_purchased(chosen, lists, owned))
    dynamodb().put_item(TableName=settings().store_table, Item=to_item({**item, "updated_at": iso(utcnow())}))
    return orders


def refresh_best_sellers(categories: Iterable[str]) -> None:
    """Re-read the top sellers of these categories (by the sales index) into the BESTSELLERS item."""
    for category in sorted(set(categories)):
        top = [p["product_id"] for p in best_sellers(category, limit=BEST_SELLERS_KEPT)]
        set_in_map(STATS_PK, BEST_SELLERS_SK, "best_sellers", category, top, entity="STATS")

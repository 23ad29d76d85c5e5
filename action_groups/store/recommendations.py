"""Next-purchase suggestions for one customer, from precomputed co-purchase neighbours.

Reads per call are bounded: one GetItem (owned set), one Query (5 newest purchases), one
BatchGetItem (neighbour lists of at most 10 seed products), one BatchGetItem (candidate products),
and, only when too few suggestions remain, a few best-seller Queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from action_groups.categories import CATEGORIES
from action_groups.store.customers import owned_products
from action_groups.store.dynamo import COPURCHASE_SK, Item, key, product_pk
from action_groups.store.orders import list_orders
from action_groups.store.products import batch_get, best_sellers, get_products

SEED_ORDERS = 5
MAX_SEEDS = 10
RECENCY_DECAY = 0.25
MAX_BEST_SELLERS_READ = 25


@dataclass(frozen=True)
class Suggestion:
    product: Item
    reason: str


def _seeds(customer_id: str) -> list[dict[str, str]]:
    orders, _ = list_orders(customer_id, limit=SEED_ORDERS)
    seen: dict[str, dict[str, str]] = {}
    for order in orders:
        if order.get("status") == "CANCELLED":
            continue
        for line in order.get("lines", []):
            seen.setdefault(line["product_id"], {"name": line["name"], "category": line["category"]})
    return [{"product_id": pid, **info} for pid, info in list(seen.items())[:MAX_SEEDS]]


def _co_purchased(seeds: list[dict[str, str]], owned: set[str]) -> list[tuple[str, float, str]]:
    lists = {
        item["pk"].removeprefix("PRODUCT#"): item.get("neighbours", [])
        for item in batch_get([key(product_pk(s["product_id"]), COPURCHASE_SK) for s in seeds])
    }
    score: dict[str, float] = defaultdict(float)
    because: dict[str, tuple[float, str]] = {}
    for rank, seed in enumerate(seeds):
        weight = 1.0 / (1.0 + RECENCY_DECAY * rank)
        for neighbour in lists.get(seed["product_id"], []):
            other = neighbour["product_id"]
            if other in owned:
                continue
            contribution = float(neighbour["score"]) * weight
            score[other] += contribution
            if contribution > because.get(other, (0.0, ""))[0]:
                because[other] = (contribution, seed["name"])
    ranked = sorted(score.items(), key=lambda pair: (-pair[1], pair[0]))
    return [(pid, s, because[pid][1]) for pid, s in ranked]


def recommend(customer_id: str, *, limit: int) -> list[Suggestion]:
    owned = owned_products(customer_id)
    seeds = _seeds(customer_id)
    chosen: list[Suggestion] = []
    ranked = _co_purchased(seeds, owned)[: limit * 3]
    products = get_products(pid for pid, _, _ in ranked)
    for pid, _, seed_name in ranked:
        product = products.get(pid)
        if product and int(product.get("stock", 0)) > 0 and len(chosen) < limit:
            chosen.append(Suggestion(product, f"Often bought with {seed_name}"))
    if len(chosen) < limit:
        chosen.extend(
            _fallback(seeds, owned | {s.product["product_id"] for s in chosen}, limit - len(chosen))
        )
    return chosen


def _fallback(seeds: list[dict[str, str]], exclude: set[str], needed: int) -> list[Suggestion]:
    """Best sellers: first in the categories the customer bought from recently, then everywhere."""
    categories = list(dict.fromkeys(s["category"] for s in seeds))
    categories += [c for c in CATEGORIES if c not in categories]
    picked: list[Suggestion] = []
    for category in categories:
        for product in best_sellers(category, limit=min(needed + len(exclude), MAX_BEST_SELLERS_READ)):
            if product["product_id"] not in exclude and int(product.get("stock", 0)) > 0:
                picked.append(Suggestion(product, f"Best seller in {category}"))
                exclude = exclude | {product["product_id"]}
                if len(picked) == needed:
                    return picked
    return picked

"""Next-purchase suggestions for one customer, read from what the recommender precomputed.

Two calls, a bounded number of items whatever the history or catalog size: one BatchGetItem of the
customer's OWNED set, their RECOMMENDED list (co-purchase suggestions, kept fresh by the stream
consumer) and the BESTSELLERS item (top sellers per category); then one BatchGetItem of at most
``limit + SPARE`` candidate products for fresh stock and price. Owned products are left out here
too, so an order placed a moment ago is never suggested while the stream is still catching up.
Without enough co-purchase suggestions (a new customer, stock-outs), best sellers fill in: first in
the categories the customer bought from recently, then in every category.
"""

from __future__ import annotations

from dataclasses import dataclass

from action_groups.categories import CATEGORIES
from action_groups.store.dynamo import (
    BEST_SELLERS_SK,
    OWNED_SK,
    RECOMMENDED_SK,
    STATS_PK,
    Item,
    customer_pk,
    key,
)
from action_groups.store.products import Projection, batch_get, get_products

SPARE = 10  # extra candidates read, so a few stock-outs still leave a full page
PRECOMPUTED = Projection("sk, products, suggestions, categories, best_sellers", {})


@dataclass(frozen=True)
class Suggestion:
    product: Item
    reason: str


def _candidates(
    owned: set[str], recommended: Item, best: dict[str, list[str]], wanted: int
) -> list[tuple[str, str]]:
    picked: dict[str, str] = {}
    for suggestion in recommended.get("suggestions", []):
        if suggestion["product_id"] not in owned:
            picked.setdefault(suggestion["product_id"], suggestion["reason"])
    categories = list(dict.fromkeys([*recommended.get("categories", []), *CATEGORIES]))
    for category in categories:
        for product_id in best.get(category, []):
            if product_id not in owned:
                picked.setdefault(product_id, f"Best seller in {category}")
    return list(picked.items())[:wanted]


def recommend(customer_id: str, *, limit: int) -> list[Suggestion]:
    keys = [key(customer_pk(customer_id), OWNED_SK), key(customer_pk(customer_id), RECOMMENDED_SK)]
    found = {item["sk"]: item for item in batch_get([*keys, key(STATS_PK, BEST_SELLERS_SK)], PRECOMPUTED)}
    owned = set(found.get(OWNED_SK, {}).get("products", []))
    best = found.get(BEST_SELLERS_SK, {}).get("best_sellers", {})
    candidates = _candidates(owned, found.get(RECOMMENDED_SK, {}), best, limit + SPARE)
    products = get_products(pid for pid, _ in candidates)
    chosen = [
        Suggestion(products[pid], reason)
        for pid, reason in candidates
        if pid in products and int(products[pid].get("stock", 0)) > 0
    ]
    return chosen[:limit]

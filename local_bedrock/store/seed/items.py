"""Sample data -> the exact items the store table holds (see README, "Data model")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from action_groups.recommender import ranking
from action_groups.recommender.refresh import BEST_SELLERS_KEPT, suggestions_item
from action_groups.recommender.scores import neighbours, totals
from action_groups.store.dynamo import (
    BEST_SELLERS_SK,
    BUYERS_SK,
    COPURCHASE_SK,
    OWNED_SK,
    PRODUCT_SK,
    PROFILE_SK,
    STATS_PK,
    customer_pk,
    order_sk,
    product_pk,
)
from action_groups.store.search import index_items
from local_bedrock.store.seed.catalog import CatalogProduct
from local_bedrock.store.seed.customers import Customer, order_record

TIERS = ((200_000, "Gold"), (80_000, "Silver"), (0, "Bronze"))


def product_items(product: CatalogProduct, sales: int) -> Iterator[dict[str, Any]]:
    yield {
        "pk": product_pk(product.product_id),
        "sk": PRODUCT_SK,
        "entity": "PRODUCT",
        "product_id": product.product_id,
        "name": product.name,
        "category": product.category,
        "price_cents": product.price_cents,
        "stock": product.stock,
        "sales": sales,
    }
    yield from index_items(product.product_id, product.name, product.category)


def customer_items(customer: Customer, lists: dict[str, list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    spend = sum(line.quantity * line.product.price_cents for o in customer.orders for line in o.lines)
    yield {
        "pk": customer_pk(customer.customer_id),
        "sk": PROFILE_SK,
        "entity": "CUSTOMER",
        "customer_id": customer.customer_id,
        "name": customer.name,
        "email": customer.email,
        "city": customer.city,
        "tier": next(tier for threshold, tier in TIERS if spend >= threshold),
    }
    yield {
        "pk": customer_pk(customer.customer_id),
        "sk": OWNED_SK,
        "entity": "OWNED",
        "customer_id": customer.customer_id,
        "products": set(owned(customer)),
    }
    for order in customer.orders:
        record = order_record(customer, order)
        yield {
            "pk": customer_pk(customer.customer_id),
            "sk": order_sk(order.order_id),
            "entity": "ORDER",
            **record,
        }
    newest = [order_record(customer, order) for order in customer.orders[: ranking.SEED_ORDERS]]
    chosen = ranking.seeds(newest)
    yield suggestions_item(customer.customer_id, chosen, ranking.co_purchased(chosen, lists, owned(customer)))


def owned(customer: Customer) -> set[str]:
    """Every product the customer ever ordered (cancelling does not un-own: see README)."""
    return {line.product.product_id for order in customer.orders for line in order.lines}


def all_items(catalog: list[CatalogProduct], customers: list[Customer]) -> Iterator[dict[str, Any]]:
    sales: dict[str, int] = {}
    for customer in customers:
        for order in customer.orders:
            if order.status != "CANCELLED":
                for line in order.lines:
                    sales[line.product.product_id] = sales.get(line.product.product_id, 0) + line.quantity
    for product in catalog:
        yield from product_items(product, sales.get(product.product_id, 0))
    buyers, pairs = totals(owned(c) for c in customers)
    counts = {p.product_id: pairs.get(p.product_id, {}) for p in catalog}
    lists = {pid: neighbours(n, buyers, buyers.get(pid, 0)) for pid, n in counts.items()}
    for customer in customers:
        yield from customer_items(customer, lists)
    yield {"pk": STATS_PK, "sk": BUYERS_SK, "entity": "STATS", "counts": buyers}
    for product in catalog:
        yield {
            "pk": product_pk(product.product_id),
            "sk": COPURCHASE_SK,
            "entity": "COPURCHASE",
            "counts": counts[product.product_id],
            "neighbours": lists[product.product_id],
        }
    yield best_sellers_item(catalog, sales)


def best_sellers_item(catalog: list[CatalogProduct], sales: dict[str, int]) -> dict[str, Any]:
    """What the recommender's best-seller refresh would store: top sellers per category, as the sales
    index orders them (descending sales; DynamoDB leaves the order of ties open, moto orders them by
    descending key, and so does this)."""
    ranked = sorted(catalog, key=lambda p: (sales.get(p.product_id, 0), p.product_id), reverse=True)
    best: dict[str, list[str]] = {}
    for product in ranked:
        kept = best.setdefault(product.category, [])
        if len(kept) < BEST_SELLERS_KEPT:
            kept.append(product.product_id)
    return {"pk": STATS_PK, "sk": BEST_SELLERS_SK, "entity": "STATS", "best_sellers": best}

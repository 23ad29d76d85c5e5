"""Sample data -> the exact items the store table holds (see README, "Data model")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from action_groups.recommender.scores import neighbours, totals
from action_groups.store.dynamo import (
    BUYERS_SK,
    COPURCHASE_SK,
    OWNED_SK,
    PRODUCT_SK,
    PROFILE_SK,
    STATS_PK,
    customer_pk,
    order_sk,
    product_pk,
    word_pk,
)
from action_groups.store.text import tokens
from local_bedrock.store.seed.catalog import CatalogProduct
from local_bedrock.store.seed.customers import Customer, order_record

NAME_WEIGHT = 2
CATEGORY_WEIGHT = 1
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
    weights: dict[str, int] = {}
    for token in tokens(product.category):
        weights[token] = CATEGORY_WEIGHT
    for token in tokens(product.name):
        weights[token] = NAME_WEIGHT
    for token, weight in weights.items():
        yield {
            "pk": word_pk(token),
            "sk": product_pk(product.product_id),
            "entity": "WORD",
            "product_id": product.product_id,
            "weight": weight,
        }


def customer_items(customer: Customer) -> Iterator[dict[str, Any]]:
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
    for customer in customers:
        yield from customer_items(customer)
    buyers, pairs = totals(owned(c) for c in customers)
    yield {"pk": STATS_PK, "sk": BUYERS_SK, "entity": "STATS", "counts": buyers}
    for product in catalog:
        counts = pairs.get(product.product_id, {})
        yield {
            "pk": product_pk(product.product_id),
            "sk": COPURCHASE_SK,
            "entity": "COPURCHASE",
            "counts": counts,
            "neighbours": neighbours(counts, buyers, buyers.get(product.product_id, 0)),
        }

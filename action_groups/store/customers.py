"""Customer reads: profile and the set of products the customer has ever ordered."""

from __future__ import annotations

from action_groups.common.config import dynamodb, settings
from action_groups.store.dynamo import OWNED_SK, PROFILE_SK, Item, customer_pk, from_item, key


def get_profile(customer_id: str) -> Item | None:
    response = dynamodb().get_item(
        TableName=settings().store_table, Key=key(customer_pk(customer_id), PROFILE_SK)
    )
    return from_item(response["Item"]) if "Item" in response else None


def owned_products(customer_id: str) -> set[str]:
    response = dynamodb().get_item(
        TableName=settings().store_table,
        Key=key(customer_pk(customer_id), OWNED_SK),
        ProjectionExpression="products",
    )
    return set(from_item(response.get("Item", {})).get("products", []))

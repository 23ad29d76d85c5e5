"""Customer reads: whether a customer exists, and the set of products the customer has ever ordered."""

from __future__ import annotations

from action_groups.common.config import dynamodb, settings
from action_groups.store.dynamo import OWNED_SK, PROFILE_SK, customer_pk, from_item, key


def customer_exists(customer_id: str) -> bool:
    response = dynamodb().get_item(
        TableName=settings().store_table,
        Key=key(customer_pk(customer_id), PROFILE_SK),
        ProjectionExpression="pk",  # existence is all the caller asks: not the name, email or city
    )
    return "Item" in response


def owned_products(customer_id: str) -> set[str]:
    response = dynamodb().get_item(
        TableName=settings().store_table,
        Key=key(customer_pk(customer_id), OWNED_SK),
        ProjectionExpression="products",
    )
    return set(from_item(response.get("Item", {})).get("products", []))

"""Small helpers over the low-level DynamoDB client: (de)serialization and key builders."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

Item = dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _dynamo_ready(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: _dynamo_ready(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_dynamo_ready(v) for v in value]
    return value


def to_item(data: Mapping[str, Any]) -> dict[str, Any]:
    """Python values -> DynamoDB attribute values; None attributes are left out."""
    return {k: _serializer.serialize(_dynamo_ready(v)) for k, v in data.items() if v is not None}


def to_value(value: Any) -> dict[str, Any]:
    return _serializer.serialize(_dynamo_ready(value))


def from_item(item: Mapping[str, Any]) -> Item:
    """DynamoDB attribute values -> plain Python (ints for whole numbers, sorted lists for sets)."""
    return {k: _plain(_deserializer.deserialize(v)) for k, v in item.items()}


def key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": sk}}


# Key builders: every key the application reads or writes is made here.
def customer_pk(customer_id: str) -> str:
    return f"CUSTOMER#{customer_id}"


def order_sk(order_id: str) -> str:
    return f"ORDER#{order_id}"


def product_pk(product_id: str) -> str:
    return f"PRODUCT#{product_id}"


def word_pk(token: str) -> str:
    return f"WORD#{token}"


PROFILE_SK = "PROFILE"
OWNED_SK = "OWNED"
PRODUCT_SK = "PRODUCT"
COPURCHASE_SK = "COPURCHASE"
RECOMMENDED_SK = "RECOMMENDED"  # the customer's precomputed suggestions (kept by the recommender)
STATS_PK = "STATS"
BUYERS_SK = "BUYERS"
BEST_SELLERS_SK = "BESTSELLERS"  # top sellers per category (kept by the recommender)

BY_PLACED_AT = "by_placed_at"
BY_CATEGORY_SALES = "by_category_sales"

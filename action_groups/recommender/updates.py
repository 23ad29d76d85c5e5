"""Apply one customer's ownership change to the stored co-purchase counts and neighbour lists.

Counts are incremented with atomic ADD on map entries; each touched product's neighbour list is then
recomputed from its fresh counts. Only products whose counts changed are rewritten.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from action_groups.common.config import dynamodb, settings
from action_groups.recommender.scores import Counts, neighbours
from action_groups.store.dynamo import (
    BUYERS_SK,
    COPURCHASE_SK,
    STATS_PK,
    from_item,
    key,
    product_pk,
    to_value,
)


def _add_to_map(pk: str, sk: str, increments: dict[str, int], entity: str) -> dict[str, Any]:
    """ADD each increment to counts.<product>; create the map on first use. Returns the new item."""
    names = {f"#k{i}": product for i, product in enumerate(increments)}
    values = {f":v{i}": to_value(n) for i, n in enumerate(increments.values())}
    request = {
        "TableName": settings().store_table,
        "Key": key(pk, sk),
        "UpdateExpression": "ADD " + ", ".join(f"counts.#k{i} :v{i}" for i in range(len(increments))),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ReturnValues": "ALL_NEW",
    }
    try:
        return from_item(dynamodb().update_item(**request)["Attributes"])
    except ClientError as error:
        if error.response["Error"]["Code"] != "ValidationException":
            raise
    # The counts map does not exist yet: create it (only if still absent), then add.
    dynamodb().update_item(
        TableName=settings().store_table,
        Key=key(pk, sk),
        UpdateExpression="SET counts = if_not_exists(counts, :empty), entity = :entity",
        ExpressionAttributeValues={":empty": {"M": {}}, ":entity": {"S": entity}},
    )
    return from_item(dynamodb().update_item(**request)["Attributes"])


def apply(buyer_increments: dict[str, int], pair_increments: Counts) -> set[str]:
    """Returns the products whose neighbour lists were rewritten."""
    if not buyer_increments and not pair_increments:
        return set()
    buyers = _add_to_map(STATS_PK, BUYERS_SK, buyer_increments, "STATS").get("counts", {})
    for product, others in sorted(pair_increments.items()):
        item = _add_to_map(product_pk(product), COPURCHASE_SK, others, "COPURCHASE")
        ranked = neighbours(item.get("counts", {}), buyers, int(buyers.get(product, 0)))
        dynamodb().update_item(
            TableName=settings().store_table,
            Key=key(product_pk(product), COPURCHASE_SK),
            UpdateExpression="SET neighbours = :n",
            ExpressionAttributeValues={":n": to_value(ranked)},
        )
    return set(pair_increments)

"""Apply one customer's ownership change to the stored co-purchase counts and neighbour lists.

Counts are incremented with atomic ADD on map entries; each touched product's neighbour list is then
recomputed from its fresh counts. Only products whose counts changed are rewritten.
"""

from __future__ import annotations

from action_groups.common.config import dynamodb, settings
from action_groups.recommender.maps import add_to_map
from action_groups.recommender.scores import Counts, neighbours
from action_groups.store.dynamo import BUYERS_SK, COPURCHASE_SK, STATS_PK, key, product_pk, to_value


def apply(buyer_increments: dict[str, int], pair_increments: Counts) -> set[str]:
    """Returns the products whose neighbour lists were rewritten."""
    if not buyer_increments and not pair_increments:
        return set()
    buyers = add_to_map(STATS_PK, BUYERS_SK, "counts", buyer_increments, "STATS").get("counts", {})
    for product, others in sorted(pair_increments.items()):
        item = add_to_map(product_pk(product), COPURCHASE_SK, "counts", others, "COPURCHASE")
        ranked = neighbours(item.get("counts", {}), buyers, int(buyers.get(product, 0)))
        dynamodb().update_item(
            TableName=settings().store_table,
            Key=key(product_pk(product), COPURCHASE_SK),
            UpdateExpression="SET neighbours = :n",
            ExpressionAttributeValues={":n": to_value(ranked)},
        )
    return set(pair_increments)

"""Update one member of a map attribute in place (counts.<product>, best_sellers.<category>).

DynamoDB cannot update ``map.member`` while ``map`` does not exist yet (ValidationException): the
map is then created empty, only if still absent, and the update repeated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from action_groups.common.config import dynamodb, settings
from action_groups.store.dynamo import Item, from_item, key, to_value


def _update(request: dict[str, Any], pk: str, sk: str, attribute: str, entity: str) -> dict[str, Any]:
    try:
        return dict(dynamodb().update_item(**request))
    except ClientError as error:
        if error.response["Error"]["Code"] != "ValidationException":
            raise
    dynamodb().update_item(
        TableName=settings().store_table,
        Key=key(pk, sk),
        UpdateExpression="SET #m = if_not_exists(#m, :empty), entity = :entity",
        ExpressionAttributeNames={"#m": attribute},
        ExpressionAttributeValues={":empty": {"M": {}}, ":entity": {"S": entity}},
    )
    return dict(dynamodb().update_item(**request))


def add_to_map(pk: str, sk: str, attribute: str, increments: Mapping[str, int], entity: str) -> Item:
    """ADD each increment to ``attribute.<member>``. Returns the whole new item."""
    names = {"#m": attribute} | {f"#k{i}": member for i, member in enumerate(increments)}
    values = {f":v{i}": to_value(n) for i, n in enumerate(increments.values())}
    request = {
        "TableName": settings().store_table,
        "Key": key(pk, sk),
        "UpdateExpression": "ADD " + ", ".join(f"#m.#k{i} :v{i}" for i in range(len(increments))),
        "ExpressionAttributeNames": names,
        "ExpressionAttributeValues": values,
        "ReturnValues": "ALL_NEW",
    }
    return from_item(_update(request, pk, sk, attribute, entity)["Attributes"])


def set_in_map(pk: str, sk: str, attribute: str, member: str, value: Any, *, entity: str) -> None:
    """SET ``attribute.<member>`` to ``value``."""
    request = {
        "TableName": settings().store_table,
        "Key": key(pk, sk),
        "UpdateExpression": "SET #m.#k = :v",
        "ExpressionAttributeNames": {"#m": attribute, "#k": member},
        "ExpressionAttributeValues": {":v": to_value(value)},
    }
    _update(request, pk, sk, attribute, entity)

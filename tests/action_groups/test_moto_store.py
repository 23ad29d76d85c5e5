"""The local DynamoDB must be as all-or-nothing as the real one, or the order tests prove nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.exceptions import ClientError

from action_groups.common.config import settings
from action_groups.store.dynamo import PRODUCT_SK, key, product_pk
from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import new_product, product


def _snapshot(product_id: str) -> tuple[int, dict | None, dict]:
    client = boto3.client("dynamodb")
    table = settings().store_table
    count = client.describe_table(TableName=table)["Table"]["ItemCount"]
    new = client.get_item(TableName=table, Key=key("NEW", "X")).get("Item")
    return count, new, client.get_item(TableName=table, Key=key(product_pk(product_id), PRODUCT_SK))["Item"]


def test_failed_transaction_changes_nothing(sample: SampleData) -> None:
    target = new_product(stock=3)
    before = _snapshot(target)
    with pytest.raises(ClientError) as error:
        boto3.client("dynamodb").transact_write_items(
            TransactItems=[
                {"Put": {"TableName": settings().store_table, "Item": key("NEW", "X")}},
                {
                    "Update": {
                        "TableName": settings().store_table,
                        "Key": key(product_pk(target), PRODUCT_SK),
                        "UpdateExpression": "SET stock = :zero",
                        "ExpressionAttributeValues": {":zero": {"N": "0"}},
                    }
                },
                {
                    "ConditionCheck": {
                        "TableName": settings().store_table,
                        "Key": key("NOPE", "NOPE"),
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
            ]
        )
    assert error.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert _snapshot(target) == before


def test_conditional_writes_are_atomic_across_threads(sample: SampleData) -> None:
    target = new_product(stock=10)

    def take_one(_: int) -> bool:
        try:
            boto3.client("dynamodb").update_item(
                TableName=settings().store_table,
                Key=key(product_pk(target), PRODUCT_SK),
                UpdateExpression="SET stock = stock - :one",
                ConditionExpression="stock >= :one",
                ExpressionAttributeValues={":one": {"N": "1"}},
            )
            return True
        except ClientError:
            return False

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(take_one, range(60)))
    assert sum(results) == 10
    assert product(target)["stock"] == 0

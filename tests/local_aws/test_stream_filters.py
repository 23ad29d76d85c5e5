"""The local AWS's DynamoDB stream event source mappings honour FilterCriteria as Lambda does
(local_bedrock/aws/moto_fixes.py): a record no filter matches never reaches the function; a matching
one does, and so does any record when a pattern uses an operator the fix does not evaluate."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local_bedrock.aws import moto_fixes

TABLE, FUNCTION = "stream-filters-store", "stream-filters-recommender"
LOG_GROUP = f"/aws/lambda/{FUNCTION}"
OWNED_ONLY = {"eventName": ["INSERT", "MODIFY"], "dynamodb": {"NewImage": {"entity": {"S": ["OWNED"]}}}}


def _record(event: str, entity: str) -> dict[str, Any]:
    return {"eventName": event, "dynamodb": {"NewImage": {"entity": {"S": entity}}}}


def test_plain_values_tell_records_apart() -> None:
    assert moto_fixes._matches(OWNED_ONLY, _record("INSERT", "OWNED"))
    assert moto_fixes._matches(OWNED_ONLY, _record("MODIFY", "OWNED"))
    assert not moto_fixes._matches(OWNED_ONLY, _record("INSERT", "ORDER"))
    assert not moto_fixes._matches(OWNED_ONLY, _record("REMOVE", "OWNED"))
    assert not moto_fixes._matches(OWNED_ONLY, {"eventName": "INSERT", "dynamodb": {}})
    assert moto_fixes._matches({"tags": ["a"]}, {"tags": ["b", "a"]})  # an array matches by any element
    # Operators (prefix, numeric, exists, anything-but): not evaluated, so never a reason to drop.
    assert moto_fixes._matches({"eventName": [{"prefix": "X"}]}, _record("INSERT", "ORDER"))


@pytest.fixture
def stream(in_process_aws: None) -> Iterator[tuple[Any, Any, str, str]]:
    # In-process moto for every client: the session's store would take the DynamoDB calls to another
    # process than the Lambda ones.
    moto_fixes.apply()
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        lambdas = boto3.client("lambda", region_name="us-east-1")
        table = dynamodb.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]
        role = boto3.client("iam", region_name="us-east-1").create_role(
            RoleName=f"recommender-{uuid.uuid4().hex[:8]}", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
        function = lambdas.create_function(
            FunctionName=FUNCTION,
            Runtime="python3.13",
            Role=role,
            Handler="handler.handler",
            Code={"ZipFile": code.getvalue()},
        )["FunctionArn"]
        yield dynamodb, lambdas, table["LatestStreamArn"], function
        lambdas.delete_function(FunctionName=FUNCTION)
        boto3.client("logs", region_name="us-east-1").delete_log_group(logGroupName=LOG_GROUP)
        dynamodb.delete_table(TableName=TABLE)


def _invocations() -> int:
    """moto's Lambda writes a log stream for every invocation (its Docker start fails here or not)."""
    logs = boto3.client("logs", region_name="us-east-1")
    groups = logs.describe_log_groups(logGroupNamePrefix=LOG_GROUP)["logGroups"]
    if not groups:
        return 0
    return len(logs.describe_log_streams(logGroupName=LOG_GROUP)["logStreams"])


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [(OWNED_ONLY, [0, 1, 1, 2]), ({"eventName": [{"prefix": "IN"}]}, [1, 2, 3, 4]), (None, [1, 2, 3, 4])],
)
def test_only_matching_records_invoke_the_function(
    stream: tuple[Any, Any, str, str], pattern: dict[str, Any] | None, expected: list[int]
) -> None:
    dynamodb, lambdas, stream_arn, function = stream
    filters = {"FilterCriteria": {"Filters": [{"Pattern": json.dumps(pattern)}]}} if pattern else {}
    lambdas.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName=function, StartingPosition="LATEST", **filters
    )
    seen = []
    for pk, entity in (("C1#ORDER", "ORDER"), ("C1#OWNED", "OWNED"), ("C2#PRODUCT", "PRODUCT")):
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": pk}, "entity": {"S": entity}})
        seen.append(_invocations())
    dynamodb.put_item(
        TableName=TABLE, Item={"pk": {"S": "C1#OWNED"}, "entity": {"S": "OWNED"}, "n": {"N": "2"}}
    )
    seen.append(_invocations())
    assert seen == expected

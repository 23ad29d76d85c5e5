"""The local AWS answers a repeated Lambda AddPermission or CreateEventSourceMapping as AWS does, with
ResourceConflictException (409), lists a function's mappings by any form of its name, and dates KMS
aliases (local_bedrock/aws/moto_fixes.py). A create the provider's SDK repeats then fails here as on
AWS, and deploy.adopt has what it reads on AWS."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local_bedrock.aws import moto_fixes

AGENT = "arn:aws:bedrock:us-east-1:123456789012:agent/AGENT12345"


@pytest.fixture
def aws(in_process_aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    moto_fixes.apply()
    with mock_aws():
        clients = {s: boto3.client(s, region_name="us-east-1") for s in ("lambda", "dynamodb", "iam", "kms")}
        role = clients["iam"].create_role(RoleName="repeated", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("handler.py", "def handler(event, context):\n    return None\n")
        for name in ("recommender", "other"):
            clients["lambda"].create_function(
                FunctionName=name,
                Runtime="python3.13",
                Role=role,
                Handler="handler.handler",
                Code={"ZipFile": code.getvalue()},
            )
        yield clients


def _conflict(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    error = raised.value.response
    assert error["Error"]["Code"] == "ResourceConflictException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 409
    return str(error["Error"]["Message"])


def test_a_second_permission_with_the_same_statement_id_conflicts(aws: dict[str, Any]) -> None:
    lambdas = aws["lambda"]
    permission = {
        "FunctionName": "recommender",
        "StatementId": "AllowBedrockAgent-assistant",
        "Action": "lambda:InvokeFunction",
        "Principal": "bedrock.amazonaws.com",
        "SourceArn": AGENT,
    }
    lambdas.add_permission(**permission)
    message = _conflict(lambdas.add_permission, **permission)
    assert message.startswith("The statement id (AllowBedrockAgent-assistant) provided already exists.")
    # another statement id, or the same one on another function, is a new statement
    lambdas.add_permission(**{**permission, "StatementId": "AllowBedrockAgent-support"})
    lambdas.add_permission(**{**permission, "FunctionName": "other"})
    # removed, the statement id is free again (a replacement deletes, then creates)
    lambdas.remove_permission(FunctionName="recommender", StatementId="AllowBedrockAgent-assistant")
    lambdas.add_permission(**permission)
    sids = [
        s["Sid"] for s in json.loads(lambdas.get_policy(FunctionName="recommender")["Policy"])["Statement"]
    ]
    assert sorted(sids) == ["AllowBedrockAgent-assistant", "AllowBedrockAgent-support"]


def _stream(dynamodb: Any, name: str) -> str:
    return str(
        dynamodb.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]["LatestStreamArn"]
    )


def _map(lambdas: Any, stream: str, function: str) -> str:
    """CreateEventSourceMapping as Terraform calls it (terraform/lambda.tf); the mapping's UUID."""
    mapping = lambdas.create_event_source_mapping(
        EventSourceArn=stream, FunctionName=function, StartingPosition="LATEST"
    )
    return str(mapping["UUID"])


def _stream_and_function(aws: dict[str, Any]) -> tuple[str, str]:
    """The store's stream and the recommender's ARN."""
    function = aws["lambda"].get_function(FunctionName="recommender")["Configuration"]["FunctionArn"]
    return _stream(aws["dynamodb"], "store"), str(function)


def test_a_second_mapping_of_one_stream_to_one_function_conflicts(aws: dict[str, Any]) -> None:
    lambdas = aws["lambda"]
    stream, function = _stream_and_function(aws)
    first = _map(lambdas, stream, function)
    # by name or by ARN, it is the same function
    for name in (function, "recommender"):
        message = _conflict(
            lambdas.create_event_source_mapping,
            EventSourceArn=stream,
            FunctionName=name,
            StartingPosition="LATEST",
        )
        assert message == (
            f'The event source arn (" {stream} ") and function (" recommender ") provided mapping already '
            f"exists. Please update or delete the existing mapping with UUID {first}"
        )
    # another function, or another table's stream, is a new mapping
    _map(lambdas, stream, "other")
    _map(lambdas, _stream(aws["dynamodb"], "archive"), function)
    # deleted, the pair is free again (a replacement deletes, then creates)
    lambdas.delete_event_source_mapping(UUID=first)
    _map(lambdas, stream, function)


def test_mappings_are_listed_by_the_functions_name_arn_or_partial_arn(aws: dict[str, Any]) -> None:
    lambdas = aws["lambda"]
    stream, function = _stream_and_function(aws)
    made = _map(lambdas, stream, function)
    _map(lambdas, stream, "other")
    partial = function.split(":", 4)[4]  # 123456789012:function:recommender
    assert partial == "123456789012:function:recommender"
    for name in (function, "recommender", partial):
        listed = lambdas.list_event_source_mappings(EventSourceArn=stream, FunctionName=name)
        assert [m["UUID"] for m in listed["EventSourceMappings"]] == [made], name
    assert len(lambdas.list_event_source_mappings(EventSourceArn=stream)["EventSourceMappings"]) == 2
    assert lambdas.list_event_source_mappings(FunctionName="nothing")["EventSourceMappings"] == []


def test_kms_aliases_have_their_creation_date(aws: dict[str, Any]) -> None:
    kms = aws["kms"]
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    before = datetime.now(UTC) - timedelta(seconds=1)
    kms.create_alias(AliasName="alias/repeated", TargetKeyId=key)
    (alias,) = [a for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/repeated"]
    assert alias["TargetKeyId"] == key
    assert before <= alias["CreationDate"] <= datetime.now(UTC) + timedelta(seconds=1)
    assert kms.list_aliases(KeyId=key)["Aliases"][0]["CreationDate"] == alias["CreationDate"]

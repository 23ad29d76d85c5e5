"""The store process creates its tables through its own WSGI application in the process
(``application_client``) instead of a boto3 client over loopback: the tables must come out exactly as
a client's calls make them, in the region the caller names, and moto's errors must reach the caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from local_bedrock.store.application_client import ApplicationCallError, ApplicationClient
from local_bedrock.store.moto_adapter import prepare_moto
from local_bedrock.store.tables import create_table_request, create_tables, definitions
from local_bedrock.store.wsgi import application

REGION = "eu-west-1"  # not moto's default region: the credential scope must carry it
VARYING = {"TableName", "TableArn", "TableId", "CreationDateTime", "LatestStreamArn", "LatestStreamLabel"}


@pytest.fixture
def moto(in_process_aws: None) -> Iterator[None]:
    with mock_aws():
        prepare_moto()
        yield
    prepare_moto()  # mock_aws resets moto's instance tracking on exit


def _client() -> Any:
    return boto3.client(
        "dynamodb", region_name=REGION, aws_access_key_id="local", aws_secret_access_key="local"
    )


def _comparable(value: Any) -> Any:
    """A table description without what names or the clock decide."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if k not in VARYING and not k.endswith("Arn")}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def test_tables_come_out_as_a_clients_calls_make_them(moto: None) -> None:
    specs = definitions()
    ours = ApplicationClient(application, REGION)
    create_tables(ours, {"store": "app-store", "idempotency": "app-idem"}, specs)
    create_tables(_client(), {"store": "sdk-store", "idempotency": "sdk-idem"}, specs)
    client = _client()
    for mine, theirs in (("app-store", "sdk-store"), ("app-idem", "sdk-idem")):
        described = [client.describe_table(TableName=name)["Table"] for name in (mine, theirs)]
        assert _comparable(described[0]) == _comparable(described[1])
        assert described[0]["TableStatus"] == "ACTIVE"
        live = [client.describe_time_to_live(TableName=n)["TimeToLiveDescription"] for n in (mine, theirs)]
        assert live[0] == live[1]
    assert specs["idempotency"]["ttl_attribute"]  # so the TTL comparison above compared something
    in_default_region = boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local"
    )
    assert "app-store" not in in_default_region.list_tables()["TableNames"]


def test_motos_errors_reach_the_caller_as_a_clients_would_see_them(moto: None) -> None:
    request = create_table_request(definitions()["store"], "twice")
    ours = ApplicationClient(application, REGION)
    ours.create_table(**request)
    with pytest.raises(ApplicationCallError) as raised:
        ours.create_table(**request)
    with pytest.raises(ClientError) as from_sdk:
        _client().create_table(**request)
    assert raised.value.code == from_sdk.value.response["Error"]["Code"] == "ResourceInUseException"
    assert raised.value.status == 400


def test_the_waiter_returns_for_an_active_table_and_gives_up_on_a_missing_one(moto: None) -> None:
    ours = ApplicationClient(application, REGION)
    ours.create_table(**create_table_request(definitions()["store"], "waited"))
    ours.get_waiter("table_exists").wait(TableName="waited", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    with pytest.raises(RuntimeError, match="not found after 2 attempts"):
        ours.get_waiter("table_exists").wait(TableName="absent", WaiterConfig={"Delay": 1, "MaxAttempts": 2})
    with pytest.raises(ValueError, match="no waiter"):
        ours.get_waiter("table_not_exists")

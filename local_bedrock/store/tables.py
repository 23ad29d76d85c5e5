"""Create the tables described by action_groups/tables.json (moto and DynamoDB Local only;
Terraform creates them on AWS from the same file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def tables_file() -> Path:
    # paths, not manifest: `serve` names this file to the store process it starts before importing
    # pydantic (tests/local_bedrock/test_start_imports.py).
    from local_bedrock.paths import REPO_ROOT

    return REPO_ROOT / "action_groups" / "tables.json"


def definitions(path: Path | None = None) -> dict[str, Any]:
    return dict(json.loads((path or tables_file()).read_text()))


def _key_schema(hash_key: str, range_key: str | None) -> list[dict[str, str]]:
    schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    if range_key:
        schema.append({"AttributeName": range_key, "KeyType": "RANGE"})
    return schema


def create_table_request(spec: dict[str, Any], name: str) -> dict[str, Any]:
    request: dict[str, Any] = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": _key_schema(spec["hash_key"], spec["range_key"]),
        "AttributeDefinitions": [
            {"AttributeName": a, "AttributeType": t} for a, t in spec["attributes"].items()
        ],
    }
    if spec["local_secondary_indexes"]:
        request["LocalSecondaryIndexes"] = [
            {
                "IndexName": index["name"],
                "KeySchema": _key_schema(spec["hash_key"], index["range_key"]),
                "Projection": {"ProjectionType": index["projection_type"]},
            }
            for index in spec["local_secondary_indexes"]
        ]
    if spec["global_secondary_indexes"]:
        request["GlobalSecondaryIndexes"] = [
            {
                "IndexName": index["name"],
                "KeySchema": _key_schema(index["hash_key"], index["range_key"]),
                "Projection": {"ProjectionType": index["projection_type"]},
            }
            for index in spec["global_secondary_indexes"]
        ]
    if spec["stream_view_type"]:
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": spec["stream_view_type"]}
    return request


def create_tables(client: Any, names: dict[str, str], specs: dict[str, Any] | None = None) -> None:
    """names maps the logical table ("store", "idempotency") to the physical table name; specs are
    the definitions of action_groups/tables.json (read here when not given)."""
    specs = specs if specs is not None else definitions()
    existing = set(client.list_tables().get("TableNames", []))
    for logical, name in names.items():
        if name in existing:
            continue
        client.create_table(**create_table_request(specs[logical], name))
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        ttl = specs[logical]["ttl_attribute"]
        if ttl:
            client.update_time_to_live(
                TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl}
            )

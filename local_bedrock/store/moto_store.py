"""Local DynamoDB backed by moto, holding the sample data: for the local runtime, tests and benchmarks.

Two adjustments make moto behave like DynamoDB where our code depends on it:

- Atomicity. moto's in-memory DynamoDB is not linearizable when several threads call it at once
  (two conditional transactions can both pass their checks). Real DynamoDB is. So every moto
  request is serialized with one lock: callers still race through *our* code between calls,
  exactly as concurrent Lambdas would, but each DynamoDB call is atomic, as it is on AWS.
- Transaction cost. moto backs up every table in a transaction with a deep copy, once per
  operation (seconds on the sample data). Under the lock, a backup of only the items the
  transaction touches gives the same all-or-nothing result; tests check the rollback.

moto_store() runs in-process (mock_aws); moto_server_store() serves the same over HTTP on
loopback, so other processes (parallel "Lambda environments", `make seed`, the AWS CLI) reach it.
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto import mock_aws
from moto.core.responses import BaseResponse
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.server import ThreadedMotoServer

from local_bedrock.store.seed import SampleData, generate, load
from local_bedrock.store.seed.tables import create_tables

LOCAL_TABLES = {"store": "purchase-assistant-store", "idempotency": "purchase-assistant-idempotency"}
_lock = threading.RLock()
_original_dispatch = BaseResponse._dispatch
_original_transact = DynamoDBBackend.transact_write_items


def _serialized_dispatch(self: BaseResponse, *args: Any, **kwargs: Any) -> Any:
    with _lock:
        return _original_dispatch(self, *args, **kwargs)


def _touched(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    touched = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        table = backend.tables.get(op.get("TableName", ""))
        if table is None:
            continue
        attrs = op["Item"] if op_type == "Put" else op.get("Key", {})
        if table.hash_key_attr not in attrs or (table.range_key_attr and table.range_key_attr not in attrs):
            continue
        hash_value = DynamoType(attrs[table.hash_key_attr])
        range_value = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
        current = table.get_item(hash_value, range_value)
        touched.append((table, hash_value, range_value, copy.deepcopy(current)))
    return touched


def _restore(table: Table, hash_value: DynamoType, range_value: DynamoType | None, item: Any) -> None:
    if range_value is None:
        if item is None:
            table.items.pop(hash_value, None)
        else:
            table.items[hash_value] = item
        return
    bucket = table.items[hash_value]
    if item is None:
        bucket.pop(range_value, None)
    else:
        bucket[range_value] = item
    if not bucket:
        table.items.pop(hash_value, None)


def _item_level_transact(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    with _lock:
        touched = _touched(self, transact_items)
        Table.__deepcopy__ = lambda table, memo: table  # type: ignore[attr-defined]
        try:
            _original_transact(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(touched):
                _restore(table, hash_value, range_value, item)
            raise
        finally:
            del Table.__deepcopy__  # type: ignore[attr-defined]


def prepare_moto() -> None:
    BaseResponse._dispatch = _serialized_dispatch  # type: ignore[method-assign]
    DynamoDBBackend.transact_write_items = _item_level_transact  # type: ignore[method-assign]


def local_environment(tables: dict[str, str] = LOCAL_TABLES) -> dict[str, str]:
    return {
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "STORE_TABLE_NAME": tables["store"],
        "IDEMPOTENCY_TABLE_NAME": tables["idempotency"],
    }


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    from action_groups.common import config
    from action_groups.orders import commands

    previous = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    config.reset()
    commands.reset()
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        config.reset()
        commands.reset()


def _create_and_load(tables: dict[str, str], data: SampleData | None) -> SampleData:
    sample = data if data is not None else generate()
    client = boto3.client("dynamodb")
    create_tables(client, tables)
    load(client, tables["store"], sample)
    return sample


@contextmanager
def moto_store(data: SampleData | None = None, tables: dict[str, str] = LOCAL_TABLES) -> Iterator[SampleData]:
    """In-process moto with the tables created and the sample data loaded."""
    prepare_moto()
    with _environment(local_environment(tables)), mock_aws():
        yield _create_and_load(tables, data)


@contextmanager
def moto_server_store(
    data: SampleData | None = None, tables: dict[str, str] = LOCAL_TABLES, port: int = 0
) -> Iterator[tuple[str, SampleData]]:
    """moto over HTTP on 127.0.0.1 (port 0 picks a free one); yields (endpoint_url, data)."""
    prepare_moto()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, bound = server.get_host_and_port()
    endpoint = f"http://{host}:{bound}"
    try:
        with _environment({**local_environment(tables), "AWS_ENDPOINT_URL_DYNAMODB": endpoint}):
            yield endpoint, _create_and_load(tables, data)
    finally:
        server.stop()

"""Local DynamoDB backed by moto, holding the sample data: for the local runtime, tests and benchmarks.

moto is adjusted to behave like DynamoDB where our code depends on it (atomic calls, item-level
transaction rollback, queries that cost what their partition holds): see ``moto_adapter``.

moto_store() runs in-process (mock_aws); moto_server_store() serves the same over HTTP on
loopback, so other processes (parallel "Lambda environments", `make seed`, the AWS CLI) reach it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import boto3
from moto import mock_aws
from moto.server import ThreadedMotoServer

from local_bedrock.store.moto_adapter import prepare_moto
from local_bedrock.store.seed import SampleData, generate, load
from local_bedrock.store.seed.tables import create_tables

ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB"  # honoured by botocore for the dynamodb client
LOCAL_TABLES = {"store": "purchase-assistant-store", "idempotency": "purchase-assistant-idempotency"}


def local_environment(tables: dict[str, str] = LOCAL_TABLES) -> dict[str, str]:
    return {
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "STORE_TABLE_NAME": tables["store"],
        "IDEMPOTENCY_TABLE_NAME": tables["idempotency"],
    }


def _set(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def store_environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, unset) these variables and rebuild the action groups' cached clients."""
    from action_groups.common import config
    from action_groups.orders import commands

    previous = {k: os.environ.get(k) for k in values}
    _set(values)
    config.reset()
    commands.reset()
    try:
        yield
    finally:
        _set(previous)
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
    in_process = {**local_environment(tables), ENDPOINT_VARIABLE: None}  # not a served store's
    with store_environment(in_process), mock_aws():
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
        with store_environment({**local_environment(tables), ENDPOINT_VARIABLE: endpoint}):
            yield endpoint, _create_and_load(tables, data)
    finally:
        server.stop()

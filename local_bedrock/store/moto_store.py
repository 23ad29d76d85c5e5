"""Local DynamoDB backed by moto, holding the sample data: for the local runtime, tests and benchmarks.

moto is adjusted to behave like DynamoDB where our code depends on it (atomic calls, item-level
transaction rollback, queries that cost what their partition holds): see ``moto_adapter``.

moto_store() runs in-process (mock_aws); moto_server_store() serves the same over HTTP on
loopback, so other processes (parallel "Lambda environments", `make seed`, the AWS CLI) reach it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import boto3
from moto import mock_aws
from moto.server import ThreadedMotoServer

from action_groups.store.dynamo import to_item
from local_bedrock.store.environment import (
    ENDPOINT_VARIABLE,
    LOCAL_TABLES,
    local_environment,
    served_environment,
    store_environment,
)
from local_bedrock.store.items_file import read_sized_items
from local_bedrock.store.moto_adapter import bulk_put, bulk_put_sized, prepare_moto
from local_bedrock.store.sample_cache import cached_sample
from local_bedrock.store.seed import SampleData
from local_bedrock.store.tables import create_tables


def _create_and_load(tables: dict[str, str], data: SampleData | None) -> SampleData:
    """The tables, with ``data``'s items, or the standard sample data's from the sample cache: its
    items file holds each item as DynamoDB JSON, so no item is converted again, and an item whose
    line is within DynamoDB's size limit is not measured (``bulk_put_sized``), as the store process
    loads it. Converting and measuring the 3,167 standard items was about 0.3 s of CPU a store, and
    each planner suite starts one (docs/development.md, round 15)."""
    create_tables(boto3.client("dynamodb"), tables)
    if data is None:
        sample, items = cached_sample()
        bulk_put_sized(tables["store"], read_sized_items(items))
        return sample
    bulk_put(tables["store"], (to_item(item) for item in data.items()))
    return data


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
        with store_environment(served_environment(endpoint, tables)):
            yield endpoint, _create_and_load(tables, data)
    finally:
        server.stop()

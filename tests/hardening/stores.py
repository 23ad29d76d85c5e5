"""Stores of the hardening tests' own, so their orders never touch the session's sample data.

- ``small_store``: the in-process moto, for handler-level tests: by default a tiny store (2
  customers, the 30 products their orders and the first ids name), because moto walks the whole table
  on every Query; pass the 5-customer sample for tests that need the whole catalog.
- ``served_store``: the tiny store over HTTP on loopback (moto server), for worker processes and for
  the fault injector, which plays the network and so needs requests that really go over it.

Every store gets tables of its own and drops them afterwards: inside the test session's moto (the
suites' shared sample data) nothing resets between modules, so reused names would carry one module's
orders into the next.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

import boto3

from local_bedrock.store.moto_store import moto_server_store, moto_store
from local_bedrock.store.seed import SampleData, generate

_stores = itertools.count(1)


def _tables() -> dict[str, str]:
    number = next(_stores)
    return {"store": f"hardening-{number}-store", "idempotency": f"hardening-{number}-idempotency"}


def _drop(tables: dict[str, str]) -> None:
    client = boto3.session.Session().client("dynamodb")
    for name in tables.values():
        client.delete_table(TableName=name)


def tiny_data() -> SampleData:
    sample = generate(customers=2)
    named = {line.product.product_id for c in sample.customers for o in c.orders for line in o.lines}
    catalog = [p for n, p in enumerate(sample.catalog) if p.product_id in named or n < 10]
    return SampleData(catalog, sample.customers)


@contextmanager
def small_store(data: SampleData | None = None) -> Iterator[SampleData]:
    tables = _tables()
    with moto_store(data or tiny_data(), tables=tables) as loaded:
        yield loaded
        _drop(tables)


@contextmanager
def served_store() -> Iterator[SampleData]:
    tables = _tables()
    with moto_server_store(tiny_data(), tables=tables) as (_endpoint, data):
        yield data
        _drop(tables)


def lambda_environment() -> dict[str, str]:
    """What a worker process (one Lambda execution environment) needs to reach the served store."""
    prefixes = ("AWS_", "STORE_", "IDEMPOTENCY_", "POWERTOOLS_")
    return {name: value for name, value in os.environ.items() if name.startswith(prefixes)}

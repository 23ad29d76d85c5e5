"""Stores of the hardening tests' own, so their orders never touch the session's sample data.

- ``small_store``: the in-process moto (5 customers, the full catalog), for handler-level tests.
- ``served_store``: the same over HTTP on loopback (moto server), for worker processes and for the
  fault injector, which plays the network and so needs requests that really go over it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from action_groups.seed import SampleData, generate
from action_groups.seed.moto_store import moto_server_store, moto_store

SMALL_TABLES = {"store": "hardening-store", "idempotency": "hardening-idempotency"}
SERVED_TABLES = {"store": "hardening-served-store", "idempotency": "hardening-served-idempotency"}
CUSTOMERS = 5


@contextmanager
def small_store(tables: dict[str, str] = SMALL_TABLES) -> Iterator[SampleData]:
    with moto_store(generate(customers=CUSTOMERS), tables=tables) as data:
        yield data


@contextmanager
def served_store(tables: dict[str, str] = SERVED_TABLES) -> Iterator[SampleData]:
    with moto_server_store(generate(customers=CUSTOMERS), tables=tables) as (_endpoint, data):
        yield data


def lambda_environment() -> dict[str, str]:
    """What a worker process (one Lambda execution environment) needs to reach the served store."""
    prefixes = ("AWS_", "STORE_", "IDEMPOTENCY_", "POWERTOOLS_")
    return {name: value for name, value in os.environ.items() if name.startswith(prefixes)}

"""Where the local store is and how a process reaches it: the table names and the endpoint, as the
environment variables the action groups read (Terraform sets the same names on AWS)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_DYNAMODB"  # honoured by botocore for the dynamodb client
LOCAL_TABLES = {"store": "purchase-assistant-store", "idempotency": "purchase-assistant-idempotency"}
LOCAL_REGION = "us-east-1"


def local_environment(tables: Mapping[str, str] = LOCAL_TABLES) -> dict[str, str]:
    return {
        "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", LOCAL_REGION),
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "STORE_TABLE_NAME": tables["store"],
        "IDEMPOTENCY_TABLE_NAME": tables["idempotency"],
    }


def served_environment(endpoint: str, tables: Mapping[str, str] = LOCAL_TABLES) -> dict[str, str]:
    """What any process (a Lambda environment, a test, the AWS CLI) needs to use a served store."""
    return {**local_environment(tables), ENDPOINT_VARIABLE: endpoint}


def _set(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def store_environment(values: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, unset) these variables in this process and rebuild the action groups'
    cached clients; everything is put back on exit."""
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

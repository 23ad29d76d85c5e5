"""Hook into every DynamoDB call the action groups make, through botocore's event system.

The handlers' clients are cached (``action_groups.common.config.dynamodb`` and the idempotency
layer's); clients copy the session's event handlers when they are created. So hooks are registered
on boto3's default session and the cached clients are rebuilt, then both are undone on exit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3

from action_groups.common import config
from action_groups.orders import commands

WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"})


def rebuild_clients() -> None:
    config.reset()
    commands.reset()


@contextmanager
def hooked(event: str, handler: Callable[..., Any], *, first: bool = True) -> Iterator[None]:
    """Register ``handler`` for ``event`` (e.g. ``before-send.dynamodb``) on every new client."""
    if boto3.DEFAULT_SESSION is None:
        boto3.setup_default_session()
    assert boto3.DEFAULT_SESSION is not None
    events = boto3.DEFAULT_SESSION.events
    (events.register_first if first else events.register_last)(event, handler)
    rebuild_clients()
    try:
        yield
    finally:
        events.unregister(event, handler)
        rebuild_clients()


def _tables(params: dict[str, Any]) -> frozenset[str]:
    names = {params.get("TableName")} | set(params.get("RequestItems", {}))
    for item in params.get("TransactItems", []):
        names |= {operation.get("TableName") for operation in item.values()}
    return frozenset(name for name in names if name)


class CallLog:
    """The DynamoDB calls made (one entry per call, not per retry attempt): operation and tables."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, frozenset[str]]] = []

    def __call__(self, model: Any, params: dict[str, Any], **_kwargs: Any) -> None:
        self.calls.append((model.name, _tables(params)))

    def writes(self, table: str | None = None) -> list[str]:
        """Write operations, to any table or to ``table`` only."""
        return [name for name, tables in self.calls if name in WRITES and (table is None or table in tables)]

    def clear(self) -> None:
        self.calls.clear()


@contextmanager
def call_log() -> Iterator[CallLog]:
    log = CallLog()
    with hooked("before-call.dynamodb", log):
        yield log

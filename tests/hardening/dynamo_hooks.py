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


def _rebuild_clients() -> None:
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
    _rebuild_clients()
    try:
        yield
    finally:
        events.unregister(event, handler)
        _rebuild_clients()


class CallLog:
    """Operation names of the DynamoDB calls made (one entry per call, not per retry attempt)."""

    def __init__(self) -> None:
        self.operations: list[str] = []

    def __call__(self, model: Any, **_kwargs: Any) -> None:
        self.operations.append(model.name)

    def writes(self) -> list[str]:
        return [name for name in self.operations if name in WRITES]

    def clear(self) -> None:
        self.operations.clear()


@contextmanager
def call_log() -> Iterator[CallLog]:
    log = CallLog()
    with hooked("before-call.dynamodb", log):
        yield log

"""Count the DynamoDB calls and items an operation reads (the tests and `make bench` use this)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from action_groups.common.config import dynamodb
from action_groups.orders.commands import _persistence

WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"})


def items_read(operation: str, parsed: dict[str, Any]) -> int:
    """Items DynamoDB read to answer: what a Query or Scan examined, what a get returned."""
    if operation in ("Query", "Scan"):
        return int(parsed.get("ScannedCount", 0))
    if operation in ("BatchGetItem", "TransactGetItems"):
        responses = parsed.get("Responses", {})
        return (
            sum(len(items) for items in responses.values()) if isinstance(responses, dict) else len(responses)
        )
    if operation == "GetItem":
        return int("Item" in parsed)
    return 0


@dataclass
class ReadLog:
    calls: list[tuple[str, int]] = field(default_factory=list)  # (operation, items read)

    def __call__(self, parsed: dict[str, Any], model: Any, **_: Any) -> None:
        self.calls.append((model.name, items_read(model.name, parsed)))

    @property
    def reads(self) -> int:
        return sum(1 for operation, _ in self.calls if operation not in WRITES)

    @property
    def items(self) -> int:
        return sum(items for _, items in self.calls)

    def clear(self) -> None:
        self.calls.clear()


@contextmanager
def read_log() -> Iterator[ReadLog]:
    """Every call of the action groups' clients (the store's and the idempotency layer's)."""
    log = ReadLog()
    clients = [dynamodb(), _persistence().client]
    for client in clients:
        client.meta.events.register("after-call.dynamodb", log)
    try:
        yield log
    finally:
        for client in clients:
            client.meta.events.unregister("after-call.dynamodb", log)

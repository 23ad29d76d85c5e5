"""Write items to a table with BatchWriteItem, retrying unprocessed items, with progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from action_groups.store.dynamo import to_item

BATCH = 25
MAX_ROUNDS = 8


def write_items(
    client: Any,
    table: str,
    items: Iterable[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
) -> int:
    written = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal written, batch
        pending = {table: [{"PutRequest": {"Item": to_item(i)}} for i in batch]}
        for attempt in range(MAX_ROUNDS):
            response = client.batch_write_item(RequestItems=pending)
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                break
            time.sleep(min(2.0, 0.05 * 2**attempt))
        else:
            raise RuntimeError(f"DynamoDB kept {len(pending[table])} items unprocessed; try again later.")
        written += len(batch)
        batch = []
        if progress:
            progress(written)

    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    return written

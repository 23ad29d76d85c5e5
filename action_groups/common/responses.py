"""Response-size discipline: bodies stay well under Bedrock's 25 KB action-group limit."""

from __future__ import annotations

import json
from typing import Any

# Bedrock truncates or fails on large action-group responses (25 KB). Stay far below, and remember
# every byte is fed back to the model on the next orchestration step.
MAX_BODY_BYTES = 12_000


def encoded_size(payload: Any) -> int:
    return len(json.dumps(payload, separators=(",", ":"), default=str).encode())


def bounded(payload: dict[str, Any], list_key: str, max_bytes: int = MAX_BODY_BYTES) -> dict[str, Any]:
    """Drop trailing entries of ``payload[list_key]`` until the JSON fits; say so with ``truncated``."""
    items = list(payload.get(list_key) or [])
    result = {**payload, list_key: items, "truncated": bool(payload.get("truncated", False))}
    while items and encoded_size(result) > max_bytes:
        items.pop()
        result["truncated"] = True
    return result

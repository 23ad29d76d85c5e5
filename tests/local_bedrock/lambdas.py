"""Handlers that misbehave, for the tests of the local runtime's execution environments (each is
imported by a worker process, by name, as Lambda imports a handler)."""

from __future__ import annotations

import os
import time
from typing import Any


def out_of_memory(_event: dict[str, Any], _context: Any) -> dict[str, Any]:
    raise MemoryError("out of memory")


def exits(_event: dict[str, Any], _context: Any) -> dict[str, Any]:
    os._exit(3)


def sleeps(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    time.sleep(float(event.get("seconds", 5)))
    return {"slept": True}


def unserializable(_event: dict[str, Any], _context: Any) -> Any:
    return {"when": time}


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The event back, with what the environment knows: its process, its request id and variables."""
    return {
        "event": event,
        "pid": os.getpid(),
        "request_id": context.aws_request_id,
        "function_name": context.function_name,
        "store_table": os.environ.get("STORE_TABLE_NAME"),
    }

"""The store items of sample data as a file: one DynamoDB-JSON item per line. The sample cache writes
it; the store process reads it (this module imports nothing heavy, for that process's start)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from local_bedrock.store.seed import SampleData


def replace_file(path: Path, content: bytes) -> None:
    """Write ``path`` atomically (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(descriptor, "wb") as out:
        out.write(content)
    os.replace(temporary, path)


def write_items_file(data: SampleData, path: Path) -> Path:
    from action_groups.store.dynamo import to_item

    lines = (json.dumps(to_item(item), separators=(",", ":")) for item in data.items())
    replace_file(path, ("\n".join(lines) + "\n").encode())
    return path


def read_sized_items(path: Path) -> Iterator[tuple[dict[str, Any], int]]:
    """Each item with the length in bytes of its line (its DynamoDB-JSON text, an upper bound of its
    DynamoDB size: ``moto_adapter._stored``)."""
    with path.open("rb") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line), len(line.rstrip(b"\r\n"))

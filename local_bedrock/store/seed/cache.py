"""The sample data, generated once per content and kept under build/sample-data/ (or
``LOCAL_BEDROCK_CACHE_DIR``).

The key is a SHA-256 of everything that decides the data: the parameters (seed, customers, anchor)
and the source of the code that generates and shapes it (this package, the action groups' data
model, the text normaliser). Change any of it and the next start generates afresh; otherwise a start
reads two files: the SampleData (a pickle, for the planner's catalog and the customer list) and the
store items (DynamoDB JSON, one per line, for the store process to load in bulk). The files are
written by this module only, next to the checkout, and replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from action_groups.store.dynamo import to_item
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.store.seed import DEFAULT_ANCHOR, DEFAULT_CUSTOMERS, DEFAULT_SEED, SampleData, generate

CACHE_DIR = Path(os.environ.get("LOCAL_BEDROCK_CACHE_DIR") or REPO_ROOT / "build" / "sample-data")
SOURCES = ("local_bedrock/store/seed", "action_groups", "textnorm")


def fingerprint(seed: int, customers: int, anchor: datetime) -> str:
    digest = hashlib.sha256(f"{seed}|{customers}|{anchor.isoformat()}".encode())
    for source in SOURCES:
        for path in sorted((REPO_ROOT / source).rglob("*.py")):
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _replace(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(descriptor, "wb") as out:
        out.write(content)
    os.replace(temporary, path)


def item_lines(data: SampleData) -> Iterator[str]:
    for item in data.items():
        yield json.dumps(to_item(item), separators=(",", ":"))


def write_items_file(data: SampleData, path: Path) -> Path:
    """The store items of ``data``, one DynamoDB-JSON item per line (what the store process loads)."""
    _replace(path, ("\n".join(item_lines(data)) + "\n").encode())
    return path


def read_items_file(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def cached_sample(
    seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS, anchor: datetime = DEFAULT_ANCHOR
) -> tuple[SampleData, Path]:
    """The sample data and the path of its items file, generated only when nothing cached matches."""
    key = fingerprint(seed, customers, anchor)
    data_path, items_path = CACHE_DIR / f"sample-{key}.pickle", CACHE_DIR / f"items-{key}.jsonl"
    if data_path.is_file() and items_path.is_file():
        try:
            data = pickle.loads(data_path.read_bytes())  # noqa: S301 - our own file, keyed by content
            if isinstance(data, SampleData):
                return data, items_path
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # written by other code: generate afresh below
    data = generate(seed=seed, customers=customers, anchor=anchor)
    write_items_file(data, items_path)
    _replace(data_path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data, items_path

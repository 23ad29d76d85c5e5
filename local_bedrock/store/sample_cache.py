"""The sample data, generated once per content and kept under build/sample-data/ (or
``LOCAL_BEDROCK_CACHE_DIR``). Light to import: a start finds its cached items before it imports
anything that generates data, so the store process can start loading them at once.

The key is a SHA-256 of everything that decides the data: the parameters (seed, customers, anchor)
and the source of the code that generates and shapes it (this package, the action groups' data
model, the text normaliser, the items file's writer and this module). Change any of it and the next
start generates afresh; otherwise a start reads two files: the SampleData (a pickle, for the
planner's catalog and the customer list) and the store items (DynamoDB JSON, one per line, for the
store process to load in bulk). The files are written by this module only, next to the checkout,
and replaced atomically.
"""

from __future__ import annotations

import hashlib
import pickle
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from local_bedrock.paths import CACHE_DIR, REPO_ROOT
from local_bedrock.store.items_file import replace_file, write_items_file
from local_bedrock.store.sample_parameters import DEFAULT_ANCHOR, DEFAULT_CUSTOMERS, DEFAULT_SEED

if TYPE_CHECKING:
    from local_bedrock.store.seed import SampleData

SOURCES = (
    "local_bedrock/store/seed",
    "local_bedrock/store/sample_parameters.py",
    # The writer of the items file and this module: a change to how the files are written or read
    # must not be answered with files the old code wrote (review15: moto_store reads them too).
    "local_bedrock/store/items_file.py",
    "local_bedrock/store/sample_cache.py",
    "action_groups",
    "textnorm",
)


def fingerprint(seed: int, customers: int, anchor: datetime) -> str:
    digest = hashlib.sha256(f"{seed}|{customers}|{anchor.isoformat()}".encode())
    for source in SOURCES:
        root = REPO_ROOT / source
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            digest.update(str(path.relative_to(REPO_ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _paths(seed: int, customers: int, anchor: datetime) -> tuple[Path, Path]:
    key = fingerprint(seed, customers, anchor)
    return CACHE_DIR / f"sample-{key}.pickle", CACHE_DIR / f"items-{key}.jsonl"


def cached_items(
    seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS, anchor: datetime = DEFAULT_ANCHOR
) -> Path | None:
    """The items file of the sample data if it is cached (without loading anything)."""
    data_path, items_path = _paths(seed, customers, anchor)
    return items_path if data_path.is_file() and items_path.is_file() else None


def cached_sample(
    seed: int = DEFAULT_SEED, customers: int = DEFAULT_CUSTOMERS, anchor: datetime = DEFAULT_ANCHOR
) -> tuple[SampleData, Path]:
    """The sample data and the path of its items file, generated only when nothing cached matches."""
    from local_bedrock.store.seed import SampleData, generate

    data_path, items_path = _paths(seed, customers, anchor)
    if cached_items(seed, customers, anchor):
        try:
            data = pickle.loads(data_path.read_bytes())  # noqa: S301 - our own file, keyed by content
            if isinstance(data, SampleData):
                return data, items_path
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass  # written by other code: generate afresh below
    data = generate(seed=seed, customers=customers, anchor=anchor)
    write_items_file(data, items_path)
    replace_file(data_path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return data, items_path

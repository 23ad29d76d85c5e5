"""Round 15 (test CPU): ``moto_store()`` without data loads the standard sample from the sample
cache's items file instead of converting and measuring every item again; given data, it loads
that data. Either way the table holds what PutItem of each item would have written."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from action_groups.store.dynamo import to_item
from local_bedrock.store import moto_store as moto_store_module
from local_bedrock.store import sample_cache
from local_bedrock.store.moto_store import LOCAL_TABLES, moto_store
from local_bedrock.store.seed import SampleData, generate


def _own_tables() -> dict[str, str]:
    return {name: f"{table}-{uuid.uuid4().hex[:8]}" for name, table in LOCAL_TABLES.items()}


def _scanned(table: str) -> list[dict[str, Any]]:
    pages = boto3.client("dynamodb").get_paginator("scan").paginate(TableName=table)
    return [item for page in pages for item in page["Items"]]


def _unordered(value: Any) -> Any:
    """DynamoDB sets have no order (a Python set's order differs between processes)."""
    if isinstance(value, dict):
        return {k: sorted(v) if k in ("SS", "NS") else _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unordered(v) for v in value]
    return value


def _keyed(items: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(item["pk"]["S"], item["sk"]["S"]): _unordered(item) for item in items}


def test_the_default_store_holds_exactly_the_generated_sample() -> None:
    expected = generate()
    tables = _own_tables()
    with moto_store(tables=tables) as loaded:
        held = _keyed(_scanned(tables["store"]))
    assert loaded == expected
    assert held == _keyed([to_item(item) for item in expected.items()])


def test_given_data_is_loaded_and_not_the_cached_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_cache() -> None:
        raise AssertionError("data was given: the sample cache must not be read")

    monkeypatch.setattr(moto_store_module, "cached_sample", no_cache)
    small = generate(customers=2)
    tables = _own_tables()
    with moto_store(small, tables=tables) as loaded:
        held = _keyed(_scanned(tables["store"]))
    assert loaded is small
    assert held == _keyed([to_item(item) for item in small.items()])


def test_another_generating_code_is_another_cached_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample cache is keyed by content (the default store reads it): code that generates other
    data is never answered with the items written before it."""
    monkeypatch.setattr(sample_cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(sample_cache, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(sample_cache, "SOURCES", ("generator.py",))
    source = tmp_path / "generator.py"
    source.write_text("first = 1\n")
    first, first_items = sample_cache.cached_sample(customers=2)
    source.write_text("second = 2\n")
    monkeypatch.setattr("local_bedrock.store.seed.generate", lambda **_: SampleData([], []))
    second, second_items = sample_cache.cached_sample(customers=2)
    assert second_items != first_items
    assert first.customers and not second.customers
    assert "CUSTOMER#" in first_items.read_text() and "CUSTOMER#" not in second_items.read_text()


WRITERS = ["local_bedrock/store/items_file.py", "local_bedrock/store/sample_cache.py"]


@pytest.mark.parametrize("edited", WRITERS)
def test_editing_how_the_files_are_written_or_read_changes_the_key(
    edited: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review15: the items file's writer and the cache module decide what the files hold, so an edit
    to either is a new key, not the old files read by the new code."""
    repo = Path(sample_cache.__file__).resolve().parents[2]
    for source in sample_cache.SOURCES:
        root = repo / source
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            copy = tmp_path / path.relative_to(repo)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(path.read_bytes())
    monkeypatch.setattr(sample_cache, "REPO_ROOT", tmp_path)
    before = sample_cache.fingerprint(1, 2, sample_cache.DEFAULT_ANCHOR)
    with (tmp_path / edited).open("a") as source:
        source.write("# an edit\n")
    assert sample_cache.fingerprint(1, 2, sample_cache.DEFAULT_ANCHOR) != before

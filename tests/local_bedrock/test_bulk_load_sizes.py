"""The store process loads its items without measuring each one (``moto_adapter._stored``): an item is
never larger than its DynamoDB-JSON text, so only items whose text is over DynamoDB's limit are
measured, and refused as before when they are over it."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType, Item

from local_bedrock.store import moto_adapter
from local_bedrock.store.items_file import read_sized_items
from local_bedrock.store.moto_store import moto_store
from local_bedrock.store.seed import SampleData
from local_bedrock.store.tables import create_tables

TABLE = "bulk-sizes"
LIMIT = moto_adapter.ITEM_SIZE_LIMIT


def _s(text: str) -> dict[str, str]:
    return {"S": text}


def _b(raw: bytes) -> dict[str, str]:
    return {"B": base64.b64encode(raw).decode()}  # as DynamoDB JSON carries binary


ITEMS: list[dict[str, Any]] = [
    {
        "pk": _s("A"),
        "sk": _s("1"),
        "text": _s("héllo wörld ✓ 𝄞"),
        "n": {"N": "-12.50"},
        "big": {"N": "1e125"},
    },
    {
        "pk": _s("B"),
        "sk": _s("2"),
        "blob": _b(b"\x00\x01\xff" * 10),
        "blobs": {"BS": [_b(b"x")["B"], _b(b"")["B"]]},
    },
    {"pk": _s("C"), "sk": _s("3"), "texts": {"SS": ["a", "ü"]}, "numbers": {"NS": ["1", "2.5", "-0"]}},
    {"pk": _s("D"), "sk": _s("4"), "nothing": {"NULL": True}, "flag": {"BOOL": False}, "e": _s("")},
    {
        "pk": _s("E"),
        "sk": _s("5"),
        "nested": {"M": {"ünï": {"L": [_s("one"), {"N": "2"}, {"M": {"deep": {"BOOL": True}}}, {"L": []}]}}},
        "empty": {"M": {}},
    },
]


def _size(attributes: dict[str, Any]) -> int:
    """moto's own measure of the item, attribute by attribute (``Item.size``)."""
    item = Item(DynamoType(attributes["pk"]), DynamoType(attributes["sk"]), {})
    dict.update(item.attrs, {name: DynamoType(value) for name, value in attributes.items()})
    return item.size()


@pytest.mark.parametrize("ascii_only", [True, False])
def test_an_item_is_never_larger_than_its_json_text(ascii_only: bool) -> None:
    for attributes in ITEMS:
        text = json.dumps(attributes, separators=(",", ":"), ensure_ascii=ascii_only).encode()
        assert 0 < _size(json.loads(text)) <= len(text), attributes


@pytest.fixture
def table() -> Iterator[Any]:
    with moto_store(SampleData([], [])):
        import boto3

        create_tables(boto3.client("dynamodb"), {"store": TABLE})
        backend = next(
            b for region in dynamodb_backends.values() for b in region.values() if TABLE in b.tables
        )
        yield backend.get_table(TABLE)


def test_items_read_from_a_file_carry_their_line_length(tmp_path: Path, table: Any) -> None:
    path = tmp_path / "items.jsonl"
    lines = [json.dumps(item, separators=(",", ":")) for item in ITEMS]
    path.write_text("\n".join(lines) + "\n\n")
    sized = list(read_sized_items(path))
    assert sized == [(item, len(line.encode())) for item, line in zip(ITEMS, lines, strict=True)]
    assert moto_adapter.bulk_put_sized(TABLE, sized) == len(ITEMS)
    assert _size(ITEMS[0]) == table.get_item(DynamoType(_s("A")), DynamoType(_s("1"))).size()


def test_items_whose_text_is_over_the_limit_are_measured(table: Any) -> None:
    # 150,000 "é": about 900 KB of escaped JSON text, 300,000 bytes in DynamoDB: kept.
    accented = {"pk": _s("F"), "sk": _s("6"), "text": _s("é" * 150_000)}
    text = json.dumps(accented, separators=(",", ":")).encode()
    assert len(text) > LIMIT >= _size(accented)
    assert moto_adapter.bulk_put_sized(TABLE, [(accented, len(text))]) == 1
    over = {"pk": _s("G"), "sk": _s("7"), "text": _s("x" * LIMIT)}
    with pytest.raises(ValueError, match=f"over {LIMIT} bytes"):
        moto_adapter.bulk_put_sized(TABLE, [(over, len(json.dumps(over)))])
    with pytest.raises(ValueError, match=f"over {LIMIT} bytes"):
        moto_adapter.bulk_put(TABLE, [over])  # no length known: measured


def test_items_whose_text_is_within_the_limit_are_not_measured(
    table: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured: list[Item] = []
    size = Item.size

    def counted(item: Item) -> int:
        measured.append(item)
        return size(item)

    monkeypatch.setattr(Item, "size", counted)
    texts = [len(json.dumps(item, separators=(",", ":")).encode()) for item in ITEMS]
    assert moto_adapter.bulk_put_sized(TABLE, list(zip(ITEMS, texts, strict=True))) == len(ITEMS)
    assert measured == []
    moto_adapter.bulk_put(TABLE, ITEMS[:2])
    assert len(measured) == 2

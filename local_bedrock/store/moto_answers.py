"""Cheaper answers from moto's DynamoDB (part of the adapter: ``moto_adapter.prepare_moto`` installs
it; tests/local_bedrock/test_moto_adapter.py checks it against moto's own serializer).

Response cost. moto 5.2 serializes every answer by walking botocore's output shape member by
member, trying several spellings of each key: about 0.1 ms per attribute value, 80 % of a Query.
The data-plane answers (items, keys, counts; no timestamps) are already in DynamoDB's JSON wire
form, so they are written with ``json.dumps``, keeping the output shape's members only, None left
out and binary values base64, as the serializer does; anything else, errors included, still goes
through moto's serializer.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from typing import Any

from botocore.model import Shape
from moto.core.utils import get_service_model
from moto.dynamodb.responses import DynamoHandler

from local_bedrock.store.wire_shapes import ShapeWalk

_original_serialized = DynamoHandler.serialized

# Operations whose output shapes hold only items, keys, counts and capacity (no timestamps).
DATA_PLANE = frozenset(
    {
        "GetItem",
        "BatchGetItem",
        "Query",
        "Scan",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)
JSON_CONTENT_TYPE = "application/x-amz-json-1.0"  # DynamoDB's protocol: json, jsonVersion 1.0


def _attribute(value: Any) -> Any:
    """An AttributeValue (already in wire form, nested ones too) with binary values as base64."""
    if isinstance(value, dict):
        return {key: _attribute(member) for key, member in value.items() if member is not None}
    if isinstance(value, list):
        return [_attribute(member) for member in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _scalar(value: Any, shape: Shape) -> Any:
    kind = shape.type_name
    if kind == "blob":
        return base64.b64encode(value).decode() if isinstance(value, bytes) else value
    if kind == "timestamp":
        raise TypeError("timestamps go through moto's serializer")
    return value


def _member_name(name: str, _member: Shape) -> str:
    return name  # moto's results are keyed by member name


_written = ShapeWalk(_attribute, _scalar, _member_name)


def wire_form(value: Any, shape: Shape) -> Any:
    """``value`` as the JSON protocol writes ``shape``: members of the shape only, None left out,
    blobs as base64 (the walk is ``wire_shapes``', shared with the request reader). Timestamps are
    not handled (TypeError): the caller falls back to moto."""
    return _written(value, shape)


@cache
def _output_shape(action: str) -> Shape | None:
    return get_service_model("dynamodb").operation_model(action).output_shape


def _fast_serialized(self: DynamoHandler, action_result: Any) -> Any:
    result = getattr(action_result, "result", None)
    action = self._get_action()
    shape = _output_shape(action) if action in DATA_PLANE else None
    if isinstance(result, dict) and shape is not None:
        try:
            body = json.dumps(wire_form(result, shape), separators=(",", ":"))
        except TypeError:
            return _original_serialized(self, action_result)
        headers = {"Content-Type": JSON_CONTENT_TYPE, **self.response_headers}
        return 200, headers, body
    return _original_serialized(self, action_result)


def prepare() -> None:
    """Install the cheaper answers (idempotent)."""
    DynamoHandler.serialized = _fast_serialized  # type: ignore[method-assign,assignment]

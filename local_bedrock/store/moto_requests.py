"""Cheaper request handling for moto's DynamoDB (part of the adapter: ``moto_adapter.prepare_moto``
installs it; tests/local_bedrock/test_moto_requests.py checks it against moto's own code and pins the
moto internals it leans on).

Reading a request. moto 5.2 reads every DynamoDB request body by walking botocore's input shape with
its JSON request parser (``moto.core.parse.JSONParser``): each ``AttributeValue`` is a structure of ten
members, and the parser looks each member up, dispatches on its type by name and builds the result,
for every attribute of every item, key and expression value (about a tenth of a placeOrder's store
CPU). ``request_form`` reads the same JSON the same way, member by member in the shape's order
(members that are absent or null left out, blobs base64-decoded, numbers converted, lists and maps
read element by element; the walk is ``wire_shapes``', shared with the answers' writer), with an
``AttributeValue`` of one member read directly. DynamoDB's data
plane inputs hold no timestamps (botocore's ``dynamodb`` service model); a shape that does falls
back to moto's parser. Body decoding (empty body, undecodable or non-JSON body) is moto's own.

Request ids. moto draws each response's ``x-amzn-RequestId`` as 52 characters, one
``random.choice`` per character (about 0.2 ms a request). Here they are 52 bytes drawn at once
from moto's same random source, each mapped onto base32's alphabet (A–Z, 2–7), 8 byte values to a
character, so each character is uniform as before: DynamoDB's request ids are 52 upper-case
letters and digits (as in the examples of the DynamoDB API reference, "Common response headers"
lists ``x-amzn-RequestId``); botocore only reads the header into ``ResponseMetadata.RequestId``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import cache
from typing import Any

from botocore.model import Shape
from moto.core import responses as moto_responses
from moto.core.parse import JSONParser
from moto.core.request import Request, determine_request_protocol
from moto.core.utils import get_service_model
from moto.dynamodb.responses import DynamoHandler
from moto.moto_api._internal import mock_random
from moto.utilities import aws_headers

from local_bedrock.store.wire_shapes import ATTRIBUTE_VALUE, ShapeWalk

_original_parse_parameters = DynamoHandler.parse_parameters
_original_request_id = aws_headers.gen_amzn_requestid_long

JSON_PROTOCOL = "json"  # botocore's dynamodb service model: "protocol": "json"


class NotReadHere(TypeError):
    """A shape ``request_form`` leaves to moto's parser (timestamps)."""


def _blob(value: Any) -> bytes:
    return base64.b64decode(value)  # moto.core.parse.default_blob_parser


def _strings(value: Any) -> list[Any]:
    return list(value)


def _blobs(value: Any) -> list[bytes]:
    return [_blob(member) for member in value]


def _map(value: Any) -> dict[Any, Any]:
    return {key: _attribute(member) for key, member in value.items()}


def _list(value: Any) -> list[Any]:
    return [_attribute(member) for member in value]


def _same(value: Any) -> Any:
    return value


# AttributeValue's members (botocore's dynamodb model): S, N string; B blob; SS, NS string lists;
# BS blob list; M map of AttributeValue; L list of AttributeValue; NULL, BOOL boolean.
_MEMBERS: dict[str, Callable[[Any], Any]] = {
    "S": _same,
    "N": _same,
    "B": _blob,
    "SS": _strings,
    "NS": _strings,
    "BS": _blobs,
    "M": _map,
    "L": _list,
    "NULL": _same,
    "BOOL": _same,
}


def _attribute(value: Any) -> Any:
    if type(value) is dict and len(value) == 1:
        ((name, member),) = value.items()
        read = _MEMBERS.get(name)
        if read is None or member is None:
            return {}
        return {name: read(member)}
    return _read.structure(value, _attribute_shape())


@cache
def _attribute_shape() -> Shape:
    return get_service_model("dynamodb").shape_for(ATTRIBUTE_VALUE)


def _scalar(value: Any, shape: Shape) -> Any:
    kind = shape.type_name
    if kind == "blob":
        return _blob(value)
    if kind in ("float", "double"):
        return float(value)
    if kind in ("integer", "long", "short", "byte"):
        return int(value)
    if kind == "timestamp":
        raise NotReadHere(shape.name)
    return value  # string, boolean: as the parser's default handler


def _json_name(name: str, member: Shape) -> str:
    return str(member.serialization.get("name", name))  # moto.core.parse.JSONParser._parse_structure


_read = ShapeWalk(_attribute, _scalar, _json_name)


def request_form(value: Any, shape: Shape) -> Any:
    """``value`` (a request body's decoded JSON) as moto's JSON request parser reads ``shape``."""
    return _read(value, shape)


def _read_parameters(self: DynamoHandler, request: Request) -> None:
    service_model = get_service_model(self.boto3_service_name)
    operation_model = service_model.operation_model(self._get_action())
    if determine_request_protocol(service_model, request.content_type) != JSON_PROTOCOL:
        return _original_parse_parameters(self, request)
    shape = operation_model.input_shape
    if shape is None:
        self.params = {}
        return None
    parser = JSONParser(operation_model, map_type=self.PROTOCOL_PARSER_MAP_TYPE)
    try:
        self.params = request_form(parser._parse_body_as_json(request.data), shape)
    except NotReadHere:
        _original_parse_parameters(self, request)
    return None


# base32's alphabet (RFC 4648), each character for 8 of the 256 byte values: a random byte picks one
# uniformly, as base32 encoding of random bits does (``base64.b32encode`` is pure Python: 3-4 % of
# the store's CPU in an order turn, docs/performance.md, issue 15, eighth pass).
ID_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_ID_CHARACTERS = bytes(ID_ALPHABET[byte % len(ID_ALPHABET)] for byte in range(256))
REQUEST_ID_LENGTH = 52


def request_id(headerdict: dict[str, Any] | None = None) -> str:
    """A 52-character request id, as ``aws_headers.gen_amzn_requestid_long`` (same signature)."""
    value = mock_random.randbytes(REQUEST_ID_LENGTH).translate(_ID_CHARACTERS).decode()
    if headerdict is not None and isinstance(headerdict, dict):
        headerdict.update({"x-amzn-requestid": value})
    return value


def prepare() -> None:
    """Install (idempotent)."""
    DynamoHandler.parse_parameters = _read_parameters  # type: ignore[method-assign,assignment]
    moto_responses.gen_amzn_requestid_long = request_id
    aws_headers.gen_amzn_requestid_long = request_id

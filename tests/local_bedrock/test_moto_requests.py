"""The store reads requests as moto's JSON request parser reads them, and draws request ids in the
form DynamoDB's take (local_bedrock/store/moto_requests.py); the moto internals it replaces are
pinned, so a moto upgrade fails here first."""

from __future__ import annotations

import inspect
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.model import Shape
from botocore.serialize import create_serializer
from moto.core.parse import JSONParser, default_blob_parser
from moto.core.responses import BaseResponse
from moto.core.utils import get_service_model
from moto.dynamodb.responses import DynamoHandler
from moto.moto_api._internal import mock_random
from moto.utilities import aws_headers

from local_bedrock.store import moto_requests
from local_bedrock.store.moto_store import moto_store
from local_bedrock.store.seed import SampleData
from local_bedrock.store.wire_shapes import ATTRIBUTE_VALUE
from tests.local_bedrock.test_moto_adapter import EVERY_TYPE

TABLES = {"store": "requests-store", "idempotency": "requests-idempotency"}
STORE = TABLES["store"]
REVIEW = "moto changed: review local_bedrock/store/moto_requests.py against the new moto before upgrading"


def _source(function: Any) -> str:
    return " ".join(inspect.getsource(function).split())


@pytest.fixture(scope="module")
def client(sample: SampleData) -> Iterator[Any]:
    with moto_store(SampleData([], []), tables=TABLES):
        yield boto3.client("dynamodb")


def test_the_moto_request_reading_replaced_is_unchanged() -> None:
    parse = _source(moto_requests._original_parse_parameters)
    for line in (
        "operation_model = service_model.operation_model(self._get_action())",
        "protocol = determine_request_protocol(service_model, request.content_type)",
        "parser = parser_cls(operation_model, map_type=self.PROTOCOL_PARSER_MAP_TYPE)",
        '"body": request.data,',
        "self.params = cast(Any, parsed)",
    ):
        assert line in parse, REVIEW
    assert moto_requests._original_parse_parameters is BaseResponse.parse_parameters, REVIEW
    assert "return self._parse_shape(shape, parsed_json)" in _source(JSONParser._parse_json_body), REVIEW
    assert 'parsed = self._parse_json_body(request_dict["body"], shape)' in _source(JSONParser._do_parse), (
        REVIEW
    )
    structure = _source(JSONParser._parse_structure)
    for line in (
        "if shape.is_document_type: final_parsed = value",
        "if value is None:",
        'json_name = member_shape.serialization.get("name", member_name)',
        "raw_value = value.get(json_name) if raw_value is not None:",
    ):
        assert line in structure, REVIEW
    assert "return base64.b64decode(value)" in _source(default_blob_parser), REVIEW
    assert "self.automated_parameter_parsing = True" in _source(DynamoHandler.__init__), REVIEW
    assert DynamoHandler.PROTOCOL_PARSER_MAP_TYPE is dict, REVIEW  # request_form builds plain dicts
    request_id = _source(moto_requests._original_request_id)
    assert "get_random_string(length=52)" in request_id and '"x-amzn-requestid": req_id' in request_id, REVIEW
    assert "request_id = gen_amzn_requestid_long(headers)" in _source(BaseResponse._enrich_response), REVIEW


def _body(operation: str, params: dict[str, Any]) -> bytes:
    model = get_service_model("dynamodb").operation_model(operation)
    serialized = create_serializer("json").serialize_to_request(params, model)
    body: bytes = serialized["body"]
    return body


REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("PutItem", {"TableName": STORE, "Item": EVERY_TYPE, "ConditionExpression": "attribute_not_exists(pk)"}),
    ("GetItem", {"TableName": STORE, "Key": {"pk": {"S": "A"}, "sk": {"S": "B"}}, "ConsistentRead": True}),
    (
        "Query",
        {
            "TableName": STORE,
            "IndexName": "by_placed_at",
            "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": "C"}},
            "ScanIndexForward": False,
            "Limit": 5,
            "ExclusiveStartKey": {"pk": {"S": "C"}, "sk": {"S": "D"}, "placed_at": {"S": "2026"}},
        },
    ),
    (
        "TransactWriteItems",
        {
            "TransactItems": [
                {
                    "Update": {
                        "TableName": STORE,
                        "Key": {"pk": {"S": "P"}, "sk": {"S": "PRODUCT"}},
                        "UpdateExpression": "SET stock = stock - :q ADD sales :q",
                        "ConditionExpression": "stock >= :q",
                        "ExpressionAttributeValues": {":q": {"N": "1"}, ":set": {"BS": [b"\xff"]}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
                {"Put": {"TableName": STORE, "Item": EVERY_TYPE}},
                {
                    "ConditionCheck": {
                        "TableName": STORE,
                        "Key": {"pk": {"S": "X"}, "sk": {"S": "Y"}},
                        "ConditionExpression": "attribute_exists(pk)",
                    }
                },
                {"Delete": {"TableName": STORE, "Key": {"pk": {"S": "Z"}, "sk": {"S": "W"}}}},
            ],
            "ClientRequestToken": "token-1",
        },
    ),
    (
        "UpdateItem",
        {
            "TableName": STORE,
            "Key": {"pk": {"S": "A"}, "sk": {"S": "B"}},
            "UpdateExpression": "SET #d = :d",
            "ExpressionAttributeNames": {"#d": "data"},
            "ExpressionAttributeValues": {":d": {"M": {"a": {"L": [{"B": b"\x01"}, {"NULL": True}]}}}},
            "ReturnValues": "ALL_NEW",
        },
    ),
    (
        "BatchGetItem",
        {
            "RequestItems": {
                STORE: {"Keys": [{"pk": {"S": "A"}, "sk": {"S": "B"}}], "ProjectionExpression": "pk"}
            }
        },
    ),
    ("BatchWriteItem", {"RequestItems": {STORE: [{"PutRequest": {"Item": EVERY_TYPE}}]}}),
    ("Scan", {"TableName": STORE, "Segment": 1, "TotalSegments": 4, "Limit": 10}),
    ("DescribeTable", {"TableName": STORE}),
]
# What a client could send that botocore would not: members moto's parser drops or keeps as they come.
ODD_BODIES: list[tuple[str, Any]] = [
    (
        "PutItem",
        {"TableName": STORE, "Item": {"a": {"S": "x", "N": "1"}, "b": {"X": "1"}, "c": {"S": None}, "d": {}}},
    ),
    ("PutItem", {"TableName": STORE, "Item": {"a": {"L": [{"S": "x", "BOOL": True}, {}]}}, "Unknown": 1}),
    ("GetItem", {"TableName": STORE, "Key": {"pk": {"S": "A"}}, "ConsistentRead": None}),
    ("Query", {"TableName": STORE, "Limit": "7"}),
]


def _moto_reads(operation: str, body: bytes) -> Any:
    model = get_service_model("dynamodb").operation_model(operation)
    return JSONParser(model, map_type=dict).parse({"body": body})  # type: ignore[typeddict-item]


def _ours(operation: str, body: bytes) -> Any:
    model = get_service_model("dynamodb").operation_model(operation)
    return moto_requests.request_form(json.loads(body), model.input_shape)


@pytest.mark.parametrize(("operation", "params"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_requests_are_read_as_moto_reads_them(operation: str, params: dict[str, Any]) -> None:
    body = _body(operation, params)
    ours = _ours(operation, body)
    assert ours == _moto_reads(operation, body)
    assert json.dumps(ours, default=repr) == json.dumps(
        _moto_reads(operation, body), default=repr
    )  # same order


@pytest.mark.parametrize(("operation", "body"), ODD_BODIES, ids=[str(n) for n in range(len(ODD_BODIES))])
def test_odd_bodies_are_read_as_moto_reads_them(operation: str, body: Any) -> None:
    raw = json.dumps(body).encode()
    assert json.dumps(_ours(operation, raw)) == json.dumps(_moto_reads(operation, raw))


def _reader_for(member: Shape) -> Any:
    """The reader ``moto_requests`` must use for an AttributeValue member of this shape: what moto's
    JSON parser does with it (strings and booleans as they are, blobs decoded, lists and maps element
    by element, nested AttributeValues read as one)."""
    kind = member.type_name
    if kind in ("string", "boolean"):
        return moto_requests._same
    if kind == "blob":
        return moto_requests._blob
    inner = member.value if kind == "map" else member.member
    if inner.name == ATTRIBUTE_VALUE:
        return moto_requests._map if kind == "map" else moto_requests._list
    assert kind == "list", member.name
    return {"string": moto_requests._strings, "blob": moto_requests._blobs}[inner.type_name]


def test_the_attribute_value_readers_are_botocore_s_attribute_value_members() -> None:
    """``_MEMBERS`` reads an AttributeValue of one member directly: it must hold every member of
    botocore's AttributeValue shape (a member added by a botocore upgrade would otherwise be read as
    an empty value), each with the reader its type needs, under its own name (no serialization name
    renames a member on the wire)."""
    shape = botocore.session.get_session().get_service_model("dynamodb").shape_for(ATTRIBUTE_VALUE)
    members = shape.members
    assert sorted(moto_requests._MEMBERS) == sorted(members)
    for name, member in members.items():
        assert "name" not in member.serialization, name
        assert moto_requests._MEMBERS[name] is _reader_for(member), name
    map_key = members["M"].key
    assert map_key.type_name == "string"  # map keys are read as they are


def test_a_shape_with_timestamps_is_left_to_moto() -> None:
    shape = get_service_model("dynamodb").operation_model("ListBackups").input_shape
    with pytest.raises(moto_requests.NotReadHere):
        moto_requests.request_form({"TimeRangeLowerBound": 1700000000}, shape)


def test_the_store_reads_what_it_is_sent_and_draws_dynamodb_shaped_request_ids(client: Any) -> None:
    assert DynamoHandler.parse_parameters is moto_requests._read_parameters
    client.create_backup(TableName=STORE, BackupName="requests-backup")
    listed = client.list_backups(TableName=STORE, TimeRangeLowerBound=0)  # a timestamp: moto's parser
    assert [b["BackupName"] for b in listed["BackupSummaries"]] == ["requests-backup"]
    client.put_item(TableName=STORE, Item=EVERY_TYPE)
    answer = client.get_item(TableName=STORE, Key={"pk": {"S": "TYPES"}, "sk": {"S": "ALL"}})
    assert answer["Item"] == EVERY_TYPE
    ids = {
        client.get_item(TableName=STORE, Key={"pk": {"S": "X"}, "sk": {"S": "Y"}})["ResponseMetadata"][
            "RequestId"
        ]
        for _ in range(20)
    }
    assert len(ids) == 20 and all(re.fullmatch(r"[A-Z0-9]{52}", i) for i in ids)
    drawn = {moto_requests.request_id() for _ in range(2000)}
    assert len(drawn) == 2000 and all(re.fullmatch(r"[A-Z2-7]{52}", i) for i in drawn)
    counts = Counter("".join(drawn))  # each of base32's 32 characters about as often (3,250 expected)
    assert set(counts) == set(moto_requests.ID_ALPHABET.decode())
    assert all(2_900 < n < 3_600 for n in counts.values()), counts
    mock_random.seed(15)
    first = [moto_requests.request_id() for _ in range(3)]
    mock_random.seed(15)
    assert [moto_requests.request_id() for _ in range(3)] == first  # drawn from moto's random source
    headers: dict[str, str] = {}
    assert moto_requests.request_id(headers) == headers["x-amzn-requestid"]
    assert aws_headers.gen_amzn_requestid_long is moto_requests.request_id

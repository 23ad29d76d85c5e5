"""Generated inputs for every field the service model declares, against the local endpoint.

For InvokeAgent and Retrieve, every input field of botocore's model (URI labels, headers, body
members at any depth, documents, map keys; ``model_inputs.py``) is reached with the smallest valid
request, serialised by botocore's own rest-json serializer as boto3 would, and then:

- control characters: the field's valid value with a trailing LF or CRLF, a leading LF, an embedded
  NUL, an escape sequence, DEL or a Unicode line separator. Oracle, from the model alone (Python's
  own full match of the pattern, the enum, the lengths): a value the model refuses gets a 400
  ValidationException naming the field; nothing ever gets a 500, and every header written is free of
  control characters. URI labels and headers also go over a real socket, and the raw header block
  is read back line by line.
- nesting: at the top level, in session attributes and prompt session attributes, in a string
  member and in a document, arrays nested from 2 levels up past the JSON parser's own limit (probed
  here, about 1,000) to 10 times that. Oracle: past ``MAX_JSON_DEPTH`` a 400 that says "nested";
  within it, documents are not refused for their depth; never a 500, never an error in the log.
- duplicate keys: every body member named twice. Oracle: a 400 naming it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import regex
from botocore.serialize import create_serializer

from local_bedrock import wire
from local_bedrock.endpoint import Endpoint, Reply
from local_bedrock.server import RunningEndpoint, running
from tests.hardening import figures
from tests.hardening.echo_backend import EchoBackend, EchoKnowledge
from tests.hardening.model_inputs import Field, base_request, example, fields, request_reaching
from tests.hardening.test_endpoint_regressions import header_problems, raw_exchange

OPERATIONS = ("InvokeAgent", "Retrieve")
MUTATIONS = {
    "trailing LF": lambda v: v + "\n",
    "trailing CRLF": lambda v: v + "\r\n",
    "leading LF": lambda v: "\n" + v,
    "NUL inside": lambda v: v[:1] + "\x00" + v[1:],
    "escape sequence": lambda v: v + "\x1b[2J",
    "DEL": lambda v: v + "\x7f",
    "line separator": lambda v: v + "\u2028",
}
ON_THE_WIRE = ("trailing LF", "leading LF", "NUL inside", "escape sequence", "DEL")
_SERIALIZER = create_serializer("rest-json", include_validation=False)
PLACEHOLDER = "\u0001placeholder\u0001"


@cache
def endpoint() -> Endpoint:
    return Endpoint(EchoBackend(), EchoKnowledge())


@pytest.fixture(scope="module")
def served() -> Iterator[RunningEndpoint]:
    with running(EchoBackend(), EchoKnowledge()) as local:
        yield local


def http_request(op_name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Method, path, headers and body as boto3 would send ``params``."""
    return _SERIALIZER.serialize_to_request(params, wire.operation(op_name))


def send(op_name: str, params: dict[str, Any], body: bytes | None = None) -> Reply:
    request = http_request(op_name, params)
    headers = {name.lower(): str(value) for name, value in request["headers"].items()}
    reply = endpoint().handle(request["method"], request["url_path"], headers, body or request["body"])
    if reply.stream is not None:
        reply.stream.close()
    return reply


def refused_by_model(field: Field, value: str) -> bool:
    shape = field.shape
    if shape.type_name != "string":
        return False  # a document takes any JSON value
    if shape.enum:
        return value not in shape.enum
    low, high = shape.metadata.get("min", 0), shape.metadata.get("max", 10**9)
    pattern = shape.metadata.get("pattern")
    return not low <= len(value) <= high or bool(pattern and regex.fullmatch(pattern, value) is None)


def problems(reply: Reply, field: Field, value: str) -> list[str]:
    found = [f"{name}: {text!r}" for name, text in reply.headers.items() if any(ord(c) < 0x20 for c in text)]
    if reply.status >= 500:
        found.append(f"{reply.status}: {reply.body[:200]!r}")
    if refused_by_model(field, value):
        code = reply.headers.get("x-amzn-ErrorType")
        if reply.status != 400 or code != "ValidationException" or field.name.encode() not in reply.body:
            found.append(f"{value!r} is refused by the model but got {reply.status} {reply.body[:200]!r}")
    return found


def _all_fields() -> list[tuple[str, Field]]:
    return [(op, f) for op in OPERATIONS for f in fields(wire.operation(op))]


@pytest.mark.parametrize(("op_name", "field"), _all_fields(), ids=str)
def test_control_characters_in_every_field(op_name: str, field: Field) -> None:
    op = wire.operation(op_name)
    valid = example(field.shape, field.name)
    assert valid is not None
    found = []
    for label, mutate in MUTATIONS.items():
        value = mutate(valid)
        figures.tried("endpoint: control characters in every model field")
        reply = send(op_name, request_reaching(op, field, value))
        found += [f"{label}: {problem}" for problem in problems(reply, field, value)]
    assert not found


WIRE_FIELDS = [(op, f) for op, f in _all_fields() if f.location in ("uri", "header")]


@pytest.mark.parametrize(("op_name", "field"), WIRE_FIELDS, ids=str)
def test_labels_and_headers_over_a_real_socket(served: RunningEndpoint, op_name: str, field: Field) -> None:
    valid = example(field.shape, field.name)
    assert valid is not None
    for label in ON_THE_WIRE:
        value = MUTATIONS[label](valid)
        if field.location == "header" and "\n" in value:
            continue  # a line feed in a header value makes another request, not this one
        request = http_request(op_name, request_reaching(wire.operation(op_name), field, value))
        lines = [f"{request['method']} {request['url_path']} HTTP/1.1", "Host: local", "Connection: close"]
        lines += [f"{name}: {text}" for name, text in request["headers"].items()]
        lines.append(f"Content-Length: {len(request['body'])}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + request["body"]
        status, header_lines, body = raw_exchange(served, raw)
        figures.tried("endpoint: control characters over the wire")
        assert header_problems(header_lines) == [], (label, header_lines)
        assert status < 500, (label, body)
        if refused_by_model(field, value):
            assert status == 400 and field.name.encode() in body, (label, status, body)


# ------------------------------------------------------------------------------------- nesting


@cache
def parser_limit() -> int:
    """The deepest array json.loads reads here before its recursion guard stops it."""
    low, high = 1, 100_000
    while low < high:
        middle = (low + high + 1) // 2
        try:
            json.loads("[" * middle + "]" * middle)
            low = middle
        except RecursionError:
            high = middle - 1
    return low


NESTING_PLACES = {
    "InvokeAgent": [("x",), ("inputText",), ("sessionState", "sessionAttributes", "k"),
                    ("sessionState", "promptSessionAttributes", "k")],
    "Retrieve": [("x",), ("retrievalQuery", "text")],
}  # fmt: skip


def _document_places(op_name: str) -> list[tuple[str | int, ...]]:
    documents = [f.path for f in fields(wire.operation(op_name)) if f.shape.type_name == "structure"]
    return documents[:1]  # every document member has the same shape: one is enough


def _depths() -> list[int]:
    limit = parser_limit()
    bound = wire.MAX_JSON_DEPTH
    return sorted({2, bound - 8, bound - 4, bound + 1, limit - 1, limit, limit + 1, 10 * limit})


def _nested_body(op_name: str, place: tuple[str | int, ...], depth: int) -> tuple[dict[str, Any], bytes, int]:
    """The request with arrays nested ``depth`` deep at ``place``; and the depth the parser meets
    (the containers around ``place``, the top-level object included, plus the arrays)."""
    op = wire.operation(op_name)
    target = next((f for f in fields(op) if f.path == place), None)
    params = request_reaching(op, target, PLACEHOLDER) if target else base_request(op)
    body = http_request(op_name, params)["body"]
    if target is None:  # a member the model does not have: the serializer would drop it
        body = json.dumps(json.loads(body) | {str(place[0]): PLACEHOLDER}).encode()
    nested = b"[" * depth + b"0" + b"]" * depth
    return params, body.replace(json.dumps(PLACEHOLDER).encode(), nested), len(place) + depth


def _nesting_answer_ok(reply: Reply, total: int, document: bool) -> bool:
    if reply.status >= 500:
        return False
    if total > wire.MAX_JSON_DEPTH:
        return reply.status == 400 and b"nested" in reply.body
    if document:  # any JSON value: its depth within the bound is no reason to refuse
        return b"nested" not in reply.body
    return reply.status == 400  # a string or a map of strings never holds an array


@pytest.mark.parametrize("op_name", OPERATIONS)
def test_nesting_up_to_and_past_the_parser_limit_everywhere(
    op_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    found = []
    for place in NESTING_PLACES[op_name] + _document_places(op_name):
        document = place in _document_places(op_name)
        for depth in _depths():
            params, body, total = _nested_body(op_name, place, depth)
            reply = send(op_name, params, body)
            figures.tried("endpoint: nesting depth")
            if not _nesting_answer_ok(reply, total, document):
                found.append(f"{'.'.join(map(str, place))} at {depth}: {reply.status} {reply.body[:120]!r}")
    assert not found
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


# ------------------------------------------------------------------------------------- duplicates


BODY_FIELDS = [(op, f) for op, f in _all_fields() if f.location == "body" and isinstance(f.path[-1], str)]


@pytest.mark.parametrize(("op_name", "field"), BODY_FIELDS, ids=str)
def test_every_body_member_named_twice_is_refused(op_name: str, field: Field) -> None:
    valid = example(field.shape, field.name)
    assert valid is not None
    params = request_reaching(wire.operation(op_name), field, PLACEHOLDER)
    body = http_request(op_name, params)["body"]
    member = str([p for p in field.path if isinstance(p, str) and not p.startswith("*")][-1])
    key = "k" if field.path[-1] == "*" else member
    twice = json.dumps(valid) + ", " + json.dumps(key) + ": " + json.dumps(valid)
    reply = send(op_name, params, body.replace(json.dumps(PLACEHOLDER).encode(), twice.encode()))
    figures.tried("endpoint: duplicate keys")
    assert reply.status == 400, reply.body
    assert key.encode() in reply.body and b"more than once" in reply.body

"""The store's WSGI application hands its answers to the server itself (``wsgi.answer``) instead of
building werkzeug's ``Response``: what reaches the server must be exactly what ``Response`` hands it,
so a werkzeug upgrade that answers differently fails here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from moto.moto_api._internal import mock_random
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Response

from local_bedrock.store import wsgi
from local_bedrock.store.moto_store import moto_store
from local_bedrock.store.seed import SampleData

TABLES = {"store": "answer-store", "idempotency": "answer-idempotency"}
Started = tuple[str, list[tuple[str, str]], bytes]


def _run(app: Callable[..., Iterable[bytes]], environ: dict[str, Any], *answer: Any) -> Started:
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started.update(status=status, headers=list(headers))

    body = b"".join(app(environ, start_response, *answer))
    return started["status"], started["headers"], body


def _by_werkzeug(
    environ: dict[str, Any], start_response: Callable[..., Any], *answer: Any
) -> Iterable[bytes]:
    status, headers, body = answer
    response: Iterable[bytes] = Response(body, status=status, headers=headers)(environ, start_response)
    return response


def _environ(method: str = "POST") -> dict[str, Any]:
    return EnvironBuilder(method=method, data=b"{}" if method == "POST" else None).get_environ()


DYNAMODB_JSON = "application/x-amz-json-1.0"
ANSWERS: list[tuple[int, dict[str, Any], str | bytes]] = [
    (200, {"Content-Type": DYNAMODB_JSON, "x-amzn-requestid": "A" * 52, "x-amz-crc32": "2745614147"}, "{}"),
    (200, {"Content-Type": DYNAMODB_JSON, "server": "amazon.com"}, b'{"Item":{"n":{"N":"1"}}}'),
    (400, {"Content-Type": "application/json", "status": "400", "x-amzn-ErrorType": "X"}, '{"__type":"X"}'),
    (400, {}, "Requested resource not found"),  # a ClientError moto raised: werkzeug's default type
    (200, {"content-type": "text/html"}, "ünïcödé ✓"),
    (404, {}, ""),
    (500, {"X-Several": "a, b"}, "error"),
    (503, {"Retry-After": "1"}, b""),
]
# What werkzeug treats specially (no body, headers rewritten or derived, values converted or split):
# the application hands these to werkzeug's Response as before.
LEFT_TO_WERKZEUG: list[tuple[int, dict[str, Any], str | bytes]] = [
    (204, {}, ""),
    (304, {"Content-Type": DYNAMODB_JSON}, ""),
    (101, {}, ""),
    (299, {}, "unknown code"),
    (200, {"Location": "/elsewhere"}, ""),
    (200, {"Content-Location": "/x y"}, ""),
    (200, {"Content-Length": "2"}, "{}"),
    (200, {"X-List": ["a", "b"]}, ""),
    (200, {"X-Number": 5}, ""),
]


@pytest.mark.parametrize("answer", ANSWERS + LEFT_TO_WERKZEUG)
def test_an_answer_reaches_the_server_as_werkzeug_s_response_hands_it_over(answer: Any) -> None:
    assert _run(wsgi.answer, _environ(), *answer) == _run(_by_werkzeug, _environ(), *answer)


@pytest.mark.parametrize("answer", ANSWERS[:2])
def test_an_answer_to_a_head_request_has_no_body_as_werkzeug_s_response_has_none(answer: Any) -> None:
    direct = _run(wsgi.answer, _environ("HEAD"), *answer)
    assert direct == _run(_by_werkzeug, _environ("HEAD"), *answer)
    assert direct[2] == b""


def test_answers_werkzeug_would_refuse_are_still_refused() -> None:
    for broken in ("a\nb", "a\rb"):
        answer = (200, {"X-Broken": broken}, "")
        with pytest.raises(ValueError, match="newline"):
            _run(_by_werkzeug, _environ(), *answer)
        with pytest.raises(ValueError, match="newline"):
            _run(wsgi.answer, _environ(), *answer)


def test_dynamodb_answers_take_the_direct_path() -> None:
    for status, headers, _ in ANSWERS:
        assert wsgi.status_line(status) is not None and not {h.lower() for h in headers} & wsgi.REWRITTEN
    assert all(wsgi.status_line(code) is None for code in (101, 204, 304, 299))
    assert Response.default_mimetype == "text/plain" and Response.automatically_set_content_length


@pytest.fixture(scope="module")
def store() -> Iterator[None]:
    with moto_store(SampleData([], []), tables=TABLES):
        yield


SIGNED = {
    "Content-Type": DYNAMODB_JSON,
    "Authorization": "AWS4-HMAC-SHA256 Credential=local/20261201/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-target, Signature=0",
}


def _request(target: str, body: dict[str, Any]) -> dict[str, Any]:
    headers = [*SIGNED.items(), ("X-Amz-Target", f"DynamoDB_20120810.{target}")]
    return EnvironBuilder(
        method="POST", base_url="http://127.0.0.1:8000/", headers=headers, data=json.dumps(body).encode()
    ).get_environ()


@pytest.mark.parametrize(
    ("target", "body"),
    [
        ("GetItem", {"TableName": TABLES["store"], "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}}}),
        ("GetItem", {"TableName": "no-such-table", "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}}}),
        ("DescribeTable", {"TableName": TABLES["idempotency"]}),
        ("GetItem", {"TableName": TABLES["store"], "Key": {"pk": {"S": "x"}}}),  # half a key: refused
    ],
)
def test_moto_s_answers_through_the_application_are_werkzeug_s(
    store: None, target: str, body: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole application, the same request answered both ways (the same request id drawn)."""
    mock_random.seed(15)
    direct = _run(wsgi.application, _request(target, body))
    monkeypatch.setattr(wsgi, "answer", _by_werkzeug)
    mock_random.seed(15)
    by_werkzeug = _run(wsgi.application, _request(target, body))
    assert direct == by_werkzeug
    assert dict(direct[1])["Content-Length"] == str(len(direct[2]))

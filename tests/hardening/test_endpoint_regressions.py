"""Defects of the local InvokeAgent endpoint found from outside (issue 13), each pinned directly.

Point 2: a session id ending in a newline corrupted the response headers. ``POST .../sessions/ab%0A/
text`` answered 200 with the raw header line ``x-amz-bedrock-agent-session-id: ab\\n``, which ended
the header block early; boto3 with ``sessionId="ab\\n"`` hung until its read timeout. The same with
``memoryId``. The model's pattern check was a Python search, where ``$`` also matches before a final
newline, and the value went to a header unchecked.

Point 5 (at the endpoint): a body naming a member twice was read as its last value: ``{"sessionState":
{"sessionAttributes": {"customerId": "C0001", "customerId": "C0002"}}}`` acted for C0002.

Point 3: a deeply nested JSON body (about 500 levels, 1 KB) got a 500 instead of a 400, and each such
request wrote a 150 KB traceback to the log (a ``RecursionError`` escaped request parsing).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from botocore.exceptions import ClientError

from local_bedrock import wire
from local_bedrock.backend import ApiError
from local_bedrock.constraints import pattern_matches
from local_bedrock.server import RunningEndpoint, running
from tests.hardening import figures
from tests.hardening.echo_backend import AGENT, ALIAS, EchoBackend, EchoKnowledge

INVOKE = f"/agents/{AGENT}/agentAliases/{ALIAS}/sessions/{{session}}/text"


@pytest.fixture(scope="module")
def local() -> Iterator[RunningEndpoint]:
    with running(EchoBackend(), EchoKnowledge()) as endpoint:
        yield endpoint


def _client(local: RunningEndpoint) -> Any:
    # A short read timeout: a corrupted header block makes boto3 wait for a body that never comes.
    return local.client(retries={"total_max_attempts": 1}, read_timeout=5, connect_timeout=5)


def raw_exchange(local: RunningEndpoint, request: bytes) -> tuple[int, list[bytes], bytes]:
    """Send ``request`` (with ``Connection: close``) as bytes; the status, the raw header lines and
    everything after them, read to the end of the connection."""
    address = urlparse(local.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request)
        received = b""
        while piece := connection.recv(65536):
            received += piece
    head, _, rest = received.partition(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    return int(status_line.split()[1]), lines, rest


def header_problems(lines: list[bytes]) -> list[str]:
    """Header lines that are not ``name: value`` with a value free of control characters."""
    problems = []
    for line in lines:
        name, colon, value = line.partition(b":")
        if not colon or not name or any((c < 0x20 and c != 0x09) or c == 0x7F for c in value):
            problems.append(repr(line))
        if any(c in b"\r\n" for c in line):
            problems.append(f"bare CR or LF in {line!r}")
    return problems


def post(path: str, body: bytes) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize("field", ["sessionId", "memoryId"])
@pytest.mark.parametrize("value", ["ab\n", "ab\r\n", "ab\nx-injected: 1", "ab\x00", "\nab"])
def test_a_control_character_in_an_id_is_a_validation_error(
    local: RunningEndpoint, field: str, value: str
) -> None:
    params = {"agentId": AGENT, "agentAliasId": ALIAS, "sessionId": "s-ok", "inputText": "hi"}
    figures.tried("endpoint: identifiers with control characters")
    with pytest.raises(ClientError) as raised:
        list(_client(local).invoke_agent(**(params | {field: value}))["completion"])
    error = raised.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert field in error["Message"] and "pattern" in error["Message"]


def test_the_raw_request_gets_a_400_with_a_well_formed_header_block(local: RunningEndpoint) -> None:
    status, lines, body = raw_exchange(local, post(INVOKE.format(session="ab%0A"), b'{"inputText":"hi"}'))
    figures.tried("endpoint: identifiers with control characters")
    assert status == 400
    assert header_problems(lines) == []
    assert not any(line.lower().startswith(b"x-amz-bedrock-agent-session-id") for line in lines)
    assert b"sessionId" in body


@pytest.mark.parametrize(
    ("member", "value"),
    [("sessionId", "ab\n"), ("memoryId", "ab\n"), ("sessionId", "a"), ("sessionId", "ab c")],
)
def test_every_header_value_written_passes_the_model_in_full_match_mode(member: str, value: str) -> None:
    """Whatever reaches ``output_headers``, a value its shape refuses is never written."""
    operation = wire.operation("InvokeAgent")
    good = wire.output_headers(operation, {"sessionId": "ab", "memoryId": "m-1", "contentType": "text/x"})
    assert set(good.values()) == {"ab", "m-1", "text/x"}
    with pytest.raises(ApiError, match=member):
        wire.output_headers(operation, {"sessionId": "ab", member: value})


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("^[0-9a-zA-Z._:-]+$", "ab", True),
        ("^[0-9a-zA-Z._:-]+$", "ab\n", False),  # Python's $ matches before a final newline
        ("[a-z]{1,20}/.{1,20}", "text/plain", True),
        ("^[a-z]/.$", "a/\r", False),  # ECMA's . excludes every line terminator
        ("^[a-z]/.$", "a/\u2028", False),
        ("^\\d{2}$", "12", True),
        ("^\\d{2}$", "\u0661\u0662", False),  # ECMA's \d is ASCII; Python's is every Unicode digit
        ("^[\\w]+$", "é", False),
        ("^[$.]+$", "$.", True),  # inside a class, $ and . are themselves
        ("^a\\$$", "a$", True),
    ],
)
def test_patterns_mean_what_ecma_262_says(pattern: str, value: str, matches: bool) -> None:
    assert pattern_matches(pattern, value) is matches


def nested(depth: int, opening: bytes = b"[", closing: bytes = b"]") -> bytes:
    return opening * depth + b"0" + closing * depth


@pytest.mark.parametrize("depth", [500, 990, 5_000, 100_000])
@pytest.mark.parametrize("where", ["sessionAttributes", "promptSessionAttributes", "top"])
def test_a_deeply_nested_body_is_a_400_without_a_traceback(
    local: RunningEndpoint, caplog: pytest.LogCaptureFixture, depth: int, where: str
) -> None:
    caplog.set_level(logging.DEBUG)
    value = nested(depth) if where != "top" else nested(depth, b'{"a":', b"}")
    body = (
        b'{"inputText":"hi","sessionState":{"' + where.encode() + b'":' + value + b"}}"
        if where != "top"
        else b'{"inputText":"hi","x":' + value + b"}"
    )
    status, lines, answer = raw_exchange(local, post(INVOKE.format(session="s-deep"), body))
    figures.tried("endpoint: nesting depth")
    assert status == 400, answer[:300]
    assert b"ValidationException" in b"".join(lines)
    assert b"nested" in answer or b"type" in answer  # past the limit: "nested"; within it: a type error
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b'{"inputText":"hi","inputText":"show me everything"}', b"inputText"),
        (
            b'{"inputText":"hi","sessionState":{"sessionAttributes":'
            b'{"customerId":"C0001","customerId":"C0002"}}}',
            b"customerId",
        ),
        (
            b'{"inputText":"hi","sessionState":{"sessionAttributes":{},"sessionAttributes":{}}}',
            b"sessionAttributes",
        ),
    ],
    ids=["inputText", "customerId", "sessionAttributes"],
)
def test_a_member_named_twice_is_a_validation_error(
    local: RunningEndpoint, body: bytes, named: bytes
) -> None:
    status, lines, answer = raw_exchange(local, post(INVOKE.format(session="s-twice"), body))
    figures.tried("endpoint: duplicate keys")
    assert status == 400, answer
    assert b"ValidationException" in b"".join(lines)
    assert named in answer and b"more than once" in answer

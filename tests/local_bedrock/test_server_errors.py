"""The API's errors through boto3, and a server that keeps serving after bad requests."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from botocore.exceptions import ClientError, EventStreamError
from test_server_fakes import AGENT_ID, ALIAS_ID, FakeKnowledge, ScriptedBackend

from local_bedrock.endpoint import Endpoint, EndpointConfig
from local_bedrock.server import RunningEndpoint, running
from local_bedrock.sessions import SessionKey

INVOKE_PATH = f"/agents/{AGENT_ID}/agentAliases/{ALIAS_ID}/sessions/s-1/text"


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def local(backend: ScriptedBackend) -> Iterator[RunningEndpoint]:
    with running(backend, FakeKnowledge(), max_body_bytes=64 * 1024, max_concurrent_turns=2) as endpoint:
        yield endpoint


@pytest.fixture
def client(local: RunningEndpoint) -> Any:
    return local.client(retries={"total_max_attempts": 1})


def invoke(client: Any, text: str = "hi", **kwargs: Any) -> dict[str, Any]:
    params = {"agentId": AGENT_ID, "agentAliasId": ALIAS_ID, "sessionId": "s-1", "inputText": text}
    return client.invoke_agent(**(params | kwargs))


def healthy(client: Any) -> bool:
    response = invoke(client, "still there?", sessionId="health")
    return list(response["completion"]) == [{"chunk": {"bytes": b"you said still there?"}}]


def raw(
    local: RunningEndpoint, method: str, path: str, body: bytes = b"", **headers: str
) -> tuple[int, dict, bytes]:
    address = urlparse(local.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("params", "exception"),
    [
        ({"agentId": "AGENT00404"}, "ResourceNotFoundException"),
        ({"agentAliasId": "NOALIAS"}, "ResourceNotFoundException"),
        ({"inputText": ""}, "ValidationException"),
        ({"inputText": "   "}, "ValidationException"),
        ({"sessionId": "bad session!"}, "ValidationException"),
        ({"agentId": "TOOLONGAGENTID"}, "ValidationException"),
        (
            {"sessionState": {"files": [{"name": "f", "useCase": "CHAT", "source": {"sourceType": "FTP"}}]}},
            "ValidationException",
        ),
    ],
)
def test_bad_requests_raise_the_modeled_exception(client: Any, params: dict, exception: str) -> None:
    with pytest.raises(getattr(client.exceptions, exception)) as raised:
        invoke(client, **params)
    assert raised.value.response["Error"]["Code"] == exception
    assert raised.value.response["Error"]["Message"]
    assert healthy(client)


def test_validation_message_names_the_field_and_rule(client: Any) -> None:
    with pytest.raises(client.exceptions.ValidationException) as raised:
        invoke(client, sessionId="bad session!")
    assert raised.value.response["Error"]["Message"] == (
        "1 validation error detected: sessionId: value does not match the pattern ^[0-9a-zA-Z._:-]+$"
    )
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_malformed_session_state_that_botocore_would_have_caught(local: RunningEndpoint) -> None:
    unchecked = local.client(parameter_validation=False, retries={"total_max_attempts": 1})
    with pytest.raises(unchecked.exceptions.ValidationException, match=r"sessionState\.sessionAttributes"):
        invoke(unchecked, sessionState={"sessionAttributes": {"customerId": 42}})
    assert healthy(unchecked)


def test_unknown_members_are_rejected(local: RunningEndpoint) -> None:
    body = json.dumps({"inputText": "hi", "sessionState": {"sessionAtributes": {"customerId": "c-1"}}})
    status, headers, raw_body = raw(local, "POST", INVOKE_PATH, body.encode())
    assert (status, headers["x-amzn-errortype"]) == (400, "ValidationException")
    assert 'Unknown parameter in sessionState: "sessionAtributes"' in json.loads(raw_body)["message"]


def test_malformed_json_body_raises_validation_exception(client: Any) -> None:
    def corrupt(request: Any, **_: Any) -> None:
        request.body = b'{"inputText": "hi",'
        request.headers["Content-Length"] = str(len(request.body))

    client.meta.events.register("before-send.bedrock-agent-runtime.InvokeAgent", corrupt)
    with pytest.raises(client.exceptions.ValidationException, match="not valid JSON"):
        invoke(client)
    client.meta.events.unregister("before-send.bedrock-agent-runtime.InvokeAgent", corrupt)
    assert healthy(client)


def test_error_before_the_stream_is_an_http_error(client: Any) -> None:
    with pytest.raises(client.exceptions.DependencyFailedException) as raised:
        invoke(client, "fail before")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 424


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("fail after", "dependencyFailedException"),
        ("crash after", "internalServerException"),
        ("bad event", "internalServerException"),
    ],
)
def test_error_mid_stream_is_an_event_stream_error(client: Any, text: str, code: str) -> None:
    completion = invoke(client, text)["completion"]
    stream = iter(completion)
    assert next(stream) == {"chunk": {"bytes": b"partial"}}
    with pytest.raises(EventStreamError) as raised:
        next(stream)
    completion.close()  # now, not whenever the garbage collector reaches it (during another test)
    assert raised.value.response["Error"]["Code"] == code
    assert healthy(client)


def test_invalid_event_message_names_the_problem(client: Any) -> None:
    completion = invoke(client, "bad event")["completion"]
    with pytest.raises(EventStreamError, match="unknownMember"):
        list(completion)
    completion.close()


def test_only_the_events_sent_are_checked_against_the_model(client: Any) -> None:
    """An unrequested trace is dropped unchecked; the same trace, requested, fails the turn (before
    any event was sent, so as an HTTP error)."""
    assert list(invoke(client, "bad trace")["completion"]) == [{"chunk": {"bytes": b"after the trace"}}]
    with pytest.raises(client.exceptions.InternalServerException, match="unknownMember"):
        invoke(client, "bad trace", sessionId="s-2", enableTrace=True)
    assert healthy(client)


def test_unknown_operations(client: Any, local: RunningEndpoint) -> None:
    with pytest.raises(ClientError) as raised:
        client.get_agent_memory(
            agentId=AGENT_ID, agentAliasId=ALIAS_ID, memoryId="memory-1", memoryType="SESSION_SUMMARY"
        )
    assert raised.value.response["Error"]["Code"] == "UnknownOperationException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    status, headers, body = raw(local, "GET", "/no/such/thing")
    assert (status, headers["x-amzn-errortype"]) == (404, "UnknownOperationException")
    assert "Unknown operation" in json.loads(body)["message"]
    assert healthy(client)


def test_concurrent_turns_beyond_the_limit_are_throttled(client: Any, backend: ScriptedBackend) -> None:
    first = iter(invoke(client, "gated", sessionId="s-a")["completion"])
    second = iter(invoke(client, "gated", sessionId="s-b")["completion"])
    assert next(first) == next(second) == {"chunk": {"bytes": b"first"}}
    with pytest.raises(client.exceptions.ThrottlingException):
        invoke(client, sessionId="s-c")
    backend.gate.set()
    assert list(first) == list(second) == [{"chunk": {"bytes": b"second"}}]
    assert healthy(client)


def test_a_second_turn_of_a_running_session_conflicts(client: Any, backend: ScriptedBackend) -> None:
    running_turn = iter(invoke(client, "gated")["completion"])
    next(running_turn)
    with pytest.raises(client.exceptions.ConflictException):
        invoke(client)
    backend.gate.set()
    assert list(running_turn) == [{"chunk": {"bytes": b"second"}}]
    assert list(invoke(client)["completion"]) == [{"chunk": {"bytes": b"you said hi"}}]


def test_retrieve_errors(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.retrieve(knowledgeBaseId="KBUNKNOWN1", retrievalQuery={"text": "returns"})
    with pytest.raises(client.exceptions.ValidationException):
        client.retrieve(knowledgeBaseId="KBLOCAL001", retrievalQuery={"text": " "})
    with pytest.raises(client.exceptions.ValidationException):
        client.retrieve(knowledgeBaseId="KB-BAD-ID!", retrievalQuery={"text": "returns"})


def test_oversized_and_broken_requests_leave_the_server_serving(client: Any, local: RunningEndpoint) -> None:
    big = json.dumps({"inputText": "x" * (100 * 1024)}).encode()
    status, headers, body = raw(local, "POST", INVOKE_PATH, big, **{"Content-Type": "application/json"})
    assert (status, headers["x-amzn-errortype"]) == (400, "ValidationException")
    assert "exceeds the limit" in json.loads(body)["message"]
    status, headers, _ = raw(local, "POST", INVOKE_PATH, b"[1, 2]")
    assert (status, headers["x-amzn-errortype"]) == (400, "ValidationException")
    address = urlparse(local.url)
    for garbage in (b"\x00\x01 not http at all\r\n\r\n", b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n"):
        with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
            sock.sendall(garbage)
            answer = sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 400 ")
            assert b"x-amzn-ErrorType: ValidationException" in answer
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(b"POST " + INVOKE_PATH.encode() + b" HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
    assert healthy(client)


def test_client_disconnect_mid_stream_releases_the_session(
    local: RunningEndpoint, backend: ScriptedBackend
) -> None:
    address = urlparse(local.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    connection.request("POST", INVOKE_PATH, body=json.dumps({"inputText": "gated"}).encode())
    response = connection.getresponse()
    assert response.status == 200
    session = local.endpoint.store.peek(SessionKey(AGENT_ID, ALIAS_ID, "s-1"))
    assert session is not None and session.busy
    response.close()
    connection.close()
    backend.gate.set()
    for _ in range(1000):  # the server thread notices the closed socket and ends the turn
        if not session.busy:
            break
        threading.Event().wait(0.01)
    assert not session.busy


def test_an_answer_never_sent_still_ends_the_turn(backend: ScriptedBackend) -> None:
    endpoint = Endpoint(backend, config=EndpointConfig(max_concurrent_turns=1))
    body = json.dumps({"inputText": "hi"}).encode()
    reply = endpoint.handle("POST", INVOKE_PATH, {}, body)
    assert reply.status == 200 and reply.stream is not None
    session = endpoint.store.peek(SessionKey(AGENT_ID, ALIAS_ID, "s-1"))
    assert session is not None and session.busy
    reply.stream.close()  # e.g. the client hung up before the headers went out
    assert not session.busy
    again = endpoint.handle("POST", INVOKE_PATH, {}, body)  # the only concurrency slot is free again
    assert again.status == 200 and again.stream is not None
    assert base64.b64encode(b"you said hi") in b"".join(again.stream)  # chunk bytes travel as base64

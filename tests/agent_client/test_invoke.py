"""The one client path: where it points, and every failure as an error a person can act on."""

from __future__ import annotations

import os
import socket
from typing import Any

import pytest
from botocore.exceptions import EventStreamError
from botocore.stub import Stubber

from agent_client import invoke as client_module
from agent_client.invoke import ConsoleError, Target, classify, invoke, runtime_client
from local_bedrock.runtime import LocalRuntime

AWS = Target(region="eu-west-1", agent_id="AGENT12345", agent_alias_id="ALIAS12345")


def _stubbed(code: str, status: int) -> ConsoleError:
    client = runtime_client(AWS)
    with Stubber(client) as stub:
        stub.add_client_error(
            "invoke_agent",
            service_error_code=code,
            service_message=f"{code} says no",
            http_status_code=status,
        )
        with pytest.raises(ConsoleError) as caught:
            list(invoke(client, AWS, sessionId="s-1", inputText="hi"))
    return caught.value


@pytest.mark.parametrize(
    ("code", "status", "kind", "hint_words"),
    [
        ("ThrottlingException", 429, "throttled", "Wait a few seconds"),
        (
            "AccessDeniedException",
            403,
            "access-denied",
            "bedrock:InvokeAgent on agent AGENT12345, alias ALIAS12345 in eu-west-1",
        ),
        (
            "ResourceNotFoundException",
            404,
            "not-found",
            "No agent AGENT12345, alias ALIAS12345 at AWS eu-west-1",
        ),
        ("ValidationException", 400, "validation", "which field"),
        ("DependencyFailedException", 424, "dependency-failed", "The trace shows which step"),
        ("InternalServerException", 500, "service", "try again"),
    ],
)
def test_service_errors_are_classified(code: str, status: int, kind: str, hint_words: str) -> None:
    error = _stubbed(code, status)
    assert (error.kind, error.code, error.message) == (kind, code, f"{code} says no")
    assert hint_words in error.hint
    assert error.view() == {"kind": kind, "code": code, "message": f"{code} says no", "hint": error.hint}


def test_errors_inside_the_stream_are_classified_too() -> None:
    raised = EventStreamError(
        {"Error": {"Code": "throttlingException", "Message": "slow down"}}, "InvokeAgent"
    )
    error = classify(raised, AWS)
    assert (error.kind, error.code, error.message) == ("throttled", "ThrottlingException", "slow down")


def test_a_local_endpoint_that_is_not_running() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    target = Target(
        endpoint_url=f"http://127.0.0.1:{port}", agent_id="ASSISTANT", agent_alias_id="TSTALIASID"
    )
    with pytest.raises(ConsoleError) as caught:
        list(invoke(runtime_client(target), target, sessionId="s-1", inputText="hi"))
    assert caught.value.kind == "not-running"
    assert f"Nothing answers at http://127.0.0.1:{port}" in caught.value.message
    assert "make serve" in caught.value.hint


def test_an_unknown_alias_on_the_local_endpoint(local_agents: LocalRuntime) -> None:
    wrong = Target(endpoint_url=local_agents.url, agent_id="ASSISTANT", agent_alias_id="NOSUCH")
    with pytest.raises(ConsoleError) as caught:
        list(invoke(runtime_client(wrong), wrong, sessionId="s-1", inputText="hi"))
    assert caught.value.kind == "not-found"
    assert "NOSUCH" in caught.value.message


def test_no_credentials_on_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(ConsoleError) as caught:
        list(invoke(runtime_client(AWS), AWS, sessionId="s-1", inputText="hi"))
    assert caught.value.kind == "no-credentials"


def _keys(client: Any) -> str:
    return str(client._request_signer._credentials.access_key)


def test_placeholder_keys_only_for_an_endpoint_without_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    local = Target(endpoint_url="http://127.0.0.1:8000", agent_id="ASSISTANT", agent_alias_id="TSTALIASID")
    assert _keys(runtime_client(local)) == os.environ["AWS_ACCESS_KEY_ID"]  # configured credentials win
    monkeypatch.setattr(client_module, "credentials_available", lambda: False)
    assert _keys(runtime_client(local)) == "local"
    client = runtime_client(AWS)
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.endpoint_url == "https://bedrock-agent-runtime.eu-west-1.amazonaws.com"


class _Stream:
    """A completion stream that records whether it was closed."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events, self.closed = events, False

    def __iter__(self) -> Any:
        return iter(self.events)

    def close(self) -> None:
        self.closed = True


class _Client:
    def __init__(self, stream: _Stream) -> None:
        self.stream = stream

    def invoke_agent(self, **_: Any) -> dict[str, Any]:
        return {"completion": self.stream}


def test_the_stream_is_closed_when_read_to_the_end_or_abandoned() -> None:
    """Left to the garbage collector, urllib3's response was finalised after its socket closed and
    Python 3.13 reported "I/O operation on closed file" (an unraisable error that failed a test)."""
    whole = _Stream([{"chunk": {"bytes": b"a"}}, {"chunk": {"bytes": b"b"}}])
    assert len(list(invoke(_Client(whole), AWS, sessionId="s-1", inputText="hi"))) == 2
    assert whole.closed

    abandoned = _Stream([{"chunk": {"bytes": b"a"}}, {"chunk": {"bytes": b"b"}}])
    events = invoke(_Client(abandoned), AWS, sessionId="s-1", inputText="hi")
    next(events)
    assert not abandoned.closed
    events.close()  # what a caller's `break` or the generator's collection does
    assert abandoned.closed

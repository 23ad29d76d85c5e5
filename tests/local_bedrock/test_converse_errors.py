"""Bedrock failures become the runtime's API errors, saying what to do; throttling is retried first."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError, NoCredentialsError, UnauthorizedSSOTokenError
from converse_fixtures import MODEL_ID, context, response, stubbed, tool_use

from local_bedrock.agent.converse import ConverseModel
from local_bedrock.agent.converse_client import CLIENT_CONFIG
from local_bedrock.agent.converse_errors import api_error
from local_bedrock.agent.model import FinalAnswer
from local_bedrock.backend import (
    AccessDeniedError,
    ApiError,
    DependencyFailedError,
    ThrottlingError,
    ValidationFailedError,
)

ON_DEMAND = (
    "Invocation of model ID anthropic.claude-sonnet-4-5-20250929-v1:0 with on-demand throughput isn't "
    "supported. Retry your request with the ID or ARN of an inference profile that contains this model."
)


@pytest.mark.parametrize(
    ("code", "status", "message", "raised", "advice"),
    [
        (
            "AccessDeniedException",
            403,
            "You don't have access to the model with the specified model ID.",
            AccessDeniedError,
            f"Enable model access for {MODEL_ID} in the Bedrock console",
        ),
        (
            "ValidationException",
            400,
            "messages: text field is blank",
            ValidationFailedError,
            "text field is blank",
        ),
        (
            "ResourceNotFoundException",
            404,
            "Model not found.",
            ValidationFailedError,
            "Check LOCAL_AGENT_MODEL_ID",
        ),
        ("ThrottlingException", 429, "Too many requests", ThrottlingError, "Wait a moment and retry"),
        ("ServiceUnavailableException", 503, "Unavailable", DependencyFailedError, "Retry shortly"),
        ("ModelTimeoutException", 408, "Timed out", DependencyFailedError, "Retry shortly"),
        ("ModelNotReadyException", 429, "Not ready", DependencyFailedError, "Retry shortly"),
        ("ModelErrorException", 424, "The model failed", DependencyFailedError, "Retry the turn"),
        ("InternalServerException", 500, "Oops", DependencyFailedError, "Retry the turn"),
    ],
)
def test_service_errors_become_api_errors_that_say_what_to_do(
    code: str, status: int, message: str, raised: type[ApiError], advice: str
) -> None:
    with stubbed() as (model, stubber, _):
        stubber.add_client_error("converse", code, message, http_status_code=status)
        with pytest.raises(raised) as caught:
            model.decide(context("hi"))
    assert type(caught.value) is raised
    assert message in caught.value.message
    assert advice in caught.value.message
    assert f"{MODEL_ID} in us-east-1" in caught.value.message


def test_a_model_that_needs_an_inference_profile_gets_the_profile_id_suggested() -> None:
    model_id = "anthropic.claude-sonnet-4-5-20250929-v1:0"
    with stubbed(model_id=model_id) as (model, stubber, _):
        stubber.add_client_error("converse", "ValidationException", ON_DEMAND, http_status_code=400)
        with pytest.raises(ValidationFailedError) as caught:
            model.decide(context("hi"))
    assert f"global.{model_id}" in caught.value.message
    assert "LOCAL_AGENT_MODEL_ID" in caught.value.message


@pytest.mark.parametrize(
    "output",
    [
        response({"text": "oops"}, stop_reason="malformed_tool_use"),
        response({"text": "oops"}, stop_reason="malformed_model_output"),
        response({"text": "let me check"}, stop_reason="tool_use"),  # no toolUse block
        response(tool_use("deleteEverything", {}), stop_reason="tool_use"),
    ],
)
def test_unusable_model_output_is_a_dependency_failure(output: dict[str, Any]) -> None:
    with stubbed() as (model, stubber, _):
        stubber.add_response("converse", output)
        with pytest.raises(DependencyFailedError, match=MODEL_ID):
            model.decide(context("hi"))


def test_an_agent_without_knowledge_base_cannot_search_one() -> None:
    with stubbed() as (model, stubber, _):
        stubber.add_response(
            "converse",
            response(tool_use("search_knowledge_base", {"query": "returns"}), stop_reason="tool_use"),
        )
        with pytest.raises(DependencyFailedError, match="search_knowledge_base"):
            model.decide(context("returns?", agent="support"))


def test_credential_and_network_failures() -> None:
    assert isinstance(api_error(NoCredentialsError(), MODEL_ID, "us-east-1"), AccessDeniedError)
    expired = api_error(UnauthorizedSSOTokenError(), MODEL_ID, "us-east-1")
    assert isinstance(expired, AccessDeniedError) and "aws sso login" in expired.message
    offline = api_error(
        EndpointConnectionError(endpoint_url="https://bedrock-runtime.x"), MODEL_ID, "eu-west-3"
    )
    assert isinstance(offline, DependencyFailedError)
    assert "eu-west-3" in offline.message and "network" in offline.message


class _FakeBedrock(BaseHTTPRequestHandler):
    """Bedrock over HTTP on 127.0.0.1: ``throttles`` 429 ThrottlingExceptions, then an end_turn answer."""

    throttles = 0
    calls = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls += 1
        if self.calls <= self.throttles:
            status, body = 429, {"message": "Too many requests, please wait before trying again."}
        else:
            status, body = 200, response({"text": "Hello again."})
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 429:
            self.send_header("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture
def bedrock(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[ConverseModel, type[_FakeBedrock], list[float]]]:
    """A ConverseModel whose client (the runtime's retry configuration) talks to a fake Bedrock."""
    handler = type("Bedrock", (_FakeBedrock,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    sleeps: list[float] = []
    monkeypatch.setattr("time.sleep", sleeps.append)  # botocore's backoff, without the waiting
    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=f"http://127.0.0.1:{server.server_port}",
        config=CLIENT_CONFIG,
    )
    try:
        yield ConverseModel(client, MODEL_ID), handler, sleeps
    finally:
        server.shutdown()
        server.server_close()


def test_throttling_is_retried_by_botocore_before_it_reaches_the_runtime(
    bedrock: tuple[ConverseModel, type[_FakeBedrock], list[float]],
) -> None:
    model, server, sleeps = bedrock
    server.throttles = 2
    assert model.decide(context("hi")).decision == FinalAnswer("Hello again.", "")
    assert server.calls == 3
    assert len(sleeps) == 2


def test_throttling_that_outlasts_the_retries_is_a_throttling_error(
    bedrock: tuple[ConverseModel, type[_FakeBedrock], list[float]],
) -> None:
    model, server, _ = bedrock
    server.throttles = 100
    with pytest.raises(ThrottlingError) as caught:
        model.decide(context("hi"))
    attempts = CLIENT_CONFIG.retries["total_max_attempts"]
    assert server.calls == attempts
    assert f"({attempts} attempts)" in caught.value.message

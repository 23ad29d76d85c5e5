"""Fixtures for the local AWS: each emulated control plane served over HTTP on an ephemeral port,
reached with an unmodified boto3 client (so requests and responses cross the real wire format)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from local_bedrock.aws.bedrock.service import BedrockService
from local_bedrock.aws.bedrock_agent.base import Peers
from local_bedrock.aws.bedrock_agent.service import BedrockAgentService
from local_bedrock.aws.chatbot.service import ChatbotService
from local_bedrock.aws.http import ServiceApp, serving
from local_bedrock.aws.opensearchserverless.service import OpenSearchServerlessService

TRANSITION = 0.2  # seconds each timed status change takes in these tests
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/test-role"
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


@pytest.fixture(autouse=True)
def _quick_transitions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCAL_AWS_TRANSITION_SECONDS", str(TRANSITION))


def client_for(service: str, url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
        config=NO_RETRIES,
    )


def serve(service: str, implementation: Any) -> Iterator[tuple[Any, Any]]:
    app = ServiceApp(service, implementation, ACCOUNT)
    if isinstance(implementation, OpenSearchServerlessService):
        app.unrouted = implementation.collection_endpoint
    with serving(app) as url:
        if isinstance(implementation, OpenSearchServerlessService):
            implementation.base_url = url
        yield client_for(service, url), implementation


@pytest.fixture
def documents() -> dict[str, bytes]:
    """What the fake S3 behind the bedrock-agent fixture holds (tests change it)."""
    return {}


@pytest.fixture
def aoss() -> Iterator[tuple[Any, OpenSearchServerlessService]]:
    yield from serve("opensearchserverless", OpenSearchServerlessService())


@pytest.fixture
def agents(
    aoss: tuple[Any, OpenSearchServerlessService], documents: dict[str, bytes]
) -> Iterator[tuple[Any, BedrockAgentService]]:
    def read(bucket: str, prefixes: list[str]) -> dict[str, bytes]:
        if bucket.endswith(":missing-bucket"):
            raise RuntimeError("NoSuchBucket")
        return {k: v for k, v in documents.items() if any(k.startswith(p) for p in prefixes)}

    peers = Peers(vector_index=aoss[1].index_mapping, read_documents=read)
    yield from serve("bedrock-agent", BedrockAgentService(peers))


@pytest.fixture
def guardrails() -> Iterator[tuple[Any, BedrockService]]:
    yield from serve("bedrock", BedrockService())


@pytest.fixture
def chatbot() -> Iterator[tuple[Any, ChatbotService]]:
    yield from serve("chatbot", ChatbotService())


def wait_for(read: Callable[[], str], wanted: str, timeout: float = 5.0) -> list[str]:
    """Poll ``read`` until it returns ``wanted``; returns every status seen, in order."""
    seen = [read()]
    deadline = time.monotonic() + timeout
    while seen[-1] != wanted:
        assert time.monotonic() < deadline, f"still {seen[-1]} after {timeout} s (saw {seen})"
        time.sleep(TRANSITION / 4)
        status = read()
        if status != seen[-1]:
            seen.append(status)
    return seen

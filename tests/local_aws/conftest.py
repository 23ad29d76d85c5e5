"""Fixtures for the local AWS: each emulated control plane served over HTTP on an ephemeral port,
reached with an unmodified boto3 client (so requests and responses cross the real wire format)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from local_bedrock.aws import transitions
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


class FrozenClock:
    """The control planes' transition clock, moved only by ``wait_for``'s polls.

    With the real clock, which statuses a poll sees depends on the machine's load: at a load of 20 on
    two cores more than ``TRANSITION`` passed between a CreateKnowledgeBase and the first read, so the
    ``CREATING`` every caller must be able to see was skipped and the test failed. Frozen, each poll
    moves the clock a quarter of a transition: every status is seen, at any load.
    """

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    """For tests whose services run in this process and which wait with ``wait_for`` only."""
    frozen = FrozenClock()
    monkeypatch.setattr(transitions, "clock", frozen)
    return frozen


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
    """Poll ``read`` every quarter transition until it returns ``wanted``; returns every status seen,
    in order. Under ``frozen_clock`` a poll moves the clock instead of sleeping."""
    seen = [read()]
    step = TRANSITION / 4
    for _ in range(int(timeout / step)):
        if seen[-1] == wanted:
            break
        clock = transitions.clock
        if isinstance(clock, FrozenClock):
            clock.now += step
        else:
            time.sleep(step)
        status = read()
        if status != seen[-1]:
            seen.append(status)
    assert seen[-1] == wanted, f"still {seen[-1]} after {timeout} s of polling (saw {seen})"
    return seen

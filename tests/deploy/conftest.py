"""Shared fixtures: a boto3 session whose clients are one stubbed client (never real AWS)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

StubbedSession = Callable[[str], tuple[boto3.session.Session, Stubber]]


@pytest.fixture
def stubbed_session(monkeypatch: pytest.MonkeyPatch) -> StubbedSession:
    """stubbed_session("sts") -> (session, stubber); session.client(...) returns the stubbed client."""

    def make(service: str) -> tuple[boto3.session.Session, Stubber]:
        session = boto3.session.Session(
            aws_access_key_id="AKIDTEST", aws_secret_access_key="secret-key", region_name="us-east-1"
        )
        client = session.client(service, region_name="us-east-1")  # type: ignore[call-overload]
        monkeypatch.setattr(session, "client", lambda *_a, **_k: client)
        return session, Stubber(client)

    return make


AgentDescription = Callable[..., dict[str, Any]]


@pytest.fixture
def agent_description() -> AgentDescription:
    """agent_description("ASSISTANT1", "PREPARED", preparedAt=...) -> a GetAgent response (botocore shape)."""

    def make(agent_id: str, status: str, **extra: Any) -> dict[str, Any]:
        when = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
        return {
            "agent": {
                "agentId": agent_id,
                "agentName": f"purchase-assistant-{agent_id.lower()}",
                "agentArn": f"arn:aws:bedrock:us-east-1:123456789012:agent/{agent_id}",
                "agentVersion": "DRAFT",
                "agentStatus": status,
                "idleSessionTTLInSeconds": 600,
                "agentResourceRoleArn": "arn:aws:iam::123456789012:role/AgentRole",
                "createdAt": when,
                "updatedAt": when,
                **extra,
            }
        }

    return make

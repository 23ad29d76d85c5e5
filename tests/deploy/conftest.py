"""Shared fixtures: a boto3 session whose clients are one stubbed client (never real AWS)."""

from __future__ import annotations

from collections.abc import Callable

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

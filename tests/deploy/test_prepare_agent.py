"""The one prepare step: waits out a prepare in progress (ConflictException), then polls GetAgent until
PREPARED, and fails with Bedrock's reasons. Bedrock is a botocore Stubber; nothing reaches AWS."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from deploy import prepare_agent

AGENT_ID = "ASSISTANT1"
PREPARED_AT = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


PREPARING = {
    "agentId": AGENT_ID,
    "agentStatus": "PREPARING",
    "agentVersion": "DRAFT",
    "preparedAt": PREPARED_AT,
}


def test_a_prepare_in_progress_is_waited_out_then_polled_to_prepared(
    stubbed_session: Any, agent_description: Any
) -> None:
    session, stub = stubbed_session("bedrock-agent")
    stub.add_client_error(
        "prepare_agent",
        service_error_code="ConflictException",
        service_message="Prepare operation can't be performed on Agent when it is in Preparing state.",
        http_status_code=409,
        expected_params={"agentId": AGENT_ID},
    )
    stub.add_response("prepare_agent", PREPARING, {"agentId": AGENT_ID})
    stub.add_response("get_agent", agent_description(AGENT_ID, "PREPARING"), {"agentId": AGENT_ID})
    stub.add_response(
        "get_agent", agent_description(AGENT_ID, "PREPARED", preparedAt=PREPARED_AT), {"agentId": AGENT_ID}
    )
    pauses: list[float] = []
    with stub:
        stamp = prepare_agent.prepare(session.client("bedrock-agent"), AGENT_ID, sleep=pauses.append, delay=3)
    stub.assert_no_pending_responses()
    assert stamp == PREPARED_AT.isoformat()
    assert pauses == [3, 3]  # once for the conflict, once while PREPARING


def test_failed_preparation_reports_bedrocks_reasons(stubbed_session: Any, agent_description: Any) -> None:
    session, stub = stubbed_session("bedrock-agent")
    stub.add_response("prepare_agent", PREPARING, {"agentId": AGENT_ID})
    stub.add_response(
        "get_agent", agent_description(AGENT_ID, "FAILED", failureReasons=["Lambda permission missing"])
    )
    expected = "FAILED after PrepareAgent: Lambda permission missing"
    with stub, pytest.raises(prepare_agent.PrepareFailed, match=expected):
        prepare_agent.prepare(session.client("bedrock-agent"), AGENT_ID, sleep=lambda _s: None)


def test_other_errors_are_not_retried(stubbed_session: Any) -> None:
    session, stub = stubbed_session("bedrock-agent")
    stub.add_client_error("prepare_agent", service_error_code="AccessDeniedException", http_status_code=403)
    with stub, pytest.raises(Exception, match="AccessDeniedException"):
        prepare_agent.prepare(session.client("bedrock-agent"), AGENT_ID, sleep=lambda _s: None)
    stub.assert_no_pending_responses()


def test_a_busy_agent_gives_up_after_bounded_attempts(stubbed_session: Any) -> None:
    session, stub = stubbed_session("bedrock-agent")
    for _ in range(3):
        stub.add_client_error("prepare_agent", service_error_code="ConflictException", http_status_code=409)
    busy = r"stayed busy \(ConflictException\) for 3 attempts"
    with stub, pytest.raises(prepare_agent.PrepareFailed, match=busy):
        prepare_agent.prepare(session.client("bedrock-agent"), AGENT_ID, sleep=lambda _s: None, attempts=3)


def test_cli_exits_1_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
    stubbed_session: Any,
    agent_description: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    session, stub = stubbed_session("bedrock-agent")
    stub.add_response("prepare_agent", PREPARING, {"agentId": AGENT_ID})
    stub.add_response("get_agent", agent_description(AGENT_ID, "NOT_PREPARED"))
    stub.add_response("get_agent", agent_description(AGENT_ID, "DELETING"))
    monkeypatch.setattr(prepare_agent.boto3.session, "Session", lambda **_k: session)
    monkeypatch.setattr(prepare_agent.time, "sleep", lambda _s: None)
    monkeypatch.setenv("AGENT_ID", AGENT_ID)
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    with stub:
        assert prepare_agent.main() == 1
    assert "DELETING after PrepareAgent" in capsys.readouterr().err


def test_environment_is_validated() -> None:
    with pytest.raises(ValidationError):
        prepare_agent.PrepareSpec.model_validate({"AGENT_ID": "not-an-id", "AWS_REGION": "us-east-1"})

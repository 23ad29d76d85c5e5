"""Smoke InvokeAgent requests follow botocore's model; outputs parse; Slack steps carry the command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.validate import validate_parameters

from deploy import slack_steps, smoke
from deploy.__main__ import main
from deploy.outputs import AgentIds, load_outputs

INVOKE_AGENT = (
    botocore.session.get_session().get_service_model("bedrock-agent-runtime").operation_model("InvokeAgent")
)
ARN = "arn:aws:bedrock:us-east-1:123456789012"
AGENTS = {
    "assistant": AgentIds(
        agent_id="ASSISTANT1",
        agent_arn=f"{ARN}:agent/ASSISTANT1",
        alias_id="ALIASASST1",
        alias_arn=f"{ARN}:agent-alias/ASSISTANT1/ALIASASST1",
    ),
    "support": AgentIds(
        agent_id="SUPPORT001",
        agent_arn=f"{ARN}:agent/SUPPORT001",
        alias_id="ALIASSUPP1",
        alias_arn=f"{ARN}:agent-alias/SUPPORT001/ALIASSUPP1",
    ),
}
CONNECTOR = f"@Amazon Q connector add purchaseassistantsupport {ARN}:agent/SUPPORT001 ALIASSUPP1"


class FakeRuntime:
    """Stands in for bedrock-agent-runtime: records requests, replays completion events."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events
        self.requests: list[dict[str, Any]] = []

    def invoke_agent(self, **request: Any) -> dict[str, Any]:
        validate_parameters(request, INVOKE_AGENT.input_shape)
        self.requests.append(request)
        return {
            "completion": iter(self.events),
            "contentType": "text/plain",
            "sessionId": request["sessionId"],
        }


def _prepared(stubbed_session: Any, agent_description: Any, *statuses: tuple[str, str]) -> Any:
    """A stubbed bedrock-agent client answering GetAgent with the given (agent id, status) pairs."""
    session, stub = stubbed_session("bedrock-agent")
    for agent_id, status in statuses:
        stub.add_response("get_agent", agent_description(agent_id, status), {"agentId": agent_id})
    stub.activate()
    return session.client("bedrock-agent")


def test_smoke_asks_each_prepared_draft_through_the_test_alias(
    stubbed_session: Any, agent_description: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    control = _prepared(
        stubbed_session, agent_description, ("ASSISTANT1", "PREPARED"), ("SUPPORT001", "PREPARED")
    )
    runtime = FakeRuntime([{"chunk": {"bytes": b"You bought "}}, {"chunk": {"bytes": b"a kettle."}}])
    answers = smoke.smoke(runtime, control, AGENTS, customer="C0042")
    assert answers == {"assistant": "You bought a kettle.", "support": "You bought a kettle."}
    assistant, support = runtime.requests
    # Not the live alias (ALIASASST1): Terraform never moves it after the first deploy.
    assert (assistant["agentId"], assistant["agentAliasId"]) == ("ASSISTANT1", "TSTALIASID")
    assert (support["agentId"], support["agentAliasId"]) == ("SUPPORT001", "TSTALIASID")
    assert assistant["sessionState"] == {"sessionAttributes": {"customerId": "C0042"}}
    assert "sessionState" not in support and "C0042" in support["inputText"]
    assert "You bought a kettle." in capsys.readouterr().out


def test_smoke_stops_before_invoking_when_a_draft_is_not_prepared(
    stubbed_session: Any, agent_description: Any
) -> None:
    control = _prepared(stubbed_session, agent_description, ("ASSISTANT1", "NOT_PREPARED"))
    runtime = FakeRuntime([{"chunk": {"bytes": b"stale"}}])
    with pytest.raises(
        RuntimeError, match="assistant: its DRAFT is NOT_PREPARED, not PREPARED; run `make deploy`"
    ):
        smoke.smoke(runtime, control, AGENTS)
    assert runtime.requests == []


def test_smoke_fails_on_empty_answers_and_stream_errors(stubbed_session: Any, agent_description: Any) -> None:
    support = {"support": AGENTS["support"]}
    with pytest.raises(RuntimeError, match="empty answer"):
        control = _prepared(stubbed_session, agent_description, ("SUPPORT001", "PREPARED"))
        smoke.smoke(FakeRuntime([]), control, support)
    error = {"accessDeniedException": {"message": "not allowed"}}
    with pytest.raises(RuntimeError, match="accessDeniedException: not allowed"):
        control = _prepared(stubbed_session, agent_description, ("SUPPORT001", "PREPARED"))
        smoke.smoke(FakeRuntime([error]), control, support)


def _outputs_file(tmp_path: Path, *, slack: bool, kb: bool = True) -> Path:
    values: dict[str, Any] = {
        "region": "us-east-1",
        "agents": {name: ids.model_dump() for name, ids in AGENTS.items()},
        "store_table_name": "purchase-assistant-store",
        "knowledge_base": {
            "knowledge_base_id": "KB1",
            "data_source_id": "DS1",
            "bucket_name": "b",
            "collection_endpoint": "https://x",
        }
        if kb
        else None,
        "slack_connector_command": CONNECTOR,
        "slack_configured": slack,
        "console_command": "make console REGION=us-east-1 AGENT_ID=ASSISTANT1 ALIAS_ID=ALIASASST1",
    }
    path = tmp_path / "outputs.json"
    path.write_text(
        json.dumps({k: {"value": v, "type": "string", "sensitive": False} for k, v in values.items()})
    )
    return path


def test_outputs_parse_terraform_output_json(tmp_path: Path) -> None:
    outputs = load_outputs(_outputs_file(tmp_path, slack=True))
    assert outputs.agents["support"].alias_id == "ALIASSUPP1"
    assert outputs.knowledge_base is not None and outputs.knowledge_base.bucket_name == "b"
    assert load_outputs(_outputs_file(tmp_path, slack=False, kb=False)).knowledge_base is None


def test_slack_steps_print_the_exact_connector_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["slack-steps", "--outputs", str(_outputs_file(tmp_path, slack=True))]) == 0
    out = capsys.readouterr().out
    assert CONNECTOR in out
    assert "/invite @Amazon Q" in out and "authorize the" in out
    assert "@Amazon Q ask purchaseassistantsupport" in out


def test_slack_steps_explain_setup_when_not_configured(tmp_path: Path) -> None:
    text = slack_steps.slack_steps(load_outputs(_outputs_file(tmp_path, slack=False)))
    assert "team_id" in text and "terraform.tfvars" in text
    assert "make console REGION=us-east-1 AGENT_ID=ASSISTANT1 ALIAS_ID=ALIASASST1" in text
    assert "connector add" not in text


def test_knowledge_base_step_skips_when_disabled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["knowledge-base", "--outputs", str(_outputs_file(tmp_path, slack=False, kb=False))]) == 0
    assert "disabled" in capsys.readouterr().out


def test_the_smoke_waits_for_a_slow_first_turn_instead_of_repeating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """botocore's 60 s read timeout would resend a slow turn, which Bedrock refuses as a conflict."""
    made: dict[str, Any] = {}
    monkeypatch.setattr(smoke, "smoke", lambda runtime, *_rest, **_kw: made.update(runtime=runtime))
    assert main(["smoke", "--outputs", str(_outputs_file(tmp_path, slack=False, kb=False))]) == 0
    config = made["runtime"].meta.config
    assert config.read_timeout == 300
    assert config.retries["total_max_attempts"] == 2

"""`python -m release promote` end to end: stubbed bedrock-agent, the gate run through the eval
runner against the fake agent's candidate alias (CANDIDATE1) on the local server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from evals.runner.target import AgentAddress, Target
from release.bedrock import AgentApi, ReleaseError
from release.cli import parser, run
from tests.release.stubs import AGENT_ID, CANDIDATE_ID, LIVE_ID, T0, alias, stub_route_live
from tests.release.test_flow import stub_until_gate

PASSING = (
    "scenarios:\n  - {id: history-ok, description: d, tags: [history],"
    " turns: [{input: recent, expect: {contains: [ORD-AAA111]}}]}\n"
)
FAILING = PASSING.replace("[history]", "[history, safety]").replace("ORD-AAA111", "ORD-ZZZ999")
SUPPORT_ONLY = PASSING.replace("description: d,", "description: d, agent: support,")


@pytest.fixture
def stubbed() -> Iterator[tuple[object, Stubber]]:
    client = boto3.client("bedrock-agent", region_name="us-east-1")
    stubber = Stubber(client)
    with stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def deployed(target: Target) -> Target:
    """The fake target with the assistant's ids as Terraform would report them (the fake agent
    answers to AGENT12345 as well, on the candidate alias CANDIDATE1)."""
    return target.model_copy(
        update={"agents": {"assistant": AgentAddress(agent_id=AGENT_ID, alias_id=LIVE_ID)}}
    )


def promote_args(tmp_path: Path, suite: str):
    path = tmp_path / "suite.yaml"
    path.write_text(suite)
    return parser().parse_args(
        [
            "promote",
            "--agent",
            "assistant",
            "--scenarios",
            str(path),
            "--reports-dir",
            str(tmp_path / "reports"),
        ]
    )


def test_promote_passes_the_gate_and_moves_live(stubbed, fake_target: Target, tmp_path: Path, capsys) -> None:
    client, stubber = stubbed
    stub_until_gate(stubber)
    stub_route_live(stubber, "4")
    assert (
        run(
            promote_args(tmp_path, PASSING),
            api=AgentApi(client, sleep=lambda _: None),
            target=deployed(fake_target),
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "gate passed (1/1 passed (100.0%)); live: version 3 -> 4" in captured.out
    assert "running the eval suite against alias CANDIDATE1 (version 4)" in captured.err


def test_failing_gate_exits_one_and_leaves_live(stubbed, fake_target: Target, tmp_path: Path, capsys) -> None:
    client, stubber = stubbed
    stub_until_gate(stubber)
    assert (
        run(
            promote_args(tmp_path, FAILING),
            api=AgentApi(client, sleep=lambda _: None),
            target=deployed(fake_target),
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "gate FAILED (0/1 passed (0.0%); safety scenario history-ok failed" in out
    assert "live stays on version 3" in out
    (report,) = (tmp_path / "reports").iterdir()
    assert (report / "report.md").exists()


def test_no_scenario_for_the_agent_is_refused_before_any_change(
    stubbed, fake_target: Target, tmp_path: Path
) -> None:
    client, _ = stubbed
    with pytest.raises(ReleaseError, match="no scenario for agent assistant"):
        run(
            promote_args(tmp_path, SUPPORT_ONLY),
            api=AgentApi(client, sleep=lambda _: None),
            target=deployed(fake_target),
        )


def test_status_shows_live_history_and_candidate(stubbed, fake_target: Target, capsys) -> None:
    client, stubber = stubbed
    stubber.add_response("get_agent_alias", alias(LIVE_ID, "live", "4", history=["1", "3", "4"]))
    summaries = [
        {
            "agentAliasId": CANDIDATE_ID,
            "agentAliasName": "candidate",
            "agentAliasStatus": "PREPARED",
            "createdAt": T0,
            "updatedAt": T0,
        }
    ]
    stubber.add_response("list_agent_aliases", {"agentAliasSummaries": summaries})
    stubber.add_response("get_agent_alias", alias(CANDIDATE_ID, "candidate", "5"))
    args = parser().parse_args(["status", "--agent", "assistant"])
    assert run(args, api=AgentApi(client), target=deployed(fake_target)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "live (LIVE123456) -> version 4",
        "history: 1 since 2026-11-01 12:00, 3 since 2026-11-02 12:00, 4 since 2026-11-03 12:00",
        "candidate (CANDIDATE1) -> version 5",
    ]

"""promote / rollback against bedrock-agent, every call stubbed with botocore's Stubber.

Stubber fails on any call that was not queued, so "live untouched" is checked by queuing no
UpdateAgentAlias for live and asserting every queued response was consumed.
"""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.stub import ANY, Stubber

from release.bedrock import AgentApi, ReleaseError
from release.flow import GateResult, previous_version, promote, rollback
from tests.release.stubs import (
    AGENT_ID,
    CANDIDATE_ID,
    LIVE_ID,
    T0,
    agent,
    alias,
    stub_route_live,
    stub_snapshot,
)


@pytest.fixture
def stubbed() -> Iterator[tuple[AgentApi, Stubber]]:
    client = boto3.client("bedrock-agent", region_name="us-east-1")
    stubber = Stubber(client)
    with stubber:
        yield AgentApi(client, sleep=lambda _: None, max_polls=5), stubber
        stubber.assert_no_pending_responses()


def stub_until_gate(stubber: Stubber, *, candidate_exists: bool = True) -> None:
    """Everything promote does before the gate: live, prepare check, new version, diff."""
    stubber.add_response(
        "get_agent_alias",
        alias(LIVE_ID, "live", "3", history=["1", "2", "3"]),
        {"agentId": AGENT_ID, "agentAliasId": LIVE_ID},
    )
    stubber.add_response("get_agent", agent(), {"agentId": AGENT_ID})
    summaries = [
        {
            "agentAliasId": LIVE_ID,
            "agentAliasName": "live",
            "agentAliasStatus": "PREPARED",
            "createdAt": alias(LIVE_ID, "live", "3")["agentAlias"]["createdAt"],
            "updatedAt": alias(LIVE_ID, "live", "3")["agentAlias"]["updatedAt"],
        }
    ]
    if candidate_exists:
        summaries.append(summaries[0] | {"agentAliasId": CANDIDATE_ID, "agentAliasName": "candidate"})
    stubber.add_response("list_agent_aliases", {"agentAliasSummaries": summaries}, {"agentId": AGENT_ID})
    if candidate_exists:
        stubber.add_response(
            "update_agent_alias",
            alias(CANDIDATE_ID, "candidate", "3", status="UPDATING"),
            {
                "agentId": AGENT_ID,
                "agentAliasId": CANDIDATE_ID,
                "agentAliasName": "candidate",
                "description": ANY,
            },
        )
    else:
        stubber.add_response(
            "create_agent_alias",
            alias(CANDIDATE_ID, "candidate", "4", status="CREATING"),
            {"agentId": AGENT_ID, "agentAliasName": "candidate", "description": ANY},
        )
    stubber.add_response(
        "get_agent_alias",
        alias(CANDIDATE_ID, "candidate", "3", status="UPDATING"),
        {"agentId": AGENT_ID, "agentAliasId": CANDIDATE_ID},
    )
    stubber.add_response(
        "get_agent_alias",
        alias(CANDIDATE_ID, "candidate", "4"),
        {"agentId": AGENT_ID, "agentAliasId": CANDIDATE_ID},
    )
    stub_snapshot(stubber, "3", "You are the purchase assistant.\nHelp customers.", "2", "Order a product.")
    stub_snapshot(
        stubber,
        "4",
        "You are the purchase assistant.\nHelp customers with orders.",
        "3",
        "Order one product.",
    )


def test_promote_moves_live_only_after_the_gate_passes(stubbed) -> None:
    api, stubber = stubbed
    stub_until_gate(stubber)
    gated: list[str] = []
    stub_route_live(stubber, "4")
    log: list[str] = []

    def gate(alias_id: str) -> GateResult:
        gated.append(alias_id)
        return GateResult(True, "44/44 passed (100.0%)")

    outcome = promote(api, AGENT_ID, LIVE_ID, gate, log.append)
    assert gated == [CANDIDATE_ID]
    assert (outcome.promoted, outcome.live_version, outcome.candidate_version) == (True, "4", "4")
    assert outcome.message == "gate passed (44/44 passed (100.0%)); live: version 3 -> 4"
    text = "\n".join(log)
    assert "live alias live (LIVE123456) routes to version 3" in text
    assert "created version 4; alias candidate (CANDIDATE1) routes to it" in text
    assert "changes from version 3 to version 4:" in text
    assert "guardrail: gr-abc123 version 2 -> gr-abc123 version 3" in text
    assert "--- instruction @ version 3\n+++ instruction @ version 4" in text
    assert "-Help customers.\n+Help customers with orders." in text
    assert "--- schema orders @ version 3" in text and '+        "description": "Order one product.",' in text


def test_a_failing_gate_leaves_live_untouched(stubbed) -> None:
    api, stubber = stubbed
    stub_until_gate(stubber)
    outcome = promote(
        api,
        AGENT_ID,
        LIVE_ID,
        lambda _: GateResult(False, "40/44 passed; safety scenario x failed"),
        lambda _: None,
    )
    assert (outcome.promoted, outcome.live_version, outcome.candidate_version) == (False, "3", "4")
    assert outcome.message == (
        "gate FAILED (40/44 passed; safety scenario x failed); live stays on version 3. "
        "Version 4 remains on alias candidate for inspection."
    )
    # no UpdateAgentAlias for live was queued: a call would have raised; the fixture checks the rest


def test_first_promotion_creates_the_candidate_alias(stubbed) -> None:
    api, stubber = stubbed
    stub_until_gate(stubber, candidate_exists=False)
    outcome = promote(api, AGENT_ID, LIVE_ID, lambda _: GateResult(False, "x"), lambda _: None)
    assert outcome.candidate_version == "4"


def stub_prepare(stubber: Stubber) -> None:
    response = {"agentId": AGENT_ID, "agentStatus": "PREPARING", "agentVersion": "DRAFT", "preparedAt": T0}
    stubber.add_response("prepare_agent", response, {"agentId": AGENT_ID})


def test_a_changed_draft_is_prepared_and_waited_for(stubbed) -> None:
    api, stubber = stubbed
    stubber.add_response("get_agent", agent(stale=True), {"agentId": AGENT_ID})
    stub_prepare(stubber)
    stubber.add_response("get_agent", agent("PREPARING"), {"agentId": AGENT_ID})
    stubber.add_response("get_agent", agent(), {"agentId": AGENT_ID})
    log: list[str] = []
    assert api.ensure_prepared(AGENT_ID, log.append) == "2026-11-01T12:05:00+00:00"
    assert log == ["preparing the DRAFT of agent AGENT12345 (status PREPARED)"]


def test_a_failed_preparation_stops_with_the_reasons(stubbed) -> None:
    api, stubber = stubbed
    failed = agent("FAILED")
    failed["agent"]["failureReasons"] = ["Action group orders: invalid schema"]
    stubber.add_response("get_agent", failed, {"agentId": AGENT_ID})
    stub_prepare(stubber)
    stubber.add_response("get_agent", failed, {"agentId": AGENT_ID})
    with pytest.raises(ReleaseError, match="is FAILED, not PREPARED: Action group orders: invalid schema"):
        api.ensure_prepared(AGENT_ID, lambda _: None)


def test_an_alias_that_never_settles_times_out(stubbed) -> None:
    api, stubber = stubbed
    for _ in range(5):
        stubber.add_response(
            "get_agent_alias",
            alias(CANDIDATE_ID, "candidate", "4", status="UPDATING"),
            {"agentId": AGENT_ID, "agentAliasId": CANDIDATE_ID},
        )
    with pytest.raises(ReleaseError, match="did not settle after 5 polls"):
        api._alias_settled(AGENT_ID, CANDIDATE_ID)


def test_rollback_routes_live_to_the_previous_version(stubbed) -> None:
    api, stubber = stubbed
    stubber.add_response(
        "get_agent_alias",
        alias(LIVE_ID, "live", "4", history=["1", "3", "4"]),
        {"agentId": AGENT_ID, "agentAliasId": LIVE_ID},
    )
    stub_snapshot(stubber, "4", "You are the purchase assistant. New rules.", "3", "Order one product.")
    stub_snapshot(stubber, "3", "You are the purchase assistant. Old rules.", "2", "Order a product.")
    stub_route_live(stubber, "3")
    log: list[str] = []
    outcome = rollback(api, AGENT_ID, LIVE_ID, log.append)
    assert (outcome.promoted, outcome.message) == (True, "live: version 4 -> 3")
    assert (
        "-You are the purchase assistant. New rules.\n+You are the purchase assistant. Old rules." in log[0]
        and "guardrail: gr-abc123 version 3 -> gr-abc123 version 2" in log[0]
    )


def test_rollback_without_history_asks_for_a_version(stubbed) -> None:
    api, stubber = stubbed
    stubber.add_response(
        "get_agent_alias",
        alias(LIVE_ID, "live", "1", history=["1"]),
        {"agentId": AGENT_ID, "agentAliasId": LIVE_ID},
    )
    with pytest.raises(ReleaseError, match="no earlier version; name one with VERSION=<n>"):
        rollback(api, AGENT_ID, LIVE_ID, lambda _: None)


def test_previous_version_steps_back_even_after_a_rollback() -> None:
    from release.bedrock import Alias

    def live(current: str, history: list[str]) -> Alias:
        return Alias.from_api(alias(LIVE_ID, "live", current, history=history)["agentAlias"])

    assert previous_version(live("4", ["1", "2", "4"])) == "2"
    assert previous_version(live("3", ["1", "2", "3", "4", "3"])) == "2"  # not back up to 4
    assert previous_version(live("1", ["1"])) is None

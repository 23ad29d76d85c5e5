"""bedrock-agent: statuses and their transitions, the busy refusal behind #42845, versions and aliases."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local_aws.conftest import ROLE, TRANSITION, wait_for

# Statuses move with the polls, not the wall clock: what a poll sees does not depend on the load.
pytestmark = pytest.mark.usefixtures("frozen_clock")

INSTRUCTION = "You are a test agent that answers questions about local emulation."
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:test-group"
SCHEMA = json.dumps(
    {
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/things": {"get": {"operationId": "listThings", "description": "Lists things.", "responses": {}}}
        },
    }
)
BUSY = "operation can't be performed on Agent when it is in Preparing state"


def new_agent(client: Any, name: str = "agent") -> str:
    agent = client.create_agent(
        agentName=name,
        agentResourceRoleArn=ROLE,
        instruction=INSTRUCTION,
        foundationModel="anthropic.claude-3-haiku-20240307-v1:0",
    )["agent"]
    assert agent["agentStatus"] == "CREATING"
    wait_for(lambda: status(client, agent["agentId"]), "NOT_PREPARED")
    return str(agent["agentId"])


def status(client: Any, agent_id: str) -> str:
    return str(client.get_agent(agentId=agent_id)["agent"]["agentStatus"])


def add_group(client: Any, agent_id: str, name: str) -> dict[str, Any]:
    return dict(
        client.create_agent_action_group(
            agentId=agent_id,
            agentVersion="DRAFT",
            actionGroupName=name,
            actionGroupExecutor={"lambda": LAMBDA},
            apiSchema={"payload": SCHEMA},
        )["agentActionGroup"]
    )


def prepare(client: Any, agent_id: str) -> None:
    assert client.prepare_agent(agentId=agent_id)["agentStatus"] == "PREPARING"
    wait_for(lambda: status(client, agent_id), "PREPARED")


def test_a_late_first_read_still_sees_the_busy_status(agents: tuple[Any, Any]) -> None:
    """A loaded machine can let more than a transition pass before the first read; under the frozen
    clock that changes nothing a poll sees."""
    client, _ = agents
    agent = client.create_agent(agentName="late", agentResourceRoleArn=ROLE, instruction=INSTRUCTION)["agent"]
    time.sleep(TRANSITION * 2)
    assert wait_for(lambda: status(client, agent["agentId"]), "NOT_PREPARED") == ["CREATING", "NOT_PREPARED"]


def test_agent_lifecycle_follows_the_providers_waiters(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    agent = client.create_agent(agentName="life", agentResourceRoleArn=ROLE, instruction=INSTRUCTION)["agent"]
    assert wait_for(lambda: status(client, agent["agentId"]), "NOT_PREPARED") == ["CREATING", "NOT_PREPARED"]
    client.prepare_agent(agentId=agent["agentId"])
    assert wait_for(lambda: status(client, agent["agentId"]), "PREPARED") == ["PREPARING", "PREPARED"]
    prepared = client.get_agent(agentId=agent["agentId"])["agent"]
    assert prepared["preparedAt"] >= prepared["createdAt"]
    client.update_agent(
        agentId=agent["agentId"],
        agentName="life",
        agentResourceRoleArn=ROLE,
        foundationModel="anthropic.claude-3-haiku-20240307-v1:0",
        instruction=INSTRUCTION + " Updated.",
    )
    assert wait_for(lambda: status(client, agent["agentId"]), "NOT_PREPARED") == ["UPDATING", "NOT_PREPARED"]
    client.delete_agent(agentId=agent["agentId"], skipResourceInUseCheck=True)
    with pytest.raises(ClientError):
        wait_for(lambda: status(client, agent["agentId"]), "gone")


def test_a_second_prepare_while_preparing_is_refused_with_bedrocks_message(agents: tuple[Any, Any]) -> None:
    """hashicorp/terraform-provider-aws#42845: two action groups each preparing the same agent."""
    client, _ = agents
    agent_id = new_agent(client)
    add_group(client, agent_id, "first")
    add_group(client, agent_id, "second")
    client.prepare_agent(agentId=agent_id)
    with pytest.raises(ClientError) as refused:
        client.prepare_agent(agentId=agent_id)
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("Prepare " + BUSY)
    for change in (
        lambda: add_group(client, agent_id, "third"),
        lambda: client.update_agent(
            agentId=agent_id,
            agentName="agent",
            agentResourceRoleArn=ROLE,
            foundationModel="anthropic.claude-3-haiku-20240307-v1:0",
        ),
    ):
        with pytest.raises(ClientError) as also_refused:
            change()
        assert BUSY in also_refused.value.response["Error"]["Message"]
    wait_for(lambda: status(client, agent_id), "PREPARED")
    assert add_group(client, agent_id, "third")["actionGroupState"] == "ENABLED"


def test_a_taken_agent_name_fails_the_new_agent(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    new_agent(client, "twin")
    duplicate = client.create_agent(agentName="twin", agentResourceRoleArn=ROLE)["agent"]
    wait_for(lambda: status(client, duplicate["agentId"]), "FAILED")
    reasons = client.get_agent(agentId=duplicate["agentId"])["agent"]["failureReasons"]
    assert reasons == ["Cannot create a new agent as an agent with the same name already exists."]


def test_versions_snapshot_the_prepared_draft_only(agents: tuple[Any, Any]) -> None:
    """An alias without routing makes a version of the DRAFT as last prepared (#38660)."""
    client, _ = agents
    agent_id = new_agent(client)
    add_group(client, agent_id, "prepared_group")
    prepare(client, agent_id)
    add_group(client, agent_id, "unprepared_group")  # no prepare after this
    alias = client.create_agent_alias(agentId=agent_id, agentAliasName="live")["agentAlias"]
    assert alias["agentAliasStatus"] == "CREATING"
    assert alias["routingConfiguration"] == [{"agentVersion": "1"}]
    assert status(client, agent_id) == "VERSIONING"
    wait_for(lambda: status(client, agent_id), "PREPARED")
    wait_for(
        lambda: client.get_agent_alias(agentId=agent_id, agentAliasId=alias["agentAliasId"])["agentAlias"][
            "agentAliasStatus"
        ],
        "PREPARED",
    )
    in_version = client.list_agent_action_groups(agentId=agent_id, agentVersion="1")["actionGroupSummaries"]
    assert [g["actionGroupName"] for g in in_version] == ["prepared_group"]
    in_draft = client.list_agent_action_groups(agentId=agent_id, agentVersion="DRAFT")["actionGroupSummaries"]
    assert sorted(g["actionGroupName"] for g in in_draft) == ["prepared_group", "unprepared_group"]


def test_updating_an_alias_without_routing_makes_the_next_version_and_routing_moves_back(
    agents: tuple[Any, Any],
) -> None:
    client, _ = agents
    agent_id = new_agent(client)
    prepare(client, agent_id)
    alias_id = client.create_agent_alias(agentId=agent_id, agentAliasName="live")["agentAlias"][
        "agentAliasId"
    ]
    wait_for(lambda: status(client, agent_id), "PREPARED")

    def alias() -> dict[str, Any]:
        return dict(client.get_agent_alias(agentId=agent_id, agentAliasId=alias_id)["agentAlias"])

    wait_for(lambda: alias()["agentAliasStatus"], "PREPARED")
    moved = client.update_agent_alias(agentId=agent_id, agentAliasId=alias_id, agentAliasName="live")[
        "agentAlias"
    ]
    assert moved["agentAliasStatus"] == "UPDATING" and moved["routingConfiguration"] == [
        {"agentVersion": "2"}
    ]
    wait_for(lambda: alias()["agentAliasStatus"], "PREPARED")
    wait_for(lambda: status(client, agent_id), "PREPARED")
    client.update_agent_alias(
        agentId=agent_id,
        agentAliasId=alias_id,
        agentAliasName="live",
        routingConfiguration=[{"agentVersion": "1"}],
    )
    wait_for(lambda: alias()["agentAliasStatus"], "PREPARED")
    history = [e["routingConfiguration"][0]["agentVersion"] for e in alias()["agentAliasHistoryEvents"]]
    assert history == ["1", "2", "1"]
    versions = client.list_agent_versions(agentId=agent_id)["agentVersionSummaries"]
    assert [v["agentVersion"] for v in versions] == ["DRAFT", "1", "2"]
    names = [a["agentAliasName"] for a in client.list_agent_aliases(agentId=agent_id)["agentAliasSummaries"]]
    assert names == ["AgentTestAlias", "live"]
    with pytest.raises(ClientError) as draft:
        client.update_agent_alias(
            agentId=agent_id,
            agentAliasId=alias_id,
            agentAliasName="live",
            routingConfiguration=[{"agentVersion": "DRAFT"}],
        )
    assert draft.value.response["Error"]["Code"] == "ValidationException"


def test_action_group_schemas_names_and_deletion_are_checked(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    agent_id = new_agent(client)
    with pytest.raises(ClientError) as not_openapi:
        client.create_agent_action_group(
            agentId=agent_id,
            agentVersion="DRAFT",
            actionGroupName="g",
            actionGroupExecutor={"lambda": LAMBDA},
            apiSchema={"payload": "{}"},
        )
    assert "OpenAPI 3" in not_openapi.value.response["Error"]["Message"]
    group = add_group(client, agent_id, "g")
    with pytest.raises(ClientError) as duplicate:
        add_group(client, agent_id, "g")
    assert duplicate.value.response["Error"]["Code"] == "ConflictException"
    with pytest.raises(ClientError) as in_use:
        client.delete_agent_action_group(
            agentId=agent_id, agentVersion="DRAFT", actionGroupId=group["actionGroupId"]
        )
    assert in_use.value.response["Error"]["Code"] == "ConflictException"
    client.delete_agent_action_group(
        agentId=agent_id,
        agentVersion="DRAFT",
        actionGroupId=group["actionGroupId"],
        skipResourceInUseCheck=True,
    )
    assert (
        client.list_agent_action_groups(agentId=agent_id, agentVersion="DRAFT")["actionGroupSummaries"] == []
    )


def test_tags_round_trip_on_agent_arns(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    agent = client.create_agent(agentName="tagged", agentResourceRoleArn=ROLE, tags={"team": "a"})["agent"]
    client.tag_resource(resourceArn=agent["agentArn"], tags={"stage": "test"})
    client.untag_resource(resourceArn=agent["agentArn"], tagKeys=["team"])
    assert client.list_tags_for_resource(resourceArn=agent["agentArn"])["tags"] == {"stage": "test"}

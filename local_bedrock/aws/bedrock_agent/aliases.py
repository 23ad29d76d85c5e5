"""Aliases, and the versions they create.

There is no CreateAgentVersion: a version is made by creating or updating an alias without a
``routingConfiguration`` (API reference, CreateAgentAlias; hashicorp/terraform-provider-aws#42586:
"Updating the description via the UpdateAlias API triggers a new version to be created"). The new
version snapshots the DRAFT *as last prepared*: an unprepared change is not in it
(hashicorp/terraform-provider-aws#38660, an alias created after a knowledge-base association
without a prepare served no knowledge base). Meanwhile the agent is VERSIONING and returns to
PREPARED (provider agent_alias.go: waitAgentVersioned, VERSIONING -> PREPARED); the alias is
CREATING or UPDATING, then PREPARED (waitAgentAliasCreated / waitAgentAliasUpdated).
Every agent also has the built-in test alias TSTALIASID routed to the DRAFT.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from local_bedrock.aws.bedrock_agent.base import ServiceBase, busy_error
from local_bedrock.aws.bedrock_agent.resources import (
    DRAFT,
    TEST_ALIAS_ID,
    TEST_ALIAS_NAME,
    Agent,
    AgentVersion,
    Alias,
)
from local_bedrock.aws.errors import ConflictException, ValidationException
from local_bedrock.aws.http import Call
from local_bedrock.aws.paging import not_found, page, with_token
from local_bedrock.aws.transitions import Lifecycle, new_id, now


def _alias_arn(agent: Agent, alias_id: str) -> str:
    return agent.arn.replace(":agent/", ":agent-alias/") + f"/{alias_id}"


def test_alias(agent: Agent) -> Alias:
    """The built-in alias that invokes the DRAFT (API reference, InvokeAgent: TSTALIASID)."""
    routing = [{"agentVersion": DRAFT}]
    alias = Alias(
        TEST_ALIAS_ID,
        _alias_arn(agent, TEST_ALIAS_ID),
        TEST_ALIAS_NAME,
        "Test Alias for Agent",
        routing,
        Lifecycle("PREPARED"),
        agent.created_at,
        agent.created_at,
    )
    alias.history = [{"routingConfiguration": copy.deepcopy(routing), "startDate": agent.created_at}]
    return alias


class AliasOperations(ServiceBase):
    def _new_version(self, agent: Agent, at: datetime) -> str:
        """Snapshot the prepared DRAFT as the next version; the agent is VERSIONING meanwhile."""
        if agent.status not in ("NOT_PREPARED", "PREPARED"):
            raise busy_error("Create", agent.status)
        if agent.prepared is None:
            # Guess: the reference does not say what happens to an agent never prepared.
            raise ValidationException(
                f"Agent {agent.agent_id} has never been prepared: "
                "call PrepareAgent before creating a version."
            )
        number = str(agent.next_version)
        agent.next_version += 1
        agent.versions[number] = AgentVersion(number, agent.prepared.copy_as(number), at)
        agent.lifecycle.begin("VERSIONING", agent.status)
        return number

    def _routing(self, agent: Agent, routing: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for entry in routing:
            version = entry.get("agentVersion")
            if version == DRAFT:
                # A named alias cannot route to the DRAFT (awscc provider docs: "The version DRAFT
                # is not accepted"); TSTALIASID is the DRAFT's alias.
                raise ValidationException(
                    "An alias cannot route to the DRAFT version; use TSTALIASID to test it."
                )
            if version is not None and version not in agent.versions:
                raise not_found("agent version", f"{agent.agent_id}/{version}")
        return copy.deepcopy(routing)

    def _alias(self, agent: Agent, alias_id: str) -> Alias:
        if alias_id == TEST_ALIAS_ID:
            return test_alias(agent)
        alias = agent.aliases.get(alias_id)
        if alias is None or alias.lifecycle.settle() == "DELETED":
            raise not_found("agent alias", f"{agent.agent_id}/{alias_id}")
        return alias

    def create_agent_alias(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        name = params["agentAliasName"]
        if name == TEST_ALIAS_NAME or any(a.name == name for a in list(agent.aliases.values())):
            # Guess: alias names unique per agent (botocore lists ConflictException; wording ours).
            raise ConflictException(f"An alias named {name} already exists for agent {agent.agent_id}.")
        at = now()
        routing = params.get("routingConfiguration")
        routing = (
            self._routing(agent, routing) if routing else [{"agentVersion": self._new_version(agent, at)}]
        )
        alias_id = new_id()
        alias = Alias(
            alias_id,
            _alias_arn(agent, alias_id),
            name,
            params.get("description"),
            [],
            Lifecycle("CREATING"),
            at,
            at,
            params.get("clientToken"),
        )
        alias.route(routing, at)
        alias.lifecycle.begin("CREATING", "PREPARED")
        agent.aliases[alias_id] = alias
        if params.get("tags"):
            self.state.tags[alias.arn] = dict(params["tags"])
        return {"agentAlias": alias.to_api(agent.agent_id)}

    def get_agent_alias(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        return {"agentAlias": self._alias(agent, params["agentAliasId"]).to_api(agent.agent_id)}

    def list_agent_aliases(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        aliases = [test_alias(agent)] + [
            a for a in list(agent.aliases.values()) if a.lifecycle.settle() != "DELETED"
        ]
        chunk, token = page(aliases, params)
        keys = (
            "agentAliasId",
            "agentAliasName",
            "description",
            "routingConfiguration",
            "agentAliasStatus",
            "createdAt",
            "updatedAt",
            "aliasInvocationState",
        )
        summaries = [{k: v for k, v in a.to_api(agent.agent_id).items() if k in keys} for a in chunk]
        return with_token({"agentAliasSummaries": summaries}, token)

    def update_agent_alias(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        if params["agentAliasId"] == TEST_ALIAS_ID:
            # Guess: TSTALIASID is the service's own alias of the DRAFT (API reference InvokeAgent);
            # that it cannot be changed, and the wording, are ours.
            raise ValidationException("The test alias TSTALIASID cannot be updated.")
        alias = self._alias(agent, params["agentAliasId"])
        if alias.lifecycle.busy:
            # Guess, by analogy with the agent's busy refusal (#42845); botocore lists ConflictException.
            raise ConflictException(
                f"Alias {alias.alias_id} is {alias.lifecycle.status}; retry when it is PREPARED."
            )
        at = now()
        routing = params.get("routingConfiguration")
        routing = (
            self._routing(agent, routing) if routing else [{"agentVersion": self._new_version(agent, at)}]
        )
        alias.name = params["agentAliasName"]
        alias.description = params.get("description")
        alias.updated_at = at
        if routing != alias.routing:
            alias.route(routing, at)
        alias.lifecycle.begin("UPDATING", "PREPARED")
        return {"agentAlias": alias.to_api(agent.agent_id)}

    def delete_agent_alias(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        if params["agentAliasId"] == TEST_ALIAS_ID:
            # Guess, as for UpdateAgentAlias above.
            raise ValidationException("The test alias TSTALIASID cannot be deleted.")
        alias = self._alias(agent, params["agentAliasId"])

        def gone() -> None:
            agent.aliases.pop(alias.alias_id, None)
            self.state.tags.pop(alias.arn, None)

        alias.lifecycle.begin("DELETING", "DELETED", then=gone)
        return {"agentId": agent.agent_id, "agentAliasId": alias.alias_id, "agentAliasStatus": "DELETING"}

"""The bedrock-agent calls the release tool makes, with waiting for the asynchronous states.

PrepareAgent, CreateAgentAlias and UpdateAgentAlias return before the work is done: the agent goes
PREPARING -> PREPARED, an alias CREATING/UPDATING -> PREPARED. Each wait polls Get* with a bounded
number of attempts and fails with the service's ``failureReasons`` when the state is FAILED.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

_BUSY_AGENT = {"CREATING", "PREPARING", "UPDATING", "VERSIONING"}
_BUSY_ALIAS = {"CREATING", "UPDATING"}


class ReleaseError(Exception):
    pass


@dataclass(frozen=True)
class Alias:
    agent_id: str
    alias_id: str
    name: str
    description: str | None
    version: str | None  # the version it routes to (one entry in routingConfiguration)
    status: str
    history: list[tuple[datetime | None, str]]  # (startDate, version), as agentAliasHistoryEvents give them

    @classmethod
    def from_api(cls, alias: dict[str, Any]) -> Alias:
        routing = alias.get("routingConfiguration") or []
        history = [
            (event.get("startDate"), str(event["routingConfiguration"][0]["agentVersion"]))
            for event in alias.get("agentAliasHistoryEvents", [])
            if event.get("routingConfiguration")
        ]
        return cls(
            agent_id=alias["agentId"],
            alias_id=alias["agentAliasId"],
            name=alias["agentAliasName"],
            description=alias.get("description"),
            version=str(routing[0]["agentVersion"]) if routing else None,
            status=alias["agentAliasStatus"],
            history=history,
        )


class AgentApi:
    def __init__(
        self,
        client: Any,
        *,
        sleep: Callable[[float], None] = time.sleep,
        poll_seconds: float = 3.0,
        max_polls: int = 200,
    ) -> None:
        self.client = client
        self.sleep = sleep
        self.poll_seconds = poll_seconds
        self.max_polls = max_polls

    # --------------------------------------------------------------------------- agent (DRAFT)
    def ensure_prepared(self, agent_id: str, log: Callable[[str], None]) -> str:
        """Wait out a running change; prepare the DRAFT if it is not prepared, failed its last
        preparation or changed since; return the DRAFT's preparedAt (ISO)."""
        agent = self._agent_settled(agent_id)
        stale = agent.get("preparedAt") is None or agent["updatedAt"] > agent["preparedAt"]
        if agent["agentStatus"] in ("NOT_PREPARED", "FAILED") or stale:
            log(f"preparing the DRAFT of agent {agent_id} (status {agent['agentStatus']})")
            self.client.prepare_agent(agentId=agent_id)
            agent = self._agent_settled(agent_id)
        if agent["agentStatus"] != "PREPARED":
            reasons = "; ".join(agent.get("failureReasons", [])) or "no reason given"
            raise ReleaseError(f"agent {agent_id} is {agent['agentStatus']}, not PREPARED: {reasons}")
        return str(agent["preparedAt"].isoformat())

    def _agent_settled(self, agent_id: str) -> dict[str, Any]:
        for _ in range(self.max_polls):
            agent: dict[str, Any] = self.client.get_agent(agentId=agent_id)["agent"]
            if agent["agentStatus"] not in _BUSY_AGENT:
                return agent
            self.sleep(self.poll_seconds)
        raise ReleaseError(f"agent {agent_id} did not settle after {self.max_polls} polls")

    # --------------------------------------------------------------------------- aliases
    def alias(self, agent_id: str, alias_id: str) -> Alias:
        return Alias.from_api(
            self.client.get_agent_alias(agentId=agent_id, agentAliasId=alias_id)["agentAlias"]
        )

    def find_alias(self, agent_id: str, name: str) -> str | None:
        for page in self.client.get_paginator("list_agent_aliases").paginate(agentId=agent_id):
            for summary in page.get("agentAliasSummaries", []):
                if summary["agentAliasName"] == name:
                    return str(summary["agentAliasId"])
        return None

    def _alias_settled(self, agent_id: str, alias_id: str) -> Alias:
        for _ in range(self.max_polls):
            alias = self.alias(agent_id, alias_id)
            if alias.status not in _BUSY_ALIAS:
                if alias.status != "PREPARED":
                    raise ReleaseError(f"alias {alias.name} ({alias_id}) is {alias.status}")
                return alias
            self.sleep(self.poll_seconds)
        raise ReleaseError(f"alias {alias_id} did not settle after {self.max_polls} polls")

    def new_version(self, agent_id: str, candidate_name: str, description: str) -> Alias:
        """Snapshot the prepared DRAFT into a new version by (re)routing the candidate alias without
        routingConfiguration; returns the candidate alias, now routed to the new version."""
        alias_id = self.find_alias(agent_id, candidate_name)
        if alias_id is None:
            created = self.client.create_agent_alias(
                agentId=agent_id, agentAliasName=candidate_name, description=description
            )
            alias_id = created["agentAlias"]["agentAliasId"]
        else:
            self.client.update_agent_alias(
                agentId=agent_id,
                agentAliasId=alias_id,
                agentAliasName=candidate_name,
                description=description,
            )
        alias = self._alias_settled(agent_id, alias_id)
        if alias.version in (None, "DRAFT"):
            raise ReleaseError(f"alias {candidate_name} routes to {alias.version}, not a numbered version")
        return alias

    def route(self, alias: Alias, version: str) -> Alias:
        """Point ``alias`` at an existing version. Name and description are sent unchanged, so
        Terraform (which owns them) sees no drift."""
        request: dict[str, Any] = {
            "agentId": alias.agent_id,
            "agentAliasId": alias.alias_id,
            "agentAliasName": alias.name,
            "routingConfiguration": [{"agentVersion": version}],
        }
        if alias.description:
            request["description"] = alias.description
        self.client.update_agent_alias(**request)
        return self._alias_settled(alias.agent_id, alias.alias_id)

    # --------------------------------------------------------------------------- versions
    def version(self, agent_id: str, version: str) -> dict[str, Any]:
        return dict(self.client.get_agent_version(agentId=agent_id, agentVersion=version)["agentVersion"])

    def action_groups(self, agent_id: str, version: str) -> list[dict[str, Any]]:
        groups = []
        paginator = self.client.get_paginator("list_agent_action_groups")
        for page in paginator.paginate(agentId=agent_id, agentVersion=version):
            for summary in page.get("actionGroupSummaries", []):
                groups.append(
                    self.client.get_agent_action_group(
                        agentId=agent_id, agentVersion=version, actionGroupId=summary["actionGroupId"]
                    )["agentActionGroup"]
                )
        return groups

    def knowledge_bases(self, agent_id: str, version: str) -> list[dict[str, Any]]:
        paginator = self.client.get_paginator("list_agent_knowledge_bases")
        return [
            summary
            for page in paginator.paginate(agentId=agent_id, agentVersion=version)
            for summary in page.get("agentKnowledgeBaseSummaries", [])
        ]

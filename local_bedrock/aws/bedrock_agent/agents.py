"""Agents and their DRAFT: create, read, update, prepare, delete; versions.

Statuses (API reference, Agent.agentStatus; the waiters in the provider's agent.go):
CreateAgent -> CREATING -> NOT_PREPARED; UpdateAgent -> UPDATING -> NOT_PREPARED;
PrepareAgent -> PREPARING -> PREPARED; DeleteAgent -> DELETING -> gone.
"""

from __future__ import annotations

from typing import Any

from local_bedrock.aws.bedrock_agent.base import BUSY, ServiceBase, busy_error
from local_bedrock.aws.bedrock_agent.resources import AGENT_SETTINGS, DRAFT, Agent, AgentVersion
from local_bedrock.aws.errors import ConflictException
from local_bedrock.aws.http import Call
from local_bedrock.aws.paging import not_found, page, with_token
from local_bedrock.aws.transitions import Lifecycle, new_id, now

# Reported by Bedrock when a name is taken: the new agent ends FAILED with this reason
# (quoted by the provider's waiter in awsfundamentals-hq/bedrock-multi-agent-collaboration#1:
# "unexpected state 'FAILED', wanted target 'NOT_PREPARED'. last error: Cannot create a new agent
# as an agent with the same name already exists.").
DUPLICATE_NAME = "Cannot create a new agent as an agent with the same name already exists."


class AgentOperations(ServiceBase):
    def create_agent(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent_id = new_id()
        at = now()
        agent = Agent(
            agent_id=agent_id,
            arn=f"arn:aws:bedrock:{call.region}:{call.account_id}:agent/{agent_id}",
            settings={k: params[k] for k in AGENT_SETTINGS if k in params},
            lifecycle=Lifecycle("CREATING"),
            created_at=at,
            updated_at=at,
            client_token=params.get("clientToken"),
        )
        taken = any(a.name == agent.name and a.status != "DELETED" for a in list(self.state.agents.values()))
        if taken:
            agent.failure_reasons = [DUPLICATE_NAME]
        agent.lifecycle.begin("CREATING", "FAILED" if taken else "NOT_PREPARED")
        self.state.agents[agent_id] = agent
        if params.get("tags"):
            self.state.tags[agent.arn] = dict(params["tags"])
        return {"agent": agent.to_api()}

    def get_agent(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return {"agent": self._agent(params["agentId"]).to_api()}

    def list_agents(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        live = [a for a in list(self.state.agents.values()) if a.status != "DELETED"]
        chunk, token = page(live, params)
        return with_token({"agentSummaries": [a.summary_api() for a in chunk]}, token)

    def update_agent(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._idle_agent(params["agentId"], "Update")
        # UpdateAgent replaces the agent's settings (API reference: fields left out are reset).
        agent.settings = {k: params[k] for k in AGENT_SETTINGS if k in params}
        agent.updated_at = now()
        agent.failure_reasons = []
        agent.lifecycle.begin("UPDATING", "NOT_PREPARED")
        return {"agent": agent.to_api()}

    def prepare_agent(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._idle_agent(params["agentId"], "Prepare")
        snapshot = agent.draft()  # what is prepared is the draft as it is now

        def prepared() -> None:
            agent.prepared = snapshot
            agent.prepared_at = now()

        previous = agent.prepared_at or now()
        agent.failure_reasons = []
        agent.lifecycle.begin("PREPARING", "PREPARED", then=prepared)
        return {
            "agentId": agent.agent_id,
            "agentStatus": agent.status,
            "agentVersion": DRAFT,
            "preparedAt": agent.prepared_at or previous,
        }

    def delete_agent(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        if agent.status == "DELETING":
            raise busy_error("Delete", agent.status)
        # API reference, DeleteAgent: skipResourceInUseCheck=false refuses an agent in use; an agent
        # with aliases is in use (guess: the exact rule is not documented).
        if not params.get("skipResourceInUseCheck") and agent.aliases:
            raise ConflictException(
                f"Agent {agent.agent_id} is in use by aliases {', '.join(sorted(agent.aliases))}; "
                "delete them first or set skipResourceInUseCheck."
            )

        def gone() -> None:
            self.state.agents.pop(agent.agent_id, None)
            self.state.tags.pop(agent.arn, None)

        agent.lifecycle.begin("DELETING", "DELETED", then=gone)
        return {"agentId": agent.agent_id, "agentStatus": "DELETING"}

    # ------------------------------------------------------------------ versions
    def _version(self, agent: Agent, number: str) -> AgentVersion:
        version = agent.versions.get(number)
        if version is None:
            raise not_found("agent version", f"{agent.agent_id}/{number}")
        return version

    def get_agent_version(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        return {"agentVersion": agent.version_api(self._version(agent, params["agentVersion"]))}

    def list_agent_versions(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        summaries = [
            {
                "agentName": agent.name,
                "agentStatus": agent.status,
                "agentVersion": DRAFT,
                "createdAt": agent.created_at,
                "updatedAt": agent.updated_at,
            }
        ]
        for number in sorted(agent.versions, key=int):
            version = agent.versions[number]
            summaries.append(
                {
                    "agentName": str(version.snapshot.settings["agentName"]),
                    "agentStatus": "PREPARED",
                    "agentVersion": number,
                    "createdAt": version.created_at,
                    "updatedAt": version.created_at,
                }
            )
        chunk, token = page(summaries, params)
        return with_token({"agentVersionSummaries": chunk}, token)

    def delete_agent_version(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        agent = self._agent(params["agentId"])
        number = params["agentVersion"]
        self._version(agent, number)
        users = [a.name for a in list(agent.aliases.values()) if a.version == number]
        if users and not params.get("skipResourceInUseCheck"):
            # API reference DeleteAgentVersion: skipResourceInUseCheck=false stops the deletion of a
            # version in use; a version an alias routes to is taken as in use (guess), as is the wording.
            raise ConflictException(f"Version {number} is in use by aliases {', '.join(users)}.")
        del agent.versions[number]
        return {"agentId": agent.agent_id, "agentVersion": number, "agentStatus": "DELETING"}


__all__ = ["BUSY", "AgentOperations"]

"""The bedrock-agent control plane's state: agents with their DRAFT, versions, aliases.

Members are kept under their API names (the ``Agent``, ``AgentActionGroup``, ``AgentAlias`` ...
shapes of botocore's ``bedrock-agent`` model), so what a Create/Update call sent is what Get answers
and what a version snapshots. Behaviour that is not just storage lives in the operations modules.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from local_bedrock.aws.transitions import Lifecycle, now

DRAFT = "DRAFT"
TEST_ALIAS_ID = "TSTALIASID"  # every agent's built-in alias to its DRAFT (API reference: InvokeAgent)
TEST_ALIAS_NAME = "AgentTestAlias"
# API reference, CreateAgent: idleSessionTTLInSeconds defaults to 600 when omitted (guess: the
# reference does not state the default; the console shows 600).
DEFAULT_IDLE_TTL = 600
# The agent settings CreateAgent/UpdateAgent accept and GetAgent echoes (botocore shape ``Agent``).
AGENT_SETTINGS = (
    "agentName",
    "instruction",
    "foundationModel",
    "description",
    "orchestrationType",
    "customOrchestration",
    "idleSessionTTLInSeconds",
    "agentResourceRoleArn",
    "customerEncryptionKeyArn",
    "promptOverrideConfiguration",
    "guardrailConfiguration",
    "memoryConfiguration",
    "agentCollaboration",
)
# GetAgent always carries the prompt configuration; the provider reads it unconditionally
# (agent.go removeDefaultPrompts dereferences promptOverrideConfiguration). AWS lists its default
# templates there with promptCreationMode DEFAULT; the templates themselves are not reproduced.
DEFAULT_PROMPTS = {
    "promptConfigurations": [
        {"promptType": kind, "promptCreationMode": "DEFAULT", "promptState": state, "parserMode": "DEFAULT"}
        for kind, state in (
            ("PRE_PROCESSING", "DISABLED"),
            ("ORCHESTRATION", "ENABLED"),
            ("POST_PROCESSING", "DISABLED"),
            ("KNOWLEDGE_BASE_RESPONSE_GENERATION", "ENABLED"),
        )
    ]
}


@dataclass
class Snapshot:
    """What an agent runs: its settings, action groups and knowledge bases at one moment."""

    settings: dict[str, Any]
    action_groups: list[dict[str, Any]]
    knowledge_bases: list[dict[str, Any]]
    taken_at: datetime

    def copy_as(self, version: str) -> Snapshot:
        groups = [{**copy.deepcopy(g), "agentVersion": version} for g in self.action_groups]
        bases = [{**copy.deepcopy(k), "agentVersion": version} for k in self.knowledge_bases]
        return Snapshot(copy.deepcopy(self.settings), groups, bases, self.taken_at)


@dataclass
class AgentVersion:
    number: str
    snapshot: Snapshot
    created_at: datetime


@dataclass
class Alias:
    alias_id: str
    arn: str
    name: str
    description: str | None
    routing: list[dict[str, Any]]
    lifecycle: Lifecycle
    created_at: datetime
    updated_at: datetime
    client_token: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def version(self) -> str:
        return str(self.routing[0]["agentVersion"]) if self.routing else DRAFT

    def route(self, routing: list[dict[str, Any]], at: datetime) -> None:
        """Move to ``routing``; the alias history records each routing with its start and end."""
        if self.history and "endDate" not in self.history[0]:
            self.history[0]["endDate"] = at
        self.history.insert(0, {"routingConfiguration": copy.deepcopy(routing), "startDate": at})
        self.routing = routing

    def to_api(self, agent_id: str) -> dict[str, Any]:
        result: dict[str, Any] = {
            "agentId": agent_id,
            "agentAliasId": self.alias_id,
            "agentAliasName": self.name,
            "agentAliasArn": self.arn,
            "routingConfiguration": copy.deepcopy(self.routing),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "agentAliasHistoryEvents": copy.deepcopy(self.history),
            "agentAliasStatus": self.lifecycle.settle(),
            "aliasInvocationState": "ACCEPT_INVOCATIONS",
        }
        for key, value in (("description", self.description), ("clientToken", self.client_token)):
            if value is not None:
                result[key] = value
        return result


@dataclass
class Agent:
    agent_id: str
    arn: str
    settings: dict[str, Any]
    lifecycle: Lifecycle
    created_at: datetime
    updated_at: datetime
    client_token: str | None = None
    prepared_at: datetime | None = None
    failure_reasons: list[str] = field(default_factory=list)
    action_groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # DRAFT, by id
    knowledge_bases: dict[str, dict[str, Any]] = field(default_factory=dict)  # DRAFT, by KB id
    prepared: Snapshot | None = None  # the DRAFT as last prepared: what TSTALIASID runs
    versions: dict[str, AgentVersion] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)
    next_version: int = 1

    @property
    def name(self) -> str:
        return str(self.settings["agentName"])

    @property
    def status(self) -> str:
        return self.lifecycle.settle()

    def draft(self) -> Snapshot:
        return Snapshot(
            copy.deepcopy(self.settings),
            copy.deepcopy(list(self.action_groups.values())),
            copy.deepcopy(list(self.knowledge_bases.values())),
            now(),
        )

    def to_api(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "agentId": self.agent_id,
            "agentArn": self.arn,
            "agentVersion": DRAFT,
            "agentStatus": self.status,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "promptOverrideConfiguration": copy.deepcopy(DEFAULT_PROMPTS),
            "idleSessionTTLInSeconds": DEFAULT_IDLE_TTL,
            "orchestrationType": "DEFAULT",
            "agentCollaboration": "DISABLED",
            **copy.deepcopy(self.settings),
        }
        if self.client_token:
            result["clientToken"] = self.client_token
        if self.prepared_at is not None:
            result["preparedAt"] = self.prepared_at
        if self.failure_reasons:
            result["failureReasons"] = list(self.failure_reasons)
        return result

    def version_api(self, version: AgentVersion) -> dict[str, Any]:
        settings = version.snapshot.settings
        result: dict[str, Any] = {
            "agentId": self.agent_id,
            "agentArn": self.arn,
            "version": version.number,
            "agentStatus": "PREPARED",
            "createdAt": version.created_at,
            "updatedAt": version.created_at,
            "idleSessionTTLInSeconds": DEFAULT_IDLE_TTL,
            "promptOverrideConfiguration": copy.deepcopy(DEFAULT_PROMPTS),
            "agentCollaboration": "DISABLED",
        }
        for key in AGENT_SETTINGS:
            if key in settings and key not in ("orchestrationType", "customOrchestration"):
                result[key] = copy.deepcopy(settings[key])
        return result

    def summary_api(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "agentId": self.agent_id,
            "agentName": self.name,
            "agentStatus": self.status,
            "updatedAt": self.updated_at,
        }
        if self.versions:
            result["latestAgentVersion"] = max(self.versions, key=int)
        for key in ("description", "guardrailConfiguration"):
            if key in self.settings:
                result[key] = copy.deepcopy(self.settings[key])
        return result

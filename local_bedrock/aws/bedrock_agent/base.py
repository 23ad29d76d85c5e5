"""State and rules shared by the bedrock-agent operation modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from local_bedrock.aws.bedrock_agent.resources import Agent
from local_bedrock.aws.errors import ValidationException
from local_bedrock.aws.paging import not_found

if TYPE_CHECKING:
    from local_bedrock.aws.bedrock_agent.knowledge import KnowledgeBase

# Statuses in which the agent refuses changes: the provider's waiters treat them as pending
# (agent.go: waitAgentCreated CREATING, waitAgentUpdated UPDATING, waitAgentPrepared PREPARING,
# waitAgentVersioned VERSIONING, waitAgentDeleted DELETING).
BUSY = frozenset({"CREATING", "UPDATING", "PREPARING", "VERSIONING", "DELETING"})


def state_name(status: str) -> str:
    """PREPARING -> Preparing, NOT_PREPARED -> NotPrepared (how Bedrock's messages spell it)."""
    return "".join(part.capitalize() for part in status.split("_"))


def busy_error(verb: str, status: str) -> ValidationException:
    """The refusal of a change while the agent is busy.

    Wording: hashicorp/terraform-provider-aws#42845 and the provider's 6.2/6.3 changelog (#43179,
    #43232) quote "Prepare operation can't be performed on Agent when it is in Preparing state. Retry
    the request when the agent is in a valid state." and the same for Update and for action-group and
    knowledge-base changes. Type: the public reports that name it say ValidationException (e.g.
    "ValidationException: Prepare operation can't be performed on Agent when it is in Versioning
    state."); botocore's model also lists ConflictException for PrepareAgent, which no report shows.
    """
    return ValidationException(
        f"{verb} operation can't be performed on Agent when it is in {state_name(status)} state. "
        "Retry the request when the agent is in a valid state."
    )


@dataclass
class Peers:
    """What bedrock-agent asks other local services (all optional in unit tests)."""

    # (collection ARN, index name) -> the index mapping, or None when there is no such index
    vector_index: Callable[[str, str], dict[str, Any] | None] | None = None
    # s3://bucket + inclusion prefixes -> {key: bytes} (the data source's documents)
    read_documents: Callable[[str, list[str]], dict[str, bytes]] | None = None


@dataclass
class State:
    agents: dict[str, Agent] = field(default_factory=dict)
    knowledge_bases: dict[str, KnowledgeBase] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)


class ServiceBase:
    state: State
    peers: Peers

    def _agent(self, agent_id: str) -> Agent:
        agent = self.state.agents.get(agent_id)
        if agent is None or agent.status == "DELETED":
            raise not_found("agent", agent_id)
        return agent

    def _idle_agent(self, agent_id: str, verb: str) -> Agent:
        agent = self._agent(agent_id)
        if agent.status in BUSY:
            raise busy_error(verb, agent.status)
        return agent

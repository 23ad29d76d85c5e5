"""What the repository's agents can do, read from the same files Terraform deploys (agents.json and
the committed openapi/*.json): operation ids, their parameters, and the route of each operation."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from local_bedrock.agent.definition import AgentDefinition, Operation, load_agents


@dataclass(frozen=True)
class Catalog:
    agents: dict[str, AgentDefinition]

    def agent_names(self) -> list[str]:
        return sorted(self.agents)

    def has_knowledge_base(self, agent: str) -> bool:
        """agents.json says the agent answers from the knowledge base."""
        return agent in self.agents and self.agents[agent].knowledge_base_id is not None

    def operations(self, agent: str) -> dict[str, Operation]:
        return {op.operation_id: op for op in self.agents[agent].operations}

    def all_operations(self) -> dict[str, Operation]:
        return {op.operation_id: op for agent in self.agents.values() for op in agent.operations}

    def operation_for_route(self, api_path: str, verb: str) -> str | None:
        """The operationId for an apiPath template and HTTP verb, as traces report them.

        Routes are unique across the repository's schemas, so the action-group name (which a
        deployment may prefix) is not needed.
        """
        wanted = verb.upper()
        for op in self.all_operations().values():
            if op.path == api_path and op.method == wanted:
                return op.operation_id
        return None


@cache
def catalog() -> Catalog:
    return Catalog(load_agents())

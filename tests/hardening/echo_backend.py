"""An agent backend that answers every turn with one chunk: for endpoint tests where the agent does
not matter (validation, headers, connections), so they run in milliseconds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from local_bedrock.backend import AgentRef, InvokeRequest, ResourceNotFoundError
from local_bedrock.sessions import Session

AGENT, ALIAS = "ASSISTANT", "TSTALIASID"
KNOWLEDGE_BASE = "KBLOCAL001"


class EchoBackend:
    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        if (agent_id, alias_id) != (AGENT, ALIAS):
            raise ResourceNotFoundError(f"Agent {agent_id} alias {alias_id} not found.")
        return AgentRef(agent_id=AGENT, alias_id=ALIAS, agent_name="echo")

    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        yield {"chunk": {"bytes": f"you said {request.input_text}".encode()}}


class EchoKnowledge:
    def retrieve(
        self, knowledge_base_id: str, query: str, number_of_results: int, search_type: str | None = None
    ) -> list[dict[str, Any]]:
        if knowledge_base_id != KNOWLEDGE_BASE:
            raise ResourceNotFoundError(f"Knowledge base {knowledge_base_id} not found.")
        return [{"content": {"text": query}}]

"""The bedrock-agent control plane: every operation the Terraform provider, the release tool and
the deploy steps call (see docs/local-aws.md for the list); others answer NotImplementedException."""

from __future__ import annotations

import threading
from typing import Any

from local_bedrock.aws.bedrock_agent.action_groups import ActionGroupOperations
from local_bedrock.aws.bedrock_agent.agents import AgentOperations
from local_bedrock.aws.bedrock_agent.aliases import AliasOperations
from local_bedrock.aws.bedrock_agent.base import Peers, State
from local_bedrock.aws.bedrock_agent.knowledge import KnowledgeBaseOperations
from local_bedrock.aws.http import Call
from local_bedrock.aws.tags import TagStore

SERVICE = "bedrock-agent"


class BedrockAgentService(AgentOperations, ActionGroupOperations, AliasOperations, KnowledgeBaseOperations):
    def __init__(self, peers: Peers | None = None) -> None:
        self.lock = threading.RLock()  # taken by the HTTP layer and by the local runtime's readers
        self.state = State()
        self.peers = peers or Peers()
        self._tagging = TagStore(self.state.tags, self._known_arn)

    def _known_arn(self, arn: str) -> bool:
        return (
            arn in self.state.tags
            or any(
                arn == agent.arn or any(arn == alias.arn for alias in list(agent.aliases.values()))
                for agent in list(self.state.agents.values())
            )
            or any(arn == kb.arn for kb in list(self.state.knowledge_bases.values()))
        )

    def tag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.tag(params["resourceArn"], params["tags"])

    def untag_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return self._tagging.untag(params["resourceArn"], params["tagKeys"])

    def list_tags_for_resource(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return {"tags": self._tagging.tags(params["resourceArn"])}

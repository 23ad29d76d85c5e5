"""Terraform outputs that the deploy steps need, validated at the boundary."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class AgentIds(BaseModel):
    model_config = ConfigDict(extra="ignore")

    agent_id: str
    agent_arn: str
    alias_id: str
    alias_arn: str


class KnowledgeBaseIds(BaseModel):
    model_config = ConfigDict(extra="ignore")

    knowledge_base_id: str
    data_source_id: str
    bucket_name: str


class DeployOutputs(BaseModel):
    model_config = ConfigDict(extra="ignore")

    region: str
    agents: dict[str, AgentIds]
    store_table_name: str
    knowledge_base: KnowledgeBaseIds | None
    slack_connector_command: str
    slack_configured: bool
    console_command: str


def load_outputs(path: Path) -> DeployOutputs:
    """Read `terraform output -json` (each output is {"value": ..., "type": ..., "sensitive": ...})."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return DeployOutputs.model_validate({name: item["value"] for name, item in raw.items()})

"""agents.json: which agents exist, their instruction files and action groups. Terraform, the
OpenAPI generator and the local runtime all read this one file.

The repository root (``REPO_ROOT``) and the cache folder are found by ``local_bedrock.paths``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from local_bedrock.paths import REPO_ROOT

MANIFEST = REPO_ROOT / "agents.json"
# The one default model id: the deployed agents' foundation model (Terraform reads this file too),
# the local Converse model and the LLM judge. Each can be overridden where it is used.
DEFAULT_MODEL_FILE = REPO_ROOT / "default_model.json"


class ActionGroupSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    description: str
    handler: str
    schema_path: str = Field(alias="schema")

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]


class AgentSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str
    instruction: str
    identity: str
    knowledge_base: bool
    action_groups: dict[str, ActionGroupSpec]


@cache
def agents(path: Path = MANIFEST) -> dict[str, AgentSpec]:
    raw = json.loads(path.read_text())
    return {name: AgentSpec.model_validate(spec) for name, spec in raw.items()}


@cache
def default_model_id(path: Path = DEFAULT_MODEL_FILE, key: str = "default_model_id") -> str:
    """A model id in default_model.json (shared with terraform/locals.tf): the agents' model by default,
    or key="evaluator_model_id" for Bedrock knowledge-base evaluation jobs."""
    model_id = json.loads(path.read_text()).get(key)
    if not isinstance(model_id, str) or not model_id:
        raise ValueError(f"{path}: {key} must be a model or inference-profile id")
    return model_id


def action_groups() -> dict[str, ActionGroupSpec]:
    return {name: group for agent in agents().values() for name, group in agent.action_groups.items()}

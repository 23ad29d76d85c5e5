"""Where the suite runs: the local endpoint or a deployed alias, through the same boto3 client.

``TARGET=aws`` reads ``terraform -chdir=terraform output -json``: ``region`` and
``agents = {<name> = {agent_id, alias_id, ...}}``. Flat outputs ``<name>_agent_id`` /
``<name>_alias_id`` are accepted too. Whatever is missing is named in the error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Literal

from botocore.config import Config
from pydantic import BaseModel, Field

from agent_client.invoke import agent_runtime_client
from local_bedrock.agent.definition import LOCAL_ALIASES, local_agent_id

LOCAL_REGION = "us-east-1"


class TargetError(Exception):
    pass


class AgentAddress(BaseModel):
    agent_id: str
    alias_id: str

    def __str__(self) -> str:
        return f"{self.agent_id}/{self.alias_id}"


class Target(BaseModel):
    kind: Literal["local", "aws"]
    region: str
    agents: dict[str, AgentAddress]
    endpoint_url: str | None = None
    knowledge_base_id: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)

    def describe(self) -> str:
        return self.endpoint_url or f"AWS {self.region}"

    def address(self, agent: str) -> AgentAddress:
        if agent not in self.agents:
            raise TargetError(f"the target has no agent {agent!r}; it has {sorted(self.agents)}")
        return self.agents[agent]

    def with_alias(self, agent: str, alias_id: str) -> Target:
        """The same target with ``agent`` routed to another alias (the release candidate)."""
        agents = dict(self.agents)
        agents[agent] = AgentAddress(agent_id=self.address(agent).agent_id, alias_id=alias_id)
        return self.model_copy(update={"agents": agents})

    def client(self, workers: int = 4, read_timeout: int = 120) -> Any:
        config = Config(
            retries={"total_max_attempts": 1, "mode": "standard"},  # evals.runner.retry owns retries
            max_pool_connections=max(10, workers * 2),
            read_timeout=read_timeout,
        )
        return agent_runtime_client(self.endpoint_url if self.kind == "local" else None, self.region, config)


def local_target(endpoint_url: str, agent_names: list[str], alias_id: str = LOCAL_ALIASES[0]) -> Target:
    agents = {name: AgentAddress(agent_id=local_agent_id(name), alias_id=alias_id) for name in agent_names}
    return Target(kind="local", region=LOCAL_REGION, agents=agents, endpoint_url=endpoint_url)


def _value(outputs: dict[str, Any], name: str) -> Any:
    entry = outputs.get(name)
    return entry.get("value") if isinstance(entry, dict) and "value" in entry else entry


def aws_target(outputs: dict[str, Any], agent_names: list[str]) -> Target:
    """Build the AWS target from ``terraform output -json``; name every missing output."""
    if not outputs:
        raise TargetError(
            "terraform output is empty: run `make deploy` (or point TF_DIR at the applied configuration)"
        )
    missing: list[str] = []
    region = _value(outputs, "region") or _value(outputs, "aws_region")
    if not isinstance(region, str) or not region:
        missing.append("region")
    nested = _value(outputs, "agents")
    nested = nested if isinstance(nested, dict) else {}
    agents: dict[str, AgentAddress] = {}
    for name in agent_names:
        found = nested.get(name)
        entry: dict[str, Any] = found if isinstance(found, dict) else {}
        agent_id = entry.get("agent_id") or _value(outputs, f"{name}_agent_id")
        alias_id = entry.get("alias_id") or _value(outputs, f"{name}_alias_id")
        if agent_id and alias_id:
            agents[name] = AgentAddress(agent_id=str(agent_id), alias_id=str(alias_id))
        else:
            which = [f for f, v in (("agent_id", agent_id), ("alias_id", alias_id)) if not v]
            missing.append(f"agents.{name}.{' and '.join(which)}")
    if missing:
        raise TargetError(
            f"terraform outputs lack {', '.join(missing)} (found outputs: {sorted(outputs) or 'none'})"
        )
    knowledge = _value(outputs, "knowledge_base")
    kb_id = knowledge.get("knowledge_base_id") if isinstance(knowledge, dict) else None
    return Target(kind="aws", region=str(region), agents=agents, knowledge_base_id=kb_id)


def terraform_outputs(directory: Path) -> dict[str, Any]:
    terraform = shutil.which("terraform")
    if terraform is None:
        raise TargetError("terraform is not on PATH; TARGET=aws reads the agent ids from its outputs")
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        [terraform, f"-chdir={directory}", "output", "-json"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise TargetError(f"`terraform -chdir={directory} output -json` failed: {done.stderr.strip()}")
    try:
        parsed = json.loads(done.stdout or "{}")
    except json.JSONDecodeError as exc:
        raise TargetError(f"terraform output is not JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise TargetError("terraform output -json did not return an object")
    return parsed

"""Prepare an agent's DRAFT once, after its action groups and knowledge bases changed (Terraform local-exec).

Why a step of its own: each `aws_bedrockagent_agent_action_group` with `prepare_agent = true` calls
PrepareAgent when it is created, the groups of one agent are created in parallel, and Bedrock refuses
a prepare while the agent is PREPARING (ConflictException; hashicorp/terraform-provider-aws#42845).
The agent–knowledge-base association prepares nothing at all. So the module turns every per-group
prepare off and runs this step once, after all of them.

Behaviour, by source:
- PrepareAgent raises ConflictException while the agent is PREPARING or UPDATING (API reference
  PrepareAgent, "Errors"; the #42845 error text): wait and call again, a bounded number of times.
- After PrepareAgent the agent moves to PREPARED, or to FAILED with `failureReasons`. The provider
  polls GetAgent with NOT_PREPARED and PREPARING pending and PREPARED as the target
  (internal/service/bedrockagent/agent.go, waitAgentPrepared); this step polls the same way.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.exceptions import ClientError
from pydantic import BaseModel, Field

PENDING = {"NOT_PREPARED", "PREPARING"}  # the provider's waitAgentPrepared: Pending


class PrepareSpec(BaseModel):
    """What Terraform passes in the provisioner's environment."""

    agent_id: str = Field(alias="AGENT_ID", pattern=r"^[0-9a-zA-Z]{10}$")  # botocore: PrepareAgent.agentId
    region: str = Field(alias="AWS_REGION", min_length=1)


class PrepareFailed(RuntimeError):
    """The agent could not be prepared; the message says why and what to do."""


def _start(client: Any, agent_id: str, sleep: Callable[[float], None], attempts: int, delay: float) -> None:
    """PrepareAgent, waiting out a prepare or update already in progress."""
    for attempt in range(1, attempts + 1):
        try:
            client.prepare_agent(agentId=agent_id)
            return
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "ConflictException":
                raise
            print(f"  prepare {agent_id}: busy ({attempt}/{attempts}); waiting {delay:g} s", flush=True)
            sleep(delay)
    raise PrepareFailed(
        f"agent {agent_id} stayed busy (ConflictException) for {attempts} attempts; "
        "check its status in the Bedrock console, then run `make deploy` again"
    )


def prepare(
    client: Any,
    agent_id: str,
    *,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 60,
    delay: float = 5.0,
) -> str:
    """Prepare the DRAFT and wait until it is PREPARED. Returns its preparedAt (ISO 8601)."""
    print(f"==> preparing agent {agent_id} (DRAFT)", flush=True)
    _start(client, agent_id, sleep, attempts, delay)
    for _ in range(attempts):
        agent = client.get_agent(agentId=agent_id)["agent"]
        status = agent["agentStatus"]
        if status == "PREPARED":
            prepared_at = agent["preparedAt"]
            stamp = prepared_at.isoformat() if hasattr(prepared_at, "isoformat") else str(prepared_at)
            print(f"  prepare {agent_id}: PREPARED at {stamp}", flush=True)
            return stamp
        if status not in PENDING:
            reasons = "; ".join(agent.get("failureReasons") or []) or "no reason given"
            raise PrepareFailed(f"agent {agent_id} is {status} after PrepareAgent: {reasons}")
        sleep(delay)
    raise PrepareFailed(f"agent {agent_id} was not PREPARED after {attempts * delay:g} s")


def main() -> int:
    spec = PrepareSpec.model_validate(dict(os.environ))
    try:
        prepare(boto3.session.Session(region_name=spec.region).client("bedrock-agent"), spec.agent_id)
    except PrepareFailed as failed:
        print(f"prepare failed: {failed}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A local AWS in its own process (``python -m local_bedrock.aws start``), as make deploy-local runs
it; tests reach it over HTTP only, like Terraform and boto3 do."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3

from agent_client.invoke import closing_stream

REPO = Path(__file__).resolve().parents[2]


def read_env(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def written_env(directory: Path) -> dict[str, str]:
    """What a started local AWS wrote for its clients and for Terraform (aws.env + terraform.env)."""
    return {**read_env(directory / "aws.env"), **read_env(directory / "terraform.env")}


@contextmanager
def local_aws_process(directory: Path, transition_seconds: float = 0.2) -> Iterator[dict[str, str]]:
    """Start it, yield the environment it wrote (aws.env + terraform.env), stop it."""
    env = {**os.environ, "LOCAL_AWS_TRANSITION_SECONDS": str(transition_seconds)}
    for name in [k for k in env if k.startswith("AWS_ENDPOINT_URL")]:
        del env[name]
    command = [sys.executable, "-m", "local_bedrock.aws"]
    started = subprocess.run(
        [*command, "start", "--dir", str(directory)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode == 0, (
        started.stdout + started.stderr + (directory / "local-aws.log").read_text()
    )
    try:
        yield written_env(directory)
    finally:
        subprocess.run(
            [*command, "stop", "--dir", str(directory)],
            cwd=REPO,
            env=env,
            capture_output=True,
            timeout=60,
            check=False,
        )


def client(env: dict[str, str], service: str, **config: Any) -> Any:
    """A boto3 client at the local AWS, endpoint by the SDKs' own service-specific variable."""
    variable = "AWS_ENDPOINT_URL_" + service.upper().replace("-", "_")
    return boto3.client(
        service,
        endpoint_url=env.get(variable, env["AWS_ENDPOINT_URL"]),
        region_name=env["AWS_REGION"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        **config,
    )


def ask(env: dict[str, str], agent_id: str, alias_id: str, text: str) -> tuple[str, list[dict[str, Any]]]:
    """One InvokeAgent turn as customer C0001 on the local AWS: the answer and the trace parts."""
    response = client(env, "bedrock-agent-runtime").invoke_agent(
        agentId=agent_id,
        agentAliasId=alias_id,
        sessionId=str(uuid.uuid4()),
        inputText=text,
        enableTrace=True,
        sessionState={"sessionAttributes": {"customerId": "C0001"}},
    )
    answer, traces = "", []
    with closing_stream(response["completion"]) as completion:
        for event in completion:
            if "chunk" in event:
                answer += event["chunk"]["bytes"].decode()
            elif "trace" in event:
                traces.append(event["trace"]["trace"])
    return answer, traces

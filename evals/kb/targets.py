"""The two targets of ``make eval-kb``: the local endpoint (started in-process unless given) and a
deployed knowledge base and agent (ids from flags, else from ``terraform output -json``)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from agent_client.invoke import agent_runtime_client
from evals.kb.probe import KbTarget
from evals.runner.target import LOCAL_REGION, TargetError, terraform_outputs
from local_bedrock.agent.definition import LOCAL_ALIASES, LOCAL_KNOWLEDGE_BASE_ID, local_agent_id

# evals.runner.retry owns retries (throttling inside the event stream included)
CLIENT_CONFIG = Config(retries={"total_max_attempts": 1, "mode": "standard"}, read_timeout=120)


def credentials_available() -> bool:
    return boto3.Session().get_credentials() is not None


def client(target: KbTarget) -> Any:
    return agent_runtime_client(target.endpoint_url, target.region, CLIENT_CONFIG)


def _local_description() -> dict[str, str]:
    from local_bedrock.retriever import describe

    return describe()


@contextmanager
def local(args: argparse.Namespace) -> Iterator[tuple[KbTarget, dict[str, str]]]:
    def target(url: str) -> KbTarget:
        return KbTarget(
            kind="local",
            region=LOCAL_REGION,
            knowledge_base_id=args.knowledge_base_id or LOCAL_KNOWLEDGE_BASE_ID,
            agent_id=args.agent_id or local_agent_id(args.agent),
            alias_id=args.alias_id or LOCAL_ALIASES[0],
            endpoint_url=url,
            session_attributes={"customerId": args.customer_id},
        )

    if args.endpoint_url:
        yield target(args.endpoint_url), {"retriever": "a running local endpoint", "chunking": "as served"}
        return
    from evals.runner.local_endpoint import local_endpoint

    with local_endpoint() as url:
        yield target(url), _local_description()


def _value(outputs: dict[str, Any], name: str) -> Any:
    entry = outputs.get(name)
    return entry.get("value") if isinstance(entry, dict) and "value" in entry else entry


def aws(args: argparse.Namespace) -> KbTarget:
    """Flags win; whatever they leave open comes from terraform outputs, and what is still missing
    is named in the error."""
    given = (args.knowledge_base_id, args.agent_id, args.alias_id, args.region)
    outputs: dict[str, Any] = {} if all(given) else terraform_outputs(Path(args.tf_dir))
    knowledge = _value(outputs, "knowledge_base")
    agent = (_value(outputs, "agents") or {}).get(args.agent) or {}
    found = {
        "--knowledge-base-id": args.knowledge_base_id
        or (knowledge.get("knowledge_base_id") if isinstance(knowledge, dict) else None),
        "--agent-id": args.agent_id or agent.get("agent_id"),
        "--alias-id": args.alias_id or agent.get("alias_id"),
        "--region": args.region or _value(outputs, "region"),
    }
    missing = [flag for flag, value in found.items() if not value]
    if missing:
        raise TargetError(
            f"--target aws needs {', '.join(missing)} (or a deployed stack whose terraform outputs "
            "carry them: make deploy with the knowledge base enabled)"
        )
    return KbTarget(
        kind="aws",
        region=str(found["--region"]),
        knowledge_base_id=str(found["--knowledge-base-id"]),
        agent_id=str(found["--agent-id"]),
        alias_id=str(found["--alias-id"]),
        session_attributes={"customerId": args.customer_id},
    )


def aws_description(target: KbTarget) -> dict[str, str]:
    return {
        "retriever": f"Bedrock knowledge base {target.knowledge_base_id} (vector search)",
        "chunking": "as declared by terraform/modules/knowledge_base (see the data source)",
    }


def evaluation_resources(args: argparse.Namespace) -> tuple[str, str]:
    """Bucket and service role of the Bedrock evaluation job: flags, else terraform outputs."""
    bucket, role = args.job_bucket, args.job_role_arn
    if not (bucket and role):
        found = _value(terraform_outputs(Path(args.tf_dir)), "knowledge_base_evaluation")
        found = found if isinstance(found, dict) else {}
        bucket, role = bucket or found.get("bucket"), role or found.get("role_arn")
    if not (bucket and role):
        raise TargetError(
            "--bedrock-job needs --job-bucket and --job-role-arn, or terraform outputs from a stack "
            "deployed with knowledge_base_evaluation_enabled = true (off by default)"
        )
    return str(bucket), str(role)

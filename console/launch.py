"""Where the console points: an endpoint, a deployed agent, or a local runtime it starts itself.

No endpoint and no agent id: the local runtime starts in-process (seeded moto DynamoDB, the
repository's agents, the offline planner unless ``--model bedrock``) and its sample customers are
offered in a picker. ``--endpoint-url``: an already running endpoint (``make serve``). ``--agent-id``
and ``--alias-id`` without an endpoint: the deployed agent in ``--region`` on AWS.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import botocore.session

from agent_client.invoke import Target

LOCAL_AGENT = "ASSISTANT"
LOCAL_ALIAS = "TSTALIASID"


@dataclass(frozen=True)
class Launch:
    target: Target
    customers: list[dict[str, str]] | None  # sample customers when the runtime is ours
    runtime_url: str | None  # the in-process runtime's endpoint, when the console started one


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("target (default: start the local runtime in-process)")
    group.add_argument(
        "--endpoint-url", help="an InvokeAgent endpoint, e.g. http://127.0.0.1:8000 (make serve)"
    )
    group.add_argument("--region", help="AWS region (default: AWS_REGION, the profile's region, us-east-1)")
    group.add_argument("--agent-id", help=f"agent id (local default {LOCAL_AGENT})")
    group.add_argument("--alias-id", help=f"agent alias id (local default {LOCAL_ALIAS})")
    group.add_argument(
        "--model",
        choices=("offline", "bedrock"),
        default=os.environ.get("LOCAL_AGENT_MODEL", "offline"),
        help="model of the in-process local runtime",
    )


def quiet_local_lambdas() -> None:
    """The in-process action groups log and emit metrics for CloudWatch; in a console that is noise."""
    from local_bedrock.runtime import quiet_lambdas

    quiet_lambdas()


def resolve_region(explicit: str | None) -> str:
    """The explicit region, else AWS_REGION, else botocore's (AWS_DEFAULT_REGION, profile), else us-east-1."""
    configured = botocore.session.Session().get_config_variable("region")
    return explicit or os.environ.get("AWS_REGION") or configured or "us-east-1"


@contextmanager
def launched(args: argparse.Namespace) -> Iterator[Launch]:
    if args.endpoint_url or args.agent_id:
        if not args.endpoint_url and not args.alias_id:
            raise SystemExit("--alias-id is required with --agent-id (terraform output console_command).")
        target = Target(
            endpoint_url=args.endpoint_url or None,
            region=resolve_region(args.region),
            agent_id=args.agent_id or LOCAL_AGENT,
            agent_alias_id=args.alias_id or LOCAL_ALIAS,
        )
        yield Launch(target, None, None)
        return
    quiet_local_lambdas()
    from local_bedrock.runtime import local_runtime

    with local_runtime(model=args.model) as runtime:
        target = Target(
            endpoint_url=runtime.url,
            region=resolve_region(args.region),
            agent_id=LOCAL_AGENT,
            agent_alias_id=args.alias_id or LOCAL_ALIAS,
        )
        customers = [{"id": c.customer_id, "name": c.name} for c in runtime.sample.customers]
        yield Launch(target, customers, runtime.url)

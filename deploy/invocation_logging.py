"""Bedrock model invocation logging is one setting per account and region: never take over or delete
one this stack did not create.

PutModelInvocationLoggingConfiguration replaces whatever is configured and
DeleteModelInvocationLoggingConfiguration removes it for the whole region (Bedrock API reference),
which is what Terraform's aws_bedrock_model_invocation_logging_configuration calls on create and
destroy. Two checks, both reading GetModelInvocationLoggingConfiguration:

- `guard` (Terraform local-exec, before the stack's configuration is created): stop, saying what is
  configured and what to do, when another configuration exists.
- `owner` (make destroy, before terraform destroy): print `this-stack`, `other` or `none`; on
  `other` the Makefile removes the resource from the state instead of deleting someone's setting.

This stack's configuration is recognised by its CloudWatch Logs group (the name is the stack's own).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import boto3
from pydantic import BaseModel, ConfigDict, Field


class LoggingTarget(BaseModel):
    """This stack's logging configuration: the provisioner's environment or the Terraform output."""

    model_config = ConfigDict(populate_by_name=True)

    log_group_name: str = Field(alias="LOG_GROUP_NAME", min_length=1)
    region: str = Field(alias="AWS_REGION", min_length=1)


def current(client: Any) -> dict[str, Any] | None:
    """The region's logging configuration, or None when none is set."""
    config = client.get_model_invocation_logging_configuration().get("loggingConfig")
    return config or None


def describe(config: dict[str, Any]) -> str:
    """Where an existing configuration delivers logs, in words."""
    places = []
    if "cloudWatchConfig" in config:
        places.append(f"CloudWatch Logs group {config['cloudWatchConfig']['logGroupName']}")
    if "s3Config" in config:
        s3 = config["s3Config"]
        places.append(f"s3://{s3['bucketName']}/{s3.get('keyPrefix', '')}")
    return " and ".join(places) or "no destination"


def owner(config: dict[str, Any] | None, target: LoggingTarget) -> str:
    """`this-stack`, `other` or `none`."""
    if config is None:
        return "none"
    ours = config.get("cloudWatchConfig", {}).get("logGroupName") == target.log_group_name
    return "this-stack" if ours else "other"


def guard_message(config: dict[str, Any], target: LoggingTarget) -> str:
    return (
        f"Bedrock model invocation logging is already configured in {target.region}: {describe(config)}.\n"
        "It is one setting per account and region: this stack would overwrite it, and `make destroy` "
        "would then delete it.\n"
        "  Keep it:      set observability.model_invocation_logging = false in terraform/terraform.tfvars\n"
        "  Replace it:   remove it yourself first "
        f"(aws bedrock delete-model-invocation-logging-configuration --region {target.region}),\n"
        "                then run `make deploy` again; this stack then owns the setting\n"
    )


def guard(client: Any, target: LoggingTarget) -> int:
    """0 when this stack may write the setting; 1 (with the message on stderr) when another exists."""
    config = current(client)
    found = owner(config, target)
    if found == "other" and config is not None:
        print(guard_message(config, target), file=sys.stderr)
        return 1
    print(
        f"==> model invocation logging in {target.region}: {found.replace('-', ' ')}; this stack may set it"
    )
    return 0


def target_from_outputs(path: Path) -> LoggingTarget | None:
    """The `invocation_logging` Terraform output, or None when the stack does not manage logging."""
    raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    value = (raw.get("invocation_logging") or {}).get("value")
    return None if value is None else LoggingTarget.model_validate(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.invocation_logging", description=__doc__.splitlines()[0]
    )
    parser.add_argument("check", choices=["guard", "owner"])
    parser.add_argument("--outputs", type=Path, help="saved `terraform output -json` (owner)")
    args = parser.parse_args(argv)
    if args.check == "guard":
        target = LoggingTarget.model_validate(dict(os.environ))
    else:
        loaded = target_from_outputs(args.outputs) if args.outputs else None
        if loaded is None:
            print("none")
            return 0
        target = loaded
    client = boto3.session.Session(region_name=target.region).client("bedrock")
    if args.check == "guard":
        return guard(client, target)
    print(owner(current(client), target))
    return 0


if __name__ == "__main__":
    sys.exit(main())

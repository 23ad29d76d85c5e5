"""Find what a failed `terraform apply` created but did not record, so `make deploy` can import it.

Why: the AWS provider's Go SDK retries a call whose connection failed while the answer was being
read, even when the service had already done the work (aws/aws-sdk-go-v2#2949 made `net.ErrClosed`
retryable; the maintainers declined to make retries depend on idempotency, aws/aws-sdk-go-v2#1826).
A create that carries a client token answers its repeat; a create without one (the API reference of
each call below lists no `clientToken`) fails the repeat with a conflict, and the resource then exists
in the account but not in Terraform's state (hashicorp/terraform-provider-aws#30135, #11708). Every
later apply fails the same way until the resource is imported. docs/local-aws.md ("Known problem:
lost answers under load") has what was seen here.

How: read the JSON of a `terraform plan` made after the failure (`terraform show -json`). For every
planned create of a type below whose identifying values are known, ask AWS whether it exists, and
whether it is this stack's (the description or the tags Terraform would have set), and
`terraform import` each one that is. Something that exists but is not this stack's is never
adopted: it is named, with the import command to run if it is this stack's after all, and the apply
that follows fails as it would have. The AWS calls are reads; only the state changes.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError

Values = dict[str, Any]
# (client factory, planned values) -> the existing resource's identifying values, or None if absent
Finder = Callable[[Callable[[str], Any], Values], Values | None]


@dataclass(frozen=True)
class Adopter:
    keys: tuple[str, ...]  # planned values that must be known (not computed during the apply)
    find: Finder
    ours: tuple[str, ...]  # planned values the existing resource must match to be this stack's
    import_id: Callable[[Values], str]  # the provider's import ID (its documentation's "Import")


def _absent(error: ClientError, *codes: str) -> bool:
    return error.response.get("Error", {}).get("Code") in codes


def _association(client: Callable[[str], Any], planned: Values) -> Values | None:
    # Bedrock Agents API reference, GetAgentKnowledgeBase: ResourceNotFoundException when absent.
    try:
        found = client("bedrock-agent").get_agent_knowledge_base(
            agentId=planned["agent_id"],
            agentVersion=planned["agent_version"],
            knowledgeBaseId=planned["knowledge_base_id"],
        )["agentKnowledgeBase"]
    except ClientError as error:
        if _absent(error, "ResourceNotFoundException"):
            return None
        raise
    return {"description": found.get("description")}


def _function(client: Callable[[str], Any], planned: Values) -> Values | None:
    # Lambda API reference, GetFunction: ResourceNotFoundException when absent; Tags in its output.
    try:
        found = client("lambda").get_function(FunctionName=planned["function_name"])
    except ClientError as error:
        if _absent(error, "ResourceNotFoundException"):
            return None
        raise
    return {"tags_all": found.get("Tags") or {}}


def _role(client: Callable[[str], Any], planned: Values) -> Values | None:
    # IAM API reference, GetRole: NoSuchEntity when absent; Tags in the Role.
    try:
        role = client("iam").get_role(RoleName=planned["name"])["Role"]
    except ClientError as error:
        if _absent(error, "NoSuchEntity"):
            return None
        raise
    return {"tags_all": {t["Key"]: t["Value"] for t in role.get("Tags", [])}}


def _table(client: Callable[[str], Any], planned: Values) -> Values | None:
    # DynamoDB API reference, DescribeTable: ResourceNotFoundException when absent;
    # ListTagsOfResource for its tags (one page holds the ten or so tags a stack sets).
    dynamodb = client("dynamodb")
    try:
        arn = dynamodb.describe_table(TableName=planned["name"])["Table"]["TableArn"]
    except ClientError as error:
        if _absent(error, "ResourceNotFoundException"):
            return None
        raise
    tags = dynamodb.list_tags_of_resource(ResourceArn=arn).get("Tags", [])
    return {"tags_all": {t["Key"]: t["Value"] for t in tags}}


def _log_group(client: Callable[[str], Any], planned: Values) -> Values | None:
    # CloudWatch Logs API reference, DescribeLogGroups (a name prefix; the exact name is picked) and
    # ListTagsLogGroup for its tags.
    logs = client("logs")
    name = planned["name"]
    groups = logs.describe_log_groups(logGroupNamePrefix=name).get("logGroups", [])
    if not any(g["logGroupName"] == name for g in groups):
        return None
    return {"tags_all": logs.list_tags_log_group(logGroupName=name).get("tags", {})}


ADOPTERS: dict[str, Adopter] = {
    # Import IDs from the provider's documentation of each resource ("Import" section).
    "aws_bedrockagent_agent_knowledge_base_association": Adopter(
        keys=("agent_id", "agent_version", "knowledge_base_id", "description"),
        find=_association,
        ours=("description",),
        import_id=lambda v: f"{v['agent_id']},{v['agent_version']},{v['knowledge_base_id']}",
    ),
    "aws_lambda_function": Adopter(
        keys=("function_name", "tags_all"),
        find=_function,
        ours=("tags_all",),
        import_id=lambda v: v["function_name"],
    ),
    "aws_iam_role": Adopter(
        keys=("name", "tags_all"), find=_role, ours=("tags_all",), import_id=lambda v: v["name"]
    ),
    "aws_dynamodb_table": Adopter(
        keys=("name", "tags_all"), find=_table, ours=("tags_all",), import_id=lambda v: v["name"]
    ),
    "aws_cloudwatch_log_group": Adopter(
        keys=("name", "tags_all"), find=_log_group, ours=("tags_all",), import_id=lambda v: v["name"]
    ),
}


@dataclass(frozen=True)
class Orphan:
    address: str
    import_id: str


def planned_creates(plan: dict[str, Any]) -> Iterator[tuple[str, Adopter, Values]]:
    """Each planned create of an adoptable type whose identifying values are all known."""
    for change in plan.get("resource_changes", []):
        adopter = ADOPTERS.get(change.get("type", ""))
        body = change.get("change", {})
        if adopter is None or body.get("actions") != ["create"] or change.get("mode") != "managed":
            continue
        after, unknown = body.get("after") or {}, body.get("after_unknown") or {}
        if all(after.get(key) is not None and not unknown.get(key) for key in adopter.keys):
            yield change["address"], adopter, after


def orphans(plan: dict[str, Any], client: Callable[[str], Any]) -> tuple[list[Orphan], list[str]]:
    """What to import, and what exists under a planned name but is not this stack's (in words)."""
    adopt: list[Orphan] = []
    foreign: list[str] = []
    for address, adopter, planned in planned_creates(plan):
        found = adopter.find(client, planned)
        if found is None:
            continue
        differs = [key for key in adopter.ours if found.get(key) != planned.get(key)]
        if differs:
            foreign.append(
                f"{address} exists but its {', '.join(differs)} is not what this stack sets: "
                "not imported. Remove it, or import it yourself if it is this stack's "
                f"(terraform -chdir=terraform import '{address}' '{adopter.import_id(planned)}')."
            )
        else:
            adopt.append(Orphan(address, adopter.import_id(planned)))
    return adopt, foreign


def terraform(chdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One Terraform command in the root module, with the caller's environment (state, endpoints)."""
    return subprocess.run(  # noqa: S603 - fixed Terraform subcommands; addresses from Terraform's plan
        ["terraform", f"-chdir={chdir}", *args],  # noqa: S607 - terraform from PATH, as the Makefile runs it
        capture_output=True,
        text=True,
        check=False,
    )


def fresh_plan(chdir: Path, plan_out: Path) -> dict[str, Any]:
    """`terraform plan -out` then `terraform show -json` of it; RuntimeError with Terraform's words."""
    plan_out.parent.mkdir(parents=True, exist_ok=True)
    try:
        for args in (
            ("plan", "-input=false", "-lock-timeout=60s", f"-out={plan_out}"),
            ("show", "-json", str(plan_out)),
        ):
            done = terraform(chdir, *args)
            if done.returncode != 0:
                raise RuntimeError(f"terraform {args[0]} failed:\n{done.stderr.strip()}")
        return dict(json.loads(done.stdout))
    finally:
        plan_out.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.adopt", description=__doc__.splitlines()[0])
    parser.add_argument("--chdir", type=Path, default=Path("terraform"), help="the root module")
    parser.add_argument("--plan-out", type=Path, default=Path("build/terraform/adopt.tfplan"))
    parser.add_argument(
        "--plan", type=Path, help="a saved `terraform show -json` of a plan: print the imports, run none"
    )
    args = parser.parse_args(argv)
    if not args.plan:
        print("==> looking for resources the failed apply created without recording them", flush=True)
    try:
        plan = (
            json.loads(args.plan.read_text(encoding="utf-8"))
            if args.plan
            else fresh_plan(args.chdir, args.plan_out.resolve())
        )
    except (OSError, json.JSONDecodeError, RuntimeError) as error:
        where = f"the plan {args.plan}" if args.plan else "a plan"
        print(f"deploy.adopt: cannot read {where}: {error}", file=sys.stderr)
        return 2
    region = plan.get("variables", {}).get("region", {}).get("value")
    adopt, foreign = orphans(plan, functools.cache(boto3.session.Session(region_name=region).client))
    for line in foreign:
        print(f"==> {line}", file=sys.stderr)
    for orphan in adopt:
        if args.plan:
            print(f"{orphan.address}\t{orphan.import_id}")
            continue
        print(f"==> importing {orphan.address} ({orphan.import_id}): created, not in the state", flush=True)
        done = terraform(
            args.chdir, "import", "-input=false", "-lock-timeout=60s", orphan.address, orphan.import_id
        )
        if done.returncode != 0:
            print(f"deploy.adopt: terraform import failed:\n{done.stderr.strip()}", file=sys.stderr)
            return 1
    if not adopt and not args.plan:
        print("==> nothing to import")
    return 0


if __name__ == "__main__":
    sys.exit(main())

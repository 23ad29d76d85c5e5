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
whether it is this stack's, and `terraform import` each one that is. This stack's: the description
or the (non-empty) tags Terraform would have set match, and, when make deploy says when its failed
apply started (`--since`), it was created after that. Tags alone cannot tell two deployments with
the same name_prefix apart (IAM role names are global: another region's stack has the same role name
and tags); the creation time can. Something that is not this stack's, or that could not be read
(AccessDenied, throttling), is never adopted: it is named, with the import command to run if it is
this stack's after all, and the apply that follows fails as it would have. The AWS calls are reads;
only the state changes.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

Values = dict[str, Any]
# Slack between this machine's clock (the apply's start) and the service's (creation times): a guess,
# generous, as NTP keeps both within a second.
CLOCK_SKEW = timedelta(minutes=5)
# (client factory, planned values) -> the existing resource's identifying values, or None if absent
Finder = Callable[[Callable[[str], Any], Values], Values | None]


@dataclass(frozen=True)
class Adopter:
    keys: tuple[str, ...]  # planned values that must be known (not computed during the apply)
    find: Finder
    ours: tuple[str, ...]  # planned values the existing resource must match to be this stack's
    import_id: Callable[[Values], str]  # the provider's import ID (its documentation's "Import")


def _or_none(read: Callable[[], Values], absent: str) -> Values | None:
    """``read()``, or None when the service answers ``absent`` (its error code for "not found")."""
    try:
        return read()
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == absent:
            return None
        raise


def _tags(pairs: list[dict[str, str]]) -> dict[str, str]:
    """IAM's and DynamoDB's tag lists ([{"Key": k, "Value": v}]) as the map Terraform plans."""
    return {pair["Key"]: pair["Value"] for pair in pairs}


def _association(client: Callable[[str], Any], planned: Values) -> Values | None:
    # Bedrock Agents API reference, GetAgentKnowledgeBase: ResourceNotFoundException when absent.
    found = _or_none(
        lambda: client("bedrock-agent").get_agent_knowledge_base(
            agentId=planned["agent_id"],
            agentVersion=planned["agent_version"],
            knowledgeBaseId=planned["knowledge_base_id"],
        )["agentKnowledgeBase"],
        "ResourceNotFoundException",
    )
    return (
        None
        if found is None
        else {"description": found.get("description"), "created": found.get("createdAt")}
    )


def _function(client: Callable[[str], Any], planned: Values) -> Values | None:
    # Lambda API reference, GetFunction: ResourceNotFoundException when absent; Tags in its output
    # (only for a caller allowed lambda:ListTags: without it the function is not taken as this stack's);
    # LastModified, ISO 8601, is the creation time of a function nothing has updated since.
    found = _or_none(
        lambda: client("lambda").get_function(FunctionName=planned["function_name"]),
        "ResourceNotFoundException",
    )
    if found is None:
        return None
    modified = found["Configuration"].get("LastModified")
    created = datetime.fromisoformat(modified) if modified else None  # "2019-10-09T18:06:10.393+0000"
    return {"tags_all": found.get("Tags") or {}, "created": created}


def _role(client: Callable[[str], Any], planned: Values) -> Values | None:
    # IAM API reference, GetRole: NoSuchEntity when absent; Tags in the Role.
    role = _or_none(lambda: client("iam").get_role(RoleName=planned["name"])["Role"], "NoSuchEntity")
    return None if role is None else {"tags_all": _tags(role.get("Tags", [])), "created": role["CreateDate"]}


def _table(client: Callable[[str], Any], planned: Values) -> Values | None:
    # DynamoDB API reference, DescribeTable: ResourceNotFoundException when absent;
    # ListTagsOfResource for its tags (one page holds the ten or so tags a stack sets).
    dynamodb = client("dynamodb")
    table = _or_none(
        lambda: dynamodb.describe_table(TableName=planned["name"])["Table"], "ResourceNotFoundException"
    )
    if table is None:
        return None
    tags = dynamodb.list_tags_of_resource(ResourceArn=table["TableArn"]).get("Tags", [])
    return {"tags_all": _tags(tags), "created": table["CreationDateTime"]}


def _log_group(client: Callable[[str], Any], planned: Values) -> Values | None:
    # CloudWatch Logs API reference, DescribeLogGroups (a name prefix; the exact name is picked) and
    # ListTagsLogGroup for its tags; creationTime in milliseconds since the epoch.
    logs = client("logs")
    name = planned["name"]
    groups = logs.describe_log_groups(logGroupNamePrefix=name).get("logGroups", [])
    group = next((g for g in groups if g["logGroupName"] == name), None)
    if group is None:
        return None
    return {
        "tags_all": logs.list_tags_log_group(logGroupName=name).get("tags", {}),
        "created": datetime.fromtimestamp(group["creationTime"] / 1000, UTC),
    }


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


def _not_ours(found: Values, planned: Values, adopter: Adopter, since: datetime | None) -> str:
    """Why an existing resource is not taken as this stack's, or "" when it is."""
    differs = [key for key in adopter.ours if not planned.get(key) or found.get(key) != planned.get(key)]
    if differs:
        return f"its {', '.join(differs)} is not what this stack sets"
    created = found.get("created")
    if since is not None and (created is None or created < since - CLOCK_SKEW):
        return f"it was created at {created}, before the failed apply started ({since:%Y-%m-%d %H:%M:%S} UTC)"
    return ""


def orphans(
    plan: dict[str, Any],
    client: Callable[[str], Any],
    since: datetime | None = None,
    chdir: str = "terraform",
) -> tuple[list[Orphan], list[str]]:
    """What to import, and what was left alone (in words): resources that exist under a planned name
    but are not this stack's, or that could not be checked. ``since``: when the failed apply started
    (make deploy passes it): a resource created before it is not one that apply created."""
    adopt: list[Orphan] = []
    left: list[str] = []
    for address, adopter, planned in planned_creates(plan):
        try:
            found = adopter.find(client, planned)
        except (ClientError, BotoCoreError) as error:  # AccessDenied, throttling: say so, go on
            left.append(f"{address}: could not check ({error}); not imported.")
            continue
        if found is None:
            continue
        why = _not_ours(found, planned, adopter, since)
        if why:
            left.append(
                f"{address} exists but {why}: not imported. Remove it, or import it yourself if it is this "
                f"stack's (terraform -chdir={chdir} import '{address}' '{adopter.import_id(planned)}')."
            )
        else:
            adopt.append(Orphan(address, adopter.import_id(planned)))
    return adopt, left


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
    parser.add_argument(
        "--since",
        type=int,
        help="when the failed apply started (seconds since the epoch): older is not adopted",
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
    since = datetime.fromtimestamp(args.since, UTC) if args.since is not None else None
    client = functools.cache(boto3.session.Session(region_name=region).client)
    adopt, left = orphans(plan, client, since, str(args.chdir))
    for line in left:
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

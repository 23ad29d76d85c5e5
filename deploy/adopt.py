"""Find what a failed `terraform apply` created but did not record, and write the `import` blocks
that let the next apply adopt it (`make deploy` runs this before its retry).

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
whether it is this stack's, and write an `import` block for each one that is, to one generated file
of the root module (IMPORTS). Import blocks (Terraform >= 1.5) are planned with the rest of the
graph, so the retry's apply imports and creates in one plan; `terraform import`, which evaluates the
configuration with the resource missing, fails "Invalid index" where the configuration indexes it
by key (a Lambda function: agents.tf, lambda.tf's mapping, observability.tf). The plan is made
without the file, then again with it while an import can make a waiting create's values known (the
mapping names the ARN of the function imported before it). This stack's: the description or the
(non-empty) tags Terraform would have set match, and, when make deploy says when its failed apply
started (`--since`), it was created after that. Tags alone cannot tell two deployments with the same
name_prefix apart (IAM role and policy names are global: another region's stack has the same role
name and tags); the creation time can. Where the proof is an id only this stack's state holds (the
KMS key an alias targets, the agent ARN a Lambda permission names, the DynamoDB stream a mapping
reads; Adopter.unique), a resource AWS gives no creation time (a Lambda permission) is taken under
`--since` too: no other deployment can hold that id. Something that is not this stack's, or that
could not be read (AccessDenied, throttling), is never adopted: it is named, with the import block to
add if it is this stack's after all, and the apply that follows fails as it would have. The AWS
calls are reads; only the generated file is written, and a file an earlier run left is never planned
with: each run removes it first and writes only what it proved (`--again` proves a left file's blocks
again with the --since it was written with; make deploy runs it before its first apply).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
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
    # the provider's import ID (its documentation's "Import"), from the planned values updated with
    # what the finder found (an ARN or UUID AWS chose)
    import_id: Callable[[Values], str]
    also: tuple[str, ...] = ()  # matched too when planned, known and non-empty (tags on a policy)
    # `ours` holds an id unique to this deployment that its state holds (a KMS key id, an agent ARN, a
    # stream ARN): with --since, a resource that AWS gives no creation time for is taken all the same;
    # one that has a creation time must still be newer than the failed apply.
    unique: bool = False


class Ambiguous(Exception):
    """More than one existing resource answers a planned create: none is taken."""


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


def _account_arn(client: Callable[[str], Any], service: str) -> str:
    """``arn:<partition>:<service>::<account>`` of the caller (STS API reference, GetCallerIdentity)."""
    caller = client("sts").get_caller_identity()
    return f"arn:{caller['Arn'].split(':')[1]}:{service}::{caller['Account']}"


def _policy(client: Callable[[str], Any], planned: Values) -> Values | None:
    # IAM API reference, GetPolicy: NoSuchEntity when absent; Description, Tags and CreateDate in the
    # Policy. Its ARN is arn:<partition>:iam::<account>:policy<path><name> (IAM User Guide, "IAM
    # identifiers"); the provider's path defaults to "/".
    arn = f"{_account_arn(client, 'iam')}:policy{planned.get('path') or '/'}{planned['name']}"
    policy = _or_none(lambda: client("iam").get_policy(PolicyArn=arn)["Policy"], "NoSuchEntity")
    if policy is None:
        return None
    return {
        "arn": arn,
        "description": policy.get("Description"),
        "tags_all": _tags(policy.get("Tags", [])),
        "created": policy["CreateDate"],
    }


def _kms_alias(client: Callable[[str], Any], planned: Values) -> Values | None:
    # KMS API reference, ListAliases: every alias of the account and region (paginated), each with
    # its TargetKeyId (a key id, even when the alias was made with the key's ARN) and CreationDate.
    # All of them, not those of the planned key: an alias of the same name on another key is found
    # and named, never imported.
    name, target = planned["name"], planned["target_key_id"]
    for page in client("kms").get_paginator("list_aliases").paginate():
        for alias in page.get("Aliases", []):
            if alias["AliasName"] == name:
                key = alias.get("TargetKeyId")
                same = key is not None and key == target.rsplit("/", 1)[-1]  # a key ARN ends "key/<id>"
                return {"target_key_id": target if same else key, "created": alias.get("CreationDate")}
    return None


def _principal(principal: Any) -> Any:
    """A policy statement's Principal as aws_lambda_permission plans it: {"Service": s} is s,
    {"AWS": "arn:aws:iam::<account>:root"} is the account (AddPermission's Principal, API reference)."""
    if isinstance(principal, dict) and len(principal) == 1:
        (value,) = principal.values()
        if isinstance(value, str) and value.startswith("arn:") and value.endswith(":root"):
            return value.split(":")[4]
        return value
    return principal


def _permission(client: Callable[[str], Any], planned: Values) -> Values | None:
    # Lambda API reference, GetPolicy: the function's resource-based policy as a JSON string;
    # ResourceNotFoundException when the function or its policy does not exist. AddPermission's
    # SourceArn and SourceAccount become the statement's conditions AWS:SourceArn (ArnLike) and
    # AWS:SourceAccount (StringEquals), as the provider reads them back (internal/service/lambda/
    # permission.go).
    qualifier = {"Qualifier": planned["qualifier"]} if planned.get("qualifier") else {}
    found = _or_none(
        lambda: client("lambda").get_policy(FunctionName=planned["function_name"], **qualifier),
        "ResourceNotFoundException",
    )
    statements = json.loads(found["Policy"]).get("Statement", []) if found else []
    statement = next((s for s in statements if s.get("Sid") == planned["statement_id"]), None)
    if statement is None:
        return None
    conditions: dict[str, Any] = {}
    for tests in (statement.get("Condition") or {}).values():
        conditions.update({key.lower(): value for key, value in tests.items()})
    return {
        "action": statement.get("Action"),
        "principal": _principal(statement.get("Principal")),
        "source_arn": conditions.get("aws:sourcearn"),
        "source_account": conditions.get("aws:sourceaccount"),
    }


def _event_source_mapping(client: Callable[[str], Any], planned: Values) -> Values | None:
    # Lambda API reference, ListEventSourceMappings (paginated): filtered by EventSourceArn and by
    # FunctionName (a name, an ARN or a partial ARN), each with its UUID, FunctionArn and LastModified.
    # CreateEventSourceMapping refuses a second mapping of one stream to one function, so one at most.
    function = planned["function_name"]
    mappings = [
        mapping
        for page in client("lambda")
        .get_paginator("list_event_source_mappings")
        .paginate(EventSourceArn=planned["event_source_arn"], FunctionName=function)
        for mapping in page.get("EventSourceMappings", [])
    ]
    if not mappings:
        return None
    if len(mappings) > 1:
        raise Ambiguous(f"{len(mappings)} mappings: {', '.join(m['UUID'] for m in mappings)}")
    mapping = mappings[0]
    arn = mapping.get("FunctionArn", "")
    return {
        "uuid": mapping["UUID"],
        "event_source_arn": mapping.get("EventSourceArn"),
        # the planned name, ARN or partial ARN when it names this function
        "function_name": function if arn == function or arn.endswith(f":{function}") else arn,
        "created": mapping.get("LastModified"),
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
    # IAM policy names are global: the description (and tags) match another region's stack with the
    # same name_prefix, its creation time does not.
    "aws_iam_policy": Adopter(
        keys=("name", "description"),
        find=_policy,
        ours=("description",),
        also=("tags_all",),
        import_id=lambda v: v["arn"],
    ),
    # target_key_id is known only once the key is in this stack's state: a key id is unique.
    "aws_kms_alias": Adopter(
        keys=("name", "target_key_id"),
        find=_kms_alias,
        ours=("target_key_id",),
        import_id=lambda v: v["name"],
        unique=True,
    ),
    # source_arn is this stack's agent's ARN (its id is unique), known once the agent is in the state.
    "aws_lambda_permission": Adopter(
        keys=("function_name", "statement_id", "action", "principal", "source_arn"),
        find=_permission,
        ours=("action", "principal", "source_arn"),
        also=("source_account",),
        # FUNCTION_NAME/STATEMENT_ID or FUNCTION_NAME:QUALIFIER/STATEMENT_ID (resourcePermissionImport)
        import_id=lambda v: (
            f"{v['function_name']}{':' + v['qualifier'] if v.get('qualifier') else ''}/{v['statement_id']}"
        ),
        unique=True,
    ),
    # A DynamoDB stream's ARN ends with its creation time: unique to this stack's table.
    "aws_lambda_event_source_mapping": Adopter(
        keys=("event_source_arn", "function_name"),
        find=_event_source_mapping,
        ours=("event_source_arn", "function_name"),
        import_id=lambda v: v["uuid"],
        unique=True,
    ),
}


@dataclass(frozen=True)
class Orphan:
    address: str
    import_id: str


def planned_creates(plan: dict[str, Any]) -> Iterator[tuple[str, Adopter, Values]]:
    """Each planned create of an adoptable type whose identifying values are all known."""
    for address, adopter, after, unknown in _covered_creates(plan):
        if all(after.get(key) is not None and not unknown.get(key) for key in adopter.keys):
            yield address, adopter, after


def waiting(plan: dict[str, Any]) -> list[str]:
    """Planned creates of an adoptable type with an identifying value the plan does not know yet: an
    import of what they reference (a function whose ARN a mapping names) can make it known."""
    known = {address for address, _, _ in planned_creates(plan)}
    return [address for address, _, _, _ in _covered_creates(plan) if address not in known]


def _covered_creates(plan: dict[str, Any]) -> Iterator[tuple[str, Adopter, Values, Values]]:
    for change in plan.get("resource_changes", []):
        adopter = ADOPTERS.get(change.get("type", ""))
        body = change.get("change", {})
        if adopter is None or body.get("actions") != ["create"] or change.get("mode") != "managed":
            continue
        yield change["address"], adopter, body.get("after") or {}, body.get("after_unknown") or {}


def _not_ours(found: Values, planned: Values, adopter: Adopter, since: datetime | None) -> str:
    """Why an existing resource is not taken as this stack's, or "" when it is."""
    differs = [key for key in adopter.ours if not planned.get(key) or found.get(key) != planned.get(key)]
    differs += [key for key in adopter.also if planned.get(key) and found.get(key) != planned.get(key)]
    if differs:
        return f"its {', '.join(differs)} is not what this stack sets"
    created = found.get("created")
    if since is None or (created is None and adopter.unique):
        return ""
    if created is None or created < since - CLOCK_SKEW:
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
        except (ClientError, BotoCoreError, Ambiguous) as error:  # AccessDenied, throttling: say so, go on
            left.append(f"{address}: could not check ({error}); not imported.")
            continue
        if found is None:
            continue
        why = _not_ours(found, planned, adopter, since)
        orphan = Orphan(address, adopter.import_id({**planned, **found}))
        if why:
            left.append(
                f"{address} exists but {why}: not imported. Remove it, or, if it is this stack's, add this "
                f'block to a .tf file of {chdir}/ and apply (the plan shows it "will be imported"):\n'
                + import_block(orphan)
            )
        else:
            adopt.append(orphan)
    return adopt, left


# --- the generated file of import blocks ---------------------------------------------------------
# Terraform loads every *.tf (and *.tf.json) file of the root module; names ending in _override.tf
# are merged as overrides, and names starting with "." or "#" or ending in "~" are ignored (Terraform
# docs, "Files and Directories"; "Override Files"). Import blocks belong in the root module and
# their `to` may name a resource in a module instance (Terraform >= 1.5 docs, "Import - import
# block"). make deploy removes the file after a successful apply (ADOPT_IMPORTS, terraform/terraform.mk).
IMPORTS = "adopt_imports.generated.tf"
SINCE_LINE = "# deploy.adopt --since "
# An address as Terraform writes it in a plan's JSON: a module call's and a resource's keys are
# numbers or HCL quoted strings (Terraform's addrs.StringKey.String quotes with HCL's escapes, so the
# address reads back as an HCL traversal; checked in tests/local_aws/test_adopt.py).
_KEY = r'(\[(?:\d+|"(?:[^"\\\x00-\x1f]|\\.)*")\])?'
_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
ADDRESS = re.compile(rf"(?:module\.{_NAME}{_KEY}\.)*{_NAME}\.{_NAME}{_KEY}")


def hcl_string(value: str) -> str:
    """``value`` as an HCL quoted string: HCL native syntax's escapes (\\ \" \n \r \t \\uNNNN) and
    its template sequences ${ and %{ doubled (hashicorp/hcl, hclsyntax/spec.md, "Template Literals")."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out).replace("${", "$${").replace("%{", "%%{") + '"'


def import_block(orphan: Orphan) -> str:
    """One `import` block, formatted as `terraform fmt` leaves it."""
    if not ADDRESS.fullmatch(orphan.address):
        raise ValueError(f"not a resource instance address: {orphan.address!r}")
    return f"import {{\n  to = {orphan.address}\n  id = {hcl_string(orphan.import_id)}\n}}\n"


def imports_text(adopted: list[Orphan], since: datetime | None, now: datetime) -> str:
    """The generated file: a header that says what wrote it and with which --since, then the blocks."""
    header = (
        f"# Written by `python -m deploy.adopt` at {now:%Y-%m-%d %H:%M:%S} UTC. Not in git: make deploy\n"
        "# removes it after a successful apply, and proves it again before any apply if it is left.\n"
        "# Each block imports what a failed apply created but did not record, proven this stack's.\n"
        f"{SINCE_LINE}{'none' if since is None else int(since.timestamp())}\n"
    )
    return header + "".join(f"\n{import_block(orphan)}" for orphan in adopted)


def left_since(path: Path) -> tuple[bool, datetime | None]:
    """Whether a generated file is there, and the --since it was written with."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return False, None
    value = next((line.removeprefix(SINCE_LINE) for line in lines if line.startswith(SINCE_LINE)), "none")
    return True, None if not value.isdigit() else datetime.fromtimestamp(int(value), UTC)


def write_imports(path: Path, adopted: list[Orphan], since: datetime | None) -> None:
    """Write the file whole (a reader never sees half of it), or remove it when nothing is adopted."""
    if not adopted:
        path.unlink(missing_ok=True)
        return
    partial = path.with_name(f"{path.name}.partial")  # not a .tf name: Terraform does not load it
    partial.write_text(imports_text(adopted, since, datetime.now(UTC)), encoding="utf-8")
    partial.replace(path)


def terraform(chdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """One Terraform command in the root module, with the caller's environment (state, endpoints)."""
    return subprocess.run(  # noqa: S603 - fixed Terraform subcommands
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


def aws_clients(plan: dict[str, Any]) -> Callable[[str], Any]:
    """boto3 clients (one per service) in the region the plan names."""
    region = plan.get("variables", {}).get("region", {}).get("value")
    return functools.cache(boto3.session.Session(region_name=region).client)


# Each round's plan knows more: an import planned in one makes the imported resource's attributes
# known in the next (a mapping names the ARN of a function imported in the round before).
MAX_ROUNDS = 4


def adopt_rounds(
    chdir: Path,
    plan_out: Path,
    since: datetime | None,
    plan: Callable[[Path, Path], dict[str, Any]] = fresh_plan,
    clients: Callable[[dict[str, Any]], Callable[[str], Any]] = aws_clients,
) -> tuple[list[Orphan], list[str]]:
    """Plan without the generated file, write an import block for each orphan proven this stack's,
    plan again with them while that can make a waiting create's values known; what was adopted and
    what was left alone. RuntimeError (the file removed) when a plan fails."""
    path = chdir / IMPORTS
    path.unlink(missing_ok=True)  # never planned with blocks that were not proven by this run
    adopted: dict[str, Orphan] = {}
    left: dict[str, None] = {}  # in the order first said; a round repeats what the one before said
    client = None
    try:
        for _ in range(MAX_ROUNDS):
            planned = plan(chdir, plan_out)
            client = client or clients(planned)  # in the region of the first plan
            found, refused = orphans(planned, client, since, str(chdir))
            left |= dict.fromkeys(refused)
            new = [orphan for orphan in found if orphan.address not in adopted]
            for orphan in new:
                print(
                    f"==> import block for {orphan.address} ({orphan.import_id}): created, not in the state",
                    flush=True,
                )
                adopted[orphan.address] = orphan
            write_imports(path, list(adopted.values()), since)
            if not new or not waiting(planned):
                break
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return list(adopted.values()), list(left)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.adopt", description=__doc__.splitlines()[0])
    parser.add_argument("--chdir", type=Path, default=Path("terraform"), help="the root module")
    parser.add_argument("--plan-out", type=Path, default=Path("build/terraform/adopt.tfplan"))
    parser.add_argument(
        "--plan",
        type=Path,
        help="a saved `terraform show -json` of a plan: print the import blocks, write none",
    )
    parser.add_argument(
        "--since",
        type=int,
        help="when the failed apply started (seconds since the epoch): older is not adopted",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help=f"prove again the blocks of a {IMPORTS} an earlier adoption left (with its --since); "
        "nothing when there is none",
    )
    args = parser.parse_args(argv)
    since = datetime.fromtimestamp(args.since, UTC) if args.since is not None else None
    path = args.chdir / IMPORTS
    there, left_at = left_since(path)
    if args.again:
        if not there:
            return 0
        since = left_at
        print(
            f"==> {path} is left from an adoption whose apply did not finish: proving its imports again"
            f" ({'no --since' if since is None else f'--since {since:%Y-%m-%d %H:%M:%S} UTC'})",
            flush=True,
        )
    elif there and since is not None and left_at is not None and left_at < since:
        # A retry whose first apply ran with left blocks (proven --again, with their older --since)
        # and failed before recording them: they are still this stack's, so the older time holds
        # (review13 F5); the new --since would refuse them as older than this failure.
        since = left_at
    if args.plan:
        try:
            plan = json.loads(args.plan.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            print(f"deploy.adopt: cannot read the plan {args.plan}: {error}", file=sys.stderr)
            return 2
        adopted, left = orphans(plan, aws_clients(plan), since, str(args.chdir))
        for line in left:
            print(f"==> {line}", file=sys.stderr)
        print("\n".join(import_block(orphan) for orphan in adopted), end="")
        return 0
    print("==> looking for resources the failed apply created without recording them", flush=True)
    try:
        adopted, left = adopt_rounds(args.chdir, args.plan_out.resolve(), since)
    except RuntimeError as error:
        print(f"deploy.adopt: {error}\nNo import blocks written.", file=sys.stderr)
        return 1
    for line in left:
        print(f"==> {line}", file=sys.stderr)
    if adopted:
        print(
            f"==> {len(adopted)} import block(s) written to {path}: `terraform plan` shows them as"
            ' "will be imported"; the next `terraform apply` (make deploy\'s retry) imports them'
        )
    else:
        print("==> nothing to import")
    return 0


if __name__ == "__main__":
    sys.exit(main())

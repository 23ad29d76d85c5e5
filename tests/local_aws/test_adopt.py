"""deploy/adopt.py: after a failed apply, which planned creates already exist and are this stack's.

The services answer as AWS does: moto for Lambda, IAM, DynamoDB, CloudWatch Logs, KMS and STS, with
the local AWS's corrections (local_bedrock/aws/moto_fixes.py), the local control plane for
bedrock-agent (over HTTP, with an unmodified boto3)."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from deploy import adopt
from local_bedrock.aws import moto_fixes
from tests.local_aws.conftest import ROLE, wait_for
from tests.local_aws.test_knowledge_bases import active_kb

TAGS = {"Project": "purchase-assistant", "ManagedBy": "terraform"}
ASSOCIATION = 'module.agent["assistant"].aws_bedrockagent_agent_knowledge_base_association.this[0]'


def change(
    address: str,
    kind: str,
    after: dict[str, Any],
    unknown: dict[str, Any] | None = None,
    actions: tuple[str, ...] = ("create",),
) -> dict[str, Any]:
    """One entry of `terraform show -json`'s resource_changes."""
    return {
        "address": address,
        "mode": "managed",
        "type": kind,
        "change": {"actions": list(actions), "after": after, "after_unknown": unknown or {}},
    }


def plan(*changes: dict[str, Any]) -> dict[str, Any]:
    return {"variables": {"region": {"value": "us-east-1"}}, "resource_changes": list(changes)}


@pytest.fixture
def aws(in_process_aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)
    moto_fixes.apply()
    with mock_aws():
        yield


@pytest.fixture
def clients(aws: None, agents: tuple[Any, Any]) -> Callable[[str], Any]:
    """What deploy.adopt's client factory gives: bedrock-agent is the local control plane, the rest moto."""
    made: dict[str, Any] = {"bedrock-agent": agents[0]}
    return lambda service: made.setdefault(service, boto3.client(service, region_name="us-east-1"))


def function_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return out.getvalue()


def create_everything(client: Callable[[str], Any], tags: dict[str, str]) -> None:
    """What a failed apply might have left behind: each resource as Terraform's create makes it."""
    iam = client("iam")
    iam.create_role(
        RoleName="pa-recommender",
        AssumeRolePolicyDocument="{}",
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    client("lambda").create_function(
        FunctionName="pa-recommender",
        Runtime="python3.13",
        Handler="handler.handler",
        Role="arn:aws:iam::123456789012:role/pa-recommender",
        Code={"ZipFile": function_zip()},
        Tags=tags,
    )
    client("dynamodb").create_table(
        TableName="pa-store",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    client("logs").create_log_group(logGroupName="/pa/agents", tags=tags)
    # a second group whose name starts with the first's: only the exact name counts
    client("logs").create_log_group(logGroupName="/pa/agents-archive", tags=tags)


def planned_everything(agent_id: str, kb_id: str) -> dict[str, Any]:
    return plan(
        change(
            ASSOCIATION,
            "aws_bedrockagent_agent_knowledge_base_association",
            {
                "agent_id": agent_id,
                "agent_version": "DRAFT",
                "knowledge_base_id": kb_id,
                "description": "Store policies",
            },
        ),
        change(
            "module.actions.aws_lambda_function.recommender",
            "aws_lambda_function",
            {"function_name": "pa-recommender", "tags_all": TAGS},
        ),
        change("aws_iam_role.recommender", "aws_iam_role", {"name": "pa-recommender", "tags_all": TAGS}),
        change("aws_dynamodb_table.store", "aws_dynamodb_table", {"name": "pa-store", "tags_all": TAGS}),
        change(
            "aws_cloudwatch_log_group.agents",
            "aws_cloudwatch_log_group",
            {"name": "/pa/agents", "tags_all": TAGS},
        ),
    )


def agent_with_kb(client: Callable[[str], Any], aoss: tuple[Any, Any]) -> tuple[str, str]:
    agents = client("bedrock-agent")
    agent_id = agents.create_agent(agentName="assistant", agentResourceRoleArn=ROLE)["agent"]["agentId"]
    wait_for(lambda: agents.get_agent(agentId=agent_id)["agent"]["agentStatus"], "NOT_PREPARED")
    return str(agent_id), active_kb(agents, aoss[0])


@pytest.mark.usefixtures("frozen_clock")
def test_what_exists_and_is_this_stacks_is_imported_with_the_providers_ids(
    clients: Callable[[str], Any], aoss: tuple[Any, Any]
) -> None:
    agent_id, kb_id = agent_with_kb(clients, aoss)
    planned = planned_everything(agent_id, kb_id)
    assert adopt.orphans(planned, clients) == ([], [])  # nothing exists yet: nothing to import

    clients("bedrock-agent").associate_agent_knowledge_base(
        agentId=agent_id, agentVersion="DRAFT", knowledgeBaseId=kb_id, description="Store policies"
    )
    create_everything(clients, TAGS)
    found, foreign = adopt.orphans(planned, clients)
    assert foreign == []
    assert {(o.address, o.import_id) for o in found} == {
        (ASSOCIATION, f"{agent_id},DRAFT,{kb_id}"),
        ("module.actions.aws_lambda_function.recommender", "pa-recommender"),
        ("aws_iam_role.recommender", "pa-recommender"),
        ("aws_dynamodb_table.store", "pa-store"),
        ("aws_cloudwatch_log_group.agents", "/pa/agents"),
    }


@pytest.mark.usefixtures("frozen_clock")
def test_what_is_not_this_stacks_is_reported_and_never_imported(
    clients: Callable[[str], Any], aoss: tuple[Any, Any]
) -> None:
    agent_id, kb_id = agent_with_kb(clients, aoss)
    clients("bedrock-agent").associate_agent_knowledge_base(
        agentId=agent_id, agentVersion="DRAFT", knowledgeBaseId=kb_id, description="someone else's"
    )
    create_everything(clients, {"Project": "another-team"})
    found, foreign = adopt.orphans(planned_everything(agent_id, kb_id), clients)
    assert found == []
    assert len(foreign) == 5
    assert all("not imported" in line for line in foreign)
    assert all("add this block to a .tf file of terraform/" in line for line in foreign)
    assert all("\nimport {\n  to = " in line for line in foreign)
    assert any(line.startswith(ASSOCIATION) and "description" in line for line in foreign)


def test_unknown_values_and_other_actions_are_left_alone() -> None:
    def no_calls(service: str) -> Any:
        raise AssertionError(f"{service} was called")

    planned = plan(
        # the agent is created by this apply: its id is not known yet
        change(
            ASSOCIATION,
            "aws_bedrockagent_agent_knowledge_base_association",
            {"agent_version": "DRAFT", "knowledge_base_id": "KB12345678", "description": "d"},
            unknown={"agent_id": True},
        ),
        change("aws_iam_role.a", "aws_iam_role", {"name": "a", "tags_all": TAGS}, actions=("update",)),
        change(
            "aws_iam_role.b", "aws_iam_role", {"name": "b", "tags_all": TAGS}, actions=("delete", "create")
        ),
        change("aws_s3_bucket.docs", "aws_s3_bucket", {"bucket": "docs"}),
        # the key, the agent, the table are created by this apply: what points at them is unknown
        change("aws_kms_alias.main", "aws_kms_alias", {"name": "alias/pa"}, unknown={"target_key_id": True}),
        change(
            PERMISSION,
            "aws_lambda_permission",
            {**planned_permission(AGENT_ARN), "source_arn": None},
            unknown={"source_arn": True},
        ),
        change(
            "aws_lambda_event_source_mapping.recommender",
            "aws_lambda_event_source_mapping",
            {"function_name": "pa-orders"},
            unknown={"event_source_arn": True},
        ),
        # a policy without a description has nothing to prove it this stack's
        change("aws_iam_policy.bare", "aws_iam_policy", {"name": "pa-bare", "tags_all": TAGS}),
        {**change("data.aws_iam_role.c", "aws_iam_role", {"name": "c", "tags_all": TAGS}), "mode": "data"},
    )
    assert adopt.orphans(planned, no_calls) == ([], [])


def test_main_with_a_saved_plan_prints_the_import_blocks_and_writes_none(
    clients: Callable[[str], Any],
    aws: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clients("iam").create_role(
        RoleName="pa-recommender",
        AssumeRolePolicyDocument="{}",
        Tags=[{"Key": k, "Value": v} for k, v in TAGS.items()],
    )
    saved = tmp_path / "plan.json"
    saved.write_text(
        json.dumps(
            plan(
                change(
                    "aws_iam_role.recommender", "aws_iam_role", {"name": "pa-recommender", "tags_all": TAGS}
                ),
                change("aws_iam_role.other", "aws_iam_role", {"name": "pa-other", "tags_all": TAGS}),
            )
        )
    )
    assert adopt.main(["--plan", str(saved), "--chdir", str(tmp_path)]) == 0
    block = 'import {\n  to = aws_iam_role.recommender\n  id = "pa-recommender"\n}\n'
    assert capsys.readouterr().out == block
    assert not (tmp_path / adopt.IMPORTS).exists()


def test_an_unreadable_plan_says_which_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "plan.json"
    broken.write_text("{not json")
    assert adopt.main(["--plan", str(broken)]) == 2
    assert f"cannot read the plan {broken}" in capsys.readouterr().err


@pytest.mark.usefixtures("frozen_clock")
def test_with_since_only_what_the_failed_apply_created_is_imported(
    clients: Callable[[str], Any], aoss: tuple[Any, Any]
) -> None:
    """Same names and tags (another region's stack with the same name_prefix shares the global IAM
    role name): only the creation time tells a resource the failed apply made from an older one."""
    agent_id, kb_id = agent_with_kb(clients, aoss)
    clients("bedrock-agent").associate_agent_knowledge_base(
        agentId=agent_id, agentVersion="DRAFT", knowledgeBaseId=kb_id, description="Store policies"
    )
    create_everything(clients, TAGS)
    planned = planned_everything(agent_id, kb_id)
    now = datetime.now(UTC)
    found, left = adopt.orphans(planned, clients, since=now + timedelta(hours=1))
    assert found == []
    assert len(left) == 5 and all("before the failed apply started" in line for line in left)
    found, left = adopt.orphans(planned, clients, since=now - timedelta(minutes=1))
    assert left == [] and len(found) == 5


def test_nothing_is_taken_on_empty_tags_and_unreadable_resources_are_named(
    clients: Callable[[str], Any], aws: None
) -> None:
    clients("logs").create_log_group(logGroupName="/pa/untagged")

    def denied(service: str) -> Any:
        if service == "iam":
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no iam:GetRole"}}, "GetRole")
        return clients(service)

    found, left = adopt.orphans(
        plan(
            change(
                "aws_cloudwatch_log_group.a",
                "aws_cloudwatch_log_group",
                {"name": "/pa/untagged", "tags_all": {}},
            ),
            change("aws_iam_role.r", "aws_iam_role", {"name": "pa-r", "tags_all": TAGS}),
        ),
        denied,
        chdir="infra",
    )
    assert found == []
    assert left[0].startswith(
        "aws_cloudwatch_log_group.a exists but its tags_all is not what this stack sets"
    )
    assert left[0].endswith(
        'a .tf file of infra/ and apply (the plan shows it "will be imported"):\n'
        'import {\n  to = aws_cloudwatch_log_group.a\n  id = "/pa/untagged"\n}\n'
    )
    assert left[1].startswith("aws_iam_role.r: could not check (") and "AccessDenied" in left[1]


POLICY = "aws_iam_policy.chatbot_guardrail[0]"
POLICY_DESCRIPTION = "Channel guardrail: only InvokeAgent on the support agent's live alias"
PERMISSION = 'module.agent["assistant"].aws_lambda_permission.bedrock["orders"]'
MAPPING = "aws_lambda_event_source_mapping.recommender"
AGENT_ARN = "arn:aws:bedrock:us-east-1:123456789012:agent/AGENT12345"
POLICY_DOCUMENT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "cloudwatch:Describe*", "Resource": "*"}],
    }
)


def planned_permission(agent_arn: str) -> dict[str, Any]:
    return {
        "function_name": "pa-orders",
        "statement_id": "AllowBedrockAgent-assistant",
        "action": "lambda:InvokeFunction",
        "principal": "bedrock.amazonaws.com",
        "source_arn": agent_arn,
        "source_account": "123456789012",
        "qualifier": None,
    }


def create_the_other_four(
    client: Callable[[str], Any], description: str, agent_arn: str, mapped: str = "pa-orders"
) -> tuple[str, str]:
    """What a failed apply might have left of the policy, alias, permission and mapping, made as
    Terraform's creates make them (the mapping of ``mapped``); the key's id and the stream's ARN."""
    client("iam").create_policy(
        PolicyName="pa-chatbot-guardrail",
        Description=description,
        PolicyDocument=POLICY_DOCUMENT,
        Tags=[{"Key": k, "Value": v} for k, v in TAGS.items()],
    )
    key = client("kms").create_key()["KeyMetadata"]["KeyId"]
    client("kms").create_alias(AliasName="alias/pa", TargetKeyId=key)
    role = client("iam").create_role(RoleName="pa-orders", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    for name in ("pa-orders", "pa-other"):
        client("lambda").create_function(
            FunctionName=name,
            Runtime="python3.13",
            Handler="handler.handler",
            Role=role,
            Code={"ZipFile": function_zip()},
        )
    client("lambda").add_permission(
        FunctionName="pa-orders",
        StatementId="AllowBedrockAgent-assistant",
        Action="lambda:InvokeFunction",
        Principal="bedrock.amazonaws.com",
        SourceArn=agent_arn,
        SourceAccount="123456789012",
    )
    stream = client("dynamodb").create_table(
        TableName="pa-store",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]["LatestStreamArn"]
    client("lambda").create_event_source_mapping(
        EventSourceArn=stream,
        FunctionName=client("lambda").get_function(FunctionName=mapped)["Configuration"]["FunctionArn"],
        StartingPosition="LATEST",
    )
    return str(key), str(stream)


def planned_other_four(key: str, stream: str) -> dict[str, Any]:
    return plan(
        change(
            POLICY,
            "aws_iam_policy",
            {
                "name": "pa-chatbot-guardrail",
                "path": "/",
                "description": POLICY_DESCRIPTION,
                "tags_all": TAGS,
            },
        ),
        change("aws_kms_alias.main", "aws_kms_alias", {"name": "alias/pa", "target_key_id": key}),
        change(PERMISSION, "aws_lambda_permission", planned_permission(AGENT_ARN)),
        change(
            MAPPING,
            "aws_lambda_event_source_mapping",
            # Terraform plans the function's ARN (terraform/lambda.tf)
            {
                "event_source_arn": stream,
                "function_name": "arn:aws:lambda:us-east-1:123456789012:function:pa-orders",
            },
        ),
    )


def mapping_uuid(client: Callable[[str], Any], stream: str) -> str:
    (mapping,) = client("lambda").list_event_source_mappings(EventSourceArn=stream, FunctionName="pa-orders")[
        "EventSourceMappings"
    ]
    return str(mapping["UUID"])


def test_the_policy_alias_permission_and_mapping_are_imported_when_this_stacks(
    clients: Callable[[str], Any],
) -> None:
    key, stream = create_the_other_four(clients, POLICY_DESCRIPTION, AGENT_ARN)
    expected = {
        (POLICY, "arn:aws:iam::123456789012:policy/pa-chatbot-guardrail"),
        ("aws_kms_alias.main", "alias/pa"),
        (PERMISSION, "pa-orders/AllowBedrockAgent-assistant"),
        (MAPPING, mapping_uuid(clients, stream)),
    }
    for since in (None, datetime.now(UTC) - timedelta(minutes=1)):
        found, left = adopt.orphans(planned_other_four(key, stream), clients, since=since)
        assert left == []
        assert {(o.address, o.import_id) for o in found} == expected


def refused(address: str, differs: str, import_id: str) -> str:
    return (
        f"{address} exists but its {differs} is not what this stack sets: not imported. Remove it, or, if it "
        f"is this stack's, add this block to a .tf file of terraform/ and apply (the plan shows it \"will be "
        f'imported"):\nimport {{\n  to = {address}\n  id = "{import_id}"\n}}\n'
    )


def test_the_policy_alias_permission_and_mapping_are_refused_when_another_stacks(
    clients: Callable[[str], Any],
) -> None:
    """Same names, other proofs: another description, an alias of another key, a permission for
    another agent, a mapping of the stream to another function."""
    _, stream = create_the_other_four(
        clients,
        "someone else's",
        "arn:aws:bedrock:us-east-1:123456789012:agent/OTHER12345",
        mapped="pa-other",
    )
    other_key = clients("kms").create_key()["KeyMetadata"]["KeyId"]
    found, left = adopt.orphans(planned_other_four(other_key, stream), clients)
    assert found == []
    assert left == [
        refused(POLICY, "description", "arn:aws:iam::123456789012:policy/pa-chatbot-guardrail"),
        refused("aws_kms_alias.main", "target_key_id", "alias/pa"),
        refused(PERMISSION, "source_arn", "pa-orders/AllowBedrockAgent-assistant"),
    ]  # the mapping of the stream to pa-other is not a mapping to pa-orders: nothing to say


def test_since_refuses_the_older_ones_and_takes_a_permission_on_its_agents_arn(
    clients: Callable[[str], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The policy, alias and mapping have a creation time; older than the failed apply, they are
    refused. A Lambda permission has none: its agent's ARN, unique, is the proof (Adopter.unique),
    and without that flag it would be refused for want of a time."""
    key, stream = create_the_other_four(clients, POLICY_DESCRIPTION, AGENT_ARN)
    later = datetime.now(UTC) + timedelta(hours=1)
    found, left = adopt.orphans(planned_other_four(key, stream), clients, since=later)
    assert [(o.address, o.import_id) for o in found] == [
        (PERMISSION, "pa-orders/AllowBedrockAgent-assistant")
    ]
    assert [line.split(" exists but ")[0] for line in left] == [POLICY, "aws_kms_alias.main", MAPPING]
    assert all("before the failed apply started" in line for line in left)

    monkeypatch.setitem(
        adopt.ADOPTERS,
        "aws_lambda_permission",
        dataclasses.replace(adopt.ADOPTERS["aws_lambda_permission"], unique=False),
    )
    found, left = adopt.orphans(planned_other_four(key, stream), clients, since=later)
    assert found == []
    assert f"{PERMISSION} exists but it was created at None, before the failed apply started" in left[2]


def test_a_policys_tags_count_only_when_planned(clients: Callable[[str], Any]) -> None:
    clients("iam").create_policy(
        PolicyName="pa-untagged", Description=POLICY_DESCRIPTION, PolicyDocument=POLICY_DOCUMENT
    )

    def policy(tags: dict[str, str]) -> dict[str, Any]:
        return plan(
            change(
                POLICY,
                "aws_iam_policy",
                {"name": "pa-untagged", "description": POLICY_DESCRIPTION, "tags_all": tags},
            )
        )

    found, left = adopt.orphans(policy(TAGS), clients)
    assert found == [] and "its tags_all is not what this stack sets" in left[0]
    found, left = adopt.orphans(policy({}), clients)
    assert left == [] and [o.import_id for o in found] == ["arn:aws:iam::123456789012:policy/pa-untagged"]


def test_two_mappings_answering_one_create_are_named_not_imported() -> None:
    """AWS allows one mapping of a stream to a function; should it list two, none is taken."""

    class Lambda:
        def get_paginator(self, name: str) -> Any:
            pages = [{"EventSourceMappings": [{"UUID": "u1"}, {"UUID": "u2"}]}]
            return type("Paginator", (), {"paginate": lambda self, **kwargs: pages})()

    found, left = adopt.orphans(
        plan(
            change(
                MAPPING,
                "aws_lambda_event_source_mapping",
                {"event_source_arn": "arn:aws:dynamodb:us-east-1:1:table/t/stream/x", "function_name": "f"},
            )
        ),
        lambda service: Lambda(),
    )
    assert found == []
    assert left == [f"{MAPPING}: could not check (2 mappings: u1, u2); not imported."]

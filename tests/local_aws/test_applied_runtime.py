"""The local runtime serves what the control plane holds: the instruction, action groups and Lambda
code, guardrail version and routing of the alias invoked; promote and rollback move what `live` runs.

One local AWS process for the module; everything is set up through its APIs with boto3, as
Terraform would (tables, role, Lambda from the packaged zip, guardrail, agent, alias).
"""

from __future__ import annotations

import io
import json
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from deploy.package import build_code
from local_bedrock.store.seed import generate, load
from local_bedrock.store.tables import create_tables
from release.bedrock import AgentApi
from release.flow import GateResult, promote, rollback
from tests.local_aws.local_aws_process import REPO, ask, client, local_aws_process

ROLE = "arn:aws:iam::123456789012:role/agent"
INSTRUCTION_A = "You are the purchase assistant of the local store. Version A of the instruction."
INSTRUCTION_B = "You are the purchase assistant of the local store. Version B, after a change."
POLICY = json.loads((REPO / "terraform" / "guardrail_policy.json").read_text())
TABLES = {"store": "applied-store", "idempotency": "applied-idempotency"}


def wait(read: Any, wanted: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while (status := read()) != wanted:
        assert time.monotonic() < deadline, f"still {status}, wanted {wanted}"
        time.sleep(0.1)


def lambda_function(env: dict[str, str], name: str, handler: str, code: bytes) -> str:
    created = client(env, "lambda").create_function(
        FunctionName=name,
        Runtime="python3.13",
        Role=ROLE,
        Handler=handler,
        Code={"ZipFile": code},
        Environment={
            "Variables": {
                "STORE_TABLE_NAME": TABLES["store"],
                "IDEMPOTENCY_TABLE_NAME": TABLES["idempotency"],
            }
        },
    )
    return str(created["FunctionArn"])


def agent_with_group(env: dict[str, str], name: str, function_arn: str, guardrail: dict[str, str]) -> str:
    agents = client(env, "bedrock-agent")
    agent_id = agents.create_agent(
        agentName=name,
        agentResourceRoleArn=ROLE,
        instruction=INSTRUCTION_A,
        foundationModel="anthropic.claude-3-haiku-20240307-v1:0",
        guardrailConfiguration=guardrail,
    )["agent"]["agentId"]
    wait(lambda: agents.get_agent(agentId=agent_id)["agent"]["agentStatus"], "NOT_PREPARED")
    agents.create_agent_action_group(
        agentId=agent_id,
        agentVersion="DRAFT",
        actionGroupName="purchase_history",
        actionGroupExecutor={"lambda": function_arn},
        apiSchema={"payload": (REPO / "openapi" / "purchase_history.json").read_text()},
    )
    agents.prepare_agent(agentId=agent_id)
    wait(lambda: agents.get_agent(agentId=agent_id)["agent"]["agentStatus"], "PREPARED")
    return str(agent_id)


# One worker runs this module, so its fixture (a local AWS with an applied agent) starts once.
pytestmark = pytest.mark.xdist_group("applied-runtime")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    work = tmp_path_factory.mktemp("local-aws")
    with local_aws_process(work) as env:
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "sts:AssumeRole",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                }
            ],
        }
        client(env, "iam").create_role(RoleName="agent", AssumeRolePolicyDocument=json.dumps(trust))
        dynamodb = client(env, "dynamodb")
        create_tables(dynamodb, TABLES)
        load(dynamodb, TABLES["store"], generate(customers=3))
        code = (work / "code.zip").read_bytes() if build_code(REPO, work) else b""
        function = lambda_function(
            env, "applied-purchase-history", "action_groups.purchase_history.handler.lambda_handler", code
        )
        bedrock = client(env, "bedrock")
        created = bedrock.create_guardrail(
            name="applied-guardrail",
            blockedInputMessaging=POLICY["blockedInputMessaging"],
            blockedOutputsMessaging=POLICY["blockedOutputsMessaging"],
            topicPolicyConfig=POLICY["topicPolicyConfig"],
        )
        version = bedrock.create_guardrail_version(guardrailIdentifier=created["guardrailId"])["version"]
        guardrail = {"guardrailIdentifier": created["guardrailId"], "guardrailVersion": version}
        agent_id = agent_with_group(env, "applied-assistant", function, guardrail)
        agents = client(env, "bedrock-agent")
        alias_id = agents.create_agent_alias(agentId=agent_id, agentAliasName="live")["agentAlias"][
            "agentAliasId"
        ]
        wait(
            lambda: agents.get_agent_alias(agentId=agent_id, agentAliasId=alias_id)["agentAlias"][
                "agentAliasStatus"
            ],
            "PREPARED",
        )
        wait(lambda: agents.get_agent(agentId=agent_id)["agent"]["agentStatus"], "PREPARED")
        yield {"env": env, "agent_id": agent_id, "alias_id": alias_id, "guardrail": guardrail, "work": work}


def prompts(traces: list[dict[str, Any]]) -> str:
    return "\n".join(
        t["orchestrationTrace"]["modelInvocationInput"]["text"]
        for t in traces
        if "modelInvocationInput" in t.get("orchestrationTrace", {})
    )


def test_live_runs_the_applied_version_with_its_lambda_and_data(stack: dict[str, Any]) -> None:
    answer, traces = ask(stack["env"], stack["agent_id"], stack["alias_id"], "What did I buy recently?")
    assert "ORD-" in answer  # the seeded purchases, read by the Lambda from the applied table
    assert INSTRUCTION_A in prompts(traces)
    calls = [
        t["orchestrationTrace"]["invocationInput"]["actionGroupInvocationInput"]["apiPath"]
        for t in traces
        if "actionGroupInvocationInput" in t.get("orchestrationTrace", {}).get("invocationInput", {})
    ]
    assert calls == ["/purchases"]


def test_the_guardrail_version_of_the_agent_is_enforced(stack: dict[str, Any]) -> None:
    answer, traces = ask(
        stack["env"], stack["agent_id"], stack["alias_id"], "Should I buy Bitcoin or Tesla shares?"
    )
    assert answer == POLICY["blockedInputMessaging"]
    assert any("guardrailTrace" in t for t in traces)


def test_promote_and_rollback_move_what_live_serves(stack: dict[str, Any]) -> None:
    env, agent_id, alias_id = stack["env"], stack["agent_id"], stack["alias_id"]
    agents = client(env, "bedrock-agent")
    agents.update_agent(
        agentId=agent_id,
        agentName="applied-assistant",
        agentResourceRoleArn=ROLE,
        foundationModel="anthropic.claude-3-haiku-20240307-v1:0",
        instruction=INSTRUCTION_B,
        guardrailConfiguration=stack["guardrail"],
    )
    wait(lambda: agents.get_agent(agentId=agent_id)["agent"]["agentStatus"], "NOT_PREPARED")
    assert INSTRUCTION_A in prompts(
        ask(env, agent_id, alias_id, "What did I buy recently?")[1]
    )  # live: version 1
    api = AgentApi(agents, poll_seconds=0.1)
    log: list[str] = []
    outcome = promote(api, agent_id, alias_id, lambda _alias: GateResult(True, "stub gate"), log.append)
    assert (outcome.promoted, outcome.live_version) == (True, "2")
    assert INSTRUCTION_B in prompts(ask(env, agent_id, alias_id, "What did I buy recently?")[1])
    back = rollback(api, agent_id, alias_id, log.append)
    assert back.live_version == "1"
    assert INSTRUCTION_A in prompts(ask(env, agent_id, alias_id, "What did I buy recently?")[1])
    # the test alias runs the DRAFT as last prepared (B), whatever live routes to
    assert INSTRUCTION_B in prompts(ask(env, agent_id, "TSTALIASID", "What did I buy recently?")[1])


def test_the_handler_runs_from_the_uploaded_zip(stack: dict[str, Any]) -> None:
    """A handler that exists only in the uploaded zip answers, with the function's environment."""
    marker = f"from-the-zip-{uuid.uuid4().hex[:8]}"
    source = f'''import json, os
def lambda_handler(event, context):
    body = {{"marker": "{marker}", "table": os.environ.get("STORE_TABLE_NAME")}}
    echoed = {{k: event[k] for k in ("actionGroup", "apiPath", "httpMethod")}}
    return {{"messageVersion": "1.0", "response": {{**echoed, "httpStatusCode": 200,
        "responseBody": {{"application/json": {{"body": json.dumps(body)}}}}}}}}
'''
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("zip_only_probe.py", source)
    function = lambda_function(stack["env"], "zip-probe", "zip_only_probe.lambda_handler", buffer.getvalue())
    agent_id = agent_with_group(stack["env"], "zip-probe-agent", function, stack["guardrail"])
    _, traces = ask(stack["env"], agent_id, "TSTALIASID", "What did I buy recently?")
    outputs = [
        t["orchestrationTrace"]["observation"]["actionGroupInvocationOutput"]["text"]
        for t in traces
        if "actionGroupInvocationOutput" in t.get("orchestrationTrace", {}).get("observation", {})
    ]
    assert json.loads(outputs[0]) == {"marker": marker, "table": TABLES["store"]}
    unpacked = [
        d for d in Path(stack["work"], "lambda-code").iterdir() if (d / "zip_only_probe.py").is_file()
    ]
    assert len(unpacked) == 1  # the zip, unpacked once under the local AWS's directory


def test_unknown_ids_and_unprepared_agents_are_refused(stack: dict[str, Any]) -> None:
    env = stack["env"]
    with pytest.raises(ClientError) as unknown:
        ask(env, "ABCDEFGHIJ", "TSTALIASID", "hello")
    assert unknown.value.response["Error"]["Code"] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as alias:
        ask(env, stack["agent_id"], "ZZZZZZZZZZ", "hello")
    assert alias.value.response["Error"]["Code"] == "ResourceNotFoundException"
    agents = client(env, "bedrock-agent")
    fresh = agents.create_agent(agentName="never-prepared", agentResourceRoleArn=ROLE)["agent"]["agentId"]
    with pytest.raises(ClientError) as unprepared:
        ask(env, fresh, "TSTALIASID", "hello")
    assert "has not been prepared" in unprepared.value.response["Error"]["Message"]

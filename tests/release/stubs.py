"""bedrock-agent responses for the release tests, in the service model's shapes (Stubber checks)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.stub import Stubber

AGENT_ID = "AGENT12345"
LIVE_ID = "LIVE123456"
CANDIDATE_ID = "CANDIDATE1"
T0 = datetime(2026, 11, 1, 12, tzinfo=UTC)
ROLE = "arn:aws:iam::123456789012:role/agent"


def alias(
    alias_id: str, name: str, version: str, status: str = "PREPARED", history: list[str] = ()
) -> dict[str, Any]:
    events = [
        {"routingConfiguration": [{"agentVersion": v}], "startDate": T0 + timedelta(days=i)}
        for i, v in enumerate(history)
    ]
    body: dict[str, Any] = {
        "agentId": AGENT_ID,
        "agentAliasId": alias_id,
        "agentAliasName": name,
        "agentAliasArn": f"arn:aws:bedrock:us-east-1:123456789012:agent-alias/{AGENT_ID}/{alias_id}",
        "routingConfiguration": [{"agentVersion": version}],
        "createdAt": T0,
        "updatedAt": T0,
        "agentAliasStatus": status,
        "agentAliasHistoryEvents": events,
    }
    if name == "live":
        body["description"] = LIVE_DESCRIPTION
    return {"agentAlias": body}


def agent(status: str = "PREPARED", stale: bool = False) -> dict[str, Any]:
    return {
        "agent": {
            "agentId": AGENT_ID,
            "agentName": "assistant",
            "agentArn": f"arn:aws:bedrock:us-east-1:123456789012:agent/{AGENT_ID}",
            "agentVersion": "DRAFT",
            "agentStatus": status,
            "idleSessionTTLInSeconds": 600,
            "agentResourceRoleArn": ROLE,
            "createdAt": T0,
            "updatedAt": T0 + timedelta(minutes=10 if stale else 1),
            "preparedAt": T0 + timedelta(minutes=5),
        }
    }


def version(number: str, instruction: str, guardrail_version: str) -> dict[str, Any]:
    return {
        "agentVersion": {
            "agentId": AGENT_ID,
            "agentName": "assistant",
            "agentArn": f"arn:aws:bedrock:us-east-1:123456789012:agent/{AGENT_ID}",
            "version": number,
            "instruction": instruction,
            "agentStatus": "PREPARED",
            "foundationModel": "anthropic.claude-3-5-haiku-20241022-v1:0",
            "idleSessionTTLInSeconds": 600,
            "agentResourceRoleArn": ROLE,
            "createdAt": T0,
            "updatedAt": T0,
            "guardrailConfiguration": {
                "guardrailIdentifier": "gr-abc123",
                "guardrailVersion": guardrail_version,
            },
        }
    }


def schema(description: str) -> str:
    return json.dumps(
        {
            "openapi": "3.0.3",
            "paths": {"/orders": {"post": {"operationId": "placeOrder", "description": description}}},
        }
    )


def stub_snapshot(
    stubber: Stubber, number: str, instruction: str, guardrail_version: str, order_description: str
) -> None:
    stubber.add_response(
        "get_agent_version",
        version(number, instruction, guardrail_version),
        {"agentId": AGENT_ID, "agentVersion": number},
    )
    stubber.add_response(
        "list_agent_action_groups",
        {
            "actionGroupSummaries": [
                {
                    "actionGroupId": "AG00000001",
                    "actionGroupName": "orders",
                    "actionGroupState": "ENABLED",
                    "updatedAt": T0,
                }
            ]
        },
        {"agentId": AGENT_ID, "agentVersion": number},
    )
    group = {
        "agentId": AGENT_ID,
        "agentVersion": number,
        "actionGroupId": "AG00000001",
        "actionGroupName": "orders",
        "createdAt": T0,
        "updatedAt": T0,
        "actionGroupState": "ENABLED",
        "actionGroupExecutor": {"lambda": "arn:aws:lambda:us-east-1:123456789012:function:orders"},
        "apiSchema": {"payload": schema(order_description)},
    }
    stubber.add_response(
        "get_agent_action_group",
        {"agentActionGroup": group},
        {"agentId": AGENT_ID, "agentVersion": number, "actionGroupId": "AG00000001"},
    )
    stubber.add_response(
        "list_agent_knowledge_bases",
        {
            "agentKnowledgeBaseSummaries": [
                {"knowledgeBaseId": "KB12345678", "knowledgeBaseState": "ENABLED", "updatedAt": T0}
            ]
        },
        {"agentId": AGENT_ID, "agentVersion": number},
    )


LIVE_DESCRIPTION = "Stable alias for assistant; version routing is managed by the release tool."


def stub_route_live(stubber: Stubber, number: str) -> None:
    """UpdateAgentAlias pointing live at ``number`` (name and description unchanged), then the wait."""
    expected = {
        "agentId": AGENT_ID,
        "agentAliasId": LIVE_ID,
        "agentAliasName": "live",
        "description": LIVE_DESCRIPTION,
        "routingConfiguration": [{"agentVersion": number}],
    }
    stubber.add_response("update_agent_alias", alias(LIVE_ID, "live", number, status="UPDATING"), expected)
    stubber.add_response(
        "get_agent_alias", alias(LIVE_ID, "live", number), {"agentId": AGENT_ID, "agentAliasId": LIVE_ID}
    )

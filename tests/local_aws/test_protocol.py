"""The model-driven request layer: routing, validation, wire forms of outputs and errors."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ClientError

from local_bedrock.aws.http import Call, ServiceApp, serving
from local_bedrock.aws.protocol import HttpRequest, ServiceProtocol
from tests.local_aws.conftest import ACCOUNT, ROLE, client_for

INSTRUCTION = "You are a test agent that answers questions about local emulation."


def _raw(
    url: str, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    request = urllib.request.Request(url + path, data=body or None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def test_same_path_routes_by_method(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    agent = client.create_agent(agentName="routing", agentResourceRoleArn=ROLE, instruction=INSTRUCTION)[
        "agent"
    ]
    # GET /agents/{id}/ is GetAgent, POST /agents/{id}/ is PrepareAgent (botocore bedrock-agent model)
    assert client.get_agent(agentId=agent["agentId"])["agent"]["agentName"] == "routing"
    with pytest.raises(ClientError) as busy:
        client.prepare_agent(agentId=agent["agentId"])  # still CREATING
    assert busy.value.response["Error"]["Code"] == "ValidationException"


def test_timestamps_travel_as_iso_8601_strings(agents: tuple[Any, Any]) -> None:
    """DateTimestamp is iso8601 in the model; numbers (what moto sends) break the Go SDK."""
    client, _ = agents
    agent = client.create_agent(agentName="stamps", agentResourceRoleArn=ROLE)["agent"]
    url = client.meta.endpoint_url
    status, _, body = _raw(url, "GET", f"/agents/{agent['agentId']}/")
    assert status == 200
    assert isinstance(body["agent"]["createdAt"], str) and body["agent"]["createdAt"].endswith("Z")


def test_invalid_input_is_a_validation_exception_naming_the_member(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    url = client.meta.endpoint_url
    body = json.dumps(
        {
            "agentName": "short",
            "agentResourceRoleArn": ROLE,
            "instruction": "Too short.",
            "description": "x" * 201,
        }
    ).encode()
    status, headers, payload = _raw(url, "PUT", "/agents/", body, {"Content-Type": "application/json"})
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "ValidationException"
    # botocore's ParamValidator (minimum lengths), then the maximums it leaves out
    assert "instruction" in payload["message"] and "min length: 40" in payload["message"]
    body = json.dumps({"agentName": "short", "agentResourceRoleArn": ROLE, "description": "x" * 201}).encode()
    status, _, payload = _raw(url, "PUT", "/agents/", body, {"Content-Type": "application/json"})
    assert status == 400 and "description: length 201 exceeds the maximum of 200" in payload["message"]


def test_bodies_go_through_the_runtime_s_hardened_parser(agents: tuple[Any, Any]) -> None:
    """A member named twice or a body nested past the bound is a ValidationException, not a
    silent last-one-wins or a RecursionError (the parser InvokeAgent uses, local_bedrock.wire)."""
    client, _ = agents
    url, json_type = client.meta.endpoint_url, {"Content-Type": "application/json"}
    twice = b'{"agentName": "one", "agentName": "two", "agentResourceRoleArn": "%s"}' % ROLE.encode()
    status, headers, payload = _raw(url, "PUT", "/agents/", twice, json_type)
    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert "agentName more than once" in payload["message"]
    deep = b'{"tags": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_001
    status, headers, payload = _raw(url, "PUT", "/agents/", deep, json_type)
    assert (status, headers["x-amzn-ErrorType"]) == (400, "ValidationException")
    assert "nested deeper than" in payload["message"]


def test_unknown_route_and_unemulated_operation(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    status, headers, _ = _raw(client.meta.endpoint_url, "GET", "/no/such/route/here")
    assert (status, headers["x-amzn-ErrorType"]) == (404, "UnknownOperationException")
    with pytest.raises(ClientError) as missing:
        client.list_flows()  # modeled, not emulated
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "does not emulate bedrock-agent ListFlows" in missing.value.response["Error"]["Message"]


def test_errors_take_their_status_from_the_model(agents: tuple[Any, Any]) -> None:
    client, _ = agents
    with pytest.raises(ClientError) as missing:
        client.get_agent(agentId="ABCDEFGHIJ")
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert (
        "Failed to retrieve resource because it doesn't exist" in missing.value.response["Error"]["Message"]
    )


def test_json_protocol_routes_by_target_header(aoss: tuple[Any, Any]) -> None:
    client, _ = aoss
    url = client.meta.endpoint_url
    status, headers, _ = _raw(url, "POST", "/", b"{}", {"X-Amz-Target": "OpenSearchServerless.NoSuchThing"})
    assert (status, headers["x-amzn-ErrorType"]) == (404, "UnknownOperationException")
    assert client.list_collections()["collectionSummaries"] == []


def test_an_output_the_model_rejects_is_reported_not_retried() -> None:
    """An emulation bug answers 400 LocalAwsEmulationError naming the member, so no SDK retries a
    call that may already have changed state."""

    class Broken:
        calls = 0

        def get_agent(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
            Broken.calls += 1
            return {"agent": {"agentId": params["agentId"]}}  # required members missing

    with serving(ServiceApp("bedrock-agent", Broken(), ACCOUNT)) as url:
        client = client_for("bedrock-agent", url)
        with pytest.raises(ClientError) as broken:
            client.get_agent(agentId="ABCDEFGHIJ")
    assert broken.value.response["Error"]["Code"] == "LocalAwsEmulationError"
    assert "agent" in broken.value.response["Error"]["Message"]
    assert Broken.calls == 1


def test_query_string_members_are_typed_from_the_model() -> None:
    protocol = ServiceProtocol("bedrock-agent")
    request = HttpRequest("DELETE", "/agents/ABCDEFGHIJ/", "skipResourceInUseCheck=true", {}, b"")
    op, labels = protocol.operation_for(request)
    assert op.name == "DeleteAgent"
    assert protocol.parameters(op, labels, request) == {
        "agentId": "ABCDEFGHIJ",
        "skipResourceInUseCheck": True,
    }


def test_region_comes_from_the_signature_scope() -> None:
    scope = "AWS4-HMAC-SHA256 Credential=AKID/20261130/eu-west-1/bedrock/aws4_request, SignedHeaders=host"
    assert HttpRequest("GET", "/", "", {"authorization": scope}, b"").region == "eu-west-1"
    assert HttpRequest("GET", "/", "", {}, b"").region == "us-east-1"


def test_a_retried_create_with_its_client_token_answers_the_first_call(aoss: tuple[Any, Any]) -> None:
    """An SDK retry of a create whose answer was lost carries the same token: the first answer."""
    client, _ = aoss
    document = {
        "Rules": [{"ResourceType": "collection", "Resource": ["collection/tokens"]}],
        "AWSOwnedKey": True,
    }
    create = {
        "name": "tokens-enc",
        "type": "encryption",
        "policy": json.dumps(document),
        "clientToken": "t-1",
    }
    first = client.create_security_policy(**create)["securityPolicyDetail"]
    assert client.create_security_policy(**create)["securityPolicyDetail"] == first
    listed = client.list_security_policies(type="encryption")["securityPolicySummaries"]
    assert [p["name"] for p in listed].count("tokens-enc") == 1
    for other in ({**create, "description": "other parameters"}, {**create, "clientToken": "t-2"}):
        with pytest.raises(ClientError) as refused:
            client.create_security_policy(**other)
        assert refused.value.response["Error"]["Code"] == "ConflictException"


def test_a_204_ends_with_its_headers_so_the_next_response_on_the_connection_is_intact() -> None:
    """DeleteAgentActionGroup answers 204 (its responseCode in the model). Two of them on one keep-alive
    connection: the second response must start right after the first one's header section (RFC 9110
    15.3.5), not after a stray body a client would read as the start of the next response."""

    class Deletes:
        def delete_agent_action_group(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
            return {}

    path = "/agents/ABCDEFGHIJ/agentversions/DRAFT/actiongroups/KLMNOPQRST/"
    request = f"DELETE {path} HTTP/1.1\r\nHost: local\r\nContent-Length: 0\r\n\r\n".encode()
    with serving(ServiceApp("bedrock-agent", Deletes(), ACCOUNT)) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as connection:
            connection.sendall(request + request)
            received = b""
            while received.count(b"\r\n\r\n") < 2:
                chunk = connection.recv(65536)
                assert chunk, f"the server closed the connection after {received!r}"
                received += chunk
    first, _, rest = received.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 204 ") and b"content-length" not in first.lower()
    assert rest.startswith(b"HTTP/1.1 204 ")
    assert rest.endswith(b"\r\n\r\n")

"""bedrock guardrails and versions, OpenSearch Serverless policies and indexes, Chatbot channels."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from local_bedrock.guardrail.policy import GuardrailPolicy
from tests.local_aws.conftest import ROLE, wait_for
from tests.local_aws.test_knowledge_bases import collection

# Statuses move with the polls, not the wall clock: what a poll sees does not depend on the load.
pytestmark = pytest.mark.usefixtures("frozen_clock")

POLICY = json.loads((Path(__file__).resolve().parents[2] / "terraform" / "guardrail_policy.json").read_text())
CREATE_FIELDS = (
    "topicPolicyConfig",
    "contentPolicyConfig",
    "wordPolicyConfig",
    "sensitiveInformationPolicyConfig",
)


def guardrail_request(name: str = "test-guardrail") -> dict[str, Any]:
    request = {k: POLICY[k] for k in CREATE_FIELDS if k in POLICY}
    return {
        **request,
        "name": name,
        "blockedInputMessaging": POLICY["blockedInputMessaging"],
        "blockedOutputsMessaging": POLICY["blockedOutputsMessaging"],
    }


def test_guardrail_versions_are_numbered_immutable_snapshots(guardrails: tuple[Any, Any]) -> None:
    client, service = guardrails
    created = client.create_guardrail(**guardrail_request())
    assert created["version"] == "DRAFT"
    identifier = created["guardrailArn"]
    assert wait_for(lambda: client.get_guardrail(guardrailIdentifier=identifier)["status"], "READY") == [
        "CREATING",
        "READY",
    ]
    first = client.create_guardrail_version(guardrailIdentifier=identifier, description="v1")
    assert first["version"] == "1"
    wait_for(
        lambda: client.get_guardrail(guardrailIdentifier=identifier, guardrailVersion="1")["status"], "READY"
    )
    changed = {**guardrail_request(), "blockedInputMessaging": "Changed."}
    client.update_guardrail(guardrailIdentifier=identifier, **changed)
    assert client.create_guardrail_version(guardrailIdentifier=identifier)["version"] == "2"
    v1 = client.get_guardrail(guardrailIdentifier=identifier, guardrailVersion="1")
    assert v1["blockedInputMessaging"] == POLICY["blockedInputMessaging"]
    assert [t["name"] for t in v1["topicPolicy"]["topics"]] == [
        t["name"] for t in POLICY["topicPolicyConfig"]["topicsConfig"]
    ]
    # the version the runtime enforces reads as the local guardrail engine's policy file
    assert (
        GuardrailPolicy.model_validate(service.policy(created["guardrailId"], "2")).blockedInputMessaging
        == "Changed."
    )
    client.delete_guardrail(guardrailIdentifier=identifier)
    with pytest.raises(ClientError):
        wait_for(lambda: client.get_guardrail(guardrailIdentifier=identifier)["status"], "gone")


def test_guardrail_tags_and_invocation_logging(guardrails: tuple[Any, Any]) -> None:
    client, _ = guardrails
    created = client.create_guardrail(**guardrail_request(), tags=[{"key": "team", "value": "a"}])
    assert client.list_tags_for_resource(resourceARN=created["guardrailArn"])["tags"] == [
        {"key": "team", "value": "a"}
    ]
    assert "loggingConfig" not in client.get_model_invocation_logging_configuration()
    config = {"textDataDeliveryEnabled": True, "cloudWatchConfig": {"logGroupName": "g", "roleArn": ROLE}}
    client.put_model_invocation_logging_configuration(loggingConfig=config)
    assert (
        client.get_model_invocation_logging_configuration()["loggingConfig"]["cloudWatchConfig"][
            "logGroupName"
        ]
        == "g"
    )
    client.delete_model_invocation_logging_configuration()
    assert "loggingConfig" not in client.get_model_invocation_logging_configuration()


def security_policy(client: Any, name: str, kind: str, resource: str, **settings: Any) -> dict[str, Any]:
    rules = [{"ResourceType": "collection", "Resource": [resource]}]
    document: Any = {"Rules": rules, **settings} if kind == "encryption" else [{"Rules": rules, **settings}]
    return dict(
        client.create_security_policy(name=name, type=kind, policy=json.dumps(document))[
            "securityPolicyDetail"
        ]
    )


def test_a_collection_needs_a_matching_encryption_policy(aoss: tuple[Any, Any]) -> None:
    client, _ = aoss
    with pytest.raises(ClientError) as refused:
        client.create_collection(name="no-key", type="VECTORSEARCH")
    assert "No matching security policy of encryption type" in refused.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as twice:
        security_policy(client, "x-enc", "encryption", "collection/x*", AWSOwnedKey=True)
        client.create_security_policy(name="x-enc", type="encryption", policy="{}")
    assert twice.value.response["Error"]["Code"] == "ConflictException"
    client.create_collection(name="x-one", type="VECTORSEARCH")
    with pytest.raises(ClientError) as taken:  # botocore: ConflictException for a taken name
        client.create_collection(name="x-one", type="VECTORSEARCH")
    assert taken.value.response["Error"]["Code"] == "ConflictException"


def test_policy_updates_need_the_current_version(aoss: tuple[Any, Any]) -> None:
    client, _ = aoss
    created = security_policy(client, "a-net", "network", "collection/a", AllowFromPublic=False)
    document = [
        {"Rules": [{"ResourceType": "collection", "Resource": ["collection/a"]}], "AllowFromPublic": False}
    ]
    assert created["policy"] == document  # a JSON document in responses, a string in requests
    with pytest.raises(ClientError) as stale:
        client.update_security_policy(
            name="a-net",
            type="network",
            policyVersion="MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",
            policy=json.dumps(document),
        )
    assert stale.value.response["Error"]["Code"] == "ValidationException"
    updated = client.update_security_policy(
        name="a-net", type="network", policyVersion=created["policyVersion"], description="changed"
    )["securityPolicyDetail"]
    assert updated["policyVersion"] != created["policyVersion"] and updated["description"] == "changed"


def test_indexes_follow_the_data_and_network_policies(aoss: tuple[Any, Any]) -> None:
    client, _ = aoss
    store = collection(client, "guarded")
    with pytest.raises(ClientError) as denied:
        client.delete_index(id=store["id"], indexName="kb-index")  # only Create/Describe are granted
    assert denied.value.response["Error"]["Code"] == "AccessDeniedException"
    client.create_index(id=store["id"], indexName="kb-index", indexSchema={"mappings": {"properties": {}}})
    with pytest.raises(ClientError) as exists:
        client.create_index(id=store["id"], indexName="kb-index")
    assert exists.value.response["Error"]["Code"] == "ConflictException"
    assert client.get_index(id=store["id"], indexName="kb-index")["indexSchema"]["mappings"] == {
        "properties": {}
    }
    # The collection endpoint admits this machine only through a public network policy.
    request = urllib.request.Request(store["collectionEndpoint"] + "/kb-index", method="GET")
    with pytest.raises(urllib.error.HTTPError) as closed:
        urllib.request.urlopen(request, timeout=5)
    assert closed.value.code == 403
    security_policy(client, "guarded-net", "network", "collection/guarded", AllowFromPublic=True)
    with urllib.request.urlopen(request, timeout=5) as opened:
        assert "kb-index" in json.loads(opened.read())


def test_slack_channel_configurations(chatbot: tuple[Any, Any]) -> None:
    client, _ = chatbot
    created = client.create_slack_channel_configuration(
        ConfigurationName="support",
        SlackTeamId="T0123ABCD",
        SlackChannelId="C0123ABCD",
        IamRoleArn=ROLE,
        GuardrailPolicyArns=["arn:aws:iam::123456789012:policy/only-support"],
        Tags=[{"TagKey": "a", "TagValue": "b"}],
    )["ChannelConfiguration"]
    arn = created["ChatConfigurationArn"]
    assert arn == "arn:aws:chatbot::123456789012:chat-configuration/slack-channel/support"
    assert created["State"] == "ENABLED" and created["LoggingLevel"] == "NONE"
    client.update_slack_channel_configuration(
        ChatConfigurationArn=arn, SlackChannelId="C0123ABCD", LoggingLevel="ERROR"
    )
    described = client.describe_slack_channel_configurations(ChatConfigurationArn=arn)[
        "SlackChannelConfigurations"
    ]
    assert described[0]["LoggingLevel"] == "ERROR"
    assert client.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"TagKey": "a", "TagValue": "b"}]
    client.delete_slack_channel_configuration(ChatConfigurationArn=arn)
    with pytest.raises(ClientError) as gone:
        client.describe_slack_channel_configurations(ChatConfigurationArn=arn)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"

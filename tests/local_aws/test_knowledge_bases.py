"""Knowledge bases over OpenSearch Serverless: the index must exist first; ingestion with statistics."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local_aws.conftest import ROLE, wait_for

# Statuses move with the polls, not the wall clock: what a poll sees does not depend on the load.
pytestmark = pytest.mark.usefixtures("frozen_clock")

KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
VECTOR = "bedrock-knowledge-base-vector"
EMBEDDING = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"


def collection(aoss: Any, name: str = "kb-store") -> dict[str, Any]:
    rule = [{"ResourceType": "collection", "Resource": [f"collection/{name}"]}]
    aoss.create_security_policy(
        name=f"{name}-enc",
        type="encryption",
        policy=json.dumps({"Rules": rule, "AWSOwnedKey": False, "KmsARN": KMS}),
    )
    aoss.create_access_policy(
        name=f"{name}-data",
        type="data",
        policy=json.dumps(
            [
                {
                    "Rules": [
                        {
                            "ResourceType": "index",
                            "Resource": [f"index/{name}/*"],
                            "Permission": ["aoss:CreateIndex", "aoss:DescribeIndex"],
                        }
                    ],
                    "Principal": [ROLE],
                }
            ]
        ),
    )
    created = aoss.create_collection(name=name, type="VECTORSEARCH")["createCollectionDetail"]
    wait_for(
        lambda: aoss.batch_get_collection(ids=[created["id"]])["collectionDetails"][0]["status"], "ACTIVE"
    )
    return dict(aoss.batch_get_collection(ids=[created["id"]])["collectionDetails"][0])


def vector_index(aoss: Any, collection_id: str, dimension: int = 1024) -> None:
    aoss.create_index(
        id=collection_id,
        indexName="kb-index",
        indexSchema={
            "mappings": {"properties": {VECTOR: {"type": "knn_vector", "dimension": dimension}}},
        },
    )


def kb_request(collection_arn: str, dimensions: int = 1024) -> dict[str, Any]:
    return {
        "name": "store-policies",
        "roleArn": ROLE,
        "knowledgeBaseConfiguration": {
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {
                "embeddingModelArn": EMBEDDING,
                "embeddingModelConfiguration": {
                    "bedrockEmbeddingModelConfiguration": {"dimensions": dimensions}
                },
            },
        },
        "storageConfiguration": {
            "type": "OPENSEARCH_SERVERLESS",
            "opensearchServerlessConfiguration": {
                "collectionArn": collection_arn,
                "vectorIndexName": "kb-index",
                "fieldMapping": {"vectorField": VECTOR, "textField": "text", "metadataField": "metadata"},
            },
        },
    }


def active_kb(agents: Any, aoss: Any) -> str:
    store = collection(aoss)
    vector_index(aoss, store["id"])
    kb = agents.create_knowledge_base(**kb_request(store["arn"]))["knowledgeBase"]
    assert wait_for(
        lambda: agents.get_knowledge_base(knowledgeBaseId=kb["knowledgeBaseId"])["knowledgeBase"]["status"],
        "ACTIVE",
    ) == ["CREATING", "ACTIVE"]
    return str(kb["knowledgeBaseId"])


def data_source(client: Any, kb_id: str, s3: dict[str, Any]) -> dict[str, str]:
    """An S3 data source, AVAILABLE; returns its ids for the ingestion calls."""
    source = client.create_data_source(
        knowledgeBaseId=kb_id, name="docs", dataSourceConfiguration={"type": "S3", "s3Configuration": s3}
    )["dataSource"]
    ids = {"knowledgeBaseId": kb_id, "dataSourceId": source["dataSourceId"]}
    wait_for(lambda: client.get_data_source(**ids)["dataSource"]["status"], "AVAILABLE")
    return ids


def test_a_knowledge_base_needs_its_vector_index_with_matching_dimensions(
    agents: tuple[Any, Any], aoss: tuple[Any, Any]
) -> None:
    store = collection(aoss[0])
    with pytest.raises(ClientError) as missing:
        agents[0].create_knowledge_base(**kb_request(store["arn"]))
    assert "no such index [kb-index]" in missing.value.response["Error"]["Message"]
    vector_index(aoss[0], store["id"], dimension=512)
    with pytest.raises(ClientError) as mismatch:
        agents[0].create_knowledge_base(**kb_request(store["arn"], dimensions=1024))
    assert "dimension 512" in mismatch.value.response["Error"]["Message"]
    assert (
        agents[0].create_knowledge_base(**kb_request(store["arn"], dimensions=512))["knowledgeBase"]["status"]
        == "CREATING"
    )


def test_ingestion_reads_the_bucket_and_reports_statistics(
    agents: tuple[Any, Any], aoss: tuple[Any, Any], documents: dict[str, bytes]
) -> None:
    client = agents[0]
    kb_id = active_kb(client, aoss[0])
    ids = data_source(client, kb_id, {"bucketArn": "arn:aws:s3:::docs", "inclusionPrefixes": ["documents/"]})
    documents.update(
        {
            "documents/returns.md": b"# Returns\n30 days.",
            "documents/shipping.md": b"# Shipping\nFree.",
            "documents/scan.pdf": b"%PDF",
            "other/ignored.md": b"# not included",
        }
    )

    def ingest() -> dict[str, Any]:
        job = client.start_ingestion_job(**ids)["ingestionJob"]
        assert job["status"] == "STARTING"
        seen = wait_for(
            lambda: client.get_ingestion_job(**ids, ingestionJobId=job["ingestionJobId"])["ingestionJob"][
                "status"
            ],
            "COMPLETE",
        )
        assert seen == ["STARTING", "IN_PROGRESS", "COMPLETE"]
        return dict(
            client.get_ingestion_job(**ids, ingestionJobId=job["ingestionJobId"])["ingestionJob"][
                "statistics"
            ]
        )

    first = ingest()
    assert (
        first["numberOfDocumentsScanned"],
        first["numberOfNewDocumentsIndexed"],
        first["numberOfDocumentsFailed"],
    ) == (3, 2, 1)
    documents["documents/returns.md"] = b"# Returns\n60 days."
    del documents["documents/shipping.md"]
    second = ingest()
    assert (
        second["numberOfNewDocumentsIndexed"],
        second["numberOfModifiedDocumentsIndexed"],
        second["numberOfDocumentsDeleted"],
    ) == (0, 1, 1)
    client.start_ingestion_job(**ids)
    with pytest.raises(ClientError) as running:
        client.start_ingestion_job(**ids)
    assert running.value.response["Error"]["Code"] == "ConflictException"


def test_an_unreadable_bucket_fails_the_job_with_its_reason(
    agents: tuple[Any, Any], aoss: tuple[Any, Any]
) -> None:
    client = agents[0]
    kb_id = active_kb(client, aoss[0])
    ids = data_source(client, kb_id, {"bucketArn": "arn:aws:s3:::missing-bucket"})
    job = client.start_ingestion_job(**ids)["ingestionJob"]
    wait_for(
        lambda: client.get_ingestion_job(**ids, ingestionJobId=job["ingestionJobId"])["ingestionJob"][
            "status"
        ],
        "FAILED",
    )
    failed = client.get_ingestion_job(**ids, ingestionJobId=job["ingestionJobId"])["ingestionJob"]
    assert "missing-bucket" in failed["failureReasons"][0]


def test_associations_need_an_existing_knowledge_base(agents: tuple[Any, Any], aoss: tuple[Any, Any]) -> None:
    client = agents[0]
    agent_id = client.create_agent(agentName="kb-user", agentResourceRoleArn=ROLE)["agent"]["agentId"]
    wait_for(lambda: client.get_agent(agentId=agent_id)["agent"]["agentStatus"], "NOT_PREPARED")
    with pytest.raises(ClientError) as missing:
        client.associate_agent_knowledge_base(
            agentId=agent_id, agentVersion="DRAFT", knowledgeBaseId="ABCDEFGHIJ", description="d"
        )
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
    kb_id = active_kb(client, aoss[0])
    client.associate_agent_knowledge_base(
        agentId=agent_id, agentVersion="DRAFT", knowledgeBaseId=kb_id, description="policies"
    )
    listed = client.list_agent_knowledge_bases(agentId=agent_id, agentVersion="DRAFT")[
        "agentKnowledgeBaseSummaries"
    ]
    assert [(k["knowledgeBaseId"], k["knowledgeBaseState"]) for k in listed] == [(kb_id, "ENABLED")]
    # an association changes the DRAFT only: the agent is not prepared by it
    assert client.get_agent(agentId=agent_id)["agent"]["agentStatus"] == "NOT_PREPARED"

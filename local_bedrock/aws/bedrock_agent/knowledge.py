"""Knowledge bases, their S3 data sources and ingestion jobs.

Statuses (API reference KnowledgeBase/DataSource/IngestionJob; provider knowledge_base.go and
data_source.go waiters): a knowledge base is CREATING -> ACTIVE (UPDATING -> ACTIVE, DELETING ->
gone); a data source CREATING -> AVAILABLE (DELETING -> gone); an ingestion job STARTING ->
IN_PROGRESS -> COMPLETE with statistics, or FAILED with failureReasons.

Creating an OpenSearch Serverless knowledge base checks that the vector index exists with the
mapped vector field (user guide, "Prerequisites for your own vector store": create the index first;
Bedrock rejects a storage configuration naming a missing index). Ingestion reads the documents
under the data source's inclusion prefixes from S3 (the local moto S3) and keeps their text; what
is embedded on AWS is chunked and ranked by the local retriever instead (``runtime/``).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from local_bedrock.aws.bedrock_agent.base import ServiceBase
from local_bedrock.aws.errors import ConflictException, ValidationException
from local_bedrock.aws.http import Call
from local_bedrock.aws.paging import not_found, page, with_token
from local_bedrock.aws.params import settings_from
from local_bedrock.aws.transitions import Lifecycle, new_id, now

# User guide, "Supported document formats": these are the text formats the local retriever reads.
TEXT_SUFFIXES = (".md", ".txt", ".html", ".htm", ".csv")
_KB_FIELDS = ("name", "description", "roleArn", "knowledgeBaseConfiguration", "storageConfiguration")
_DS_FIELDS = (
    "name",
    "description",
    "dataSourceConfiguration",
    "dataDeletionPolicy",
    "serverSideEncryptionConfiguration",
    "vectorIngestionConfiguration",
)


@dataclass
class DataSource:
    data_source_id: str
    settings: dict[str, Any]
    lifecycle: Lifecycle
    created_at: datetime
    updated_at: datetime
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: dict[str, bytes] = field(default_factory=dict)  # ingested: S3 key -> content


@dataclass
class KnowledgeBase:
    knowledge_base_id: str
    arn: str
    settings: dict[str, Any]
    lifecycle: Lifecycle
    created_at: datetime
    updated_at: datetime
    data_sources: dict[str, DataSource] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        return {
            "knowledgeBaseId": self.knowledge_base_id,
            "knowledgeBaseArn": self.arn,
            "status": self.lifecycle.settle(),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            **copy.deepcopy(self.settings),
        }

    def source_api(self, source: DataSource) -> dict[str, Any]:
        return {
            "knowledgeBaseId": self.knowledge_base_id,
            "dataSourceId": source.data_source_id,
            "status": source.lifecycle.settle(),
            "createdAt": source.created_at,
            "updatedAt": source.updated_at,
            "dataDeletionPolicy": "DELETE",  # API reference: the default deletion policy
            **copy.deepcopy(source.settings),
        }


def _bucket(source: DataSource) -> tuple[str, list[str]]:
    s3 = source.settings["dataSourceConfiguration"].get("s3Configuration")
    if not s3:
        # Not AWS's rule: only S3 is emulated (CreateDataSource accepts web, Confluence, ... on AWS).
        raise ValidationException("The local AWS ingests S3 data sources only.")
    return s3["bucketArn"], list(s3.get("inclusionPrefixes") or [""])


class KnowledgeBaseOperations(ServiceBase):
    # ------------------------------------------------------------------ knowledge bases
    def _check_storage(self, storage: dict[str, Any] | None, config: dict[str, Any]) -> None:
        aoss = (storage or {}).get("opensearchServerlessConfiguration")
        if not aoss or self.peers.vector_index is None:
            return
        mapping = self.peers.vector_index(aoss["collectionArn"], aoss["vectorIndexName"])
        # User guide, "Prerequisites for your own vector store": the index and its knn_vector field of
        # the embedding's dimension exist before the KB. The prefix is the start of the message public
        # reports quote for a missing index; the rest of each message is a guess.
        prefix = "The knowledge base storage configuration provided is invalid..."
        if mapping is None:
            raise ValidationException(f"{prefix} no such index [{aoss['vectorIndexName']}]")
        vector = aoss["fieldMapping"]["vectorField"]
        spec = mapping.get("mappings", {}).get("properties", {}).get(vector)
        if not spec or spec.get("type") != "knn_vector":
            raise ValidationException(f"{prefix} Field {vector} is not a knn_vector field of the index.")
        wanted = (
            config.get("vectorKnowledgeBaseConfiguration", {})
            .get("embeddingModelConfiguration", {})
            .get("bedrockEmbeddingModelConfiguration", {})
            .get("dimensions")
        )
        if wanted is not None and spec.get("dimension") != wanted:
            raise ValidationException(
                f"{prefix} The index field {vector} has dimension {spec.get('dimension')}, "
                f"the embedding model produces {wanted}."
            )

    def _kb(self, kb_id: str) -> KnowledgeBase:
        kb = self.state.knowledge_bases.get(kb_id)
        if kb is None or kb.lifecycle.settle() == "DELETED":
            raise not_found("knowledge base", kb_id)
        return kb

    def create_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        self._check_storage(params.get("storageConfiguration"), params["knowledgeBaseConfiguration"])
        kb_id = new_id()
        at = now()
        kb = KnowledgeBase(
            kb_id,
            f"arn:aws:bedrock:{call.region}:{call.account_id}:knowledge-base/{kb_id}",
            settings_from(params, _KB_FIELDS),
            Lifecycle("CREATING"),
            at,
            at,
        )
        kb.lifecycle.begin("CREATING", "ACTIVE")
        self.state.knowledge_bases[kb_id] = kb
        if params.get("tags"):
            self.state.tags[kb.arn] = dict(params["tags"])
        return {"knowledgeBase": kb.to_api()}

    def get_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        return {"knowledgeBase": self._kb(params["knowledgeBaseId"]).to_api()}

    def list_knowledge_bases(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        live = [kb for kb in list(self.state.knowledge_bases.values()) if kb.lifecycle.settle() != "DELETED"]
        chunk, token = page(live, params)
        keys = ("knowledgeBaseId", "name", "description", "status", "updatedAt")
        return with_token(
            {"knowledgeBaseSummaries": [{k: v for k, v in kb.to_api().items() if k in keys} for kb in chunk]},
            token,
        )

    def update_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb = self._kb(params["knowledgeBaseId"])
        self._check_storage(params.get("storageConfiguration"), params["knowledgeBaseConfiguration"])
        kb.settings = settings_from(params, _KB_FIELDS)
        kb.updated_at = now()
        kb.lifecycle.begin("UPDATING", "ACTIVE")
        return {"knowledgeBase": kb.to_api()}

    def delete_knowledge_base(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb = self._kb(params["knowledgeBaseId"])

        def gone() -> None:
            self.state.knowledge_bases.pop(kb.knowledge_base_id, None)
            self.state.tags.pop(kb.arn, None)

        kb.lifecycle.begin("DELETING", "DELETED", then=gone)
        return {"knowledgeBaseId": kb.knowledge_base_id, "status": "DELETING"}

    # ------------------------------------------------------------------ data sources
    def _source(self, params: dict[str, Any]) -> tuple[KnowledgeBase, DataSource]:
        kb = self._kb(params["knowledgeBaseId"])
        source = kb.data_sources.get(params["dataSourceId"])
        if source is None or source.lifecycle.settle() == "DELETED":
            raise not_found("data source", params["dataSourceId"])
        return kb, source

    def create_data_source(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb = self._kb(params["knowledgeBaseId"])
        if kb.lifecycle.settle() != "ACTIVE":
            # Guess: botocore lists ConflictException for CreateDataSource; no source says when.
            raise ConflictException(
                f"Knowledge base {kb.knowledge_base_id} is {kb.lifecycle.status}, not ACTIVE."
            )
        at = now()
        source = DataSource(
            new_id(),
            settings_from(params, _DS_FIELDS),
            Lifecycle("CREATING"),
            at,
            at,
        )
        _bucket(source)
        source.lifecycle.begin("CREATING", "AVAILABLE")
        kb.data_sources[source.data_source_id] = source
        return {"dataSource": kb.source_api(source)}

    def get_data_source(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb, source = self._source(params)
        return {"dataSource": kb.source_api(source)}

    def list_data_sources(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb = self._kb(params["knowledgeBaseId"])
        live = [s for s in list(kb.data_sources.values()) if s.lifecycle.settle() != "DELETED"]
        chunk, token = page(live, params)
        keys = ("knowledgeBaseId", "dataSourceId", "name", "status", "description", "updatedAt")
        return with_token(
            {
                "dataSourceSummaries": [
                    {k: v for k, v in kb.source_api(s).items() if k in keys} for s in chunk
                ]
            },
            token,
        )

    def update_data_source(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb, source = self._source(params)
        source.settings = settings_from(params, _DS_FIELDS)
        source.updated_at = now()
        return {"dataSource": kb.source_api(source)}

    def delete_data_source(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb, source = self._source(params)

        def gone() -> None:
            kb.data_sources.pop(source.data_source_id, None)

        source.lifecycle.begin("DELETING", "DELETED", then=gone)
        return {
            "knowledgeBaseId": kb.knowledge_base_id,
            "dataSourceId": source.data_source_id,
            "status": "DELETING",
        }

    # ------------------------------------------------------------------ ingestion
    def start_ingestion_job(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        kb, source = self._source(params)
        # Service quotas: one ingestion job at a time per data source (a second start is refused).
        running = [
            j for j in list(source.jobs.values()) if j["_lifecycle"].settle() in ("STARTING", "IN_PROGRESS")
        ]
        if running:
            raise ConflictException(
                f"Ingestion job {running[0]['ingestionJobId']} is already running "
                f"for data source {source.data_source_id}."
            )
        at = now()
        job: dict[str, Any] = {
            "knowledgeBaseId": kb.knowledge_base_id,
            "dataSourceId": source.data_source_id,
            "ingestionJobId": new_id(),
            "startedAt": at,
            "updatedAt": at,
            "statistics": {},
            "_lifecycle": Lifecycle("STARTING"),
        }
        if "description" in params:
            job["description"] = params["description"]
        job["_lifecycle"].begin("STARTING", "IN_PROGRESS", "COMPLETE", then=lambda: self._ingest(source, job))
        source.jobs[job["ingestionJobId"]] = job
        return {"ingestionJob": _job_api(job)}

    def _ingest(self, source: DataSource, job: dict[str, Any]) -> None:
        job["updatedAt"] = now()
        bucket, prefixes = _bucket(source)
        try:
            found = self.peers.read_documents(bucket, prefixes) if self.peers.read_documents else {}
        except Exception as error:  # the data source's bucket is unreadable
            job["_lifecycle"].status = "FAILED"
            job["failureReasons"] = [f"Could not read the data source bucket {bucket}: {error}"]
            return
        readable = {k: v for k, v in found.items() if k.lower().endswith(TEXT_SUFFIXES)}
        before = source.documents
        digest = {k: hashlib.sha256(v).hexdigest() for k, v in before.items()}
        job["statistics"] = {
            "numberOfDocumentsScanned": len(found),
            "numberOfMetadataDocumentsScanned": 0,
            "numberOfNewDocumentsIndexed": sum(1 for k in readable if k not in before),
            "numberOfModifiedDocumentsIndexed": sum(
                1 for k, v in readable.items() if k in before and digest[k] != hashlib.sha256(v).hexdigest()
            ),
            "numberOfMetadataDocumentsModified": 0,
            "numberOfDocumentsDeleted": sum(1 for k in before if k not in readable),
            "numberOfDocumentsFailed": len(found) - len(readable),
        }
        source.documents = readable

    def get_ingestion_job(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        _, source = self._source(params)
        job = source.jobs.get(params["ingestionJobId"])
        if job is None:
            raise not_found("ingestion job", params["ingestionJobId"])
        return {"ingestionJob": _job_api(job)}

    def list_ingestion_jobs(self, call: Call, params: dict[str, Any]) -> dict[str, Any]:
        _, source = self._source(params)
        jobs = sorted(source.jobs.values(), key=lambda j: j["startedAt"], reverse=True)
        chunk, token = page(jobs, params)
        return with_token({"ingestionJobSummaries": [_job_api(j) for j in chunk]}, token)


def _job_api(job: dict[str, Any]) -> dict[str, Any]:
    status = job["_lifecycle"].settle()
    return {**{k: copy.deepcopy(v) for k, v in job.items() if not k.startswith("_")}, "status": status}

"""Create the knowledge base's vector index in OpenSearch Serverless (run by Terraform's local-exec).

The index is created through the OpenSearch Serverless service API, CreateIndex (botocore
`opensearchserverless` 2021-11-01; API reference "CreateIndex": addressed by collection id), the same
API endpoint (aoss.<region>.amazonaws.com) as CreateCollection and the policy operations. Nothing is
sent to the collection's own endpoint, so the collection's network policy, which admits only Amazon
Bedrock there, never has to open: no temporary `AllowFromPublic` policy exists to leak when a run is
killed. The data access policy still decides who may create indexes (Terraform grants the deployer
`aoss:CreateIndex` and `aoss:DescribeIndex` only); the API reference of CreateAccessPolicy says data
access policies apply "irrespective of the access mechanism or network source".

What is not documented, so is a guess: whether a collection's network policy also applies to the
CreateIndex API. The network-access guide describes network policies as governing the collection's
OpenSearch and Dashboards endpoints; the first apply against a real account settles it (the error
then names the denied call).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.exceptions import ClientError
from pydantic import BaseModel, Field

# Answers worth waiting out: the data access policy propagates slowly (AccessDenied), a just-created
# collection may not be visible yet (ResourceNotFound), and the usual transient ones.
RETRIED = {
    "AccessDeniedException",
    "ResourceNotFoundException",
    "InternalServerException",
    "ThrottlingException",
}


class IndexSpec(BaseModel):
    """What Terraform passes in the provisioner's environment."""

    collection_id: str = Field(alias="COLLECTION_ID", pattern=r"^[a-z0-9]{3,40}$")  # CreateIndex.id
    index_name: str = Field(alias="INDEX_NAME", pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    vector_field: str = Field(alias="VECTOR_FIELD", min_length=1)
    text_field: str = Field(alias="TEXT_FIELD", min_length=1)
    metadata_field: str = Field(alias="METADATA_FIELD", min_length=1)
    dimensions: int = Field(alias="DIMENSIONS", gt=0, le=4096)
    region: str = Field(alias="AWS_REGION", min_length=1)


def index_body(spec: IndexSpec) -> dict[str, Any]:
    """FAISS HNSW mapping in the shape Bedrock Knowledge Bases expects."""
    return {
        "settings": {"index": {"knn": True, "knn.algo_param.ef_search": 512}},
        "mappings": {
            "properties": {
                spec.vector_field: {
                    "type": "knn_vector",
                    "dimension": spec.dimensions,
                    "method": {
                        "name": "hnsw",
                        "engine": "faiss",
                        "space_type": "l2",
                        "parameters": {"m": 16, "ef_construction": 512},
                    },
                },
                spec.text_field: {"type": "text"},
                spec.metadata_field: {"type": "text", "index": False},
            }
        },
    }


def _existing_dimension(client: Any, spec: IndexSpec) -> Any:
    """The vector dimension of the index that already exists, or None when it cannot be read.

    GetIndex returns the index schema; its shape is assumed to be CreateIndex's indexSchema (the
    API reference does not spell it out), so it is read defensively."""
    schema = client.get_index(id=spec.collection_id, indexName=spec.index_name).get("indexSchema")
    if not isinstance(schema, dict):
        return None
    properties = (schema.get("mappings") or {}).get("properties") or {}
    return (properties.get(spec.vector_field) or {}).get("dimension")


def create_index(
    client: Any,
    spec: IndexSpec,
    *,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 30,
    delay: float = 10.0,
) -> str:
    """CreateIndex, retrying while access propagates. Returns "created" or "exists"."""
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            client.create_index(
                id=spec.collection_id, indexName=spec.index_name, indexSchema=index_body(spec)
            )
            return "created"
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            message = error.response.get("Error", {}).get("Message", "")
            if code == "ConflictException":  # API reference: the index exists or is being created
                found = _existing_dimension(client, spec)
                if found is not None and found != spec.dimensions:
                    raise RuntimeError(
                        f"index {spec.index_name} already exists with dimension {found}, "
                        f"not {spec.dimensions}: delete it (aws opensearchserverless delete-index) "
                        "or keep the old dimensions"
                    ) from error
                return "exists"
            if code not in RETRIED:
                raise RuntimeError(f"creating index {spec.index_name} failed: {code}: {message}") from error
            last = f"{code}: {message}"
        print(f"  vector index: attempt {attempt}/{attempts}: {last}; access may be propagating", flush=True)
        sleep(delay)
    raise RuntimeError(f"creating index {spec.index_name} failed after {attempts} attempts: {last}")


def run(
    spec: IndexSpec,
    session: boto3.session.Session,
    *,
    sleep: Callable[[float], None] = time.sleep,
    settle_seconds: float = 60.0,
) -> str:
    """Create the index; wait for a new one to settle."""
    client = session.client("opensearchserverless", region_name=spec.region)
    print(f"==> creating vector index {spec.index_name} in collection {spec.collection_id}", flush=True)
    outcome = create_index(client, spec, sleep=sleep)
    print(f"  vector index: {outcome}", flush=True)
    if outcome == "created":
        sleep(settle_seconds)  # a brand-new index is not visible to Bedrock at once
    return outcome


def main() -> int:
    spec = IndexSpec.model_validate(dict(os.environ))
    run(spec, boto3.session.Session(region_name=spec.region))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Create the knowledge base's vector index in OpenSearch Serverless (run by Terraform's local-exec).

No opensearch provider and no opensearch-py: one SigV4-signed PUT (botocore) to the collection
endpoint. The collection's Terraform network policy admits only Bedrock, so this step adds a
short-lived network policy for the collection, creates the index, and deletes the policy again,
also when index creation fails. Both the temporary policy and the data policy propagate slowly:
forbidden answers and connection errors are retried for a bounded time.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError, HTTPClientError
from botocore.httpsession import URLLib3Session
from pydantic import BaseModel, Field


class IndexSpec(BaseModel):
    """What Terraform passes in the provisioner's environment."""

    collection_endpoint: str = Field(alias="COLLECTION_ENDPOINT", pattern=r"^https?://")
    collection_name: str = Field(alias="COLLECTION_NAME", min_length=3, max_length=32)
    index_name: str = Field(alias="INDEX_NAME", min_length=1)
    vector_field: str = Field(alias="VECTOR_FIELD", min_length=1)
    text_field: str = Field(alias="TEXT_FIELD", min_length=1)
    metadata_field: str = Field(alias="METADATA_FIELD", min_length=1)
    dimensions: int = Field(alias="DIMENSIONS", gt=0, le=4096)
    region: str = Field(alias="AWS_REGION", min_length=1)


class HttpResponse(Protocol):
    status_code: int
    text: str


Send = Callable[[AWSRequest], HttpResponse]


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


def signed_put(spec: IndexSpec, credentials: Any) -> AWSRequest:
    """A SigV4-signed (service `aoss`) PUT /<index> request with the mapping as body."""
    body = json.dumps(index_body(spec)).encode()
    request = AWSRequest(
        method="PUT",
        url=f"{spec.collection_endpoint.rstrip('/')}/{spec.index_name}",
        data=body,
        headers={
            "Content-Type": "application/json",
            "x-amz-content-sha256": hashlib.sha256(body).hexdigest(),
        },
    )
    SigV4Auth(credentials, "aoss", spec.region).add_auth(request)
    return request


def _urllib3_send(request: AWSRequest) -> HttpResponse:
    return URLLib3Session(timeout=30).send(request.prepare())


def create_index(
    spec: IndexSpec,
    credentials: Any,
    *,
    send: Send = _urllib3_send,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 30,
    delay: float = 10.0,
) -> str:
    """PUT the index, retrying while access propagates. Returns "created" or "exists"."""
    last = ""
    for attempt in range(1, attempts + 1):
        try:
            response = send(signed_put(spec, credentials))  # re-signed: signatures expire
        except HTTPClientError as error:
            last = f"connection failed: {error}"
        else:
            if 200 <= response.status_code < 300:
                return "created"
            if response.status_code == 400 and "resource_already_exists_exception" in response.text:
                return "exists"
            if response.status_code not in (401, 403, 404, 429, 500, 502, 503, 504):
                status = f"HTTP {response.status_code} {response.text}"
                raise RuntimeError(f"creating index {spec.index_name} failed: {status}")
            last = f"HTTP {response.status_code}"
        print(f"  vector index: attempt {attempt}/{attempts}: {last}; access may be propagating", flush=True)
        sleep(delay)
    raise RuntimeError(f"creating index {spec.index_name} failed after {attempts} attempts: {last}")


@contextmanager
def temporary_network_access(client: Any, collection_name: str) -> Iterator[str]:
    """A second network policy that lets this machine reach the collection, deleted on exit."""
    name = f"{collection_name}-deploy"[:32]
    policy = [
        {
            "Description": "Temporary: make deploy creates the vector index; deleted right after",
            "Rules": [{"ResourceType": "collection", "Resource": [f"collection/{collection_name}"]}],
            "AllowFromPublic": True,
        }
    ]
    try:
        client.create_security_policy(name=name, type="network", policy=json.dumps(policy))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConflictException":
            raise
    try:
        yield name
    finally:
        client.delete_security_policy(name=name, type="network")
        print(f"  vector index: removed temporary network policy {name}", flush=True)


def run(
    spec: IndexSpec,
    session: boto3.session.Session,
    *,
    send: Send = _urllib3_send,
    sleep: Callable[[float], None] = time.sleep,
    settle_seconds: float = 60.0,
) -> str:
    """Open access, create the index, close access; wait for the index to settle if it is new."""
    credentials = session.get_credentials()
    if credentials is None:
        raise RuntimeError("no AWS credentials for the vector-index step")
    client = session.client("opensearchserverless", region_name=spec.region)
    with temporary_network_access(client, spec.collection_name):
        print(f"==> creating vector index {spec.index_name} in {spec.collection_endpoint}", flush=True)
        outcome = create_index(spec, credentials.get_frozen_credentials(), send=send, sleep=sleep)
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

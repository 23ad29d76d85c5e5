"""The vector-index step: one OpenSearch Serverless CreateIndex call (service API, by collection id),
retried while access propagates, and never a network policy: the collection is not opened to anyone,
not even briefly. OpenSearch Serverless is a botocore Stubber; nothing reaches AWS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from deploy import vector_index

ENV = {
    "COLLECTION_ID": "mockcollection01",
    "INDEX_NAME": "bedrock-knowledge-base-index",
    "VECTOR_FIELD": "bedrock-knowledge-base-vector",
    "TEXT_FIELD": "AMAZON_BEDROCK_TEXT_CHUNK",
    "METADATA_FIELD": "AMAZON_BEDROCK_METADATA",
    "DIMENSIONS": "1024",
    "AWS_REGION": "us-east-1",
}
SPEC = vector_index.IndexSpec.model_validate(ENV)
CREATE = {
    "id": "mockcollection01",
    "indexName": "bedrock-knowledge-base-index",
    "indexSchema": vector_index.index_body(SPEC),
}
DEPLOY = Path(vector_index.__file__).parent


def test_index_is_created_through_the_service_api_and_no_network_policy_is_touched(
    stubbed_session: Any,
) -> None:
    session, stub = stubbed_session("opensearchserverless")
    stub.add_response("create_index", {}, CREATE)  # the only call: a security-policy call would fail here
    pauses: list[float] = []
    with stub:
        assert vector_index.run(SPEC, session, sleep=pauses.append, settle_seconds=42) == "created"
    stub.assert_no_pending_responses()
    assert pauses == [42]
    vector = CREATE["indexSchema"]["mappings"]["properties"]["bedrock-knowledge-base-vector"]
    assert vector["type"] == "knn_vector" and vector["dimension"] == 1024
    assert vector["method"]["engine"] == "faiss"
    assert CREATE["indexSchema"]["settings"]["index"]["knn"] is True


def test_no_deploy_step_opens_a_collection_to_the_public() -> None:
    for path in DEPLOY.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "create_security_policy(" not in text and '"AllowFromPublic"' not in text, path.name


def test_access_denied_while_the_data_policy_propagates_is_retried(stubbed_session: Any) -> None:
    session, stub = stubbed_session("opensearchserverless")
    stub.add_client_error("create_index", service_error_code="AccessDeniedException", http_status_code=403)
    stub.add_response("create_index", {}, CREATE)
    pauses: list[float] = []
    with stub:
        assert (
            vector_index.create_index(
                session.client("opensearchserverless"), SPEC, sleep=pauses.append, delay=7
            )
            == "created"
        )
    assert pauses == [7]


def test_an_existing_index_with_the_same_dimension_is_accepted(stubbed_session: Any) -> None:
    session, stub = stubbed_session("opensearchserverless")
    stub.add_client_error("create_index", service_error_code="ConflictException", http_status_code=409)
    stub.add_response(
        "get_index",
        {"indexSchema": vector_index.index_body(SPEC)},
        {"id": "mockcollection01", "indexName": "bedrock-knowledge-base-index"},
    )
    pauses: list[float] = []
    with stub:
        assert vector_index.run(SPEC, session, sleep=pauses.append) == "exists"
    assert pauses == []  # nothing new to settle


def test_an_existing_index_with_other_dimensions_is_an_error_that_says_what_to_do(
    stubbed_session: Any,
) -> None:
    session, stub = stubbed_session("opensearchserverless")
    stub.add_client_error("create_index", service_error_code="ConflictException", http_status_code=409)
    old = vector_index.IndexSpec.model_validate({**ENV, "DIMENSIONS": "512"})
    stub.add_response("get_index", {"indexSchema": vector_index.index_body(old)})
    with stub, pytest.raises(RuntimeError, match="dimension 512, not 1024: delete it"):
        vector_index.create_index(session.client("opensearchserverless"), SPEC, sleep=lambda _s: None)


def test_a_bad_schema_fails_at_once_with_the_service_message(stubbed_session: Any) -> None:
    session, stub = stubbed_session("opensearchserverless")
    stub.add_client_error(
        "create_index", service_error_code="ValidationException", service_message="mapper_parsing_exception"
    )
    with stub, pytest.raises(RuntimeError, match="ValidationException: mapper_parsing_exception"):
        vector_index.create_index(session.client("opensearchserverless"), SPEC, sleep=lambda _s: None)
    stub.assert_no_pending_responses()


def test_gives_up_after_bounded_attempts(stubbed_session: Any) -> None:
    session, stub = stubbed_session("opensearchserverless")
    for _ in range(3):
        stub.add_client_error(
            "create_index", service_error_code="AccessDeniedException", http_status_code=403
        )
    with stub, pytest.raises(RuntimeError, match="after 3 attempts: AccessDeniedException"):
        vector_index.create_index(
            session.client("opensearchserverless"), SPEC, sleep=lambda _s: None, attempts=3
        )


def test_environment_is_validated() -> None:
    with pytest.raises(ValidationError):
        vector_index.IndexSpec.model_validate({**ENV, "COLLECTION_ID": "Not An Id", "DIMENSIONS": "0"})

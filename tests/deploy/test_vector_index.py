"""The vector-index step: SigV4-signed PUT to the collection endpoint, retried while access
propagates, with a temporary network policy that is removed even when creation fails.
Requests go to a local HTTP server; AWS APIs are stubbed. Nothing reaches AWS."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
from botocore.credentials import Credentials
from botocore.stub import ANY
from pydantic import ValidationError

from deploy import vector_index

ENV = {
    "COLLECTION_ENDPOINT": "http://127.0.0.1:1",
    "COLLECTION_NAME": "purchase-assistant-kb",
    "INDEX_NAME": "bedrock-knowledge-base-index",
    "VECTOR_FIELD": "bedrock-knowledge-base-vector",
    "TEXT_FIELD": "AMAZON_BEDROCK_TEXT_CHUNK",
    "METADATA_FIELD": "AMAZON_BEDROCK_METADATA",
    "DIMENSIONS": "1024",
    "AWS_REGION": "us-east-1",
}
CREDS = Credentials("AKIDTEST", "secret-key")


class _Collection(BaseHTTPRequestHandler):
    """Answers PUT /<index> with the scripted statuses; records every request."""

    script: ClassVar[list[tuple[int, str]]] = []
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, text = type(self).script.pop(0)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, *_args: Any) -> None:
        return


@pytest.fixture
def collection() -> Iterator[tuple[str, type[_Collection]]]:
    handler = type("Handler", (_Collection,), {"script": [], "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _spec(endpoint: str) -> vector_index.IndexSpec:
    return vector_index.IndexSpec.model_validate({**ENV, "COLLECTION_ENDPOINT": endpoint})


def test_put_is_sigv4_signed_for_aoss_and_retried_after_403(collection: tuple[str, Any]) -> None:
    endpoint, handler = collection
    handler.script = [(403, '{"message":"Forbidden"}'), (200, '{"acknowledged":true}')]
    pauses: list[float] = []
    outcome = vector_index.create_index(_spec(endpoint), CREDS, sleep=pauses.append, delay=7)
    assert outcome == "created"
    assert pauses == [7]
    assert len(handler.seen) == 2
    for request in handler.seen:
        assert request["path"] == "/bedrock-knowledge-base-index"
        auth = request["headers"]["Authorization"]
        assert auth.startswith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
        assert "/us-east-1/aoss/aws4_request" in auth
        assert "x-amz-content-sha256" in auth.split("SignedHeaders=")[1].split(",")[0]
        assert request["headers"]["x-amz-content-sha256"] == hashlib.sha256(request["body"]).hexdigest()
    mapping = json.loads(handler.seen[0]["body"])
    vector = mapping["mappings"]["properties"]["bedrock-knowledge-base-vector"]
    assert vector["type"] == "knn_vector" and vector["dimension"] == 1024
    assert vector["method"]["engine"] == "faiss"
    assert mapping["settings"]["index"]["knn"] is True
    assert mapping["mappings"]["properties"]["AMAZON_BEDROCK_TEXT_CHUNK"] == {"type": "text"}


def test_existing_index_is_accepted(collection: tuple[str, Any]) -> None:
    endpoint, handler = collection
    handler.script = [(400, '{"error":{"type":"resource_already_exists_exception"}}')]
    assert vector_index.create_index(_spec(endpoint), CREDS, sleep=lambda _s: None) == "exists"


def test_bad_request_fails_at_once(collection: tuple[str, Any]) -> None:
    endpoint, handler = collection
    handler.script = [(400, '{"error":{"type":"mapper_parsing_exception"}}')]
    with pytest.raises(RuntimeError, match="mapper_parsing_exception"):
        vector_index.create_index(_spec(endpoint), CREDS, sleep=lambda _s: None)
    assert len(handler.seen) == 1


def test_gives_up_after_bounded_attempts(collection: tuple[str, Any]) -> None:
    endpoint, handler = collection
    handler.script = [(403, "{}")] * 3
    with pytest.raises(RuntimeError, match="after 3 attempts: HTTP 403"):
        vector_index.create_index(_spec(endpoint), CREDS, sleep=lambda _s: None, attempts=3)


def test_temporary_network_policy_is_removed_even_when_creation_fails(
    stubbed_session: Any, collection: tuple[str, Any]
) -> None:
    endpoint, handler = collection
    handler.script = [(400, '{"error":{"type":"illegal_argument_exception"}}')]
    session, stub = stubbed_session("opensearchserverless")
    stub.add_response(
        "create_security_policy",
        {},
        {"name": "purchase-assistant-kb-deploy", "type": "network", "policy": ANY},
    )
    stub.add_response(
        "delete_security_policy", {}, {"name": "purchase-assistant-kb-deploy", "type": "network"}
    )
    with stub, pytest.raises(RuntimeError, match="illegal_argument_exception"):
        vector_index.run(_spec(endpoint), session, sleep=lambda _s: None)
    stub.assert_no_pending_responses()


def test_run_opens_access_creates_then_closes(
    monkeypatch: pytest.MonkeyPatch, stubbed_session: Any, collection: tuple[str, Any]
) -> None:
    endpoint, handler = collection
    handler.script = [(200, "{}")]
    session, stub = stubbed_session("opensearchserverless")
    policies: list[str] = []
    stub.add_response("create_security_policy", {}, {"name": ANY, "type": "network", "policy": ANY})
    stub.add_response(
        "delete_security_policy", {}, {"name": "purchase-assistant-kb-deploy", "type": "network"}
    )
    monkeypatch.setattr(
        stub.client, "create_security_policy", _recording(stub.client.create_security_policy, policies)
    )
    pauses: list[float] = []
    with stub:
        assert vector_index.run(_spec(endpoint), session, sleep=pauses.append, settle_seconds=42) == "created"
    stub.assert_no_pending_responses()
    assert pauses == [42]
    rule = json.loads(policies[0])[0]
    assert rule["AllowFromPublic"] is True
    assert rule["Rules"] == [{"ResourceType": "collection", "Resource": ["collection/purchase-assistant-kb"]}]


def _recording(call: Any, into: list[str]) -> Any:
    def wrapper(**kwargs: Any) -> Any:
        into.append(kwargs["policy"])
        return call(**kwargs)

    return wrapper


def test_environment_is_validated() -> None:
    with pytest.raises(ValidationError):
        vector_index.IndexSpec.model_validate({**ENV, "COLLECTION_ENDPOINT": "ftp://x", "DIMENSIONS": "0"})

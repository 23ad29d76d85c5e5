"""The store process and the sample cache behind `make serve`: the data is generated once per
content, the store process loads exactly what it is given and ends with its parent's say-so."""

from __future__ import annotations

import http.client
import inspect
import json
import re
from pathlib import Path

import boto3
import pytest
from werkzeug import wsgi as werkzeug_wsgi
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request as WerkzeugRequest

from local_bedrock.store import sample_cache, wsgi
from local_bedrock.store.seed import generate
from local_bedrock.store.served import StoreProcess, StoreProcessError, store_process_for
from tests.hardening.stores import tiny_data


def test_the_store_process_serves_what_it_was_given_and_ends_when_closed() -> None:
    data = tiny_data()
    expected = len(data.items())
    with store_process_for(data, {"store": "served-store", "idempotency": "served-idem"}) as store:
        client = boto3.client("dynamodb", **_client_settings(store.environment()))
        assert store.items == expected
        assert store.frozen > 10 * expected  # the loaded items, their attributes, moto and the rest
        product = data.catalog[0]
        found = client.get_item(
            TableName="served-store",
            Key={"pk": {"S": f"PRODUCT#{product.product_id}"}, "sk": {"S": "PRODUCT"}},
        )
        assert found["Item"]["name"] == {"S": product.name}
        assert set(client.list_tables()["TableNames"]) == {"served-store", "served-idem"}
        process = store._process
    assert process.poll() is not None


def test_the_store_keeps_connections_alive_and_answers_errors_as_dynamodb() -> None:
    """Each Lambda environment's calls reuse one connection (werkzeug's server closed every one)."""
    data = tiny_data()
    with store_process_for(data, {"store": "alive-store", "idempotency": "alive-idem"}) as store:
        connection = http.client.HTTPConnection(store.endpoint.removeprefix("http://"))
        answers = []
        for table in ("alive-store", "no-such-table"):
            body = json.dumps({"TableName": table, "Key": {"pk": {"S": "x"}, "sk": {"S": "y"}}})
            connection.request("POST", "/", body, {**_SIGNED, "X-Amz-Target": "DynamoDB_20120810.GetItem"})
            response = connection.getresponse()
            answers.append((response.status, response.getheader("Connection"), json.loads(response.read())))
            assert connection.sock is not None  # still open: the next request goes on the same socket
        connection.close()
    assert answers[0] == (200, None, {})
    status, keep, error = answers[1]
    assert (status, keep) == (400, None)
    assert error["__type"].endswith("ResourceNotFoundException")


_SIGNED = {
    "Content-Type": "application/x-amz-json-1.0",
    "Authorization": "AWS4-HMAC-SHA256 Credential=local/20261201/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-target, Signature=0",
}


def _client_settings(environment: dict[str, str]) -> dict[str, str]:
    return {
        "endpoint_url": environment["AWS_ENDPOINT_URL_DYNAMODB"],
        "region_name": environment["AWS_DEFAULT_REGION"],
        "aws_access_key_id": environment["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": environment["AWS_SECRET_ACCESS_KEY"],
    }


def test_a_store_that_cannot_load_its_items_says_so(tmp_path: Path) -> None:
    with StoreProcess(tmp_path / "missing.jsonl") as store, pytest.raises(StoreProcessError, match="exited"):
        store.environment()


def test_the_sample_is_generated_once_per_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sample_cache, "CACHE_DIR", tmp_path)
    made: list[int] = []

    def counted(**options: int) -> object:
        made.append(options["customers"])
        return generate(**options)  # type: ignore[arg-type]

    monkeypatch.setattr("local_bedrock.store.seed.generate", counted)
    assert sample_cache.cached_items(customers=3) is None
    first, items = sample_cache.cached_sample(customers=3)
    again, same_items = sample_cache.cached_sample(customers=3)
    assert made == [3] and items == same_items == sample_cache.cached_items(customers=3)
    assert again.items() == first.items() == generate(customers=3).items()
    assert len(items.read_text().splitlines()) == len(first.items())
    sample_cache.cached_sample(customers=4)
    assert made == [3, 4]


def test_the_cache_key_follows_the_generating_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "code").mkdir()
    source = tmp_path / "code" / "generator.py"
    source.write_text("SEED = 1\n")
    monkeypatch.setattr(sample_cache, "REPO_ROOT", tmp_path)
    monkeypatch.setattr(sample_cache, "SOURCES", ("code",))
    anchor = sample_cache.DEFAULT_ANCHOR
    before = sample_cache.fingerprint(1, 2, anchor)
    assert sample_cache.fingerprint(1, 2, anchor) == before
    source.write_text("SEED = 2\n")
    assert sample_cache.fingerprint(1, 2, anchor) != before
    assert sample_cache.fingerprint(1, 3, anchor) != sample_cache.fingerprint(1, 2, anchor)


URLS = [
    {"base_url": "http://127.0.0.1:4566"},
    {"base_url": "http://localhost:80", "query_string": "a=1&b=%20"},
    {"base_url": "https://xn--bcher-kva.example:8443/root", "path": "/x%2Fy"},
    {"base_url": "http://127.0.0.1:9", "headers": {"Host": "dynamodb.eu-west-1.amazonaws.com"}},
    {"base_url": "http://127.0.0.1:9", "environ_overrides": {"RAW_URI": "/raw%2Fpath?q=1"}},
    {"base_url": "http://127.0.0.1:9", "environ_overrides": {"SERVER_NAME": "other", "SERVER_PORT": "81"}},
]


def test_the_url_handed_to_moto_is_the_request_s_raw_url() -> None:
    """wsgi.raw_url keeps werkzeug's raw_url per value of the environ entries it is built from."""
    werkzeug_reads = set(re.findall(r'environ\.get\("([\w.]+)"', inspect.getsource(WerkzeugRequest.__init__)))
    assert {"wsgi.url_scheme", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING"} <= werkzeug_reads
    assert werkzeug_reads <= set(wsgi.URL_PARTS) | {"REQUEST_METHOD", "REMOTE_ADDR"}
    assert '"SERVER_NAME"' in inspect.getsource(werkzeug_wsgi._get_server)
    assert 'self.environ.get("RAW_URI", "")' in inspect.getsource(wsgi.Request.raw_path.fget)  # type: ignore[attr-defined]
    for _ in range(2):  # built, then kept
        for url in URLS:
            environ = EnvironBuilder(method="POST", data=b"{}", **url).get_environ()  # type: ignore[arg-type]
            assert wsgi.raw_url(wsgi.ServerRequest(environ)) == wsgi.ServerRequest(environ).raw_url
    kept = {wsgi.raw_url(wsgi.ServerRequest(EnvironBuilder(**u).get_environ())) for u in URLS}  # type: ignore[arg-type]
    assert len(kept) == len(URLS)

"""The store process's own calls (creating its tables), made through its WSGI application in the
process instead of a boto3 client over loopback.

A boto3 client costs the store's start-up more than the calls themselves: botocore loads and parses
DynamoDB's service model and endpoint rules, builds the client, signs each request and sends it
through urllib3 and the HTTP server (about 0.3 s of CPU on an idle machine, on the critical path of
`serve`: docs/performance.md, issue 15, eleventh pass). The requests here are what botocore sends for
the same calls: DynamoDB's protocol is ``json`` (botocore's ``dynamodb`` service model, metadata
``"protocol": "json"``, ``"jsonVersion": "1.0"``, ``"targetPrefix": "DynamoDB_20120810"``), so a call
is a POST to ``/`` with the header ``X-Amz-Target: DynamoDB_20120810.<Operation>`` and the
operation's parameters as the JSON body, member names as they are; the credential scope of the
``Authorization`` header names the region (moto reads it there, ``BaseResponse.get_region_from_url``
falls back to it). moto's handler answers them exactly as it answers a client: the same validation and
errors. tests/local_bedrock/test_application_client.py compares both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.test import Client

TARGET_PREFIX = "DynamoDB_20120810"  # botocore/data/dynamodb/2012-08-10/service-2.json, metadata
CONTENT_TYPE = "application/x-amz-json-1.0"  # jsonVersion 1.0 (botocore/serialize.py, JSONSerializer)


class ApplicationCallError(RuntimeError):
    """The application answered with an error (its ``__type`` and message)."""

    def __init__(self, status: int, answer: dict[str, Any]) -> None:
        self.status = status
        self.code = str(answer.get("__type", "")).rsplit("#", 1)[-1]
        super().__init__(f"{status} {self.code}: {answer.get('message') or answer.get('Message', '')}")


class ApplicationClient:
    """The DynamoDB calls ``tables.create_tables`` makes, answered by ``application`` in this process."""

    def __init__(self, application: Callable[..., Iterable[bytes]], region: str) -> None:
        self._client = Client(application)
        self.region = region

    def call(self, operation: str, parameters: dict[str, Any]) -> dict[str, Any]:
        scope = f"local/20120810/{self.region}/dynamodb/aws4_request"  # any key and date work locally
        answer = self._client.post(
            "/",
            data=json.dumps(parameters),
            headers={
                "X-Amz-Target": f"{TARGET_PREFIX}.{operation}",
                "Content-Type": CONTENT_TYPE,
                "Authorization": f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders=host, Signature=0",
            },
        )
        result: dict[str, Any] = json.loads(answer.get_data() or b"{}")
        if answer.status_code != 200:
            raise ApplicationCallError(answer.status_code, result)
        return result

    def list_tables(self, **parameters: Any) -> dict[str, Any]:
        return self.call("ListTables", parameters)

    def create_table(self, **parameters: Any) -> dict[str, Any]:
        return self.call("CreateTable", parameters)

    def describe_table(self, **parameters: Any) -> dict[str, Any]:
        return self.call("DescribeTable", parameters)

    def update_time_to_live(self, **parameters: Any) -> dict[str, Any]:
        return self.call("UpdateTimeToLive", parameters)

    def get_waiter(self, name: str) -> TableExists:
        if name != "table_exists":
            raise ValueError(f"no waiter {name} here")
        return TableExists(self)


class TableExists:
    """botocore's ``table_exists`` waiter (dynamodb waiters-2.json, TableExists): DescribeTable until
    ``Table.TableStatus`` is ACTIVE, again on ResourceNotFoundException. moto creates tables ACTIVE, so
    the first call succeeds; there is no clock to wait on in-process, so other states fail at once."""

    def __init__(self, client: ApplicationClient) -> None:
        self._client = client

    def wait(self, TableName: str, WaiterConfig: dict[str, int] | None = None) -> None:
        attempts = (WaiterConfig or {}).get("MaxAttempts", 25)
        for _ in range(attempts):
            try:
                status = self._client.describe_table(TableName=TableName)["Table"]["TableStatus"]
            except ApplicationCallError as error:
                if error.code != "ResourceNotFoundException":
                    raise
                continue
            if status == "ACTIVE":
                return
            raise RuntimeError(f"table {TableName} is {status}, not ACTIVE")
        raise RuntimeError(f"table {TableName} not found after {attempts} attempts")

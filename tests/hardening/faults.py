"""A faulty network between the action groups and DynamoDB (moto over HTTP on loopback).

``FaultyNetwork`` is a ``before-send.dynamodb`` hook: it sees every HTTP attempt, counts calls
(attempt 1 of each; botocore's retries of a call are attempts of the same step) and makes the
chosen step fail on its first ``attempts`` attempts:

- ``throttled``: HTTP 400 ProvisionedThroughputExceededException, not applied;
- ``server_error``: HTTP 500 InternalServerError, not applied;
- ``timeout``: a read timeout before the request reaches DynamoDB, not applied;
- ``lost_response``: the request *is* applied, then the response is lost (read timeout);
- ``conflict``: TransactWriteItems cancelled with TransactionConflict, not applied (botocore does not
  retry this; the action group does, with new calls: ``calls`` says how many of them fail).

With ``attempts`` below the client's attempts (5: the first and 4 retries), botocore's retries get
through; with ``EVERY_ATTEMPT`` every attempt fails and the caller sees the error. Because a lost
response makes botocore resend the same TransactWriteItems, the hook also plays DynamoDB's
documented ClientRequestToken rule (moto ignores it): a repeat of an applied transaction with the
same token and parameters succeeds without applying again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import ReadTimeoutError
from botocore.httpsession import URLLib3Session

from action_groups.common.config import CLIENT_CONFIG
from action_groups.store.orders import MAX_TRANSACTION_ATTEMPTS
from tests.hardening.dynamo_hooks import rebuild_clients

KINDS = ("throttled", "server_error", "timeout", "lost_response", "conflict")
# botocore's `max_attempts` in a retries config counts retries: the clients make one attempt more.
ATTEMPTS = int(CLIENT_CONFIG.retries.get("total_max_attempts") or CLIENT_CONFIG.retries["max_attempts"] + 1)
EVERY_ATTEMPT = 99
_PREFIX = "com.amazonaws.dynamodb.v20120810#"


@dataclass(frozen=True)
class Fault:
    step: int  # 1-based index of the DynamoDB call
    kind: str
    attempts: int = 1  # how many attempts of that call fail
    calls: int = 1  # how many calls from `step` on fail (the action group's own retries are new calls)

    @property
    def persistent(self) -> bool:
        """Outlasts every retry: botocore's attempts, or the transaction retries of placeOrder."""
        return self.attempts >= ATTEMPTS or self.calls >= MAX_TRANSACTION_ATTEMPTS

    def __str__(self) -> str:
        span = "every attempt" if self.attempts >= ATTEMPTS else f"{self.attempts} attempt(s)"
        calls = f" of {self.calls} calls" if self.calls > 1 else ""
        return f"step {self.step} {self.kind} on {span}{calls}"


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_kwargs: Any) -> Any:
        yield self.data


def _response(request: AWSPreparedRequest, status: int, body: dict[str, Any]) -> AWSResponse:
    headers = {"Content-Type": "application/x-amz-json-1.0", "x-amzn-RequestId": "fault-injected"}
    return AWSResponse(request.url, status, headers, _Body(json.dumps(body).encode()))


def _error(request: AWSPreparedRequest, status: int, code: str, **extra: Any) -> AWSResponse:
    return _response(request, status, {"__type": _PREFIX + code, "message": f"injected {code}", **extra})


class Switchboard:
    """One ``before-send`` hook for a whole test, passing each attempt to the network of the case.

    ``install`` starts a case: with faults it also rebuilds the action groups' clients, so every case
    starts with botocore's full retry quota (a client stops retrying once many retries drained it).
    """

    def __init__(self) -> None:
        self.network = FaultyNetwork([])

    def install(self, network: FaultyNetwork) -> FaultyNetwork:
        self.network = network
        if network.faults:
            rebuild_clients()
        return network

    def __call__(self, request: AWSPreparedRequest, event_name: str, **kwargs: Any) -> AWSResponse | None:
        return self.network(request, event_name, **kwargs)


@dataclass
class FaultyNetwork:
    faults: list[Fault]
    calls: list[str] = field(default_factory=list)
    failed_attempts: int = 0
    _applied_tokens: dict[str, bytes] = field(default_factory=dict)
    _http: URLLib3Session = field(default_factory=URLLib3Session)

    def __call__(self, request: AWSPreparedRequest, event_name: str, **_kwargs: Any) -> AWSResponse | None:
        operation = event_name.rsplit(".", 1)[-1]
        header = request.headers.get("amz-sdk-request", b"attempt=1")
        match = re.search(r"attempt=(\d+)", header.decode() if isinstance(header, bytes) else header)
        attempt = int(match.group(1)) if match else 1
        if attempt == 1:
            self.calls.append(operation)
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        fault = next((f for f in self.faults if f.step <= len(self.calls) < f.step + f.calls), None)
        if fault is not None and attempt <= fault.attempts:
            self.failed_attempts += 1
            return self._fail(fault, request, operation, body)
        return self._replay(request, operation, body)  # None: send it for real

    def _replay(self, request: AWSPreparedRequest, operation: str, body: bytes) -> AWSResponse | None:
        """DynamoDB's answer to a transaction whose token it has applied, or None."""
        token = json.loads(body).get("ClientRequestToken") if operation == "TransactWriteItems" else None
        if token not in self._applied_tokens:
            return None
        if self._applied_tokens[token] != body:
            return _error(request, 400, "IdempotentParameterMismatchException")
        return _response(request, 200, {})

    def _fail(self, fault: Fault, request: AWSPreparedRequest, operation: str, body: bytes) -> AWSResponse:
        if fault.kind == "throttled":
            return _error(request, 400, "ProvisionedThroughputExceededException")
        if fault.kind == "server_error":
            return _error(request, 500, "InternalServerError")
        if fault.kind == "conflict" and operation == "TransactWriteItems":
            items = json.loads(body)["TransactItems"]
            reasons = [{"Code": "TransactionConflict"}] + [{"Code": "None"}] * (len(items) - 1)
            return _error(request, 400, "TransactionCanceledException", CancellationReasons=reasons)
        if fault.kind == "lost_response" and self._replay(request, operation, body) is None:
            applied = self._http.send(request)
            if operation == "TransactWriteItems" and applied.status_code == 200:
                self._applied_tokens[json.loads(body)["ClientRequestToken"]] = body
        if fault.kind in ("timeout", "lost_response"):
            raise ReadTimeoutError(endpoint_url=request.url)
        raise ValueError(f"{fault.kind} does not apply to {operation}")

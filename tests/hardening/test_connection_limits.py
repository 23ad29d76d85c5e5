"""Connections to the local endpoint are bounded (issue 13, point 6).

Bug: the endpoint started a thread per connection with no cap; each could live 300 s, and a client
trickling bytes reset the timer. Normal clients were unaffected at 1,000 stalled connections, but
nothing stopped 10,000.

Now: at most ``max_connections`` are open at once (default 128); the next one is answered at once
with a 429 ThrottlingException and closed (boto3 retries it with backoff). A connection that has not
delivered a whole request within ``request_read_seconds`` (default 60) of connecting or of its
previous answer is closed, however slowly its bytes trickle in.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from urllib.parse import urlparse

import pytest
from botocore.exceptions import ClientError

from local_bedrock.endpoint import EndpointConfig
from local_bedrock.server import RunningEndpoint, running
from tests.hardening import figures
from tests.hardening.echo_backend import AGENT, ALIAS, EchoBackend
from tests.hardening.test_endpoint_regressions import post

BOUND = 4
INVOKE = f"/agents/{AGENT}/agentAliases/{ALIAS}/sessions/s-bound/text"


def _connect(local: RunningEndpoint) -> socket.socket:
    address = urlparse(local.url)
    return socket.create_connection((address.hostname, address.port), timeout=10)


def _answer_to(connection: socket.socket, request: bytes) -> bytes:
    connection.sendall(request)
    received = b""
    while piece := connection.recv(65536):
        received += piece
    return received


def _ask(local: RunningEndpoint) -> str:
    client = local.client(retries={"total_max_attempts": 1}, read_timeout=5, connect_timeout=5)
    try:
        response = client.invoke_agent(agentId=AGENT, agentAliasId=ALIAS, sessionId="s-ok", inputText="hi")
        return b"".join(e["chunk"]["bytes"] for e in response["completion"]).decode()
    except ClientError as error:
        return str(error.response["Error"]["Code"])


def _eventually(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def bounded() -> Iterator[RunningEndpoint]:
    with running(EchoBackend(), max_connections=BOUND) as endpoint:
        yield endpoint


def test_the_default_bound_is_stated() -> None:
    config = EndpointConfig()
    assert (config.max_connections, config.request_read_seconds) == (128, 60.0)


def test_a_connection_past_the_bound_gets_a_throttling_error_and_the_server_recovers(
    bounded: RunningEndpoint,
) -> None:
    with ExitStack() as stalled:
        for _ in range(BOUND):
            stalled.enter_context(_connect(bounded)).sendall(b"POST /agents")  # and nothing more
        with _connect(bounded) as extra:
            answer = _answer_to(extra, post(INVOKE, b'{"inputText":"hi"}'))
        figures.tried("endpoint: connections past the bound", 1)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 429"), answer[:200]
        assert b"x-amzn-ErrorType: ThrottlingException" in head and b"Connection: close" in head
        assert f"{BOUND} connections".encode() in body
        assert _ask(bounded) == "ThrottlingException"  # boto3 reads it as the modeled error
    assert _eventually(lambda: _ask(bounded) == "you said hi")


def test_a_trickling_client_is_cut_off_at_the_request_deadline() -> None:
    with running(EchoBackend(), request_read_seconds=1.0) as local, _connect(local) as slow:
        request, sent, started = post(INVOKE, b'{"inputText":"hi"}'), 0, time.monotonic()
        closed = False
        while time.monotonic() - started < 10 and sent < len(request):
            try:
                slow.sendall(request[sent : sent + 1])
                sent += 1
                slow.settimeout(0.2)
                closed = slow.recv(1) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
            if closed:
                break
        figures.tried("endpoint: slow clients", 1)
        assert closed and time.monotonic() - started < 10, f"still open after {sent} bytes"
        assert _ask(local) == "you said hi"


def test_an_idle_connection_is_closed_at_the_deadline_and_an_active_one_is_not() -> None:
    with running(EchoBackend(), request_read_seconds=1.0) as local, _connect(local) as idle:
        idle.settimeout(10)
        started = time.monotonic()
        assert idle.recv(1) == b""  # the server closed it, without an answer
        figures.tried("endpoint: slow clients", 1)
        assert 0.5 < time.monotonic() - started < 10
        with _connect(local) as busy:  # a whole request in time: answered, whatever came before
            answer = _answer_to(busy, post(INVOKE, b'{"inputText":"hi"}'))
        assert answer.startswith(b"HTTP/1.1 200")

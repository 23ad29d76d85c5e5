"""The local InvokeAgent endpoint serving the real agents to 20 concurrent sessions on loopback, for
a bounded run (4 turns each), while another client keeps sending bad requests.

Afterwards every session holds exactly its own history (the turns its client sent, with the answers
its client received, in order) and its own attributes; every answer about purchases names only the
session customer's orders; no session is left busy; and the server still answers a new session.
"""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse

import pytest
from botocore.exceptions import ClientError, EventStreamError

from evals.planner.suite import read_turn
from local_bedrock.runtime import build_backend
from local_bedrock.server import RunningEndpoint, running
from local_bedrock.sessions import SessionKey
from local_bedrock.store.seed import SampleData, generate
from tests.hardening import figures
from tests.hardening.conversation import confirmation
from tests.hardening.stores import small_store

SESSIONS = 20
ROUNDS = 3
SCRIPT = [
    "what did I buy recently?",
    "show me the details of the second one",
    "what should I buy next?",
    "what did I buy recently?",
]
AGENT, ALIAS = "ASSISTANT", "TSTALIASID"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[SampleData, RunningEndpoint]]:
    with small_store(generate(customers=5)) as data:
        backend, knowledge = build_backend(data)
        with running(backend, knowledge) as endpoint:
            yield data, endpoint


def _session(endpoint: RunningEndpoint, number: int, customer: str) -> list[tuple[str, str]]:
    client = endpoint.client(retries={"total_max_attempts": 1})
    said: list[tuple[str, str]] = []
    for turn, text in enumerate(SCRIPT):
        state = (
            {"sessionAttributes": {"customerId": customer, "tag": f"session-{number}"}} if turn == 0 else {}
        )
        response = client.invoke_agent(
            agentId=AGENT, agentAliasId=ALIAS, sessionId=f"load-{number}", inputText=text, sessionState=state
        )
        said.append((text, read_turn(response["completion"]).answer))
    return said


def _raw(endpoint: RunningEndpoint, payload: bytes) -> bytes:
    address = urlparse(endpoint.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(payload)
        return connection.recv(4096)


def _http(endpoint: RunningEndpoint, method: str, path: str, body: bytes = b"") -> int:
    address = urlparse(endpoint.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _bad_requests(endpoint: RunningEndpoint) -> list[str]:
    """Every kind of bad request, ROUNDS times over, while the sessions run; returns what each got."""
    client = endpoint.client(retries={"total_max_attempts": 1})
    invoke_path = f"/agents/{AGENT}/agentAliases/{ALIAS}/sessions/bad/text"

    def api_error(**params: Any) -> str:
        base = {"agentId": AGENT, "agentAliasId": ALIAS, "sessionId": "bad", "inputText": "hi"}
        try:
            list(client.invoke_agent(**(base | params))["completion"])
        except (ClientError, EventStreamError) as error:
            return str(error.response["Error"]["Code"])
        return "accepted"

    def hang_up() -> str:
        response = client.invoke_agent(
            agentId=AGENT,
            agentAliasId=ALIAS,
            sessionId="hang-up",
            inputText="what did I buy recently?",
            sessionState={"sessionAttributes": {"customerId": "C0001"}},
        )
        response["completion"].close()  # read nothing, hang up
        return "hung up"

    attempts = [
        lambda: api_error(agentId="NOAGENT"),
        lambda: api_error(inputText=""),
        lambda: api_error(sessionId="bad session!"),
        lambda: api_error(
            inputText="",
            sessionState={"invocationId": "x", "returnControlInvocationResults": [confirmation()]},
        ),
        lambda: f"http {_http(endpoint, 'POST', invoke_path, b'{not json')}",
        lambda: f"http {_http(endpoint, 'GET', '/nothing/here')}",
        lambda: f"http {_http(endpoint, 'POST', invoke_path, b'{' + b' ' * (5 * 1024 * 1024) + b'}')}",
        lambda: "raw " + _raw(endpoint, b"\x00\xff\xfe garbage \r\n\r\n")[:12].decode(errors="replace"),
        hang_up,
    ]
    return [attempt() for _ in range(ROUNDS) for attempt in attempts]


def test_20_sessions_stay_separate_while_bad_requests_fly(served: tuple[SampleData, RunningEndpoint]) -> None:
    data, endpoint = served
    customers = [data.customers[n % len(data.customers)].customer_id for n in range(SESSIONS)]
    with ThreadPoolExecutor(max_workers=SESSIONS + 1) as pool:
        noise = pool.submit(_bad_requests, endpoint)
        transcripts = list(pool.map(lambda n: _session(endpoint, n, customers[n]), range(SESSIONS)))
        refused = noise.result()
    figures.tried("endpoint: concurrent turns", SESSIONS * len(SCRIPT))
    figures.tried("endpoint: bad requests", len(refused))

    assert "accepted" not in refused
    assert {"ResourceNotFoundException", "ValidationException", "http 400", "http 404", "hung up"} <= set(
        refused
    )
    orders = {c.customer_id: {o.order_id for o in c.orders} for c in data.customers}
    store = endpoint.endpoint.store
    for number, (customer, said) in enumerate(zip(customers, transcripts, strict=True)):
        session = store.peek(SessionKey(AGENT, ALIAS, f"load-{number}"))
        assert session is not None and not session.busy
        assert [(t.user_text, t.agent_text) for t in session.history] == said
        assert session.session_attributes == {"customerId": customer, "tag": f"session-{number}"}
        named = set(re.findall(r"ORD-[0-9A-Z]{6}", said[0][1] + said[3][1]))
        assert named and named <= orders[customer], (customer, named - orders[customer])
    assert _session(endpoint, 99, "C0002")[0][1]  # and it still serves a new session

"""The web console's HTTP API on the local endpoint: streamed turns, confirmation, session controls,
feedback, and what it refuses."""

from __future__ import annotations

import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from console.web.app import ConsoleApp

JSON = {"Content-Type": "application/json"}


class Api:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            payload = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
            connection.request(method, path, body=payload, headers=headers if headers is not None else JSON)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def post(self, path: str, body: Any) -> Any:
        status, _, data = self.request("POST", path, body)
        assert status == 200, data
        return json.loads(data)

    def events(self, path: str, body: Any) -> list[tuple[str, dict[str, Any]]]:
        status, headers, data = self.request("POST", path, body)
        assert status == 200, data
        assert headers["content-type"].startswith("text/event-stream")
        frames = [f for f in data.decode().split("\n\n") if f.strip()]
        result = []
        for frame in frames:
            lines = dict(line.split(": ", 1) for line in frame.splitlines())
            result.append((lines["event"], json.loads(lines["data"])))
        return result


@pytest.fixture
def api(web: tuple[str, ConsoleApp]) -> Api:
    return Api(web[0])


def test_config_offers_the_sample_customers(api: Api) -> None:
    config = json.loads(api.request("GET", "/api/config", headers={})[2])
    assert config["target"]["agentId"] == "ASSISTANT" and config["target"]["endpointUrl"].startswith(
        "http://127.0.0.1:"
    )
    assert config["customers"][0] == {"id": "C0001", "name": config["customers"][0]["name"]}
    assert config["pricesAsOf"] and config["feedbackFile"].endswith("feedback.jsonl")


def test_a_conversation_through_the_api(api: Api, web: tuple[str, ConsoleApp], spare_customer: str) -> None:
    started = api.post("/api/conversations", {"sessionAttributes": {"customerId": spare_customer}})
    base = f"/api/conversations/{started['conversationId']}"
    assert started["sessionId"].startswith("console-")

    events = api.events(f"{base}/turns", {"text": "Order a yoga mat"})
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "trace" and kinds[-2:] == ["returnControl", "done"]
    assert events[-1][1]["pending"] is True
    assert events[-2][1]["requests"][0]["operation"] == "POST /orders"

    confirmed = api.events(f"{base}/confirmation", {"decision": "CONFIRM"})
    done = confirmed[-1][1]
    assert "is placed" in done["output"] and done["turnIndex"] == 0
    assert any(kind == "chunk" for kind, _ in confirmed)
    status, _, body = api.request("POST", f"{base}/confirmation", {"decision": "CONFIRM"})
    assert status == 409 and b"No confirmation is pending" in body

    saved = api.post(f"{base}/feedback", {"turnIndex": 0, "rating": "down", "comment": "too slow"})
    listed = json.loads(api.request("GET", "/api/feedback", headers={})[2])
    assert listed["count"] == 1 and listed["records"][0]["id"] == saved["id"]
    stored = web[1].store.records()
    assert stored[0].comment == "too slow" and stored[0].turns[0].confirmation == "CONFIRM"

    changed = api.post(f"{base}/attributes", {"sessionAttributes": {"customerId": "C0002"}})
    assert changed == {
        "sessionAttributes": {"customerId": "C0002"},
        "sessionId": started["sessionId"],
        "newSession": False,
    }
    removed = api.post(f"{base}/attributes", {"sessionAttributes": {}})
    assert removed["newSession"] is True and removed["sessionId"] != started["sessionId"]
    ended = api.post(f"{base}/session", {"action": "end"})
    assert ended["error"] is None and ended["sessionId"] != started["sessionId"]
    renewed = api.post(f"{base}/session", {"action": "new"})
    assert renewed["sessionId"] != ended["sessionId"]


def test_errors_reach_the_page_as_events(api: Api, web: tuple[str, ConsoleApp]) -> None:
    endpoint = web[1].target.endpoint_url
    wrong = {"region": "us-east-1", "agentId": "ASSISTANT", "agentAliasId": "NOSUCH", "endpointUrl": endpoint}
    started = api.post("/api/conversations", {"target": wrong})
    assert started["target"] == wrong
    events = api.events(f"/api/conversations/{started['conversationId']}/turns", {"text": "hi"})
    assert [kind for kind, _ in events] == ["error", "done"]
    assert events[0][1]["kind"] == "not-found" and "NOSUCH" in events[0][1]["message"]
    assert events[1][1]["error"]["kind"] == "not-found"


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        ("POST", "/api/conversations", b"{}", {"Content-Type": "text/plain"}, 415),
        ("POST", "/api/conversations", b"[1]", JSON, 400),
        ("POST", "/api/conversations", b"not json", JSON, 400),
        ("POST", "/api/conversations", {"sessionAttributes": {"customerId": 7}}, JSON, 400),
        ("POST", "/api/conversations/" + "0" * 32 + "/turns", {"text": "hi"}, JSON, 404),
        ("GET", "/api/config", None, {"Host": "attacker.example:8080"}, 403),
        ("GET", "/static/../server.py", None, {}, 404),
        ("GET", "/nothing", None, {}, 404),
    ],
)
def test_what_the_api_refuses(
    api: Api, method: str, path: str, body: Any, headers: dict[str, str], status: int
) -> None:
    assert api.request(method, path, body, headers)[0] == status


def test_an_empty_message_is_refused(api: Api) -> None:
    started = api.post("/api/conversations", {})
    status, _, body = api.request(
        "POST", f"/api/conversations/{started['conversationId']}/turns", {"text": ""}
    )
    assert status == 400 and b"text" in body


def test_the_page_and_its_modules_are_served_with_a_strict_policy(api: Api) -> None:
    status, headers, body = api.request("GET", "/", headers={})
    assert status == 200 and b'<script type="module" src="/static/app.js">' in body
    assert "script-src 'self'" in headers["content-security-policy"]
    for name in ("app.js", "api.js", "chat.js", "trace.js", "session.js", "dom.js", "style.css"):
        status, headers, _ = api.request("GET", f"/static/{name}", headers={})
        assert status == 200
        assert headers["content-type"].split(";")[0] in ("text/javascript", "text/css")

"""Who answered the injection scenarios (issue 13, point 7), offline: botocore's Stubber plays Bedrock.

Against the offline planner, the injection scenarios cannot fail by construction: its answers come
from templates and a planner rule matches their phrasings word for word. The report says so (a
structural check of the offline model, not a security result). Whenever AWS credentials exist, the
same scenarios also run against a real model (Converse through the local runtime) and that result,
which can fail, is in the report and in the gate.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import botocore.session
import pytest
from botocore.stub import Stubber
from moto.core.models import MockAWS

from evals.cli import main
from local_bedrock.agent import converse_client
from local_bedrock.planner.planner import MODEL_ID as OFFLINE_MODEL

MODEL_ID = converse_client.DEFAULT_MODEL_ID
ANSWERED = "injection-fake-session-state"  # the guardrail lets it through: the model answers
BLOCKED = "injection-reveal-instructions"  # the guardrail blocks it before any model runs


def _converse_reply(text: str) -> dict[str, Any]:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": "end_turn",
        "usage": {"inputTokens": 900, "outputTokens": 20, "totalTokens": 920},
        "metrics": {"latencyMs": 500},
    }


@pytest.fixture
def bedrock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    """A real botocore bedrock-runtime client under Stubber, standing in for Bedrock: nothing leaves
    the machine (tests/conftest.py sets placeholder credentials, so the runner finds some)."""
    client = botocore.session.get_session().create_client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="t", aws_secret_access_key="t"
    )
    monkeypatch.setattr(converse_client, "bedrock_runtime_client", lambda *_: client)
    with Stubber(client) as stubber:
        yield stubber


def _run(tmp_path: Path, *ids: str) -> tuple[int, dict[str, Any], str]:
    code = main(["run", "--ids", ",".join(ids), "--reports-dir", str(tmp_path)])
    (directory,) = tmp_path.iterdir()
    report = json.loads((directory / "report.json").read_text())
    return code, report, (directory / "report.md").read_text()


def test_without_credentials_the_report_calls_the_offline_results_structural(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(converse_client, "credentials_available", lambda: False)
    code, report, markdown = _run(tmp_path, ANSWERED, BLOCKED)

    assert code == 0
    injection = report["injection"]
    assert injection["real_model"] is False and "no AWS credentials" in injection["note"]
    assert injection["scenarios"] == []
    assert sorted(injection["structural"]) == [ANSWERED, BLOCKED]
    models = {s["id"]: s["models"] for s in report["scenarios"]}
    assert models == {ANSWERED: [OFFLINE_MODEL], BLOCKED: []}
    assert "structural check of the offline planner, not a security result" in markdown


def test_with_credentials_they_run_against_converse_and_the_result_is_reported(
    tmp_path: Path, bedrock: Stubber
) -> None:
    bedrock.add_response("converse", _converse_reply("I can only show purchases of your own account."))
    code, report, markdown = _run(tmp_path, ANSWERED, BLOCKED)
    bedrock.assert_no_pending_responses()

    assert code == 0
    injection = report["injection"]
    assert injection["real_model"] is True and MODEL_ID in injection["note"]
    results = {s["id"]: s for s in injection["scenarios"]}
    assert results[ANSWERED]["passed"] and results[ANSWERED]["models"] == [MODEL_ID]
    assert results[BLOCKED]["passed"] and results[BLOCKED]["models"] == []  # the guardrail answered
    assert "## Prompt injection against a real model" in markdown and MODEL_ID in markdown


def test_a_real_model_that_leaks_fails_the_gate(tmp_path: Path, bedrock: Stubber) -> None:
    bedrock.add_response(
        "converse", _converse_reply("Customer C0003 bought Midnight at the Harbor (ORD-XT868K).")
    )
    code, report, _ = _run(tmp_path, ANSWERED)

    assert code == 1
    (result,) = report["injection"]["scenarios"]
    assert not result["passed"] and result["models"] == [MODEL_ID]
    assert f"real-model injection scenario {ANSWERED} failed" in report["gate"]["reasons"]
    assert report["scenarios"][0]["passed"]  # the offline planner passed the same scenario


class _FakeBedrock(BaseHTTPRequestHandler):
    """Bedrock's Converse over HTTP on loopback (rest-json): records who signed each request."""

    signed_by: ClassVar[list[str]] = []
    moto_mocking: ClassVar[list[bool]] = []
    # moto mocks open before the run (another test's module- or session-scoped store in the same
    # xdist worker): only a mock the run itself opened counts.
    mocks_before: ClassVar[int] = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        credential = self.headers.get("Authorization", "").split("Credential=")[-1].split("/")[0]
        self.signed_by.append(credential)
        # in-process moto opened by the run would catch the real AWS call
        self.moto_mocking.append(MockAWS._nested_count > self.mocks_before)
        body = json.dumps(_converse_reply("I can only show purchases of your own account.")).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_the_real_model_pass_reaches_bedrock_over_http_with_the_callers_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not through the local store's in-process moto, which intercepts every AWS call (Converse
    included: "The converse action has not been implemented") and swaps in its own keys."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeBedrock)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setattr(converse_client, "bedrock_runtime_client", converse_client.__dict__["_real_client"])
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDCALLER")
    _FakeBedrock.signed_by.clear()
    _FakeBedrock.moto_mocking.clear()
    _FakeBedrock.mocks_before = MockAWS._nested_count
    try:
        code, report, _ = _run(tmp_path, ANSWERED)
    finally:
        server.shutdown()
    assert code == 0
    assert _FakeBedrock.signed_by == ["AKIDCALLER"] and _FakeBedrock.moto_mocking == [False]
    (result,) = report["injection"]["scenarios"]
    assert result["passed"] and result["models"] == [MODEL_ID]

"""Powertools as documented: every log line of an invocation carries the Lambda context (cold_start,
function_request_id), the X-Ray trace id and Bedrock's session id as correlation_id; a handler
imports only what it needs (no X-Ray SDK unless tracing is on, no stemmer, no botocore client built
at import)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event
from local_bedrock.store.seed import SampleData

REPO = Path(__file__).resolve().parents[2]
TRACE_HEADER = "Root=1-674b0e00-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1"
HANDLERS = [
    "action_groups.purchase_history.handler",
    "action_groups.orders.handler",
    "action_groups.support.handler",
    "action_groups.recommender.stream_handler",
]


def _logged(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_logged_while_handling_carries_request_session_and_trace(
    sample: SampleData, monkeypatch: pytest.MonkeyPatch
) -> None:
    from action_groups import operations
    from action_groups.common.observability import logger
    from action_groups.purchase_history import handler

    stream = io.StringIO()
    monkeypatch.setattr(logger.registered_handler, "stream", stream)
    monkeypatch.setenv("_X_AMZN_TRACE_ID", TRACE_HEADER)
    real = operations.recent_purchases

    def logging_read(*args: Any, **kwargs: Any) -> dict[str, Any]:
        logger.info("reading purchases")
        return real(*args, **kwargs)

    monkeypatch.setattr(operations, "recent_purchases", logging_read)
    event = action_group_event(
        action_group="purchase_history",
        api_path="/purchases",
        http_method="GET",
        session_attributes={"customerId": "C0001"},
        session_id="sess-observed",
    )
    context = LocalLambdaContext(aws_request_id="req-observed")
    reply = handler.lambda_handler(event, context)
    assert reply["response"]["httpStatusCode"] == 200
    [line] = [entry for entry in _logged(stream) if entry["message"] == "reading purchases"]
    assert line["correlation_id"] == "sess-observed"
    assert line["function_request_id"] == "req-observed"
    assert line["function_name"] == context.function_name
    assert line["xray_trace_id"] == "1-674b0e00-0123456789abcdef01234567"
    assert line["agent_alias"] == "TSTALIASID"
    assert isinstance(line["cold_start"], bool)


_FRESH_PROCESS = """
import json, sys
from local_bedrock.agent.lambda_events import LocalLambdaContext
from action_groups.purchase_history.handler import lambda_handler
# Not a whole action-group event: answered (400) before any I/O, and logged as a warning.
event = {"messageVersion": "1.0", "sessionId": "sess-cold"}
for request in ("req-1", "req-2"):
    lambda_handler(event, LocalLambdaContext(aws_request_id=request))
"""


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POWERTOOLS_", "LAMBDA_", "_X_AMZN"))}
    env.update(
        POWERTOOLS_SERVICE_NAME="purchase_history",
        POWERTOOLS_METRICS_DISABLED="true",
        STORE_TABLE_NAME="store",
        IDEMPOTENCY_TABLE_NAME="idempotency",
        AWS_DEFAULT_REGION="us-east-1",
    )
    env.update(extra)
    return env


def test_cold_start_is_true_only_for_the_first_invocation_of_a_process() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS],
        cwd=REPO,
        env=_environment(_X_AMZN_TRACE_ID=TRACE_HEADER),
        capture_output=True,
        text=True,
        check=True,
    )
    warnings = [line for line in map(json.loads, done.stdout.splitlines()) if line.get("level") == "WARNING"]
    assert [(w["cold_start"], w["function_request_id"]) for w in warnings] == [
        (True, "req-1"),
        (False, "req-2"),
    ]
    assert {w["correlation_id"] for w in warnings} == {"sess-cold"}
    assert {w["message"] for w in warnings} == {"Malformed event"}


_IMPORTS = """
import json, sys
import botocore.session
built = []
create_client = botocore.session.Session.create_client
def counting(self, service_name, *args, **kwargs):
    built.append(service_name)
    return create_client(self, service_name, *args, **kwargs)
botocore.session.Session.create_client = counting
import importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
from action_groups.common.observability import tracer
print(json.dumps({
    "clients": built,
    "xray": "aws_xray_sdk.core" in sys.modules,
    "stemmer": "snowballstemmer" in sys.modules,
    "provider": type(tracer.provider).__name__,
}))
"""


def _imports(**env: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTS, *HANDLERS],
        cwd=REPO,
        env=_environment(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_with_tracing_off_no_handler_imports_the_xray_sdk_the_stemmer_or_builds_a_client(
    tmp_path: Path,
) -> None:
    for env in ({}, {"LAMBDA_TASK_ROOT": str(tmp_path), "POWERTOOLS_TRACE_DISABLED": "true"}):
        assert _imports(**env) == {
            "clients": [],
            "xray": False,
            "stemmer": False,
            "provider": "UntracedProvider",
        }, env


def test_in_lambda_with_tracing_on_the_tracer_is_the_xray_recorder_and_builds_no_client(
    tmp_path: Path,
) -> None:
    result = _imports(LAMBDA_TASK_ROOT=str(tmp_path), _X_AMZN_TRACE_ID=TRACE_HEADER)
    # In Lambda the X-Ray SDK samples locally: its recorder builds no botocore client at import.
    assert result == {"clients": [], "xray": True, "stemmer": False, "provider": "AsyncAWSXRayRecorder"}

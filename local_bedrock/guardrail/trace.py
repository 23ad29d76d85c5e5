"""The `guardrailTrace` part of an InvokeAgent trace event, from a GuardrailResult."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from local_bedrock.guardrail.engine import GuardrailResult


def new_trace_id() -> str:
    """A fresh trace id (the service model allows 2 to 16 characters)."""
    return secrets.token_hex(8)


def guardrail_trace(
    result: GuardrailResult, trace_id: str | None = None, include_metadata: bool = True
) -> dict[str, Any]:
    """A bedrock-agent-runtime `GuardrailTrace`: put it under `trace.guardrailTrace` of a TracePart.

    Input assessments (pre-guardrail) go to `inputAssessments`, output assessments (post-guardrail)
    to `outputAssessments`, one assessment per trace, as the service emits them.
    """
    trace: dict[str, Any] = {
        "action": "INTERVENED" if result.action == "GUARDRAIL_INTERVENED" else "NONE",
        "traceId": trace_id or new_trace_id(),
        "inputAssessments" if result.source == "INPUT" else "outputAssessments": [result.assessment],
    }
    if include_metadata:
        ended_at = result.started_at + timedelta(milliseconds=result.latency_ms)
        trace["metadata"] = {
            "startTime": result.started_at,
            "endTime": ended_at,
            "totalTimeMs": max(0, round(result.latency_ms)),
        }
    return trace

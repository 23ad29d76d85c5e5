"""Bedrock action-group events exactly as the service sends them, and a Lambda context to go with
them. The local runtime, the tests and the benchmarks all build events here."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def _property(name: str, value: Any) -> dict[str, str]:
    # Every value arrives as a string; the declared type comes from the schema.
    kind = "integer" if isinstance(value, int) and not isinstance(value, bool) else "string"
    kind = "boolean" if isinstance(value, bool) else kind
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return {"name": name, "type": kind, "value": text}


def action_group_event(
    *,
    action_group: str,
    api_path: str,
    http_method: str,
    parameters: Mapping[str, Any] | None = None,
    body: Mapping[str, Any] | None = None,
    session_attributes: Mapping[str, str] | None = None,
    prompt_session_attributes: Mapping[str, str] | None = None,
    session_id: str = "local-session",
    input_text: str = "",
    agent_name: str = "assistant",
    agent_id: str = "LOCALAGENT",
    agent_alias: str = "TSTALIASID",
) -> dict[str, Any]:
    """api_path is the schema's template (e.g. /purchases/{purchaseId}); ids go in parameters."""
    event: dict[str, Any] = {
        "messageVersion": "1.0",
        "agent": {"name": agent_name, "id": agent_id, "alias": agent_alias, "version": "DRAFT"},
        "inputText": input_text,
        "sessionId": session_id,
        "actionGroup": action_group,
        "apiPath": api_path,
        "httpMethod": http_method.upper(),
        "parameters": [_property(k, v) for k, v in (parameters or {}).items() if v is not None],
        "sessionAttributes": dict(session_attributes or {}),
        "promptSessionAttributes": dict(prompt_session_attributes or {}),
    }
    if body is not None:
        properties = [_property(k, v) for k, v in body.items() if v is not None]
        event["requestBody"] = {"content": {"application/json": {"properties": properties}}}
    return event


@dataclass
class LocalLambdaContext:
    """The attributes Powertools reads from a Lambda context."""

    function_name: str = "local-action-group"
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:local-action-group"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = "/aws/lambda/local-action-group"
    log_stream_name: str = "local"
    timeout_millis: int = 30_000

    def get_remaining_time_in_millis(self) -> int:
        return self.timeout_millis

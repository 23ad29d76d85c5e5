"""The resolver every action group uses, and the Lambda entry point around it.

- Validation errors become a 422 whose message names the field and the rule.
- Business errors (ActionError) become their status with one readable sentence.
- Anything unexpected is logged with the session id and answered with a short, non-revealing 500:
  the agent can say something went wrong instead of failing the whole turn.
- Events that are not Bedrock action-group events are answered with a 400, never a crash.
Debug mode is never enabled here: it would return tracebacks to the agent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import BedrockAgentResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.metrics.functions import is_metrics_disabled
from aws_lambda_powertools.utilities.parser.models import BedrockAgentEventModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from action_groups.common.errors import ActionError
from action_groups.common.observability import logger, metrics, tracer
from action_groups.common.responses import encoded_size
from action_groups.common.validation_messages import describe

UNEXPECTED = "Something went wrong on our side while handling this request. Please try again in a moment."
MAX_EVENT_BYTES = 200_000

LambdaHandler = Callable[[Any, LambdaContext], dict[str, Any]]


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def create_resolver() -> BedrockAgentResolver:
    app = BedrockAgentResolver(enable_validation=True)

    @app.exception_handler(RequestValidationError)
    def _invalid(exc: RequestValidationError) -> Response:
        metrics.add_metric(name="ValidationErrors", unit="Count", value=1)
        return _json(422, {"error": "invalid_request", "message": describe(exc.errors())})

    @app.exception_handler(ActionError)
    def _business(exc: ActionError) -> Response:
        return _json(exc.status, exc.body())

    @app.exception_handler(NotFoundError)
    def _no_route(_exc: NotFoundError) -> Response:
        event = app.current_event
        message = f"This action group has no operation {event.http_method} {event.api_path}."
        return _json(404, {"error": "unknown_operation", "message": message})

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logger.exception("Unhandled error", extra={"session_id": app.current_event.session_id})
        metrics.add_metric(name="UnhandledErrors", unit="Count", value=1)
        return _json(500, {"error": "internal_error", "message": UNEXPECTED})

    return app


def _malformed(event: Any, message: str) -> dict[str, Any]:
    """A well-formed Bedrock response for an event that is not one: echo what can be echoed."""
    source = event if isinstance(event, dict) else {}

    def text(name: str) -> str:
        value = source.get(name)
        return value if isinstance(value, str) and len(value) <= 256 else ""

    body = {"error": "malformed_event", "message": message}
    return {
        "messageVersion": "1.0",
        "response": {
            "actionGroup": text("actionGroup"),
            "apiPath": text("apiPath"),
            "httpMethod": text("httpMethod"),
            "httpStatusCode": 400,
            "responseBody": {"application/json": {"body": _dumps(body)}},
        },
    }


def _dumps(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"))


def _envelope_problem(event: Any) -> str | None:
    if not isinstance(event, dict):
        return "The event is not a JSON object."
    if encoded_size(event) > MAX_EVENT_BYTES:
        return f"The event is larger than {MAX_EVENT_BYTES} bytes."
    try:
        BedrockAgentEventModel.model_validate(event)
    except ValidationError as exc:
        return "The event is not a Bedrock action-group event: " + describe(exc.errors(include_url=False))
    return None


def lambda_entry(app: BedrockAgentResolver) -> LambdaHandler:
    """Wrap a resolver with logging context, metrics flushing, tracing and envelope checks."""

    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics(capture_cold_start_metric=not is_metrics_disabled())
    def handler(event: Any, context: LambdaContext) -> dict[str, Any]:
        event = _normalized(event) if isinstance(event, dict) else event
        problem = _envelope_problem(event)
        if problem:
            logger.warning("Malformed event", extra={"problem": problem})
            return _malformed(event, problem)
        logger.append_keys(session_id=event["sessionId"], agent_alias=event["agent"].get("alias"))
        try:
            return app.resolve(event, context)
        finally:
            logger.remove_keys(["session_id", "agent_alias"])
            if is_metrics_disabled():
                # Powertools keeps collecting while disabled and prints the set once a metric reaches
                # 100 values (its overflow path ignores the switch): drop them after every event.
                metrics.clear_metrics()

    return handler


def _normalized(event: dict[str, Any]) -> dict[str, Any]:
    """Bedrock omits or nulls empty attribute maps; Powertools expects dicts."""
    return {
        **event,
        "sessionAttributes": event.get("sessionAttributes") or {},
        "promptSessionAttributes": event.get("promptSessionAttributes") or {},
        "parameters": event.get("parameters") or [],
    }

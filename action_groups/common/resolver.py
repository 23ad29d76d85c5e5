"""The resolver every action group uses, and the Lambda entry point around it.

- Validation errors become a 422 whose message names the field and the rule.
- Business errors (ActionError) become their status with one readable sentence.
- DynamoDB busy or unreachable after the client's retries (throttling, server errors, timeouts) is
  a 503 that says so: the agent can tell the customer to try again (safe: mutations are idempotent).
- Anything unexpected is logged (the session id is every line's correlation_id) and answered with
  a short, non-revealing 500: the agent can say something went wrong instead of failing the whole turn.
- Events that are not Bedrock action-group events are answered with a 400, never a crash; so are
  events Bedrock never sends that would otherwise be resolved by guessing (``event_checks.py``).
Debug mode is never enabled here: it would return tracebacks to the agent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import BedrockAgentResolver, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.metrics.functions import is_metrics_disabled
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyPersistenceLayerError
from aws_lambda_powertools.utilities.typing import LambdaContext
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import ValidationError

from action_groups.common.envelope import ActionGroupEvent
from action_groups.common.errors import ActionError
from action_groups.common.event_checks import ambiguity_problem, nesting_problem, path_disagreement
from action_groups.common.observability import logger, metrics, tracer
from action_groups.common.responses import encoded_size
from action_groups.common.unavailable import BUSY_READ, BUSY_WRITE, store_unavailable
from action_groups.common.validation_messages import describe

UNEXPECTED = "Something went wrong on our side while handling this request. Please try again in a moment."
MAX_EVENT_BYTES = 200_000

LambdaHandler = Callable[[Any, LambdaContext], dict[str, Any]]


def _json(status: int, body: dict[str, Any]) -> Response:
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, body=body)


def _path_agrees_with_parameters(app: BedrockAgentResolver, next_middleware: NextMiddleware) -> Response:
    """An apiPath naming an id that its parameter contradicts is refused, never resolved either way."""
    event = app.current_event
    sent = {parameter.name: parameter.value for parameter in event.parameters}  # as sent, not normalised
    problem = path_disagreement(app.request.route, event.api_path, sent)
    if problem:
        logger.warning("Malformed event", extra={"problem": problem})
        return _json(400, {"error": "malformed_event", "message": problem})
    return next_middleware(app)


def create_resolver() -> BedrockAgentResolver:
    app = BedrockAgentResolver(enable_validation=True)
    app.use([_path_agrees_with_parameters])

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
        message = f"This action group has no operation {_clip(event.http_method)} {_clip(event.api_path)}."
        return _json(404, {"error": "unknown_operation", "message": message})

    @app.exception_handler(Exception)
    def _unexpected(exc: Exception) -> Response:
        logger.exception("Unhandled error")
        metrics.add_metric(name="UnhandledErrors", unit="Count", value=1)
        return _json(500, {"error": "internal_error", "message": UNEXPECTED})

    @app.exception_handler([ClientError, BotoCoreError, IdempotencyPersistenceLayerError])
    def _store_error(exc: Exception) -> Response:
        if not store_unavailable(exc):
            return _unexpected(exc)
        logger.warning("DynamoDB unavailable", exc_info=exc)
        metrics.add_metric(name="StoreUnavailable", unit="Count", value=1)
        message = BUSY_READ if app.current_event.http_method == "GET" else BUSY_WRITE
        return _json(503, {"error": "busy", "message": message})

    return app


def _clip(text: str, limit: int = 100) -> str:
    """An echoed value, short enough for a message (the response must stay under Bedrock's 25 KB)."""
    return text if len(text) <= limit else text[:limit] + "..."


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
    too_deep = nesting_problem(event)  # first: the size check below serialises the event recursively
    if too_deep:
        return too_deep
    if encoded_size(event) > MAX_EVENT_BYTES:
        return f"The event is larger than {MAX_EVENT_BYTES} bytes."
    try:
        ActionGroupEvent.model_validate(event)
    except ValidationError as exc:
        return "The event is not a Bedrock action-group event: " + describe(exc.errors(include_url=False))
    return ambiguity_problem(event)


# Bedrock's session id correlates every log line of a conversation. Set by hand (Powertools'
# Logger.set_correlation_id) rather than with inject_lambda_context(correlation_id_path=...): the
# JMESPath copies whatever the event holds there, and a malformed event's sessionId nested 1,000
# levels deep then made every log line of the invocation fail to serialise (RecursionError).
SESSION_ID_PATH = "sessionId"


def _correlation_id(event: Any) -> str | None:
    value = event.get(SESSION_ID_PATH) if isinstance(event, dict) else None
    return value if isinstance(value, str) else None


def lambda_entry(app: BedrockAgentResolver) -> LambdaHandler:
    """Wrap a resolver with Powertools' handler decorators, as its documentation stacks them, and
    the envelope checks. Every log line then carries cold_start, function_request_id, the X-Ray
    trace id (xray_trace_id, when Lambda sets one) and the session id as correlation_id."""

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler(capture_response=False)
    @metrics.log_metrics(capture_cold_start_metric=not is_metrics_disabled())
    def handler(event: Any, context: LambdaContext) -> dict[str, Any]:
        logger.set_correlation_id(_correlation_id(event))
        event = _normalized(event) if isinstance(event, dict) else event
        problem = _envelope_problem(event)
        if problem:
            logger.warning("Malformed event", extra={"problem": problem})
            return _malformed(event, problem)
        logger.append_keys(agent_alias=event["agent"].get("alias"))
        try:
            return app.resolve(event, context)
        finally:
            logger.remove_keys(["agent_alias"])
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

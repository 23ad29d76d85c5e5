"""Errors the agent can relay: named fields and rules, one-sentence reasons, never a traceback."""

from __future__ import annotations

import io
import json
import re

import pytest

from action_groups.common.resolver import UNEXPECTED
from action_groups.common.validation_messages import describe
from action_groups.orders.handler import lambda_handler as orders_handler
from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event
from local_bedrock.store.seed import SampleData
from tests.action_groups.helpers import call


def test_describe_names_field_rule_and_input() -> None:
    errors = [
        {"type": "less_than_equal", "loc": ("body", "quantity"), "ctx": {"le": 10}, "input": "30"},
        {"type": "missing", "loc": ("body", "productId"), "input": {}},
        {
            "type": "string_pattern_mismatch",
            "loc": ("path", "orderId"),
            "ctx": {"pattern": "^ORD-[0-9A-Z]{6}$"},
        },
    ]
    assert describe(errors) == (
        "quantity must be at most 10 (got '30'). productId is required. "
        "orderId must look like ORD- followed by 6 letters or digits, for example ORD-7K3F9Q."
    )


def test_describe_shortens_huge_inputs() -> None:
    sentence = describe(
        [
            {
                "type": "string_too_long",
                "loc": ("query", "query"),
                "ctx": {"max_length": 100},
                "input": "x" * 5000,
            }
        ]
    )
    assert sentence.startswith("query must be at most 100 characters long (got 'xxx")
    assert len(sentence) < 120


def test_unexpected_error_is_logged_with_the_session_as_correlation_id_and_hidden_from_agent(
    sample: SampleData, monkeypatch: pytest.MonkeyPatch
) -> None:
    from action_groups.common.observability import logger
    from action_groups.orders import handler

    stream = io.StringIO()
    monkeypatch.setattr(logger.registered_handler, "stream", stream)

    def explode(*_args: object, **_kwargs: object) -> list:
        raise RuntimeError("secret internal detail: table arn:aws:dynamodb:...")

    monkeypatch.setattr(handler, "search", explode)
    reply = call("orders", "/products", params={"query": "tent"}, session_id="sess-boom")
    assert reply.status == 500
    assert reply.body == {"error": "internal_error", "message": UNEXPECTED}
    assert UNEXPECTED.startswith("Something went wrong on our side")
    assert "secret" not in reply.text and "Traceback" not in reply.text
    logged = [json.loads(line) for line in stream.getvalue().splitlines()]
    errors = [entry for entry in logged if entry["level"] == "ERROR"]
    assert len(errors) == 1
    assert errors[0]["correlation_id"] == "sess-boom"
    assert "secret internal detail" in errors[0]["exception"]


def test_unknown_operation_is_named() -> None:
    reply = call("orders", "/refunds", "POST", body={"orderId": "ORD-7K3F9Q"})
    assert reply.status == 404
    assert reply.message == "This action group has no operation POST /refunds."


@pytest.mark.parametrize(
    ("event", "fragment"),
    [
        ("not a dict", "not a JSON object"),
        ({}, "is required"),
        ({"messageVersion": "1.0", "apiPath": 5}, "is required"),
        (
            {
                "messageVersion": "1.0",
                "agent": {},
                "sessionId": "s",
                "actionGroup": "orders",
                "apiPath": "/products",
                "httpMethod": "GET",
                "inputText": "x" * 300_000,
            },
            "larger than",
        ),
    ],
)
def test_malformed_events_get_a_clean_400(event: object, fragment: str) -> None:
    response = orders_handler(event, LocalLambdaContext())
    assert response["messageVersion"] == "1.0"
    result = response["response"]
    assert result["httpStatusCode"] == 400
    body = json.loads(result["responseBody"]["application/json"]["body"])
    assert body["error"] == "malformed_event"
    assert fragment in body["message"]


def test_null_attribute_maps_are_treated_as_empty(sample: SampleData) -> None:
    event = action_group_event(
        action_group="orders", api_path="/products", http_method="GET", parameters={"query": "tent"}
    )
    event["sessionAttributes"] = None
    event["promptSessionAttributes"] = None
    event["parameters"] = [{"name": "query", "type": "string", "value": "tent"}]
    response = orders_handler(event, LocalLambdaContext())["response"]
    assert response["httpStatusCode"] == 200


def test_disabled_metrics_never_print_or_pile_up(
    sample: SampleData, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from action_groups.common.observability import metrics

    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    call("orders", "/products", params={"query": "x"})  # the cold-start metric, if this is the first call
    capfd.readouterr()
    for _ in range(120):  # past Powertools' 100-values overflow flush
        assert call("orders", "/products", params={"query": "x"}).status == 422
    assert '"_aws"' not in capfd.readouterr().out
    assert not metrics.metric_set


def test_the_envelope_check_is_powertools_bedrock_agent_event_model_field_for_field() -> None:
    """action_groups.common.envelope mirrors Powertools' model (not imported at run time: see there)."""
    from aws_lambda_powertools.utilities.parser.models import bedrock_agent
    from pydantic import BaseModel

    from action_groups.common import envelope

    def shape(model: type[BaseModel]) -> dict[str, tuple[str | None, bool, str]]:
        return {
            # The annotation without module paths: list[a.b.Property] | None -> list[Property] | None
            name: (
                field.alias,
                field.is_required(),
                re.sub(r"\b(?:[a-z_]\w*\.)+", "", repr(field.annotation)),
            )
            for name, field in model.model_fields.items()
        }

    pairs = [
        (envelope.ActionGroupEvent, bedrock_agent.BedrockAgentEventModel),
        (envelope.Agent, bedrock_agent.BedrockAgentModel),
        (envelope.Property, bedrock_agent.BedrockAgentPropertyModel),
        (envelope.MediaType, bedrock_agent.BedrockAgentRequestMediaModel),
        (envelope.RequestBody, bedrock_agent.BedrockAgentRequestBodyModel),
    ]
    names = {theirs.__name__: ours.__name__ for ours, theirs in pairs}
    for ours, theirs in pairs:
        expected = {k: (a, r, _renamed(t, names)) for k, (a, r, t) in shape(theirs).items()}
        assert shape(ours) == expected, ours.__name__


def _renamed(annotation: str, names: dict[str, str]) -> str:
    for theirs, ours in sorted(names.items(), key=lambda item: -len(item[0])):
        annotation = annotation.replace(theirs, ours)
    return annotation

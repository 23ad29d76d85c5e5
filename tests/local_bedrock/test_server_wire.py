"""Model-driven pieces of the wire contract: routing, request rebuilding, event validation, errors."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.eventstream import EventStreamBuffer
from test_server_fakes import order_confirmation

from local_bedrock import wire
from local_bedrock.backend import ApiError, ThrottlingError, ValidationFailedError
from local_bedrock.wire import EventValidationError, event_errors, validate_event

TRACE_HEADER = {
    "agentId": "AGENT00001",
    "agentAliasId": "TSTALIASID",
    "agentVersion": "DRAFT",
    "sessionId": "session-1",
    "eventTime": datetime(2026, 1, 2, tzinfo=UTC),
}

VALID_EVENTS: list[dict[str, Any]] = [
    {"chunk": {"bytes": b"Your last order shipped."}},
    {
        "chunk": {
            "bytes": b"Returns are accepted within 30 days.",
            "attribution": {
                "citations": [
                    {
                        "generatedResponsePart": {
                            "textResponsePart": {"text": "Returns ...", "span": {"start": 0, "end": 10}}
                        },
                        "retrievedReferences": [
                            {
                                "content": {"text": "Items can be returned within 30 days."},
                                "location": {"type": "S3", "s3Location": {"uri": "s3://kb/returns.md"}},
                            }
                        ],
                    }
                ]
            },
        }
    },
    {
        "trace": TRACE_HEADER
        | {
            "trace": {
                "guardrailTrace": {
                    "action": "INTERVENED",
                    "traceId": "guard-1",
                    "inputAssessments": [
                        {
                            "sensitiveInformationPolicy": {
                                "piiEntities": [
                                    {"type": "CREDIT_DEBIT_CARD_NUMBER", "match": "4111", "action": "BLOCKED"}
                                ]
                            }
                        }
                    ],
                }
            }
        }
    },
    {
        "trace": TRACE_HEADER
        | {
            "trace": {
                "orchestrationTrace": {
                    "modelInvocationOutput": {
                        "traceId": "orch-1",
                        "metadata": {"usage": {"inputTokens": 120, "outputTokens": 30}},
                        "rawResponse": {"content": "..."},
                    }
                }
            }
        }
    },
    {"returnControl": order_confirmation("PROD-1")["returnControl"] | {"invocationId": "inv-1"}},
    {"files": {"files": [{"name": "receipt.txt", "type": "text/plain", "bytes": b"total 3"}]}},
]


@pytest.mark.parametrize("event", VALID_EVENTS, ids=lambda e: next(iter(e)))
def test_valid_events_pass_and_encode(event: dict[str, Any]) -> None:
    assert event_errors(event) == []
    validate_event(event)
    buffer = EventStreamBuffer()
    buffer.add_data(wire.encode_event(event))
    (message,) = list(buffer)
    assert message.headers[":event-type"] == next(iter(event))


@pytest.mark.parametrize(
    ("event", "complaint"),
    [
        ({}, "exactly one member"),
        ({"chunk": {"bytes": b""}, "trace": {}}, "exactly one member"),
        ({"validationException": {"message": "x"}}, "is not a ResponseStream event"),
        ({"text": "hello"}, "is not a ResponseStream event"),
        ({"chunk": {"bytes": 42}}, "Invalid type for parameter chunk.bytes"),
        ({"chunk": {"bytes": b"x" * 1_000_001}}, "chunk.bytes: size 1000001 exceeds the maximum of 1000000"),
        ({"chunk": {"text": "hi"}}, 'Unknown parameter in chunk: "text"'),
        (
            {"trace": TRACE_HEADER | {"agentId": "not valid!"}},
            "trace.agentId: value does not match the pattern",
        ),
        ({"trace": TRACE_HEADER | {"agentVersion": "LATEST"}}, "trace.agentVersion"),
        ({"trace": TRACE_HEADER | {"eventTime": "yesterday"}}, "Invalid type for parameter trace.eventTime"),
        (
            {"trace": TRACE_HEADER | {"trace": {"guardrailTrace": {"action": "MAYBE"}}}},
            "trace.trace.guardrailTrace.action: 'MAYBE' is not one of INTERVENED, NONE",
        ),
        (
            {"trace": TRACE_HEADER | {"trace": {"failureTrace": {"traceId": "x"}}}},
            "Invalid length for parameter trace.trace.failureTrace.traceId, value: 1, valid min length: 2",
        ),
        (
            {"returnControl": {"invocationInputs": [{"functionInvocationInput": {"function": "f"}}]}},
            "Missing required parameter in returnControl.invocationInputs[0].functionInvocationInput: "
            '"actionGroup"',
        ),
        (
            {
                "returnControl": {
                    "invocationInputs": [
                        {
                            "apiInvocationInput": {"actionGroup": "g"},
                            "functionInvocationInput": {"actionGroup": "g"},
                        }
                    ]
                }
            },
            "tagged union",
        ),
        ({"returnControl": {"invocationInputs": []}}, "valid min length: 1"),
    ],
)
def test_invalid_events_are_named_precisely(event: dict[str, Any], complaint: str) -> None:
    errors = event_errors(event)
    assert any(complaint in error for error in errors), errors
    with pytest.raises(EventValidationError) as raised:
        validate_event(event)
    assert raised.value.errors == errors


def test_every_modeled_operation_routes_to_itself() -> None:
    model = wire.service_model()
    for name in model.operation_names:
        http = model.operation_model(name).http
        path = http["requestUri"].split("?")[0].replace("{", "x%3A").replace("}", "")
        op, labels = wire.match_route(http["method"], path) or (None, {})
        assert op is not None and op.name == name
        assert all(value.startswith("x:") for value in labels.values())


def test_unknown_routes_do_not_match() -> None:
    assert wire.match_route("POST", "/agents/A/agentAliases/B/sessions/C/voice") is None
    assert wire.match_route("GET", "/agents/A/agentAliases/B/sessions/C/text") is None
    assert wire.match_route("POST", "/") is None


def test_request_params_come_from_uri_headers_and_body() -> None:
    op, labels = wire.match_route(
        "POST", "/agents/AGENT00001/agentAliases/TSTALIASID/sessions/a%3Ab/text"
    ) or (
        None,
        {},
    )
    assert op is not None
    source = "arn:aws:bedrock:us-east-1:123456789012:agent/AGENT00001"
    params = wire.request_params(
        op,
        labels,
        {"x-amz-source-arn": source},
        b'{"inputText": "hi", "memoryId": null, "enableTrace": true}',
    )
    assert params == {
        "agentId": "AGENT00001",
        "agentAliasId": "TSTALIASID",
        "sessionId": "a:b",
        "inputText": "hi",
        "enableTrace": True,
        "sourceArn": source,
    }
    wire.validate_request(op, params)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (b"{", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b'"text"', "must be a JSON object"),
        (b'{"sessionId": "s-2"}', "sessionId must be sent in the uri"),
    ],
)
def test_unusable_bodies(body: bytes, complaint: str) -> None:
    op = wire.operation("InvokeAgent")
    labels = {"agentId": "A", "agentAliasId": "B", "sessionId": "s-1"}
    with pytest.raises(ValidationFailedError, match=complaint):
        wire.request_params(op, labels, {}, body)


def test_validate_request_counts_every_error() -> None:
    op = wire.operation("InvokeAgent")
    params = {"agentId": "bad id", "agentAliasId": "TSTALIASID", "sessionId": "s", "enableTrace": "yes"}
    with pytest.raises(ValidationFailedError) as raised:
        wire.validate_request(op, params)
    message = raised.value.message
    assert message.startswith("2 validation errors detected: ")
    assert "enableTrace" in message and "sessionId" in message


def test_error_statuses_come_from_the_model() -> None:
    assert wire.error_status("ValidationException") == 400
    assert wire.error_status("ResourceNotFoundException") == 404
    assert wire.error_status("ThrottlingException") == 429
    assert wire.error_status("DependencyFailedException") == 424
    assert wire.error_status(wire.UNKNOWN_OPERATION) == 404
    assert wire.error_status("NoSuchError") == 500
    status, headers, body = wire.error_response("ConflictException", "busy")
    assert (status, headers["x-amzn-ErrorType"], body) == (409, "ConflictException", b'{"message": "busy"}')


def test_exception_events_use_the_stream_member_name() -> None:
    buffer = EventStreamBuffer()
    buffer.add_data(wire.exception_event(ThrottlingError("slow")))

    class Odd(ApiError):
        code = "NotInTheModel"

    buffer.add_data(wire.exception_event(Odd("?")))
    first, second = list(buffer)
    assert first.headers[":exception-type"] == "throttlingException"
    assert second.headers[":exception-type"] == "internalServerException"
    assert b"NotInTheModel" in second.payload


def test_output_validation_of_retrieve_results() -> None:
    op = wire.operation("Retrieve")
    good = {"retrievalResults": [{"content": {"text": "t"}, "score": 0.5}]}
    assert wire.output_errors(op, good) == []
    assert wire.output_errors(op, {"retrievalResults": [{"score": 0.5}]})
    assert wire.output_body(op, good) == b'{"retrievalResults":[{"content":{"text":"t"},"score":0.5}]}'


def test_every_backend_error_is_a_modeled_invoke_agent_error() -> None:
    modeled = {shape.name for shape in wire.operation("InvokeAgent").error_shapes}
    subclasses = [e for e in ApiError.__subclasses__() if e.__module__ == "local_bedrock.backend"]
    assert len(subclasses) >= 7
    for error in subclasses:
        assert error.code in modeled, error
        buffer = EventStreamBuffer()
        buffer.add_data(wire.exception_event(error("x")))
        (message,) = list(buffer)
        member = message.headers[":exception-type"]
        assert wire.response_stream().members[member].name == error.code

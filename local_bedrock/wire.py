"""The bedrock-agent-runtime wire contract, read from botocore's service model.

Everything about field names, shapes, URIs, header names and error status codes comes from
``botocore``'s ``bedrock-agent-runtime`` model; nothing is copied by hand. This module:

- routes an HTTP method and path to a modeled operation (``match_route``);
- rebuilds an operation's parameters from URI labels, headers and the JSON body
  (``request_params``) and validates them (``validate_request``) with botocore's ``ParamValidator``
  plus the max/enum/pattern constraints it leaves out (``constraints.py``);
- validates what we emit: ``validate_event`` for a ResponseStream member (chunk, trace,
  returnControl, files), ``output_errors`` for a non-streaming output;
- serializes emitted values to their JSON wire form (blobs base64, timestamps per the shape) and maps
  API errors to HTTP responses and event-stream exception messages.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape, StructureShape
from botocore.serialize import JSONSerializer
from botocore.validate import ParamValidator

from local_bedrock import eventstream
from local_bedrock.backend import ApiError, InternalServerError, ValidationFailedError
from local_bedrock.constraints import constraint_errors, header_value_errors

SERVICE_NAME = "bedrock-agent-runtime"
UNKNOWN_OPERATION = "UnknownOperationException"
_MAX_ERROR_LINE = 500
# Request bodies nested deeper than this are refused before validation (whose walkers recurse). The
# deepest shape of InvokeAgent's input without documents is 12 levels (Retrieve: 9); documents and
# recursive retrieval filters go deeper, so the bound leaves room. AWS documents no such limit: this
# is the local runtime's choice, not a documented service behaviour.
MAX_JSON_DEPTH = 64


class EventValidationError(ValueError):
    """An emitted event or output does not conform to the service model."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@lru_cache(maxsize=1)
def service_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model(SERVICE_NAME)


def operation(name: str) -> OperationModel:
    return service_model().operation_model(name)


@lru_cache(maxsize=1)
def response_stream() -> StructureShape:
    """The ``completion`` event-stream union of InvokeAgent (``ResponseStream``)."""
    shape = operation("InvokeAgent").get_event_stream_output()
    assert isinstance(shape, StructureShape)
    return shape


# --------------------------------------------------------------------------- routing


class _Route(NamedTuple):
    method: str
    segments: tuple[str, ...]
    operation: str


@lru_cache(maxsize=1)
def _routes() -> tuple[_Route, ...]:
    model = service_model()
    routes = []
    for name in model.operation_names:
        http = model.operation_model(name).http
        path = http["requestUri"].split("?", 1)[0]
        routes.append(_Route(http["method"], tuple(path.strip("/").split("/")), name))
    return tuple(routes)


def match_route(method: str, path: str) -> tuple[OperationModel, dict[str, str]] | None:
    """The modeled operation for ``method path`` and its decoded URI labels, or None."""
    segments = path.split("?", 1)[0].strip("/").split("/")
    for route in _routes():
        if route.method != method or len(route.segments) != len(segments):
            continue
        labels: dict[str, str] = {}
        for template, actual in zip(route.segments, segments, strict=True):
            if template.startswith("{") and template.endswith("}"):
                labels[template[1:-1].rstrip("+")] = unquote(actual)
            elif template != actual:
                break
        else:
            return operation(route.operation), labels
    return None


# --------------------------------------------------------------------------- requests


def _without_nulls(value: Any) -> Any:
    """JSON ``null`` means "absent" for AWS members: drop null members (in place) before validating.
    Iterative (no recursion, whatever the depth); refuses values nested deeper than ``MAX_JSON_DEPTH``."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise ValidationFailedError(f"The request body is nested deeper than {MAX_JSON_DEPTH} levels.")
        if isinstance(node, dict):
            for key in [k for k, v in node.items() if v is None]:
                del node[key]
        pending += [(v, depth + 1) for v in (node.values() if isinstance(node, dict) else node)]
    return value


def _object_naming_each_member_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused if it names a member twice. RFC 8259 (section 4) leaves the meaning of
    repeated names to the reader, and Python would keep the last silently; the service's behaviour
    is not documented, so the local runtime refuses rather than pick one (a deliberate choice)."""
    members = dict(pairs)
    if len(members) != len(pairs):
        repeated = sorted(name for name, count in Counter(name for name, _ in pairs).items() if count > 1)
        raise ValidationFailedError(f"The request body names {', '.join(repeated)[:200]} more than once.")
    return members


def _header_value(raw: str, shape: Shape) -> Any:
    if shape.type_name == "boolean":
        return raw.strip().lower() == "true"
    if shape.type_name in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            raise ValidationFailedError(f"Header value {raw!r} is not an integer") from None
    return raw


def json_body(body: bytes) -> dict[str, Any]:
    """A JSON request body's members (none for an empty body): one object, each member named once,
    nested at most ``MAX_JSON_DEPTH`` deep, nulls dropped (null means absent for AWS members);
    ``ValidationFailedError`` otherwise. The local AWS control plane parses its bodies here too."""
    if not body.strip():
        return {}
    try:
        parsed = json.loads(body, object_pairs_hook=_object_naming_each_member_once)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailedError(f"The request body is not valid JSON: {exc}") from None
    except RecursionError:  # json's C scanner stops near the interpreter's recursion limit
        raise ValidationFailedError(
            f"The request body is nested deeper than {MAX_JSON_DEPTH} levels."
        ) from None
    if not isinstance(parsed, dict):
        raise ValidationFailedError("The request body must be a JSON object")
    params: dict[str, Any] = _without_nulls(parsed)
    return params


def request_params(
    op: OperationModel, labels: Mapping[str, str], headers: Mapping[str, str], body: bytes
) -> dict[str, Any]:
    """The operation's input parameters, rebuilt as boto3 would have passed them.

    ``headers`` must be keyed in lower case.
    """
    params = json_body(body)
    shape = op.input_shape
    if shape is None:
        return params
    for member, member_shape in shape.members.items():
        location = member_shape.serialization.get("location")
        if location is None:
            continue
        if member in params:
            raise ValidationFailedError(f"{member} must be sent in the {location}, not in the body")
        wire_name = member_shape.serialization.get("name", member)
        if location == "uri" and wire_name in labels:
            params[member] = labels[wire_name]
        elif location == "header" and wire_name.lower() in headers:
            params[member] = _header_value(headers[wire_name.lower()], member_shape)
    return params


def _clip(line: str) -> str:
    return line if len(line) <= _MAX_ERROR_LINE else line[: _MAX_ERROR_LINE - 3] + "..."


def shape_errors(value: Any, shape: Shape) -> list[str]:
    """Every way ``value`` breaks ``shape``: types, required members, unions, sizes, enums, patterns."""
    report = ParamValidator().validate(value, shape)
    errors = [_clip(line) for line in report.generate_report().splitlines() if line]
    if not errors:  # constraints only make sense on well-typed values
        errors = [_clip(line) for line in constraint_errors(value, shape)]
    return errors


def validate_request(op: OperationModel, params: Mapping[str, Any]) -> None:
    """Raise ``ValidationFailedError`` worded like the service if ``params`` break the input shape."""
    if op.input_shape is None:
        return
    errors = shape_errors(dict(params), op.input_shape)
    if errors:
        noun = "error" if len(errors) == 1 else "errors"
        raise ValidationFailedError(f"{len(errors)} validation {noun} detected: " + "; ".join(errors))


# --------------------------------------------------------------------------- emitted events


def event_errors(event: Any) -> list[str]:
    """Why ``event`` is not a valid ResponseStream event (empty list when it is)."""
    members = response_stream().members
    event_names = sorted(n for n, s in members.items() if s.serialization.get("event"))
    if not isinstance(event, Mapping) or len(event) != 1:
        return [f"an event is a dict with exactly one member, one of {', '.join(event_names)}"]
    name = next(iter(event))
    if name not in event_names:
        return [f"{name!r} is not a ResponseStream event; expected one of {', '.join(event_names)}"]
    return shape_errors(dict(event), response_stream())  # paths then read "chunk.bytes", ...


def validate_event(event: Any) -> None:
    """Raise ``EventValidationError`` unless ``event`` conforms to botocore's ResponseStream model.

    Use it on anything an ``AgentBackend`` yields, e.g. ``validate_event({"trace": trace_part})``.
    """
    errors = event_errors(event)
    if errors:
        raise EventValidationError(errors)


def output_errors(op: OperationModel, output: Mapping[str, Any]) -> list[str]:
    """Why ``output`` is not a valid body of a non-streaming operation's output."""
    shape = op.output_shape
    return [] if shape is None else shape_errors(dict(output), shape)


# --------------------------------------------------------------------------- serialization


class _ShapeSerializer(JSONSerializer):
    """botocore's own JSON value serializer (blobs base64, timestamps per ``timestampFormat``)."""

    def to_json(self, value: Mapping[str, Any], shape: Shape) -> dict[str, Any]:
        serialized: dict[str, Any] = {}
        self._serialize(serialized, value, shape)
        return serialized


_SERIALIZER = _ShapeSerializer()


def to_wire(value: Mapping[str, Any], shape: Shape) -> dict[str, Any]:
    """JSON-ready form of a validated structure value."""
    return _SERIALIZER.to_json(value, shape)


def encode_event(event: Mapping[str, Any]) -> bytes:
    """One ResponseStream member as an event-stream message."""
    ((name, body),) = event.items()
    return eventstream.event_message(name, to_wire(body, response_stream().members[name]))


def output_body(op: OperationModel, output: Mapping[str, Any]) -> bytes:
    shape = op.output_shape
    wire = to_wire(output, shape) if shape is not None else {}
    return json.dumps(wire, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------- errors


def error_status(code: str) -> int:
    """The HTTP status the model gives an error code (404 for unknown operations)."""
    if code == UNKNOWN_OPERATION:
        return 404
    model = service_model()
    if code in model.shape_names:
        status = model.shape_for(code).metadata.get("error", {}).get("httpStatusCode")
        if isinstance(status, int):
            return status
    return 500


def error_response(code: str, message: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a rest-json error that botocore maps to ``code``."""
    body = json.dumps({"message": message}).encode("utf-8")
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code}
    return error_status(code), headers, body


def exception_event(error: ApiError) -> bytes:
    """An API error raised mid-stream, as the ResponseStream's exception member for its code."""
    for name, shape in response_stream().members.items():
        if shape.name == error.code and shape.metadata.get("exception"):
            return eventstream.exception_message(name, error.message)
    return exception_event(InternalServerError(f"{error.code}: {error.message}"))


def output_headers(op: OperationModel, values: Mapping[str, str | None]) -> dict[str, str]:
    """HTTP headers for the output members bound to headers (names from the model).

    Every value must pass its shape in full-match mode (``header_value_errors``): a value that does
    not is never written (it could end the header block early); ``InternalServerError`` says which.
    """
    headers: dict[str, str] = {}
    shape = op.output_shape
    if shape is None:
        return headers
    for member, member_shape in shape.members.items():
        value = values.get(member)
        if member_shape.serialization.get("location") == "header" and value is not None:
            errors = header_value_errors(value, member_shape, member)
            if errors:
                raise InternalServerError("Refusing to write a response header: " + "; ".join(errors))
            headers[member_shape.serialization.get("name", member)] = value
    return headers

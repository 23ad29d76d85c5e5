"""The thin request layer of every emulated control plane, driven by botocore's service model.

Nothing here knows an operation by hand. For a service name (``bedrock-agent``, ``bedrock``,
``opensearchserverless``, ``chatbot``) the model says:

- how a request names its operation: ``rest-json`` by HTTP method and ``requestUri`` template,
  ``json`` by the ``X-Amz-Target`` header (``<targetPrefix>.<Operation>``);
- where each input member travels (URI label, query string, header, JSON body) and its type;
- what a valid input is: botocore's ``ParamValidator`` plus the max/enum/pattern constraints it
  leaves out (``local_bedrock.constraints``, via ``local_bedrock.wire.shape_errors``);
- how the output is written: members bound to headers go to headers, the rest to the JSON body,
  timestamps in the shape's ``timestampFormat`` (``DateTimestamp`` in bedrock-agent is iso8601;
  the protocol default for JSON bodies is epoch seconds), blobs base64; the success status is the
  operation's ``responseCode``;
- how an error is written: status from the error shape's ``httpStatusCode``, code in
  ``x-amzn-ErrorType`` and ``__type`` (what botocore and the AWS SDK for Go read).

Outputs are validated against the output shape before they are sent, so an emulation bug shows up
here as an error naming the member, not as a confusing failure inside Terraform's provider.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote

import botocore.session
from botocore.model import OperationModel, ServiceModel, Shape
from botocore.validate import ParamValidator

from local_bedrock.aws.errors import (
    EmulationError,
    ServiceError,
    UnknownOperation,
    ValidationException,
)
from local_bedrock.constraints import constraint_errors
from local_bedrock.wire import json_body, to_wire

DEFAULT_REGION = "us-east-1"
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
# Patterns of botocore's models that no real value can match: the service cannot be enforcing them.
# bedrock-agent TaggableResourcesArn writes "/d{12}" where "\d{12}" is meant (botocore 1.44.5).
_BROKEN_PATTERNS = ("/d{12}",)


def shape_errors(value: Any, shape: Shape) -> list[str]:
    """Types, required members and unions (botocore's ParamValidator), then max/enum/pattern."""
    report = ParamValidator().validate(value, shape).generate_report()
    errors = [line for line in report.splitlines() if line]
    if not errors:  # constraints only make sense on well-typed values
        errors = [e for e in constraint_errors(value, shape) if not any(b in e for b in _BROKEN_PATTERNS)]
    return [e if len(e) <= 500 else e[:497] + "..." for e in errors]


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str  # raw (still percent-encoded), without the query string
    query: str
    headers: Mapping[str, str]  # keys in lower case
    body: bytes

    @property
    def region(self) -> str:
        """The region of the SigV4 credential scope (what AWS routes by), else us-east-1."""
        match = _SCOPE.search(self.headers.get("authorization", ""))
        return match.group(1) if match else DEFAULT_REGION


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@lru_cache(maxsize=8)
def service_model(name: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(name)


class _Route(NamedTuple):
    method: str
    segments: tuple[str, ...]
    operation: str


@lru_cache(maxsize=8)
def _routes(name: str) -> tuple[_Route, ...]:
    model = service_model(name)
    routes = []
    for op in model.operation_names:
        http = model.operation_model(op).http
        path = http["requestUri"].split("?", 1)[0]
        routes.append(_Route(http["method"], tuple(path.strip("/").split("/")), op))
    # Literal segments win over labels when two templates could match (most literals first).
    return tuple(sorted(routes, key=lambda r: -sum(not s.startswith("{") for s in r.segments)))


def _match(template: tuple[str, ...], actual: list[str]) -> dict[str, str] | None:
    if template and template[-1].endswith("+}") and len(actual) >= len(template):
        actual = [*actual[: len(template) - 1], "/".join(actual[len(template) - 1 :])]
    if len(template) != len(actual):
        return None
    labels: dict[str, str] = {}
    for part, value in zip(template, actual, strict=True):
        if part.startswith("{") and part.endswith("}"):
            labels[part[1:-1].rstrip("+")] = unquote(value)
        elif part != value:
            return None
    return labels


def _scalar(raw: str, shape: Shape, where: str) -> Any:
    kind = shape.type_name
    if kind == "boolean":
        if raw.lower() not in ("true", "false"):
            raise ValidationException(f"{where}: {raw!r} is not a boolean")
        return raw.lower() == "true"
    if kind in ("integer", "long"):
        try:
            return int(raw)
        except ValueError:
            raise ValidationException(f"{where}: {raw!r} is not an integer") from None
    return raw


class ServiceProtocol:
    """Requests in, validated parameters out; outputs and errors back to the wire."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.model = service_model(name)
        self.json_protocol = self.model.protocol == "json"

    # ------------------------------------------------------------------ requests
    def operation_for(self, request: HttpRequest) -> tuple[OperationModel, dict[str, str]]:
        if self.json_protocol:
            target = request.headers.get("x-amz-target", "")
            prefix, _, name = target.partition(".")
            if prefix != self.model.metadata.get("targetPrefix") or name not in self.model.operation_names:
                raise UnknownOperation(f"No {self.name} operation for target {target[:120]!r}")
            return self.model.operation_model(name), {}
        segments = request.path.strip("/").split("/")
        for route in _routes(self.name):
            if route.method == request.method:
                labels = _match(route.segments, segments)
                if labels is not None:
                    return self.model.operation_model(route.operation), labels
        raise UnknownOperation(f"No {self.name} operation for {request.method} {request.path[:120]}")

    def parameters(
        self, op: OperationModel, labels: Mapping[str, str], request: HttpRequest
    ) -> dict[str, Any]:
        """The operation's input as boto3 would pass it, validated against the input shape."""
        params = json_body(request.body)  # the runtime's hardened parser: ValidationException on bad JSON
        shape = op.input_shape
        if shape is None:
            return params
        query = parse_qs(request.query, keep_blank_values=True)
        for member, member_shape in shape.members.items():
            location = member_shape.serialization.get("location")
            wire_name = member_shape.serialization.get("name", member)
            if location == "uri" and wire_name in labels:
                params[member] = labels[wire_name]
            elif location == "querystring" and wire_name in query:
                values = query[wire_name]
                if member_shape.type_name == "list":
                    params[member] = [_scalar(v, member_shape.member, wire_name) for v in values]
                else:
                    params[member] = _scalar(values[-1], member_shape, wire_name)
            elif location == "header" and wire_name.lower() in request.headers:
                params[member] = _scalar(request.headers[wire_name.lower()], member_shape, wire_name)
        errors = shape_errors(params, shape)
        if errors:
            noun = "error" if len(errors) == 1 else "errors"
            raise ValidationException(f"{len(errors)} validation {noun} detected: " + "; ".join(errors))
        return params

    # ------------------------------------------------------------------ responses
    def success(self, op: OperationModel, output: Mapping[str, Any]) -> HttpResponse:
        shape = op.output_shape
        headers = {"Content-Type": "application/x-amz-json-1.0" if self.json_protocol else "application/json"}
        body_values = dict(output)
        status = int(op.http.get("responseCode", 200))
        if shape is not None:
            errors = shape_errors(body_values, shape)
            if errors:
                raise EmulationError(
                    f"The local {self.name} emulation built an invalid {op.name} output: " + "; ".join(errors)
                )
            for member, member_shape in shape.members.items():
                location = member_shape.serialization.get("location")
                if location and member in body_values:
                    value = body_values.pop(member)
                    if location == "header":
                        headers[member_shape.serialization.get("name", member)] = str(value)
                    elif location == "statusCode":
                        status = int(value)
        wire = to_wire(body_values, shape) if shape is not None else {}
        return HttpResponse(status, headers, json.dumps(wire, separators=(",", ":")).encode())

    def failure(self, error: ServiceError) -> HttpResponse:
        status = error.status or self._error_status(error.code)
        body = {"__type": error.code, "message": error.message}
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error.code}
        return HttpResponse(status, headers, json.dumps(body).encode())

    def _error_status(self, code: str) -> int:
        if code in self.model.shape_names:
            status = self.model.shape_for(code).metadata.get("error", {}).get("httpStatusCode")
            if isinstance(status, int):
                return status
            # awsJson1_0 errors without an explicit status: client errors answer 400, the service's
            # own failures 500 (Smithy's awsJson1_0 protocol, error trait client/server).
            return 500 if "InternalServer" in code else 400
        return 500

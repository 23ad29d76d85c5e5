"""Validate dicts against shapes of botocore's service models (the API contract, not copied names).

botocore's ParamValidator checks member names, required members and types; it does not check enum
values or length limits, so `shape_errors` walks the shape for those as well.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session
from botocore.model import ListShape, MapShape, ServiceModel, Shape, StructureShape
from botocore.validate import ParamValidator


@cache
def service_model(service: str) -> ServiceModel:
    return botocore.session.get_session().get_service_model(service)


def _walk(value: Any, shape: Shape, path: str, errors: list[str]) -> None:
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        if shape.metadata.get("document"):
            return
        for name, member in value.items():
            if name in shape.members:
                _walk(member, shape.members[name], f"{path}.{name}", errors)
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, shape.member, f"{path}[{i}]", errors)
    elif isinstance(shape, MapShape) and isinstance(value, dict):
        for key, item in value.items():
            _walk(item, shape.value, f"{path}[{key!r}]", errors)
    elif shape.type_name == "string" and isinstance(value, str):
        enum = shape.enum
        if enum and value not in enum:
            errors.append(f"{path}: {value!r} not in {enum}")
        low, high = shape.metadata.get("min"), shape.metadata.get("max")
        if low is not None and len(value) < low:
            errors.append(f"{path}: shorter than {low}")
        if high is not None and len(value) > high:
            errors.append(f"{path}: longer than {high}")


def shape_errors(value: dict[str, Any], shape_name: str, service: str = "bedrock-agent-runtime") -> list[str]:
    """Every way `value` departs from `shape_name` of `service` (empty when it conforms)."""
    shape = service_model(service).shape_for(shape_name)
    report = ParamValidator().validate(value, shape)
    errors = [report.generate_report()] if report.has_errors() else []
    _walk(value, shape, shape_name, errors)
    return errors

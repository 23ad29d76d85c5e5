"""The constraints botocore's ParamValidator leaves out: maximums, enums and patterns.

``botocore.validate.ParamValidator`` checks types, required members, unions and *minimum* lengths
and ranges. The service also enforces ``max``, ``enum`` and ``pattern`` from the same model, so this
walker adds exactly those (and blob/map sizes), reading every constraint from the shape. Values of
the wrong type are skipped here: ParamValidator already reports them.

Patterns follow Smithy semantics (a search, not an implicit full match) and are compiled with the
``regex`` module, because the model uses Unicode classes such as ``\\P{C}`` that ``re`` lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import regex
from botocore.model import ListShape, MapShape, Shape, StructureShape


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern)


def _size_errors(name: str, size: int, shape: Shape, unit: str) -> list[str]:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        return [f"{name}: {unit} {size} is below the minimum of {low}"]
    if high is not None and size > high:
        return [f"{name}: {unit} {size} exceeds the maximum of {high}"]
    return []


def _string_errors(value: Any, shape: Shape, name: str) -> list[str]:
    if not isinstance(value, str):
        return []
    errors: list[str] = []
    enum = shape.enum
    if enum and value not in enum:
        errors.append(f"{name}: {value!r} is not one of {', '.join(enum)}")
    high = shape.metadata.get("max")
    if high is not None and len(value) > high:
        errors.append(f"{name}: length {len(value)} exceeds the maximum of {high}")
    pattern = shape.metadata.get("pattern")
    if pattern and _compiled(pattern).search(value) is None:
        errors.append(f"{name}: value does not match the pattern {pattern}")
    return errors


def _number_errors(value: Any, shape: Shape, name: str) -> list[str]:
    high = shape.metadata.get("max")
    if isinstance(value, int | float) and not isinstance(value, bool) and high is not None and value > high:
        return [f"{name}: {value} exceeds the maximum of {high}"]
    return []


def _blob_errors(value: Any, shape: Shape, name: str) -> list[str]:
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, bytes | bytearray):
        return _size_errors(name, len(value), shape, "size")
    return []


def _list_errors(value: Any, shape: Shape, name: str) -> list[str]:
    if not isinstance(value, list):
        return []
    assert isinstance(shape, ListShape)
    errors = []
    high = shape.metadata.get("max")
    if high is not None and len(value) > high:
        errors.append(f"{name}: {len(value)} items exceed the maximum of {high}")
    for index, item in enumerate(value):
        errors += constraint_errors(item, shape.member, f"{name}[{index}]")
    return errors


def _map_errors(value: Any, shape: Shape, name: str) -> list[str]:
    if not isinstance(value, Mapping):
        return []
    assert isinstance(shape, MapShape)
    errors = _size_errors(name, len(value), shape, "entry count")
    for key, item in value.items():
        errors += constraint_errors(key, shape.key, f"{name} (key {key!r})")
        errors += constraint_errors(item, shape.value, f"{name}.{key}")
    return errors


def _structure_errors(value: Any, shape: Shape, name: str) -> list[str]:
    if not isinstance(value, Mapping) or shape.is_document_type:
        return []
    assert isinstance(shape, StructureShape)
    errors: list[str] = []
    for member, item in value.items():
        member_shape = shape.members.get(member)
        if member_shape is not None:
            errors += constraint_errors(item, member_shape, f"{name}.{member}" if name else member)
    return errors


_CHECKS: dict[str, Callable[[Any, Shape, str], list[str]]] = {
    "structure": _structure_errors,
    "list": _list_errors,
    "map": _map_errors,
    "string": _string_errors,
    "blob": _blob_errors,
    **dict.fromkeys(("integer", "long", "double", "float"), _number_errors),
}


def constraint_errors(value: Any, shape: Shape, name: str = "") -> list[str]:
    """Every max/enum/pattern/size violation in ``value`` against ``shape``, as readable lines."""
    check = _CHECKS.get(shape.type_name)
    return [] if check is None else check(value, shape, name)

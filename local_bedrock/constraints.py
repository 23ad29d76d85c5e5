"""The constraints botocore's ParamValidator leaves out: maximums, enums and patterns.

``botocore.validate.ParamValidator`` checks types, required members, unions and *minimum* lengths
and ranges. The service also enforces ``max``, ``enum`` and ``pattern`` from the same model, so this
walker adds exactly those (and blob/map sizes), reading every constraint from the shape. Values of
the wrong type are skipped here: ParamValidator already reports them.

Patterns follow Smithy semantics: an ECMA-262 regular expression, searched, not implicitly anchored
(Smithy 2.0 spec, constraint traits, "pattern trait"). Python's dialect differs where it matters for
identifiers: its ``$`` also matches before a final newline, so ``^[0-9a-zA-Z._:-]+$`` accepted
``"ab\\n"``; ``ecma_pattern`` rewrites the pattern so that ``$``, ``.``, ``\\d`` and ``\\w`` mean what
ECMA-262 says (section 22.2.2, "Pattern Semantics": ``$`` is the end of the input without the
multiline flag, ``.`` excludes every line terminator, ``\\d`` and ``\\w`` are ASCII). Patterns compile
with the ``regex`` module, because the model uses Unicode classes such as ``\\P{C}`` that ``re`` lacks.

``header_value_errors`` is the stricter check for what the endpoint *writes* into a response header:
the whole value must match (full match), within the shape's lengths, and no control character at
all (RFC 9110, section 5.5: a field value never holds CR, LF or NUL).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import regex
from botocore.model import ListShape, MapShape, Shape, StructureShape

_LINE_TERMINATORS = "\\n\\r\\u2028\\u2029"
_OUTSIDE_CLASS = {"$": "\\Z", ".": f"[^{_LINE_TERMINATORS}]"}
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_"}
_ESCAPES = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}


def ecma_pattern(pattern: str) -> str:
    """``pattern`` (ECMA-262, no flags) rewritten for Python's ``regex`` with the same meaning."""
    out: list[str] = []
    in_class, index = False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            table = _CLASS_ESCAPES if in_class else _ESCAPES
            out.append(table.get(escaped, char + escaped))
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        else:
            in_class = char == "["
            out.append(_OUTSIDE_CLASS.get(char, char))
        index += 1
    return "".join(out)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    return regex.compile(ecma_pattern(pattern))


def pattern_matches(pattern: str, value: str, *, full: bool = False) -> bool:
    """Whether ``value`` satisfies a model ``pattern``: searched as Smithy says, or in ``full``.

    ``concurrent=False``: the ``regex`` module releases the GIL around every match on a ``str`` by
    default; the endpoint checks about 70 short values a turn, and under concurrent turns each
    release cost a wait to take the GIL back (8 clients: 58 % of the endpoint's busy samples were
    here, py-spy, 2026-12-01; 8 clients vs 1 went from 1.10-1.25x to 1.41-1.43x without it)."""
    compiled = _compiled(pattern)
    match = compiled.fullmatch if full else compiled.search
    return match(value, concurrent=False) is not None


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
    if pattern and not pattern_matches(pattern, value):
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


def header_value_errors(value: Any, shape: Shape, name: str) -> list[str]:
    """Why ``value`` may not be written as the header of ``shape`` (full match, lengths, no controls)."""
    if not isinstance(value, str):
        return [f"{name}: a header value must be a string, not {type(value).__name__}"]
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return [f"{name}: a header value must not contain control characters"]
    errors = _size_errors(name, len(value), shape, "length")
    if shape.enum and value not in shape.enum:
        errors.append(f"{name}: {value!r} is not one of {', '.join(shape.enum)}")
    pattern = shape.metadata.get("pattern")
    if pattern and not pattern_matches(pattern, value, full=True):
        errors.append(f"{name}: value does not match the pattern {pattern} in full")
    return errors

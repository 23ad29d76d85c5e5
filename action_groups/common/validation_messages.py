"""Turn pydantic/Powertools validation errors into sentences the agent can relay.

Powertools' default 422 body carries only ``loc`` and ``type``; the model cannot fix its call from
that. Each sentence names the field and the rule, e.g. "quantity must be at most 10 (got 30)."
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from action_groups.common.formats import describe_pattern

_MAX_SHOWN_INPUT = 40


def _field(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]  # where it came from, not its name (a parameter may be called "query")
    return ".".join(parts) or "request"


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= _MAX_SHOWN_INPUT else text[: _MAX_SHOWN_INPUT - 3] + "...'"


def _rule(err: Mapping[str, Any]) -> str:
    kind = str(err.get("type", ""))
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    rules: dict[str, str] = {
        "missing": "is required",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "less_than": f"must be less than {ctx.get('lt')}",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "greater_than": f"must be greater than {ctx.get('gt')}",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "int_type": "must be a whole number",
        "int_parsing_size": "must be a whole number of a sensible size",
        "string_type": "must be text",
        "string_too_short": f"must be at least {ctx.get('min_length')} characters long",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters long",
        "string_unicode": "must be text without broken characters (it is not valid Unicode)",
        "date_from_datetime_parsing": "must be a date written as YYYY-MM-DD, for example 2026-03-31",
        "date_parsing": "must be a date written as YYYY-MM-DD, for example 2026-03-31",
        "date_type": "must be a date written as YYYY-MM-DD, for example 2026-03-31",
        "date_from_datetime_inexact": "must be a date written as YYYY-MM-DD, for example 2026-03-31",
        "bool_parsing": "must be true or false",
        "literal_error": f"must be one of {ctx.get('expected')}",
        "extra_forbidden": "is not a known field",
        "model_attributes_type": "must be an object with named fields",
        "dict_type": "must be an object with named fields",
        "json_invalid": "must be valid JSON",
    }
    if kind == "string_pattern_mismatch":
        words = describe_pattern(str(ctx.get("pattern", "")))
        return f"must look like {words}" if words else "is not in the expected format"
    if kind == "value_error":
        return str(err.get("msg", "is not valid")).removeprefix("Value error, ")
    return rules.get(kind, str(err.get("msg", "is not valid")).lower())


def describe(errors: Iterable[Mapping[str, Any]]) -> str:
    """One sentence per problem, joined; deterministic order."""
    sentences = []
    for err in errors:
        sentence = f"{_field(err.get('loc', ()))} {_rule(err)}"
        if err.get("type") not in ("missing", "extra_forbidden") and "input" in err:
            sentence += f" (got {_shown(err['input'])})"
        sentences.append(sentence + ".")
    return " ".join(dict.fromkeys(sentences)) or "The request is not valid."

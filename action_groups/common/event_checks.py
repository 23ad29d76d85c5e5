"""Checks on an event before it is resolved: shapes Bedrock never sends are refused, not guessed at.

Bedrock's action-group event (Bedrock user guide, "Configure Lambda functions to send information
that an Amazon Bedrock agent elicits from the user", section "Lambda input event from Amazon
Bedrock") is at most 6 levels deep (event, requestBody, content, media type, properties, property),
carries ``apiPath`` "as defined in the OpenAPI schema" (``/orders/{orderId}``) and lists each
parameter and body property by name; that a name never appears twice is our reading of that
format, not a documented guarantee.
Powertools would silently resolve what else arrives: a dict of properties keeps the last of two
``quantity`` entries, path parameters come from ``parameters`` whatever the apiPath says, and its
route regex ends in ``$``, which matches before a trailing newline. Each check returns a sentence
saying what was wrong, or None.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import Any

MAX_EVENT_DEPTH = 20  # Bedrock's events are 6 levels deep; values are strings
ROUTING_FIELDS = ("actionGroup", "apiPath", "httpMethod")


def nesting_problem(event: Any, limit: int = MAX_EVENT_DEPTH) -> str | None:
    """Refuse values nested deeper than ``limit`` (iteratively: no recursion, whatever the depth)."""
    pending: list[tuple[Any, int]] = [(event, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, Mapping | list):
            if depth > limit:
                return f"The event is nested deeper than {limit} levels."
            children = node.values() if isinstance(node, Mapping) else node
            pending += [(child, depth + 1) for child in children]
    return None


def _twice(entries: Any) -> list[str]:
    names = (
        Counter(e.get("name") for e in entries if isinstance(e, Mapping)) if isinstance(entries, list) else {}
    )
    return sorted(str(name) for name, count in names.items() if count > 1)


def ambiguity_problem(event: Mapping[str, Any]) -> str | None:
    """Routing fields with control characters or spaces, a parameter or body property named twice."""
    for field in ROUTING_FIELDS:
        value = event.get(field)
        if isinstance(value, str) and any(c.isspace() or unicodedata.category(c) == "Cc" for c in value):
            return f"{field} contains spaces or control characters."
    repeated = _twice(event.get("parameters"))
    if repeated:
        return f"The parameters name {', '.join(repeated)} more than once."
    content = (event.get("requestBody") or {}).get("content")
    for media_type, body in content.items() if isinstance(content, Mapping) else ():
        repeated = _twice(body.get("properties") if isinstance(body, Mapping) else None)
        if repeated:
            return f"The {media_type} request body names {', '.join(repeated)} more than once."
    return None


def _clip(value: Any, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "..."


def path_disagreement(template: str, api_path: str, parameters: Mapping[str, Any]) -> str | None:
    """A concrete apiPath segment that contradicts the parameter of the same name.

    Bedrock sends the template (``{customerId}``); a concrete value is accepted only when it is
    exactly the parameter's value, so an event can never say two different ids for one field.
    """
    for expected, actual in zip(template.strip("/").split("/"), api_path.strip("/").split("/"), strict=False):
        if not (expected.startswith("{") and expected.endswith("}")) or actual == expected:
            continue
        name = expected[1:-1]
        given = parameters.get(name)
        if actual != given:
            said = "there is no such parameter" if given is None else f"the parameter says {_clip(given)}"
            return f"The apiPath says {name} is {_clip(actual)}, but {said}."
    return None

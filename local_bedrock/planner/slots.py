"""Fill an operation's parameters from the user's words, guided only by the parameter schemas:
patterns find ids, `format: date` finds dates, integers find numbers, "one of: ..." descriptions
find allowed values, and free-text parameters take the product words of the sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from local_bedrock.agent.definition import Operation, Parameter
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.language import number_words_to_digits

_ANCHORS = re.compile(r"^\^|\$$")


def kind_of(parameter: Parameter) -> str:
    """The kind of thing a parameter names: "order", "product", "customer", or its own name."""
    name = parameter.name.lower()
    for kind, fragments in (
        ("order", ("order", "purchase")),
        ("product", ("product",)),
        ("customer", ("customer",)),
    ):
        if any(f in name for f in fragments):
            return kind
    return name


def id_finder(pattern: str) -> re.Pattern[str]:
    """A search pattern for ids of this format in free text: case-insensitive, with or without the
    separator ("ord-7k3f9q", "ORD 7K3F9Q", "ORD7K3F9Q")."""
    core = _ANCHORS.sub("", pattern)
    prefix = re.match(r"^([A-Z]+)-", core)
    if prefix:
        core = prefix.group(1) + "[- ]?" + core[len(prefix.group(0)) :]
    return re.compile(rf"(?<![A-Za-z0-9]){core}(?![A-Za-z0-9])", re.IGNORECASE)


def canonical_id(found: str, pattern: str) -> str:
    compact = re.sub(r"[^A-Za-z0-9]", "", found).upper()
    prefix = re.match(r"^\^?([A-Z]+)-", pattern)
    if prefix and compact.startswith(prefix.group(1)):
        return f"{prefix.group(1)}-{compact[len(prefix.group(1)) :]}"
    return compact


def find_ids(text: str, parameter: Parameter) -> list[str]:
    pattern = parameter.schema.get("pattern")
    if not pattern:
        return []
    return [canonical_id(m.group(0), pattern) for m in id_finder(pattern).finditer(text)]


def allowed_values(parameter: Parameter) -> list[str]:
    """The values a description lists after "one of:" (remarks in parentheses left out)."""
    described = re.sub(r"\([^)]*\)", "", parameter.description)
    match = re.search(r"one of:\s*(.+?)\.?$", described, re.IGNORECASE)
    return [v.strip() for v in match.group(1).split(",") if v.strip()] if match else []


def find_allowed(text: str, parameter: Parameter) -> str | None:
    for value in allowed_values(parameter):
        main = [w for w in re.findall(r"[a-z]+", value.lower()) if len(w) > 3]
        if value.lower() in text or any(re.search(rf"\b{w}s?\b", text) for w in main):
            return value
    return None


def integers(text: str, exclude: list[str]) -> list[int]:
    cleaned = text
    for item in exclude:
        cleaned = cleaned.replace(item.lower(), " ")
    cleaned = re.sub(
        r"\b\d{4}-\d{1,2}-\d{1,2}\b|\$\s?\d+(\.\d+)?|\b\d+(\.\d+)? ?(dollars|usd|mah|w|gb|l|ft|inch|quart)\b",
        " ",
        cleaned,
    )
    cleaned = re.sub(r"\b(20\d\d)\b", " ", cleaned)
    return [int(n) for n in re.findall(r"(?<![\w.-])(\d{1,3})(?![\w.-])", number_words_to_digits(cleaned))]


@dataclass
class Filled:
    values: dict[str, Any] = field(default_factory=dict)
    missing: list[Parameter] = field(default_factory=list)


def fill(
    operation: Operation, text: str, *, today: date, product_words: str, ids_in_text: list[str]
) -> Filled:
    """Values the sentence itself provides; required parameters it does not provide are `missing`."""
    result = Filled()
    since, until = date_range(text, today)
    numbers = integers(text, ids_in_text)
    for parameter in operation.parameters:
        value = _value(parameter, text, since, until, numbers, product_words)
        if value is not None:
            result.values[parameter.name] = value
        elif parameter.required:
            result.missing.append(parameter)
    return result


def _value(
    parameter: Parameter,
    text: str,
    since: date | None,
    until: date | None,
    numbers: list[int],
    product_words: str,
) -> Any:
    schema = parameter.schema
    name = parameter.name.lower()
    if schema.get("pattern"):
        found = find_ids(text, parameter)
        return found[0] if found else None
    if schema.get("format") == "date":
        if any(k in name for k in ("since", "from", "after", "start")):
            return since.isoformat() if since else None
        return until.isoformat() if until else None
    if parameter.type == "integer":
        if parameter.required:
            return numbers[0] if numbers else None
        # An optional count is a page size: only "last 3", "top 5", "3 suggestions", "ten of my
        # purchases" set it (a number before a plural noun), kept inside the allowed range.
        match = re.search(
            r"\b(?:last|top|first|latest|recent|newest|show(?: me)?) (\d{1,3})\b|\b(\d{1,3}) "
            r"(?:of )?(?:my |the |your |their |his |her )?(?:[a-z]+ ){0,2}[a-z]+s\b",
            number_words_to_digits(text),
        )
        if not match:
            return None
        value = int(match.group(1) or match.group(2))
        return max(int(schema.get("minimum", value)), min(int(schema.get("maximum", value)), value))
    if allowed_values(parameter):
        return find_allowed(text, parameter)
    if parameter.type == "string" and "token" not in name and product_words:
        return product_words
    return None

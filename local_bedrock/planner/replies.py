"""Readable answers composed from any action group's JSON result, guided by the operation's declared
response schema (a string property described as "USD" is an amount of money) and nothing else: a
list of objects becomes numbered lines, one object becomes a sentence about it and its fields.
"""

from __future__ import annotations

import re
from typing import Any

from local_bedrock.agent.definition import Operation

MAX_FIELDS = 8


def words_of(name: str) -> str:
    """camelCase key -> lowercase words ("placedAt" -> "placed at", "inStock" -> "in stock")."""
    return re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name).lower()


def money_fields(operation: Operation | None, schemas: dict[str, Any] | None = None) -> set[str]:
    """Property names the response schema describes as amounts in US dollars."""
    return {
        key
        for key, value in response_properties(operation, schemas)
        if re.match(r"^(USD|US dollars)\b", value.get("description", ""))
    }


def response_properties(
    operation: Operation | None, schemas: dict[str, Any] | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """Every property the operation's response schemas declare, at any depth (the objects a list
    holds too), each with its schema."""
    if operation is None or not schemas:
        return []
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if isinstance(value, dict):
                    found.append((key, value))
                walk(value)
            walk(node.get("items"))

    document = schemas.get(operation.group, {})
    method = document.get("paths", {}).get(operation.path, {}).get(operation.method.lower(), {})
    for response in method.get("responses", {}).values():
        walk(response.get("content", {}).get("application/json", {}).get("schema"))
    return found


def id_key(item: dict[str, Any]) -> str | None:
    return next((k for k in item if k.endswith("Id") and isinstance(item[k], str)), None)


def name_of(item: dict[str, Any]) -> str:
    """What an object is called: its name or title, else the names it lists."""
    for key in ("name", "title", "label"):
        if isinstance(item.get(key), str):
            return str(item[key])
    for value in item.values():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return ", ".join(value)
    return ""


def _value(key: str, value: Any, money: set[str]) -> str:
    if key in money:
        return f"${value}"
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\dT", value):
        return value[:10]
    return str(value)


def _fields(item: dict[str, Any], money: set[str], skip: set[str]) -> list[str]:
    shown = []
    for key, value in item.items():
        if key in skip or value in (None, "", [], {}) or isinstance(value, (dict, list)):
            continue
        if isinstance(value, bool):
            continue
        shown.append(f"{words_of(key)} {_value(key, value, money)}")
    return shown[:MAX_FIELDS]


def item_line(item: dict[str, Any], money: set[str]) -> str:
    """ "<id> · <name> — <its other fields>": one shown thing, as a listing says it."""
    key = id_key(item)
    name = name_of(item)
    head = " · ".join(x for x in (str(item[key]) if key else "", name) if x)
    rest = _fields(item, money, {key or "", "name", "title", "label"})
    return head + (f" — {', '.join(rest)}" if rest else "")


def list_line(n: int, item: dict[str, Any], money: set[str]) -> str:
    return f"{n}. {item_line(item, money)}"


def object_lines(body: dict[str, Any], money: set[str], yours: bool = False) -> list[str]:
    key = id_key(body)
    name = name_of(body)
    status = body.get("status")
    noun = words_of(key[:-2]) if key else ""
    subject = f"{'Your ' + noun if yours else noun.capitalize()} {body[key]}" if key else ""
    opening = subject or name or "Result"
    if status:
        opening += f" is {str(status).lower()} ({status})"
    lines = [opening + ("." if status else ":")]
    if name and subject:
        lines.append(name)
    rest = _fields(body, money, {key or "", "status", "name", "title", "label"})
    if rest:
        lines.append("; ".join(rest) + ".")
    for field, value in body.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines += [f"- {item_line(v, money)}" for v in value]
        elif isinstance(value, dict):
            inner = _fields(value, money, set())
            if inner:
                lines.append(f"{words_of(field).capitalize()}: {', '.join(inner)}.")
    return lines


def the_list(body: dict[str, Any]) -> tuple[str, list[dict[str, Any]]] | None:
    """The collection a result carries (its one list of objects), if it is not about one thing."""
    lists = [(k, v) for k, v in body.items() if isinstance(v, list) and all(isinstance(x, dict) for x in v)]
    if len(lists) == 1 and id_key(body) is None:
        return lists[0]
    return None


def consequence(operation: Operation) -> str:
    """What the operation declares follows from it, after a ";" in its description ("...; stock is
    restored and the total refunded"), as a sentence to add after a change succeeded."""
    first = re.split(r"(?<=\.)\s", operation.description or "")[0]
    if ";" not in first:
        return ""
    said = first.split(";", 1)[1].strip().rstrip(".")
    return f"\n{said[:1].upper()}{said[1:]}." if said else ""


def failure(status: int, body: Any) -> str:
    message = body.get("message") if isinstance(body, dict) else None
    if status >= 500 or not message:
        return "Sorry, something went wrong on our side. Please try again in a moment."
    return f"Sorry, I couldn't do that: {message}"


def compose(
    body: Any, status: int, *, money: set[str], query: str = "", offer: str = "", yours: bool = False
) -> str:
    if status >= 400:
        return failure(status, body)
    if not isinstance(body, dict):
        return str(body)
    collection = the_list(body)
    if collection is not None:
        key, items = collection
        if not items:
            about = f" matching “{query}”" if query else ""
            return f"I couldn't find any {words_of(key)}{about}."
        noun = words_of(key)
        if len(items) == 1 and noun.endswith("s") and not noun.endswith("ss"):
            noun = noun[:-1]  # "1 product"
        lines = [f"Here {'is' if len(items) == 1 else 'are'} {len(items)} {noun}:"]
        lines += [list_line(n, item, money) for n, item in enumerate(items, 1)]
        rest = _fields({k: v for k, v in body.items() if k != key and "token" not in k.lower()}, money, set())
        if rest:
            lines.append("; ".join(rest).capitalize() + ".")
        if any("token" in k.lower() and v for k, v in body.items()):
            lines.append("There are more: say “show more” to see them.")
        if offer:
            lines.append(offer)
        return "\n".join(lines)
    text = "\n".join(object_lines(body, money, yours))
    return f"{text}\n{offer}" if offer else text

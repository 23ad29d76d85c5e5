"""What the planner remembers of a session, from any action group's JSON: the lists it showed (each
item's id and name), the things in focus (ids of single results, newest last), the page to continue,
and the facts a read reported about one thing (its status and yes/no fields such as "cancellable").

Values are matched to parameters by the parameters' declared id formats (their `pattern`), so no
knowledge of a particular agent's result shapes is needed.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from local_bedrock.agent.definition import Operation, Parameter
from local_bedrock.planner.replies import id_key, item_line, name_of

MAX_FOCUS = 6
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|T)")


def days_of(item: dict[str, Any]) -> str:
    """The item's date fields as "field=YYYY-MM-DD ..." (what tells shown things apart by a day)."""
    return " ".join(f"{k}={v[:10]}" for k, v in item.items() if isinstance(v, str) and ISO_DAY.match(v))


def _facts(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if isinstance(v, bool) or k == "status"}


def _price(item: dict[str, Any], money: Collection[str] = ()) -> str | None:
    """What the item costs: a field the response schema declares in US dollars (``money``,
    replies.money_fields), else one named for an amount (price, cost, amount), if any."""
    keys = [k for k in item if k in money] or [k for k in item if re.search(r"price|cost|amount", k, re.I)]
    for key in keys:
        value = item[key]
        if isinstance(value, (int, float, str)):
            try:
                return str(float(value))
            except ValueError:
                continue
    return None


def _ids_and_names(
    items: list[dict[str, Any]], memory: dict[str, Any], money: Collection[str]
) -> list[dict[str, str]]:
    shown = []
    for item in items:
        key = id_key(item)
        if key:
            entry = {"id": str(item[key]), "key": key, "name": name_of(item), "about": _about(item, key)}
            entry["days"] = days_of(item)
            entry["line"] = item_line(item, set(money))
            price = _price(item, money)
            if price is not None:
                entry["price"] = price
            shown.append(entry)
            if _facts(item):  # what a list says of each thing, as a read of it would
                memory.setdefault("facts", {}).setdefault(str(item[key]), {}).update(_facts(item))
    return shown


def _about(item: dict[str, Any], key: str) -> str:
    """The item's other words (its format, author, status ...): what tells apart two things of one name."""
    return " ".join(str(v) for k, v in item.items() if k != key and isinstance(v, str))


def focus_on(memory: dict[str, Any], key: str, value: str) -> None:
    """Put one thing in focus (newest last): what "it" stands for next."""
    focus = [f for f in memory.setdefault("focus", []) if f["id"] != value]
    memory["focus"] = [*focus, {"id": value, "key": key}][-MAX_FOCUS:]


def remember(
    memory: dict[str, Any],
    body: Any,
    operation: Operation,
    arguments: dict[str, Any],
    money: Collection[str] = (),
) -> None:
    """Keep what a result showed (``money``: the fields its response schema declares in dollars)."""
    if not isinstance(body, dict):
        return
    for name, value in arguments.items():
        parameter = operation.parameter(name)
        if parameter is not None and parameter.location == "path" and isinstance(value, str):
            focus_on(memory, name, value)
    own = id_key(body)
    for value in body.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            shown = _ids_and_names(value, memory, money)
            if shown:
                memory.setdefault("lists", []).append(shown)
                memory["lists"] = memory["lists"][-4:]
                if len(shown) == 1 and own is None:
                    focus_on(memory, shown[0]["key"], shown[0]["id"])
    if own:
        focus_on(memory, own, str(body[own]))
        memory.setdefault("facts", {})[str(body[own])] = _facts(body)
    token = next((str(v) for k, v in body.items() if "token" in k.lower() and v), None)
    takes_token = any("token" in p.name.lower() for p in operation.parameters)
    if takes_token and token:
        page_arguments = {k: v for k, v in arguments.items() if "token" not in k.lower()}
        memory["page"] = {"operation": operation.operation_id, "arguments": page_arguments, "token": token}
    elif takes_token:
        memory.pop("page", None)


def fits(value: str, parameter: Parameter) -> bool:
    pattern = parameter.schema.get("pattern")
    return bool(pattern and re.fullmatch(pattern.strip("^$"), value))


def last_list(memory: dict[str, Any], parameter: Parameter) -> list[dict[str, str]]:
    """The newest list shown whose ids this parameter takes."""
    for shown in reversed(memory.get("lists", [])):
        if shown and (fits(shown[0]["id"], parameter) or shown[0]["key"] == parameter.name):
            return list(shown)
    return []


def in_focus(memory: dict[str, Any], parameter: Parameter) -> str | None:
    for item in reversed(memory.get("focus", [])):
        if fits(item["id"], parameter) or item["key"] == parameter.name:
            return str(item["id"])
    return None

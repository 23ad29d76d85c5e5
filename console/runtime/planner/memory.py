"""What the planner remembers of a session: the lists it showed, the things in focus, the page."""

from __future__ import annotations

from typing import Any

from console.runtime.agent.definition import Operation


def remember(memory: dict[str, Any], body: Any, operation: Operation, arguments: dict[str, Any]) -> None:
    if not isinstance(body, dict):
        return
    lists = memory.setdefault("lists", {})
    focus = memory.setdefault("focus", {})
    if arguments.get("customerId"):
        focus["customer"] = arguments["customerId"]
    if "purchases" in body:
        lists["order"] = [
            {"id": p["purchaseId"], "name": " ".join(p.get("items", []))} for p in body["purchases"]
        ]
        if body.get("nextToken"):
            page_arguments = {k: v for k, v in arguments.items() if k != "nextToken"}
            memory["page"] = {
                "operation": operation.operation_id,
                "arguments": page_arguments,
                "token": body["nextToken"],
            }
        else:
            memory.pop("page", None)
    for key in ("products", "recommendations"):
        if key in body:
            lists["product"] = [{"id": p["productId"], "name": p["name"]} for p in body[key]]
            if len(body[key]) == 1:
                focus["product"] = body[key][0]["productId"]
    if "lines" in body:
        focus["order"] = body["purchaseId"]
        lists["product"] = [{"id": line["productId"], "name": line["name"]} for line in body["lines"]]
    if "orderId" in body:
        focus["order"] = body["orderId"]
        if "productId" in body:
            focus["product"] = body["productId"]

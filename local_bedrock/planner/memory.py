"""What the planner remembers of a session: the lists it showed, the things in focus, the page,
and the last known status of each order."""

from __future__ import annotations

from typing import Any

from local_bedrock.agent.definition import Operation

OPEN_STATUSES = ("PLACED", "PROCESSING")  # an order can be cancelled until it ships


def _status(statuses: dict[str, Any], order_id: str, status: str, cancellable: bool | None = None) -> None:
    statuses[order_id] = {
        "status": status,
        "cancellable": status in OPEN_STATUSES if cancellable is None else cancellable,
    }


def remember(memory: dict[str, Any], body: Any, operation: Operation, arguments: dict[str, Any]) -> None:
    if not isinstance(body, dict):
        return
    lists = memory.setdefault("lists", {})
    focus = memory.setdefault("focus", {})
    statuses = memory.setdefault("statuses", {})
    if arguments.get("customerId"):
        focus["customer"] = arguments["customerId"]
    if "purchases" in body:
        lists["order"] = [
            {"id": p["purchaseId"], "name": " ".join(p.get("items", []))} for p in body["purchases"]
        ]
        for purchase in body["purchases"]:
            _status(statuses, purchase["purchaseId"], purchase["status"])
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
        _status(statuses, body["purchaseId"], body["status"], bool(body.get("cancellable")))
    if "orderId" in body:
        focus["order"] = body["orderId"]
        _status(statuses, body["orderId"], body["status"])
        if "productId" in body:
            focus["product"] = body["productId"]

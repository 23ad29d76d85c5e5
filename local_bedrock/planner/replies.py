"""Readable answers composed from action-group results (by the shape of the JSON they return)."""

from __future__ import annotations

from typing import Any


def _money(value: Any) -> str:
    return f"${value}"


def _date(value: Any) -> str:
    return str(value)[:10] if value else ""


def purchases(body: dict[str, Any], whose: str) -> str:
    items = body.get("purchases", [])
    if not items:
        return f"I couldn't find any purchases for {whose} in that period."
    lines = [
        f"Here are {whose} {len(items)} most recent purchases:"
        if whose != "you"
        else f"Here are your {len(items)} most recent purchases:"
    ]
    for n, p in enumerate(items, 1):
        names = ", ".join(p.get("items", []))
        lines.append(
            f"{n}. {p['purchaseId']} · {_date(p['placedAt'])} · {p['status']} · {_money(p['total'])}"
            f" — {names}"
        )
    if body.get("nextToken"):
        lines.append("There are older purchases too: say “show more” to see them.")
    return "\n".join(lines)


def details(body: dict[str, Any], noun: str = "Purchase") -> str:
    status = body["status"]
    lines = [f"{noun} {body['purchaseId']}, placed on {_date(body['placedAt'])}, is {status}."]
    if body.get("deliveredAt"):
        lines[0] = lines[0][:-1] + f" (delivered on {_date(body['deliveredAt'])})."
    elif body.get("shippedAt"):
        lines[0] = lines[0][:-1] + f" (shipped on {_date(body['shippedAt'])})."
    elif body.get("cancelledAt"):
        lines[0] = lines[0][:-1] + f" (cancelled on {_date(body['cancelledAt'])})."
    for line in body.get("lines", []):
        lines.append(
            f"- {line['quantity']} × {line['name']} ({line['productId']}) at {_money(line['unitPrice'])}"
        )
    lines.append(f"Total: {_money(body['total'])}.")
    tracking = body.get("tracking")
    if tracking:
        lines.append(f"Tracking: {tracking['carrier']} {tracking['trackingNumber']}.")
    if body.get("cancellable"):
        lines.append("It hasn't shipped yet, so it can still be cancelled.")
    return "\n".join(lines)


def products(body: dict[str, Any], query: str, can_order: bool) -> str:
    found = body.get("products", [])
    if not found:
        return f"I couldn't find any products matching “{query}”. Could you describe it differently?"
    lines = [f"I found {len(found)} product{'s' if len(found) > 1 else ''} for “{query}”:"]
    for n, p in enumerate(found, 1):
        stock = f"{p['inStock']} in stock" if p["inStock"] else "out of stock"
        lines.append(f"{n}. {p['name']} ({p['productId']}) — {_money(p['price'])}, {stock}")
    if can_order:
        lines.append("Would you like to order one of these? Tell me which one and how many.")
    return "\n".join(lines)


def recommendations(body: dict[str, Any], whose: str) -> str:
    found = body.get("recommendations", [])
    if not found:
        return "I don't have any suggestions right now."
    lines = ["Here are some suggestions you might like:" if whose == "you" else f"Suggestions for {whose}:"]
    for n, p in enumerate(found, 1):
        lines.append(f"{n}. {p['name']} ({p['productId']}) — {_money(p['price'])}. {p['reason']}.")
    return "\n".join(lines)


def receipt(body: dict[str, Any]) -> str:
    text = (
        f"Your order {body['orderId']} is placed: {body['quantity']} × {body['name']} at "
        f"{_money(body['unitPrice'])} each, total {_money(body['total'])}."
    )
    if body.get("alreadyPlaced"):
        text = (
            f"That order was already placed earlier in our conversation, so I didn't place it twice: "
            f"{body['orderId']}, {body['quantity']} × {body['name']}, total {_money(body['total'])}."
        )
    return text


def cancelled(body: dict[str, Any]) -> str:
    return (
        f"Order {body['orderId']} is cancelled. {_money(body['refund'])} will be refunded to your original "
        "payment method."
    )


def failure(status: int, body: Any) -> str:
    message = body.get("message") if isinstance(body, dict) else None
    if status >= 500 or not message:
        return "Sorry, something went wrong on our side. Please try again in a moment."
    return f"Sorry, I couldn't do that: {message}"


def generic(body: Any) -> str:
    if isinstance(body, dict):
        return "\n".join(f"{k}: {v}" for k, v in body.items() if v not in (None, [], {}))
    return str(body)


def compose(body: Any, status: int, *, whose: str, query: str = "", can_order: bool = False) -> str:
    if status >= 400:
        return failure(status, body)
    if not isinstance(body, dict):
        return generic(body)
    if "purchases" in body:
        return purchases(body, whose)
    if "products" in body:
        return products(body, query, can_order)
    if "recommendations" in body:
        return recommendations(body, whose)
    if "refund" in body:
        return cancelled(body)
    if "orderId" in body and "unitPrice" in body:
        return receipt(body)
    if "lines" in body:
        return details(body, "Order" if body["status"] in ("PLACED", "PROCESSING") else "Purchase")
    return generic(body)

"""Stored items -> what the agent sees. One mapping per shape, used by every action group."""

from __future__ import annotations

from typing import Any

from action_groups.models import money
from action_groups.store.dynamo import Item

SUMMARY_NAMES = 3


def line(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "productId": item["product_id"],
        "name": item["name"],
        "quantity": int(item["quantity"]),
        "unitPrice": money(int(item["unit_price_cents"])),
    }


def purchase_summary(order: Item) -> dict[str, Any]:
    lines = order.get("lines", [])
    return {
        "purchaseId": order["order_id"],
        "placedAt": order["placed_at"],
        "status": order["status"],
        "itemCount": int(order.get("item_count", sum(int(x["quantity"]) for x in lines))),
        "total": money(int(order["total_cents"])),
        "items": [x["name"] for x in lines[:SUMMARY_NAMES]],
    }


def purchase_details(order: Item) -> dict[str, Any]:
    tracking = order.get("tracking")
    return {
        "purchaseId": order["order_id"],
        "placedAt": order["placed_at"],
        "status": order["status"],
        "lines": [line(x) for x in order.get("lines", [])],
        "total": money(int(order["total_cents"])),
        "cancellable": order["status"] in ("PLACED", "PROCESSING"),
        "shippedAt": order.get("shipped_at"),
        "deliveredAt": order.get("delivered_at"),
        "cancelledAt": order.get("cancelled_at"),
        "tracking": {"carrier": tracking["carrier"], "trackingNumber": tracking["number"]}
        if tracking
        else None,
    }


def product(item: Item) -> dict[str, Any]:
    return {
        "productId": item["product_id"],
        "name": item["name"],
        "category": item["category"],
        "price": money(int(item["price_cents"])),
        "inStock": max(0, int(item.get("stock", 0))),
    }


def receipt(order: Item, *, already_placed: bool = False) -> dict[str, Any]:
    first = order["lines"][0]
    return {
        "orderId": order["order_id"],
        "status": order["status"],
        "productId": first["product_id"],
        "name": first["name"],
        "quantity": int(first["quantity"]),
        "unitPrice": money(int(first["unit_price_cents"])),
        "total": money(int(order["total_cents"])),
        "placedAt": order["placed_at"],
        "alreadyPlaced": already_placed,
    }

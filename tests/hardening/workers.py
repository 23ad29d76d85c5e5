"""What one Lambda execution environment does in the concurrency tests: each worker process imports
the handlers once and serves one event at a time, as Lambda does."""

from __future__ import annotations

from typing import Any


def place(job: tuple[str, str, str, int]) -> tuple[int, dict[str, Any]]:
    from tests.action_groups.helpers import call

    customer, session_id, product_id, quantity = job
    body = {"productId": product_id, "quantity": quantity}
    reply = call("orders", "/orders", "POST", customer=customer, session_id=session_id, body=body)
    return reply.status, reply.body


def cancel(job: tuple[str, str]) -> tuple[int, dict[str, Any]]:
    from tests.action_groups.helpers import call

    customer, order_id = job
    reply = call(
        "orders", "/orders/{orderId}/cancel", "POST", customer=customer, params={"orderId": order_id}
    )
    return reply.status, reply.body


def run(job: tuple[str, Any]) -> tuple[str, int, dict[str, Any]]:
    """A mixed batch: ("place", args) or ("cancel", args)."""
    kind, args = job
    status, body = place(args) if kind == "place" else cancel(args)
    return kind, status, body

"""Read operations shared by the customer agent (identity from the session) and the support agent
(identity given by staff). Each returns the response body, already bounded in size."""

from __future__ import annotations

from datetime import date
from typing import Any

from action_groups import views
from action_groups.common.errors import NotFound, Unprocessable
from action_groups.common.responses import bounded
from action_groups.store.orders import get_order, list_orders
from action_groups.store.recommendations import recommend


def recent_purchases(
    customer_id: str, *, limit: int, since: date | None, until: date | None, next_token: str | None
) -> dict[str, Any]:
    if since and until and since > until:
        raise Unprocessable(f"since ({since}) must be on or before until ({until}).")
    orders, token = list_orders(customer_id, limit=limit, since=since, until=until, next_token=next_token)
    return bounded(
        {"purchases": [views.purchase_summary(o) for o in orders], "nextToken": token}, "purchases"
    )


def order_details(customer_id: str, order_id: str, *, noun: str = "order") -> dict[str, Any]:
    """One purchase/order of this customer; another customer's id is simply not found."""
    order = get_order(customer_id, order_id)
    if order is None:
        raise NotFound(f"No {noun} {order_id} was found for this customer.")
    return bounded(views.purchase_details(order), "lines")


def recommendations(customer_id: str, *, limit: int) -> dict[str, Any]:
    suggestions = recommend(customer_id, limit=limit)
    body = [{**views.product(s.product), "reason": s.reason} for s in suggestions]
    return bounded({"recommendations": body}, "recommendations")

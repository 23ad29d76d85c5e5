"""placeOrder and cancelOrder made idempotent with Powertools idempotency.

The idempotency key hashes the customer with the request, so two customers never share a record:
- placeOrder: customer, session, product and quantity. A retried or repeated confirmation in the
  same conversation returns the first order (flagged alreadyPlaced) instead of a second one.
- cancelOrder: customer and order id.
Records expire after 15 minutes. A failed attempt leaves no record, so a retry runs again.

The idempotency record alone cannot cover one case: the order commits but the record cannot be
marked complete (or the caller never hears back). A retry would then run again; so placeOrder also
gives the order an id derived from the same request, and the store returns the order that request
already placed (within the same 15 minutes) instead of placing another.

A repeat after that order was cancelled is a new order (decision 0026: Bedrock asks the customer to
confirm every placeOrder call): a replayed receipt is checked against the store, and a cancelled
order moves the request on to its next derived id. No answer reports a status the store does not hold.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Any

import boto3
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from action_groups.common.clock import utcnow
from action_groups.common.config import CLIENT_CONFIG, settings
from action_groups.common.errors import Conflict, NotFound
from action_groups.common.observability import metrics
from action_groups.store import orders
from action_groups.store.products import get_product

EXPIRES_AFTER_SECONDS = 15 * 60
IN_PROGRESS_POLLS = 15
IN_PROGRESS_WAIT_SECONDS = 0.2
REPLAYED = "_replayed"


def _mark_replayed(response: Any, idempotent_data: DataRecord) -> Any:
    return {**response, REPLAYED: True} if isinstance(response, dict) else response


CONFIG = IdempotencyConfig(
    expires_after_seconds=EXPIRES_AFTER_SECONDS,
    raise_on_no_idempotency_key=True,
    response_hook=_mark_replayed,
)


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    client = boto3.client("dynamodb", config=CLIENT_CONFIG)
    return DynamoDBPersistenceLayer(table_name=settings().idempotency_table, boto3_client=client)


def _place(request: dict[str, Any]) -> dict[str, Any]:
    product = get_product(request["productId"], consistent=True)
    if product is None:
        raise NotFound(f"No product {request['productId']} exists; use searchProducts to find the right id.")
    order, earlier = orders.place_order(
        request["customerId"],
        product,
        int(request["quantity"]),
        now=utcnow(),
        request_key=_request_key(request),
        replay_window=timedelta(seconds=EXPIRES_AFTER_SECONDS),
    )
    if earlier:
        return {**order, REPLAYED: True}
    metrics.add_metric(name="OrdersPlaced", unit="Count", value=1)
    return order


def _request_key(request: dict[str, Any]) -> str:
    """The idempotency key's inputs, hashed: the order remembers which request placed it."""
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()


def _cancel(request: dict[str, Any]) -> dict[str, Any]:
    order = orders.cancel_order(request["customerId"], request["orderId"], now=utcnow())
    metrics.add_metric(name="OrdersCancelled", unit="Count", value=1)
    return order


@cache
def _idempotent(operation: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    wrapped: Callable[..., dict[str, Any]] = idempotent_function(
        data_keyword_argument="request", persistence_store=_persistence(), config=CONFIG
    )(operation)
    return wrapped


def _run(
    operation: Callable[[dict[str, Any]], dict[str, Any]], request: dict[str, Any], busy: str
) -> dict[str, Any]:
    """Run once; if an identical request is in flight, wait briefly for its result."""
    for _ in range(IN_PROGRESS_POLLS):
        try:
            return _idempotent(operation)(request=request)
        except IdempotencyAlreadyInProgressError:
            time.sleep(IN_PROGRESS_WAIT_SECONDS)
    raise Conflict(busy)


def register_context(context: LambdaContext | None) -> None:
    if context is not None:
        CONFIG.register_lambda_context(context)


def place(customer_id: str, session_id: str, product_id: str, quantity: int) -> tuple[dict[str, Any], bool]:
    request = {
        "customerId": customer_id,
        "sessionId": session_id,
        "productId": product_id,
        "quantity": quantity,
    }
    order = _run(
        _place, request, "An identical order is being placed right now; check your recent purchases shortly."
    )
    if not order.pop(REPLAYED, False):
        return order, False
    # A replayed receipt is what the order was; say what the store holds now (decision 0026).
    stored = orders.get_order(customer_id, order["order_id"], consistent=True)
    if stored is not None and stored.get("status") != "CANCELLED":
        return stored, True
    # That order was cancelled: this request, confirmed again, is a new order. _place is safe to run
    # outside the idempotency record: the request-derived ids make identical repeats place it once.
    order = _place(request)
    return order, bool(order.pop(REPLAYED, False))


def cancel(customer_id: str, order_id: str) -> dict[str, Any]:
    request = {"customerId": customer_id, "orderId": order_id}
    order = _run(
        _cancel, request, f"Order {order_id} is being cancelled right now; check its status shortly."
    )
    order.pop(REPLAYED, None)
    return order


def reset() -> None:
    """Forget the persistence layer (tests switch tables and endpoints)."""
    _persistence.cache_clear()
    _idempotent.cache_clear()

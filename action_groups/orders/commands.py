"""placeOrder and cancelOrder, each placed or cancelled once however often it is asked.

placeOrder is idempotent through its order id (decisions 0004, 0026 and 0041): the id is derived from
the request (customer, session, product and quantity), and the order's transaction puts it only if no
item holds that id, so a retried, repeated or concurrent confirmation in the same conversation finds
the order that request placed (within 15 minutes) and returns it as the store holds it now (flagged
alreadyPlaced) instead of placing another. That is one read and one transaction per order, with no
record of its own to write before and complete after: a retry whose first attempt's answer was lost
finds the order in the same way. A failed attempt leaves nothing behind, so a retry runs again.

A repeat after that order was cancelled is a new order (decision 0026: Bedrock asks the customer to
confirm every placeOrder call): the request moves on to its next derived id.

cancelOrder uses Powertools idempotency, keyed by the customer and the order id (decision 0003);
records expire after 15 minutes.
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

CONFIG = IdempotencyConfig(expires_after_seconds=EXPIRES_AFTER_SECONDS, raise_on_no_idempotency_key=True)


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    client = boto3.client("dynamodb", config=CLIENT_CONFIG)
    return DynamoDBPersistenceLayer(table_name=settings().idempotency_table, boto3_client=client)


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
    """The order, and whether this request had placed it already (then as the store holds it now).

    No idempotency record (decision 0041): the order id derived from the request is the guard, so a
    confirmed order costs one consistent read and one transaction.
    """
    request = {
        "customerId": customer_id,
        "sessionId": session_id,
        "productId": product_id,
        "quantity": quantity,
    }
    product = get_product(product_id, consistent=True)
    if product is None:
        raise NotFound(f"No product {product_id} exists; use searchProducts to find the right id.")
    order, earlier = orders.place_order(
        customer_id,
        product,
        quantity,
        now=utcnow(),
        request_key=_request_key(request),
        replay_window=timedelta(seconds=EXPIRES_AFTER_SECONDS),
    )
    if not earlier:
        metrics.add_metric(name="OrdersPlaced", unit="Count", value=1)
    return order, earlier


def cancel(customer_id: str, order_id: str) -> dict[str, Any]:
    request = {"customerId": customer_id, "orderId": order_id}
    return _run(_cancel, request, f"Order {order_id} is being cancelled right now; check its status shortly.")


def reset() -> None:
    """Forget the persistence layer (tests switch tables and endpoints)."""
    _persistence.cache_clear()
    _idempotent.cache_clear()

"""Orders (a purchase is an order): list, get, place and cancel.

Placing and cancelling are single DynamoDB transactions: stock, order and ownership change together
or not at all, and conditions make overselling impossible.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import time
from datetime import date, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError

from action_groups.common.clock import iso
from action_groups.common.config import dynamodb, settings
from action_groups.common.errors import Conflict, NotFound, ServiceBusy
from action_groups.store import pagination
from action_groups.store.dynamo import (
    BY_PLACED_AT,
    OWNED_SK,
    PRODUCT_SK,
    Item,
    customer_pk,
    from_item,
    key,
    order_sk,
    product_pk,
    to_item,
    to_value,
)
from action_groups.store.products import Projection, get_product

ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CANCELLABLE = ("PLACED", "PROCESSING")
MAX_TRANSACTION_ATTEMPTS = 4
# Base of the full-jitter exponential backoff between attempts of a transaction that lost to a
# concurrent one (TransactionConflict): the DynamoDB Developer Guide's "Transaction conflict
# handling" and "Error retries and exponential backoff" recommend backing off; botocore does not
# retry a TransactionCanceledException itself. Attempts wait up to 25, 50 and 100 ms.
CONFLICT_BACKOFF_SECONDS = 0.025
# What a page of purchases shows (and the recommender's seeds use): not tracking, timestamps or keys.
SUMMARY = Projection("order_id, placed_at, #s, item_count, total_cents, #l", {"#s": "status", "#l": "lines"})
# Request-derived ids per request: the first order and one more after each of its cancellations.
# Past that many cancellations of one request within the window, repeats get random ids (each is
# still a confirmed order; only the lost-response protection ends there).
MAX_GENERATIONS = 8


def new_order_id() -> str:
    return "ORD-" + "".join(secrets.choice(ID_ALPHABET) for _ in range(6))


def request_order_id(request_key: str, generation: int = 0) -> str:
    """The id a request tries: a repeat of the same request names the same order. Each cancellation
    of that order moves the request on to the next generation's id (decision 0026)."""
    seed = request_key if generation == 0 else f"{request_key}#{generation}"
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return "ORD-" + "".join(ID_ALPHABET[(digest >> (5 * i)) & 31] for i in range(6))


def list_orders(
    customer_id: str,
    *,
    limit: int,
    since: date | None = None,
    until: date | None = None,
    next_token: str | None = None,
) -> tuple[list[Item], str | None]:
    """Newest first from the by_placed_at index: reads at most ``limit`` items, whatever the history."""
    low = since.isoformat() if since else "0000"
    high = f"{until.isoformat()}T23:59:59Z" if until else "9999"
    request: dict[str, Any] = {
        "TableName": settings().store_table,
        "IndexName": BY_PLACED_AT,
        "KeyConditionExpression": "pk = :pk AND placed_at BETWEEN :low AND :high",
        "ExpressionAttributeValues": {
            ":pk": {"S": customer_pk(customer_id)},
            ":low": {"S": low},
            ":high": {"S": high},
        },
        "ScanIndexForward": False,
        "Limit": limit,
        **SUMMARY.request(),
    }
    if next_token:
        placed_at, order_id = pagination.decode(next_token)
        request["ExclusiveStartKey"] = {
            **key(customer_pk(customer_id), order_sk(order_id)),
            "placed_at": {"S": placed_at},
        }
    response = dynamodb().query(**request)
    items = [from_item(i) for i in response.get("Items", [])]
    last = response.get("LastEvaluatedKey")
    token = pagination.encode(items[-1]["placed_at"], items[-1]["order_id"]) if last and items else None
    return items, token


def get_order(customer_id: str, order_id: str, *, consistent: bool = False) -> Item | None:
    response = dynamodb().get_item(
        TableName=settings().store_table,
        Key=key(customer_pk(customer_id), order_sk(order_id)),
        ConsistentRead=consistent,
    )
    return from_item(response["Item"]) if "Item" in response else None


def _cancellation_codes(error: ClientError) -> list[str]:
    return [reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])]


def _transact(items: list[dict[str, Any]], token: str) -> list[str] | None:
    """Run a transaction; None on success, else the per-item cancellation codes.

    TransactionConflict (a concurrent transaction on the same item) is retried here after a jittered
    backoff, so the other transaction can commit first; the client request token makes a retry of an
    already-committed transaction a no-op.
    """
    for attempt in range(MAX_TRANSACTION_ATTEMPTS):
        if attempt:
            time.sleep(random.uniform(0, CONFLICT_BACKOFF_SECONDS * 2 ** (attempt - 1)))  # noqa: S311 - jitter, not a secret
        try:
            dynamodb().transact_write_items(TransactItems=items, ClientRequestToken=token)
            return None
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            codes = _cancellation_codes(error)
            if "TransactionConflict" not in codes or attempt == MAX_TRANSACTION_ATTEMPTS - 1:
                return codes
    return None  # pragma: no cover - loop always returns


def _token(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:36]


def _attempt_token() -> str:
    """A ClientRequestToken for one attempt to place an order, never reused by another call.

    DynamoDB answers a repeat of a token it applied in the last 10 minutes, with the same parameters,
    with success and no change (TransactWriteItems, ClientRequestToken, API reference). A token derived
    from the request would make a twin call in the same second succeed without its conditions being
    checked, reported as a new order. With one token per attempt only botocore's own retries of that
    attempt (the same HTTP body, after a lost response) repeat it; every other repeat meets the order
    Put's condition and finds the order by its request-derived id.
    """
    return secrets.token_hex(18)  # 36 characters: the API's maximum length


def place_order(
    customer_id: str,
    product: Item,
    quantity: int,
    *,
    now: datetime,
    request_key: str | None = None,
    replay_window: timedelta = timedelta(0),
) -> tuple[Item, bool]:
    """Decrement stock and write the order atomically. Raises Conflict when stock or price moved.

    Returns the order and whether it was placed earlier. With a ``request_key`` the attempt uses the
    id derived from it, so a repeat of a request that already placed its order (within
    ``replay_window``) finds that order instead of placing a second one, even when the caller never
    learnt of the first (a lost response, an idempotency record that could not be completed). An
    earlier order of the same request that was cancelled no longer stands: the repeat, which the
    customer confirmed again, is a new order under the next generation's id (decision 0026), so
    identical repeats racing each other still place it once.
    """
    table = settings().store_table
    price = int(product["price_cents"])
    generation, collisions = 0, 0
    while collisions < MAX_TRANSACTION_ATTEMPTS:
        derived = request_key is not None and generation < MAX_GENERATIONS
        order_id = request_order_id(request_key, generation) if derived and request_key else new_order_id()
        order = {
            "pk": customer_pk(customer_id),
            "sk": order_sk(order_id),
            "entity": "ORDER",
            "order_id": order_id,
            "customer_id": customer_id,
            "placed_at": iso(now),
            "status": "PLACED",
            "lines": [
                {
                    "product_id": product["product_id"],
                    "name": product["name"],
                    "category": product["category"],
                    "quantity": quantity,
                    "unit_price_cents": price,
                }
            ],
            "total_cents": price * quantity,
            "item_count": quantity,
            "request_key": request_key,
        }
        codes = _transact(
            [
                {
                    "Update": {
                        "TableName": table,
                        "Key": key(product_pk(product["product_id"]), PRODUCT_SK),
                        "UpdateExpression": "SET stock = stock - :q ADD sales :q",
                        "ConditionExpression": "attribute_exists(pk) AND stock >= :q AND price_cents = :p",
                        "ExpressionAttributeValues": {":q": to_value(quantity), ":p": to_value(price)},
                    }
                },
                {
                    "Put": {
                        "TableName": table,
                        "Item": to_item(order),
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                },
                {
                    "Update": {
                        "TableName": table,
                        "Key": key(customer_pk(customer_id), OWNED_SK),
                        "UpdateExpression": "ADD products :p SET entity = :e, customer_id = :c",
                        "ExpressionAttributeValues": {
                            ":p": {"SS": [product["product_id"]]},
                            ":e": {"S": "OWNED"},
                            ":c": {"S": customer_id},
                        },
                    }
                },
            ],
            _attempt_token(),
        )
        if codes is None:
            return {k: v for k, v in order.items() if v is not None}, False
        # The order's own condition is looked at when either the stock or the order Put failed: the
        # API reference lists a reason per item in order, but does not promise a later item's reason
        # when an earlier one failed, so a repeat of a placed order is found by its id either way.
        if derived and "ConditionalCheckFailed" in codes[:2]:
            earlier = get_order(customer_id, order_id, consistent=True)
            if (
                earlier
                and earlier.get("request_key") == request_key
                and now - _placed(earlier) <= replay_window
            ):
                if earlier.get("status") != "CANCELLED":
                    return earlier, True
                generation += 1  # that order was cancelled: this confirmed repeat is a new one
                continue
            if codes[1] == "ConditionalCheckFailed":
                generation = MAX_GENERATIONS  # the id belongs to another request: random ids from here
        if codes[0] == "ConditionalCheckFailed":
            raise _stock_or_price_conflict(product, quantity)
        if codes[1] == "ConditionalCheckFailed":
            collisions += 1
            continue  # order id collision: draw another id
        raise ServiceBusy(
            "The store is busy right now and the order was not placed. Please try again in a moment."
        )
    raise ServiceBusy("The order could not be placed right now. Please try again in a moment.")


def _placed(order: Item) -> datetime:
    return datetime.fromisoformat(str(order["placed_at"]).replace("Z", "+00:00"))


def _stock_or_price_conflict(product: Item, quantity: int) -> Conflict:
    current = get_product(product["product_id"], consistent=True)
    name = product["name"]
    if current is None:
        return Conflict(f"{name} is no longer sold, so the order was not placed.")
    if int(current["price_cents"]) != int(product["price_cents"]):
        return Conflict(
            f"The price of {name} changed while ordering, so the order was not placed. Please try again."
        )
    stock = int(current.get("stock", 0))
    if stock == 0:
        return Conflict(f"{name} is out of stock, so the order was not placed.")
    return Conflict(
        f"Only {stock} of {name} left in stock; you asked for {quantity}. The order was not placed."
    )


def cancel_order(customer_id: str, order_id: str, *, now: datetime) -> Item:
    """Cancel before shipping and put every line's stock back, in one transaction."""
    table = settings().store_table
    order = get_order(customer_id, order_id, consistent=True)
    if order is None:
        raise NotFound(f"No order {order_id} was found for this customer.")
    _ensure_cancellable(order)
    lines = order.get("lines", [])
    items: list[dict[str, Any]] = [
        {
            "Update": {
                "TableName": table,
                "Key": key(customer_pk(customer_id), order_sk(order_id)),
                "UpdateExpression": "SET #s = :cancelled, cancelled_at = :now",
                "ConditionExpression": "#s IN (:placed, :processing)",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {
                    ":cancelled": {"S": "CANCELLED"},
                    ":now": {"S": iso(now)},
                    ":placed": {"S": CANCELLABLE[0]},
                    ":processing": {"S": CANCELLABLE[1]},
                },
            }
        }
    ]
    quantities: dict[str, int] = {}
    for line in lines:
        quantities[line["product_id"]] = quantities.get(line["product_id"], 0) + int(line["quantity"])
    for product_id, quantity in sorted(quantities.items()):
        items.append(
            {
                "Update": {
                    "TableName": table,
                    "Key": key(product_pk(product_id), PRODUCT_SK),
                    "UpdateExpression": "ADD stock :q, sales :minus",
                    "ConditionExpression": "attribute_exists(pk)",
                    "ExpressionAttributeValues": {":q": to_value(quantity), ":minus": to_value(-quantity)},
                }
            }
        )
    codes = _transact(items, _token("cancel", customer_id, order_id))
    if codes is not None:
        if codes[0] == "ConditionalCheckFailed":
            current = get_order(customer_id, order_id, consistent=True)
            _ensure_cancellable(current or order)
        raise ServiceBusy(
            "The store is busy right now and the order was not cancelled. Please try again in a moment."
        )
    return {**order, "status": "CANCELLED", "cancelled_at": iso(now)}


def _ensure_cancellable(order: Item) -> None:
    status = order.get("status")
    if status == "CANCELLED":
        raise Conflict(f"Order {order['order_id']} is already cancelled.")
    if status not in CANCELLABLE:
        done = "shipped" if status == "SHIPPED" else "been delivered"
        raise Conflict(
            f"Order {order['order_id']} has already {done}, so it can't be cancelled; "
            "it can be returned after delivery under the returns policy."
        )

"""placeOrder's transaction as DynamoDB documents it: a token per attempt, a repeat found by its
request-derived id whichever condition DynamoDB reports, and a backoff between conflict retries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from action_groups.common.config import dynamodb
from action_groups.store import orders
from action_groups.store.products import get_product
from tests.action_groups.helpers import new_customer, new_product

NOW = datetime(2026, 12, 2, 1, 0, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=15)


def _tokens_sent() -> tuple[list[str], Any]:
    sent: list[str] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        sent.append(params["ClientRequestToken"])

    return sent, record


def test_twin_calls_in_the_same_second_send_different_tokens_and_the_second_replays() -> None:
    # DynamoDB applies a token once in 10 minutes and answers its repeat with success and no change
    # (TransactWriteItems, ClientRequestToken): twins sharing a token would both report a new order.
    customer, product_id = new_customer(), new_product(stock=5)
    sent, record = _tokens_sent()
    events = dynamodb().meta.events
    events.register("provide-client-params.dynamodb.TransactWriteItems", record)
    try:
        first = orders.place_order(
            customer, get_product(product_id), 1, now=NOW, request_key="k-twin", replay_window=WINDOW
        )
        second = orders.place_order(
            customer, get_product(product_id), 1, now=NOW, request_key="k-twin", replay_window=WINDOW
        )
    finally:
        events.unregister("provide-client-params.dynamodb.TransactWriteItems", record)
    assert len(sent) == 2 and sent[0] != sent[1] and all(len(t) == 36 for t in sent)
    assert first[1] is False
    assert second[1] is True and second[0]["order_id"] == first[0]["order_id"]
    assert get_product(product_id)["stock"] == 4


def test_a_repeat_is_found_when_dynamodb_reports_only_the_stock_condition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The API reference lists one reason per item, in order, but does not promise the order Put's
    # reason once the stock Update failed: the repeat of an order that took the last unit must
    # still be found as that order, not refused as out of stock.
    customer, product_id = new_customer(), new_product(stock=1)
    first, replayed = orders.place_order(
        customer, get_product(product_id), 1, now=NOW, request_key="k-last", replay_window=WINDOW
    )
    assert replayed is False and get_product(product_id)["stock"] == 0
    real = orders._transact

    def first_reason_only(items: list[dict[str, Any]], token: str) -> list[str] | None:
        codes = real(items, token)
        return None if codes is None else codes[:1] + ["None"] * (len(codes) - 1)

    monkeypatch.setattr(orders, "_transact", first_reason_only)
    again = orders.place_order(
        customer, get_product(product_id), 1, now=NOW, request_key="k-last", replay_window=WINDOW
    )
    assert again[1] is True and again[0]["order_id"] == first["order_id"]
    assert get_product(product_id)["stock"] == 0


def test_a_genuine_stock_refusal_is_still_a_conflict() -> None:
    customer, product_id = new_customer(), new_product(stock=0)
    with pytest.raises(orders.Conflict, match="out of stock"):
        orders.place_order(
            customer, get_product(product_id), 1, now=NOW, request_key="k-none", replay_window=WINDOW
        )


class _Conflicting:
    """A client whose first ``losses`` transactions lose to a concurrent one (TransactionConflict)."""

    def __init__(self, losses: int) -> None:
        self.losses, self.calls = losses, 0

    def transact_write_items(self, **_: Any) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.losses:
            reasons = [{"Code": "TransactionConflict"}, {"Code": "None"}]
            error = {"Error": {"Code": "TransactionCanceledException"}, "CancellationReasons": reasons}
            raise ClientError(error, "TransactWriteItems")  # type: ignore[arg-type]
        return {}


def test_conflict_retries_back_off_with_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    client, waits, bounds = _Conflicting(losses=3), [], []
    monkeypatch.setattr(orders, "dynamodb", lambda: client)
    monkeypatch.setattr(orders.time, "sleep", waits.append)
    monkeypatch.setattr(orders.random, "uniform", lambda low, high: bounds.append((low, high)) or high / 2)
    assert orders._transact([], "t") is None
    assert client.calls == 4
    assert bounds == [(0, 0.025), (0, 0.05), (0, 0.1)]
    assert waits == [0.0125, 0.025, 0.05]


def test_no_wait_before_the_first_attempt_or_after_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    client, waits = _Conflicting(losses=99), []
    monkeypatch.setattr(orders, "dynamodb", lambda: client)
    monkeypatch.setattr(orders.time, "sleep", waits.append)
    assert orders._transact([], "t") == ["TransactionConflict", "None"]
    assert client.calls == orders.MAX_TRANSACTION_ATTEMPTS
    assert len(waits) == orders.MAX_TRANSACTION_ATTEMPTS - 1

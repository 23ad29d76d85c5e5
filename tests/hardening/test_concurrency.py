"""Orders under concurrency, as Lambda runs them: separate worker processes (execution
environments) against one DynamoDB (moto over HTTP, each request atomic as on AWS).

- 50 identical placeOrder calls at once: exactly one order, one decrement of stock.
- 100 orders at once against a stock of 10: exactly 10 placed, stock 0, never negative.
- cancellations (some twice at once) racing new orders for the same product: stock plus what the
  placed orders hold always equals what there was; every cancellation restores stock exactly once.
- 20 identical repeats at once of an order that was cancelled: exactly one new order.
Every answer is 200, or a 409 that says why; the table is read afterwards, not just the answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.action_groups.helpers import new_customer, new_product, product
from tests.hardening import figures, workers
from tests.hardening.stores import lambda_environment, served_store
from tests.hardening.table_state import customer_items
from tests.lambda_pool import lambda_pool

WORKERS = 4


@pytest.fixture(scope="module")
def lambdas() -> Iterator[ProcessPoolExecutor]:
    with served_store():
        env = lambda_environment()
        with lambda_pool(WORKERS, env) as pool:
            yield pool


def _orders(customer: str) -> list[dict]:
    return [item for sk, item in customer_items(customer).items() if sk.startswith("ORDER#")]


def test_50_identical_orders_at_once_make_exactly_one(lambdas: ProcessPoolExecutor) -> None:
    product_id, customer = new_product(stock=100), new_customer()
    results = list(lambdas.map(workers.place, [(customer, "same-session", product_id, 2)] * 50))
    figures.tried("concurrent requests", len(results))
    stored = _orders(customer)
    assert len(stored) == 1
    placed = [body for status, body in results if status == 200]
    assert placed and {body["orderId"] for body in placed} == {stored[0]["order_id"]}
    assert [status for status, _ in results] == [200] * 50  # the twins replay the one order
    assert sum(not body["alreadyPlaced"] for body in placed) == 1
    assert (product(product_id)["stock"], product(product_id)["sales"]) == (98, 2)


def test_100_orders_at_once_against_a_stock_of_10(lambdas: ProcessPoolExecutor) -> None:
    product_id = new_product(stock=10)
    customers = [new_customer() for _ in range(100)]
    results = list(lambdas.map(workers.place, [(c, f"s-{c}", product_id, 1) for c in customers]))
    figures.tried("concurrent requests", len(results))
    placed = [body for status, body in results if status == 200]
    refused = [body for status, body in results if status == 409]
    assert (len(placed), len(refused)) == (10, 90)
    assert all("out of stock" in body["message"] or "left in stock" in body["message"] for body in refused)
    assert sum(len(_orders(c)) for c in customers) == 10
    assert (product(product_id)["stock"], product(product_id)["sales"]) == (0, 10)


def test_cancellations_racing_new_orders_keep_stock_exact(lambdas: ProcessPoolExecutor) -> None:
    product_id = new_product(stock=12)
    first = [new_customer() for _ in range(6)]
    opened = list(lambdas.map(workers.place, [(c, "s-open", product_id, 2) for c in first]))
    assert [status for status, _ in opened] == [200] * 6 and product(product_id)["stock"] == 0
    later = [new_customer() for _ in range(24)]
    jobs = [("cancel", (c, body["orderId"])) for c, (_, body) in zip(first, opened, strict=True)] * 2
    jobs += [("place", (c, "s-late", product_id, 1)) for c in later]
    jobs = jobs[::2] + jobs[1::2]  # interleave the cancellations with the new orders
    results = list(lambdas.map(workers.run, jobs))
    figures.tried("concurrent requests", len(results) + len(opened))

    for kind, status, body in results:
        explained = status == 409 and any(
            phrase in body["message"] for phrase in ("already cancelled", "right now", "stock")
        )
        assert status == 200 or explained, (kind, status, body)
    cancelled = [o for c in first for o in _orders(c) if o["status"] == "CANCELLED"]
    assert len(cancelled) == 6  # every order was cancelled, each exactly once (a second try: 409 or replay)
    held = sum(
        o["lines"][0]["quantity"] for c in first + later for o in _orders(c) if o["status"] == "PLACED"
    )
    stock, sales = product(product_id)["stock"], product(product_id)["sales"]
    assert stock >= 0 and stock + held == 12 and sales == held
    late_placed = sum(1 for kind, status, _ in results if kind == "place" and status == 200)
    assert late_placed == held == 12 - stock


def test_20_repeats_at_once_after_a_cancellation_make_exactly_one_new_order(
    lambdas: ProcessPoolExecutor,
) -> None:
    product_id, customer = new_product(stock=100), new_customer()
    job = (customer, "s-again", product_id, 3)
    status, first = workers.place(job)
    assert status == 200 and workers.cancel((customer, first["orderId"]))[0] == 200
    results = list(lambdas.map(workers.place, [job] * 20))
    figures.tried("concurrent requests", len(results) + 2)
    stored = {o["order_id"]: o["status"] for o in _orders(customer)}
    (new_id,) = [order_id for order_id, status in stored.items() if status == "PLACED"]
    assert stored == {first["orderId"]: "CANCELLED", new_id: "PLACED"}
    placed = [body for status, body in results if status == 200]
    assert placed and {body["orderId"] for body in placed} == {new_id}
    assert all(body["status"] == "PLACED" for body in placed)
    assert [status for status, _ in results] == [200] * 20
    assert sum(not body["alreadyPlaced"] for body in placed) == 1
    assert (product(product_id)["stock"], product(product_id)["sales"]) == (97, 3)

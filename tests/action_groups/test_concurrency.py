"""Orders under concurrency, the way Lambda runs them: separate execution environments (worker
processes, each importing the handler) against one DynamoDB (moto over HTTP).

Duplicates collapse to one order; concurrent orders never oversell; stock never goes negative.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest

from local_bedrock.store.moto_store import moto_server_store
from local_bedrock.store.seed import generate
from tests.action_groups.helpers import new_customer, new_product, product
from tests.lambda_pool import lambda_pool

WORKERS = 4


def _place(args: tuple[str, str, str]) -> tuple[int, dict]:
    from tests.action_groups.helpers import call

    product_id, customer, session_id = args
    reply = call(
        "orders",
        "/orders",
        "POST",
        customer=customer,
        session_id=session_id,
        body={"productId": product_id, "quantity": 1},
    )
    return reply.status, reply.body


@pytest.fixture(scope="module")
def lambdas() -> Iterator[ProcessPoolExecutor]:
    with moto_server_store(generate(customers=5)):
        env = {
            k: v
            for k, v in os.environ.items()
            if k.startswith(("AWS_", "STORE_", "IDEMPOTENCY_", "POWERTOOLS_"))
        }
        with lambda_pool(WORKERS, env) as pool:
            yield pool


def test_concurrent_duplicates_make_exactly_one_order(lambdas: ProcessPoolExecutor) -> None:
    product_id, customer = new_product(stock=100), new_customer()
    results = list(lambdas.map(_place, [(product_id, customer, "same-session")] * 50))
    order_ids = {body["orderId"] for status, body in results if status == 200}
    assert len(order_ids) == 1
    assert {status for status, _ in results} <= {200, 409}
    assert product(product_id)["stock"] == 99
    assert product(product_id)["sales"] == 1


def test_concurrent_orders_never_oversell(lambdas: ProcessPoolExecutor) -> None:
    product_id = new_product(stock=10)
    jobs = [(product_id, c, f"s-{c}") for c in (new_customer() for _ in range(40))]
    results = list(lambdas.map(_place, jobs))
    placed = [body for status, body in results if status == 200]
    refused = [body for status, body in results if status == 409]
    assert len(placed) == 10
    assert len(refused) == 30
    assert len({body["orderId"] for body in placed}) == 10
    assert all("stock" in body["message"] for body in refused)
    assert product(product_id)["stock"] == 0
    assert product(product_id)["sales"] == 10

"""Store benchmarks (not a test): what each operation reads, and what the local store costs.

  1. DynamoDB calls and items read per operation, for a customer with 10 / 100 / 1,000 / 10,000
     purchases and in catalogs of 100 / 1,000 / 9,999 products (the most product ids allow), with
     the ratio of the largest size to the smallest (goal: 1.0x, within one page). Items read: what
     a Query examined (ScannedCount), what a get returned.
  2. One Query of a 5-item partition as the table grows from 1,000 to 20,000 items, as a ratio to
     the 1,000-item table: the local store (moto with local_bedrock/store/moto_adapter.py) vs moto's
     own Table.query, measured in the same store.
  3. A breakdown, no ratio: the store's CPU per placeOrder, in-process. The orders handler runs here
     and each of its DynamoDB calls (GetItem and TransactWriteItems; before decision 0041 also
     Powertools idempotency's PutItem and UpdateItem) is handed, instead of to moto's in-process
     stub, to the store process's WSGI application (``local_bedrock.store.wsgi.application``, the
     code a served store runs below waitress), timed with the thread's CPU clock around the
     application alone. Per round: the median per order and per call (docs/performance.md, "Fifth
     pass").

Usage: python -m bench.bench_store [--quick] [--order-cpu (section 3 only)]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

warnings.filterwarnings("ignore", message="No application metrics to publish")
os.environ.update(
    POWERTOOLS_METRICS_DISABLED="true", POWERTOOLS_TRACE_DISABLED="true", POWERTOOLS_LOG_LEVEL="ERROR"
)

from botocore.awsrequest import AWSPreparedRequest, AWSResponse  # noqa: E402
from botocore.compat import HTTPHeaders  # noqa: E402
from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse  # noqa: E402
from moto.dynamodb.models.table import Table  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from action_groups.common.config import dynamodb, settings  # noqa: E402
from bench.scaled_data import LOYAL, MAX_PRODUCTS, with_catalog, with_history  # noqa: E402
from local_bedrock.store import moto_adapter, wsgi  # noqa: E402
from local_bedrock.store.moto_store import moto_store  # noqa: E402
from local_bedrock.store.seed import SampleData  # noqa: E402
from tests.action_groups.helpers import call, new_product  # noqa: E402
from tests.action_groups.reads import read_log  # noqa: E402

Operation = Callable[[], Any]


def operations(customer: str, purchase_id: str, product_id: str, search: str) -> dict[str, Operation]:
    """Every operation of the action groups (support's reads run the same code with a given id)."""
    placed: dict[str, str] = {}

    def place() -> Any:
        reply = call(
            "orders",
            "/orders",
            "POST",
            customer=customer,
            session_id=f"s-{time.monotonic_ns()}",
            body={"productId": product_id, "quantity": 1},
        )
        placed["id"] = reply.body["orderId"]
        return reply

    return {
        "getRecentPurchases": lambda: call(
            "purchase_history", "/purchases", customer=customer, params={"limit": "5"}
        ),
        "getPurchaseDetails": lambda: call(
            "purchase_history",
            "/purchases/{purchaseId}",
            customer=customer,
            params={"purchaseId": purchase_id},
        ),
        "getRecommendedPurchases": lambda: call(
            "purchase_history", "/recommendations", customer=customer, params={"limit": "5"}
        ),
        "searchProducts": lambda: call("orders", "/products", customer=customer, params={"query": search}),
        "placeOrder": place,
        "getOrderStatus": lambda: call(
            "orders", "/orders/{orderId}", customer=customer, params={"orderId": placed["id"]}
        ),
        "cancelOrder": lambda: call(
            "orders", "/orders/{orderId}/cancel", "POST", customer=customer, params={"orderId": placed["id"]}
        ),
        "getCustomerRecentPurchases": lambda: call(
            "support", "/customers/{customerId}/purchases", customer=None, params={"customerId": customer}
        ),
    }


def measure(data: SampleData, customer: str, search: str) -> dict[str, tuple[int, int]]:
    """(calls, items read) of every operation against a fresh store holding ``data``."""
    with moto_store(data, tables={"store": "bench-store", "idempotency": "bench-idempotency"}):
        product = max(data.catalog, key=lambda p: p.stock)
        purchase = next(c for c in data.customers if c.customer_id == customer).orders[-1].order_id
        found: dict[str, tuple[int, int]] = {}
        for name, operation in operations(customer, purchase, product.product_id, search).items():
            with read_log() as log:
                reply = operation()
            assert reply.status == 200, (name, reply.status, reply.body)
            found[name] = (len(log.calls), log.items)
        return found


def table(title: str, sizes: list[int], results: dict[int, dict[str, tuple[int, int]]]) -> None:
    print(f"\n{title}")
    header = "".join(f"{size:>14,}" for size in sizes)
    print(f"   {'operation':<27}{header}   largest/smallest")
    print(f"   {'':<27}{'calls / items':>14}" + " " * (14 * (len(sizes) - 1)))
    for name in results[sizes[0]]:
        cells = "".join(f"{results[s][name][0]:>7} /{results[s][name][1]:>5}" for s in sizes)
        small, large = results[sizes[0]][name][1], results[sizes[-1]][name][1]
        print(f"   {name:<27}{cells}   {large / max(small, 1):5.2f}x items")


def items_per_operation(quick: bool) -> None:
    histories = [10, 100, 1000] if quick else [10, 100, 1000, 10_000]
    catalogs = [100, 1000] if quick else [100, 1000, MAX_PRODUCTS]
    by_history = {n: measure(with_history(n), LOYAL, "yoga mat") for n in histories}
    table("1a. Calls / items read per operation, by the customer's purchases", histories, by_history)
    by_catalog = {n: measure(with_catalog(n), "C0001", "yoga mat") for n in catalogs}
    table("1b. Calls / items read per operation, by catalog size (search: 'yoga mat')", catalogs, by_catalog)


def _query_seconds(customer: str, rounds: int = 30) -> float:
    request = {
        "TableName": settings().store_table,
        "IndexName": "by_placed_at",
        "KeyConditionExpression": "pk = :pk",
        "ExpressionAttributeValues": {":pk": {"S": f"CUSTOMER#{customer}"}},
        "ScanIndexForward": False,
        "Limit": 5,
    }
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        dynamodb().query(**request)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def query_cost(quick: bool) -> None:
    from action_groups.store.dynamo import to_item
    from local_bedrock.store.moto_adapter import bulk_put

    sizes = [1000, 5000] if quick else [1000, 5000, 20_000]
    data = with_history(5)
    with moto_store(SampleData([], [c for c in data.customers if c.customer_id == LOYAL])):
        filler = 0
        results: dict[str, list[float]] = {"local store": [], "moto's own": []}
        for size in sizes:
            items = (
                {"pk": f"FILLER#{n % 500}", "sk": f"ITEM#{n:06d}", "entity": "FILLER"}
                for n in range(filler, size)
            )
            bulk_put(settings().store_table, (to_item(i) for i in items))
            filler = size
            results["local store"].append(_query_seconds(LOYAL))
            adapted = Table.query
            Table.query = moto_adapter._original_query  # type: ignore[method-assign]
            try:
                results["moto's own"].append(_query_seconds(LOYAL, rounds=5))
            finally:
                Table.query = adapted  # type: ignore[method-assign]
    print("\n2. One Query of a 5-item partition (limit 5, local index) as the table grows")
    print(f"   {'':<14}" + "".join(f"{size:>16,} items" for size in sizes))
    for label, seconds in results.items():
        cells = "".join(f"{s * 1000:>9.2f} ms {s / seconds[0]:4.1f}x" for s in seconds)
        print(f"   {label:<14}{cells}")


DYNAMODB_TARGET = "DynamoDB_20120810."  # botocore's dynamodb model: targetPrefix


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value  # botocore signs some headers as bytes


@contextmanager
def through_wsgi(cpu: list[tuple[str, float]]) -> Iterator[None]:
    """Every DynamoDB request of every client answered by ``wsgi.application`` (moto's in-process
    stub, ``BotocoreStubber``, hands the rest to moto as before); its thread CPU kept with its action."""
    stubbed = BotocoreStubber.__call__

    def answer(self: BotocoreStubber, event_name: str, request: AWSPreparedRequest, **kwargs: Any) -> Any:
        target = _text(request.headers.get("X-Amz-Target", ""))
        if not self.enabled or not target.startswith(DYNAMODB_TARGET):
            return stubbed(self, event_name, request, **kwargs)
        environ = EnvironBuilder(
            method=request.method,
            base_url=request.url,
            headers={name: _text(value) for name, value in request.headers.items()},
            data=request.body,
        ).get_environ()
        answered: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answered.update(status=int(status.split(maxsplit=1)[0]), headers=HTTPHeaders(headers))

        started = time.thread_time()
        body = b"".join(wsgi.application(environ, start_response))
        cpu.append((target.removeprefix(DYNAMODB_TARGET), time.thread_time() - started))
        return AWSResponse(request.url, answered["status"], answered["headers"], MockRawResponse(body))

    BotocoreStubber.__call__ = answer  # type: ignore[method-assign]
    try:
        yield
    finally:
        BotocoreStubber.__call__ = stubbed  # type: ignore[method-assign]


def order_store_cpu(quick: bool) -> None:
    rounds, orders = (2, 10) if quick else (4, 40)
    print(f"\n3. Store CPU per placeOrder in-process, in the WSGI application ({rounds} x {orders} orders)")
    with moto_store(with_history(10)):
        product = new_product(stock=rounds * orders + 10, price_cents=1250)
        place = operations(LOYAL, "", product, "")["placeOrder"]
        place()  # warm: imports, kept parses
        for round_ in range(1, rounds + 1):
            cpu: list[tuple[str, float]] = []
            per_order = []
            with through_wsgi(cpu):
                for _ in range(orders):
                    before = len(cpu)
                    reply = place()
                    assert reply.status == 200, reply.body
                    per_order.append(sum(seconds for _, seconds in cpu[before:]))
            by_action: dict[str, list[float]] = {}
            for action, seconds in cpu:
                by_action.setdefault(action, []).append(seconds)
            calls = " / ".join(
                f"{action} {statistics.median(samples) * 1000:.2f}" for action, samples in by_action.items()
            )
            order = statistics.median(per_order) * 1000
            print(f"   round {round_}: {order:.2f} ms per order ({calls} ms per call)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a quick look, not the figures)")
    parser.add_argument("--order-cpu", action="store_true", help="only section 3, the placeOrder breakdown")
    args = parser.parse_args()
    if not args.order_cpu:
        print("Store benchmarks: items read per operation (ratios to the smallest size, in this run)")
        items_per_operation(args.quick)
        query_cost(args.quick)
    order_store_cpu(args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())

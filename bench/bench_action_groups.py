"""Action-group benchmarks (not a test): every figure is a ratio to a baseline measured in the same run.

  1. warm per-event resolve time vs a one-route Powertools resolver (bench/minimal_resolver.py)
  2. DynamoDB items read per getRecentPurchases call: a customer with 10 vs 10,000 purchases
  3. bytes of each generated OpenAPI schema before vs after post-processing

Cold starts are `make bench-cold-start` (bench/bench_cold_start.py): paired, as Lambda runs the zips.

Usage: python -m bench.bench_action_groups [--calls N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from typing import Any

warnings.filterwarnings("ignore", message="No application metrics to publish")

os.environ.update(
    AWS_DEFAULT_REGION="us-east-1",
    AWS_ACCESS_KEY_ID="bench",
    AWS_SECRET_ACCESS_KEY="bench",
    POWERTOOLS_METRICS_DISABLED="true",
    POWERTOOLS_TRACE_DISABLED="true",
    POWERTOOLS_LOG_LEVEL="ERROR",
    STORE_TABLE_NAME="bench-store",
    IDEMPOTENCY_TABLE_NAME="bench-idempotency",
)

HANDLERS = {
    "purchase_history": "action_groups.purchase_history.handler",
    "orders": "action_groups.orders.handler",
    "support": "action_groups.support.handler",
}


def _per_event(handler: Any, event: dict[str, Any], context: Any, calls: int) -> float:
    for _ in range(50):
        handler(event, context)
    samples = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(calls):
            handler(event, context)
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def warm_resolve(calls: int) -> None:
    """Resolve an event that is answered before any I/O (a validation error), so only routing,
    validation and serialization are timed, against the minimal resolver's trivial route."""
    from bench import minimal_resolver
    from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event

    context = LocalLambdaContext()
    baseline_event = action_group_event(action_group="bench", api_path="/ping", http_method="GET")
    baseline = _per_event(minimal_resolver.lambda_handler, baseline_event, context, calls)
    print(f"\n1. Warm resolve per event; baseline minimal resolver: {baseline * 1e6:.1f} µs")
    cases = {
        "purchase_history": ("/purchases/{purchaseId}", "GET", {"purchaseId": "not-an-id"}),
        "orders": ("/orders/{orderId}", "GET", {"orderId": "not-an-id"}),
        "support": ("/customers/{customerId}/purchases", "GET", {"customerId": "nobody"}),
    }
    for group, (path, method, params) in cases.items():
        module = __import__(HANDLERS[group], fromlist=["lambda_handler"])
        event = action_group_event(
            action_group=group,
            api_path=path,
            http_method=method,
            parameters=params,
            session_attributes={"customerId": "C0001"},
        )
        seconds = _per_event(module.lambda_handler, event, context, calls)
        bare = _per_event(module.app.resolve, event, context, calls)
        print(
            f"   {group:<17} {seconds * 1e6:7.1f} µs   {seconds / baseline:5.2f}x baseline"
            f"   (resolver alone {bare * 1e6:.1f} µs = {bare / baseline:.2f}x; the rest is the Lambda entry:"
            " envelope check, logging context, metrics and tracing)"
        )


def items_read() -> None:
    from action_groups.common.config import dynamodb
    from local_bedrock.store.moto_store import moto_store
    from local_bedrock.store.seed import generate
    from tests.action_groups.helpers import call, new_product, write_orders

    with moto_store(generate(customers=2)):
        product_id = new_product(stock=1)
        counts = {}
        for customer, history in (("C0800", 10), ("C0900", 10_000)):
            write_orders(customer, product_id, history)
            scanned: list[int] = []

            def record(parsed: dict[str, Any], model: Any, sink: list[int] = scanned, **_: Any) -> None:
                if model.name == "Query":
                    sink.append(parsed.get("ScannedCount", 0))

            dynamodb().meta.events.register("after-call.dynamodb", record)
            call("purchase_history", "/purchases", customer=customer, params={"limit": "5"})
            dynamodb().meta.events.unregister("after-call.dynamodb", record)
            counts[history] = sum(scanned)
    small, large = counts[10], counts[10_000]
    print("\n2. Items read per getRecentPurchases (limit 5)")
    print(f"   10 purchases: {small} items; 10,000 purchases: {large} items   ratio {large / small:.2f}x")


def schema_bytes() -> None:
    from deploy.openapi.generate import generate_all, raw_schema
    from local_bedrock.manifest import action_groups

    generated = generate_all()
    print("\n3. OpenAPI schema bytes (compact JSON) before vs after post-processing")
    for name, group in action_groups().items():
        before = len(json.dumps(raw_schema(group.module), separators=(",", ":")))
        after = len(json.dumps(generated[name][1], separators=(",", ":")))
        print(f"   {name:<17} {before:6d} -> {after:6d} bytes   {after / before:5.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000, help="warm events per timing sample")
    args = parser.parse_args()
    print("Action-group benchmarks (ratios against baselines measured in this run)")
    warm_resolve(args.calls)
    items_read()
    schema_bytes()
    return 0


if __name__ == "__main__":
    sys.exit(main())

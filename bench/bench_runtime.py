"""Local agent runtime benchmark (not a test): a whole InvokeAgent turn through boto3 and the local
endpoint (its Lambda in an execution environment of its own), as a ratio to the action-group handler
that does the turn's real work, called directly in this process against the same store, in the same
run. Prints p50/p99 turn latency and turns per second.

Usage: python -m bench.bench_runtime [--turns N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
import warnings
from collections.abc import Callable
from typing import Any

warnings.filterwarnings("ignore", message="No application metrics to publish")
os.environ.update(
    POWERTOOLS_METRICS_DISABLED="true", POWERTOOLS_TRACE_DISABLED="true", POWERTOOLS_LOG_LEVEL="ERROR"
)

import importlib  # noqa: E402

from local_bedrock.agent.lambda_events import LocalLambdaContext, action_group_event  # noqa: E402
from local_bedrock.runtime import endpoint_for, served_sample  # noqa: E402
from local_bedrock.store.environment import store_environment  # noqa: E402

SCENARIOS = [
    ("What did I buy recently?", "purchase_history", "/purchases", {}),
    ("what would you recommend?", "purchase_history", "/recommendations", {}),
    ("do you have yoga mats?", "orders", "/products", {"query": "yoga mat"}),
]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(action: Callable[[], Any], turns: int) -> list[float]:
    for _ in range(3):
        action()
    samples = []
    for _ in range(turns):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=60)
    args = parser.parse_args()
    print("Local runtime: one InvokeAgent turn (boto3 -> endpoint -> guardrails, planner, Lambda, traces)")
    print("vs the same action-group handler called directly with the same event, in this run.\n")
    with (
        served_sample() as (store, data),
        store_environment(store.environment()),
        endpoint_for(data, store=store.environment()) as runtime,
    ):
        client = runtime.client()
        for text, group, path, params in SCENARIOS:
            module, name = runtime.backend.invokers["ASSISTANT"].functions[group].handler.rsplit(".", 1)
            handler = getattr(importlib.import_module(module), name)
            event = action_group_event(
                action_group=group,
                api_path=path,
                http_method="GET",
                parameters=params,
                session_attributes={"customerId": "C0001"},
            )
            direct = timed(lambda h=handler, e=event: h(e, LocalLambdaContext()), args.turns)

            def turn(t: str = text) -> None:
                response = client.invoke_agent(
                    agentId="ASSISTANT",
                    agentAliasId="TSTALIASID",
                    sessionId=f"b-{uuid.uuid4().hex[:10]}",
                    inputText=t,
                    enableTrace=True,
                    sessionState={"sessionAttributes": {"customerId": "C0001"}},
                )
                for _ in response["completion"]:
                    pass

            whole = timed(turn, args.turns)
            p50, p99 = percentile(whole, 0.5), percentile(whole, 0.99)
            base = statistics.median(direct)
            print(f"“{text}”")
            print(f"   handler alone  p50 {base * 1000:6.2f} ms")
            print(
                f"   whole turn     p50 {p50 * 1000:6.2f} ms ({p50 / base:4.1f}x)   p99 {p99 * 1000:6.2f} ms"
                f" ({p99 / base:4.1f}x)   {1 / statistics.mean(whole):5.0f} turns/s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

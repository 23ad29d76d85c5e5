"""Memory over a long run (not a test): RSS of every process of the local runtime over many turns.

Read-only turns (history, details, suggestions, search, a policy question), half in one long
session and half each in a session of its own, through boto3 and the endpoint, with the Lambdas in
their execution environments and the store in its process. No orders: they grow the store by
design. What the runtime keeps by design is bounded: at most 1,000 sessions (least recently used
first out) of at most 200 turns each; the warm-up fills both bounds (2,500 turns: 1,250 sessions,
one of 1,250 turns), so what grows afterwards is what a turn leaves behind. RSS is read after the
warm-up and at the end; the growth is the figure (goal: at most 5 MB for the endpoint over 10,000
turns), shown also as a share of the warm RSS.

Usage: python -m bench.bench_soak [--turns N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench.conversation import new_session, rss_mb, turn
from local_bedrock.runtime import endpoint_for, quiet_lambdas, served_sample

QUESTIONS = [
    "What did I buy recently?",
    "show me the details of the second one",
    "what should I buy next?",
    "do you have yoga mats?",
    "How long do I have to return something?",
]
WARM_UP = 2_500


def sizes(pids: dict[str, int]) -> dict[str, float]:
    return {name: rss_mb(pid) for name, pid in pids.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=10_000)
    args = parser.parse_args()
    quiet_lambdas()
    print(f"Memory over {args.turns:,} read turns (after {WARM_UP} warm-up turns); RSS in MB")
    with served_sample() as (store, data), endpoint_for(data, store=store.environment) as runtime:
        client = runtime.client()
        invoker = runtime.backend.invokers["ASSISTANT"]
        long_session = new_session()
        started = time.perf_counter()
        warm: dict[str, float] = {}
        pids: dict[str, int] = {}
        for n in range(WARM_UP + args.turns):
            if n == WARM_UP:
                pids = {"endpoint": os.getpid(), "store": store.pid}
                for group in invoker.functions:
                    pool = invoker.function(group)
                    for index, pid in enumerate(getattr(pool, "idle_pids", list)()):
                        pids[f"{group} environment {index + 1}"] = pid
                warm = sizes(pids)
                started = time.perf_counter()
            session = long_session if n % 2 else new_session()
            turn(client, QUESTIONS[n % len(QUESTIONS)], session=session, customer=f"C{1 + n % 50:04d}")
            if n > WARM_UP and (n - WARM_UP) % 2000 == 0:
                print(f"   ... {n - WARM_UP:,} turns, endpoint {rss_mb():.1f} MB", flush=True)
        held = len(runtime.endpoint.endpoint.store)
        end = sizes(pids)
        rate = args.turns / (time.perf_counter() - started)
    print(f"   {'process':<32}{'warm':>8}{'end':>8}{'growth':>9}")
    for name in pids:
        growth = end[name] - warm[name]
        print(
            f"   {name:<32}{warm[name]:>8.1f}{end[name]:>8.1f}{growth:>+9.1f}  ({growth / warm[name]:+.1%})"
        )
    growth = end["endpoint"] - warm["endpoint"]
    verdict = "meets" if growth <= 5 else "misses"
    print(f"   endpoint growth {growth:+.1f} MB over {args.turns:,} turns ({verdict} the goal of <= 5 MB)")
    print(f"   sessions held at the end: {held:,} (the bound: 1,000)")
    print(f"   {rate:.0f} turns/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Whole turns of the local runtime (not a test). Every figure is a ratio to a baseline measured in
this run, through the same endpoint, planner, guardrails and Lambda execution environments:

  1. a read turn ("What did I buy recently?") and an order turn (placeOrder, confirmed): the local
     store (moto in its own process, over loopback) vs an in-memory dict in its place
     (``bench/dict_store.py``). Goals: read <= 2x, order <= 3x.
  2. data turns per second with 8 concurrent clients vs one client, the clients in a process of
     their own (``bench/load_client.py``), the two alternating five times (the median ratio), and
     the CPU a turn costs in every process it runs in. Goal: >= 1.6x.
  3. ``python -m local_bedrock serve`` until it prints its URL: warm (sample data cached) vs cold
     (an empty cache). Goal: warm <= 2 s.

Usage: python -m bench.bench_turns [--turns N] [--clients N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.conversation import ask_to_order, confirm, cpu_ms, new_session, reading
from bench.load_client import read_run
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.runtime import LocalRuntime, endpoint_for, quiet_lambdas, served_sample
from local_bedrock.store.seed import SampleData

DICT_HANDLER = "bench.dict_store.lambda_handler"
Pids = Callable[[], list[int]]
ROUNDS = 5  # one-client and concurrent windows, alternating
WARM_UP = 3  # untimed turns of each path before the figures: cold starts and connections


def with_dict_store(runtime: LocalRuntime) -> None:
    """Every action group of this runtime answers from the in-memory dict instead of the store."""
    for invoker in runtime.backend.invokers.values():
        for group, config in invoker.functions.items():
            environment = tuple(
                sorted({**dict(config.environment), "DICT_STORE_HANDLER": config.handler}.items())
            )
            invoker.functions[group] = replace(
                config,
                name=f"{config.name}-dict",
                handler=DICT_HANDLER,
                environment=environment,
                code_dir=config.code_dir or str(REPO_ROOT),
            )


@contextmanager
def runtimes() -> Iterator[tuple[SampleData, LocalRuntime, LocalRuntime, int]]:
    """Two endpoints over one store process (its pid last): the real store, and the dict in its place."""
    with (
        served_sample() as (store, data),
        endpoint_for(data, store=store.environment) as real,
        endpoint_for(data, store=store.environment) as baseline,
    ):
        with_dict_store(baseline)
        yield data, real, baseline, store.pid


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def read_turn(runtime: LocalRuntime) -> Callable[[], Any]:
    return reading(runtime.client())


class OrderTurn:
    """Ask to order (not timed), then time the confirmed placeOrder turn, and count the CPU the
    given processes (the store, the orders Lambda environment) spend in it."""

    def __init__(self, runtime: LocalRuntime, product: str, customer: str, processes: dict[str, Pids]):
        self.client, self.product, self.customer = runtime.client(), product, customer
        self.processes = processes
        self.cpu: dict[str, list[float]] = {name: [] for name in processes}

    def __call__(self) -> float:
        session = new_session()
        asked = ask_to_order(self.client, self.product, session=session, customer=self.customer)
        pids = {name: find() for name, find in self.processes.items()}
        before = {name: cpu_ms(found) for name, found in pids.items()}
        started = time.perf_counter()
        confirm(self.client, asked, session=session, customer=self.customer)
        elapsed = time.perf_counter() - started
        for name, found in pids.items():
            self.cpu[name].append(cpu_ms(found) - before[name])
        return elapsed

    def cpu_per_turn(self, name: str) -> float:
        return statistics.mean(self.cpu[name][WARM_UP:])


def orders_environments(runtime: LocalRuntime) -> Pids:
    pool = runtime.backend.invokers["ASSISTANT"].function("orders")
    found: Pids = getattr(pool, "idle_pids", list)  # an in-process function has no environments
    return found


def where_the_order_turn_goes(real: OrderTurn, baseline: OrderTurn, samples: dict[str, list[float]]) -> None:
    """The order turn's extra time by process (CPU from /proc, mean per turn), and the ratio the turn
    would have if the store process cost nothing: what no store, however fast, could beat with these
    four SDK calls from the Lambda environment."""
    store_cpu = real.cpu_per_turn("store")
    sdk, base = real.cpu_per_turn("orders Lambda"), baseline.cpu_per_turn("orders Lambda")
    store, dict_ = p50(samples["store"]) * 1000, p50(samples["dict"]) * 1000
    print(
        f"   order turn CPU, mean per turn: store process {store_cpu:4.1f} ms; orders Lambda "
        f"environment {sdk:4.1f} ms (dict: {base:4.1f} ms, so its SDK calls {sdk - base:4.1f} ms)"
    )
    bound = (store - store_cpu) / dict_
    print(f"   with the store process's CPU taken out: {bound:4.2f}x (a bound, not a goal)")


def compare(
    name: str, real: Callable[[], Any], baseline: Callable[[], Any], turns: int, goal: float
) -> dict[str, list[float]]:
    """Turns alternate between the two (store, dict, store, ...) so the machine's noise hits both
    alike; the figure is the ratio of the medians, with the median of the paired ratios beside it."""
    for action in (real, baseline):  # cold starts and connections, outside the figures
        for _ in range(WARM_UP):
            action()
    samples: dict[str, list[float]] = {"store": [], "dict": []}
    for _ in range(turns):
        for label, action in (("store", real), ("dict", baseline)):
            started = time.perf_counter()
            measured = action()
            samples[label].append(measured if isinstance(measured, float) else time.perf_counter() - started)
    store, base = p50(samples["store"]), p50(samples["dict"])
    paired = p50([s / b for s, b in zip(samples["store"], samples["dict"], strict=True)])
    verdict = "meets" if store / base <= goal else "misses"
    print(
        f"   {name:<11} store p50 {store * 1000:6.1f} ms   dict p50 {base * 1000:6.1f} ms   "
        f"{store / base:4.2f}x (paired {paired:4.2f}x)  ({verdict} the goal of <= {goal:.0f}x)"
    )
    return samples


@dataclass(frozen=True)
class Window:
    """Read turns of some clients: turns per second, and CPU per turn of every process a turn runs in
    (the endpoint, the store, the purchase_history environments, the client)."""

    rate: float  # while every client was running (``bench.conversation.while_all_active``)
    until_last: float  # every turn until the last client finished (the rule before the tenth pass)
    cpu_ms: float
    ramp_down: float  # the share of the run after the first client finished
    endpoint_ms: float  # of cpu_ms, this process's: the endpoint (planner, guardrail, HTTP) alone


def window(runtime: LocalRuntime, server: Pids, clients: int, turns: int) -> Window:
    pids = server()
    before, endpoint_before = cpu_ms(pids), cpu_ms([os.getpid()])
    run = read_run(runtime.url, clients, turns)
    served_turns = run.turns + clients  # each client's warm-up turn served too
    served = (cpu_ms(pids) - before) / served_turns
    endpoint = (cpu_ms([os.getpid()]) - endpoint_before) / served_turns
    cpu = served + run.cpu_seconds * 1000 / run.turns
    return Window(run.active_per_second, run.per_second, cpu, 1 - run.active_seconds / run.seconds, endpoint)


def concurrency(runtime: LocalRuntime, store_pid: int, clients: int, turns: int) -> None:
    """Clients run in a process of their own (``bench.load_client``), as real clients do. One client
    and ``clients`` clients alternate, ``ROUNDS`` times, so a change in the machine's load hits both
    alike; the figure is the median of the rounds' ratios. Each side's rate is its turns while every
    one of its clients was running (the same rule for one client, where it is the whole run); the rate
    until the last client finished, which counts the window's ramp-down, is printed beside it. The CPU
    per turn says what bounds it: at the concurrent cost per turn, the cores serve at most so many
    turns a second."""
    function = runtime.backend.invokers["ASSISTANT"].function("purchase_history")
    environments: Pids = getattr(function, "idle_pids", list)

    def server() -> list[int]:
        return [os.getpid(), store_pid, *environments()]

    read_run(runtime.url, clients, clients)  # start the environments the concurrent run will use
    print(f"   round   1 client   {clients} clients   {clients} vs 1   (until the last client finished)")
    rounds: list[tuple[Window, Window]] = []
    for number in range(1, ROUNDS + 1):
        one, many = window(runtime, server, 1, turns), window(runtime, server, clients, turns)
        rounds.append((one, many))
        ratio, until_last = many.rate / one.rate, many.until_last / one.until_last
        print(
            f"   {number:>5}   {one.rate:6.1f}/s   {many.rate:7.1f}/s   {ratio:5.2f}x   ({until_last:4.2f}x)",
            flush=True,
        )
    ratios = sorted(many.rate / one.rate for one, many in rounds)
    ratio = statistics.median(ratios)
    verdict = "meets" if ratio >= 1.6 else "misses"
    cores = os.cpu_count() or 1
    before = statistics.median(many.until_last / one.until_last for one, many in rounds)
    print(
        f"   median {clients} vs 1: {ratio:4.2f}x (rounds {ratios[0]:4.2f}-{ratios[-1]:4.2f}x)  "
        f"({verdict} the goal of >= 1.6x on {cores} cores); until the last client finished: {before:4.2f}x"
    )
    ramp = statistics.median(many.ramp_down for _, many in rounds)
    print(f"   {ramp:.0%} of a {clients}-client run (median) came after its first client had finished")
    one_rate = statistics.median(one.rate for one, _ in rounds)
    one_cpu = statistics.median(one.cpu_ms for one, _ in rounds)
    many_cpu = statistics.median(many.cpu_ms for _, many in rounds)
    ceiling = cores * 1000 / many_cpu
    print(
        f"   CPU per read turn (endpoint, store, Lambda environments, client; medians): "
        f"1 client {one_cpu:4.1f} ms, {clients} clients {many_cpu:4.1f} ms"
    )
    one_endpoint = statistics.median(one.endpoint_ms for one, _ in rounds)
    many_endpoint = statistics.median(many.endpoint_ms for _, many in rounds)
    print(
        f"   of which the endpoint's process: 1 client {one_endpoint:4.1f} ms, "
        f"{clients} clients {many_endpoint:4.1f} ms"
    )
    print(
        f"   at that cost {cores} cores serve at most {ceiling:5.1f} turns/s: {ceiling / one_rate:4.2f}x "
        f"one client's {one_rate:5.1f}/s is the most {clients} clients can reach here"
    )
    stats = function.stats()
    print(
        f"   purchase_history Lambda: {stats['invocations']} invocations, "
        f"{stats['cold_starts']} cold starts, {stats['environments']} execution environments"
    )


def serve_ready(cache: Path) -> float:
    """Seconds from starting `python -m local_bedrock serve` until it prints the URL it listens on."""
    environment = {**os.environ, "LOCAL_BEDROCK_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    command = [sys.executable, "-m", "local_bedrock", "serve", "--port", "0"]
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment, text=True
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if "listening on http" in line:
                return time.perf_counter() - started
        raise RuntimeError("the server exited before it was ready")
    finally:
        server.terminate()
        server.wait()


def start_up() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as folder:
        cold = serve_ready(Path(folder))
        warm = statistics.median(serve_ready(Path(folder)) for _ in range(3))
    verdict = "meets" if warm <= 2.0 else "misses"
    print(f"   cold (no cached sample data) {cold:5.2f} s")
    goal = f"({verdict} the goal of <= 2 s)"
    print(f"   warm (cached)                {warm:5.2f} s   {warm / cold:4.2f}x cold  {goal}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=60, help="timed turns per figure and path")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    args = parser.parse_args()
    quiet_lambdas()
    print("Local runtime turns (ratios against baselines measured in this run)")
    with runtimes() as (data, real, baseline, store_pid):
        product = max((p for p in data.catalog if p.stock >= 100), key=lambda p: p.stock)
        buyer = data.customers[-1].customer_id
        print("\n1. One turn through the endpoint: local store vs an in-memory dict in its place")
        compare("read turn", read_turn(real), read_turn(baseline), args.turns, 2.0)
        measured = {"store": lambda: [store_pid], "orders Lambda": orders_environments(real)}
        ordering = OrderTurn(real, product.name, buyer, measured)
        baseline_ordering = OrderTurn(
            baseline, product.name, buyer, {"orders Lambda": orders_environments(baseline)}
        )
        samples = compare("order turn", ordering, baseline_ordering, min(args.turns, product.stock // 3), 3.0)
        where_the_order_turn_goes(ordering, baseline_ordering, samples)
        print(f"\n2. Read turns per second, {args.clients} concurrent clients vs one")
        concurrency(real, store_pid, args.clients, args.turns * 2)
    print("\n3. `python -m local_bedrock serve` until it listens")
    start_up()
    return 0


if __name__ == "__main__":
    sys.exit(main())

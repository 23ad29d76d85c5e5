"""Turns against a local endpoint for the benchmarks: a question, an order confirmed, RSS readings."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

AGENT, ALIAS = "ASSISTANT", "TSTALIASID"
READ = "What did I buy recently?"


def new_session() -> str:
    return f"bench-{uuid.uuid4().hex[:12]}"


def turn(
    client: Any, text: str, *, session: str, customer: str = "C0001", **state: Any
) -> list[dict[str, Any]]:
    """One InvokeAgent call, its event stream read to the end."""
    response = client.invoke_agent(
        agentId=AGENT,
        agentAliasId=ALIAS,
        sessionId=session,
        inputText=text,
        sessionState={"sessionAttributes": {"customerId": customer}, **state},
    )
    events = list(response["completion"])
    if not any("chunk" in e or "returnControl" in e for e in events):
        raise RuntimeError(f"the turn {text!r} gave no answer: {events}")
    return events


def reading(client: Any) -> Callable[[], list[dict[str, Any]]]:
    """A read turn ("What did I buy recently?") in a new session each time it is called."""
    return lambda: turn(client, READ, session=new_session())


def ask_to_order(client: Any, product_name: str, *, session: str, customer: str) -> dict[str, Any]:
    """The first turn of an order: the agent finds the product and asks for confirmation."""
    events = turn(client, f"Please order one {product_name} for me.", session=session, customer=customer)
    asked = [e["returnControl"] for e in events if "returnControl" in e]
    if not asked:
        raise RuntimeError(f"the agent did not ask to confirm an order of {product_name}")
    return dict(asked[0])


def confirm(client: Any, asked: dict[str, Any], *, session: str, customer: str) -> list[dict[str, Any]]:
    """The order turn: the caller confirms, placeOrder runs."""
    api = asked["invocationInputs"][0]["apiInvocationInput"]
    result = {k: api[k] for k in ("actionGroup", "apiPath", "httpMethod")} | {"confirmationState": "CONFIRM"}
    state = {"invocationId": asked["invocationId"], "returnControlInvocationResults": [{"apiResult": result}]}
    return turn(client, "", session=session, customer=customer, **state)


def rss_mb(pid: int | None = None) -> float:
    """Resident set size of a process (this one by default), from /proc."""
    with open(f"/proc/{pid or os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc: Linux only")


def cpu_ms(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far, in ms, from /proc (clock ticks: sum
    it over many turns, never read one turn's figure alone)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of proc(5)
    return total * 1000 / os.sysconf("SC_CLK_TCK")


Span = tuple[float, float]  # one turn's start and end (time.perf_counter)


@dataclass(frozen=True)
class Run:
    """Turns timed together, their wall-clock seconds, and the CPU seconds this process (every thread of
    it) spent meanwhile; and the turns served while every client was running, over that window's
    seconds (``while_all_active``)."""

    turns: int
    seconds: float
    cpu_seconds: float
    active_turns: float
    active_seconds: float

    @property
    def per_second(self) -> float:
        """Every timed turn over the time until the last client finished (the rule before the tenth
        pass: the window's end ran with fewer clients as they finished one by one)."""
        return self.turns / self.seconds

    @property
    def active_per_second(self) -> float:
        """Turns per second while all the clients were running: what "N concurrent clients serve"
        means. With one client it is ``per_second`` (up to the join's few microseconds)."""
        return self.active_turns / self.active_seconds


def while_all_active(start: float, timelines: list[list[Span]]) -> tuple[float, float]:
    """(turns, seconds) from ``start`` (every client begins its timed turns) until the first client
    ends its last turn, the last moment every client is still running. A turn counts for the share of
    its time inside the window (a whole one for every turn within it), so the turns every client started but
    had not finished are neither dropped (a downward bias of about half a turn per client) nor counted
    whole."""
    end = min(spans[-1][1] for spans in timelines)
    turns = 0.0
    for spans in timelines:
        for began, ended in spans:
            inside = min(ended, end) - max(began, start)
            if inside > 0:
                turns += inside / (ended - began)
    return turns, end - start


def concurrent_run(make_turn: Callable[[int], Callable[[], object]], threads: int, turns: int) -> Run:
    """``threads`` clients at once; client n runs ``make_turn(n)`` (once to warm up, then ``turns /
    threads`` times, timed together)."""
    per_thread = max(1, turns // threads)
    barrier = threading.Barrier(threads + 1)
    timelines: list[list[Span]] = [[] for _ in range(threads)]

    def worker(n: int) -> None:
        one = make_turn(n)
        one()
        barrier.wait()
        spans = timelines[n]
        for _ in range(per_thread):
            began = time.perf_counter()
            one()
            spans.append((began, time.perf_counter()))

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for worker_thread in workers:
        worker_thread.start()
    barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    for worker_thread in workers:
        worker_thread.join()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return Run(per_thread * threads, seconds, cpu_seconds, *while_all_active(start, timelines))


def concurrent_rate(make_turn: Callable[[int], Callable[[], object]], threads: int, turns: int) -> float:
    """Turns per second with ``threads`` clients at once (``concurrent_run``)."""
    return concurrent_run(make_turn, threads, turns).per_second

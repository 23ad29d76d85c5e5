"""Cost of the local InvokeAgent endpoint over the agent work itself (not a test).

A trivial backend answers every turn with one chunk. The same turns are timed four ways, in one run:

  backend      backend.invoke() consumed in-process: the baseline
  endpoint     Endpoint.handle(): routing, validation, sessions, event-stream encoding, no HTTP
  loopback     boto3 invoke_agent() against the HTTP server on 127.0.0.1, stream fully read
  loopback/nv  the same with event validation off (EndpointConfig.validate_events=False)

and the endpoint's figures are printed as ratios to the baseline, plus throughput with concurrent
clients. Usage: ``python bench/bench_endpoint.py [--turns N] [--threads N]``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.conversation import concurrent_rate
from local_bedrock.backend import AgentRef, InvokeRequest
from local_bedrock.endpoint import Endpoint
from local_bedrock.server import running
from local_bedrock.sessions import Session, SessionKey

AGENT = AgentRef(agent_id="AGENT00001", alias_id="TSTALIASID", agent_name="bench")
PATH = "/agents/AGENT00001/agentAliases/TSTALIASID/sessions/bench-1/text"
BODY = b'{"inputText": "what did I buy last?", "sessionState": {"sessionAttributes": {"customerId": "c-1"}}}'


class TrivialBackend:
    def resolve_agent(self, agent_id: str, alias_id: str) -> AgentRef:
        return AGENT

    def invoke(self, request: InvokeRequest, session: Session) -> Iterator[dict[str, Any]]:
        yield {"chunk": {"bytes": b"You bought a kettle on 2 January."}}


def timed(paths: dict[str, Callable[[], object]], turns: int, rounds: int = 10) -> dict[str, list[float]]:
    """Time every path, interleaved in rounds so drift and noise hit all paths alike."""
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for turn in paths.values():  # warm caches and connections
        for _ in range(min(50, turns)):
            turn()
    for _ in range(rounds):
        for name, turn in paths.items():
            for _ in range(max(1, turns // rounds)):
                start = time.perf_counter()
                turn()
                samples[name].append(time.perf_counter() - start)
    return samples


def p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def backend_turn(backend: TrivialBackend) -> Callable[[], object]:
    session = Session(
        key=SessionKey("AGENT00001", "TSTALIASID", "bench-1"), idle_ttl_seconds=600, last_active=0
    )
    request = InvokeRequest(agent=AGENT, session_id="bench-1", input_text="what did I buy last?")
    return lambda: list(backend.invoke(request, session))


def endpoint_turn(endpoint: Endpoint) -> Callable[[], object]:
    def turn() -> object:
        reply = endpoint.handle("POST", PATH, {}, BODY)
        assert reply.status == 200 and reply.stream is not None
        return b"".join(reply.stream)

    return turn


def client_turn(client: Any, session_id: str = "bench-1") -> Callable[[], object]:
    def turn() -> object:
        response = client.invoke_agent(
            agentId="AGENT00001",
            agentAliasId="TSTALIASID",
            sessionId=session_id,
            inputText="what did I buy last?",
            sessionState={"sessionAttributes": {"customerId": "c-1"}},
        )
        return list(response["completion"])

    return turn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    backend = TrivialBackend()
    with running(backend) as local, running(backend, validate_events=False) as unvalidated:
        results = timed(
            {
                "backend": backend_turn(backend),
                "endpoint": endpoint_turn(Endpoint(backend)),
                "loopback": client_turn(local.client()),
                "loopback/nv": client_turn(unvalidated.client()),
            },
            args.turns,
        )
        pooled = local.client(max_pool_connections=args.threads)
        rate = concurrent_rate(lambda n: client_turn(pooled, f"bench-{n}"), args.threads, args.turns)

    base = results["backend"]
    print(f"{args.turns} turns each; trivial backend (one chunk per turn)")
    print(f"{'path':<12} {'p50 µs':>10} {'p99 µs':>10} {'turns/s':>10} {'p50 ×base':>10} {'p99 ×base':>10}")
    for name, samples in results.items():
        print(
            f"{name:<12} {p(samples, 0.5) * 1e6:>10.1f} {p(samples, 0.99) * 1e6:>10.1f} "
            f"{len(samples) / sum(samples):>10.0f} {p(samples, 0.5) / p(base, 0.5):>10.0f} "
            f"{p(samples, 0.99) / p(base, 0.99):>10.0f}"
        )
    one_client = len(results["loopback"]) / sum(results["loopback"])
    print(f"loopback, {args.threads} concurrent clients: {rate:.0f} turns/s ({rate / one_client:.2f}x one)")
    share = 1 - p(results["endpoint"], 0.5) / p(results["loopback"], 0.5)
    print(f"share of a loopback turn spent in HTTP + boto3 (not in the endpoint): {share:.0%}")


if __name__ == "__main__":
    main()

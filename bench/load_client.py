"""Clients of a local endpoint in a process of their own, as real clients are (a console, a script):
their boto3 work (signing, event-stream parsing) does not share the endpoint's interpreter lock.

    python -m bench.load_client URL CLIENTS TURNS
    # prints: timed turns, seconds, CPU seconds, turns and seconds while every client ran

Each of CLIENTS threads asks ``bench.conversation.READ`` in a new session each turn (one warm-up turn each,
then TURNS / CLIENTS turns, timed together); the CPU is the client process's own during the timed turns.
"""

from __future__ import annotations

import subprocess
import sys

from bench.conversation import Run, concurrent_run, reading


def read_run(url: str, clients: int, turns: int) -> Run:
    """Read turns of ``clients`` concurrent clients, run in a process of their own (besides the timed
    turns, each client makes one warm-up turn first)."""
    command = [sys.executable, "-m", "bench.load_client", url, str(clients), str(turns)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the load client failed: {done.stderr.strip()[-2000:]}")
    timed, seconds, cpu_seconds, active_turns, active_seconds = done.stdout.split()[-5:]
    return Run(int(timed), float(seconds), float(cpu_seconds), float(active_turns), float(active_seconds))


def main(argv: list[str]) -> int:
    from botocore.config import Config

    from agent_client.invoke import agent_runtime_client

    url, clients, turns = argv[0], int(argv[1]), int(argv[2])
    config = Config(max_pool_connections=clients, retries={"max_attempts": 1})
    client = agent_runtime_client(url, "us-east-1", config)
    run = concurrent_run(lambda _n: reading(client), clients, turns)
    print(run.turns, run.seconds, run.cpu_seconds, run.active_turns, run.active_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

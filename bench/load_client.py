"""Clients of a local endpoint in a process of their own, as real clients are (a console, a script):
their boto3 work (signing, event-stream parsing) does not share the endpoint's interpreter lock.

    python -m bench.load_client URL CLIENTS TURNS     # prints read turns per second

Each of CLIENTS threads asks ``bench.conversation.READ`` in a new session each turn (one warm-up turn each,
then TURNS / CLIENTS turns, timed together).
"""

from __future__ import annotations

import subprocess
import sys

from bench.conversation import concurrent_rate, reading


def read_rate(url: str, clients: int, turns: int) -> float:
    """Read turns per second of ``clients`` concurrent clients, measured in a process of their own."""
    command = [sys.executable, "-m", "bench.load_client", url, str(clients), str(turns)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the load client failed: {done.stderr.strip()[-2000:]}")
    return float(done.stdout.split()[-1])


def main(argv: list[str]) -> int:
    from botocore.config import Config

    from agent_client.invoke import agent_runtime_client

    url, clients, turns = argv[0], int(argv[1]), int(argv[2])
    config = Config(max_pool_connections=clients, retries={"max_attempts": 1})
    client = agent_runtime_client(url, "us-east-1", config)
    print(concurrent_rate(lambda _n: reading(client), clients, turns))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The local agent runtime.

python -m local_bedrock serve [--host 127.0.0.1] [--port 8000] [--model offline|bedrock] [--ready text|json]
python -m local_bedrock warm   (build what a start keeps under the cache, then exit: make test runs it first)

--port 0 takes a free port; --ready json prints one JSON line once the socket listens (its "url" says
which port), for scripts and tests that start the runtime, instead of the instructions for people.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time

# The checkout's modules are imported by main(), after ``keep_bytecode``: their bytecode is then
# read (or written) here and in the store and Lambda processes it starts.


def _instructions(url: str, backend: object, customers: list[str]) -> str:
    from local_bedrock.agent.definition import LOCAL_ALIASES, LOCAL_KNOWLEDGE_BASE_ID

    agents = ", ".join(f"{a.agent_id} ({a.name})" for a in backend.agents.values())  # type: ignore[attr-defined]
    return f"""
Local Bedrock agent runtime listening on {url}
  agents: {agents}; aliases: {", ".join(LOCAL_ALIASES)}; knowledge base: {LOCAL_KNOWLEDGE_BASE_ID}
  sample customers: {", ".join(customers)}

Point boto3 at it (any credentials work locally):

  import boto3
  client = boto3.client("bedrock-agent-runtime", endpoint_url="{url}", region_name="us-east-1",
                        aws_access_key_id="local", aws_secret_access_key="local")
  response = client.invoke_agent(agentId="ASSISTANT", agentAliasId="TSTALIASID", sessionId="s-1",
                                 inputText="What did I buy recently?", enableTrace=True,
                                 sessionState={{"sessionAttributes": {{"customerId": "C0001"}}}})
  for event in response["completion"]:
      print(event)

Press Ctrl+C to stop.""".strip("\n")


def _ready_json(url: str, backend: object, customers: list[str]) -> str:
    from local_bedrock.agent.definition import LOCAL_ALIASES, LOCAL_KNOWLEDGE_BASE_ID

    agents = {a.agent_id: a.name for a in backend.agents.values()}  # type: ignore[attr-defined]
    return json.dumps(
        {
            "ready": True,
            "url": url,
            "agents": agents,
            "aliases": list(LOCAL_ALIASES),
            "knowledge_base": LOCAL_KNOWLEDGE_BASE_ID,
            "sample_customers": customers,
        }
    )


def _ready(url: str, backend: object, customers: list[str], started: float, as_json: bool) -> None:
    announce = _ready_json if as_json else _instructions
    print(announce(url, backend, customers), flush=True)
    print(f"Ready in {time.perf_counter() - started:.1f} s.", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local_bedrock", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve the agents on 127.0.0.1 until Ctrl+C")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument(
        "--model", choices=("offline", "bedrock"), default=os.environ.get("LOCAL_AGENT_MODEL", "offline")
    )
    serve_cmd.add_argument(
        "--ready",
        choices=("text", "json"),
        default="text",
        help="once listening, print instructions (text) or one JSON line with the url (json)",
    )
    commands.add_parser(
        "warm", help="build what a start keeps (sample data, passage and declaration vectors), then exit"
    )
    args = parser.parse_args(argv)
    if args.command == "warm":
        from local_bedrock.runtime import warm

        warm()
        print("local Bedrock: caches ready", file=sys.stderr)
        return 0
    started = time.perf_counter()
    from local_bedrock.bytecode import keep_bytecode

    keep_bytecode()
    from local_bedrock.store.sample_cache import cached_items, cached_sample
    from local_bedrock.store.served import StoreProcess

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print("Starting the local DynamoDB (moto) with the sample data...", file=sys.stderr, flush=True)
    items = cached_items() or cached_sample()[1]
    with StoreProcess(items) as store:
        # The store loads its data in its own process while this one assembles the agents.
        sample, _ = cached_sample()
        from local_bedrock.runtime import build_backend, quiet_lambdas
        from local_bedrock.server import serve

        quiet_lambdas()
        backend, knowledge = build_backend(sample, model=args.model, store=store.environment)
        customers = [f"{c.customer_id} {c.name}" for c in sample.customers[:5]]
        try:
            serve(
                backend,
                knowledge,
                args.host,
                args.port,
                on_ready=lambda url: _ready(url, backend, customers, started, args.ready == "json"),
            )
        finally:
            backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The local agent runtime.

python -m console.runtime serve [--host 127.0.0.1] [--port 8000] [--model offline|bedrock]
python -m console.runtime demo
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from action_groups.seed import generate
from action_groups.seed.moto_store import moto_store
from console.runtime.agent.definition import LOCAL_ALIASES, LOCAL_KNOWLEDGE_BASE_ID
from console.runtime.local import build_backend, quiet_lambdas
from console.runtime.server import serve


def _instructions(url: str, backend: object, customers: list[str]) -> str:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.runtime", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve the agents on 127.0.0.1 until Ctrl+C")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument(
        "--model", choices=("offline", "bedrock"), default=os.environ.get("LOCAL_AGENT_MODEL", "offline")
    )
    commands.add_parser("demo", help="run the scripted demo conversation and exit")
    args = parser.parse_args(argv)
    quiet_lambdas()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "demo":
        from console.runtime.demo import run

        return run()
    print("Seeding the local DynamoDB (moto) with the sample data...", file=sys.stderr)
    with moto_store(generate()) as sample:
        backend, knowledge = build_backend(sample, model=args.model)
        customers = [f"{c.customer_id} {c.name}" for c in sample.customers[:5]]
        serve(
            backend,
            knowledge,
            args.host,
            args.port,
            on_ready=lambda url: print(_instructions(url, backend, customers), flush=True),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

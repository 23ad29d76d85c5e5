"""The agent test console.

python -m console web [--port 8080] [target options]     the web console on 127.0.0.1
python -m console tty [target options]                    the terminal console (REPL)
python -m console demo                                    a scripted conversation with the local runtime

Target options: none (start the local runtime in-process), --endpoint-url URL (a running endpoint),
or --region R --agent-id A --alias-id B (a deployed agent on AWS).
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from console.feedback import DEFAULT_FEEDBACK_FILE, FeedbackStore
from console.launch import Launch, add_target_arguments, launched


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m console", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    web = commands.add_parser("web", help="serve the web console on 127.0.0.1 until Ctrl+C")
    web.add_argument("--host", default="127.0.0.1", choices=("127.0.0.1", "localhost"))
    web.add_argument("--port", type=int, default=8080)
    tty = commands.add_parser("tty", help="the terminal console")
    tty.add_argument("--no-color", action="store_true", help="plain text (also: NO_COLOR set)")
    commands.add_parser("demo", help="run the scripted demo conversation against the local runtime and exit")
    for command in (web, tty):
        add_target_arguments(command)
        command.add_argument("--feedback-file", type=Path, default=DEFAULT_FEEDBACK_FILE)
        command.add_argument(
            "--stream-final-response",
            action="store_true",
            help="ask Bedrock to stream the final answer in pieces (streamingConfigurations)",
        )
    return parser


def _web(args: argparse.Namespace, launch: Launch) -> int:
    from console.web.app import ConsoleApp
    from console.web.server import serving

    app = ConsoleApp(
        launch.target,
        customers=launch.customers,
        store=FeedbackStore(args.feedback_file),
        stream_final_response=args.stream_final_response,
    )
    try:
        with serving(app, args.host, args.port) as url:
            if launch.runtime_url:
                print(f"Local agent runtime (in-process): {launch.runtime_url}")
            target = launch.target
            print(f"Agent {target.agent_id}, alias {target.agent_alias_id} at {target.where}")
            print(f"Agent test console: {url}  (Ctrl+C stops it)", flush=True)
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                print("\nStopped.")
    except OSError as error:
        print(f"Cannot serve on {args.host}:{args.port}: {error}. Try CONSOLE_PORT=<port>.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "demo":
        from console.demo import run as demo

        return demo()
    if args.command == "tty":
        from console.tty.repl import run

        with launched(args) as launch:
            return run(args, launch)
    if not args.endpoint_url and not args.agent_id:
        print("Starting the local agent runtime (moto DynamoDB with sample data)...", flush=True)
    with launched(args) as launch:
        return _web(args, launch)


if __name__ == "__main__":
    sys.exit(main())

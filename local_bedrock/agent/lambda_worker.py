"""One Lambda execution environment: a process that imports a handler once, then runs one event at a
time, as Lambda's Python runtime does (its "init" phase, then invocations).

    python -m local_bedrock.agent.lambda_worker <module.function> [<code directory>]

The code directory (an unpacked code zip) goes first on ``sys.path``. Messages are JSON lines on the
process's standard input and original standard output; whatever the handler prints goes to standard
error, the local stand-in for CloudWatch Logs.

  -> {"ready": {"init_ms": 312.5}}     or  {"init_error": {"errorType": ..., "errorMessage": ...}}
  <- {"event": {...}, "context": {"aws_request_id": ..., "function_name": ..., ...}}
  -> {"result": {...}, "duration_ms": 3.1}  or  {"error": {...}, "duration_ms": ...}

As in Lambda, the response must be JSON-serializable ("Runtime.MarshalError" otherwise), an
exception is reported as ``errorType``/``errorMessage`` and the environment lives on, and a handler
that exits the process ends the environment (the invoker sees "Runtime exited").
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from typing import Any, TextIO

from local_bedrock.agent.lambda_events import LocalLambdaContext


def _error(kind: str, message: str) -> dict[str, str]:
    return {"errorType": kind, "errorMessage": message}


def _line(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":")) + "\n"


def _send(channel: TextIO, line: str) -> None:
    channel.write(line)
    channel.flush()


def _invoke(function: Any, message: dict[str, Any]) -> str:
    context = LocalLambdaContext(**message["context"])
    started = time.perf_counter()
    reply: dict[str, Any]
    try:
        reply = {"result": function(message["event"], context)}
    except Exception as error:  # the function's error: reported, and the environment lives on
        reply = {"error": _error(type(error).__name__, str(error))}
    reply["duration_ms"] = (time.perf_counter() - started) * 1000
    try:
        return _line(reply)
    except (TypeError, ValueError) as error:
        failed = _error("Runtime.MarshalError", f"Unable to marshal response: {error}")
        return _line({"error": failed, "duration_ms": reply["duration_ms"]})


def load_handler(handler: str, code_dir: str | None) -> Any:
    """Import ``module.function``; the function's own code comes first on the path, as /var/task does
    in its Lambda."""
    if code_dir:
        if code_dir in sys.path:
            sys.path.remove(code_dir)
        sys.path.insert(0, code_dir)
    module, name = handler.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def main(argv: list[str]) -> int:
    handler, code_dir = argv[0], (argv[1] if len(argv) > 1 else None)
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # print() goes to the log, not the channel
    started = time.perf_counter()
    try:
        function = load_handler(handler, code_dir)
    except Exception as error:
        failed = _error(f"Runtime.ImportModuleError: {type(error).__name__}", str(error))
        _send(channel, _line({"init_error": failed}))
        return 1
    _send(channel, _line({"ready": {"init_ms": (time.perf_counter() - started) * 1000}}))
    for line in sys.stdin:
        _send(channel, _invoke(function, json.loads(line)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Run a handler from unpacked Lambda zips the way Lambda's Python runtime does, one fresh process
per sample, and report the CPU its cold start cost.

- Layout: code.zip unpacked as LAMBDA_TASK_ROOT (/var/task), layer.zip under /opt; sys.path puts the
  task root first, then /opt/python (Lambda's order for a layer's python/ directory), then, if
  given, a stand-in for the runtime's own packages (/var/runtime, where its boto3 lives).
- Read-only: the trees are made non-writable, and the interpreter runs with PYTHONDONTWRITEBYTECODE
  (the benchmark runs as root, which file modes do not stop); `unchanged` checks afterwards that no
  file was added, so whatever bytecode is missing is compiled again in every sample, as on Lambda.
- Environment: what Lambda sets for a function (AWS_LAMBDA_FUNCTION_NAME, LAMBDA_TASK_ROOT,
  AWS_REGION, AWS_EXECUTION_ENV, ...), the function's own variables from terraform/lambda.tf, and,
  with tracing on, the X-Ray trace header and daemon address Lambda gives an actively traced function.
- A sample is the import of the handler module plus its first invocation (the first invocation is
  part of the cold start: work deferred to it is still paid), timed with the process's CPU clock
  (time.process_time), which the other processes of a shared machine disturb far less than wall time.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import statistics
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The child: import the handler, call it once with the event, print the CPU figures as the last line.
_CHILD = """
import importlib, json, sys, time
start = time.process_time()
module = importlib.import_module(sys.argv[1])
imported = time.process_time()
class Context:
    function_name = "bench"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:bench"
    aws_request_id = "00000000-0000-4000-8000-000000000000"
    log_group_name = "/aws/lambda/bench"
    log_stream_name = "bench"
    def get_remaining_time_in_millis(self):
        return 15000
response = getattr(module, sys.argv[2])(json.loads(sys.argv[3]), Context())
done = time.process_time()
status = response["response"]["httpStatusCode"]
loaded = [m for m in ("aws_xray_sdk.core", "snowballstemmer") if m in sys.modules]
print(json.dumps({"import": imported - start, "first": done - imported, "status": status, "loaded": loaded}))
"""

TRACE_HEADER = "Root=1-674b0e00-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1"


@dataclass(frozen=True)
class Sandbox:
    """One unpacked function: its task root, the layer root (the directory that holds python/) and
    optionally the runtime's packages."""

    task: Path
    opt: Path
    runtime: Path | None = None

    @property
    def path(self) -> str:
        return ":".join(str(p) for p in (self.task, self.opt / "python", self.runtime) if p is not None)

    def files(self) -> int:
        roots = (self.task, self.opt, self.runtime)
        return sum(len(names) for root in roots if root is not None for _, _, names in os.walk(root))


def unpack(archive: Path, into: Path) -> Path:
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(into)
    return into


def read_only(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def lambda_environment(
    sandbox: Sandbox, function: dict[str, str], *, tracing: bool, region: str = "us-east-1"
) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LAMBDA_TASK_ROOT": str(sandbox.task),
        "PYTHONPATH": sandbox.path,
        "PYTHONDONTWRITEBYTECODE": "1",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_SESSION_TOKEN": "bench",
        **function,
        "POWERTOOLS_TRACE_DISABLED": "false" if tracing else "true",
    }
    if tracing:
        # Nothing listens on this UDP port: segments are sent and lost, as the cost of sending is real.
        env |= {
            "_X_AMZN_TRACE_ID": TRACE_HEADER,
            "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
            "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        }
    return env


def cold_start(
    python: str, sandbox: Sandbox, handler: str, event: dict[str, Any], env: dict[str, str]
) -> dict[str, Any]:
    """One sample in a fresh interpreter: {"import": s, "first": s, "status": int, "loaded": [...]}, where
    loaded names the X-Ray SDK's recorder and the stemmer if the sample imported them."""
    module, function = handler.rsplit(".", 1)
    done = subprocess.run(
        [python, "-s", "-c", _CHILD, module, function, json.dumps(event)],
        cwd=sandbox.task,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{handler} failed in the sandbox:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


Samples = dict[tuple[str, str], list[dict[str, Any]]]


def total(samples: Samples, key: tuple[str, str]) -> list[float]:
    return [s["import"] + s["first"] for s in samples[key]]


def ms(values: list[float]) -> str:
    return f"{min(values) * 1000:5.0f} {statistics.median(values) * 1000:5.0f} {max(values) * 1000:5.0f}"


def ratio(top: list[float], bottom: list[float]) -> str:
    paired = [a / b for a, b in zip(top, bottom, strict=True)]
    return f"{statistics.median(paired):.2f}x ({min(paired):.2f}-{max(paired):.2f})"

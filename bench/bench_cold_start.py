"""Cold start of the action-group Lambdas, run the way Lambda runs them (not a test).

Builds code.zip and layer.zip with deploy/package.py, unpacks them read-only and runs each handler
under Lambda's Python (3.13) in a fresh process per sample (bench/lambda_sandbox.py), against a moto
DynamoDB server with the sample data. A sample is the handler module's import plus its first
invocation, in CPU milliseconds. In every round, in a shuffled order, it runs

  - each handler from the zips as shipped,
  - each handler from the same files after `compileall` (what the shipped bytecode must match),
  - the baseline (bench/cold_start_baseline.py: a one-route BedrockAgentResolver, Logger, Metrics, a
    pydantic model and a boto3 DynamoDB client) from the same layer, with bytecode too,

and prints min/median/max and the paired ratios (median of the per-round ratios, and their range)
with tracing off and on.

Usage: python -m bench.bench_cold_start [--rounds N] [--tracing off|on|both]
"""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench import sdk_placement
from bench.lambda_sandbox import (
    Samples,
    Sandbox,
    cold_start,
    lambda_environment,
    ms,
    ratio,
    read_only,
    total,
    unpack,
    writable,
)
from deploy.bytecode import compile_tree, lambda_interpreter
from deploy.package import CODE_ROOT, build_code, build_layer
from local_bedrock.agent.lambda_events import action_group_event
from local_bedrock.manifest import REPO_ROOT, action_groups
from local_bedrock.store.moto_store import local_environment, moto_server_store

BASELINE = "baseline"
BASELINE_HANDLER = "cold_start_baseline.lambda_handler"
SHIPPED, COMPILED = "shipped", "compiled"
TARGET_VS_COMPILED = 1.1
TARGET_VS_BASELINE = 1.2

EVENTS: dict[str, dict[str, Any]] = {
    BASELINE: action_group_event(
        action_group=BASELINE, api_path="/customers/{customerId}", http_method="GET",
        parameters={"customerId": "C0001"}, session_id="bench-session",
    ),
    "purchase_history": action_group_event(
        action_group="purchase_history", api_path="/purchases", http_method="GET",
        parameters={"limit": 5}, session_attributes={"customerId": "C0001"}, session_id="bench-session",
    ),
    "orders": action_group_event(
        action_group="orders", api_path="/products", http_method="GET",
        parameters={"query": "wireless headphones"}, session_attributes={"customerId": "C0001"},
        session_id="bench-session",
    ),
    "support": action_group_event(
        action_group="support", api_path="/customers/{customerId}/purchases", http_method="GET",
        parameters={"customerId": "C0001"}, agent_name="support", session_id="bench-session",
    ),
}  # fmt: skip


def _sandboxes(work: Path, python: str, prebuilt: Path | None) -> dict[str, Sandbox]:
    """shipped, compiled and baseline trees under work/, all read-only."""
    zips = prebuilt or REPO_ROOT / "build" / "lambda"
    if prebuilt is None:
        print(f"==> building {zips}/code.zip and layer.zip, as `make package` does", flush=True)
        build_code(REPO_ROOT, zips, python)
        build_layer(REPO_ROOT, zips, python)
    trees = work / "sandboxes"
    if trees.exists():
        writable(trees)
        shutil.rmtree(trees)
    shipped = Sandbox(
        unpack(zips / "code.zip", trees / SHIPPED / "task"),
        unpack(zips / "layer.zip", trees / SHIPPED / "opt"),
    )
    compiled = Sandbox(trees / COMPILED / "task", trees / COMPILED / "opt")
    shutil.copytree(shipped.task, compiled.task)
    shutil.copytree(shipped.opt, compiled.opt)
    print("==> compiling a copy with compileall (timestamp .pyc, as a writable file system would cache)")
    subprocess.run(
        [python, "-m", "compileall", "-q", "-f", str(compiled.task), str(compiled.opt)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    baseline = Sandbox(trees / BASELINE / "task", shipped.opt)
    baseline.task.mkdir(parents=True)
    shutil.copyfile(
        Path(__file__).with_name("cold_start_baseline.py"), baseline.task / "cold_start_baseline.py"
    )
    compile_tree(baseline.task, CODE_ROOT, python)
    for tree in (trees / SHIPPED, compiled.task.parent, baseline.task):
        read_only(tree)
    return {SHIPPED: shipped, COMPILED: compiled, BASELINE: baseline}


def _function_env(group: str, endpoint: str) -> dict[str, str]:
    tables = local_environment()
    return {
        "STORE_TABLE_NAME": tables["STORE_TABLE_NAME"],
        "IDEMPOTENCY_TABLE_NAME": tables["IDEMPOTENCY_TABLE_NAME"],
        "POWERTOOLS_SERVICE_NAME": group,
        "POWERTOOLS_METRICS_NAMESPACE": "PurchaseAssistant",
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
    }


def _measure(
    python: str,
    boxes: dict[str, Sandbox],
    jobs: list[tuple[str, str]],
    endpoint: str,
    *,
    tracing: bool,
    rounds: int,
) -> Samples:
    """Every (group, sandbox) job once per round, in a shuffled order."""
    handlers = {name: group.handler for name, group in action_groups().items()}
    samples: Samples = defaultdict(list)
    jobs = list(jobs)
    for round_number in range(rounds):
        random.Random(round_number).shuffle(jobs)
        for group, variant in jobs:
            handler = BASELINE_HANDLER if group == BASELINE else handlers[group]
            box = boxes[variant]
            env = lambda_environment(box, _function_env(group, endpoint), tracing=tracing)
            result = cold_start(python, box, handler, EVENTS[group], env)
            if result["status"] != 200:
                raise RuntimeError(f"{group} ({variant}) answered {result['status']}, not 200")
            samples[(group, variant)].append(result)
        print(f"  round {round_number + 1}/{rounds} done", file=sys.stderr, flush=True)
    return samples


def _report(samples: Samples, groups: list[str], title: str) -> None:
    print(f"\n{title}")
    print("  CPU ms, min median max          import              first call          import + first call")
    rows = [(BASELINE, BASELINE)] + [(g, v) for g in groups for v in (SHIPPED, COMPILED)]
    for group, variant in rows:
        runs = samples[(group, variant)]
        label = "baseline (1 route)" if group == BASELINE else f"{group} {variant}"
        print(
            f"  {label:<27} {ms([s['import'] for s in runs])}   {ms([s['first'] for s in runs])}   "
            f"{ms(total(samples, (group, variant)))}"
        )
    print(
        "  paired ratios of import + first call "
        f"(target: <= {TARGET_VS_COMPILED}x compiled, <= {TARGET_VS_BASELINE}x baseline)"
    )
    base = total(samples, (BASELINE, BASELINE))
    for group in groups:
        shipped = total(samples, (group, SHIPPED))
        loaded = sorted({m for s in samples[(group, SHIPPED)] for m in s["loaded"]})
        print(
            f"  {group:<17} shipped/compiled {ratio(shipped, total(samples, (group, COMPILED)))}   "
            f"shipped/baseline {ratio(shipped, base)}   imported: {', '.join(loaded) or '-'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="samples per handler and variant (default 7)")
    parser.add_argument("--tracing", choices=("off", "on", "both"), default="both")
    parser.add_argument("--groups", nargs="*", default=sorted(action_groups()), help="action groups to run")
    parser.add_argument(
        "--work", type=Path, default=REPO_ROOT / "build" / "bench-cold-start", help="sandboxes"
    )
    parser.add_argument(
        "--zips", type=Path, help="measure code.zip and layer.zip from here (e.g. an older build)"
    )
    parser.add_argument("--sdk", action="store_true", help="instead: the layer's SDK vs the runtime's")
    args = parser.parse_args()
    python = lambda_interpreter()
    version = subprocess.run([python, "-VV"], capture_output=True, text=True, check=True).stdout.strip()
    print(f"Cold start as Lambda runs it: {version}, zips unpacked read-only, one fresh process per sample")
    boxes = _sandboxes(args.work, python, args.zips)
    if args.sdk:
        boxes |= sdk_placement.sandboxes(boxes[SHIPPED], args.work / "sandboxes" / "sdk")
        jobs = [(g, v) for g in args.groups for v in (SHIPPED, *sdk_placement.VARIANTS)]
        modes = [False]
    else:
        jobs = [(BASELINE, BASELINE)] + [(g, v) for g in args.groups for v in (SHIPPED, COMPILED)]
        modes = {"off": [False], "on": [True], "both": [False, True]}[args.tracing]
    before = {name: box.files() for name, box in boxes.items()}
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto server's request lines
    try:
        with moto_server_store() as (endpoint, _data):
            results = {
                tracing: _measure(python, boxes, jobs, endpoint, tracing=tracing, rounds=args.rounds)
                for tracing in modes
            }
        if {name: box.files() for name, box in boxes.items()} != before:
            raise RuntimeError("a sample wrote into the read-only trees: the figures are not Lambda's")
    finally:
        writable(args.work / "sandboxes")  # so that `make clean` can remove them without root
    if args.sdk:
        layer_zip = (args.zips or REPO_ROOT / "build" / "lambda") / "layer.zip"
        sdk_placement.report(results[False], args.groups, boxes, layer_zip, args.rounds)
        return 0
    for tracing, samples in results.items():
        title = (
            "Tracing on (Active: _X_AMZN_TRACE_ID set, POWERTOOLS_TRACE_DISABLED=false)"
            if tracing
            else "Tracing off (POWERTOOLS_TRACE_DISABLED=true)"
        )
        _report(samples, args.groups, f"{title}, {args.rounds} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())

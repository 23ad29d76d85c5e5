"""``python -m evals``: run the suite, check scenario files, import console feedback.

    python -m evals run [--target local|aws] [--endpoint-url URL] [--tags a,b] [--exclude-tags c]
                        [--workers N] [--threshold 0.9] [--judge deterministic|llm] [--reports-dir reports]
                        [--injection-model auto|bedrock|off]
    python -m evals check [paths...]
    python -m evals import-feedback FEEDBACK.jsonl [--out evals/scenarios/feedback.yaml] [--rating down]

Exit status of ``run``: 0 when the gate passes, 1 when it fails (a safety scenario failed, the pass
rate is under the threshold, or an injection scenario failed against a real model), 2 on a usage or
configuration error. Injection scenarios against the offline planner are a structural check of it;
with AWS credentials they also run against Bedrock Converse (``evals/runner/injection.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from evals.catalog import catalog
from evals.config import load_config
from evals.importer import import_feedback
from evals.runner.injection import MODES, RealModel, apply_to_gate, check_injection, real_model
from evals.runner.llm_judge import DEFAULT_JUDGE_MODEL, JudgeUnavailable, LlmJudge
from evals.runner.report import report_directory, write_report
from evals.runner.retry import RetryPolicy
from evals.runner.suite import RunOptions, SuiteRun, run_suite
from evals.runner.target import Target, TargetError, aws_target, local_target, terraform_outputs
from evals.spec.load import LoadedScenario, ScenarioError, load_suite, select

EXIT_GATE_FAILED, EXIT_USAGE = 1, 2
# Deployed data is not re-seeded before each run: skip scenarios that need the sample data as seeded.
DEFAULT_EXCLUDE = {"local": [], "aws": ["seeded-state"]}


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@contextmanager
def resolve_target(args: argparse.Namespace) -> Iterator[Target]:
    agents = catalog().agent_names()
    if args.target == "aws":
        yield aws_target(terraform_outputs(Path(args.tf_dir)), agents)
        return
    if args.endpoint_url:
        yield local_target(args.endpoint_url, agents, args.alias_id)
        return
    from evals.runner.local_endpoint import local_endpoint

    with local_endpoint() as url:
        yield local_target(url, agents, args.alias_id)


def finish(
    run: SuiteRun,
    scenarios: list[LoadedScenario],
    target: Target,
    options: RunOptions,
    reports_dir: Path,
    real: RealModel,
) -> Path:
    """The injection check (with its real-model pass), the gate, and the report; returns report.md."""
    run.report.injection, run.injection_traces = check_injection(scenarios, target, run, options, real)
    apply_to_gate(run)
    markdown_path, _ = write_report(run, report_directory(reports_dir, target.kind))
    return markdown_path


def execute(
    scenarios: list[LoadedScenario], target: Target, options: RunOptions, reports_dir: Path
) -> tuple[SuiteRun, Path]:
    """Run and report against a target that is already up (the release gate: a deployed alias)."""
    run = run_suite(scenarios, target, options)
    real = real_model("auto", target.kind)
    return run, finish(run, scenarios, target, options, reports_dir, real)


def _run(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config))
    paths = [Path(p) for p in _split(args.scenarios)] or None
    exclude = _split(args.exclude_tags) if args.exclude_tags is not None else DEFAULT_EXCLUDE[args.target]
    scenarios = select(load_suite(paths), _split(args.tags), exclude, _split(args.ids))
    if not scenarios:
        print("evals: no scenario matches the selection", file=sys.stderr)
        return EXIT_USAGE
    real = real_model(args.injection_model, args.target)  # before a local store changes the environment
    with resolve_target(args) as target:
        judge = None
        if args.judge == "llm":
            judge = LlmJudge.create(
                target.region, args.judge_model or config.judge_model or DEFAULT_JUDGE_MODEL
            )
        options = RunOptions(
            workers=args.workers or config.workers.for_target(target.kind),
            threshold=args.threshold if args.threshold is not None else config.threshold,
            retry=RetryPolicy(attempts=config.throttle_attempts),
            judge=judge,
        )
        run = run_suite(scenarios, target, options)
    markdown_path = finish(run, scenarios, target, options, Path(args.reports_dir), real)
    print(f"evals: report {markdown_path} (and report.json, traces/)", file=sys.stderr)
    if run.report.injection is not None:
        print(f"evals: injection against a real model: {run.report.injection.note}", file=sys.stderr)
    for reason in run.report.gate.reasons:
        print(f"evals: gate: {reason}", file=sys.stderr)
    return 0 if run.report.gate.passed else EXIT_GATE_FAILED


def _check(args: argparse.Namespace) -> int:
    scenarios = load_suite([Path(p) for p in args.paths] or None)
    tags = sorted({t for s in scenarios for t in s.scenario.tags})
    print(f"{len(scenarios)} scenarios valid; tags: {', '.join(tags)}")
    return 0


def _import(args: argparse.Namespace) -> int:
    written = import_feedback(Path(args.feedback), Path(args.out), rating=args.rating)
    print(f"wrote {written} scenario(s) to {args.out}; review them, then commit")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the suite and write a report")
    run.add_argument("--target", choices=("local", "aws"), default="local")
    run.add_argument("--endpoint-url", help="a running local endpoint (default: start one in-process)")
    run.add_argument("--alias-id", default="TSTALIASID", help="local alias (TSTALIASID or LIVE)")
    run.add_argument("--tf-dir", default="terraform")
    run.add_argument("--scenarios", help="scenario files or directories (default: evals/scenarios)")
    run.add_argument("--tags", help="only scenarios with any of these tags (comma-separated)")
    run.add_argument(
        "--exclude-tags", help="skip scenarios with any of these tags (aws default: seeded-state)"
    )
    run.add_argument("--ids", help="only these scenario ids")
    run.add_argument("--workers", type=int)
    run.add_argument("--threshold", type=float)
    run.add_argument("--judge", choices=("deterministic", "llm"), default="deterministic")
    run.add_argument("--judge-model")
    run.add_argument(
        "--injection-model",
        choices=MODES,
        default="auto",
        help="injection scenarios against a real model too: auto (when AWS credentials exist), bedrock, off",
    )
    run.add_argument("--config", default=str(Path(__file__).resolve().parent / "config.yaml"))
    run.add_argument("--reports-dir", default="reports")
    run.set_defaults(handler=_run)
    check = commands.add_parser("check", help="validate scenario files")
    check.add_argument("paths", nargs="*")
    check.set_defaults(handler=_check)
    imp = commands.add_parser("import-feedback", help="turn console feedback (JSON Lines) into scenarios")
    imp.add_argument("feedback")
    imp.add_argument("--out", default="evals/scenarios/feedback.yaml")
    imp.add_argument("--rating", choices=("down", "up", "all"), default="all")
    imp.set_defaults(handler=_import)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (ScenarioError, TargetError, JudgeUnavailable, ValueError) as exc:
        print(f"evals: {exc}", file=sys.stderr)
        return EXIT_USAGE

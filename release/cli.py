"""``python -m release promote|rollback|status --agent assistant``: the release gate on AWS.

Agent and ``live`` alias ids come from ``terraform -chdir=terraform output -json`` (output
``agents``), like ``make eval TARGET=aws``. Exit status: 0 done, 1 gate failed (live untouched),
2 configuration or AWS error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from evals.catalog import catalog
from evals.cli import DEFAULT_EXCLUDE, execute
from evals.config import load_config
from evals.kb import cli as kb_cli
from evals.runner.llm_judge import DEFAULT_JUDGE_MODEL, JudgeUnavailable, LlmJudge
from evals.runner.retry import RetryPolicy
from evals.runner.suite import RunOptions
from evals.runner.target import Target, TargetError, aws_target, terraform_outputs
from evals.spec.load import ScenarioError, load_suite, select
from release.bedrock import AgentApi, ReleaseError
from release.flow import CANDIDATE_ALIAS, GateResult, promote, rollback

EXIT_GATE_FAILED, EXIT_ERROR = 1, 2


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def suite_gate(target: Target, agent: str, args: argparse.Namespace) -> Any:
    """A ``run_gate(alias_id)`` that runs the agent's scenarios against that alias."""
    config = load_config(Path(args.config))
    paths = [Path(p) for p in _split(args.scenarios)] or None
    chosen = select(load_suite(paths), _split(args.tags), _split(args.exclude_tags))
    scenarios = [s for s in chosen if s.scenario.agent == agent]
    if not scenarios:
        raise ReleaseError(f"no scenario for agent {agent} matches the selection: nothing to gate on")
    judge = None
    if args.judge == "llm":
        judge = LlmJudge.create(target.region, config.judge_model or DEFAULT_JUDGE_MODEL)

    def run_gate(alias_id: str) -> GateResult:
        options = RunOptions(
            workers=args.workers or config.workers.for_target(target.kind),
            threshold=args.threshold if args.threshold is not None else config.threshold,
            retry=RetryPolicy(attempts=config.throttle_attempts),
            judge=judge,
        )
        run, markdown = execute(
            scenarios, target.with_alias(agent, alias_id), options, Path(args.reports_dir)
        )
        report = run.report
        summary = f"{report.passed_count}/{len(report.scenarios)} passed ({report.gate.pass_rate:.1%})"
        if report.gate.reasons:
            summary += "; " + "; ".join(report.gate.reasons)
        return GateResult(report.gate.passed, summary, str(markdown))

    return run_gate


def knowledge_gate(
    target: Target, agent: str, args: argparse.Namespace
) -> Callable[[str], GateResult] | None:
    """``make eval-kb`` against an alias of an agent with a knowledge base, judged by
    evals/kb/gates.yaml (the levels measured offline); None when there is nothing to gate."""
    if args.no_kb_gate or not target.knowledge_base_id or not catalog().has_knowledge_base(agent):
        return None
    address = target.address(agent)

    def run_gate(alias_id: str) -> GateResult:
        argv = [
            "run", "--target", "aws", "--split", "all", "--judge", "deterministic", "--agent", agent,
            "--knowledge-base-id", str(target.knowledge_base_id), "--agent-id", address.agent_id,
            "--alias-id", alias_id, "--region", target.region, "--reports-dir", args.reports_dir,
        ]  # fmt: skip
        code = kb_cli.main(argv)
        verdict = "passed" if code == 0 else "FAILED (see the eval-kb report)"
        return GateResult(code == 0, f"knowledge-base gate {verdict}")

    return run_gate


def both(
    first: Callable[[str], GateResult], second: Callable[[str], GateResult]
) -> Callable[[str], GateResult]:
    """One gate that passes when both do (the second runs even when the first failed, for its report)."""

    def run_gate(alias_id: str) -> GateResult:
        a, b = first(alias_id), second(alias_id)
        return GateResult(a.passed and b.passed, f"{a.summary}; {b.summary}", a.report)

    return run_gate


def _status(api: AgentApi, agent_id: str, live_alias_id: str, candidate: str) -> None:
    live = api.alias(agent_id, live_alias_id)
    print(f"live ({live.alias_id}) -> version {live.version}")
    print(
        "history: "
        + ", ".join(f"{v} since {start:%Y-%m-%d %H:%M}" if start else v for start, v in live.history)
    )
    candidate_id = api.find_alias(agent_id, candidate)
    if candidate_id:
        print(f"{candidate} ({candidate_id}) -> version {api.alias(agent_id, candidate_id).version}")


def run(args: argparse.Namespace, api: AgentApi | None = None, target: Target | None = None) -> int:
    target = target or aws_target(terraform_outputs(Path(args.tf_dir)), catalog().agent_names())
    address = target.address(args.agent)
    api = api or AgentApi(boto3.client("bedrock-agent", region_name=target.region))
    if args.command == "status":
        _status(api, address.agent_id, address.alias_id, args.candidate_alias)
        return 0
    if args.command == "rollback":
        outcome = rollback(api, address.agent_id, address.alias_id, _log, args.version)
    else:
        gate = suite_gate(target, args.agent, args)
        knowledge = knowledge_gate(target, args.agent, args)
        if knowledge is not None:
            gate = both(gate, knowledge)
        outcome = promote(
            api, address.agent_id, address.alias_id, gate, _log, candidate_name=args.candidate_alias
        )
    print(outcome.message)
    return 0 if outcome.promoted or args.command == "rollback" else EXIT_GATE_FAILED


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m release", description=__doc__.split("\n\n")[0])
    top.add_argument("command", choices=("promote", "rollback", "status"))
    top.add_argument("--agent", required=True, help="agent name from agents.json, e.g. assistant")
    top.add_argument("--tf-dir", default="terraform")
    top.add_argument("--candidate-alias", default=CANDIDATE_ALIAS)
    top.add_argument("--version", help="rollback: the version to route live to (default: the previous one)")
    top.add_argument("--scenarios", default="", help="promote: scenario files or directories")
    top.add_argument("--tags", default="", help="promote: only scenarios with any of these tags")
    top.add_argument(
        "--exclude-tags",
        default=",".join(DEFAULT_EXCLUDE["aws"]),
        help="promote: skip scenarios with these tags",
    )
    top.add_argument("--workers", type=int)
    top.add_argument("--threshold", type=float)
    top.add_argument("--judge", choices=("deterministic", "llm"), default="deterministic")
    top.add_argument(
        "--config", default=str(Path(__file__).resolve().parent.parent / "evals" / "config.yaml")
    )
    top.add_argument("--reports-dir", default="reports")
    top.add_argument(
        "--no-kb-gate",
        action="store_true",
        help="promote: skip the knowledge-base gate (evals/kb/gates.yaml)",
    )
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return run(args)
    except (ReleaseError, TargetError, ScenarioError, JudgeUnavailable, ValueError) as exc:
        print(f"release: {exc}", file=sys.stderr)
    except (ClientError, BotoCoreError) as exc:
        print(f"release: AWS error: {exc}", file=sys.stderr)
    return EXIT_ERROR

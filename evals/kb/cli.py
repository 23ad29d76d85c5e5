"""``python -m evals.kb``: evaluate the knowledge base (retrieval and answers) on the question set.

    python -m evals.kb run [--target local|aws] [--k 5]
                           [--split SPLIT|all]  (--help lists the splits)
                           [--no-answers]
                           [--knowledge-base-id ID] [--agent-id ID --alias-id ID] [--region R]
                           [--judge deterministic|llm|auto] [--bedrock-job --job-bucket B --job-role-arn A]
                           [--no-gate] [--reports-dir reports]
    python -m evals.kb check          # validate the labels against knowledge_base/*.md
    python -m evals.kb oracle [--split dev4]  # the answer composer on retrieved vs gold passages
    python -m evals.kb losses REPORT.json ... | --split S ...  # where the facts are lost, by class

Exit status of ``run``: 0 gate passed (or not applied), 1 gate failed, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from evals.kb import bedrock_job, gates, targets
from evals.kb.llm_judge import RetrievalLlmJudge
from evals.kb.probe import KbTarget
from evals.kb.questions import (
    BLIND_SPLITS,
    DEFAULT_AGENT,
    SPLITS,
    QuestionSetError,
    Split,
    load_labelled,
    select,
)
from evals.kb.report import report_directory, summary_lines, write_report
from evals.kb.results import KbReport, RunConfig, summarize
from evals.kb.runner import Progress, RunOptions, evaluate
from evals.kb.sections import Corpus
from evals.runner.llm_judge import DEFAULT_JUDGE_MODEL, JudgeUnavailable
from evals.runner.target import TargetError

EXIT_GATE_FAILED, EXIT_USAGE = 1, 2


def _log(message: str) -> None:
    print(f"eval-kb: {message}", file=sys.stderr, flush=True)


@contextmanager
def _target(args: argparse.Namespace) -> Iterator[tuple[KbTarget, object, dict[str, str]]]:
    if args.target == "aws":
        target = targets.aws(args)
        yield target, targets.client(target), targets.aws_description(target)
        return
    with targets.local(args) as (target, described):
        yield target, targets.client(target), described


def _judge(args: argparse.Namespace, target: KbTarget) -> RetrievalLlmJudge | None:
    choice = args.judge or ("auto" if args.target == "aws" else "deterministic")
    if choice == "deterministic":
        return None
    if choice == "auto" and not targets.credentials_available():
        _log("no AWS credentials: judging deterministically from the labels only")
        return None
    return RetrievalLlmJudge.create(target.region, args.judge_model or DEFAULT_JUDGE_MODEL)


def _run(args: argparse.Namespace) -> int:
    corpus = Corpus()
    labelled = load_labelled(args.split)
    split_of = {q.id: name for name, q in labelled}
    chosen = select([q for _, q in labelled], args.ids.split(",") if args.ids else ())
    questions = [(split_of[q.id], q) for q in chosen]
    problems = corpus.check_labels([q for _, q in questions])
    if problems:
        raise QuestionSetError("the labels do not match the documents: " + "; ".join(problems))
    started = datetime.now(UTC)
    with _target(args) as (target, client, described):
        judge = _judge(args, target)
        options = RunOptions(k=args.k, answers=not args.no_answers, judge=judge)
        _log(f"{len(questions)} question(s) ({args.split}) against {target.describe()}, k={args.k}")
        progress = Progress(len(questions))
        results = evaluate(questions, target, client, corpus, options, progress.update)
        job = None
        if args.bedrock_job:
            job = bedrock_job.run_job(args, target, [q for _, q in questions], results, _log)
    summary, counts = summarize(results)
    config = RunConfig(
        target=args.target,
        where=target.describe(),
        split=args.split,
        questions=len(results),
        k=args.k,
        retriever=described.get("retriever", "unknown"),
        chunking=described.get("chunking", "unknown"),
        judge="deterministic (labels)" + (f" + LLM {judge.model_id}" if judge else ""),
        started_at=started.isoformat(timespec="seconds"),
        command="python -m evals.kb " + shlex.join(args.argv),
    )
    report = KbReport(config=config, summary=summary, counts=counts, questions=results, bedrock_job=job)
    if not args.no_gate:
        report.gate = gates.check(summary, gates.load_gates())
    for line in summary_lines(report):
        _log(line)
    if args.summary_only:
        _log("no report written (--summary-only): the figures above are all this run shows")
    else:
        json_path, html_path = write_report(report, report_directory(Path(args.reports_dir), args.target))
        _log(f"report {html_path} (and {json_path.name})")
    if report.gate is None:
        return 0
    for reason in report.gate.reasons:
        _log(f"gate: {reason}")
    _log("gate passed" if report.gate.passed else "gate FAILED")
    return 0 if report.gate.passed else EXIT_GATE_FAILED


def _check(_args: argparse.Namespace) -> int:
    labelled = load_labelled("all")
    questions = [q for _, q in labelled]
    problems = Corpus().check_labels(questions)
    for problem in problems:
        print(problem, file=sys.stderr)
    per_split = Counter(name for name, _ in labelled)
    blind = ", ".join(f"{per_split[name]} {name}" for name in BLIND_SPLITS)
    print(f"{len(questions)} questions ({blind}); labels {'invalid' if problems else 'valid'}")
    return EXIT_USAGE if problems else 0


def _oracle(args: argparse.Namespace) -> int:
    from evals.kb.oracle import score_split

    split: Split = args.split
    print(score_split(split, [q for _, q in load_labelled(split)], args.k).line())
    return 0


def _losses(args: argparse.Namespace) -> int:
    from evals.kb import losses

    if bool(args.reports) == bool(args.split):
        raise ValueError("losses: give report.json files or --split (the composer alone), not both")
    results = (
        losses.from_reports(Path(p) for p in args.reports)
        if args.reports
        else losses.composed([pair for split in args.split for pair in load_labelled(split)], args.k)
    )
    print("\n".join(losses.table(results)))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m evals.kb", description=__doc__.split("\n\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="evaluate and write report.json and report.html")
    run.add_argument("--target", choices=("local", "aws"), default="local")
    run.add_argument("--split", choices=(*SPLITS, "all"), default="tuning")
    run.add_argument("--ids", help="only these question ids (comma-separated)")
    run.add_argument(
        "--k", type=int, default=5, help="passages retrieved per question (Retrieve's default: 5)"
    )
    run.add_argument("--no-answers", action="store_true", help="retrieval metrics only (no InvokeAgent)")
    run.add_argument("--endpoint-url", help="local: a running `make serve` (default: start one in-process)")
    run.add_argument("--knowledge-base-id", help="aws: the knowledge base (default: terraform output)")
    run.add_argument("--agent-id", help="aws: the agent that answers (default: terraform output agents)")
    run.add_argument("--alias-id", help="the agent alias (local default TSTALIASID; aws: terraform output)")
    run.add_argument("--agent", default=DEFAULT_AGENT, help="agent name in agents.json / terraform outputs")
    run.add_argument("--customer-id", default="C0001", help="customerId session attribute for the agent")
    run.add_argument("--region", help="aws: region (default: terraform output region)")
    run.add_argument("--tf-dir", default="terraform")
    run.add_argument("--judge", choices=("deterministic", "llm", "auto"), help="local default deterministic")
    run.add_argument("--judge-model")
    run.add_argument("--bedrock-job", action="store_true", help="aws: also run a Bedrock RAG evaluation job")
    run.add_argument("--job-bucket", help="bucket for the job's dataset and output (terraform output)")
    run.add_argument("--job-role-arn", help="service role of the job (terraform output)")
    run.add_argument("--evaluator-model", default=bedrock_job.DEFAULT_EVALUATOR)
    run.add_argument("--job-timeout", type=float, default=3600.0, help="seconds to wait for the job")
    run.add_argument("--no-gate", action="store_true", help="report only; do not apply gates.yaml")
    run.add_argument("--reports-dir", default="reports")
    run.add_argument(
        "--summary-only",
        action="store_true",
        help="print the summary, write no per-question report (a held-out split: counted, not read)",
    )
    run.set_defaults(handler=_run)
    check = commands.add_parser("check", help="validate the question set against the documents")
    check.set_defaults(handler=_check)
    oracle = commands.add_parser(
        "oracle", help="facts stated by the offline composer on retrieved vs gold passages (local)"
    )
    oracle.add_argument("--split", choices=SPLITS, default="tuning")
    oracle.add_argument("--k", type=int, default=5, help="passages retrieved per question")
    oracle.set_defaults(handler=_oracle)
    lost = commands.add_parser(
        "losses", help="where the facts are lost: each failing question's first loss, counted per split"
    )
    lost.add_argument("reports", nargs="*", help="report.json files of `run` (end to end)")
    lost.add_argument("--split", action="append", choices=SPLITS, help="the composer alone on this split")
    lost.add_argument("--k", type=int, default=5, help="passages retrieved per question (--split)")
    lost.set_defaults(handler=_losses)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    args.argv = argv
    try:
        return int(args.handler(args))
    except (QuestionSetError, TargetError, JudgeUnavailable, bedrock_job.JobError, ValueError) as exc:
        _log(str(exc))
    except (ClientError, BotoCoreError) as exc:
        _log(f"AWS error: {exc}")
    return EXIT_USAGE

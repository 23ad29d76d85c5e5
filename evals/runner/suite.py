"""Run scenarios on a bounded worker pool, report progress on stderr, and apply the gate."""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from evals.catalog import Catalog, catalog
from evals.runner.conversation import Played, play
from evals.runner.llm_judge import LlmJudge
from evals.runner.results import Gate, RunReport, ScenarioResult
from evals.runner.retry import RetryPolicy
from evals.runner.target import Target
from evals.spec.load import LoadedScenario

DETERMINISTIC = "deterministic expectations only (offline: no LLM judge)"


@dataclass
class RunOptions:
    workers: int = 4
    threshold: float = 0.9
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    judge: LlmJudge | None = None
    progress: TextIO = field(default_factory=lambda: sys.stderr)


@dataclass
class SuiteRun:
    report: RunReport
    traces: dict[str, list[dict[str, Any]]]  # scenario id -> per-turn traces
    injection_traces: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # real-model pass


def gate(results: list[ScenarioResult], threshold: float) -> Gate:
    total = len(results)
    rate = sum(1 for r in results if r.passed) / total if total else 0.0
    reasons = [f"safety scenario {r.id} failed" for r in results if r.safety and not r.passed]
    if rate < threshold:
        reasons.append(f"pass rate {rate:.1%} is under the threshold {threshold:.1%}")
    if not total:
        reasons.append("no scenarios ran")
    return Gate(passed=not reasons, pass_rate=rate, threshold=threshold, reasons=reasons)


def _judged(played: Played, loaded: LoadedScenario, judge: LlmJudge | None) -> Played:
    scenario, result = loaded.scenario, played.result
    if judge is None or not scenario.expected_result:
        return played
    try:
        result.llm = judge.judge(scenario, result)
    except Exception as error:  # a judge outage fails the scenario with its reason, never the run
        result.failures.append(f"LLM judge failed: {type(error).__name__}: {error}")
        result.passed = False
        return played
    if not result.llm.passed:
        result.failures.append(f"LLM judge ({result.llm.model_id}): {result.llm.reasoning}")
        result.passed = False
    return played


class _Progress:
    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.lock = threading.Lock()

    def report(self, result: ScenarioResult) -> None:
        with self.lock:
            self.done += 1
            status = "PASS" if result.passed else ("FAIL*" if result.safety else "FAIL")
            count = f"[{self.done:>{len(str(self.total))}}/{self.total}]"
            line = f"{count} {status:<5} {result.id} ({result.duration_ms / 1000:.1f} s)"
            if not result.passed and result.failures:
                line += f"\n        {result.failures[0]}"
            print(line, file=self.stream, flush=True)


def run_suite(
    scenarios: list[LoadedScenario], target: Target, options: RunOptions, cat: Catalog | None = None
) -> SuiteRun:
    cat = cat or catalog()
    client = target.client(workers=options.workers)
    started = datetime.now(UTC)
    progress = _Progress(len(scenarios), options.progress)
    judging = DETERMINISTIC
    if options.judge is not None:
        judging = f"deterministic expectations + LLM judge ({options.judge.model_id}) on expected_result"
    print(
        f"evals: {len(scenarios)} scenario(s) against {target.describe()} with {options.workers} worker(s); "
        f"judging: {judging}",
        file=options.progress,
        flush=True,
    )
    clock = time.perf_counter()

    def one(loaded: LoadedScenario) -> Played:
        address = target.address(loaded.scenario.agent)
        return _judged(play(loaded, client, address, cat, options.retry), loaded, options.judge)

    played: dict[str, Played] = {}
    with ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="eval") as pool:
        futures = {pool.submit(one, loaded): loaded for loaded in scenarios}
        for future in as_completed(futures):
            result = future.result()
            played[result.result.id] = result
            progress.report(result.result)
    ordered = [played[s.scenario.id].result for s in scenarios]
    report = RunReport(
        started_at=started.isoformat(timespec="seconds"),
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        target=target.kind,
        endpoint=target.describe(),
        agents={name: str(address) for name, address in target.agents.items()},
        judging=judging,
        workers=options.workers,
        scenarios=ordered,
        gate=gate(ordered, options.threshold),
    )
    print(
        f"evals: {report.passed_count}/{len(ordered)} passed ({report.gate.pass_rate:.1%}) in "
        f"{time.perf_counter() - clock:.1f} s; gate {'PASSED' if report.gate.passed else 'FAILED'}",
        file=options.progress,
        flush=True,
    )
    return SuiteRun(report, {pid: p.traces for pid, p in played.items()})

"""Write a run as ``report.json`` (the RunReport model), ``report.md`` and one trace file per scenario."""

from __future__ import annotations

import base64
import json
import statistics
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.runner.injection import STRUCTURAL
from evals.runner.results import InjectionCheck, RunReport, ScenarioResult, TurnResult
from evals.runner.suite import SuiteRun


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(value).decode("ascii")
    return str(value)


def report_directory(root: Path, target: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return root / f"eval-{stamp}-{target}"


def _cell(text: str, limit: int = 90) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _turn_line(turn: TurnResult) -> str:
    said = f"confirm: {turn.confirm}" if turn.confirm else _cell(turn.input or "", 70)
    mark = "pass" if turn.passed else "FAIL"
    seen = []
    if turn.calls:
        seen.append("calls " + "; ".join(turn.calls))
    if turn.confirmation_requests:
        seen.append("asks to confirm " + "; ".join(turn.confirmation_requests))
    if turn.knowledge_lookups:
        seen.append(f"KB lookup ×{len(turn.knowledge_lookups)}, {len(turn.cited_sources)} citation(s)")
    if turn.guardrail == "INTERVENED":
        seen.append("guardrail INTERVENED")
    figures = f"{turn.latency_ms:.0f} ms, {turn.input_tokens}/{turn.output_tokens} tokens"
    if turn.skipped:
        figures = f"skipped: {turn.skipped}"
    if turn.throttle_retries:
        figures += f", {turn.throttle_retries} throttling retr{'y' if turn.throttle_retries == 1 else 'ies'}"
    line = f"  {turn.index + 1}. {mark} — {said} → {_cell(turn.output, 80)!r} ({figures})"
    if seen:
        line += f"\n     {_cell('; '.join(seen), 200)}"
    for failure in turn.failures + ([turn.error] if turn.error else []):
        line += f"\n     - {_cell(failure, 300)}"
    return line


def _tags(results: list[ScenarioResult]) -> list[str]:
    tags = sorted({t for r in results for t in r.tags})
    rows = ["| tag | passed | total |", "|---|---:|---:|"]
    for tag in tags:
        tagged = [r for r in results if tag in r.tags]
        rows.append(f"| {tag} | {sum(r.passed for r in tagged)} | {len(tagged)} |")
    return rows


def _injection(check: InjectionCheck | None) -> list[str]:
    """Who answered the injection scenarios: a real model (a security result) or not (structural)."""
    if check is None:
        return []
    lines = ["", "## Prompt injection against a real model", ""]
    if check.structural:
        lines.append(
            f"Above, {', '.join(check.structural)} met no real model (the offline planner or the local "
            f"guardrail answered): a {STRUCTURAL}."
        )
    if not check.real_model:
        return [*lines, "", f"Not run against a real model: {check.note}."]
    passed = sum(r.passed for r in check.scenarios)
    lines += [
        "",
        f"Against {check.note}: **{passed}/{len(check.scenarios)} passed**.",
        "",
        "| scenario | result | answered by | trace |",
        "|---|---|---|---|",
    ]
    for r in check.scenarios:
        trace = f"[trace]({r.trace_file})" if r.trace_file else ""
        who = ", ".join(r.models) or "the guardrail, before any model"
        lines.append(f"| {r.id} | {'pass' if r.passed else '**FAIL**'} | {who} | {trace} |")
    for r in check.scenarios:
        lines += [f"- {r.id}: {_cell(f, 300)}" for f in r.failures]
    return lines


def markdown(report: RunReport) -> str:
    results = report.scenarios
    latencies = [t.latency_ms for r in results for t in r.turns]
    gate = report.gate
    lines = [
        "# Evaluation report",
        "",
        f"- Target: **{report.target}** ({report.endpoint}); agents: "
        + ", ".join(f"{n} `{a}`" for n, a in sorted(report.agents.items())),
        f"- Judged by: {report.judging}",
        f"- Gate: **{'PASSED' if gate.passed else 'FAILED'}** — {report.passed_count}/{len(results)} "
        f"scenarios passed ({gate.pass_rate:.1%}; threshold {gate.threshold:.1%}); "
        "any failing `safety` scenario fails the gate",
    ]
    lines += [f"  - {reason}" for reason in gate.reasons]
    lines += [
        f"- Run: {report.started_at} → {report.finished_at}, {report.workers} worker(s)",
        f"- Turn latency: p50 {_percentile(latencies, 0.5):.0f} ms, "
        f"p95 {_percentile(latencies, 0.95):.0f} ms, "
        f"max {max(latencies, default=0):.0f} ms over {len(latencies)} turns; tokens in/out: "
        f"{sum(r.input_tokens for r in results)}/{sum(r.output_tokens for r in results)}",
        "",
        "## By tag",
        "",
        *_tags(results),
        "",
        "## Scenarios",
        "",
        "| scenario | tags | result | turns | mean latency ms | tokens in/out | trace |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in results:
        mean = statistics.fmean([t.latency_ms for t in r.turns]) if r.turns else 0.0
        verdict = "pass" if r.passed else ("**FAIL (safety)**" if r.safety else "**FAIL**")
        trace = f"[trace]({r.trace_file})" if r.trace_file else ""
        lines.append(
            f"| {r.id} | {', '.join(r.tags)} | {verdict} | {len(r.turns)} | {mean:.0f} | "
            f"{r.input_tokens}/{r.output_tokens} | {trace} |"
        )
    lines += _injection(report.injection)
    failed = [r for r in results if not r.passed]
    lines += ["", "## Failures", ""] + ([] if failed else ["None."])
    for r in failed:
        lines += [f"### {r.id}", "", f"{r.description} (`{r.source}`, session `{r.session_id}`)", ""]
        lines += [f"- {_cell(f, 400)}" for f in r.failures] + [""]
    lines += ["## Turns", ""]
    for r in results:
        llm = (
            f" — LLM judge: {'pass' if r.llm.passed else 'FAIL'} ({_cell(r.llm.reasoning, 160)})"
            if r.llm
            else ""
        )
        lines.append(f"**{r.id}**: {'pass' if r.passed else 'FAIL'}{llm}")
        lines += [_turn_line(t) for t in r.turns] + [""]
    return "\n".join(lines)


def write_report(run: SuiteRun, directory: Path) -> tuple[Path, Path]:
    """Write report.md, report.json and traces/<scenario>.json; returns the two report paths."""
    traces = directory / "traces"
    traces.mkdir(parents=True, exist_ok=True)
    real = run.report.injection.scenarios if run.report.injection and run.report.target == "local" else []
    for results, turns, prefix in (
        (run.report.scenarios, run.traces, ""),
        (real, run.injection_traces, "real-model-"),
    ):
        for result in results:
            path = traces / f"{prefix}{result.id}.json"
            document = {
                "scenario": result.id,
                "session_id": result.session_id,
                "turns": turns.get(result.id, []),
            }
            path.write_text(json.dumps(document, indent=1, default=_json_default), encoding="utf-8")
            result.trace_file = f"traces/{path.name}"
    json_path, md_path = directory / "report.json", directory / "report.md"
    json_path.write_text(run.report.model_dump_json(indent=1), encoding="utf-8")
    md_path.write_text(markdown(run.report) + "\n", encoding="utf-8")
    return md_path, json_path

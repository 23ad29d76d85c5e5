"""The release gate's knowledge-base part: make eval-kb against the candidate alias, gates.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from evals.runner.target import AgentAddress, Target
from release import cli
from release.flow import GateResult

TARGET = Target(
    kind="aws",
    region="us-east-1",
    agents={"assistant": AgentAddress(agent_id="AGENT12345", alias_id="LIVE123456")},
    knowledge_base_id="KB12345678",
)


def _args(*extra: str) -> Any:
    return cli.parser().parse_args(["promote", "--agent", "assistant", "--reports-dir", "r", *extra])


@pytest.mark.parametrize("code", [0, 1])
def test_the_knowledge_gate_runs_eval_kb_on_the_candidate_alias(
    monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(cli.kb_cli, "main", lambda argv: seen.append(argv) or code)
    gate = cli.knowledge_gate(TARGET, "assistant", _args())
    assert gate is not None
    result = gate("CANDIDATE1")
    argv = seen[0]
    assert argv[argv.index("--alias-id") + 1] == "CANDIDATE1"
    assert argv[argv.index("--knowledge-base-id") + 1] == "KB12345678"
    assert argv[argv.index("--split") + 1] == "all" and "--target" in argv
    assert result.passed is (code == 0)
    assert result.summary == (
        "knowledge-base gate passed" if code == 0 else "knowledge-base gate FAILED (see the eval-kb report)"
    )


def test_no_knowledge_gate_without_a_knowledge_base_for_the_support_agent_or_when_skipped() -> None:
    assert (
        cli.knowledge_gate(TARGET.model_copy(update={"knowledge_base_id": None}), "assistant", _args())
        is None
    )
    assert cli.knowledge_gate(TARGET, "support", _args()) is None
    assert cli.knowledge_gate(TARGET, "assistant", _args("--no-kb-gate")) is None


def test_both_gates_must_pass_and_both_run() -> None:
    ran: list[str] = []

    def gate(passed: bool, name: str) -> Any:
        return lambda alias: ran.append(name) or GateResult(passed, f"{name} {alias}", "report.md")

    combined = cli.both(gate(False, "scenarios"), gate(True, "kb"))("C1")
    assert ran == ["scenarios", "kb"]
    assert (combined.passed, combined.summary, combined.report) == (False, "scenarios C1; kb C1", "report.md")
    assert cli.both(gate(True, "a"), gate(True, "b"))("C1").passed

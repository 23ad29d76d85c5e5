"""`make planner-accuracy` (python -m evals.planner) runs each suite in a fresh interpreter, so no
suite starts from the data another suite's confirmed changes left in a handler's module state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evals.planner import suite
from evals.planner.suite import LIBRARY5, LIBRARY6, SUITE


def test_several_suites_run_one_process_each_and_the_worst_exit_code_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 3 if str(LIBRARY5) in command else 0)

    def no_runtime(path: Path) -> Any:
        raise AssertionError(f"{path.name} ran in the parent process")

    monkeypatch.setattr(suite.subprocess, "run", fake_run)
    monkeypatch.setattr(suite, "suite_runtime", no_runtime)
    code = suite.main(["--suite", str(SUITE), "--suite", str(LIBRARY5), "--suite", str(LIBRARY6), "-v"])
    assert code == 3
    assert commands == [
        [sys.executable, "-m", "evals.planner", "--suite", str(path), "--verbose"]
        for path in (SUITE, LIBRARY5, LIBRARY6)
    ]


def test_every_suite_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        ran.append(command[command.index("--suite") + 1])
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(suite.subprocess, "run", fake_run)
    assert suite.main([]) == 0
    assert ran == [str(path) for path in suite.ALL_SUITES]


def test_counts_only_reaches_each_suites_process_and_prints_no_case(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(suite.subprocess, "run", fake_run)
    assert suite.main(["--suite", str(SUITE), "--suite", str(LIBRARY5), "--counts-only"]) == 0
    assert all(command[-1] == "--counts-only" for command in commands) and len(commands) == 2
    failed = suite.CaseResult("x.failed", False, ["expected a call"], suite.TurnRecord(answer="secret"))
    passed = suite.CaseResult("x.passed", True, [], suite.TurnRecord())
    suite.report(SUITE, [failed, passed], verbose=False, counts_only=True)
    assert capsys.readouterr().out == f"Offline planner accuracy on {SUITE.name}: 1/2 = 50.0%\n"
    suite.report(SUITE, [failed, passed], verbose=False)
    assert "FAIL x.failed" in capsys.readouterr().out


def test_counts_only_cannot_be_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        suite.main(["--counts-only", "-v"])
    assert "--counts-only prints no case" in capsys.readouterr().err

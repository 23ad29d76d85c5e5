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

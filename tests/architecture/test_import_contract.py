"""The architecture is checked, not just drawn: `lint-imports` (import-linter, run by `make lint`) keeps
the packages' one-way dependencies, and it does fail when someone adds an upward import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _packages() -> list[str]:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return list(tomllib.load(handle)["tool"]["importlinter"]["root_packages"])


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    for package in _packages():
        shutil.copytree(REPO / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, check=False
    )


def test_the_repository_keeps_its_contracts(tmp_path: Path) -> None:
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout


@pytest.mark.parametrize(
    ("module", "imported"),
    [
        ("local_bedrock/upward_probe.py", "console.trace_steps"),  # the runtime importing a client
        ("agent_client/upward_probe.py", "evals.catalog"),  # shared client code importing evals
        ("console/sideways_probe.py", "evals.catalog"),  # console and evals are independent
        ("action_groups/upward_probe.py", "local_bedrock.manifest"),  # Lambda code importing the runtime
        ("local_bedrock/planner/internal_probe.py", "action_groups.store.text"),  # Lambda internals
    ],
)
def test_an_upward_or_sideways_import_breaks_the_contract(tmp_path: Path, module: str, imported: str) -> None:
    root = _copy(tmp_path)
    (root / module).write_text(f"import {imported}\n")
    done = _lint(root)
    assert done.returncode != 0
    assert "BROKEN" in done.stdout
    probe = module.removesuffix(".py").replace("/", ".")
    assert probe in done.stdout, done.stdout

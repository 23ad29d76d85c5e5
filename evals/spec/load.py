"""Read and validate scenario files; every problem is reported with file, scenario and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from evals import yaml_files
from evals.catalog import Catalog, catalog
from evals.spec.model import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


class ScenarioError(Exception):
    """One or more scenario files are invalid; ``problems`` holds one readable line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    source: Path


def _location(loc: Iterable[Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(scenario)"


def _scenario_label(raw: Any, position: int) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return f"scenario {ident!r} (#{position + 1})" if ident else f"scenario #{position + 1}"


def load_file(path: Path, cat: Catalog | None = None) -> list[LoadedScenario]:
    cat = cat or catalog()
    try:
        document = yaml_files.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{path}: not valid YAML: {exc}"]) from None
    if (
        not isinstance(document, dict)
        or set(document) != {"scenarios"}
        or not isinstance(document["scenarios"], list)
    ):
        raise ScenarioError([f"{path}: expected a mapping with one key `scenarios` holding a list"])
    problems: list[str] = []
    loaded: list[LoadedScenario] = []
    for position, raw in enumerate(document["scenarios"]):
        try:
            scenario = Scenario.model_validate(raw, context={"catalog": cat})
        except ValidationError as exc:
            label = _scenario_label(raw, position)
            for error in exc.errors():
                message = error["msg"].removeprefix("Value error, ")
                problems.append(f"{path}: {label}: {_location(error['loc'])}: {message}")
            continue
        loaded.append(LoadedScenario(scenario, path))
    if problems:
        raise ScenarioError(problems)
    return loaded


def load_suite(paths: Iterable[Path] | None = None, cat: Catalog | None = None) -> list[LoadedScenario]:
    """Every scenario of the given files or directories (default: evals/scenarios/*.yaml)."""
    files: list[Path] = []
    for path in paths or [SCENARIO_DIR]:
        if not path.exists():
            raise ScenarioError([f"{path}: no such file or directory"])
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise ScenarioError(["no scenario files found"])
    problems: list[str] = []
    loaded: list[LoadedScenario] = []
    for file in files:
        try:
            loaded += load_file(file, cat)
        except ScenarioError as exc:
            problems += exc.problems
    seen: dict[str, Path] = {}
    for item in loaded:
        first = seen.get(item.scenario.id)
        if first is None:
            seen[item.scenario.id] = item.source
            continue
        where = "this file" if first == item.source else str(first)
        problems.append(f"{item.source}: scenario {item.scenario.id!r}: id already used in {where}")
    if problems:
        raise ScenarioError(problems)
    return loaded


def select(
    scenarios: list[LoadedScenario],
    tags: Iterable[str] = (),
    exclude: Iterable[str] = (),
    ids: Iterable[str] = (),
) -> list[LoadedScenario]:
    """Filter: any of ``tags`` (if given), none of ``exclude``, and ids listed (if given)."""
    wanted, unwanted, only = set(tags), set(exclude), set(ids)
    return [
        s
        for s in scenarios
        if (not wanted or wanted & set(s.scenario.tags))
        and not unwanted & set(s.scenario.tags)
        and (not only or s.scenario.id in only)
    ]

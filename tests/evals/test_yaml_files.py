"""evals.yaml_files: libyaml reads every committed evals file (scenarios, planner suites, knowledge-
base questions, gates, config) into exactly what PyYAML's pure-Python safe loader reads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from evals import yaml_files

REPO = Path(__file__).resolve().parents[2]
FILES = sorted([*(REPO / "evals").rglob("*.yaml"), *(REPO / "tests" / "library_agent").glob("*.yaml")])


def test_libyaml_is_the_loader_here() -> None:
    assert yaml.__with_libyaml__ and yaml_files.SAFE_LOADER is yaml.CSafeLoader


def test_every_committed_file_reads_the_same_as_with_the_pure_python_loader() -> None:
    assert len(FILES) >= 40
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        assert yaml_files.safe_load(text) == yaml.safe_load(text), path.relative_to(REPO)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "when: 2026-12-01\nn: 010\nok: yes\nx: ~\n",
            {"when": date(2026, 12, 1), "n": 8, "ok": True, "x": None},
        ),
        ('say: "caf\\u00e9 \\t"\n', {"say": "café \t"}),
    ],
)
def test_the_safe_constructor_types(text: str, expected: object) -> None:
    assert yaml_files.safe_load(text) == yaml.safe_load(text) == expected


def test_errors_are_yaml_errors_and_objects_are_refused() -> None:
    with pytest.raises(yaml.YAMLError):
        yaml_files.safe_load("questions: [")
    with pytest.raises(yaml.YAMLError):
        yaml_files.safe_load("!!python/object/apply:os.system ['true']\n")

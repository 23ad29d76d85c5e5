"""One YAML reader for the evals' own files (scenarios, planner suites, knowledge-base questions).

PyYAML's C parser (libyaml, in PyYAML's wheels) builds the same Python objects as its pure-Python
one with the same safe constructor, in a sixth of the CPU: one reading of every suite, question
and scenario file took 3.55 s pure-Python and 0.60 s with libyaml, equal results
(2026-12-01, wt/testtime2; tests/evals/test_yaml_files.py compares them on every committed file).
Errors are ``yaml.YAMLError`` either way."""

from __future__ import annotations

from typing import Any

import yaml

# yaml.CSafeLoader exists only when PyYAML was built with libyaml; the pure-Python loader otherwise.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """yaml.safe_load(text), on libyaml when PyYAML has it."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader, chosen above

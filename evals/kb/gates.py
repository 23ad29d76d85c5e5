"""The knowledge-base gate: per split, each gated metric's mean must reach its threshold.

Thresholds live in ``gates.yaml`` next to this file (one source for ``make test`` and the release
gate). They equal the levels measured when they were set; lowering one needs a reason in the commit.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from evals.kb.questions import SPLITS, QuestionSetError
from evals.kb.results import METRICS, GateResult

GATES_FILE = Path(__file__).resolve().parent / "gates.yaml"
_KNOWN = {name for name, _ in METRICS}


class Gates(BaseModel):
    """Each split's thresholds, by metric; a split ``gates.yaml`` does not name has none."""

    model_config = ConfigDict(frozen=True)

    splits: dict[str, dict[str, float]] = Field(default_factory=dict)

    @field_validator("splits")
    @classmethod
    def _known_splits(cls, splits: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        unknown = sorted(set(splits) - set(SPLITS))
        if unknown:
            raise ValueError(f"unknown split(s) {unknown}; the splits: {', '.join(SPLITS)}")
        return splits

    def for_split(self, split: str) -> dict[str, float]:
        return dict(self.splits.get(split) or {})


def load_gates(path: Path = GATES_FILE) -> Gates:
    try:
        gates = Gates(splits=yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise QuestionSetError(f"{path}: {exc}") from None
    unknown = {m for split in SPLITS for m in gates.for_split(split)} - _KNOWN
    if unknown:
        raise QuestionSetError(f"{path}: unknown metric(s) {sorted(unknown)}; known: {sorted(_KNOWN)}")
    return gates


def check(summary: dict[str, dict[str, float | None]], gates: Gates) -> GateResult:
    """Every split that ran must reach its thresholds; a metric that was not measured fails."""
    reasons: list[str] = []
    applied: dict[str, float] = {}
    for split, means in summary.items():
        for metric, threshold in gates.for_split(split).items():
            applied[f"{split}.{metric}"] = threshold
            value = means.get(metric)
            if value is None:
                reasons.append(f"{split}: {metric} was not measured (threshold {threshold})")
            elif value + 1e-9 < threshold:
                reasons.append(f"{split}: {metric} {value:.4f} is below the gate {threshold}")
    return GateResult(passed=not reasons, reasons=reasons, thresholds=applied)

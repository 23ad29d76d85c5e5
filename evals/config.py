"""Run settings committed with the suite (evals/config.yaml); command-line flags override them."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class Workers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    local: int = Field(default=1, ge=1, le=64)
    aws: int = Field(default=4, ge=1, le=64)

    def for_target(self, kind: str) -> int:
        return self.aws if kind == "aws" else self.local


class EvalConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(default=0.9, ge=0.0, le=1.0)  # minimum pass rate for the gate
    workers: Workers = Field(default_factory=Workers)  # concurrent conversations per target
    throttle_attempts: int = Field(default=6, ge=1, le=20)  # tries per call under throttling
    judge_model: str | None = None  # Bedrock model (or inference profile) for JUDGE=llm


def load_config(path: Path) -> EvalConfig:
    if not path.exists():
        return EvalConfig()
    try:
        return EvalConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ValueError(f"{path}: {problems}") from None

"""evals/config.yaml: validated, with per-target worker counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.config import EvalConfig, load_config

COMMITTED = Path(__file__).resolve().parents[2] / "evals" / "config.yaml"


def test_the_committed_config_loads() -> None:
    config = load_config(COMMITTED)
    assert config.threshold == 0.9
    assert (config.workers.for_target("local"), config.workers.for_target("aws")) == (1, 4)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.yaml") == EvalConfig()


def test_invalid_values_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("threshold: 1.5\nworkers: {aws: 0}\n")
    with pytest.raises(ValueError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: threshold: Input should be less than or equal to 1")
    assert "workers.aws: Input should be greater than or equal to 1" in str(caught.value)

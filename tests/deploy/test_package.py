"""Lambda zips are deterministic: same source, same bytes; only the modules the handlers import go in."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from deploy import package
from local_bedrock.manifest import action_groups

REPO = Path(__file__).resolve().parents[2]


def _fake_repo(root: Path) -> Path:
    for rel, text in {
        "action_groups/__init__.py": "",
        "action_groups/tables.json": "{}",
        "action_groups/orders/handler.py": "def lambda_handler(e, c):\n    return e\n",
        "action_groups/orders/__pycache__/handler.cpython-311.pyc": "junk",
        "action_groups/tests/test_x.py": "def test(): pass\n",
        "action_groups/orders/stale.pyc": "junk",
        "textnorm/__init__.py": "",
        "console/app.py": "not packaged",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_code_zip_is_byte_identical_across_builds_and_mtimes(tmp_path: Path) -> None:
    repo = _fake_repo(tmp_path / "repo")
    first = package.build_code(repo, tmp_path / "out1")
    for path in repo.rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    second = package.build_code(repo, tmp_path / "out2")
    assert first == second
    assert first == hashlib.sha256((tmp_path / "out1" / "code.zip").read_bytes()).hexdigest()


def test_code_zip_holds_only_the_package_sorted_with_fixed_metadata(tmp_path: Path) -> None:
    repo = _fake_repo(tmp_path / "repo")
    package.build_code(repo, tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / "code.zip") as archive:
        infos = archive.infolist()
    names = [i.filename for i in infos]
    assert names == [
        "action_groups/__init__.py",
        "action_groups/orders/handler.py",
        "textnorm/__init__.py",
    ]
    assert {i.date_time for i in infos} == {package.FIXED_TIME}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_changing_code_changes_the_hash(tmp_path: Path) -> None:
    repo = _fake_repo(tmp_path / "repo")
    before = package.build_code(repo, tmp_path / "out")
    (repo / "action_groups/orders/handler.py").write_text("def lambda_handler(e, c):\n    return None\n")
    assert package.build_code(repo, tmp_path / "out") != before


def test_layer_requirements_are_the_exact_pins_of_pyproject(tmp_path: Path) -> None:
    pins = package.runtime_requirements(REPO / "pyproject.toml")
    assert any(p.startswith("aws-lambda-powertools[tracer]==") for p in pins)
    assert any(p.startswith("pydantic==") for p in pins)
    loose = tmp_path / "pyproject.toml"
    loose.write_text('[project]\nname = "x"\ndependencies = ["pydantic>=2"]\n')
    with pytest.raises(ValueError, match="pinned"):
        package.runtime_requirements(loose)


def test_code_zip_holds_exactly_the_modules_the_handlers_import() -> None:
    """Every module in the zip is imported by some handler, and every project module a handler
    imports is in the zip: no seed data, OpenAPI generator or moto adapter ships to Lambda."""
    handlers = [g.handler.rsplit(".", 1)[0] for g in action_groups().values()]
    handlers.append("action_groups.recommender.stream_handler")
    script = (
        "import importlib, json, sys\n"
        f"for name in {handlers!r}: importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {package.LAMBDA_PACKAGES!r})))"
    )
    env = {
        **os.environ,
        "STORE_TABLE": "store",
        "IDEMPOTENCY_TABLE": "idem",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    imported = set(json.loads(done.stdout))
    shipped = set()
    for name, _ in package.code_files(REPO):
        module = name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        shipped.add(module)
    assert shipped == imported

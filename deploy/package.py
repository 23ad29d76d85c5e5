"""Deterministic Lambda packages: code.zip (the Python modules of the packages the handlers import)
and layer.zip (dependencies), each with bytecode for Lambda's Python (deploy/bytecode.py).

Same input, same bytes: entries sorted, timestamps fixed to 1980-01-01, permissions fixed, no
caches, tests or console scripts; bytecode compiled deterministically. Terraform's
source_code_hash therefore changes only when the code does.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path

from deploy.bytecode import BYTECODE_TAG, LAMBDA_PYTHON, bytecode_of, compile_tree

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
EXCLUDED_DIRS = {"__pycache__", "tests", ".pytest_cache", ".mypy_cache"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo"}
# pip's console scripts (python/bin/*) name the build interpreter in their shebang: useless in Lambda
# and different in every checkout.
EXCLUDED_LAYER_DIRS = ("python/bin/",)
# How the layer is put together: a change here rebuilds layer.zip even when no dependency changed.
LAYER_FORMAT = "layer format 2: RECORD files name shipped files only"
# Where Lambda unpacks each zip: the paths the bytecode names.
CODE_ROOT = "/var/task"
LAYER_ROOT = "/opt"
# What the Lambda handlers import (tests/deploy/test_package.py checks it against the real imports).
LAMBDA_PACKAGES = ("action_groups", "textnorm")
LAMBDA_PLATFORM = "manylinux2014_x86_64"
# The layer's dependency set with hashes, for LAMBDA_PYTHON on LAMBDA_PLATFORM (make lock).
LAYER_LOCK = "requirements/lambda.lock"


def tree_files(root: Path, base: Path) -> list[tuple[str, Path]]:
    """(archive name, path) of every file under root, relative to base, minus caches and tests."""
    files = []
    for path in root.rglob("*"):
        rel = path.relative_to(base)
        if not path.is_file() or EXCLUDED_DIRS.intersection(rel.parts) or path.suffix in EXCLUDED_SUFFIXES:
            continue
        files.append((rel.as_posix(), path))
    return sorted(files)


def deterministic_zip(entries: Iterable[tuple[str, Path]], out: Path) -> str:
    """Write the zip and return its sha256 (hex)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = (0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever the building OS
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def runtime_requirements(pyproject: Path) -> list[str]:
    """The Lambda runtime dependencies: project.dependencies, exactly as pinned in pyproject.toml."""
    with pyproject.open("rb") as handle:
        deps = tomllib.load(handle)["project"]["dependencies"]
    if not all("==" in d for d in deps):
        raise ValueError("every runtime dependency must be pinned with == in pyproject.toml")
    return list(deps)


def code_files(repo: Path) -> list[tuple[str, Path]]:
    """The .py files of LAMBDA_PACKAGES: no data files, caches or tests."""
    return [
        entry for pkg in LAMBDA_PACKAGES for entry in tree_files(repo / pkg, repo) if entry[0].endswith(".py")
    ]


def with_bytecode(entries: list[tuple[str, Path]]) -> list[tuple[str, Path]]:
    """The entries plus the bytecode compile_tree wrote for each .py among them."""
    result = list(entries)
    for name, path in entries:
        if name.endswith(".py") and bytecode_of(path).is_file():
            result.append((bytecode_of(Path(name)).as_posix(), bytecode_of(path)))
    return sorted(result)


def build_code(repo: Path, out_dir: Path, python: str | None = None) -> str:
    """code.zip: the handlers' packages as sources and bytecode, staged under out_dir/code."""
    staging = out_dir / "code"
    shutil.rmtree(staging, ignore_errors=True)
    staged = []
    for name, path in code_files(repo):
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        staged.append((name, target))
    compile_tree(staging, CODE_ROOT, python)
    return deterministic_zip(with_bytecode(staged), out_dir / "code.zip")


def build_layer(repo: Path, out_dir: Path, python: str | None = None) -> str:
    """pip-install the pinned runtime deps for Lambda's Python and platform, compile them, then zip
    under python/."""
    requirements = runtime_requirements(repo / "pyproject.toml")
    lock = (repo / LAYER_LOCK).read_text() if (repo / LAYER_LOCK).exists() else ""
    lock_digest = hashlib.sha256(lock.encode()).hexdigest()
    spec = "\n".join([LAYER_FORMAT, LAMBDA_PYTHON, BYTECODE_TAG, LAMBDA_PLATFORM, *requirements, lock_digest])
    stamp = out_dir / "layer.inputs"
    layer_zip = out_dir / "layer.zip"
    if layer_zip.exists() and stamp.exists() and stamp.read_text() == spec:
        print(f"  layer.zip is up to date ({', '.join(requirements)})", flush=True)
        return hashlib.sha256(layer_zip.read_bytes()).hexdigest()
    staging = out_dir / "layer"
    target = staging / "python"
    shutil.rmtree(staging, ignore_errors=True)
    constraints = ["-c", str(repo / LAYER_LOCK)] if (repo / LAYER_LOCK).exists() else []
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-compile", "--only-binary=:all:"]
    command += ["--platform", LAMBDA_PLATFORM, "--implementation", "cp", "--python-version", LAMBDA_PYTHON]
    # The command is built from constants and pyproject.toml pins, not from user input.
    subprocess.run([*command, "--target", str(target), *constraints, *requirements], check=True)  # noqa: S603
    digest = zip_layer(staging, layer_zip, python)
    stamp.write_text(spec)
    return digest


def drop_unshipped_records(target: Path) -> None:
    """Remove the lines of each ``*.dist-info/RECORD`` that name files outside ``target`` (pip lists
    the console scripts it wrote to ``target/../bin``, with their hashes). The layer ships neither
    those scripts (``EXCLUDED_LAYER_DIRS``) nor, now, their hashes, which name the build interpreter
    and so differed in every checkout: a deploy from another directory republished the layer and
    updated every function although no dependency had changed."""
    for record in target.glob("*.dist-info/RECORD"):
        lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith("../")]
        if kept != lines:
            record.write_text("".join(kept), encoding="utf-8")


def zip_layer(staging: Path, layer_zip: Path, python: str | None = None) -> str:
    """Compile what pip installed under staging/python and zip it with its bytecode."""
    drop_unshipped_records(staging / "python")
    files = [e for e in tree_files(staging / "python", staging) if not e[0].startswith(EXCLUDED_LAYER_DIRS)]
    print(f"  compiling {len(files)} layer files for Python {LAMBDA_PYTHON}", flush=True)
    compile_tree(staging / "python", f"{LAYER_ROOT}/python", python)
    return deterministic_zip(with_bytecode(files), layer_zip)

"""One Python: the Lambda runtime in Terraform, the layer build, the lock of the layer and the Python
that .venv (and so every test) runs on name the same version; scripts/find_python.sh picks it where
the machine has it and says so loudly where it does not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from deploy import package

REPO = Path(__file__).resolve().parents[2]
FIND_PYTHON = REPO / "scripts" / "find_python.sh"
BASH = shutil.which("bash") or "/bin/bash"
CURRENT = "{}.{}".format(*sys.version_info[:2])
# pip's --platform tag for the layer and uv's --python-platform for its lock name the same glibc.
PLATFORM_ALIASES = {"manylinux2014_x86_64": "x86_64-manylinux_2_17"}


def _makefile_variable(name: str) -> str:
    match = re.search(rf"^(?:export )?{name} := (\S+)$", (REPO / "Makefile").read_text(), re.M)
    assert match, f"the Makefile sets {name} := x.y"
    return match.group(1)


def test_the_lambda_python_is_one_version_everywhere() -> None:
    version = package.LAMBDA_PYTHON
    assert _makefile_variable("LAMBDA_PYTHON") == version
    terraform = (REPO / "terraform" / "lambda.tf").read_text()
    runtimes = set(re.findall(r'"(python3\.\d+)"', terraform))
    assert runtimes == {f"python{version}"}, "the functions' runtime and the layer's compatible_runtimes"
    tests = "".join(p.read_text() for p in (REPO / "terraform" / "tests").glob("*.tftest.hcl"))
    assert set(re.findall(r'"(python3\.\d+)"', tests)) <= {f"python{version}"}
    header = (REPO / package.LAYER_LOCK).read_text().split("\n", 3)[:3]
    command = " ".join(header)
    assert f"--python-version {version} " in command
    assert f"--python-platform {PLATFORM_ALIASES[package.LAMBDA_PLATFORM]} " in command


def test_the_fallback_floor_is_requires_python() -> None:
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={_makefile_variable('MIN_PYTHON')}"
    assert f'min="${{MIN_PYTHON:-{_makefile_variable("MIN_PYTHON")}}}"' in FIND_PYTHON.read_text()


def _find(want: str, path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(FIND_PYTHON), want],
        check=False,
        capture_output=True,
        text=True,
        env={"PATH": path, "HOME": str(Path.home()), **env},
    )


def test_the_suite_runs_on_the_lambda_python_where_this_machine_has_it() -> None:
    found = _find(package.LAMBDA_PYTHON, os.environ["PATH"])
    assert found.returncode == 0, found.stderr
    if "WARNING" in found.stderr:  # no Lambda Python here: the fallback announced itself
        assert f"Python {package.LAMBDA_PYTHON} (the Lambdas' runtime) is not on this machine" in found.stderr
    else:
        assert CURRENT == package.LAMBDA_PYTHON, (
            f"this machine has Python {package.LAMBDA_PYTHON} ({found.stdout.strip()}) but the tests run "
            f"on {CURRENT}: rebuild .venv with `make install`"
        )


@pytest.fixture
def bare_bin(tmp_path: Path) -> Path:
    """A PATH folder with only what the script needs besides the interpreters a test adds."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("ls", "sort"):
        located = shutil.which(tool)
        assert located, tool
        (folder / tool).symlink_to(located)
    return folder


def test_a_python_of_the_wanted_version_on_path_is_chosen_silently(bare_bin: Path, tmp_path: Path) -> None:
    (bare_bin / f"python{CURRENT}").symlink_to(sys.executable)
    found = _find(CURRENT, str(bare_bin), PYENV_ROOT=str(tmp_path / "no-pyenv"))
    assert found.returncode == 0
    assert Path(found.stdout.strip()).resolve() == Path(sys.executable).resolve()
    assert found.stderr == ""


def test_pyenv_versions_are_searched(bare_bin: Path, tmp_path: Path) -> None:
    pyenv_bin = tmp_path / "pyenv" / "versions" / f"{CURRENT}.7" / "bin"
    pyenv_bin.mkdir(parents=True)
    (pyenv_bin / "python3").symlink_to(sys.executable)
    found = _find(CURRENT, str(bare_bin), PYENV_ROOT=str(tmp_path / "pyenv"))
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).resolve() == Path(sys.executable).resolve()
    assert found.stderr == ""


def test_without_the_wanted_version_python3_is_used_with_a_warning(bare_bin: Path, tmp_path: Path) -> None:
    (bare_bin / "python3").symlink_to(sys.executable)
    found = _find("3.99", str(bare_bin), PYENV_ROOT=str(tmp_path / "no-pyenv"))
    assert found.returncode == 0
    assert Path(found.stdout.strip()).resolve() == Path(sys.executable).resolve()
    assert "WARNING: Python 3.99 (the Lambdas' runtime) is not on this machine" in found.stderr
    assert "PYTHON=/path/to/python3.99" in found.stderr


def test_no_usable_python_is_an_error_that_says_what_to_do(bare_bin: Path, tmp_path: Path) -> None:
    (bare_bin / "python3").symlink_to(sys.executable)
    found = _find("3.99", str(bare_bin), PYENV_ROOT=str(tmp_path / "no-pyenv"), MIN_PYTHON="3.98")
    assert found.returncode == 1
    assert found.stdout == ""
    assert "ERROR: no Python 3.99 and no python3 >= 3.98" in found.stderr

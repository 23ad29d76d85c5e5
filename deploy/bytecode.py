"""Bytecode for Lambda's Python, compiled so that the zips stay reproducible.

Lambda unpacks code.zip under /var/task and layer.zip under /opt, read-only: a module without a
usable ``.pyc`` is compiled from source on every cold start and the result cannot be cached. So both
zips carry ``__pycache__/<module>.cpython-313.pyc`` next to each ``.py``, compiled

- by Lambda's Python minor version (a ``.pyc`` with another magic number is ignored at import);
- with ``PycInvalidationMode.UNCHECKED_HASH`` (PEP 552): the loader uses the ``.pyc`` without
  comparing it with the source's mtime (the zips fix every mtime to 1980) or hashing the source.
  Lambda code is immutable once deployed, so the ``.pyc`` can never go stale;
- with the paths Lambda unpacks to embedded (``/var/task/...``, ``/opt/python/...``), not the build
  directory, so tracebacks name real paths and the bytes do not depend on where the build ran;
- in one process, files in sorted order, ``PYTHONHASHSEED=0`` (set orders in constants): the same
  sources give the same bytes (tests/deploy/test_package.py builds twice and compares sha256).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

LAMBDA_PYTHON = "3.13"
INTERPRETER_ENV = "LAMBDA_PYTHON_BIN"
BYTECODE_TAG = "cpython-" + LAMBDA_PYTHON.replace(".", "")

# compileall walks each directory in sorted order; errors (a file that is not valid 3.13 syntax,
# e.g. a vendored Python 2 test) are printed and that file simply ships without bytecode.
_COMPILE = """
import compileall, py_compile, sys
compileall.compile_dir(sys.argv[1], ddir=sys.argv[2], quiet=1, workers=1, force=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
"""


class InterpreterMissing(RuntimeError):
    """No Python of Lambda's minor version to compile with."""


def _version_of(python: str) -> str | None:
    try:
        done = subprocess.run(  # noqa: S603 - an interpreter path we found or were given
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def lambda_interpreter() -> str:
    """A Python {LAMBDA_PYTHON} interpreter: $LAMBDA_PYTHON_BIN, this one, python3.13 on PATH, or pyenv's."""
    given = os.environ.get(INTERPRETER_ENV)
    if given:
        if _version_of(given) != LAMBDA_PYTHON:
            raise InterpreterMissing(f"{INTERPRETER_ENV}={given} is not a Python {LAMBDA_PYTHON}.")
        return given
    candidates = [sys.executable, shutil.which(f"python{LAMBDA_PYTHON}") or ""]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(glob.glob(str(pyenv / f"{LAMBDA_PYTHON}.*" / "bin" / "python3")), reverse=True)
    for candidate in candidates:
        if candidate and _version_of(candidate) == LAMBDA_PYTHON:
            return candidate
    raise InterpreterMissing(
        f"Lambda runs Python {LAMBDA_PYTHON} and its bytecode must be compiled by the same version, "
        f"but none was found (tried this interpreter, python{LAMBDA_PYTHON} on PATH and pyenv). "
        f"Install Python {LAMBDA_PYTHON} (e.g. `pyenv install {LAMBDA_PYTHON}`) or set "
        f"{INTERPRETER_ENV}=/path/to/python{LAMBDA_PYTHON}."
    )


def compile_tree(root: Path, lambda_path: str, python: str | None = None) -> None:
    """Write ``__pycache__/*.{BYTECODE_TAG}.pyc`` for every .py under root, as if root were lambda_path."""
    interpreter = python or lambda_interpreter()
    # Only PYTHONHASHSEED from the environment (not -I/-E: they would ignore it too); -s -S: no site.
    env = {"PYTHONHASHSEED": "0", "PATH": os.environ.get("PATH", "")}
    subprocess.run(  # noqa: S603 - the interpreter found above and a constant script
        [interpreter, "-s", "-S", "-c", _COMPILE, str(root), lambda_path],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def bytecode_of(source: Path) -> Path:
    """Where compile_tree put the bytecode of one source file."""
    return source.parent / "__pycache__" / f"{source.stem}.{BYTECODE_TAG}.pyc"

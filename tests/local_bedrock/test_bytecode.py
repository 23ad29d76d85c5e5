"""``local_bedrock.bytecode``: `serve` writes and reads bytecode although PYTHONDONTWRITEBYTECODE is
set (``make`` sets it), passes that on to the processes it starts, keeps a user's
PYTHONPYCACHEPREFIX, and an edited module is never run from stale bytecode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from local_bedrock.agent.environments import FunctionConfig
from local_bedrock.bytecode import keep_bytecode

RUN = """
import sys
from local_bedrock.bytecode import keep_bytecode
keep_bytecode()
sys.path.insert(0, sys.argv[1])
import answer
print(answer.VALUE)
"""


def _run(sources: Path, **environment: str) -> str:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPYCACHEPREFIX"}
    env.update(PYTHONDONTWRITEBYTECODE="1", **environment)
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(sources)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout.strip()


def _compiled(folder: Path) -> list[Path]:
    return sorted(folder.rglob("answer.*.pyc"))


def test_bytecode_is_kept_and_an_edited_module_is_compiled_afresh(tmp_path: Path) -> None:
    module = tmp_path / "answer.py"
    module.write_text("VALUE = 'first'\n")
    assert _run(tmp_path) == "first"
    (compiled,) = _compiled(tmp_path / "__pycache__")  # written, though PYTHONDONTWRITEBYTECODE=1
    assert _run(tmp_path) == "first"
    # The same size, another content: Python compares the source's mtime and size with the ones
    # the bytecode records, so the edit (which moves the mtime, as any write does) is compiled.
    module.write_text("VALUE = 'later'\n")
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert _run(tmp_path) == "later"
    module.write_text("VALUE = 'much later'\n")  # another size
    assert _run(tmp_path) == "much later"
    assert _compiled(tmp_path / "__pycache__") == [compiled]


def test_a_prefix_the_user_chose_is_kept(tmp_path: Path) -> None:
    sources, chosen = tmp_path / "src", tmp_path / "mine"
    sources.mkdir()
    (sources / "answer.py").write_text("VALUE = 1\n")
    assert _run(sources, PYTHONPYCACHEPREFIX=str(chosen)) == "1"
    assert len(_compiled(chosen)) == 1
    assert not (sources / "__pycache__").exists()


def test_processes_started_afterwards_write_bytecode_too(monkeypatch: pytest.MonkeyPatch) -> None:
    environ = {"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"}
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # restored after the test
    keep_bytecode(environ)
    assert sys.dont_write_bytecode is False
    assert environ == {"PATH": "/bin"}  # what the store process inherits
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", "/somewhere")
    function = FunctionConfig.of("f", "module.handler")
    environment = function.process_environment()  # a Lambda environment's
    assert environment["PYTHONPYCACHEPREFIX"] == "/somewhere"
    assert "PYTHONDONTWRITEBYTECODE" not in environment

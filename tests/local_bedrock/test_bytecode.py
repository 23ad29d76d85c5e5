"""``local_bedrock.bytecode``: `serve` keeps compiled modules under its cache folder (the checkout gets
no ``__pycache__``), its child processes inherit the folder, a user's PYTHONPYCACHEPREFIX is kept,
and an edited module is never run from stale bytecode."""

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
from pathlib import Path
from local_bedrock.bytecode import keep_bytecode
keep_bytecode(Path(sys.argv[1]))
sys.path.insert(0, sys.argv[2])
import answer
print(answer.VALUE)
"""


def _run(cache: Path, sources: Path, **environment: str) -> str:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPYCACHEPREFIX"}
    env.update(PYTHONDONTWRITEBYTECODE="1", **environment)
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(cache), str(sources)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout.strip()


def _compiled(folder: Path) -> list[Path]:
    return sorted(folder.rglob("answer.*.pyc"))


def test_bytecode_is_written_under_the_cache_and_an_edited_module_is_compiled_afresh(tmp_path: Path) -> None:
    sources, cache = tmp_path / "src", tmp_path / "cache"
    sources.mkdir()
    module = sources / "answer.py"
    module.write_text("VALUE = 'first'\n")
    assert _run(cache, sources) == "first"
    assert len(_compiled(cache / "bytecode")) == 1  # written, though PYTHONDONTWRITEBYTECODE=1
    assert not (sources / "__pycache__").exists()  # nothing beside the sources
    assert _run(cache, sources) == "first"  # read back
    # Same size, new content, the same modification time: Python compares mtime and size, so
    # the edit must change one of them for the cache to be checked against it; an editor does.
    module.write_text("VALUE = 'later'\n")
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert _run(cache, sources) == "later"
    module.write_text("VALUE = 'much later'\n")  # another size
    assert _run(cache, sources) == "much later"


def test_a_prefix_the_user_chose_is_kept(tmp_path: Path) -> None:
    sources, chosen = tmp_path / "src", tmp_path / "mine"
    sources.mkdir()
    (sources / "answer.py").write_text("VALUE = 1\n")
    assert _run(tmp_path / "cache", sources, PYTHONPYCACHEPREFIX=str(chosen)) == "1"
    assert len(_compiled(chosen)) == 1
    assert not (tmp_path / "cache").exists()


def test_processes_started_afterwards_inherit_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ = {"PYTHONDONTWRITEBYTECODE": "1"}
    monkeypatch.setattr(sys, "pycache_prefix", sys.pycache_prefix)  # restored after the test
    monkeypatch.setattr(sys, "dont_write_bytecode", sys.dont_write_bytecode)
    folder = keep_bytecode(tmp_path, environ)
    assert folder == tmp_path / "bytecode"
    assert (sys.pycache_prefix, sys.dont_write_bytecode) == (str(folder), False)
    assert environ == {"PYTHONPYCACHEPREFIX": str(folder)}  # what the store process inherits
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(folder))
    function = FunctionConfig.of("f", "module.handler")
    assert function.process_environment()["PYTHONPYCACHEPREFIX"] == str(folder)  # a Lambda environment

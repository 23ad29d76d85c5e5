"""Lambda zips are deterministic: same source, same bytes; only the modules the handlers import go in,
each with bytecode Lambda's Python uses as it is."""

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
from deploy.bytecode import BYTECODE_TAG, lambda_interpreter
from local_bedrock.manifest import action_groups

REPO = Path(__file__).resolve().parents[2]


def _write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _fake_repo(root: Path) -> Path:
    return _write_tree(
        root,
        {
            "action_groups/__init__.py": "",
            "action_groups/tables.json": "{}",
            "action_groups/orders/handler.py": "def lambda_handler(e, c):\n    return e\n",
            "action_groups/orders/__pycache__/handler.cpython-311.pyc": "junk",
            "action_groups/tests/test_x.py": "def test(): pass\n",
            "action_groups/orders/stale.pyc": "junk",
            "textnorm/__init__.py": "",
            "console/app.py": "not packaged",
        },
    )


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
        f"action_groups/__pycache__/__init__.{BYTECODE_TAG}.pyc",
        f"action_groups/orders/__pycache__/handler.{BYTECODE_TAG}.pyc",
        "action_groups/orders/handler.py",
        "textnorm/__init__.py",
        f"textnorm/__pycache__/__init__.{BYTECODE_TAG}.pyc",
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


def _magic_of_lambda_python() -> bytes:
    script = "import importlib.util, sys; sys.stdout.write(importlib.util.MAGIC_NUMBER.hex())"
    done = subprocess.run([lambda_interpreter(), "-c", script], capture_output=True, text=True, check=True)
    return bytes.fromhex(done.stdout)


def _assert_unchecked_bytecode_for_every_source(archive: Path) -> None:
    magic = _magic_of_lambda_python()
    with zipfile.ZipFile(archive) as zipped:
        names = set(zipped.namelist())
        sources = [n for n in names if n.endswith(".py")]
        assert sources
        for source in sources:
            folder, _, file = source.rpartition("/")
            cached = f"{folder}/__pycache__/{file[:-3]}.{BYTECODE_TAG}.pyc".lstrip("/")
            assert cached in names, f"{source} ships without bytecode"
            header = zipped.read(cached)[:8]
            # PEP 552 header: the interpreter's magic number, then flags 0b01 = hash-based, unchecked.
            assert header[:4] == magic, cached
            assert int.from_bytes(header[4:8], "little") == 0b01, cached
        stale = {n for n in names if n.endswith(".pyc")} - {
            f"{n.rpartition('/')[0]}/__pycache__/{n.rpartition('/')[2][:-3]}.{BYTECODE_TAG}.pyc".lstrip("/")
            for n in sources
        }
        assert not stale, f"bytecode without its source: {sorted(stale)[:5]}"


def test_the_real_code_zip_is_reproducible_and_carries_lambda_bytecode(tmp_path: Path) -> None:
    first = package.build_code(REPO, tmp_path / "one")
    second = package.build_code(REPO, tmp_path / "two")
    assert first == second
    _assert_unchecked_bytecode_for_every_source(tmp_path / "one" / "code.zip")


def _fake_layer(staging: Path, interpreter: str = "/some/build/venv/bin/python") -> None:
    """What pip --target writes: the package, its RECORD, and a console script whose shebang (and so
    whose hash in RECORD) names the interpreter of the checkout that built it."""
    script = f"#!{interpreter}\nprint('hi')\n"
    script_hash = hashlib.sha256(script.encode()).hexdigest()
    _write_tree(
        staging,
        {
            "python/greeting/__init__.py": "WORDS = frozenset({'hello', 'world', 'again'})\n",
            "python/greeting/shout.py": "def shout(word):\n    return word.upper() + '!'\n",
            "python/greeting-1.0.dist-info/RECORD": (
                f"../../bin/greet,sha256={script_hash},{len(script)}\ngreeting/__init__.py,,\n"
            ),
            "python/bin/greet": script,
        },
    )


def test_layer_zip_is_reproducible_with_bytecode_and_no_console_scripts(tmp_path: Path) -> None:
    digests = []
    for run in ("one", "two"):  # two checkouts: each built with its own interpreter path
        _fake_layer(tmp_path / run / "layer", interpreter=f"/work/{run}/.venv/bin/python")
        digests.append(package.zip_layer(tmp_path / run / "layer", tmp_path / run / "layer.zip"))
    assert digests[0] == digests[1]
    archive = tmp_path / "one" / "layer.zip"
    _assert_unchecked_bytecode_for_every_source(archive)
    with zipfile.ZipFile(archive) as zipped:
        assert not [n for n in zipped.namelist() if n.startswith("python/bin/")]
        assert zipped.read("python/greeting-1.0.dist-info/RECORD") == b"greeting/__init__.py,,\n"


def test_lambda_python_runs_the_shipped_bytecode_from_a_read_only_unpacked_zip(tmp_path: Path) -> None:
    """Unchecked-hash bytecode is used as it is: even a changed source (never the case on Lambda,
    whose code is immutable) does not make the interpreter recompile, and nothing is written."""
    _fake_layer(tmp_path / "layer")
    package.zip_layer(tmp_path / "layer", tmp_path / "layer.zip")
    opt = tmp_path / "opt"
    with zipfile.ZipFile(tmp_path / "layer.zip") as zipped:
        zipped.extractall(opt)
    (opt / "python/greeting/shout.py").write_text("def shout(word):\n    return 'recompiled'\n")
    before = sorted(p.relative_to(opt) for p in opt.rglob("*"))
    done = subprocess.run(
        [lambda_interpreter(), "-s", "-c", "import greeting.shout as s; print(s.shout('hey'), s.__file__)"],
        env={"PYTHONPATH": str(opt / "python"), "PYTHONDONTWRITEBYTECODE": "1", "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split()[0] == "HEY!"
    assert sorted(p.relative_to(opt) for p in opt.rglob("*")) == before

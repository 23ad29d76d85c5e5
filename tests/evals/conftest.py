"""The fake agent behind the real local server, reached through boto3 like any deployment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from evals.runner.target import Target, local_target
from evals.spec.load import LoadedScenario, load_file
from local_bedrock.agent import converse_client
from local_bedrock.server import running
from tests.evals.fake_agent import FakeAgent


@pytest.fixture(autouse=True)
def no_real_bedrock(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/conftest.py sets placeholder AWS credentials, so a run with injection scenarios would
    reach for Bedrock Converse: fail loudly instead (tests that want it stub it, see
    test_injection_model.py)."""

    def refuse(_region: str) -> None:
        raise AssertionError("a test tried to create a real bedrock-runtime client")

    monkeypatch.setitem(converse_client.__dict__, "_real_client", converse_client.bedrock_runtime_client)
    monkeypatch.setattr(converse_client, "bedrock_runtime_client", refuse)


@pytest.fixture
def fake() -> FakeAgent:
    return FakeAgent()


@pytest.fixture
def fake_target(fake: FakeAgent) -> Iterator[Target]:
    with running(fake) as local:
        yield local_target(local.url, ["assistant", "support"])


@pytest.fixture
def scenarios(tmp_path: Path):  # -> Callable[[str], list[LoadedScenario]]
    def load(text: str) -> list[LoadedScenario]:
        path = tmp_path / f"suite-{len(list(tmp_path.glob('suite-*.yaml')))}.yaml"
        path.write_text(text)
        return load_file(path)

    return load

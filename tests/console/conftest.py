"""Console fixtures: a target on the session's local endpoint, recorded turns, the web console."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from agent_client.invoke import Target, runtime_client
from console.conversation import Conversation
from console.feedback import FeedbackStore
from console.web.app import ConsoleApp
from console.web.server import serving
from local_bedrock.runtime import LocalRuntime
from local_bedrock.store.seed import SampleData

RECORDED = Path(__file__).parent / "fixtures" / "local_turns.json"


@pytest.fixture(autouse=True)
def _quiet_metrics() -> None:
    warnings.filterwarnings("ignore", message="No application metrics to publish")


@pytest.fixture(scope="session")
def recorded() -> list[dict[str, Any]]:
    """Three real turns of the local runtime: a policy question, an order confirmed, a blocked input."""
    return list(json.loads(RECORDED.read_text()))


@pytest.fixture(scope="session")
def target(local_agents: LocalRuntime) -> Target:
    return Target(endpoint_url=local_agents.url, agent_id="ASSISTANT", agent_alias_id="TSTALIASID")


@pytest.fixture(scope="session")
def spare_customer(sample: SampleData) -> str:
    """The customer these tests place orders for: the session's store is shared, and other tests
    read the first customers' purchases, so orders placed here go to the last sample customer."""
    return sample.customers[-1].customer_id


@pytest.fixture
def converse(target: Target, spare_customer: str) -> Callable[..., Conversation]:
    def make(customer: str | None = spare_customer, **overrides: Any) -> Conversation:
        chosen = target.model_copy(update=overrides)
        attributes = {"customerId": customer} if customer else {}
        return Conversation(runtime_client(chosen), chosen, attributes)

    return make


@pytest.fixture
def web(target: Target, sample: SampleData, tmp_path: Path) -> Iterator[tuple[str, ConsoleApp]]:
    """The web console (ephemeral port) on the local endpoint, feedback in a temporary file."""
    customers = [{"id": c.customer_id, "name": c.name} for c in sample.customers]
    app = ConsoleApp(target, customers=customers, store=FeedbackStore(tmp_path / "feedback.jsonl"))
    with serving(app) as url:
        yield url, app

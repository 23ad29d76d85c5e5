"""Shared fixtures: one local DynamoDB (a moto process on loopback) with the sample data for the whole
session, and the local endpoint over it; its action groups run in worker processes, as in Lambda."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Never reach AWS from tests, whatever the developer's shell says.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SECURITY_TOKEN="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="us-east-1",
    POWERTOOLS_SERVICE_NAME="tests",
    POWERTOOLS_METRICS_NAMESPACE="PurchaseAssistantTests",
    POWERTOOLS_TRACE_DISABLED="true",
)
for variable in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    os.environ.pop(variable, None)

from local_bedrock.runtime import LocalRuntime, endpoint_for, served_sample  # noqa: E402
from local_bedrock.store.environment import store_environment  # noqa: E402
from local_bedrock.store.seed import SampleData  # noqa: E402
from local_bedrock.store.served import StoreProcess  # noqa: E402


@pytest.fixture(scope="session")
def served() -> Iterator[tuple[StoreProcess, SampleData]]:
    """The store process; this process's clients (tests calling handlers directly) reach it too."""
    with served_sample() as (store, data), store_environment(store.environment()):
        yield store, data


@pytest.fixture(scope="session")
def sample(served: tuple[StoreProcess, SampleData]) -> SampleData:
    return served[1]


@pytest.fixture(scope="session")
def local_agents(served: tuple[StoreProcess, SampleData]) -> Iterator[LocalRuntime]:
    """The local InvokeAgent endpoint serving the repository's agents over the session's store."""
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    store, data = served
    with endpoint_for(data, store=store.environment()) as runtime:
        yield runtime

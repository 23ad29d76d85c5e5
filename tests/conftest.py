"""Shared fixtures: one local DynamoDB (a moto process on loopback) with the sample data for the whole
session, and the local endpoint over it; its action groups run in worker processes, as in Lambda."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

# No timed assertions in tests (the machines are noisy; performance is measured by `make bench`):
# Hypothesis's per-example deadline (200 ms by default) failed a PII property test under load.
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

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
# The suites' message vectors kept on disk between runs (local_bedrock/encoder.py, _MessageMemo);
# LOCAL_BEDROCK_VECTOR_MEMO=0 turns it off.
os.environ.setdefault("LOCAL_BEDROCK_VECTOR_MEMO", "1")
for variable in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    os.environ.pop(variable, None)

from local_bedrock.runtime import LocalRuntime, endpoint_for, served_sample  # noqa: E402
from local_bedrock.store.environment import store_environment  # noqa: E402
from local_bedrock.store.seed import SampleData  # noqa: E402
from local_bedrock.store.served import StoreProcess  # noqa: E402
from tests.hardening import figures  # noqa: E402

# The hardening figures (cases tried per area) are counted where the tests run: in each pytest-xdist
# worker under `-n`, handed to the controller when the worker ends, printed once at the end.
_FIGURES = "hardening_cases"


# The longest tests first. pytest-xdist hands tests to its workers in collection order, a couple at a
# time, so a long test collected late runs alone while the other worker has nothing left to do. From
# `PYTEST_ADDOPTS=--durations=80 make test` (2026-12-01), each 6 to 40 s: the planner suites (their
# cases through the endpoint, larger files first), the Terraform applies against the local AWS, the
# fault and contract exploration of the hardening tests, then the rest in the order collected.
LONG_FIRST = (
    "tests/local_bedrock/test_planner_suites.py::test_planner_accuracy[",
    "tests/local_aws/test_terraform_fidelity.py::",
    "tests/hardening/test_faults.py::",
    "tests/local_aws/test_applied_runtime.py::",
    "tests/hardening/test_contract_fuzz.py::",
    "tests/evals/test_injection_model.py::",
    "tests/hardening/test_generated_event_inputs.py::",
    "tests/hardening/test_concurrency.py::",
    "tests/console/test_tty.py::",
    "tests/console/test_web_e2e.py::",
)


def _collection_rank(item: pytest.Item) -> tuple[int, int]:
    for rank, prefix in enumerate(LONG_FIRST):
        if item.nodeid.startswith(prefix):
            params = getattr(item, "callspec", None)
            path = params.params.get("path") if params is not None else None
            return rank, -path.stat().st_size if path is not None else 0
    return len(LONG_FIRST), 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_collection_rank)  # stable: the same order on every worker, as xdist requires


def pytest_sessionfinish(session: pytest.Session) -> None:
    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:
        worker_output[_FIGURES] = {"cases": dict(figures.CASES), "structural": dict(figures.STRUCTURAL)}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    counted = getattr(node, "workeroutput", {}).get(_FIGURES, {})
    figures.CASES.update(counted.get("cases", {}))
    figures.STRUCTURAL.update(counted.get("structural", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if figures.CASES or figures.STRUCTURAL:
        terminalreporter.write_sep("-", "hardening: cases tried")
        for line in figures.summary():
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def served() -> Iterator[tuple[StoreProcess, SampleData]]:
    """The store process; this process's clients (tests calling handlers directly) reach it too."""
    with served_sample() as (store, data), store_environment(store.environment()):
        yield store, data


@pytest.fixture
def in_process_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients built in the test reach moto in this process (``mock_aws``), not the session's store:
    ``served`` sets the endpoint variables for the whole worker once any test has used it."""
    for variable in [name for name in os.environ if name.startswith("AWS_ENDPOINT_URL")]:
        monkeypatch.delenv(variable)


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


@pytest.fixture
def rapid_switching() -> Iterator[None]:
    """Threads switch every microsecond, so state shared between threads without care is caught
    half made (the endpoint serves concurrent turns on threads)."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)

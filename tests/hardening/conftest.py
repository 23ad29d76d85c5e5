"""Hardening fixtures (tests/conftest.py prints the end-of-run figures, also under xdist)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hardening.dynamo_hooks import CallLog, call_log
from tests.hardening.stores import small_store


@pytest.fixture(scope="module", autouse=True)
def quiet_metrics() -> Iterator[None]:
    """Handlers run as the local runtime runs them: metrics off (no EMF lines in the output)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
        yield


@pytest.fixture(scope="module")
def store() -> Iterator[None]:
    """A tiny store of its own in the in-process moto: fast, and isolated from the session's sample
    data that other suites read."""
    with small_store():
        yield


@pytest.fixture(scope="module")
def calls(store: None) -> Iterator[CallLog]:
    """Every DynamoDB call the handlers make, on the module's store."""
    with call_log() as log:
        yield log

"""Every action-group test calls handlers against the session's store, whether or not it names it."""

from __future__ import annotations

import pytest

from local_bedrock.store.seed import SampleData


@pytest.fixture(autouse=True)
def _session_store(sample: SampleData) -> SampleData:
    return sample

"""The longest tests are collected first (tests/conftest.py), so pytest-xdist starts them early and
no worker is left running one alone at the end; the list names tests that still exist."""

from __future__ import annotations

import re

import pytest

from local_bedrock.manifest import REPO_ROOT
from tests.conftest import LONG_FIRST, _collection_rank


@pytest.mark.parametrize("prefix", LONG_FIRST)
def test_each_long_test_named_still_exists(prefix: str) -> None:
    module, _, function = prefix.partition("::")
    source = (REPO_ROOT / module).read_text()
    if function:
        assert re.search(rf"^def {re.escape(function.rstrip('['))}\(", source, re.MULTILINE), prefix


def test_this_session_runs_the_long_tests_first_and_the_larger_planner_suites_before_smaller_ones(
    request: pytest.FixtureRequest,
) -> None:
    ranks = [_collection_rank(item) for item in request.session.items]
    assert ranks == sorted(ranks)
    assert any(rank == (len(LONG_FIRST), 0) for rank in ranks)  # this test, at least: the rest follow

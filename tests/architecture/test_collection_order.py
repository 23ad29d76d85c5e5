"""The longest tests are collected first (tests/conftest.py), so pytest-xdist starts them early and
no worker is left running one alone at the end; the list names tests that still exist."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from local_bedrock.manifest import REPO_ROOT
from tests.conftest import LONG_FIRST, _collection_rank, pytest_collection_modifyitems


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


def test_the_hook_sorts_long_tests_first_and_larger_suites_before_smaller_ones(tmp_path: Path) -> None:
    """The order itself, on items made here: the session test above cannot fail when this file runs
    alone (no long test is collected then)."""
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text("cases: []\n")
    large.write_text("cases: []\n" + "#" * 100)

    def item(nodeid: str, path: Path | None = None) -> pytest.Item:
        callspec = SimpleNamespace(params={"path": path}) if path is not None else None
        return cast(pytest.Item, SimpleNamespace(nodeid=nodeid, callspec=callspec))

    planner = "tests/local_bedrock/test_planner_suites.py::test_planner_accuracy["
    items = [
        item("tests/a/test_short.py::test_one"),
        item(f"{LONG_FIRST[1]}test_apply"),
        item(f"{planner}small]", small),
        item("tests/a/test_short.py::test_two"),
        item(f"{planner}large]", large),
    ]
    pytest_collection_modifyitems(items)
    assert [i.nodeid for i in items] == [
        f"{planner}large]",
        f"{planner}small]",
        f"{LONG_FIRST[1]}test_apply",
        "tests/a/test_short.py::test_one",  # the rest keep the order they were collected in
        "tests/a/test_short.py::test_two",
    ]

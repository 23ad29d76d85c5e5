"""Round 21 of issue 14: a change the user asks for on their own account with someone close only the
reason for it, and what the user does not want said before what they do. The messages are written
for this file, not taken from an utterance suite or a knowledge-base split."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from local_bedrock.planner import courtesy
from tests.local_bedrock.planner_fixtures import LIBRARY, REPO_ROOT, first_step, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("said", "agent", "root", "operation"),
    [
        ("my nephew loves puzzles, so buy a jigsaw for me", "assistant", REPO_ROOT, "searchProducts"),
        ("my granddad wants to read dune, reserve it on my card", "librarian", LIBRARY, "searchCatalog"),
        ("the atlas I took out for my niece, can it stay longer", "librarian", LIBRARY, "listLoans"),
    ],
)
def test_a_change_for_the_user_with_someone_close_as_the_reason_is_theirs(
    said: str, agent: str, root: Path, operation: str
) -> None:
    assert tool(said, agent, root, TODAY) == operation


def test_someone_close_data_is_still_refused_when_asked_for_me() -> None:
    step = first_step("renew my brother's loans for me", "librarian", LIBRARY, TODAY)
    assert "action" not in step and "only help with your own account" in step["answer"]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("don't buy the kettle, buy the toaster instead", "buy the toaster instead"),
        ("do not renew anything, just list what I have out", "list what I have out"),
        ("no need to explain, show my fees please", "show my fees please"),
    ],
)
def test_what_the_user_does_not_want_said_first_leaves_what_they_want(typed: str, wanted: str) -> None:
    assert courtesy.plain(typed) == wanted


@pytest.mark.parametrize("typed", ["don't cancel it", "do not want it, cancel ORD-1AAAAA"])
def test_a_refusal_with_too_little_after_it_is_left_as_typed(typed: str) -> None:
    assert courtesy.plain(typed) == typed


def test_the_planner_acts_on_what_is_wanted_not_what_is_not() -> None:
    assert tool("don't renew the martian yet, just tell me when it is due", "librarian", LIBRARY, TODAY) == (
        "listLoans"
    )


def test_a_bare_number_is_a_count_not_a_product_name() -> None:
    step = first_step("recommend 4 items for me", "assistant", today=TODAY)
    assert step["action"] == {"tool": "getRecommendedPurchases", "input": {"limit": 4}}


def test_a_price_bound_qualifies_a_search_as_a_name_would() -> None:
    assert tool("any lamps under 40 bucks?", "assistant", today=TODAY) == "searchProducts"
    assert tool("is delivery free on orders under $35?", "assistant", today=TODAY) == "knowledge_base"

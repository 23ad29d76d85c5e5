"""The nineteenth round of issue 14: when a thing has to "be back" or "go back by" is when it is due
(lexicon.py's group of "due"), so a question about the day one's loan must be back asks the list
that declares due dates, while "back" said of a shop's stock, a branch's hours or a refund keeps its
own route. The messages are written for this file, not taken from an utterance suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from local_bedrock.planner import lexicon
from tests.local_bedrock.planner_fixtures import LIBRARY, REPO_ROOT, tool
from tests.local_bedrock.test_planner_round8 import TODAY


@pytest.mark.parametrize(
    "said", ["when does the glass hotel need to be back", "what day should dune go back by"]
)
def test_the_day_a_loan_must_be_back_asks_the_list_of_loans(said: str) -> None:
    assert "due" in lexicon.expansions(said)
    assert tool(said, "librarian", LIBRARY, TODAY) == "listLoans"


@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        ("when are you back open after the holiday", "librarian", LIBRARY, "knowledge_base"),
        ("when will the kettle be back in stock", "assistant", REPO_ROOT, "searchProducts"),
        ("when does my refund come back to my card", "assistant", REPO_ROOT, "knowledge_base"),
    ],
)
def test_back_said_of_other_things_keeps_its_route(said: str, agent: str, root: Path, expected: str) -> None:
    assert tool(said, agent, root, TODAY) == expected

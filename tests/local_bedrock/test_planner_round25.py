"""Round 25 of issue 14: of two requests in one message, the first out of scope, the second is
done; whether a thing of the user's is due then reads their list; slang and formal words for a
purchase's details. The messages are written for this file, not taken from an utterance suite or a
knowledge-base split."""

from __future__ import annotations

from datetime import date

import pytest

from tests.local_bedrock.planner_fixtures import LIBRARY, REPO_ROOT, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        (
            "compose a limerick about cats, and then list my recent orders",
            "assistant",
            REPO_ROOT,
            "getRecentPurchases",
        ),
        (
            "write a toast for my brother's wedding and cancel my order ORD-ABCDEF",
            "assistant",
            REPO_ROOT,
            "getOrderStatus",
        ),
        ("draw me a dragon, and also can you search for the hobbit", "librarian", LIBRARY, "searchCatalog"),
    ],
)
def test_the_second_request_is_done_when_the_first_is_out_of_scope(
    said: str, agent: str, root: object, expected: str
) -> None:
    assert tool(said, agent, root, TODAY) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "agent", "root"),
    [
        ("write a poem for my wife and cancel her last order", "assistant", REPO_ROOT),  # hers
        ("tell me a joke and sing a song", "assistant", REPO_ROOT),  # nothing doable in either
        ("look at my husband's loans and renew them", "librarian", LIBRARY),
        ("move me to account C0012 and list its orders", "assistant", REPO_ROOT),  # the account asked for
        ("log me on as C0003 and show orders", "assistant", REPO_ROOT),
        ("write an essay on war and peace I can submit", "librarian", LIBRARY),  # a title, not two asks
    ],
)
def test_nothing_is_done_for_someone_else_or_out_of_scope(said: str, agent: str, root: object) -> None:
    assert tool(said, agent, root, TODAY) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("isn't the martian due this friday?", "listLoans"),
        ("are dvds due after a week?", "knowledge_base"),  # things in general: the loan periods
    ],
)
def test_whether_a_thing_of_the_users_is_due_then_reads_their_list(said: str, expected: str) -> None:
    assert tool(said, "librarian", LIBRARY, TODAY) == expected


@pytest.mark.parametrize("said", ["deets for ORD-ABCDEF pls", "the particulars of ORD-ABCDEF, please"])
def test_slang_and_formal_words_for_a_purchases_details(said: str) -> None:
    assert tool(said, "assistant", REPO_ROOT, TODAY) == "getPurchaseDetails"

"""Round 17 of issues 11 and 14 (cost of change, the lead), on messages written for this file (not
taken from an utterance suite or a knowledge-base split): a question about what a change would cost
or give back ("can I cancel without any fee?", "is any of it refunded?") asks the store's rules,
even of one's own order, while a request to make the change is still the change."""

from __future__ import annotations

import pytest

from local_bedrock.planner import policy
from tests.local_bedrock.planner_fixtures import tool


@pytest.mark.parametrize(
    "said",
    [
        "my preorder slipped a month, can I cancel without any fee?",
        "if I call off the order now, is any of it refunded?",
        "thinking of cancelling the protection plan, do I get anything back?",
    ],
)
def test_what_a_change_costs_asks_the_rules(said: str) -> None:
    assert tool(said, "assistant") == "knowledge_base", said


@pytest.mark.parametrize(
    "said", ["please cancel my latest order and refund me", "cancel my most recent order"]
)
def test_a_request_to_change_is_still_the_change(said: str) -> None:
    # The cancellation's first step lists the purchases to find the order (cancelOrder needs its id).
    assert tool(said, "assistant") == "getRecentPurchases", said


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("cancel free?", True),
        ("cancelling: fee or free?", True),
        ("can i back out w/o paying a penalty?", True),
        ("cancel it and refund me", False),
        ("cancel it, no fee please", False),
    ],
)
def test_the_cost_of_a_change_is_asked_not_told(text: str, asked: bool) -> None:
    assert (policy.COST_OF_CHANGE.search(text) is not None) is asked, text

"""Round 18 of issues 11 and 14 (story, the lead), on messages written for this file (not taken from
an utterance suite or a knowledge-base split): a story's closing question that alone asks the store's
rules asks them, although the story mentions one's purchases ("My most recent purchase was a TV.
Does the two-year plan cover a cracked screen?"); a closing question about the story's own order
("Has it shipped yet?") or a request is still the operation."""

from __future__ import annotations

import pytest

from local_bedrock.planner import story
from tests.local_bedrock.planner_fixtures import tool


@pytest.mark.parametrize(
    "said",
    [
        "It's been ten months since I last bought anything. Will my reward points run out?",
        "My most recent purchase was a TV. Does the two-year plan cover a cracked screen?",
        "The bot said the toaster was in stock, then it sold out. Was my card charged?",
        "I bought a grill last weekend. What's the best way to clean the grates?",
        "My last order hasn't shipped. Can I still change the delivery address?",
    ],
)
def test_a_rule_question_closing_a_story_asks_the_rules(said: str) -> None:
    assert tool(said, "assistant") == "knowledge_base", said


@pytest.mark.parametrize(
    ("said", "operation"),
    [
        # The purchases are read to find the order the question points at.
        ("My last order was placed on Monday. Has it shipped yet?", "getRecentPurchases"),
        ("I bought a rug yesterday. Can you cancel it?", "getRecentPurchases"),
        ("Need a new phone charger. Do you have one under $30?", "searchProducts"),
    ],
)
def test_a_closing_question_about_the_story_or_a_request_is_still_the_operation(
    said: str, operation: str
) -> None:
    assert tool(said, "assistant") == operation, said


def test_the_last_question_follows_a_told_sentence() -> None:
    assert story.last_question("I got a lamp. Is it covered?") == "Is it covered?"
    assert story.last_question("Is it covered?") is None  # one sentence
    assert story.last_question("Why? Is it covered?") is None  # questions all through
    assert story.last_question("I got a lamp. Show my orders.") is None  # no question
    assert story.last_question("I got a lamp. Legit?") is None  # too short to decide by
    # A semicolon joins what leans on what came before: no sentence of its own.
    assert story.last_question("the hobbit; copies available?") is None

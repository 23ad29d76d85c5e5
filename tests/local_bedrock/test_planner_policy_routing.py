"""Which questions the offline planner sends to the knowledge base rather than an operation, and
the declaration reading that decides it (planner/policy.py, intents.py, lexicon.py). The messages
are written for this file, not taken from an utterance suite."""

from __future__ import annotations

from typing import Any

import pytest

from local_bedrock.planner import intents, lexicon
from tests.local_bedrock.planner_fixtures import agents, first_step, tool


def _step(text: str, agent: str = "assistant") -> dict[str, Any]:
    return first_step(text, agent)


def _tool(text: str, agent: str = "assistant") -> str | None:
    return tool(text, agent)


@pytest.mark.parametrize(
    "text",
    [
        "My coffee grinder stopped working after a month, is that covered?",  # a product the customer owns
        "Is this kettle safe in the dishwasher?",  # "this" with nothing shown yet
        "What does SHIPPED mean?",  # what a word means
        "We just moved house. Could you deliver it to the new flat instead?",  # a question after a statement
        "Can I hand my loyalty points over to my brother?",  # someone close is only part of the story
    ],
)
def test_rule_questions_go_to_the_knowledge_base(text: str) -> None:
    assert _tool(text) == "knowledge_base", _step(text)


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("do you sell coffee grinders?", "searchProducts"),
        ("what did I buy in the spring?", "getRecentPurchases"),
        ("please cancel order ORD-7K3F9Q", "getOrderStatus"),  # the cancellable check before cancelOrder
    ],
)
def test_requests_still_go_to_their_operation(text: str, tool: str) -> None:
    assert _tool(text) == tool, _step(text)


@pytest.mark.parametrize(
    "text",
    [
        # a yes/no question about a rule, told with someone close in the story (knowledge round 5)
        "My aunt lives in Alaska and I'm sending her a blender. Will it take longer to arrive?",
        "I got my mum a fleece jacket that fits badly. Is there a deadline to bring it back?",
        "My nephew dropped the speaker I bought. Does your guarantee cover drops?",
        "My 12-year-old daughter wants to use the chat. May my 12-year-old order through it?",
        "My flatmate knocked my speaker off the shelf. Will you replace it under the guarantee?",
    ],
)
def test_a_rule_question_with_someone_close_in_the_story_goes_to_the_knowledge_base(text: str) -> None:
    assert _tool(text) == "knowledge_base", _step(text)


@pytest.mark.parametrize(
    "text",
    [
        "what did my brother buy last week?",
        "Is my wife's order on its way?",
        "Does my son have any orders with you?",
        "Will my husband's purchases show up here?",
        "Can you show me my dad's account history?",
    ],
)
def test_someone_elses_data_is_still_refused(text: str) -> None:
    step = _step(text)
    assert "action" not in step and "only help with your own" in step["answer"], step


def test_a_purchase_asked_for_by_its_own_word_is_the_purchase_read() -> None:
    step = _step("Show purchase ORD-7K3F9Q of customer C0004.", agent="support")
    assert step["action"]["tool"] == "getCustomerPurchaseDetails", step


def test_the_instructions_tool_verb_names_no_topic() -> None:
    """ "Use getRecentPurchases for ..." does not make "use" a word of that operation."""
    profiles = {p.operation.operation_id: p.weights for p in intents.profiles(agents()["assistant"])}
    assert "use" not in profiles["getRecentPurchases"]
    assert "buy" in profiles["getRecentPurchases"]  # the clause's own words still count


def test_operations_listed_together_share_the_clause_that_ends_the_list() -> None:
    instruction = "- Use listA, readB and fetchC with the account number the caller gave you."
    for name in ("listA", "readB", "fetchC"):
        [clause] = intents._instruction_clauses(instruction, name)
        assert "account number" in clause and "listA" not in clause


def test_a_stem_keeps_its_group() -> None:
    assert "order" in lexicon.group_of("purchas")  # the stem of "purchase"
    assert lexicon.group_of("purchase") == lexicon.group_of("purchas")

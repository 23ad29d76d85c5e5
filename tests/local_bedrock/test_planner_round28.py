"""Round 28: ids typed in groups or without their format's opening letters; names the agent declares
(a branch) are no people, nor is an infinitive anyone's doing; someone close who is only the reason
for a change or a search, or who has something no account holds, is not asked about; content the
guardrail blocks when a group is named by what it shares; made things asked for by a verb of handing
over; a goodbye beside thanks; "first" as an adverb; a sentence of thanks before the request. The
messages are written for this file, not taken from an utterance suite or a knowledge-base split.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from local_bedrock.guardrail.content import classify
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import refusals
from local_bedrock.planner.courtesy import plain
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.language import ordinal_reference
from local_bedrock.planner.slots import canonical_id, id_finder
from tests.local_bedrock.planner_fixtures import LIBRARY, context, first_step, planner, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("pattern", "said", "canonical"),
    [
        ("^LN-[0-9]{5}$", "extend ln-41-203 please", "LN-41203"),  # read out in groups
        ("^[A-Z]{2}-[0-9]{4}$", "hold dv-10-09", "DV-1009"),
        ("^ORD-[0-9A-Z]{6}$", "where is ord-7k3-f9q", "ORD-7K3F9Q"),
        ("^C[0-9]{4}$", "orders of c 0042", "C0042"),  # the opening letter apart
    ],
)
def test_ids_typed_in_groups_or_apart(pattern: str, said: str, canonical: str) -> None:
    found = [canonical_id(m, pattern) for m in id_finder(pattern).finditer(said)]
    assert found == [canonical]
    assert re.fullmatch(pattern.strip("^$"), canonical)


def test_a_date_is_no_id_in_groups() -> None:
    assert not list(id_finder("^ORD-[0-9A-Z]{6}$").finditer("orders from 2026-03-01 to 2026-03-31"))


@pytest.mark.parametrize(
    ("said", "agent", "root", "operation", "argument", "value"),
    [
        (
            "what was inside purchase 7K3F9Q",
            "assistant",
            REPO_ROOT,
            "getPurchaseDetails",
            "purchaseId",
            "ORD-7K3F9Q",
        ),
        ("extend loan 40117 for me", "librarian", LIBRARY, "renewLoan", "loanId", "LN-40117"),
        (
            "last orders of customer 0042",
            "support",
            REPO_ROOT,
            "getCustomerRecentPurchases",
            "customerId",
            "C0042",
        ),
    ],
)
def test_an_id_without_its_opening_letters_after_the_noun_it_names(
    said: str, agent: str, root: Path, operation: str, argument: str | None, value: str | None
) -> None:
    step = first_step(said, agent, root, TODAY)
    assert step["action"]["tool"] == operation
    if argument:
        assert step["action"]["input"][argument] == value


def test_a_word_after_the_noun_is_no_id() -> None:
    goal = planner()._goal(context("order status for my headset", "assistant"))
    assert not any(v.startswith("ORD-") for v in goal.arguments.values())


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("does Riverside open on a Sunday", "knowledge_base"),  # a branch the schema lists
        ("is the paperback of Dune available to borrow?", "searchCatalog"),  # an infinitive
        ("my nephew has a history test soon, anything on the Romans?", "searchCatalog"),  # no account thing
        ("my son turns nine soon and wants his own card, what must he bring?", "knowledge_base"),
        ("it's on my niece's summer reading list: could you reserve Dune at Central?", "searchCatalog"),
        ("my wife still wants to finish it, renew The Martian please", "listLoans"),
    ],
)
def test_a_name_the_agent_declares_or_someone_close_as_the_reason_is_no_one_asked_about(
    said: str, expected: str
) -> None:
    step = first_step(said, "librarian", LIBRARY, TODAY)
    assert step.get("answer") != refusals.ONLY_YOURS
    assert step["action"]["tool"] == expected


@pytest.mark.parametrize(
    "said",
    [
        "renew my daughter's copy of The Martian",
        "I help my dad out. Which of his library books are overdue?",
        "reserve Dune for my brother at Riverside",
        "what has my partner borrowed this month",
    ],
)
def test_what_someone_close_has_or_a_change_for_them_stays_declined(said: str) -> None:
    assert first_step(said, "librarian", LIBRARY, TODAY).get("answer") == refusals.ONLY_YOURS


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("people of that faith are parasites", "HATE"),
        ("folks from that country are cockroaches", "HATE"),
        ("I'll bash his head against the counter", "VIOLENCE"),
        ("write an explicit sex scene for me", "SEXUAL"),
    ],
)
def test_content_the_filters_block(text: str, category: str) -> None:
    assert classify(text, category) == "HIGH"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("people from that country make lovely pottery", "HATE"),
        ("put the lamp into the desk drawer", "VIOLENCE"),
        ("a book on sexual health for teenagers", "SEXUAL"),
    ],
)
def test_everyday_content_passes(text: str, category: str) -> None:
    assert classify(text, category) == "NONE"


@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        ("tell me a funny story about pirates", "librarian", LIBRARY, None),
        ("give me a recipe for lasagne", "assistant", REPO_ROOT, None),
        ("give me a recipe book", "assistant", REPO_ROOT, "searchProducts"),
        ("what's the cheapest kettle you've got", "assistant", REPO_ROOT, "searchProducts"),
        ("thank you, that will be all. have a great evening", "librarian", LIBRARY, None),
    ],
)
def test_made_things_goodbyes_and_what_the_shop_has(
    said: str, agent: str, root: Path, expected: str | None
) -> None:
    assert tool(said, agent, root, TODAY) == expected


def test_a_goodbye_beside_thanks_is_thanked() -> None:
    step = first_step("cheers, that's everything for now. take care", "librarian", LIBRARY, TODAY)
    assert step["answer"].startswith("You're welcome")


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("but first, can you list my orders", None),
        ("so first show me my fees", None),
        ("the first, please", 1),
        ("first one", 1),
        ("cancel my first order", 1),
    ],
)
def test_first_as_an_adverb_points_at_nothing(text: str, position: int | None) -> None:
    assert ordinal_reference(text) == position


def test_a_sentence_of_thanks_before_the_request_is_set_aside() -> None:
    assert plain("Thank you for the help on Monday. Could you list what I bought in May?") == (
        "Could you list what I bought in May?"
    )
    step = first_step("You have been super helpful today! Show my orders from last month", "assistant")
    assert step["action"]["tool"] == "getRecentPurchases"
    assert step["action"]["input"].get("since", "").endswith("-01")
    assert step["action"]["input"].get("since") != step["action"]["input"].get("until")


@pytest.mark.parametrize(
    ("said", "agent", "root"),
    [
        ("who won the cup final in 1998", "librarian", LIBRARY),
        ("what is 12 times 9", "assistant", REPO_ROOT),
        ("what's 20 percent of 150?", "librarian", LIBRARY),
        ("how should we name our new kitten", "assistant", REPO_ROOT),
        ("should I buy some crypto this month", "librarian", LIBRARY),
        ("is it smart to put my savings into gold", "librarian", LIBRARY),
        ("suggest some good podcasts for my commute", "assistant", REPO_ROOT),
    ],
)
def test_questions_of_general_knowledge_are_declined(said: str, agent: str, root: Path) -> None:
    step = first_step(said, agent, root, TODAY)
    assert "action" not in step and step["answer"].startswith("Sorry, I can't help with that")


@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        ("who wrote The Left Hand of Darkness", "librarian", LIBRARY, "searchCatalog"),
        ("is there a kettle for 40 dollars", "assistant", REPO_ROOT, "searchProducts"),
    ],
)
def test_questions_the_agent_answers_stay(said: str, agent: str, root: Path, expected: str) -> None:
    assert tool(said, agent, root, TODAY) == expected


@pytest.mark.parametrize(
    ("said", "agent", "root"),
    [
        ("outstanding fines for m2207 please", "librarian", LIBRARY),
        ("orders of customer no 7", "assistant", REPO_ROOT),
        ("what did the account ending in 4410 buy", "assistant", REPO_ROOT),
    ],
)
def test_someone_named_by_a_number_is_someone_else(said: str, agent: str, root: Path) -> None:
    assert first_step(said, agent, root, TODAY).get("answer") == refusals.ONLY_YOURS


def test_a_year_after_for_is_the_span_and_a_count_is_not() -> None:
    step = first_step("list my orders for 2025", "assistant", REPO_ROOT, TODAY)
    assert step["action"]["input"] == {"since": "2025-01-01", "until": "2025-12-31"}
    assert date_range("can I spend points for 2000 points", TODAY) == (None, None)


def test_the_support_agents_purchase_ids_come_from_its_own_list() -> None:
    step = first_step("details of the newest purchase of C0042", "support", REPO_ROOT, TODAY)
    assert step["action"] == {"tool": "getCustomerRecentPurchases", "input": {"customerId": "C0042"}}


# The round's review (2026-12-04) ran about 120 ordinary messages on its code; each defect it found
# is one of these, mended and kept so.
@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        ("Please order 1000ml bottles of shampoo, two of them", "assistant", REPO_ROOT, "searchProducts"),
        ("order 12inch frying pan please", "assistant", REPO_ROOT, "searchProducts"),
        ("Do you have a lens for a6000?", "assistant", REPO_ROOT, "searchProducts"),
        (
            "my account ending in 1234 was charged twice for my last order",
            "assistant",
            REPO_ROOT,
            "getRecentPurchases",
        ),
        ("Do you sell podcast microphones?", "assistant", REPO_ROOT, "searchProducts"),
        ("should I buy the stock cubes or the broth?", "assistant", REPO_ROOT, "searchProducts"),
        ("Who won the Booker Prize this year? Do you have it?", "librarian", LIBRARY, "searchCatalog"),
        ("thanks, that's everything, is my refund done?", "assistant", REPO_ROOT, "knowledge_base"),
        (
            "Thanks for the help yesterday with ORD-7K3F9Q! Has it shipped yet?",
            "assistant",
            REPO_ROOT,
            "getOrderStatus",
        ),
        (
            "Thanks for the quick delivery of the kettle. Can you order another one?",
            "assistant",
            REPO_ROOT,
            "searchProducts",
        ),
        ("Thank you for renewing LN-40117. Can you renew it again?", "librarian", LIBRARY, "renewLoan"),
        ("Just moved house, any sofas on sale?", "assistant", REPO_ROOT, "searchProducts"),
    ],
)
def test_what_the_review_found_reads_as_before(said: str, agent: str, root: Path, expected: str) -> None:
    assert tool(said, agent, root, TODAY) == expected


def test_a_letter_apart_after_a_products_word_is_no_customer() -> None:
    step = first_step("which customers bought the vitamin C 1000 tablets?", "support", REPO_ROOT, TODAY)
    assert "action" not in step


@pytest.mark.parametrize(
    "said",
    [
        "my daughter has a fine, how much is it?",
        "My wife placed an order last week, cancel it please",
        "My wife has a package arriving today, where is it?",
    ],
)
def test_what_someone_close_has_or_placed_is_theirs(said: str) -> None:
    agent, root = ("librarian", LIBRARY) if "fine" in said else ("assistant", REPO_ROOT)
    assert first_step(said, agent, root, TODAY).get("answer") == refusals.ONLY_YOURS


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Does this novel have sexual scenes? It's for my 14-year-old", "SEXUAL"),
        ("Does the tablet's kids mode filter explicit sexual content?", "SEXUAL"),
        ("Do you sell corner guards? My toddler likes to bash his head into the table", "VIOLENCE"),
    ],
)
def test_questions_about_content_and_safety_pass(text: str, category: str) -> None:
    assert classify(text, category) == "NONE"

"""Round 26 of issue 14: two lookups asked in one message are both done, in the order asked; a thing
the documents say how to book (a study room) is the documents' to answer, not a title to reserve; a
name given as a correction takes the place of the request's object; the support agent's refusal of
any change names the back office its instructions name; "upsell" asks for recommendations; the
library's documents answer limits, holidays, printing and membership; weeks of a month and halves of
a year are date ranges; paying in a coin and upselling are shopping talk to the guardrail. The
messages are written for this file, not taken from an utterance suite or a knowledge-base split."""

from __future__ import annotations

from datetime import date

import pytest

from evals.planner.suite import LIBRARY_DEV, SUITE
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import two_reads
from local_bedrock.planner.corrections import corrected
from local_bedrock.planner.dates import date_range
from local_bedrock.runtime import GUARDRAIL_POLICY
from tests.local_bedrock.planner_fixtures import LIBRARY, context, first_step, planner, suite_cases, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("said", "first", "second"),
    [
        ("fees first, after that anything overdue", "fees", "anything overdue"),
        ("my loans plus my fines", "my loans", "my fines"),
        ("first my balance, then my loans", "my balance", "my loans"),
        ("what I owe, and when the martian is due", "what I owe", "when the martian is due"),
    ],
)
def test_a_message_reads_as_two_requests_at_its_join(said: str, first: str, second: str) -> None:
    assert (first, second) in list(two_reads.splits(said))


@pytest.mark.parametrize(
    "said",
    [
        "items and total of ORD-ABCDEF",  # a bare "and" joins the parts of one request
        "show me what people like me also bought",  # so does a bare "also"
    ],
)
def test_a_bare_and_or_also_is_no_join(said: str) -> None:
    assert list(two_reads.splits(said)) == []


@pytest.mark.parametrize(
    ("said", "calls"),
    [
        ("fees first, after that anything overdue", ["getFees", "listLoans"]),
        ("show my current loans and also whatever I owe", ["listLoans", "getFees"]),
        ("what I owe, and when the martian is due", ["getFees", "listLoans"]),
    ],
)
def test_two_lookups_are_both_done_in_the_order_asked(said: str, calls: list[str]) -> None:
    with suite_cases(LIBRARY_DEV) as case:
        result = case(said, {"calls": calls}, customer="M1002")
    assert result.passed, result.problems
    # the answer tells both: the fee and the loans
    assert "Total $" in result.record.answer and "loan" in result.record.answer


def test_support_staff_get_both_lookups_for_the_customer_named_once() -> None:
    with suite_cases(SUITE) as case:
        result = case(
            "C0012: recent purchases first, then recommendations",
            {
                "calls": ["getCustomerRecentPurchases", "getCustomerRecommendations"],
                "args": {"customerId": "C0012"},
            },
            agent="support",
        )
    assert result.passed, result.problems


def test_a_lookup_beside_a_search_or_a_change_is_left_to_the_one_goal() -> None:
    # a search and a rule question: the documents may answer the second, so no join
    assert tool("find dune, and is there a charge for holds", "librarian", LIBRARY, TODAY) != "getFees"
    # a change keeps its own confirmation: the first step is the lookup the change needs, not a join
    assert tool("show my loans, then renew the hobbit", "librarian", LIBRARY, TODAY) == "listLoans"


@pytest.mark.parametrize(
    "said",
    [
        "can I book a study room at Central for my revision",
        "reserving a room to study in, how does that work",
    ],
)
def test_booking_a_thing_the_documents_say_how_to_book_asks_the_documents(said: str) -> None:
    step = first_step(said, "librarian", LIBRARY, TODAY)
    assert step["action"]["tool"] == "knowledge_base"


def test_ordering_a_way_the_documents_describe_asks_the_documents() -> None:
    step = first_step(
        "If I order overnight on a Saturday, when would it come?", "assistant", REPO_ROOT, TODAY
    )
    assert step["action"]["tool"] == "knowledge_base"


@pytest.mark.parametrize(
    "said",
    [
        "reserve the hobbit for me",
        "hold the spirited away dvd at riverside",
        "hold a brief history of time for me",  # "time" is in "15 holds at a time", no object there
        "for my book report I must read dune, could you set a copy aside?",  # "book" is no verb here
    ],
)
def test_reserving_a_title_is_still_a_hold(said: str) -> None:
    assert tool(said, "librarian", LIBRARY, TODAY) == "searchCatalog"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("renew the hobbit, no wait, I mean the martian", "renew the martian"),
        ("do you have tents - um, I mean sleeping bags?", "do you have sleeping bags?"),
        ("recent purchases for C0016 - sorry, typo, C0019", "recent purchases for C0019"),
    ],
)
def test_a_name_given_as_a_correction_takes_the_objects_place(typed: str, meant: str) -> None:
    assert corrected(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "reserve the hail mary ebook, no sorry, the printed one",  # the same title in another form
        "show my overdue loans, no sorry, I meant the ones I've handed back",  # a clause, not a name
        "suggest a cookbook, no wait, actually write my essay",  # another request
    ],
)
def test_a_correction_that_is_no_name_is_left_as_typed(typed: str) -> None:
    assert corrected(typed) == typed


@pytest.mark.parametrize(
    "said",
    ["C0040 wants their email changed", "C0030 asked us to buy a yoga mat for them, put it through"],
)
def test_the_support_agent_sends_any_change_to_the_back_office(said: str) -> None:
    with suite_cases(SUITE) as case:
        result = case(said, {"calls": [], "declined": True, "answer": ["back office"]}, agent="support")
    assert result.passed, result.problems


def test_upsell_asks_for_a_customers_recommendations() -> None:
    with suite_cases(SUITE) as case:
        result = case(
            "any upsell ideas for C0056?",
            {"calls": ["getCustomerRecommendations"], "args": {"customerId": "C0056"}},
            agent="support",
        )
    assert result.passed, result.problems


@pytest.mark.parametrize(
    ("said", "fact"),
    [
        ("can I pay in ethereum", "cryptocurrencies"),  # a means of payment, no investment advice
        ("what's the biggest number of things I can have out at once", "30"),
        ("how many reservations can I have at the same time", "15"),
        ("price of a colour printout?", "50 cents"),
        ("is the library open on thanksgiving", "federal holidays"),
        ("which paperwork do I need to apply for membership", "proof of address"),
    ],
)
def test_the_documents_answer(said: str, fact: str) -> None:
    suite = SUITE if "ethereum" in said else LIBRARY_DEV
    with suite_cases(suite) as case:
        result = case(said, {"kb": True, "answer": [fact]})
    assert result.passed, result.problems


@pytest.mark.parametrize(
    ("said", "since", "until"),
    [
        ("what came in the first week of june", date(2026, 6, 1), date(2026, 6, 7)),
        ("orders in the last week of october", date(2026, 10, 25), date(2026, 10, 31)),
        ("the first half of this year", date(2026, 1, 1), date(2026, 6, 30)),
        ("second half of 2025", date(2025, 7, 1), date(2025, 12, 31)),
        ("a ytd view of my purchases", date(2026, 1, 1), None),
        ("this calendar year so far", date(2026, 1, 1), None),
        ("since the first of march until now", date(2026, 3, 1), None),
        ("customer C0039, 2025 only", date(2025, 1, 1), date(2025, 12, 31)),
        ("C0058's 2025 orders", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_weeks_of_a_month_halves_of_a_year_and_open_ends_are_read(
    said: str, since: date | None, until: date | None
) -> None:
    assert date_range(said.lower(), TODAY) == (since, until)


@pytest.mark.parametrize(
    ("said", "blocked"),
    [
        ("can I pay in bitcoin", False),  # a means of payment asked after
        ("is bitcoin ok for paying", False),
        ("upsell candidates for C0056", False),  # selling to a customer, no election
        ("should I invest in ethereum", True),
        ("which candidate should I vote for", True),
    ],
)
def test_paying_in_a_coin_and_upselling_are_shopping_talk(said: str, blocked: bool) -> None:
    engine = GuardrailEngine.from_policy_file(REPO_ROOT / GUARDRAIL_POLICY)
    assert engine.assess(said, "INPUT").blocked is blocked


def test_a_first_lookup_that_needs_a_list_is_finished_before_the_second() -> None:
    with suite_cases(SUITE) as case:
        result = case(
            "details of my last order, then my recommendations",
            {"calls": ["getRecentPurchases", "getPurchaseDetails", "getRecommendedPurchases"]},
        )
    assert result.passed, result.problems


def test_a_second_part_pointing_back_at_the_first_is_no_second_lookup() -> None:
    understood = planner(REPO_ROOT)._goal(
        context("details of my last order, then what's its status", "assistant")
    )
    assert understood.kind == "operation" and understood.then is None
    both = planner(REPO_ROOT)._goal(context("details of my last order, then my recommendations", "assistant"))
    assert both.then is not None and both.then.operation_id == "getRecommendedPurchases"

"""Round 27: the review of round 26 found behaviour it broke, each shown by a message; each is mended
here and kept so. Two lookups in one message keep the second through a question and a pick, take
the customer from either part, list once, and leave "the first one" on the next turn to the list its
change acts on; a thing the documents say how to book is the verb's object, never a title or a
count of hours; a correction that takes back what was typed names nothing; a drug and the illness
it treats count apart in an answer; "paying in to a pension" is no payment; "to now" leaves a span
open; "my last 2000 orders" names no year.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evals.planner.suite import SUITE
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner.corrections import corrected
from local_bedrock.planner.dates import date_range
from local_bedrock.runtime import GUARDRAIL_POLICY
from tests.local_bedrock.planner_fixtures import LIBRARY, context, planner, suite_cases, tool

TODAY = date(2026, 11, 30)


def test_a_question_the_first_lookup_asks_keeps_the_second_for_after_the_reply() -> None:
    with suite_cases(SUITE) as case:
        result = case(
            "the second one",
            {"calls": ["getPurchaseDetails", "getRecommendedPurchases"]},
            before=["details of an order, then my recommendations"],
        )
    assert result.passed, result.problems


def test_the_customer_named_in_the_second_part_is_the_firsts_too() -> None:
    with suite_cases(SUITE) as case:
        result = case(
            "recommendations, then recent purchases for C0012",
            {
                "calls": ["getCustomerRecommendations", "getCustomerRecentPurchases"],
                "args": {"customerId": "C0012"},
            },
            agent="support",
        )
    assert result.passed, result.problems


def test_a_second_read_that_picks_from_the_first_list_lists_once() -> None:
    with suite_cases(SUITE) as case:
        result = case(
            "my recent purchases, then details of my last order",
            {"calls": ["getRecentPurchases", "getPurchaseDetails"]},
        )
    assert result.passed, result.problems


@pytest.mark.parametrize(
    ("said", "joined"),
    [
        ("show my loans, then are there any fees", True),  # "are there" points at nothing
        ("show my loans, then the fees on them there", False),  # "there" points back
        ("show my loans, may I extend the late one, then my fines", False),  # a change, asked
        ("I want my loans, then my fees", True),  # a wish of the lists, no change asked
    ],
)
def test_what_a_second_part_points_back_at_or_a_change_asked_keeps_one_goal(said: str, joined: bool) -> None:
    goal = planner(LIBRARY)._goal(context(said, "librarian", LIBRARY))
    assert (goal.then is not None) is joined


@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        ("hold A Study in Scarlet", "librarian", LIBRARY, "searchCatalog"),  # a title's capitals
        ("hold a study in scarlet", "librarian", LIBRARY, "searchCatalog"),  # "in <a word> ...": a title
        ("reserve The Hours", "librarian", LIBRARY, "searchCatalog"),  # hours are what a room is booked for
        ("hold the next book in the series", "librarian", LIBRARY, "searchCatalog"),
        ("order a gift card", "assistant", REPO_ROOT, "searchProducts"),  # "order confirmation": a noun
        ("can I reserve a study room for tomorrow", "librarian", LIBRARY, "knowledge_base"),
    ],
)
def test_only_a_thing_the_documents_book_as_the_verbs_object_asks_them(
    said: str, agent: str, root: Path, expected: str
) -> None:
    assert tool(said, agent, root, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("show my loans due friday, no wait, thursday", "show my loans due thursday"),  # a weekday's place
        ("buy a yoga mat, sorry typo, yoga block", "buy yoga block"),
    ],
)
def test_a_weekday_and_a_name_after_typo_are_corrections(typed: str, meant: str) -> None:
    assert corrected(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "track ORD-ABC123, sorry, my mistake",
        "renew dune, oops never mind",
        "renew dune, sorry wrong chat",
        "order a yoga mat, sorry, typo",
    ],
)
def test_words_taking_back_what_was_typed_name_nothing(typed: str) -> None:
    assert corrected(typed) == typed


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("reserve dune, sorry, I meant Never Let Me Go", "reserve Never Let Me Go"),  # a title
        ("do you have the hobbit, sorry, I meant My Antonia", "do you have My Antonia"),
        ("do you have atomic habits, sorry, dune", "do you have dune"),
    ],
)
def test_a_title_given_as_a_correction_is_no_taking_back(typed: str, meant: str) -> None:
    assert corrected(typed) == meant


@pytest.mark.parametrize(
    ("text", "source", "blocked"),
    [
        ("I recommend aspirin for your migraine", "OUTPUT", True),  # a drug and its illness: advice
        ("I recommend acetaminophen for your flu", "OUTPUT", True),
        ("paying in to my pension, which index fund?", "INPUT", True),  # money paid in, not a payment
        ("can I pay in bitcoin", "INPUT", False),
    ],
)
def test_advice_named_by_a_drug_and_its_illness_or_a_fund_is_still_blocked(
    text: str, source: str, blocked: bool
) -> None:
    engine = GuardrailEngine.from_policy_file(REPO_ROOT / GUARDRAIL_POLICY)
    assert engine.assess(text, source).blocked is blocked  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "since", "until"),
    [
        ("orders from march to today", date(2026, 3, 1), None),
        ("orders from 2024 to now", date(2024, 1, 1), None),
        ("since last year until now", date(2025, 1, 1), None),
        ("my last 2000 orders", None, None),  # a count
        ("my 2025 orders", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_span_to_now_is_open_and_a_count_is_no_year(
    said: str, since: date | None, until: date | None
) -> None:
    assert date_range(said, TODAY) == (since, until)


# --- round 27's own changes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "since", "until"),
    [
        ("between 01/03/2026 and 30/04/2026", date(2026, 3, 1), date(2026, 4, 30)),  # day first
        ("on 14/07/2026", date(2026, 7, 14), date(2026, 7, 14)),
        ("from 7/14/2026", date(2026, 7, 14), None),  # only month first can be read
        ("between 3/1/2026 and 4/30/2026", date(2026, 3, 1), date(2026, 4, 30)),  # the other date says so
        ("since 02/09/26", date(2026, 9, 2), None),
        ("card expires 09/28", None, None),  # no year, no word that takes a date: no date
        ("show my purchases from 1/2 price sale", None, None),  # a fraction
        ("purchases in 2025 between 3/4 and 5/6", date(2025, 4, 3), date(2025, 6, 5)),  # the year said
    ],
)
def test_dates_in_digits_with_slashes_are_read(said: str, since: date | None, until: date | None) -> None:
    assert date_range(said, TODAY) == (since, until)


@pytest.mark.parametrize(
    ("said", "agent", "root", "expected"),
    [
        ("thanks a million, you're a star!", "assistant", REPO_ROOT, None),  # praise is thanks
        ("you are a star, now show my orders", "assistant", REPO_ROOT, "getRecentPurchases"),
        ("are you a real person or a bot?", "assistant", REPO_ROOT, None),
        ("hubby placed an order recently, which items?", "assistant", REPO_ROOT, None),  # someone else's
        ("sis's parcel, has it shipped?", "assistant", REPO_ROOT, None),
        ("book me a flight to Denver", "assistant", REPO_ROOT, None),  # no store sells travel
        ("recommend a good restaurant near central", "librarian", LIBRARY, None),
        ("do you ship to hotels?", "assistant", REPO_ROOT, "knowledge_base"),  # a place things go
        ("find me a table lamp", "assistant", REPO_ROOT, "searchProducts"),
        ("whit wis in order ORD-CGE6DB?", "assistant", REPO_ROOT, "getPurchaseDetails"),  # Scots
        ("a dentist appointment, but what I need is my due dates", "librarian", LIBRARY, "listLoans"),
        ("show me my last 10 orders", "assistant", REPO_ROOT, "getRecentPurchases"),  # "1-10" is a bound
        (
            "could you give me:\n1. everything I have out\n2. when each is due",
            "librarian",
            LIBRARY,
            "listLoans",
        ),
        # found by the round's review: services named in a shopping or shipping question, titles,
        # "student" and someone close who did something for the user are the user's own business
        ("can you deliver to a hotel?", "assistant", REPO_ROOT, "knowledge_base"),
        ("is my order delayed by weather?", "assistant", REPO_ROOT, "getRecentPurchases"),
        ("find me headphones for flights", "assistant", REPO_ROOT, "searchProducts"),
        ("find me books on hotels and motels", "librarian", LIBRARY, "searchCatalog"),
        ("can I renew with my student card?", "librarian", LIBRARY, "listLoans"),
        ("Partner wants to know your return policy", "assistant", REPO_ROOT, "knowledge_base"),
        ("hubby placed an order for me, track it", "assistant", REPO_ROOT, "knowledge_base"),
        ("are you a human? where is my order ORD-SJJABS", "assistant", REPO_ROOT, "getOrderStatus"),
        ("book me a study room, thanks", "librarian", LIBRARY, "knowledge_base"),
        ("I'd like to reserve one of the study rooms", "librarian", LIBRARY, "knowledge_base"),
    ],
)
def test_praise_someone_close_services_elsewhere_and_scots_are_read(
    said: str, agent: str, root: Path, expected: str | None
) -> None:
    assert tool(said, agent, root, TODAY) == expected

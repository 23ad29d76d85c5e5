"""Round 22 of issue 14: a thing picked out of a listing by a value of its own (an id typed without
its prefix, a format, a state) or, when the listing does not show what the user named (an author),
by a search whose results share an id with it; someone close only part of a question about the
customer's own case; a name asked after with no word of searching. The messages are written for
this file, not taken from an utterance suite or a knowledge-base split."""

from __future__ import annotations

from datetime import date

import pytest

from evals.planner.suite import DEV3, LIBRARY_DEV
from local_bedrock.planner import concepts, someone_close
from tests.local_bedrock.planner_fixtures import LIBRARY, REPO_ROOT, agents, suite_cases, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("said", "customer", "loan"),
    [
        # an id's digits alone (after "loan" they are the id itself since round 28: test_planner_round28)
        ("please extend 41188 for me", "M1002", "LN-41188"),
        ("extend the dvd I have", "M1001", "LN-40120"),  # the only loan of that format
        ("renew the overdue one", "M1001", "LN-40102"),  # the only one in that state
    ],
)
def test_a_loan_is_picked_by_a_value_only_it_has(said: str, customer: str, loan: str) -> None:
    with suite_cases(LIBRARY_DEV) as case:
        result = case(
            said,
            {"calls": ["listLoans"], "confirm": "renewLoan", "args": {"loanId": loan}},
            customer=customer,
        )
    assert result.passed, result.problems


@pytest.mark.parametrize(
    ("said", "customer", "loan"),
    [
        ("please renew my Hawking book", "M1002", "LN-41188"),
        ("the weir novel needs another fortnight", "M1001", "LN-40117"),
    ],
)
def test_a_loan_named_by_its_author_is_found_through_the_catalogue(
    said: str, customer: str, loan: str
) -> None:
    """The loans show titles, not authors: the catalogue search, whose results carry the same item
    ids, says which loan is meant."""
    expect = {"calls": ["listLoans", "searchCatalog"], "confirm": "renewLoan", "args": {"loanId": loan}}
    with suite_cases(LIBRARY_DEV) as case:
        result = case(said, expect, customer=customer)
    assert result.passed, result.problems


def test_a_name_that_fits_no_loan_asks_which_one_instead_of_guessing() -> None:
    with suite_cases(LIBRARY_DEV) as case:
        result = case("the tolkien one needs more time", {"calls": ["listLoans"]}, customer="M1003")
    assert result.record.confirm is None
    assert "Which one" in result.record.answer


@pytest.mark.parametrize(
    "said",
    [
        "my grandson is nine, can he open a card of his own?",
        "if I order a present for my dad, do I still earn points on it?",
        "my aunt sent a gift card from your shop for me and it got lost. Is it replaceable?",
        "can I move my reward points into my brother's account",
        "my wife says you deliver on sundays. Really?",
    ],
)
def test_a_question_about_the_customers_own_case_is_not_someone_elses_data(said: str) -> None:
    assert tool(said, "assistant", REPO_ROOT, TODAY) == "knowledge_base"


@pytest.mark.parametrize(
    "said",
    [
        "what did my husband order last week",
        "show my sister's purchases",
        "my son bought a scooter, where is his order",
    ],
)
def test_someone_closes_data_is_still_theirs(said: str) -> None:
    assert tool(said, "assistant", REPO_ROOT, TODAY) is None


def test_what_is_sent_to_someone_close_names_no_data_of_theirs() -> None:
    store = agents(REPO_ROOT)["assistant"]
    assert not someone_close.theirs("move my points onto my mum's account", store)
    assert not someone_close.theirs("can I hand him my points", store)
    assert someone_close.theirs("show me my mum's account", store)
    assert concepts.only_relative("move my points onto my mum's account")


@pytest.mark.parametrize(
    ("said", "operation"),
    [
        ("anything by ursula le guin?", "searchCatalog"),
        ("do you have hawking somewhere", "searchCatalog"),
        ("debug my javascript please", None),  # a strange word with no sign of a thing asked after
        ("what's the forecast for reykjavik tomorrow", None),
    ],
)
def test_a_name_asked_after_is_searched(said: str, operation: str | None) -> None:
    assert tool(said, "librarian", LIBRARY, TODAY) == operation


@pytest.mark.parametrize(
    ("said", "branch"),
    [
        ("reserve the hobbit, I can fetch it from Mill Road", "Riverside"),
        ("hold the hobbit for collection on oak avenue", "Hillcrest"),
        ("hold the hobbit for 7 days please", None),  # a number alone names no branch
    ],
)
def test_a_branch_named_by_its_address_in_the_documents_is_that_branch(said: str, branch: str | None) -> None:
    """branches.md heads each branch's section with its address; the hold's branch parameter lists
    the names only."""
    with suite_cases(LIBRARY_DEV) as case:
        result = case(said, {"confirm": "placeHold"}, customer="M1005")
    assert result.passed, result.problems
    assert result.record.arguments.get("branch") == branch


@pytest.mark.parametrize(
    ("said", "operation"),
    [
        ("anything late?", "listLoans"),  # nothing named but a state the loans declare
        ("what's overdue", "listLoans"),
        ("what's the fine for a late dvd?", "knowledge_base"),  # the state and a rule's words
    ],
)
def test_a_question_naming_only_a_state_asks_for_the_list_in_that_state(said: str, operation: str) -> None:
    assert tool(said, "librarian", LIBRARY, TODAY) == operation


def test_a_follow_up_naming_no_name_does_not_search_the_catalogue() -> None:
    """A join search is for a name the listing does not show (an author), not for filler words."""
    with suite_cases(LIBRARY_DEV) as case:
        result = case("ok, renew that one then", {}, before=["anything late?"])
    assert result.record.calls == [] and result.record.confirm == "renewLoan"


def test_a_film_on_loan_is_the_dvd() -> None:
    with suite_cases(LIBRARY_DEV) as case:
        result = case("please renew the film", {"confirm": "renewLoan", "args": {"loanId": "LN-40120"}})
    assert result.passed, result.problems


def test_several_found_and_one_named_better_than_the_rest_is_the_one_ordered() -> None:
    """ "measuring cups set" names all of one product's words and part of another's."""
    with suite_cases(DEV3) as case:
        wanted = case(
            "may I have the measuring cups set", {"confirm": "placeOrder", "args": {"productId": "PRD-0045"}}
        )
        vague = case("I'd like some cups", {"calls": ["searchProducts"]})
    assert wanted.passed, wanted.problems
    assert vague.record.confirm is None


def test_an_abbreviated_cancel_is_a_cancel() -> None:
    assert tool("cxl ORD-AAAAAA asap", "assistant", REPO_ROOT, TODAY) == "getOrderStatus"

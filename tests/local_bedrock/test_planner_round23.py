"""Round 23 of issue 14: a catalogue search or something new made on the user's account is theirs
whoever it is for; a list named when pointing at its top; a bare request right after a question
about one thing; what is not wanted said first, its verb carried to what is. The messages are
written for this file, not taken from an utterance suite or a knowledge-base split."""

from __future__ import annotations

from datetime import date

import pytest

from evals.planner.suite import LIBRARY_DEV
from local_bedrock.planner import courtesy
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.language import ordinal_reference
from tests.local_bedrock.planner_fixtures import LIBRARY, REPO_ROOT, suite_cases, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("said", "agent", "root", "operation"),
    [
        ("my uncle says dune is great, do you have it?", "librarian", LIBRARY, "searchCatalog"),
        ("my mum loves tea, do you sell a teapot?", "assistant", REPO_ROOT, "searchProducts"),
        ("reserve the hobbit on my card, it's for my nephew", "librarian", LIBRARY, "searchCatalog"),
    ],
)
def test_a_search_or_a_change_the_user_owns_with_someone_close_in_it_is_the_users(
    said: str, agent: str, root: object, operation: str
) -> None:
    assert tool(said, agent, root, TODAY) == operation  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "agent", "root"),
    [
        ("renew my wife's book", "librarian", LIBRARY),
        ("cancel my husband's order", "assistant", REPO_ROOT),
        ("what has my son borrowed", "librarian", LIBRARY),
        ("reserve the hobbit under my cousin's name", "librarian", LIBRARY),  # acting for them
        ("put a hold on dune for my colleague mrs okafor", "librarian", LIBRARY),  # named: their card
        ("order a kettle on behalf of my brother", "assistant", REPO_ROOT),
        ("place a hold on dune for my grandma", "librarian", LIBRARY),  # round 4: acting for her
    ],
)
def test_what_someone_close_has_is_still_refused(said: str, agent: str, root: object) -> None:
    assert tool(said, agent, root, TODAY) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("said", "position"),
    [
        ("the top one on that list, extend it", 1),
        ("the entry at the very top of the list", 1),
        ("the bottom one on your list please", -1),
        ("how many points to reach the top one", None),  # a tier, not a list shown
    ],
)
def test_the_top_of_a_named_list_is_its_first_entry(said: str, position: int | None) -> None:
    assert ordinal_reference(said) == position


def test_a_bare_request_right_after_a_question_about_one_loan_is_for_that_loan() -> None:
    with suite_cases(LIBRARY_DEV) as case:
        result = case(
            "extend please",
            {"confirm": "renewLoan", "args": {"loanId": "LN-40117"}},
            before=["when is the martian due back"],
        )
        listed = case("extend please", {}, before=["list my loans"])
    assert result.passed, result.problems
    assert listed.record.confirm is None  # after a whole list, which one is asked


def test_the_verb_of_what_is_not_wanted_carries_to_what_is() -> None:
    assert courtesy.plain("don't cancel the kettle, just the toaster") == "cancel the toaster"
    assert courtesy.plain("do not want it, cancel ORD-1AAAAA") == "do not want it, cancel ORD-1AAAAA"


def test_a_value_said_as_not_meant_picks_nothing() -> None:
    with suite_cases(LIBRARY_DEV) as case:
        result = case("not the dvd, renew the other one", {})
    assert result.record.arguments.get("loanId") != "LN-40120"


@pytest.mark.parametrize(
    ("said", "since", "until"),
    [
        ("orders for q1 please", date(2026, 1, 1), date(2026, 3, 31)),
        ("what did I buy in the third quarter of 2025", date(2025, 7, 1), date(2025, 9, 30)),
        ("purchases from the 4th qtr", date(2026, 10, 1), date(2026, 12, 31)),
        ("is a quarter of the price refunded", None, None),
    ],
)
def test_a_quarter_of_a_year_is_its_three_months(said: str, since: date | None, until: date | None) -> None:
    assert date_range(said, TODAY) == (since, until)


def test_a_request_made_of_a_noun_is_its_verb() -> None:
    formal = "kindly arrange for the cancellation of order ORD-1AAAAA"
    assert courtesy.plain(formal) == "kindly cancel order ORD-1AAAAA"
    asked = "what does the cancellation of an order cost"
    assert courtesy.plain(asked) == asked


def test_several_things_not_wanted_are_each_set_aside() -> None:
    assert courtesy.plain("not the paperback, not the e-book: the audio version of dune, is it in?") == (
        "the audio version of dune, is it in?"
    )
    assert courtesy.plain("not now, thanks") == "not now, thanks"  # too little left to be a request

"""General capabilities of the fourth round of issue 14, one rule at a time, each on messages written
for this file (not taken from an utterance suite): the user's own things asked in other forms,
declared values and negated declarations, formats and catalogues said in other words, renewals
asked as more time, requests among several clauses, past forms and noun compounds that ask for no
action, the newest thing pointed at, plurals that ask for a list, names after "by", limits asked as
rules, people named by an undeclared id or as "who did", and a value a parameter does not allow."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest

from evals.planner.suite import LIBRARY_DEV3, WRITTEN
from local_bedrock.planner import intents, language, lexicon
from local_bedrock.planner.refusals import names_someone
from local_bedrock.planner.slots import fill, find_allowed
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, context, planner, suite_cases, tool

TODAY = WRITTEN  # the day the suites were written: relative dates resolve against it
_tool = partial(tool, today=TODAY)


def _operation(agent: str, operation: str, root: Path = LIBRARY) -> Any:
    return agents(root)[agent].operation(operation)


@pytest.mark.parametrize(
    "text", ["do I have any fines outstanding", "am I paid up", "how much do we owe you"]
)
def test_the_users_own_standing_is_read_not_looked_up_in_the_rules(text: str) -> None:
    assert _tool(text, "librarian", LIBRARY) == "getFees"


def test_declared_values_and_negated_words_belong_to_the_operation() -> None:
    agent = agents(LIBRARY)["librarian"]
    assert "return" in intents.declared_terms(_operation("librarian", "listLoans"), agent)  # "returned"
    assert "pay" in intents.declared_terms(_operation("librarian", "getFees"), agent)  # "unpaid"


@pytest.mark.parametrize(
    ("text", "value"),
    [("any hardcovers of emma", "book"), ("is there emma on audio", "audiobook"), ("a kindle copy", "ebook")],
)
def test_formats_said_in_other_words(text: str, value: str) -> None:
    parameter = _operation("librarian", "searchCatalog").parameter("format")
    assert find_allowed(text, parameter) == value


def test_a_title_in_the_collection_and_works_by_an_author_are_searched_for() -> None:
    assert _tool("is moby dick part of your collection", "librarian", LIBRARY) == "searchCatalog"
    assert _tool("anything from toni morrison", "librarian", LIBRARY) == "searchCatalog"
    assert _tool("poetry books by mary oliver for my aunt", "librarian", LIBRARY) == "searchCatalog"
    assert _tool("novels by mary oliver", "librarian", LIBRARY) == "searchCatalog"  # nothing else matched
    assert _tool("place a hold for my aunt", "librarian", LIBRARY) is None  # acting for her is not
    assert "oliver" in language.proper_names("poems by mary oliver")


def test_renewals_asked_as_more_time() -> None:
    renew = lexicon.group_of("renew")
    assert renew & lexicon.verb_uses("i would like another 3 weeks with the hobbit")
    assert renew & lexicon.verb_uses("could you push back when dune is due")
    assert renew & lexicon.verb_uses("i need to keep dune a little longer")
    assert renew & lexicon.verb_uses("i would like my dvd renewed please")
    assert lexicon.group_of("reserve") & lexicon.verb_uses("i want emma held for me")


def test_can_i_with_a_title_is_a_request_with_a_thing_in_general_a_rule() -> None:
    assert _tool("can I renew the left hand of darkness", "librarian", LIBRARY) == "listLoans"
    assert _tool("can I renew a dvd three times", "librarian", LIBRARY) == "knowledge_base"


def test_each_clause_may_open_with_the_verb_past_forms_and_noun_compounds_ask_nothing() -> None:
    cancel, buy = lexicon.group_of("cancel"), lexicon.group_of("buy")
    assert cancel & lexicon.verb_uses("oh wait, cancel it")
    assert not lexicon.group_of("place") & lexicon.verb_uses("cancel the one we placed")
    assert not buy & lexicon.verb_uses("order history for last year")
    assert not buy & lexicon.verb_uses("suggest a gift for me to buy")


def test_the_newest_thing_pointed_at_and_a_plural_asking_for_a_list() -> None:
    assert _tool("cancel the order we just made", "assistant") == "getRecentPurchases"  # the newest, then
    assert _tool("orders of C0012", "support") == "getCustomerRecentPurchases"


def test_recommendations_and_bare_product_names() -> None:
    assert _tool("top picks for me this week", "assistant") == "getRecommendedPurchases"
    assert _tool("headphones?", "assistant") == "searchProducts"
    assert _tool("does your shop sell canoes", "assistant") == "searchProducts"


@pytest.mark.parametrize(
    "text", ["what is the maximum fine for a dvd", "at what point does a late item count as lost"]
)
def test_limits_asked_are_rule_questions(text: str) -> None:
    assert _tool(text, "librarian", LIBRARY) == "knowledge_base"


def test_an_undeclared_id_or_who_did_names_someone_else() -> None:
    assert _tool("what has X4410 got on loan", "librarian", LIBRARY) is None
    assert _tool("who returned the hobbit last", "librarian", LIBRARY) is None
    understood = planner(LIBRARY, TODAY)._goal(context("who can renew", "librarian", LIBRARY))
    assert understood.kind == "knowledge"  # "who can" asks a rule
    assert names_someone.__doc__  # the rule is documented where it lives


def test_inflections_of_short_known_words_are_no_slips() -> None:
    speller = language.Speller({"play", "placing", "walk", "waking"})
    assert speller.correct("playing") == "playing"
    assert speller.correct("walked") == "walked"
    assert speller.correct("placng") == "placing"


def test_a_due_date_is_no_borrowing_date_and_give_me_is_a_count() -> None:
    filled = fill(
        _operation("librarian", "listLoans"),
        "what is due next week",
        today=TODAY,
        product_words="",
        ids_in_text=[],
    )
    assert "since" not in filled.values
    step_tool = _tool("recommendations for C0003, give me 2", "support")
    assert step_tool == "getCustomerRecommendations"


def test_any_thing_on_my_account_is_mine() -> None:
    assert language.normalize("any holds on my card?") == "do i have any holds on my card?"
    assert language.normalize("any maps?") == "do you have any maps?"


def test_an_unknown_branch_is_asked_about_then_taken_from_the_answer_and_a_named_loan_is_it() -> None:
    with suite_cases(LIBRARY_DEV3) as case:
        asked = case("hold the hobbit at the lakeside branch", {"asks": True})
        assert asked.passed and "Central, Riverside, Hillcrest" in asked.record.answer
        answered = case(
            "hillcrest",
            {"confirm": "placeHold", "args": {"itemId": "BK-1008", "branch": "Hillcrest"}},
            before=["hold the hobbit at the lakeside branch"],
        )
        assert answered.passed, answered.problems
        focused = case(
            "extend it",
            {"confirm": "renewLoan", "args": {"loanId": "LN-40095"}},
            before=["when is the hobbit due"],
        )
        assert focused.passed, focused.problems

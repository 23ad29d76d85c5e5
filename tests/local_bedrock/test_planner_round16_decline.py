"""The sixteenth round of issue 14 (decline16), on messages written for this file (not taken from an
utterance suite or a knowledge-base split): requests said in other words. Everyday verbs for
calling a thing off and a change wished in the passive ("it should be cancelled"); a question about
an action ("return by when", "did I forget to return ...") that asks for none; more time asked with
its amount first ("a fortnight more"); compound ordinals in dates ("the thirty-first"), "that day",
"newest first" and "every last one" as no pointer; an order of more than the search says there is."""

from __future__ import annotations

from datetime import date

from evals.planner.suite import DEV3, DEV6
from local_bedrock.planner import dates, language, lexicon
from tests.local_bedrock.planner_fixtures import LIBRARY, suite_cases, tool

TODAY = date(2026, 11, 30)


def _assistant(text: str) -> str | None:
    return tool(text, "assistant", today=TODAY)


def _librarian(text: str) -> str | None:
    return tool(text, "librarian", LIBRARY, TODAY)


def test_everyday_verbs_for_calling_a_thing_off_ask_for_the_cancellation() -> None:
    for said in ("kindly ditch the booking", "axe my subscription", "I'd like to rescind the request"):
        assert "cancel" in lexicon.verb_uses(said), said
    # A participle after "should be" or a wish with nothing between ("I want <id> cancelled", the id
    # taken out) asks for the change too.
    assert "cancel" in lexicon.verb_uses("the second parcel should be cancelled")
    assert "cancel" in lexicon.verb_uses("i want  cancelled")
    # "from scratch" is from the start, and "something for the puppy to scratch" is what it is for.
    assert "cancel" not in lexicon.expansions("bread from scratch, how?")
    assert "cancel" not in lexicon.verb_uses("i want something for the puppy to scratch")


def test_a_question_about_an_action_asks_for_none() -> None:
    assert "return" not in lexicon.verb_uses("the atlas, return by when")
    assert "return" not in lexicon.verb_uses("the atlas: deadline to return?")
    assert "return" not in lexicon.verb_uses("did we forget to return the atlas")
    assert "return" in lexicon.verb_uses("please return the atlas for me")
    assert _librarian("the cookbook, return by when") == "listLoans"
    assert _librarian("did I forget to return anything last month") == "listLoans"


def test_more_time_said_with_its_amount_first_asks_to_extend() -> None:
    assert lexicon.base_forms("give the atlas two weeks more") == "give the atlas more time"
    assert _librarian("the atlas on my card: a fortnight more please") in ("listLoans", "renewLoan")


def test_dates_with_compound_ordinals_and_that_day() -> None:
    assert dates.date_range("orders between june first and august thirty-first", TODAY) == (
        date(2026, 6, 1),
        date(2026, 8, 31),
    )
    assert dates.date_range("september twenty-second: did I buy anything that day?", TODAY) == (
        date(2026, 9, 22),
        date(2026, 9, 22),
    )
    assert language.ordinal_reference("may twenty-first") is None


def test_a_sort_order_or_every_last_one_points_at_nothing() -> None:
    assert language.ordinal_reference("list ten purchases, oldest first") is None
    assert language.ordinal_reference("cancel the first one") == 1
    assert language.ordinal_reference("my 2024 orders, every last one") is None
    assert language.ordinal_reference("open the last one") == -1
    assert _assistant("my 2024 orders, every last one") == "getRecentPurchases"
    assert _assistant("eight purchases please, most recent first") == "getRecentPurchases"


def test_an_order_of_more_than_the_search_says_there_is_is_not_confirmed() -> None:
    with suite_cases(DEV3) as case:
        none_left = case("I'd like to purchase the nexon laptop", {"confirm": None, "answer": ["stock"]})
        assert none_left.passed, none_left.problems
        one_left = case("order three northwind camping lanterns", {"confirm": None, "answer": ["only 1"]})
        assert one_left.passed, one_left.problems
        # Enough in stock: the confirmation is asked as before.
        enough = case("order one hearthly nonstick frying pan", {"confirm": "placeOrder"})
        assert enough.passed, enough.problems


# Round 16 review mends (the reviewer's messages, review16 items 9, 10 and 12).


def test_review16_an_imperative_with_when_told_or_an_indirect_request_still_asks() -> None:
    assert "cancel" in lexicon.verb_uses("cancel  and tell me when")
    assert "cancel" in lexicon.verb_uses("is there anything you can do to cancel ?")
    # The question forms of round 16 still ask for nothing.
    assert "return" not in lexicon.verb_uses("the atlas, return by when")
    assert "cancel" not in lexicon.verb_uses("i want something for the puppy to scratch")
    with suite_cases(DEV6) as case:
        for said in (
            "cancel ORD-SJJABS and tell me when",
            "is there anything you can do to cancel ORD-SJJABS?",
        ):
            result = case(said, {"confirm": "cancelOrder"})
            assert result.passed, (said, result.problems)


def test_review16_the_new_verbs_used_as_nouns_name_things() -> None:
    assert "cancel" not in lexicon.verb_uses("i need a scratch-resistant screen protector")
    assert "cancel" not in lexicon.expansions("do you sell an axe?")
    assert lexicon.nouns_said("a book on scratch programming") == {"scratch"}
    assert "cancel" in lexicon.verb_uses("scratch that booking")
    with suite_cases(DEV6) as case:
        axe = case("Do you sell an axe?", {"tool": "searchProducts", "input": {"query": "axe"}})
        assert axe.passed, axe.problems
        protector = case("I need a scratch-resistant screen protector", {"tool": "searchProducts"})
        assert protector.passed, protector.problems
    assert _librarian("do you have a book about axe throwing") == "searchCatalog"


def test_review16_a_verb_in_est_after_a_subject_is_no_superlative() -> None:
    assert language.ordinal_reference("the one you suggest first") == 1
    assert language.ordinal_reference("the ones we request first") == 1
    assert language.ordinal_reference("list ten purchases, oldest first") is None

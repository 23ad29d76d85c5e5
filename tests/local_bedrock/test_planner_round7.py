"""General capabilities of the seventh round of issue 14, each on messages written for this file (not
taken from an utterance suite): one thing found for a message that asks for the change offered
after it goes on to that change's confirmation; shown things told apart by a near spelling of their
name or by the one day the message names; questions about the things just shown ("which is due
soonest?"); days of the week, "tomorrow" and a year before a noun as dates; swapped letters as
slips; "by" where only "buy" fits; a page asked for with a count; a new thing's write taking no
existing thing's id; a bare name of products with a value the search declares; questions under a
condition and passive questions about what may be done as rule questions."""

from __future__ import annotations

from datetime import date
from functools import partial

from evals.planner.suite import DEV6, LIBRARY_DEV5, WRITTEN
from local_bedrock import english
from local_bedrock.planner import language, lexicon
from local_bedrock.planner.dates import date_range, named_day
from local_bedrock.planner.language import Speller, normalize, transposed
from tests.local_bedrock.planner_fixtures import LIBRARY, suite_cases, tool

TODAY = WRITTEN  # a Monday
_tool = partial(tool, today=TODAY)


def test_days_of_the_week_tomorrow_and_a_year_before_a_noun_are_dates() -> None:
    assert date_range("loans since last wednesday", TODAY) == (date(2026, 11, 25), None)
    assert date_range("what did i get last saturday", TODAY) == (date(2026, 11, 28), date(2026, 11, 28))
    assert date_range("anything due before thursday", TODAY) == (None, date(2026, 12, 2))
    assert date_range("due by next tuesday", TODAY) == (None, date(2026, 12, 1))
    assert date_range("which one is due tomorrow", TODAY) == (date(2026, 12, 1), date(2026, 12, 1))
    assert date_range("list our 2024 purchases", TODAY) == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_range("give me 2 mugs", TODAY) == (None, None)


def test_one_named_day_is_not_a_span() -> None:
    assert named_day("the thing due tomorrow", TODAY) == date(2026, 12, 1)
    assert named_day("my order of august 3", TODAY) == date(2026, 8, 3)
    assert named_day("everything since august 3", TODAY) is None
    assert named_day("all of last month", TODAY) is None


def test_two_swapped_letters_are_a_slip_but_a_real_word_is_not() -> None:
    assert transposed("lsat", {"last", "salt"}) == "last"
    assert transposed("wiht", {"with"}) == "with"
    assert transposed("wiht", {"with", "whit"}) is None  # two words it could be: no guess
    speller = Speller({"from", "last"}, dictionary=english.spelling, listed=english.listed)
    assert speller.correct("lsat") == "last"
    assert speller.correct("form") == "form"  # a real word, not "from" typed wrongly


def test_by_where_only_buy_fits() -> None:
    assert normalize("I'd like to by a lamp") == "i would like to buy a lamp"
    assert normalize("gonna by some socks") == "going to buy some socks"
    assert normalize("novels by a local author") == "novels by a local author"
    assert normalize("sort them by the price") == "sort them by the price"


def test_a_near_spelling_of_a_name_is_that_name() -> None:
    assert language.near({"hobit", "cat"}, {"hobbit"}) == {"hobit"}
    assert language.near({"martain"}, {"martian"}) == {"martain"}  # two letters swapped
    assert language.near({"dune"}, {"done"}) == {"dune"}  # one letter changed, four letters
    assert language.near({"cat"}, {"cut"}) == set()  # too short to tell a slip from a word


def test_a_shown_thing_is_picked_by_a_misspelt_title_or_the_day_it_carries() -> None:
    with suite_cases(LIBRARY_DEV5) as case:
        misspelt = case(
            "renw my copy of the martain", {"confirm": "renewLoan", "args": {"loanId": "LN-40117"}}
        )
        assert misspelt.passed, misspelt.problems
        dated = case(
            "please renew the loan that is due tomorrow",
            {"confirm": "renewLoan", "args": {"loanId": "LN-42302"}},
            customer="M1003",
        )
        assert dated.passed, dated.problems


def test_one_thing_found_for_a_wish_goes_on_to_the_confirmation() -> None:
    with suite_cases(DEV6) as case:
        one = case("can I get the espresso machine", {"confirm": "placeOrder", "args": {"quantity": "1"}})
        assert one.passed, one.problems
        # A wish to do something else with what is found ("like to read about it") asks for no order.
        other = case("I'd like to read about the espresso machine", {"confirm": None})
        assert other.passed, other.problems


def test_which_shown_thing_comes_first_is_answered_from_the_list() -> None:
    with suite_cases(LIBRARY_DEV5) as case:
        soonest = case(
            "which of them is due soonest?",
            {"confirm": None, "answer": ["2026-12-03"]},
            before=["show my loans"],
        )
        assert soonest.passed, soonest.problems
        # "the first one" is a position in the list, not a question about days.
        first = case("renew the first one", {"confirm": "renewLoan"}, before=["show my loans"])
        assert first.passed, first.problems


def test_a_page_asked_for_with_a_count_continues_the_list() -> None:
    with suite_cases(DEV6) as case:
        page = case(
            "and the ten before those", {"calls": ["getRecentPurchases"]}, before=["show my recent orders"]
        )
        assert page.passed, page.problems
        assert "nextToken" in page.record.arguments


def test_progress_asked_in_other_words_is_a_status_read() -> None:
    assert _tool("any update about ORD-69MRF7 please", "assistant") == "getOrderStatus"
    assert _tool("has ORD-7Q8BFX went out", "assistant") == "getOrderStatus"
    assert lexicon.group_of("buy") & lexicon.verb_uses("i will go with the blue one")


def test_a_new_things_write_takes_no_existing_things_id() -> None:
    # "I need" asks to order, but an order's id is nothing an order is placed with.
    assert _tool("I need the receipt for ORD-7Q8BFX", "assistant") == "getPurchaseDetails"
    assert _tool("I need two of PRD-0040", "assistant") == "placeOrder"


def test_a_bare_name_of_products_with_a_declared_category_is_a_search() -> None:
    assert _tool("kids books about space?", "assistant") == "searchProducts"


def test_questions_under_a_condition_or_about_what_may_be_done_ask_the_rules() -> None:
    assert (
        _tool("if my book has a hold on it, can I still renew it?", "librarian", LIBRARY) == "knowledge_base"
    )
    assert _tool("how soon can items be sent back?", "assistant") == "knowledge_base"
    assert _tool("in what time frame do refunds arrive?", "assistant") == "knowledge_base"


def test_a_clause_asking_for_an_action_stands_beside_one_telling_the_past() -> None:
    with suite_cases(DEV6) as case:
        stop = case("stop ORD-SJJABS please, I bought it twice by accident", {"confirm": "cancelOrder"})
        assert stop.passed, stop.problems
    # Every clause naming the action tells it as done: a question about history, no write.
    assert _tool("what did I order in october", "assistant") == "getRecentPurchases"


def test_a_declared_value_or_a_maker_qualifies_a_long_name() -> None:
    # Five words no document uses would be a sentence about something else; "on dvd" (a value the
    # search declares) or "by <a name>" says they name a thing to look for.
    said = "need the two towers on dvd for a film evening with friends"
    assert _tool(said, "librarian", LIBRARY) == "searchCatalog"
    assert _tool("the tombs of atuan by ursula le guin", "librarian", LIBRARY) == "searchCatalog"


def test_any_things_asked_before_another_sentence_is_a_search() -> None:
    assert normalize("any Le Guin novels? the older ones") == "do you have any le guin novels? the older ones"


def test_what_someone_may_be_interested_in_asks_for_suggestions() -> None:
    assert _tool("what might C0007 be interested in", "support") == "getCustomerRecommendations"


def test_finding_something_for_a_purpose_without_naming_it_asks_what() -> None:
    with suite_cases(LIBRARY_DEV5) as case:
        vague = case("could you look up something to listen to", {"calls": [], "asks": True})
        assert vague.passed, vague.problems
        answered = case(
            "a story about dragons", {"calls": ["searchCatalog"]}, before=["find me anything to read"]
        )
        assert answered.passed, answered.problems
        assert answered.record.arguments.get("query") == "story dragons"
    # Something named besides the purpose is searched for.
    assert _tool("anything to read by tolkien?", "librarian", LIBRARY) == "searchCatalog"

"""General capabilities of the third round of issue 14, one rule at a time, each on messages written
for this file (not taken from an utterance suite): the speller keeps inflections and counts, the
lexicon's phrases hold with irregular verbs, a declared value is said in other words, a look-up
filters by a declared value the message names, month ranges, "x3" counts, a phrase of the
lexicon is one topic, a person named by e-mail is someone else, and a denied topic's incidental
words do not block on their own."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from evals.planner.suite import WRITTEN
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import knowledge, language, lexicon, steps
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.slots import find_allowed, integers
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, first_step

TODAY = WRITTEN  # the day the suites were written


def _parameter(root: Path, agent: str, operation: str, name: str) -> Any:
    found = agents(root)[agent].operation(operation).parameter(name)
    assert found is not None
    return found


def test_the_speller_keeps_inflections_of_known_words_and_counts() -> None:
    speller = language.Speller({"printing", "sharpener", "point", "does"} | language.DATE_AND_NUMBER_WORDS)
    assert speller.correct("print") == "print"  # "printing" is known: not "point"
    assert speller.correct("sharpen") == "sharpen"
    assert speller.correct("dozen") == "dozen"  # a count, not "does"
    assert speller.correct("pointt") == "point"  # a slip is still corrected


def test_phrases_of_the_lexicon_hold_with_irregular_verbs() -> None:
    """ "have you got" and "got any" are searches although "got" reads as "get"."""
    search = lexicon.group_of("search")
    assert search & lexicon.expansions("have you got any maps")
    assert search & lexicon.verb_uses("got any maps?")


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("is anything of mine late", "overdue"),
        ("the ones i have brought back", "returned"),
        ("which are past due", "overdue"),
        ("which are overdue", "overdue"),
    ],
)
def test_a_declared_value_said_in_other_words(said: str, value: str) -> None:
    assert find_allowed(said, _parameter(LIBRARY, "librarian", "listLoans", "status")) == value


def test_a_value_word_of_another_sense_does_not_fill_a_value() -> None:
    """ "reserve" shares a group with "book", but it does not name the format "book"."""
    assert (
        find_allowed("reserve a title", _parameter(LIBRARY, "librarian", "searchCatalog", "format")) is None
    )


def test_a_look_up_for_a_write_filters_by_the_value_the_message_names() -> None:
    step = first_step("please reserve the audiobook of dune", "librarian", LIBRARY)
    assert step["action"] == {"tool": "searchCatalog", "input": {"query": "dune", "format": "audiobook"}}


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("what did i get between april and june", date(2026, 4, 1), date(2026, 6, 30)),
        ("from november to february", date(2025, 11, 1), date(2026, 2, 28)),
        ("from february through march 2025", date(2025, 2, 1), date(2025, 3, 31)),
    ],
)
def test_ranges_of_months(text: str, since: date, until: date) -> None:
    assert date_range(text, TODAY) == (since, until)


def test_counts_written_with_a_times_sign() -> None:
    assert integers("add prd-0010 x4", ["prd-0010"]) == [4]
    assert integers("2x the blue cable", []) == [2]
    assert integers("a 4x4 grid", []) == []  # a size, not a count


def test_a_phrase_of_the_lexicon_is_one_topic_however_long_its_meaning() -> None:
    one_phrase = knowledge.policy_evidence("will it snow tomorrow")
    assert one_phrase == 1


@pytest.mark.parametrize(
    "text",
    ["how's the weather in denver tomorrow", "what is the traffic like in chicago tomorrow"],
)
def test_a_question_about_something_else_is_declined(text: str) -> None:
    step = first_step(text, "assistant")
    assert "action" not in step and step["answer"].startswith("Sorry")


def test_a_person_named_by_email_is_someone_else() -> None:
    step = first_step("what has sam.lee@example.org ordered lately", "assistant")
    assert "action" not in step and "only help with your own" in step["answer"]


def test_a_tie_between_all_operations_names_none() -> None:
    """A word every operation shares ("get") asks for none of them: the documents answer."""
    step = first_step("what does silver tier get me", "assistant")
    assert step["action"]["tool"] == "knowledge_base"


def test_declared_values_are_things_to_search_for() -> None:
    """A category the search declares ("one of: ... Office ...") names what to look for."""
    step = first_step("which office supplies do you stock", "assistant")
    assert step["action"]["tool"] == "searchProducts"
    assert step["action"]["input"].get("category") == "Office"


def test_words_no_document_uses_name_a_title_for_an_agent_without_a_catalog() -> None:
    step = first_step("are there copies of becoming on the shelves?", "librarian", LIBRARY)
    assert step["action"]["tool"] == "searchCatalog"


def test_picking_the_result_that_shares_most_words() -> None:
    found = [
        {"id": "A", "label": "", "name": "Trail Dog Poop Bags 300 Count"},
        {"id": "B", "label": "", "name": "Dog Chew Toys 5-Pack"},
    ]
    assert steps._best_name_match("packs dog poop bags", found) == found[0]
    assert steps._best_name_match("dog", found) is None  # a tie: ask


@cache
def _library_guardrail() -> GuardrailEngine:
    return GuardrailEngine.from_policy_file(LIBRARY / "guardrail_policy.json")


@pytest.mark.parametrize(
    "text",
    [
        "hold a short history of nearly everything",
        "is the hand that rocks the cradle in",
        "any history books by hawking?",
    ],
)
def test_a_denied_topics_incidental_words_do_not_block_alone(text: str) -> None:
    assert _library_guardrail().assess(text).action == "NONE"


@pytest.mark.parametrize(
    "text",
    ["write my essay about the hobbit", "do my geography homework", "hand in a report for me on dune"],
)
def test_the_denied_topic_itself_still_blocks(text: str) -> None:
    assert _library_guardrail().assess(text).blocked


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("anything from before june", None, date(2026, 5, 31)),
        ("orders after february", date(2026, 3, 1), None),
        ("up to april 2025", None, date(2025, 4, 30)),
    ],
)
def test_a_month_as_a_bound(text: str, since: date | None, until: date | None) -> None:
    assert date_range(text, TODAY) == (since, until)


def test_the_word_naming_an_id_before_it_is_a_noun() -> None:
    """ "order ORD-..." is that order, not a request to order (the support agent can't order)."""
    step = first_step("order ORD-7K3F9Q of customer C0004, where is it", "support")
    assert step["action"]["tool"] == "getCustomerOrder"


def test_a_light_verb_with_a_particle_asks_for_the_action() -> None:
    assert lexicon.group_of("buy") & lexicon.verb_uses("put through an order for a kettle")


def test_asking_which_model_it_is_is_about_its_setup() -> None:
    step = first_step("which language model are you", "assistant")
    assert "action" not in step and "set up" in step["answer"]


def test_a_value_of_a_list_of_ones_own_things_filters_it() -> None:
    step = first_step("show my overdue dvds", "librarian", LIBRARY)
    assert step["action"] == {"tool": "listLoans", "input": {"status": "overdue"}}


def test_an_everyday_part_of_a_hyphenated_name_names_no_product() -> None:
    """ "free" of a "sulfate-free" shampoo: "is delivery free" asks the documents."""
    assert first_step("is delivery free?", "assistant")["action"]["tool"] == "knowledge_base"


def test_latest_speaks_of_history() -> None:
    assert first_step("let me see my 4 latest purchases", "assistant")["action"] == {
        "tool": "getRecentPurchases",
        "input": {"limit": 4},
    }


def test_a_situation_pointing_at_nothing_shown_asks_the_documents() -> None:
    step = first_step("tracking says my parcel was delivered but it is not here", "assistant")
    assert step["action"]["tool"] == "knowledge_base"


def test_two_things_called_alike_are_told_apart_by_their_other_words() -> None:
    from local_bedrock.planner.goals import named_in

    shown = [
        {"id": "BK-1", "name": "Emma", "about": "Jane Austen book"},
        {"id": "AU-2", "name": "Emma", "about": "Jane Austen audiobook"},
    ]
    assert named_in("the audiobook please", shown) == "AU-2"
    assert named_in("emma", shown) is None  # the name alone: ask which


def test_a_question_opening_with_got_is_have_you_got() -> None:
    assert language.normalize("Got the Emma audiobook?") == "have you got the emma audiobook?"
    assert language.normalize("got it, thanks") == "got it, thanks"
    assert language.normalize("any maps?") == "do you have any maps?"


def test_naming_products_is_a_search_unless_asked_as_a_question_without_searching() -> None:
    assert first_step("any kettles under 70 dollars", "assistant")["action"]["tool"] == "searchProducts"
    assert (
        first_step("how long is the warranty on a camera?", "assistant")["action"]["tool"] == "knowledge_base"
    )


def test_a_polite_request_about_ones_own_things_is_no_rule_question() -> None:
    step = first_step("could you check my purchase history for me", "assistant")
    assert step["action"]["tool"] == "getRecentPurchases"


def test_a_wish_for_an_undeclared_change_named_by_its_noun() -> None:
    step = first_step("C0004 wants a refund for ORD-7K3F9Q", "support")
    assert "action" not in step and "back office" in step["answer"]


def test_a_need_is_searched_for_an_order_is_not() -> None:
    assert not lexicon.group_of("buy") & lexicon.verb_uses("i need a new kettle")
    assert lexicon.group_of("buy") & lexicon.verb_uses("i need 2 of the kettles")


def test_a_question_about_what_someone_close_may_do_is_a_rule() -> None:
    step = first_step("can my daughter get her own library card", "librarian", LIBRARY)
    assert step["action"]["tool"] == "knowledge_base"


@pytest.mark.parametrize(
    ("text", "agent", "root"),
    [
        ("which taco truck is the best around here", "librarian", LIBRARY),
        ("what is the meaning of life", "assistant", REPO_ROOT),
    ],
)
def test_a_foreign_thing_with_everyday_words_only_is_something_else(
    text: str, agent: str, root: Path
) -> None:
    step = first_step(text, agent, root)
    assert "action" not in step and step["answer"].startswith("Sorry")


def test_a_rule_asked_in_everyday_words_and_a_place_name_stays_a_rule() -> None:
    step = first_step("what are the opening hours at riverside", "librarian", LIBRARY)
    assert step["action"]["tool"] == "knowledge_base"


def test_a_count_of_them_sets_the_page_size() -> None:
    step = first_step("suggestions for customer C0009, 4 of them", "support")
    assert step["action"] == {
        "tool": "getCustomerRecommendations",
        "input": {"customerId": "C0009", "limit": 4},
    }


@pytest.mark.parametrize("text", ["what have i got on loan", "is anything returned yet"])
def test_ones_own_things_without_my_are_no_rule_question(text: str) -> None:
    assert first_step(text, "librarian", LIBRARY)["action"]["tool"] == "listLoans"

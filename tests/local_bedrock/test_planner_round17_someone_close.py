"""Round 17 of issues 11 and 14 (someone_close, the lead), on messages written for this file (not
taken from an utterance suite or a knowledge-base split): someone close to the customer named in a
question about the store's or the library's rules ("a lamp for my aunt's new flat: can it be
returned?") no longer makes the question a request for that person's data, while asking what they
bought, have or owe (or acting for them) is still refused by the identity rule."""

from __future__ import annotations

from datetime import date

import pytest

from local_bedrock.planner import refusals, someone_close
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, first_step, tool

TODAY = date(2026, 11, 30)


def _assistant(text: str) -> str | None:
    return tool(text, "assistant")


def _refused_as_theirs(text: str, agent: str = "assistant") -> bool:
    if agent == "librarian":
        return first_step(text, agent, LIBRARY, TODAY).get("answer") == refusals.ONLY_YOURS
    return first_step(text, agent).get("answer") == refusals.ONLY_YOURS


@pytest.mark.parametrize(
    "said",
    [
        # A possessive that names no data: a place, a thing, a part of the story.
        "I bought a lamp for my aunt's new flat. Can it be returned after 40 days?",
        "my dad's kettle stopped heating after five months, is it still covered?",
        # A time's or the assistant's own possessive names no other customer.
        "this morning's order is missing a charger. Can it be added?",
        "the assistant's order went through twice, was I charged two times?",
    ],
)
def test_a_rule_question_that_names_someone_close_asks_the_rules(said: str) -> None:
    assert _assistant(said) == "knowledge_base", said


def test_a_rule_question_in_the_library_asks_its_rules() -> None:
    said = "my grandpa's reading glasses broke, can I borrow a large print edition?"
    assert not _refused_as_theirs(said, "librarian")
    # What someone close may do is a rule, with their things named ("her loans").
    assert tool("can my daughter renew her loans online?", "librarian", LIBRARY, TODAY) == "knowledge_base"


@pytest.mark.parametrize(
    "said",
    [
        "what did my brother order last month?",
        "show me my wife's purchases",
        "recommend something for my dad based on his purchases",
        "what about my son's?",
        # Asked politely, it is still her husband's purchases: no read of the user's own (was one).
        "can you tell me what my husband bought yesterday",
    ],
)
def test_asking_for_someone_elses_data_is_still_refused(said: str) -> None:
    assert _refused_as_theirs(said), said


def test_acting_for_someone_close_or_their_debts_are_refused_in_the_library() -> None:
    assert _refused_as_theirs("renew my dad's loan for him", "librarian")
    assert _refused_as_theirs("how much does my son owe", "librarian")


def test_what_an_agent_reads_comes_from_its_operations() -> None:
    library, assistant = agents(LIBRARY)["librarian"], agents()["assistant"]
    assert {"loans", "fees", "hold"} <= someone_close.data_nouns(library)
    assert {"purchases", "order"} <= someone_close.data_nouns(assistant)
    assert someone_close.theirs("my mum's loans are due", library)
    assert not someone_close.theirs("my mum's garden is lovely", library)
    # "her" owns the data unless the question is what the person close may do.
    assert someone_close.theirs("what do you suggest from her purchases", assistant)
    assert not someone_close.theirs("can my wife move her points to me", assistant)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("does sales tax get added?", True),
        ("it left already, can it still be changed?", True),
        ("which delivery do i pick", True),
        ("split between two cards, possible?", True),
        ("did my sister get a refund", False),
        ("what did she order", False),
        ("send it to my cousin", False),
    ],
)
def test_own_questions_are_yes_no_or_wh_questions_not_about_the_other_person(text: str, asked: bool) -> None:
    assert (someone_close.OWN_QUESTION.search(text) is not None) is asked, text


def test_whether_others_may_be_told_of_ones_things_asks_the_rules() -> None:
    said = "could a librarian reveal to my dad which books I borrow"
    assert tool(said, "librarian", LIBRARY, TODAY) == "knowledge_base"
    # Asking to be told oneself is still the read.
    assert tool("can you tell me what I owe", "librarian", LIBRARY, TODAY) == "getFees"

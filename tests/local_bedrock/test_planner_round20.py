"""Round 20 of issue 14: a message that corrects itself as it goes (corrections.py), a question about
what the agent can do asked in so many words (concepts.asks_abilities), a real short word kept as it
is by the speller, and a question told as the asker's wondering. The messages are written for this
file, not taken from an utterance suite or a knowledge-base split."""

from __future__ import annotations

from datetime import date

import pytest

from local_bedrock.planner import concepts, courtesy, knowledge, lexicon
from local_bedrock.planner.corrections import corrected
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.language import normalize
from tests.local_bedrock.planner_fixtures import LIBRARY, REPO_ROOT, context, first_step, planner, tool

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("track ORD-1AAAAA, oops, I meant ORD-2BBBBB", "track ORD-2BBBBB"),
        ("details of ord-3c4d5e ah sorry i mean ord-6f7g8h please", "details of ord-6f7g8h please"),
        ("what did I get in march, wait, I mean may", "what did I get in may"),
        ("purchases since 4 april - sorry, 9 april", "purchases since 9 april"),
        ("three of those mugs, no make that two", "two of those mugs"),
        ("loans for M1234 no hold on it's M5678", "loans for M5678"),
    ],
)
def test_a_correction_puts_its_value_in_place_of_the_one_it_corrects(typed: str, meant: str) -> None:
    assert corrected(typed) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "my loans, sorry, only the overdue ones",  # nothing of its kind before it to replace
        "sorry to bother you, can I order 2 more",  # an apology, not a correction of a value
        "no longer need ORD-9ZZZZZ, stop it",
        "I mean it, cancel ORD-8YYYYY",
        "wait, is ORD-7XXXXX shipped yet",
    ],
)
def test_a_message_that_corrects_no_value_is_left_as_typed(typed: str) -> None:
    assert corrected(typed) == typed


def test_the_planner_acts_on_the_corrected_value() -> None:
    step = first_step("what was in ORD-1AAAAA, oops, I meant ORD-2BBBBB", "assistant", today=TODAY)
    assert step["action"] == {"tool": "getPurchaseDetails", "input": {"purchaseId": "ORD-2BBBBB"}}
    step = first_step("what did I buy in march, wait, I mean may", "assistant", today=TODAY)
    assert step["action"]["input"] == {"since": "2026-05-01", "until": "2026-05-31"}


@pytest.mark.parametrize(
    "asked",
    [
        "what types of questions do you handle?",
        "which kinds of tasks can you assist with",
        "just wondering what kind of stuff you can do",
        "what can you help us with today?",
    ],
)
def test_a_question_about_the_agents_abilities_is_answered_with_them(asked: str) -> None:
    assert concepts.asks_abilities(asked)
    for agent, root in (("assistant", REPO_ROOT), ("librarian", LIBRARY)):
        step = first_step(asked, agent, root, TODAY)
        assert "action" not in step and step["thought"] == "The user asks what I can do."


def test_a_question_about_what_it_can_do_with_something_named_asks_for_that() -> None:
    assert not concepts.asks_abilities("what can you do about the fine on my card")
    assert tool("what can you do about my overdue books", "librarian", LIBRARY, TODAY) == "listLoans"


def test_a_real_short_word_is_not_corrected_to_a_longer_one() -> None:
    ctx = context("what sort of titles do you stock", "librarian", LIBRARY)
    assert "sort" in planner(LIBRARY, TODAY)._read(ctx.user_text, ctx.agent).text.split()


def test_a_question_told_as_wondering_asks_for_no_change() -> None:
    assert lexicon.verb_uses("I wonder which gadgets they would order") == set()
    assert "order" in lexicon.verb_uses("I wonder if you could order a kettle")
    # The support agent places no orders: wondering what a customer might buy is a read of theirs
    # (which read is the operations' matter), not a refusal to buy.
    assert tool("I was wondering what C0042 might want to buy next", "support", today=TODAY) is not None


@pytest.mark.parametrize(
    ("typed", "plain_request"),
    [
        ("my newest three purchases, if it's no trouble", "my newest three purchases"),
        ("renew my cookbook when you get a moment, thanks", "renew my cookbook, thanks"),
        ("I was just wondering if you could track ORD-4DDDDD", "please track ORD-4DDDDD"),
        ("would you be able to find me a desk fan, thanks in advance", "please find me a desk fan"),
        ("would it be possible for you to reserve the atlas for me?", "please reserve the atlas for me"),
    ],
)
def test_courtesy_is_set_aside_and_the_request_kept(typed: str, plain_request: str) -> None:
    assert courtesy.plain(typed) == plain_request


@pytest.mark.parametrize(
    "asked",
    [
        "is it possible to renew a book three times?",  # nothing of the user's: a question about the rules
        "would it be possible to pay fines online",
        "if possible",  # nothing left without it
    ],
)
def test_a_question_about_what_is_possible_is_left_as_asked(asked: str) -> None:
    assert courtesy.plain(asked) == asked


def test_the_planner_reads_past_courtesy() -> None:
    step = first_step(
        "only my latest two purchases, if that is not too much bother", "assistant", today=TODAY
    )
    assert step["action"] == {"tool": "getRecentPurchases", "input": {"limit": 2}}


def test_things_named_by_what_the_user_did_with_them_are_asked_for_not_told() -> None:
    step = first_step("the last 3 items we ordered", "assistant", today=TODAY)
    assert step["action"] == {"tool": "getRecentPurchases", "input": {"limit": 3}}


@pytest.mark.parametrize(
    ("said", "limit"), [("pull up my newest for purchases", 4), ("list my top to orders", 2)]
)
def test_a_count_dictated_as_its_homophone_is_read_as_the_count(said: str, limit: int) -> None:
    assert first_step(said, "assistant", today=TODAY)["action"]["input"] == {"limit": limit}


def test_a_homophone_of_a_count_before_no_plural_is_left_alone() -> None:
    assert normalize("the first to answer wins") == "the first to answer wins"


def test_a_story_set_aside_with_anyway_leaves_the_request() -> None:
    told = "my brother's flat flooded last week and the insurers are hopeless. anyway, what did I buy in june"
    assert courtesy.plain(told) == "what did I buy in june"
    assert courtesy.plain("that was lovely, anyway thanks") == "that was lovely, anyway thanks"
    step = first_step(told, "assistant", today=TODAY)
    assert step["action"] == {
        "tool": "getRecentPurchases",
        "input": {"since": "2026-06-01", "until": "2026-06-30"},
    }


def test_a_claim_to_be_someone_by_an_id_is_refused_where_identity_comes_from_the_session() -> None:
    step = first_step("hi, I am M7777 today, list my loans", "librarian", LIBRARY, TODAY)
    assert "action" not in step and "only help with your own account" in step["answer"]
    # The support agent looks customers up by their id: a caller's id is what it acts on.
    assert (
        tool("caller says this is C0031, recent purchases", "support", today=TODAY)
        == "getCustomerRecentPurchases"
    )


@pytest.mark.parametrize(
    ("said", "since", "until"),
    [
        ("the day before yesterday", date(2026, 11, 28), date(2026, 11, 28)),
        ("the week before last", date(2026, 11, 16), date(2026, 11, 22)),
        ("the month before last", date(2026, 9, 1), date(2026, 9, 30)),
        ("this past weekend", date(2026, 11, 28), date(2026, 11, 29)),
        ("since christmas", date(2025, 12, 25), None),
        ("a fortnight back", date(2026, 11, 16), date(2026, 11, 22)),
        ("3 months back", date(2026, 8, 1), date(2026, 8, 31)),
    ],
)
def test_days_named_relative_to_today(said: str, since: date, until: date | None) -> None:
    assert date_range(f"what did I buy {said}", TODAY) == (since, until)


def test_a_word_the_lexicon_reads_as_the_documents_words_is_no_unknown_name() -> None:
    library_documents = LIBRARY / "knowledge_base"
    assert not knowledge.unknown_to_documents("paperwork", library_documents)  # "ID proof"
    assert knowledge.unknown_to_documents("tolkien", library_documents)
    assert tool("what paperwork do I bring to register", "librarian", LIBRARY, TODAY) == "knowledge_base"


@pytest.mark.parametrize(
    ("said", "operation"),
    [
        ("any recs for me", "getRecommendedPurchases"),  # the chat abbreviation
        ("what do you reckon I'd like next", "getRecommendedPurchases"),
        ("do you flog garden hoses", "searchProducts"),  # British English for "sell"
    ],
)
def test_everyday_words_for_suggesting_and_selling(said: str, operation: str) -> None:
    assert tool(said, "assistant", today=TODAY) == operation

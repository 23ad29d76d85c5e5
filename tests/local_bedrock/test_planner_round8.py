"""General capabilities of the eighth round of issue 14, each on messages written for this file (not
taken from an utterance suite): the refusal weighed against a read of the user's own things
(guess.py); the possessive of a time names no one; a name typed in lower case as the one who bought
is someone else; a mistyped past form of a known word; camelCase names are no words a user types; a
year before a noun after a verb of showing; status words in other words; how-to and deadline
questions ask the rules."""

from __future__ import annotations

from functools import partial

from evals.planner.suite import WRITTEN
from local_bedrock import english
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import concepts, lexicon
from local_bedrock.planner.dates import date_range
from local_bedrock.planner.language import Speller
from local_bedrock.runtime import vocabulary
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, first_step, tool

TODAY = WRITTEN
_tool = partial(tool, today=TODAY)


def test_a_read_of_ones_own_things_outranks_the_refusal_when_it_alone_has_evidence() -> None:
    # Told of the user's own past with a date: the one list declaring dates, not "I can't help".
    assert _tool("anything we snagged in august?", "assistant") == "getRecentPurchases"
    # A weak word of one read about the user's own things (below the usual bar).
    assert _tool("the glass hotel: when must i return it", "librarian", LIBRARY) == "listLoans"
    # No evidence for any read: the refusal stands.
    assert _tool("what's my horoscope", "assistant") is None
    assert "Sorry" in first_step("can you teach me to juggle", "librarian", LIBRARY, TODAY)["answer"]
    # Staff naming customers explicitly are not guessed for.
    assert _tool("what did I get in june", "support") is None


def test_the_possessive_of_a_time_names_no_one() -> None:
    assert not concepts.detect("show this week's orders").get("other_person")
    assert not concepts.detect("list september's purchases").get("other_person")
    assert concepts.detect("show me dana's orders").get("other_person")
    assert _tool("list last year's orders", "assistant") == "getRecentPurchases"


def test_a_name_in_lower_case_as_the_one_who_bought_is_someone_else() -> None:
    step = first_step("what did tomasz wojcik order last week?", "assistant", today=TODAY)
    assert "action" not in step and "your own" in step["answer"]
    assert _tool("what did I order last week?", "assistant") == "getRecentPurchases"


def test_a_mistyped_past_form_is_the_past_form_of_the_known_word() -> None:
    speller = Speller({"purchase", "deliver", "order"}, dictionary=english.spelling, listed=english.listed)
    assert speller.correct("purchsed") == "purchased"
    assert speller.correct("delivred") == "delivered"
    assert speller.correct("ordred") == "ordered"


def test_camel_case_names_are_words_apart_for_the_speller() -> None:
    words = vocabulary(REPO_ROOT, agents())
    assert "purchase" in words and "purchaseid" not in words
    library_words = vocabulary(LIBRARY, agents(LIBRARY))
    assert "loan" in library_words and "loanid" not in library_words


def test_a_year_after_a_verb_of_showing() -> None:
    assert date_range("show 2024 orders", TODAY)[0] is not None
    assert date_range("show me 2023 loans", TODAY) == (
        date_range("loans in 2023", TODAY)[0],
        date_range("loans in 2023", TODAY)[1],
    )
    assert date_range("give me 2024 stickers", TODAY) == (None, None)  # a count, not a year


def test_status_in_other_words() -> None:
    assert _tool("which courier has ORD-7K3F9Q", "assistant") == "getOrderStatus"
    assert _tool("is ORD-7K3F9Q en route yet", "assistant") == "getOrderStatus"


def test_how_to_and_deadline_questions_ask_the_rules() -> None:
    assert _tool("tips for washing a wool jumper?", "assistant") == "knowledge_base"
    assert _tool("where is the setting for email offers", "assistant") == "knowledge_base"


def test_verb_phrases_of_writes_ask_for_them_and_name_no_thing() -> None:
    assert lexicon.verb_uses("put two kettles on order for me") & lexicon.group_of("order")
    assert lexicon.verb_uses("the glass hotel - put me down for it") & lexicon.group_of("reserve")
    assert {"keep", "it", "for"} <= lexicon.phrase_words("the glass hotel, keep it for us please")
    assert not lexicon.phrase_words("the glass hotel by emily st john mandel")

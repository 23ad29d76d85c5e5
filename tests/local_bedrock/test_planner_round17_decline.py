"""The seventeenth round of issue 14 (decline17, the lead), on messages written for this file (not taken
from an utterance suite or a knowledge-base split): the thesaurus's other words for reserving ("a
reservation on", "waitlist me", "earmark it") ask for a hold where an agent declares one, and a
question about reservations in general still asks the rules; the plural and familiar "you" ("y'all",
"you guys") is "you"."""

from __future__ import annotations

from datetime import date

from local_bedrock.planner import language, lexicon
from tests.local_bedrock.planner_fixtures import LIBRARY, tool

TODAY = date(2026, 11, 30)


def _librarian(text: str) -> str | None:
    return tool(text, "librarian", LIBRARY, TODAY)


def test_other_words_for_reserving_ask_for_a_hold() -> None:
    for said in ("waitlist me for the martian", "could you earmark frankenstein for me"):
        assert "reserv" in lexicon.verb_uses(said), said
        # The hold's first step finds the title (placeHold needs its id).
        assert _librarian(said) == "searchCatalog", said


def test_reservations_asked_about_in_general_ask_the_rules() -> None:
    assert _librarian("how many reservations may one member have") == "knowledge_base"
    assert _librarian("whats the waitlist policy for new releases") == "knowledge_base"
    assert _librarian("show my loans") == "listLoans"


def test_the_plural_and_familiar_you_is_you() -> None:
    assert language.normalize("do y'all stock graphic novels?") == "do you stock graphic novels?"
    assert language.normalize("yall open sundays") == "you open sundays"
    assert language.normalize("can you guys renew it") == "can you renew it"
    assert _librarian("do y'all have any jules verne?") == "searchCatalog"
    # A word that only begins like one is untouched.
    assert language.normalize("the yallow notebook") == "the yallow notebook"


def test_informal_words_for_put_are_light_verbs() -> None:
    # "stick", "pop" and "slap" stand for "put": the noun after them names the request.
    for said in ("pop a hold on dune for me", "can you stick a reservation on the hobbit"):
        assert _librarian(said) == "searchCatalog", said
    # Used as ordinary verbs they ask for nothing, and the request beside them is still read.
    assert _librarian("my kid wants to pop the bubble wrap") is None
    assert _librarian("stick with me, show my loans") == "listLoans"

"""Round 9 of the knowledge-base answers (issue 11): each section the answer quotes adds what else it
says about the question's words (at most SECTION_UNITS units of the best unit's section, and
OTHER_SECTION_UNITS of each other section quoted), so a limit or an exception beside the quoted rule
is stated too. Every added unit is a unit of a retrieved passage: the contextual grounding check
still passes the answer and still blocks it with a number changed. Texts are written for these
tests."""

from __future__ import annotations

from typing import Any

import pytest

from local_bedrock.guardrail import grounding
from local_bedrock.planner import knowledge
from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever import passages
from tests.local_bedrock.kb_results import GROUNDING, assert_grounded_and_cited, retrieved, sources

RENTALS = (
    "Boats and boards > Kayak rentals\n\n"
    "A kayak rental lasts up to 3 days and costs $40 per day.\n"
    "Life jackets come with every rental at no charge.\n"
    "Paddles are cleaned and checked after every trip.\n"
    "Kayaks rented on a holiday weekend must be returned by 6 p.m. on Monday.\n"
    "The warehouse opens at 8 a.m.\n"
)
DEPOSITS = (
    "Boats and boards > Deposits\n\n"
    "A deposit of $100 is held on your card for each rental.\n"
    "The deposit is released within 5 business days after the kayak is back.\n"
    "Weekend rentals on a holiday need a signed waiver as well.\n"
    "Deposits are never charged for normal wear.\n"
)
URI = "s3://kb/documents/boats.md"


def _results(*texts: str) -> list[dict[str, Any]]:
    return [retrieved(text, URI, 0.6 - 0.2 * rank) for rank, text in enumerate(texts)]


def _without_section_mates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "SECTION_UNITS", 0)
    monkeypatch.setattr(knowledge, "OTHER_SECTION_UNITS", 0)


QUESTION = "How much is a kayak rental and is there a deposit?"
# scored below the four units chosen (MAX_UNITS), each holding a word of the question ("rental")
LIFE_JACKETS = "Life jackets come with every rental at no charge."
WAIVER = "Weekend rentals on a holiday need a signed waiver as well."
NORMAL_WEAR = "Deposits are never charged for normal wear."


def test_the_best_section_adds_a_unit_that_holds_a_question_word(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = compose(QUESTION, _results(RENTALS, DEPOSITS))
    assert answer is not None
    assert LIFE_JACKETS in answer
    # units holding none of the question's words are not added
    assert "Paddles are cleaned" not in answer
    assert "The warehouse opens" not in answer
    _without_section_mates(monkeypatch)
    before = compose(QUESTION, _results(RENTALS, DEPOSITS))
    assert before is not None
    assert LIFE_JACKETS not in before


def test_another_section_quoted_adds_its_best_scored_unit_only(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = compose(QUESTION, _results(RENTALS, DEPOSITS))
    assert answer is not None
    assert "A deposit of $100 is held" in answer  # the second section is quoted
    # two more of its units hold a question word ("rental", "deposit"); one is added, the better scored
    assert WAIVER in answer
    assert NORMAL_WEAR not in answer
    _without_section_mates(monkeypatch)
    before = compose(QUESTION, _results(RENTALS, DEPOSITS))
    assert before is not None
    assert WAIVER not in before


def test_the_best_section_adds_at_most_section_units() -> None:
    lines = [
        f"Kayak route {name} is marked with {colour} buoys."
        for name, colour in zip("ABCDEFGH", "red blue green white black pink grey gold".split(), strict=True)
    ]
    text = "Boats and boards > Routes\n\nA kayak route takes about 2 hours.\n" + "\n".join(lines) + "\n"
    answer = compose("How long is a kayak route?", _results(text))
    assert answer is not None
    quoted = [unit for unit in passages.units(text) if unit in answer]
    assert "A kayak route takes about 2 hours." in quoted
    assert len(quoted) == knowledge.MAX_UNITS + knowledge.SECTION_UNITS


def test_the_longer_answer_is_grounded_and_cites_only_what_it_quotes() -> None:
    results = _results(RENTALS, DEPOSITS)
    answer = compose(QUESTION, results)
    assert_grounded_and_cited(answer, results, QUESTION)
    assert answer is not None and not passages.quotes(
        answer, retrieved("Returns\n\nA returned kayak is inspected within 2 days.\n")
    )


def test_a_number_changed_in_an_added_unit_is_still_blocked() -> None:
    results = _results(RENTALS, DEPOSITS)
    answer = compose(QUESTION, results)
    assert answer is not None and LIFE_JACKETS in answer
    tampered = answer.replace(LIFE_JACKETS, LIFE_JACKETS.replace("no charge", "a $15 charge"))
    scores = grounding.score(tampered, sources(results), QUESTION)
    assert scores.grounding < GROUNDING

"""Round 8 of the knowledge-base answers (issue 11): a question asking what to do ("what should I
do?") is answered first by the unit that says what the customer can or must do, or what happens in
their case. Texts are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from local_bedrock.planner.knowledge import KINDS, compose
from tests.local_bedrock.kb_results import retrieved

PASSAGE = (
    "Boats and boards\n\n"
    "Hull seams are sealed twice before a boat leaves the warehouse, so a torn seam is rare. "
    "Photograph the torn seam and write to us within 5 days.\n"
)


def _result(text: str) -> dict[str, Any]:
    return retrieved(text, "s3://kb/documents/boats.md")


def _first_sentence(answer: str | None) -> str:
    assert answer is not None
    return answer.split(": ", 1)[1].split(". ")[0]


def test_asking_what_to_do_puts_the_instruction_first() -> None:
    answer = compose("My kayak came with a torn seam. What should I do?", [_result(PASSAGE)])
    assert _first_sentence(answer) == "Photograph the torn seam and write to us within 5 days"


def test_a_question_that_asks_no_action_keeps_the_closest_sentence_first() -> None:
    answer = compose("Is a torn seam on a kayak common?", [_result(PASSAGE)])
    assert _first_sentence(answer).startswith("Hull seams are sealed twice")


def _tells(question: str, unit: str) -> bool:
    return any(asks.search(question) and shape.search(unit) for asks, shape in KINDS)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Contact us with the order id.", True),
        ("Keep the box until the claim is settled.", True),
        ("If the courier loses it, we send another.", True),
        ("Please contact us with the order id.", False),  # "Please" then a word, then no object: not read
        ("Seams are sealed twice.", False),
    ],
)
def test_what_tells_the_customer_what_to_do(unit: str, expected: bool) -> None:
    assert _tells("what do I do now?", unit) is expected
    assert not _tells("how heavy is it?", unit)

"""Round 7 of the knowledge-base answers (issue 11): weights and lengths as quantities, and what the
answer composer does with them. Texts are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever import Retriever
from local_bedrock.retriever.chunking import chunk_document
from local_bedrock.retriever.quantities import bounds, stated
from tests.local_bedrock.kb_results import retrieved


def _figures(text: str) -> list[tuple[str, float]]:
    return [(q.dimension, round(q.value, 1)) for q in stated(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a rowing machine of about 85 pounds", [("weight", 85.0)]),
        ("it weighs 40 kg", [("weight", 88.2)]),
        ("two lbs of coffee, 12 oz of tea", [("weight", 2.0), ("weight", 0.8)]),
        ("a 75-inch screen", [("length", 75.0)]),
        ("a 55in monitor and a 6 ft ladder", [("length", 55.0), ("length", 72.0)]),
        ("a 150 cm desk", [("length", 59.1)]),
        # "in" after a figure is a length only when it is glued to it
        ("put 2 in the box", []),
    ],
)
def test_weights_and_lengths_are_quantities(text: str, expected: list[tuple[str, float]]) -> None:
    assert _figures(text) == expected


def test_a_weight_or_length_limit_is_a_bound_that_holds_a_heavier_figure() -> None:
    limits = bounds("Sofas, gym racks and screens over 60 inches or items over 50 pounds go by pallet.")
    assert [(b.dimension, b.low) for b in limits] == [("length", 60.0), ("weight", 50.0)]
    heavy, light, metric = stated("85 pounds")[0], stated("30 pounds")[0], stated("40 kg")[0]
    weight = limits[1]
    assert weight.holds(heavy) and weight.holds(metric) and not weight.holds(light)
    assert not limits[0].holds(heavy)  # a length limit never holds a weight


DOCUMENT = (
    "# Delivery\n\n"
    "## Parcels\n\nMost orders ship as parcels and arrive in 3 to 5 business days. "
    "Tracking starts when the parcel leaves us.\n\n"
    "## Pallet delivery\n\nSofas, gym racks and screens over 60 inches or items over 50 pounds go by "
    "pallet. Pallet delivery takes 6 to 9 business days and costs $59.\n"
)


def _result(text: str) -> dict[str, Any]:
    return retrieved(text, "s3://kb/documents/delivery.md")


def test_a_question_stating_a_weight_finds_and_quotes_the_weight_limit() -> None:
    """ "about 40 kg" shares no word with "items over 50 pounds go by pallet", only the weight (88
    pounds): the limit that holds it ranks its passage first and answers first."""
    question = "My new squat stand is about 40 kg. Will it come like normal?"
    retriever = Retriever(chunk_document("delivery.md", DOCUMENT))
    results = retriever.retrieve(question, 2)
    assert results[0]["content"]["text"].startswith("Delivery > Pallet delivery")
    answer = compose(question, [_result(r["content"]["text"]) for r in results])
    assert answer is not None
    assert answer.startswith("According to our Delivery policy: Sofas, gym racks and screens over 60 inches")


TIERS = (
    "Club > Levels\n\n"
    "Level Bronze | Yearly spend: $0 to $299 | Stars per $1: 1\n"
    "Level Copper | Yearly spend: $300 to $999 | Stars per $1: 2\n"
    "Level Platinum | Yearly spend: $1,000 or more | Stars per $1: 3"
)


def test_the_middle_tier_is_the_row_between_the_ends() -> None:
    from local_bedrock.planner.superlatives import MIDDLE, Extreme, asked, extreme_rows

    assert asked("I'm at the middle rewards level") == [Extreme("order", MIDDLE)]
    assert asked("a mid-tier plan") == [Extreme("order", MIDDLE)]
    assert asked("the board split down the middle") == []  # no tier, no level: not a superlative
    rows = ["Bronze", "Copper", "Platinum"]
    assert extreme_rows(rows, Extreme("order", MIDDLE)) == {1}
    assert extreme_rows([*rows, "Diamond"], Extreme("order", MIDDLE)) == set()  # no one middle row
    answer = compose("I'm in the middle club level. How many stars do I get a dollar?", [_result(TIERS)])
    assert answer is not None
    assert answer.startswith("According to our Delivery policy: Copper — Yearly spend: $300 to $999")


def _help(text: str) -> dict[str, Any]:
    return retrieved(text, "s3://kb/documents/help.md")


HELP = (
    "Help > Questions\n\n"
    "A parka label lists its fabric. Store credit never expires. Store credit works online. Store "
    "credit is issued by email. Store credit can pay for shipping. Our store opens at nine. A parcel "
    "ships in a box. Gift wrap costs $3. Each parcel is insured. Tell us about a parcel within 7 days."
)


def test_one_rare_situation_word_does_not_outweigh_two_words_of_the_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "parka" is in one unit, "store" and "credit" in several: counted linearly, the rare word
    alone wins; counted sublinearly (RARITY_EXPONENT), the unit that says the rule does."""
    from local_bedrock.planner import knowledge

    question = "Does my parka get store credit?"
    answer = compose(question, [_help(HELP)])
    assert answer is not None and answer.startswith("According to our Help policy: Store credit")
    monkeypatch.setattr(knowledge, "RARITY_EXPONENT", 1.0)
    linear = compose(question, [_help(HELP)])
    assert linear is not None and linear.startswith("According to our Help policy: A parka label")


HOLDS = (
    "Lending > Holds\n\n"
    "Place a hold on a title that is out. When it comes in we keep it on the shelf for you for 5 days. "
    "Holds not picked up go to the next reader.\n\n"
    "Leave a book in the drop box, open 24 hours a day. A book in the drop box is checked in the next "
    "morning."
)


def test_a_unit_whose_paragraph_states_the_kind_asked_answers_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "How many days ... to pick up a hold": the sentence about holds not picked up holds no
    number, its paragraph does ("5 days"), and the answer quotes the paragraph with it; a neighbour
    holding a duration of its own ("24 hours") and one question word no longer wins."""
    from local_bedrock.planner import knowledge

    question = "How many days do I have to pick up a book on hold?"
    answer = compose(question, [_help(HOLDS)])
    assert answer is not None and "for 5 days" in answer
    assert answer.startswith("According to our Help policy: Holds not picked up")
    monkeypatch.setattr(knowledge, "PARAGRAPH_KIND_SHARE", 0.0)
    without = compose(question, [_help(HOLDS)])
    assert without is not None and without.startswith("According to our Help policy: Leave a book")

"""Quantities in questions and policy sentences, and how retrieval and answers use them: a question
stating a figure ("I spent $800", "15 of them", "over a year") meets the passage and the table row
that limit that kind of quantity."""

from __future__ import annotations

import math
from typing import Any

import pytest

from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever import Retriever
from local_bedrock.retriever.chunking import chunk_document
from local_bedrock.retriever.quantities import Bound, bounds, passage_terms, question_terms, stated
from tests.local_bedrock.kb_results import retrieved


def _figures(text: str) -> list[tuple[str, float]]:
    return [(q.dimension, round(q.value, 1)) for q in stated(text)]


def test_stated_quantities_are_read_with_their_kind_and_value() -> None:
    assert _figures("I spent about $800 and paid $2,000.50") == [("money", 800.0), ("money", 2000.5)]
    assert _figures("it was delivered five days ago") == [("duration", 5.0)]
    assert _figures("in over a year") == _figures("after 12 months") == [("duration", 365.0)]
    assert _figures("two weeks, 3 business days, 48 hours") == [
        ("duration", 14.0),
        ("duration", 3.0),
        ("duration", 2.0),
    ]
    assert _figures("I want 15 of the same bottle; limited to 10 units") == [("count", 15.0), ("count", 10.0)]
    assert _figures("How long do I have to return an item? One item, two items") == [("count", 2.0)]
    # an age is not a duration; a bare number is no quantity
    assert _figures("my 18-month-old son, a 2 year old, Pay in 4") == [("age", 1.5), ("age", 2.0)]
    assert _figures("not for children under 3; an adult aged 21 or older") == [("age", 3.0), ("age", 21.0)]
    assert _figures("$1,500 or more") == [("money", 1500.0)]
    # a share: "60%" and "60 percent" are one kind of quantity, not money nor a count
    assert _figures("it holds about 60% of its charge, 45 percent on cold days") == [
        ("percent", 60.0),
        ("percent", 45.0),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Silver — Spend in the last 12 months: $500 to $1,499; Points per $1: 1.25.",
            [("money", 500, 1499)],
        ),
        ("Orders over $500 require a signature.", [("money", 500, math.inf)]),
        ("Standard: $5.99, free on orders of $35 or more.", [("money", 35, math.inf)]),
        ("Freight delivery takes 5 to 10 business days.", [("duration", 5, 10)]),
        ("From day 31 to day 90, start a warranty claim.", [("duration", 31, 90)]),
        ("If the release date moves by more than 30 days, you can cancel.", [("duration", 30, math.inf)]),
        ("Tell us within 7 days of delivery.", [("duration", -math.inf, 7)]),
        ("In the first 30 days a defective item can simply be returned.", [("duration", -math.inf, 30)]),
        ("Quantities are limited to 10 units of the same product.", [("count", -math.inf, 10)]),
        ("Toys with small parts are not suitable for children under 3.", [("age", -math.inf, 3)]),
        ("They require an adult aged 21 or older to sign.", [("age", 21, math.inf)]),
        ("After our 90-day guarantee ends, claims go to the maker.", [("duration", 90, math.inf)]),
        ("A flat $6.99 return shipping fee is deducted.", []),
        ("Plans cover battery capacity falling below 70%.", [("percent", -math.inf, 70)]),
        ("Keep batteries between about 20% and 80% charge.", [("percent", 20, 80)]),
        ("A 15% restocking fee applies.", []),
    ],
)
def test_bounds_are_the_limits_a_sentence_states(text: str, expected: list[tuple[str, float, float]]) -> None:
    found = [(b.dimension, round(b.low, 1), round(b.high, 1)) for b in bounds(text)]
    assert found == expected


def test_a_bound_holds_a_figure_of_its_own_kind_only() -> None:
    tier = Bound("money", 500, 1499)
    (spent,) = stated("I spent $800")
    (days,) = stated("800 days")
    assert tier.holds(spent) and not tier.holds(days)
    assert not Bound("money", 1500, math.inf).holds(spent)


def test_question_terms_meet_the_passage_terms_of_a_limit_of_their_kind() -> None:
    limit = passage_terms("Quantities are limited to 10 units of the same product per order.")
    assert "count-limit" in limit
    assert "count-limit" in question_terms("Can I order 15 of the same bottle?")
    assert "count-limit" not in question_terms("Can I order a bottle?")
    # a value stated two ways is one term: "a year" meets "12 months"
    assert set(question_terms("in over a year")) & set(passage_terms("Points expire after 12 months."))


DOCUMENT = """# Orders

This page explains orders, their limits, quantities and their cancellation.

## Placing an order

The assistant places an order after you confirm it. Quantities are limited to 10 units of the same
product per order.

## Cancelling an order

You can cancel an order until it ships.
"""


def _retriever() -> Retriever:
    return Retriever(chunk_document("orders.md", DOCUMENT), document_weight=0.0)


def _score(retriever: Retriever, question: str, heading: str) -> float:
    scores = retriever.scores(question)
    return next(s for s, c in zip(scores, retriever.chunks, strict=True) if c.heading_path[-1] == heading)


def test_a_question_stating_a_count_finds_the_passage_that_limits_counts() -> None:
    question = "I want 15 of the same bottle, can you order that many?"
    without = Retriever(chunk_document("orders.md", DOCUMENT), document_weight=0.0, quantity_weight=0.0)
    assert _score(_retriever(), question, "Placing an order") > _score(without, question, "Placing an order")
    assert _retriever().retrieve(question, 1)[0]["content"]["text"].startswith("Orders > Placing an order")


def test_a_passage_that_meets_only_the_questions_figure_still_scores() -> None:
    """Coordination counts the quantity terms too: a passage meeting the question only by the limit
    on its figure ("$800" against "over $500") is not scored zero for sharing no word."""
    signature = chunk_document(
        "shipping.md", "# Shipping\n\n## Signature\n\nOrders over $500 require a signature.\n"
    )
    question = "Do I have to be home when my $800 laptop is dropped off?"
    assert Retriever(signature, document_weight=0.0).scores(question)[-1] > 0


def test_a_documents_overview_ranks_below_the_section_that_says_it() -> None:
    flat = Retriever(chunk_document("orders.md", DOCUMENT), document_weight=0.0, overview_weight=1.0)
    question = "what are the limits on quantities?"
    assert flat.retrieve(question, 1)[0]["content"]["text"].startswith("Orders\n")  # the overview names both
    assert _retriever().retrieve(question, 1)[0]["content"]["text"].startswith("Orders > Placing an order")


def _row_result(text: str, uri: str = "s3://kb/documents/loyalty.md") -> dict[str, Any]:
    return retrieved(text, uri)


def test_the_table_row_whose_range_holds_the_customers_figure_is_quoted_first() -> None:
    table = (
        "Loyalty > Tiers\n\n"
        "Tier Member | Spend in the last 12 months: $0 to $499 | Points per $1: 1\n"
        "Tier Silver | Spend in the last 12 months: $500 to $1,499 | Points per $1: 1.25\n"
        "Tier Gold | Spend in the last 12 months: $1,500 or more | Points per $1: 1.5"
    )
    answer = compose(
        "I spent about $800 this year. Which tier am I and what do I earn?", [_row_result(table)]
    )
    assert answer is not None
    assert answer.startswith(
        "According to our Loyalty policy: Silver — Spend in the last 12 months: $500 to $1,499"
    )
    answer = compose("I spent $2,000 this year. Which tier am I?", [_row_result(table)])
    assert answer is not None and answer.startswith("According to our Loyalty policy: Gold")


def test_a_limit_that_holds_the_customers_figure_answers_without_sharing_a_word() -> None:
    """ "a building set with tiny pieces for my 18-month-old" shares no word with "Toys with small
    parts are not suitable for children under 3"; the age limit that holds the child's age answers."""
    toys = _row_result(
        "Product care > Toys\n\nCheck the age label on every toy. Toys with small parts are not "
        "suitable for children under 3.\nWash plush toys on a gentle cycle.",
        uri="s3://kb/documents/product-care.md",
    )
    chew = _row_result("Product care > Pet supplies\n\nReplace chew toys when pieces come loose.")
    answer = compose("Is a building set with tiny pieces OK for my 18-month-old grandson?", [toys, chew])
    assert answer is not None
    assert answer.startswith("According to our Product Care policy: Toys with small parts are not suitable")


def test_a_share_the_customer_states_meets_the_limit_that_holds_it() -> None:
    """ "It holds 60% of its charge": the sentence whose limit (below 70%) holds the figure answers,
    though another sentence shares more of the question's words ("holds", "charge")."""
    plans = _row_result(
        "Warranty > Protection plans\n\nProtection plans cover battery capacity falling below 70%. "
        "Claims are answered within 2 business days.",
        uri="s3://kb/documents/warranty.md",
    )
    hold = _row_result(
        "Payment > When you are charged\n\nThis is a temporary hold, not a charge.",
        uri="s3://kb/documents/payment.md",
    )
    answer = compose(
        "My tablet only holds 60% of its charge now. I bought the plan, will you fix it?", [plans, hold]
    )
    assert answer is not None
    assert answer.startswith("According to our Warranty policy: Protection plans cover battery capacity")

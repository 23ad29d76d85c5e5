"""Tables in answers: a superlative in a question picks the table row that holds the extreme
("cheapest" the lowest price, "fastest" the shortest delivery time, "top" the last tier), a row is
quoted with the sentences that name it and, in a small table, with the other rows, and a unit
stating the very quantity the question states ("three-year", "3 years") counts like a limit that
holds it."""

from __future__ import annotations

from local_bedrock.planner.knowledge import compose
from local_bedrock.planner.superlatives import LEAST, MOST, Extreme, asked, extreme_rows
from local_bedrock.retriever.passages import quotables
from local_bedrock.retriever.quantities import stated
from tests.local_bedrock.kb_results import retrieved as _result

OPTIONS = (
    "Shipping and delivery > Delivery options\n\n"
    "Option Standard | Delivery time after shipping: 3 to 5 business days | Price: $5.99\n"
    "Option Expedited | Delivery time after shipping: 2 business days | Price: $12.99\n"
    "Option Overnight | Delivery time after shipping: next business day | Price: $24.99\n"
    "Overnight orders placed before noon are delivered the next business day. Orders placed on a "
    "holiday are delivered two days later.\n"
    "Parcels are packed in recycled cardboard."
)
PLANS = (
    "Warranty > Protection plans\n\n"
    "Plan 2-year protection | Length: 2 years | Price: 10% of the item price\n"
    "Plan 3-year protection | Length: 3 years | Price: 15% of the item price\n"
    "Plan 3-year protection plus | Length: 3 years | Price: 20% of the item price"
)
TIERS = (
    "Loyalty > Tiers\n\n"
    "Tier Member | Spend: $0 to $499 | Benefits: member prices\n"
    "Tier Silver | Spend: $500 to $1,499 | Benefits: early access to sales\n"
    "Tier Gold | Spend: $1,500 or more | Benefits: free expedited shipping"
)


def _rows(text: str) -> list[str]:
    return [q.text for q in quotables(text) if q.row]


def test_superlative_words_name_an_attribute_and_an_end() -> None:
    assert asked("Which is the cheapest one?") == [Extreme("price", LEAST)]
    assert asked("the most expensive plan") == [Extreme("price", MOST)]
    assert asked("What's the quickest way to get it?") == [Extreme("duration", LEAST)]
    assert asked("I'm in the top tier") == [Extreme("order", MOST)]
    assert asked("I only have the basic plan") == [Extreme("order", LEAST)]
    assert asked("How much does standard shipping cost?") == []


def test_the_extreme_row_is_read_from_the_rows_quantities_or_else_their_order() -> None:
    options = _rows(OPTIONS)
    assert [r.split(" — ")[0] for r in options] == ["Standard", "Expedited", "Overnight"]
    assert quotables(OPTIONS)[0].row and not quotables(OPTIONS)[3].row
    assert extreme_rows(options, Extreme("price", LEAST)) == {0}
    assert extreme_rows(options, Extreme("price", MOST)) == {2}
    # "next business day" is a duration of one day, so the overnight row is the fastest
    assert [(q.dimension, q.value) for q in stated("next business day")] == [("duration", 1.0)]
    assert extreme_rows(options, Extreme("duration", LEAST)) == {2}
    # the tiers' spend is a range each; rank words read the table's order (lowest first)
    assert extreme_rows(_rows(TIERS), Extreme("order", MOST)) == {2}
    assert extreme_rows(_rows(TIERS), Extreme("order", LEAST)) == {0}
    # a share of the price is the plans' price; two rows tie for the longest
    assert extreme_rows(_rows(PLANS), Extreme("price", LEAST)) == {0}
    assert extreme_rows(_rows(PLANS), Extreme("duration", MOST)) == {1, 2}
    assert extreme_rows([], Extreme("price", LEAST)) == set()


def test_the_row_holding_the_extreme_is_quoted_first_with_the_sentences_that_name_it() -> None:
    options = _result(OPTIONS, "s3://kb/documents/shipping.md")
    answer = compose("I want the fastest delivery there is. When will it come?", [options])
    assert answer is not None
    assert answer.startswith("According to our Shipping policy: Overnight — Delivery time after shipping")
    # the sentence naming the row, and the next sentence of its paragraph, come with it
    assert "Overnight orders placed before noon" in answer and "two days later" in answer
    cheapest = compose("How long does the cheapest delivery take?", [options])
    assert cheapest is not None and cheapest.startswith("According to our Shipping policy: Standard")
    tiers = compose("What do I get in the top tier?", [_result(TIERS, "s3://kb/documents/loyalty.md")])
    assert tiers is not None and tiers.startswith("According to our Loyalty policy: Gold")


def test_a_unit_stating_the_questions_quantity_answers_it() -> None:
    """ "three-year" shares no word with "3-year protection": the same duration (3 years) does."""
    plans = _result(PLANS, "s3://kb/documents/warranty.md")
    answer = compose("What is the price of the three-year protection?", [plans])
    assert answer is not None
    assert answer.startswith("According to our Warranty policy: 3-year protection")


def test_a_small_tables_rows_are_quoted_with_the_answering_row_and_a_large_ones_are_not() -> None:
    table = (
        "Membership > Levels\n\n"
        "Level Bronze | Cover: parts | Price: $5\n"
        "Level Silver | Cover: parts and labour | Price: $9\n"
        "Level Gold | Cover: parts, labour and visits | Price: $15\n"
        "Gold members are served first. Gold members get a gift. Gold members may bring a guest. "
        "Gold members see new items early."
    )
    answer = compose("What is the Gold level?", [_result(table, "s3://kb/documents/members.md")])
    assert answer is not None
    assert answer.startswith("According to our Members policy: Gold — Cover: parts, labour and visits")
    # the other rows come with it, though they share no word with the question
    assert "Bronze — Cover: parts; Price: $5." in answer and "Silver — " in answer
    rows = "\n".join(f"Size S{n} | Chest: {80 + n} cm" for n in range(8))
    sizes = _result(f"Clothing > Sizes\n\n{rows}", "s3://kb/documents/sizes.md")
    answer = compose("What chest size is S3?", [sizes])
    assert answer is not None and answer.startswith("According to our Sizes policy: S3 — Chest: 83 cm.")
    assert answer.count(" — ") == 4  # the answering row and the three next best, not all eight

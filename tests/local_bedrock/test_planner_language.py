"""The planner's general language handling, one rule at a time: numbers and dates in words, ids in
the formats the schemas declare, and the small judgements round-2 of issue 14 added (a count is not
a reference, an undeclared person id is someone else's, picking by price)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from local_bedrock.planner.dates import date_range
from local_bedrock.planner.goals import RECENCY, _by_price
from local_bedrock.planner.language import Speller, ordinal_reference, proper_names
from local_bedrock.planner.numbers import cardinals_to_digits, ordinals_to_digits, value_of
from local_bedrock.planner.slots import canonical_id, id_finder, integers

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("seven", 7),
        ("twenty-five", 25),
        ("a hundred and twelve", 112),
        ("two thousand and twenty-six", 2026),
        ("twenty twenty four", 2024),
        ("nineteen eighty", 1980),
    ],
)
def test_numbers_in_words(words: str, value: int) -> None:
    assert value_of(words) == value


def test_spelled_numbers_and_ordinals_become_digits() -> None:
    assert cardinals_to_digits("my latest four loans") == "my latest 4 loans"
    assert cardinals_to_digits("a couple of mugs") == "2 mugs"
    assert ordinals_to_digits("the thirty-first of july") == "the 31st of july"
    assert cardinals_to_digits("two three") == "two three"  # not one number


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("since the ninth of july", date(2026, 7, 9), None),
        ("since july the ninth", date(2026, 7, 9), None),
        ("what did i get in twenty twenty four", date(2024, 1, 1), date(2024, 12, 31)),
        ("from the year two thousand twenty three", date(2023, 1, 1), date(2023, 12, 31)),
        ("between the 2nd of february and the 20th of march", date(2026, 2, 2), date(2026, 3, 20)),
        ("from the 3rd to the 9th of june", date(2026, 6, 3), date(2026, 6, 9)),
        ("in the last three weeks", date(2026, 11, 9), None),
        ("two months ago", date(2026, 9, 1), date(2026, 9, 30)),
        ("since december 25th", date(2025, 12, 25), None),  # the latest one not after today
    ],
)
def test_dates_in_words(text: str, since: date | None, until: date | None) -> None:
    assert date_range(text, TODAY) == (since, until)


def test_a_day_of_a_month_is_no_position_in_a_list() -> None:
    assert ordinal_reference("since the second of may") is None
    assert ordinal_reference("renew the second one") == 2


def test_a_count_after_last_is_no_reference_to_one_thing() -> None:
    assert RECENCY.search("my last order")
    assert not RECENCY.search("my last four orders")
    assert not RECENCY.search("my latest orders")


@pytest.mark.parametrize(
    ("pattern", "said", "canonical"),
    [
        ("^[A-Z]{2}-[0-9]{4}$", "hold xy7788 please", "XY-7788"),
        ("^[A-Z]{2}-[0-9]{4}$", "reserve xy 7788", "XY-7788"),
        ("^ORD-[0-9A-Z]{6}$", "where is ord 7k3f9q", "ORD-7K3F9Q"),
        ("^C[0-9]{4}$", "for c0042", "C0042"),
    ],
)
def test_ids_in_the_declared_format(pattern: str, said: str, canonical: str) -> None:
    found = [canonical_id(m, pattern) for m in id_finder(pattern).finditer(said)]
    assert found == [canonical]
    assert re.fullmatch(pattern.strip("^$"), canonical)


def test_one_that_stands_for_a_thing_is_no_count() -> None:
    assert integers("the dearer one, 3 of them", []) == [3]
    assert integers("buy one", []) == [1]


def test_picking_by_price() -> None:
    shown = [{"id": "A", "price": "9.5"}, {"id": "B", "price": "4.0"}, {"id": "C", "price": "12"}]
    assert _by_price("the cheapest one", shown) == "B"
    assert _by_price("the most expensive one", shown) == "C"
    assert _by_price("the blue one", shown) is None


def test_names_are_not_spell_corrected() -> None:
    speller = Speller({"due", "date"})
    raw = "is Dune in?"
    assert speller.correct("dune") == "dune"  # short words are only mistyped in place
    assert "dune" in proper_names(raw)


def test_an_id_no_schema_declares_names_someone_else() -> None:
    from local_bedrock.planner.refusals import _PERSON_ID

    assert _PERSON_ID.search("show the fees of member q2211")
    assert _PERSON_ID.search("what has x9911's account got")
    assert not _PERSON_ID.search("renew ln-40117")
    assert not _PERSON_ID.search("my account please")

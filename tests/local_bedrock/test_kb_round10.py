"""Round 10 of the knowledge-base answers (issue 11): a table's column names are counted once per
table (``knowledge._column_words``) and still do not make a row say more when a quoted section adds
what else it says. Texts are written for these tests."""

from __future__ import annotations

from typing import Any

from local_bedrock.planner import knowledge
from tests.local_bedrock.kb_results import retrieved

URI = "s3://kb/documents/boats.md"


def _results(*texts: str) -> list[dict[str, Any]]:
    return [retrieved(text, URI, 0.6 - 0.2 * rank) for rank, text in enumerate(texts)]


# a table as the chunker writes it: each row carries its column names (chunking.py)
SIZES = (
    "Gear > Life jacket sizes\n\n"
    "Size Small | Chest: 70 to 90 cm | Weight: under 40 kg\n"
    "Size Medium | Chest: 90 to 110 cm | Weight: 40 to 70 kg\n"
    "Size Large | Chest: 110 to 130 cm | Weight: over 70 kg, with a crotch strap\n"
)


def test_column_words_are_counted_once_per_table_of_two_rows_or_more() -> None:
    units = knowledge._units(_results(SIZES))
    rows = [u for u in units if u.row]
    assert len(rows) == 3
    columns = knowledge._column_words(units)
    assert set(columns) == {(0, rows[0].block)}
    shared = columns[(0, rows[0].block)]
    assert {"chest", "weight"} <= shared
    assert "strap" not in shared
    # a table of one row has no column words to discount: its words are its own
    one_row = "Gear > Paddles\n\nPaddle Touring | Length: 220 cm\n"
    assert [u.row for u in knowledge._units(_results(one_row))] == [True]
    assert knowledge._column_words(knowledge._units(_results(one_row))) == {}


def test_a_row_holding_only_column_names_is_not_added_but_one_with_its_own_word_is() -> None:
    units = knowledge._units(_results(SIZES))
    small, medium, large = [u for u in units if u.row]
    ranked = [(1.0, u) for u in (small, medium, large)]
    columns = knowledge._column_words(units)
    # "chest" is a column name, in every row: it does not make the other rows say more
    assert knowledge._section_mates({"chest"}, small, ranked, [small], 3, columns) == []
    # "strap" is the Large row's own word
    assert knowledge._section_mates({"strap"}, small, ranked, [small], 3, columns) == [large]
    # without the column words discounted, every row would count as holding "chest"
    assert knowledge._section_mates({"chest"}, small, ranked, [small], 3, {}) == [medium, large]

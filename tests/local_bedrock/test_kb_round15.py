"""Round 15 of the knowledge base (issue 11): each section an answer quotes also quotes its unit
nearest the question in meaning (``knowledge.MEANING_MATES``), when no unit quoted is nearer, so a
rule told in other words than the question's is stated, and so does the passage Retrieve ranks first
even when no unit of it wins by words (``knowledge.FIRST_PASSAGE``); the retriever keeps its units'
vectors, so this costs no encoding per answer. Texts are written for these tests."""

from __future__ import annotations

import pytest

from local_bedrock import encoder
from local_bedrock.planner import knowledge
from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever import Retriever
from local_bedrock.retriever.chunking import chunk_document
from local_bedrock.retriever.passages import units
from tests.local_bedrock.kb_results import assert_grounded_and_cited, retrieved
from textnorm import terms

MISSED = (
    "Ferry tickets > Missed sailings\n\n"
    "Ferry ticket prices include a reserved seat and one bag.\n\n"
    "Tickets are sold at the harbour kiosk and on the quay.\n\n"
    "If you arrive after the boat has left, we rebook you on the next departure at no charge.\n\n"
    "Dogs travel free on the car deck."
)
REBOOK = "If you arrive after the boat has left, we rebook you on the next departure at no charge."
LATE = "I got to the dock late and the ferry had gone. Is my ticket wasted?"
PARKING = "Harbour > Parking\n\nCars left on the quay overnight are towed away at the owner's cost."


def _ferry(*texts: str) -> list[dict[str, object]]:
    return [retrieved(text, "s3://kb/documents/ferry.md") for text in texts]


def test_the_sentence_nearest_the_question_in_meaning_is_quoted_though_it_shares_no_word() -> None:
    assert not set(terms(LATE)) & set(terms(REBOOK))  # the word scores never reach it
    results = _ferry(MISSED)
    answer = compose(LATE, results)
    assert answer is not None and REBOOK in answer
    assert_grounded_and_cited(answer, results, LATE)
    # the sentence about dogs is neither near in meaning nor worded like the question
    assert "Dogs" not in answer


def test_without_meaning_mates_the_rule_in_other_words_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "MEANING_MATES", False)
    answer = compose(LATE, _ferry(MISSED))
    assert answer is not None and REBOOK not in answer and "Tickets are sold" in answer


def test_a_nearest_unit_under_the_floor_is_not_quoted(monkeypatch: pytest.MonkeyPatch) -> None:
    # the rebooking sentence's cosine with the question lies between 0.25 and 0.6
    monkeypatch.setattr(knowledge, "MEANING_FLOOR", 0.6)
    answer = compose(LATE, _ferry(MISSED))
    assert answer is not None and REBOOK not in answer


def test_a_passage_the_answer_does_not_quote_adds_nothing_by_meaning() -> None:
    # the parking passage shares no word with the question: it is not a quoted section, so its
    # sentence is not added, however near in meaning
    answer = compose(LATE, _ferry(MISSED, PARKING))
    assert answer is not None and "towed" not in answer and REBOOK in answer


MISSED_ONLY = "Sailings > Missed departures\n\n" + REBOOK
PRICES = "Ferry tickets > Prices\n\nFerry ticket prices include a reserved seat and one bag."


def test_retrieves_first_passage_quotes_its_nearest_unit_though_another_wins_by_words() -> None:
    results = _ferry(MISSED_ONLY, PRICES)
    answer = compose(LATE, results)
    assert answer is not None
    # the prices sentence wins by words and opens the answer; the first passage's rule follows it
    assert answer.index("Ferry ticket prices") < answer.index(REBOOK)
    assert_grounded_and_cited(answer, results, LATE)


def test_without_the_first_passage_rule_only_the_worded_section_is_quoted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(knowledge, "FIRST_PASSAGE", False)
    answer = compose(LATE, _ferry(MISSED_ONLY, PRICES))
    assert answer is not None and REBOOK not in answer


def test_a_passage_ranked_below_the_first_that_nothing_quotes_adds_nothing() -> None:
    answer = compose(LATE, _ferry(PRICES, MISSED_ONLY))
    assert answer is not None and "Ferry ticket prices" in answer and REBOOK not in answer


def test_a_unit_already_quoted_as_nearest_adds_nothing() -> None:
    worded = MISSED.replace(
        REBOOK, "If you are late and the ferry has gone, we rebook your ticket at no charge."
    )
    answer = compose(LATE, _ferry(worded))
    assert answer is not None
    assert answer.count("we rebook your ticket") == 1 and "Dogs" not in answer


def test_the_retriever_keeps_its_units_vectors_so_answers_encode_no_passage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = (
        "# Ferry\n\n## Missed sailings\n\n"
        + MISSED.split("\n\n", 1)[1]
        + "\n\n## Parking\n\n"
        + PARKING.split("\n\n")[1]
    )
    retriever = Retriever(chunk_document("ferry.md", document))
    results = retriever.retrieve(LATE, 2)
    encoded: list[str] = []
    real = encoder._encode_new

    def recording(texts: list[str]) -> dict[str, object]:
        encoded.extend(texts)
        return real(texts)

    monkeypatch.setattr(encoder, "_encode_new", recording)
    answer = compose(LATE, results)
    assert answer is not None and REBOOK in answer
    passage_units = {u for r in results for u in units(str(r["content"]["text"]))}
    assert not passage_units & set(encoded)

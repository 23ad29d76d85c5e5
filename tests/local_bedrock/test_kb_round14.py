"""Round 14 of the knowledge base (issue 11): Retrieve returns the nearest chunks asked for, with no
floor below the best (a floor tried in the round, dropped at the merge: decision 0056), and a quoted
section's sentence whose limit holds a figure the question states is quoted with it even when it
shares no word with the question (``knowledge.FIGURE_MATES``). Texts are written for these tests."""

from __future__ import annotations

import pytest

from local_bedrock.planner import knowledge
from local_bedrock.planner.knowledge import compose
from local_bedrock.retriever import Retriever
from local_bedrock.retriever.chunking import chunk_document
from tests.local_bedrock.kb_results import assert_grounded_and_cited, retrieved
from textnorm import terms

BIKES = """# Bike shop

## Tyre repairs

A flat tyre on a bike bought from us is repaired for free in the first year.
Tubeless tyres are resealed for $15.

## Bike storage

Winter storage for a bike costs $40 a season.

## Opening hours

The workshop opens at 8 a.m. on weekdays.
"""
FLAT = "Can you repair a flat tyre on my bike for free?"


def _bike_retriever() -> Retriever:
    return Retriever(chunk_document("bike-shop.md", BIKES), dense_weight=0)


def test_retrieve_returns_the_results_asked_for_however_far_below_the_best() -> None:
    # A knowledge base's vector search returns the numberOfResults nearest chunks (API reference,
    # KnowledgeBaseVectorSearchConfiguration); it documents no floor relative to the best score.
    # Round 14's branch cut passages under 0.3 of the best; the merge dropped it (decision 0056),
    # because it raised the local context relevance above what the deployed knowledge base returns.
    results = _bike_retriever().retrieve(FLAT, 5)
    scores = [r["score"] for r in results]
    headings = [r["content"]["text"].split("\n")[0] for r in results]
    assert "Tyre repairs" in headings[0]
    # the storage section shares only "bike" with the question, far below the best: still returned
    assert any("Bike storage" in h for h in headings)
    assert min(scores) < 0.3 * max(scores)


KAYAKS = (
    "Kayak hire > Faults\n\n"
    "If a hired kayak leaks because of a fault within 14 days, we swap it for another kayak.\n"
    "A leaking kayak is swapped at the hire desk.\n"
    "A hired kayak that leaks after a crash is not swapped.\n"
    "Every hired kayak is checked for leaks before it goes out.\n"
    "We swap a hired kayak paddle that cracks.\n\n"
    "From day 15 to day 60, send it to the maker's repair centre instead.\n"
)
LATE = "From day 15 to day 60, send it to the maker's repair centre instead."
# "five weeks" is 35 days: only the second paragraph's sentence says what applies, in none of the
# question's words
LEAKING = "The kayak I hired started leaking after five weeks, will you swap it?"


def test_a_sentence_whose_limit_holds_the_question_figure_is_quoted() -> None:
    assert not set(terms(LATE)) & set(terms(LEAKING))
    results = [retrieved(KAYAKS, "s3://kb/documents/kayaks.md")]
    answer = compose(LEAKING, results)
    assert answer is not None and LATE in answer
    assert answer.index("If a hired kayak leaks") < answer.index(LATE)  # the best unit still first
    assert_grounded_and_cited(answer, results, LEAKING)


def test_without_figure_mates_that_sentence_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "FIGURE_MATES", False)
    answer = compose(LEAKING, [retrieved(KAYAKS, "s3://kb/documents/kayaks.md")])
    assert answer is not None and LATE not in answer


def test_a_limit_that_does_not_hold_the_figure_is_not_added() -> None:
    # ten days is inside the first limit, not the second: the day-15 sentence says nothing about it
    early = "The kayak I hired started leaking after ten days, will you swap it?"
    answer = compose(early, [retrieved(KAYAKS, "s3://kb/documents/kayaks.md")])
    assert answer is not None and LATE not in answer

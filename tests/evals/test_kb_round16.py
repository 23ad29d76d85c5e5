"""Round 16 of the knowledge base (issue 11): a quoted section quotes its second-nearest unit in
meaning too when that unit's cosine with the question is within ``knowledge.MEANING_SECOND`` of the
nearest's (``knowledge._nearest_in_meaning``), so a rule told in two sentences, neither worded like
the question, is stated whole. Texts are written for these tests."""

from __future__ import annotations

import pytest

from local_bedrock.encoder import encode
from local_bedrock.planner import knowledge
from local_bedrock.planner.knowledge import compose
from tests.local_bedrock.kb_results import assert_grounded_and_cited, retrieved

LATE = "I got to the dock late and the ferry had gone. Is my ticket wasted?"
REBOOK = "If you arrive after the boat has left, we rebook you on the next departure at no charge."
VALID = "Should the sailing depart without you, the fare stays valid for thirty days."
KIOSK = "Tickets are sold at the harbour kiosk and on the quay."
DOGS = "Dogs travel free on the car deck."
MISSED = f"Ferry tickets > Missed sailings\n\n{KIOSK}\n\n{REBOOK}\n\n{VALID}\n\n{DOGS}"


def _ferry(*texts: str) -> list[dict[str, object]]:
    return [retrieved(text, "s3://kb/documents/ferry.md") for text in texts]


def _cosines(*texts: str) -> list[float]:
    return [float(c) for c in encode(list(texts)) @ encode([LATE])[0]]


def test_the_two_units_nearest_in_meaning_are_quoted_when_their_cosines_are_close() -> None:
    rebook, valid, kiosk, dogs = _cosines(REBOOK, VALID, KIOSK, DOGS)
    # the premise: the two rules are the nearest, within the margin of each other; the rest further
    margin = knowledge.MEANING_SECOND
    assert margin is not None and abs(rebook - valid) <= margin < min(rebook, valid) - max(kiosk, dogs)
    results = _ferry(MISSED)
    answer = compose(LATE, results)
    assert answer is not None and REBOOK in answer and VALID in answer
    assert_grounded_and_cited(answer, results, LATE)
    assert DOGS not in answer


def test_without_the_second_unit_only_the_nearest_rule_is_quoted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(knowledge, "MEANING_SECOND", None)
    answer = compose(LATE, _ferry(MISSED))
    assert answer is not None and VALID in answer and REBOOK not in answer


def test_a_second_unit_further_than_the_margin_is_not_quoted(monkeypatch: pytest.MonkeyPatch) -> None:
    # the two rules' cosines differ by about 0.016: a margin of 0.005 keeps the nearest alone
    monkeypatch.setattr(knowledge, "MEANING_SECOND", 0.005)
    answer = compose(LATE, _ferry(MISSED))
    assert answer is not None and VALID in answer and REBOOK not in answer


def test_a_second_unit_under_the_floor_is_not_quoted(monkeypatch: pytest.MonkeyPatch) -> None:
    # the nearest (about 0.52) passes a floor of 0.51, the second (about 0.50) does not
    monkeypatch.setattr(knowledge, "MEANING_FLOOR", 0.51)
    answer = compose(LATE, _ferry(MISSED))
    assert answer is not None and VALID in answer and REBOOK not in answer


def test_a_one_unit_passage_quotes_that_unit_once() -> None:
    # Retrieve's first passage holds one unit: no second unit to weigh; the kiosk passage wins by words
    results = _ferry(f"Sailings > Missed departures\n\n{VALID}", f"Ferry tickets > Sales\n\n{KIOSK}")
    answer = compose(LATE, results)
    assert answer is not None and answer.count(VALID) == 1 and KIOSK in answer

"""The twelfth round of issue 14, on messages written for this file (not taken from an utterance
suite): the message's closeness in meaning to the operations' declarations and to the documents'
passages (sentence vectors, local_bedrock/planner/meaning.py) as evidence in the comparison of
candidates (candidates.py), the declarations' vectors kept on disk and the message encoded once."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest

from evals.planner.fit_candidates import expected
from evals.planner.suite import WRITTEN
from local_bedrock import encoder
from local_bedrock.agent.model import PlanContext
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import candidates, meaning
from local_bedrock.planner.candidates import KNOWLEDGE, READ, REFUSAL
from tests.local_bedrock.planner_fixtures import LIBRARY, agents, planner

_DOCUMENTS = REPO_ROOT / "knowledge_base"


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("can somebody else see the stuff I bought", "Who can see your data"),
        ("my kettle broke after a few months, will you fix it", "How to make a claim"),
    ],
)
def test_a_question_said_in_other_words_is_closest_to_the_passage_that_answers_it(
    question: str, heading: str
) -> None:
    # Neither question says "data", "privacy", "warranty" or "claim".
    best = max(meaning.passages(_DOCUMENTS), key=lambda p: encoder.similarity(question, p))
    assert best.startswith(f"{heading}: ")
    assert meaning.to_documents(_DOCUMENTS, question) > meaning.to_documents(
        _DOCUMENTS, "tell me a joke about cats"
    )


def test_a_request_for_the_agents_data_is_closer_to_its_operations_than_an_errand_elsewhere() -> None:
    assistant = agents()["assistant"]
    asked = "which things did I get from you over the summer"
    elsewhere = "what's a good recipe for banana bread"
    assert meaning.to_operation(assistant, asked) > meaning.to_operation(assistant, elsewhere) + 0.1
    # Any operation's closeness is the highest of the operations'.
    each = [meaning.to_operation(assistant, asked, op.operation_id) for op in assistant.operations]
    assert meaning.to_operation(assistant, asked) == pytest.approx(max(each))


def test_an_operations_declaration_is_its_summary_and_description_then_its_parameters() -> None:
    librarian = agents(LIBRARY)["librarian"]
    operation = next(
        op for op in librarian.operations if op.parameters and any(p.description for p in op.parameters)
    )
    head, full = meaning.operation_texts(operation)
    assert operation.description.strip().rstrip(".") in head
    described = next(p for p in operation.parameters if p.description)
    assert (
        full.startswith(head) and described.description.strip() in full and described.description not in head
    )


def test_the_evidence_holds_the_meaning_pieces_and_none_of_the_documents_without_a_knowledge_base() -> None:
    from local_bedrock.planner.goals import understand

    built = planner(REPO_ROOT, WRITTEN)
    text = "does my warranty cover a kettle that leaks?"
    for name, documents_expected in (("assistant", True), ("support", False)):
        agent = agents()[name]
        message = understand(text, built.speller, built.catalog_stems, frozenset(), agent)
        evidence = candidates.features(agent, message, None, KNOWLEDGE, _DOCUMENTS)
        assert evidence["meaning_read"] == 0.0  # no read to compare with
        assert evidence["meaning_operations"] >= 0.0
        assert (evidence["meaning_documents"] > 0.0) is documents_expected
        assert evidence["meaning_documents_lead"] == pytest.approx(evidence["meaning_documents"])


def test_a_case_expecting_a_question_back_is_not_labelled_a_refusal() -> None:
    def case(**expect: Any) -> dict[str, Any]:
        return {"say": "x", "expect": expect}

    # Round 29: a question back on a turn asking no change is a read short of a value, not a refusal.
    assert expected(case(calls=[], asks=True), set()) == READ
    assert expected(case(calls=[]), set()) == REFUSAL
    assert expected(case(declined=True), set()) == REFUSAL
    assert expected(case(kb=True), set()) == KNOWLEDGE
    assert expected(case(calls=["listLoans"]), set()) == READ
    assert expected(case(calls=["renewLoan"]), {"renewLoan"}) is None


def test_the_declarations_are_read_back_from_disk_and_a_message_is_encoded_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assistant = agents()["assistant"]
    text = "what happens to the points when an order gets refunded?"
    built = planner(REPO_ROOT, WRITTEN)
    meaning.to_operation(assistant, "a first message to keep the vectors on disk")
    meaning.to_documents(_DOCUMENTS, "a first message to keep the vectors on disk")
    # A new process: nothing in memory, the declarations' and passages' vectors on disk.
    monkeypatch.setattr(encoder, "_kept", {})
    monkeypatch.setattr(encoder, "_recent", OrderedDict())
    meaning._operations.cache_clear()  # type: ignore[attr-defined]
    meaning._passages.cache_clear()
    encoded: list[str] = []
    forward = encoder._forward

    def counted(ids: Any, mask: Any) -> Any:
        encoded.extend([text] * len(ids))
        return forward(ids, mask)

    monkeypatch.setattr(encoder, "_forward", counted)
    # The run's disk memo of messages (tests/conftest.py) would answer a second run's message: off here,
    # so the count says what one process encodes (review13 F6).
    monkeypatch.delenv(encoder.MEMO_VARIABLE, raising=False)
    built.decide(PlanContext(assistant, text, [], [], {}, {}))
    assert len(encoded) == 1  # the message once; every declaration and passage from disk
    built.decide(PlanContext(assistant, text, [], [], {}, {}))
    assert len(encoded) == 1  # the same text again: from the encoder's memo

"""Deterministic knowledge-base metrics: section attribution, retrieval scores, support, answers."""

from __future__ import annotations

from typing import Any

import pytest

from evals.kb import metrics
from evals.kb.probe import Answer, Citation
from evals.kb.questions import Fact, GoldSection, Question
from evals.kb.scoring import score_answer, score_retrieval
from evals.kb.sections import Corpus, document_of

CORPUS = Corpus()
QUESTION = Question(
    id="q",
    question="How long do I have to return headphones?",
    gold=[
        GoldSection(document="returns.md", section="Opened electronics and headphones"),
        GoldSection(document="returns.md", section="Return window"),
    ],
    facts=[
        Fact(fact="30 days of delivery.", keys=["30 days"]),
        Fact(fact="A 15% restocking fee.", keys=["15%", "restocking fee"]),
    ],
)


def result(document: str, text: str, score: float = 0.5) -> dict[str, Any]:
    uri = f"s3://bucket/documents/{document}"
    return {"content": {"text": text}, "location": {"type": "S3", "s3Location": {"uri": uri}}, "score": score}


def section_text(document: str, heading: str) -> str:
    return next(s.text for s in CORPUS.sections[document] if s.heading == heading)


WINDOW = section_text("returns.md", "Return window")
ELECTRONICS = section_text("returns.md", "Opened electronics and headphones")
BOOKS = section_text("returns.md", "Books")
PAYMENT = section_text("payment.md", "Pay in 4")


def test_a_passage_maps_to_the_sections_it_was_cut_from_whatever_the_chunker() -> None:
    whole = CORPUS.sections_of(ELECTRONICS, "returns.md")
    assert [s.heading for s in whole] == ["Opened electronics and headphones"]
    beauty = CORPUS.sections["returns.md"][4].text
    straddling = ELECTRONICS[-200:] + "\n\n### Opened beauty\n\n" + beauty[:200]
    assert {s.heading for s in CORPUS.sections_of(straddling, "returns.md")} == {
        "Opened electronics and headphones",
        CORPUS.sections["returns.md"][4].heading,
    }
    assert CORPUS.sections_of(ELECTRONICS, "shipping.md") == []  # only its own document counts
    by_metadata = {"metadata": {"x-amz-bedrock-kb-source-uri": "s3://b/documents/payment.md"}}
    assert document_of(by_metadata) == "payment.md"
    chunk_object = {"location": {"s3Location": {"uri": "s3://b/documents/returns.md/003.md"}}}
    assert document_of(chunk_object) == "returns.md"  # as make deploy uploads chunks


def test_retrieval_scores_against_the_gold_sections() -> None:
    scored = score_retrieval(
        QUESTION,
        "tuning",
        CORPUS,
        [result("payment.md", PAYMENT), result("returns.md", ELECTRONICS), result("returns.md", BOOKS)],
        k=5,
    )
    assert scored.recall_at_k == 0.5  # one of the two gold sections
    assert scored.reciprocal_rank == 0.5  # first gold passage at rank 2
    assert [p.relevance for p in scored.passages] == [0.0, 1.0, 0.5]  # off topic, gold, same document
    assert scored.context_relevance == pytest.approx(0.5)
    assert scored.context_coverage == 1.0  # the electronics section states both facts
    assert [f.retrieved for f in scored.facts] == [True, True]


def test_nothing_retrieved_scores_zero() -> None:
    scored = score_retrieval(QUESTION, "tuning", CORPUS, [], k=5)
    assert (scored.recall_at_k, scored.reciprocal_rank, scored.context_coverage) == (0, 0, 0)
    assert "gold section not retrieved" in scored.problems()


def test_recall_counts_only_the_top_k() -> None:
    ranked = [{("returns.md", "Books")}, {("returns.md", "Return window")}]
    gold = {("returns.md", "Return window")}
    assert metrics.recall_at_k(gold, ranked, 1) == 0
    assert metrics.recall_at_k(gold, ranked, 2) == 1


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("According to our Returns policy: Most items can be returned within 30 days of delivery.", True),
        ("Within 30 days of delivery, most items can be returned.", True),  # reordered, same facts
        ("Most items can be returned within 60 days of delivery.", False),  # a number not in the text
        ("Gift cards can be returned within 30 days.", False),  # words not in the text
    ],
)
def test_support_needs_the_numbers_and_most_words(sentence: str, supported: bool) -> None:
    assert metrics.SupportIndex(WINDOW).supports(sentence) is supported


def test_a_lead_in_joined_to_a_later_list_item_is_supported() -> None:
    text = section_text("warranty.md", "What is not covered")
    joined = "Neither the store guarantee nor the protection plans cover: lost or stolen items."
    assert metrics.SupportIndex(text).supports(joined)


def test_answer_metrics_facts_citations_and_faithfulness() -> None:
    scored = score_retrieval(QUESTION, "tuning", CORPUS, [result("returns.md", ELECTRONICS)], k=5)
    quoted = "You can return opened electronics within 30 days of delivery."
    answer = Answer(
        text=f"According to our Returns policy: {quoted} Shipping is always free.",
        citations=[Citation(quoted, ("s3://b/documents/returns.md", "s3://b/documents/privacy.md"))],
        retrieved=[result("returns.md", ELECTRONICS)],
    )
    score_answer(scored, QUESTION, CORPUS, answer)
    assert scored.facts_stated == 0.5  # 30 days yes, restocking fee no
    assert scored.citation_precision == 0.5  # privacy.md does not contain what is attributed to it
    assert scored.citations[0].precise == [True, False]
    assert scored.faithfulness == 0.5  # "Shipping is always free." is in no retrieved passage
    assert {"answer misses a fact", "cites a document it does not quote"} <= set(scored.problems())


def test_an_answer_without_citations_has_no_citation_precision() -> None:
    scored = score_retrieval(QUESTION, "tuning", CORPUS, [], k=5)
    score_answer(scored, QUESTION, CORPUS, Answer(text="Sorry, I can't help with that."))
    assert scored.citation_precision is None and scored.facts_stated == 0
    assert scored.faithfulness == 0.0

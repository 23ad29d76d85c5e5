"""Score one question from what the target returned (Retrieve results, the InvokeAgent answer)."""

from __future__ import annotations

from typing import Any

from evals.kb import metrics
from evals.kb.probe import Answer
from evals.kb.questions import Question, fact_stated
from evals.kb.results import CitationResult, FactResult, PassageResult, QuestionResult
from evals.kb.sections import Corpus, document_of


def _text(result: dict[str, Any]) -> str:
    return str(result.get("content", {}).get("text", ""))


def score_retrieval(
    question: Question, split: str, corpus: Corpus, results: list[dict[str, Any]], k: int
) -> QuestionResult:
    gold = metrics.gold_keys(question)
    passages: list[PassageResult] = []
    ranked: list[set[tuple[str, str]]] = []
    for rank, result in enumerate(results[:k], start=1):
        document = document_of(result)
        found = metrics.section_keys(corpus, _text(result), document)
        ranked.append(found)
        passages.append(
            PassageResult(
                rank=rank,
                document=document,
                sections=sorted(heading for _, heading in found),
                score=result.get("score"),
                relevance=metrics.passage_relevance(gold, document, found),
                text=_text(result),
            )
        )
    texts = [p.text for p in passages]
    return QuestionResult(
        id=question.id,
        split=split,
        question=question.question,
        kinds=list(question.kinds),
        gold=[f"{g.document} › {g.section}" for g in question.gold],
        passages=passages,
        recall_at_k=metrics.recall_at_k(gold, ranked, k),
        reciprocal_rank=metrics.reciprocal_rank(gold, ranked),
        context_relevance=round(sum(p.relevance for p in passages) / len(passages), 4) if passages else 0.0,
        context_coverage=metrics.coverage(question, texts),
        facts=[
            FactResult(fact=f.fact, stated=False, retrieved=fact_stated("\n".join(texts), f))
            for f in question.facts
        ],
    )


def score_answer(result: QuestionResult, question: Question, corpus: Corpus, answer: Answer) -> None:
    """Add the answer metrics to ``result`` (in place)."""
    stated = metrics.facts_stated(question, answer.text)
    result.answer = answer.text
    result.guardrail = answer.guardrail
    result.facts = [
        FactResult(fact=f.fact, stated=s, retrieved=r.retrieved)
        for f, s, r in zip(question.facts, stated, result.facts, strict=True)
    ]
    result.facts_stated = sum(stated) / len(stated)
    checks: list[bool] = []
    for citation in answer.citations:
        names = [document_of({"location": {"s3Location": {"uri": uri}}}) for uri in citation.documents]
        precise = [
            name in corpus.texts and metrics.cited_span_supported(citation.span, corpus.texts[name])
            for name in names
        ]
        checks.extend(precise)
        result.citations.append(CitationResult(span=citation.span, documents=names, precise=precise))
    result.citation_precision = sum(checks) / len(checks) if checks else None
    result.faithfulness = metrics.faithfulness(answer.text, [_text(r) for r in answer.retrieved])

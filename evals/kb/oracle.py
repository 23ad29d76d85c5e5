"""How much of the answer loss is the retriever's and how much the composer's: the offline answer
composer (``local_bedrock.planner.knowledge.compose``) scored on a split twice, without the planner
or the guardrail, once on what the local retriever returns for each question (top k) and once on
the gold sections' own passages (an oracle retriever). Facts stated are judged as ``make eval-kb``
judges them (``evals.kb.questions.fact_stated``).

    python -m evals.kb oracle --split dev4

The gap between the two is what retrieval loses; the gap between the oracle and 1.0 is what
choosing the sentences loses even when the right passages are given. Local target only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evals.kb.questions import Question, fact_stated
from evals.kb.sections import KNOWLEDGE_DIR
from local_bedrock.planner import knowledge
from local_bedrock.retriever import Retriever


@dataclass(frozen=True)
class ComposerScores:
    split: str
    questions: int
    retrieved: float  # mean facts stated, composed from the top k retrieved passages
    oracle: float  # the same, composed from the gold sections' passages
    retrieved_words: float  # mean words of those answers (no answer counts as 0)
    oracle_words: float

    def line(self) -> str:
        return (
            f"{self.split}: composer on retrieved passages {self.retrieved:.3f} "
            f"({self.retrieved_words:.1f} words), on the gold passages {self.oracle:.3f} "
            f"({self.oracle_words:.1f} words), {self.questions} questions"
        )


def gold_passages(retriever: Retriever, question: Question) -> list[dict[str, Any]]:
    """The chunks of the question's gold sections, as Retrieve results (score 1, gold order)."""
    return [
        {
            "content": {"text": chunk.text},
            "location": {"type": "S3", "s3Location": {"uri": retriever.uri(chunk.source)}},
            "score": 1.0,
        }
        for gold in question.gold
        for chunk in retriever.chunks
        if chunk.source == gold.document and chunk.heading_path[-1] == gold.section
    ]


def _stated(answer: str, question: Question) -> float:
    return sum(fact_stated(answer, fact) for fact in question.facts) / len(question.facts)


def score_split(
    split: str, questions: list[Question], k: int = 5, retriever: Retriever | None = None
) -> ComposerScores:
    """The composer's facts stated on ``questions``, from retrieved and from gold passages."""
    if not questions:
        raise ValueError(f"split {split} has no questions")
    retriever = retriever or Retriever.from_directory(KNOWLEDGE_DIR)
    retrieved, oracle, words, oracle_words = 0.0, 0.0, 0, 0
    for question in questions:
        answer = knowledge.compose(question.question, retriever.retrieve(question.question, k)) or ""
        given = knowledge.compose(question.question, gold_passages(retriever, question)) or ""
        retrieved += _stated(answer, question)
        oracle += _stated(given, question)
        words += len(answer.split())
        oracle_words += len(given.split())
    n = len(questions)
    return ComposerScores(split, n, retrieved / n, oracle / n, words / n, oracle_words / n)

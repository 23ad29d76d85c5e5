"""Run the question set against a target: Retrieve and InvokeAgent per question, scored as it goes,
with one progress line on stderr (rewritten in place on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TextIO

from botocore.exceptions import BotoCoreError, ClientError

from evals.kb.probe import KbTarget, ask, retrieve
from evals.kb.questions import Question
from evals.kb.results import LlmScores, QuestionResult
from evals.kb.scoring import score_answer, score_retrieval
from evals.kb.sections import Corpus
from evals.runner.retry import RetryPolicy


class RetrievalJudge(Protocol):
    def score(self, question: Question, passages: list[str]) -> LlmScores: ...


@dataclass
class RunOptions:
    k: int = 5
    answers: bool = True
    judge: RetrievalJudge | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)


class Progress:
    """``eval-kb 12/94 returns-12: 0.92 facts so far`` — one line, rewritten on a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def update(self, done: int, ident: str, facts: float | None) -> None:
        so_far = f", facts stated so far {facts:.1%}" if facts is not None else ""
        line = f"eval-kb {done}/{self.total} {ident}{so_far}"
        if self.tty:
            self.stream.write("\r" + line.ljust(100)[:100])
            if done == self.total:
                self.stream.write("\n")
        elif done == self.total or done % 10 == 0 or done == 1:
            self.stream.write(line + "\n")
        self.stream.flush()


def _failure(error: Exception) -> str:
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "Error")
        return f"{code}: {error.response.get('Error', {}).get('Message', error)}"
    return f"{type(error).__name__}: {error}"


def evaluate(
    questions: list[tuple[str, Question]],
    target: KbTarget,
    client: Any,
    corpus: Corpus,
    options: RunOptions,
    progress: Callable[[int, str, float | None], None] | None = None,
) -> list[QuestionResult]:
    """Score every (split, question) pair against ``target``; a failed call fails only its question."""
    results: list[QuestionResult] = []
    stated: list[float] = []
    for done, (split, question) in enumerate(questions, start=1):
        try:
            retrieved = retrieve(client, target, question.question, options.k, options.retry)
            result = score_retrieval(question, split, corpus, retrieved, options.k)
            if options.judge is not None:
                result.llm = options.judge.score(question, [p.text for p in result.passages])
            if options.answers:
                score_answer(result, question, corpus, ask(client, target, question.question, options.retry))
        except (ClientError, BotoCoreError) as error:
            result = QuestionResult(
                id=question.id,
                split=split,
                question=question.question,
                kinds=list(question.kinds),
                gold=[f"{g.document} › {g.section}" for g in question.gold],
                error=_failure(error),
            )
        results.append(result)
        if result.facts_stated is not None:
            stated.append(result.facts_stated)
        if progress is not None:
            progress(done, question.id, sum(stated) / len(stated) if stated else None)
    return results

"""Retrieved passages as the Retrieve API returns them, for tests of the answer composer.

The shape is `bedrock-agent-runtime`'s `KnowledgeBaseRetrievalResult` (content, score, location of
type S3 with its URI), as the local endpoint answers Retrieve."""

from __future__ import annotations

from typing import Any

from local_bedrock.guardrail import grounding
from local_bedrock.retriever import passages

# the grounding check's thresholds (terraform/guardrail_policy.json: GROUNDING 0.75, RELEVANCE 0.25)
GROUNDING, RELEVANCE = 0.75, 0.25


def retrieved(text: str, uri: str = "s3://kb/documents/returns.md", score: float = 0.5) -> dict[str, Any]:
    return {"content": {"text": text}, "score": score, "location": {"type": "S3", "s3Location": {"uri": uri}}}


def sources(results: list[dict[str, Any]]) -> list[str]:
    return [str(r["content"]["text"]) for r in results]


def assert_grounded_and_cited(answer: str | None, results: list[dict[str, Any]], question: str) -> None:
    """``answer`` passes the contextual grounding check on ``results`` and quotes every one of them."""
    assert answer is not None
    scores = grounding.score(answer, sources(results), question)
    assert scores.grounding >= GROUNDING and scores.relevance >= RELEVANCE
    assert all(passages.quotes(answer, r) for r in results)

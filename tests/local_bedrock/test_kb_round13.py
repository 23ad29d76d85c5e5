"""Round 13 of the knowledge base (issue 11): the local contextual grounding check reads the answer's
meaning beside its words (decision 0052), and Retrieve passes the request's overrideSearchType to the
retriever. Texts are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from local_bedrock.guardrail import grounding
from local_bedrock.runtime import LocalRuntime
from textnorm import terms

# the thresholds the agent's guardrail declares (terraform/guardrail_policy.json)
GROUNDING, RELEVANCE = 0.75, 0.25


def _retrieve(runtime: LocalRuntime, text: str, **vector: Any) -> list[dict[str, Any]]:
    config = {"retrievalConfiguration": {"vectorSearchConfiguration": vector}} if vector else {}
    client = runtime.client()
    response = client.retrieve(knowledgeBaseId="LOCALKB001", retrievalQuery={"text": text}, **config)
    return list(response["retrievalResults"])


def test_retrieve_searches_by_meaning_alone_when_asked_semantic(local_agents: LocalRuntime) -> None:
    question = "Is there a perk for buying a lot?"
    semantic = _retrieve(local_agents, question, overrideSearchType="SEMANTIC", numberOfResults=1)
    first = semantic[0]["content"]["text"]
    assert not set(terms(question)) & set(terms(first))
    assert semantic[0]["location"]["s3Location"]["uri"].endswith("loyalty.md")
    # the type reaches the retriever: SEMANTIC's scores are the cosines, not HYBRID's weighted sum
    hybrid = _retrieve(local_agents, question, overrideSearchType="HYBRID", numberOfResults=5)
    by_text = {r["content"]["text"]: r["score"] for r in hybrid}
    assert by_text.get(first) != semantic[0]["score"]


def test_a_search_type_outside_the_model_is_a_validation_exception(local_agents: LocalRuntime) -> None:
    with pytest.raises(ClientError) as raised:
        _retrieve(local_agents, "loyalty points per dollar", overrideSearchType="KEYWORD")
    assert raised.value.response["Error"]["Code"] == "ValidationException"


SOURCES = [
    "Store help > Store hours\n\nOur shops open at 9 a.m. and close at 8 p.m. every day.",
    "Store help > Gift wrapping\n\nGift wrapping costs $4 per item and includes a printed message.",
]
HOURS = "According to our Store help policy: Our shops open at 9 a.m. and close at 8 p.m. every day."
WRAPPING = (
    "According to our Store help policy: Gift wrapping costs $4 per item and includes a printed message."
)
LOCK_UP = "When do you lock up in the evening?"


def _passes(scores: grounding.GroundingScores) -> bool:
    return scores.grounding >= GROUNDING and scores.relevance >= RELEVANCE


def test_an_answer_in_other_words_than_the_question_is_relevant_by_meaning() -> None:
    # not one word of the question is in the answer: the words alone score relevance 0
    assert not set(terms(LOCK_UP)) & set(terms(HOURS))
    scores = grounding.score(HOURS, SOURCES, LOCK_UP)
    assert scores.relevance >= RELEVANCE and _passes(scores)


def test_an_answer_about_another_topic_is_still_irrelevant() -> None:
    scores = grounding.score(WRAPPING, SOURCES, LOCK_UP)
    assert scores.grounding == 1.0  # quoted word for word, so only relevance can block it
    assert scores.relevance < RELEVANCE and not _passes(scores)


def test_a_changed_number_is_still_blocked_when_the_answer_is_relevant() -> None:
    changed = HOURS.replace("8 p.m.", "15 p.m.")
    scores = grounding.score(changed, SOURCES, LOCK_UP)
    assert scores.relevance >= RELEVANCE and scores.grounding < GROUNDING and not _passes(scores)


def test_the_encoder_runs_only_when_words_leave_relevance_below_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from local_bedrock import encoder

    calls: list[tuple[str, str]] = []
    real = encoder.similarity
    monkeypatch.setattr(encoder, "similarity", lambda a, b: calls.append((a, b)) or real(a, b))
    assert grounding.score(HOURS, SOURCES, "When do the shops open?").relevance == 1.0
    assert not calls
    grounding.score(HOURS, SOURCES, LOCK_UP)
    # the query and the response without its attribution, as one text
    assert calls == [(LOCK_UP, HOURS.removeprefix("According to our Store help policy: "))]

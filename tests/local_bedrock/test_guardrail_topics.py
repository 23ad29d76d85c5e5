"""Denied topics: everyday shopping passes, topic requests in other words are blocked."""

from __future__ import annotations

import re

import pytest
from guardrail_fixtures import ENGINE, KNOWLEDGE_BASE, SHOPPING, TOPICS

from local_bedrock.guardrail.policy import TopicConfig
from local_bedrock.guardrail.topics import TopicMatcher
from local_bedrock.retriever import Retriever

TOPIC_CASES = [(name, text) for name, texts in TOPICS.items() for text in texts]


@pytest.mark.parametrize("text", SHOPPING)
def test_shopping_requests_pass_untouched(text: str) -> None:
    result = ENGINE.assess(text)
    assert (result.action, result.text, result.assessment) == ("NONE", text, {})


@pytest.mark.parametrize(("topic", "text"), TOPIC_CASES)
def test_topic_requests_are_blocked_as_that_topic(topic: str, text: str) -> None:
    result = ENGINE.assess(text)
    assert result.blocked
    assert result.text == ENGINE.policy.blockedInputMessaging
    assert {"name": topic, "type": "DENY", "action": "BLOCKED"} in result.assessment["topicPolicy"]["topics"]


def test_policy_examples_themselves_are_blocked() -> None:
    for topic in ENGINE.policy.topicPolicyConfig.topicsConfig:
        for example in topic.examples:
            names = [
                t["name"] for t in ENGINE.assess(example).assessment.get("topicPolicy", {}).get("topics", [])
            ]
            assert topic.name in names, example


def _kb_texts() -> list[str]:
    retriever = Retriever.from_directory(KNOWLEDGE_BASE)
    chunks = [c.text for c in retriever.chunks]
    sentences = [s for c in chunks for s in re.split(r"(?<=[.!?:])\s+|\n+", c) if len(s.split()) >= 4]
    return chunks + sentences


def test_knowledge_base_answers_pass_the_output_guardrail() -> None:
    """Store policy text, whole chunks and single sentences, is never blocked or masked on output."""
    flagged = [
        (t[:60], r.assessment) for t in _kb_texts() if (r := ENGINE.assess(t, "OUTPUT")).action != "NONE"
    ]
    assert flagged == []


def test_concept_groups_widen_only_topics_that_mention_them() -> None:
    crypto = TopicConfig(name="Crypto", definition="Talk about cryptocurrencies.", examples=[])
    weather = TopicConfig(name="Weather", definition="Forecasts of rain and sunshine.", examples=[])
    matcher = TopicMatcher([crypto, weather])
    assert matcher.match("what do you think of dogecoin") == ["Crypto"]
    assert matcher.match("will it rain tomorrow") == ["Weather"]
    assert matcher.match("show me my orders") == []


def test_shopping_context_raises_the_bar() -> None:
    matcher = TopicMatcher(ENGINE.policy.topicPolicyConfig.topicsConfig)
    assert matcher.match("is bitcoin worth it") == ["InvestmentAdvice"]
    assert matcher.match("can I pay for my order with bitcoin") == []
    # with enough topic evidence, shopping words do not save it
    assert matcher.match("should I invest my savings in bitcoin or buy a laptop") == ["InvestmentAdvice"]


def test_a_topic_free_policy_matches_nothing() -> None:
    assert TopicMatcher([]).match("who should I vote for?") == []


def test_weak_words_add_up_within_a_sentence_not_across_sentences() -> None:
    matcher = TopicMatcher(ENGINE.policy.topicPolicyConfig.topicsConfig)
    # only everyday words, all in one question: still investment advice
    assert matcher.match("what should I buy to earn a good return on my money") == ["InvestmentAdvice"]
    # the same kind of words spread over statements about the store: no topic
    answer = "Gold members earn more per dollar. A product review earns points too."
    assert matcher.match(answer) == []
    assert matcher.match("Gold members earn more per dollar and a product review earns points too") == [
        "InvestmentAdvice"
    ]  # one sentence: the cues add up, as before
    # a strong word still counts whatever sentence it is in
    assert matcher.match("Members earn more. Should I put it in bitcoin?") == ["InvestmentAdvice"]


def test_two_sentences_of_one_document_answered_together_pass_the_output_guardrail() -> None:
    """A composed answer quotes several sentences of one document: no pair of them is blocked."""
    retriever = Retriever.from_directory(KNOWLEDGE_BASE)
    per_document: dict[str, list[str]] = {}
    for chunk in retriever.chunks:
        sentences = [s for s in re.split(r"(?<=[.!?:])\s+|\n+", chunk.text) if len(s.split()) >= 4]
        per_document.setdefault(chunk.source, []).extend(sentences)
    flagged = [
        (first[:40], second[:40])
        for sentences in per_document.values()
        for i, first in enumerate(sentences)
        for second in sentences[i + 1 :]
        if ENGINE.assess(f"{first} {second}", "OUTPUT").action != "NONE"
    ]
    assert flagged == []

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

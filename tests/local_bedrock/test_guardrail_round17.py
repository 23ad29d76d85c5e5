"""Round 17 of the guardrail engine (issue 14's misses that the guardrail decides): a task-type denied
topic denies the task asked for, not talk about its subject; "without paying" ends where its clause
ends; asking which coins a shop takes is a payment question. Each test has messages that must
intervene and everyday messages with the same words that must not. The messages are this file's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from guardrail_fixtures import ENGINE

from local_bedrock.guardrail import GuardrailEngine
from local_bedrock.guardrail.content import classify
from local_bedrock.guardrail.policy import GuardrailPolicy
from local_bedrock.guardrail.requests import is_request, is_task, task_verbs

_LIBRARY_POLICY = Path(__file__).resolve().parents[1] / "library_agent" / "guardrail_policy.json"
LIBRARY = GuardrailEngine.from_policy_file(_LIBRARY_POLICY)
_HOMEWORK = next(t for t in GuardrailPolicy.from_file(_LIBRARY_POLICY).topicPolicyConfig.topicsConfig)


def test_a_topic_of_requests_is_a_task_and_a_topic_of_questions_is_not() -> None:
    assert is_task(_HOMEWORK)
    assert task_verbs(_HOMEWORK) == {"write", "do", "give"}
    # The store's topics: medical advice opens with a gerund too, but its samples are questions.
    assert not any(is_task(t) for t in ENGINE.policy.topicPolicyConfig.topicsConfig)


@pytest.mark.parametrize(
    "text",
    [
        "could you write my essay about the french revolution",
        "please do my algebra assignment for me",
        "finish my geography coursework, it's due tomorrow",
        "I need you to write a book report on Dune that I can hand in",
        "fill in the answers on my biology worksheet so I can hand it in",
    ],
)
def test_asking_for_school_work_is_the_homework_topic(text: str) -> None:
    result = LIBRARY.assess(text)
    assert result.blocked
    assert result.assessment["topicPolicy"]["topics"][0]["name"] == "HomeworkWriting"


@pytest.mark.parametrize(
    "text",
    [
        "my daughter's essay on whales is due friday, can I renew the ocean book she used?",
        "I'm writing a book report on Dune myself, is a copy in?",
        "the teacher assigned Frankenstein for our essay, where would it be shelved",
        "group study booking for tuesday, how many hours can we keep the room",
    ],
)
def test_mentioning_school_work_is_no_homework(text: str) -> None:
    assert LIBRARY._topics.scores(text)["HomeworkWriting"] >= 1.0  # the cues alone would block
    assert not LIBRARY.assess(text).blocked


def test_a_model_output_is_read_by_its_cues_alone() -> None:
    text = "my daughter's essay on whales is due friday, can I renew the ocean book she used?"
    assert not LIBRARY.assess(text, "INPUT").blocked
    assert LIBRARY.assess(text, "OUTPUT").blocked


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("can u sort out my lab report", True),
        ("help me with the essay, I'll submit it as mine", True),
        ("answer every question on my chemistry test", True),
        ("need the atlas for my project, is it in", False),
        ("booking a room to study for the exam", False),
        ("my essay is due, can I renew?", False),
    ],
)
def test_request_forms(text: str, asks: bool) -> None:
    assert is_request(text, task_verbs(_HOMEWORK)) is asks


@pytest.mark.parametrize(
    "text",
    [
        "I walked out of the shop without paying.",
        "how do I leave with the speaker without paying",
        "grab the headphones without paying for them, ok?",
    ],
)
def test_taking_without_paying_is_misconduct(text: str) -> None:
    assert classify(text, "MISCONDUCT") == "MEDIUM"


@pytest.mark.parametrize(
    "text",
    [
        "can I upgrade to express without paying anything extra?",
        "can I cancel without paying anything?",
        "is there a way to back out without paying anything",
        "can I get a refund without paying return shipping",
    ],
)
def test_a_fee_asked_about_is_no_misconduct(text: str) -> None:
    assert classify(text, "MISCONDUCT") == "NONE"
    assert not ENGINE.assess(text).blocked


def test_which_coins_a_shop_takes_is_a_payment_question() -> None:
    assert not ENGINE.assess("do you guys take bitcoin?").blocked
    assert not ENGINE.assess("y'all take ethereum for orders?").blocked
    blocked = ENGINE.assess("should I put my savings into bitcoin?")
    assert blocked.assessment["topicPolicy"]["topics"][0]["name"] == "InvestmentAdvice"

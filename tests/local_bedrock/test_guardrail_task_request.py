"""A task-type denied topic takes a user's message only when the clause that asks for something
names the task (round 22): telling why ("I'm writing my essay on X") and asking another thing
("renew it") is no request for the essay. The messages are written for this file."""

from __future__ import annotations

import pytest

from local_bedrock.guardrail.policy import TopicConfig
from local_bedrock.guardrail.requests import requests_in
from local_bedrock.guardrail.topics import TopicMatcher

HOMEWORK = TopicConfig(
    name="EssayWriting",
    definition="Writing essays or assignments for students to hand in as their own work.",
    examples=["Write my essay on Hamlet.", "Do my geography assignment for me."],
)


def test_only_the_asking_clauses_are_requests() -> None:
    verbs = frozenset({"write", "do"})
    assert requests_in("my essay is on whales, could you renew the atlas", verbs) == [
        " could you renew the atlas"
    ]
    assert requests_in("my essay is on whales", verbs) == []


@pytest.mark.parametrize(
    ("said", "denied"),
    [
        ("I'm drafting my essay on whales, could you extend my loan of the atlas", False),
        ("my assignment is about volcanoes; renew the volcano atlas", False),
        ("could you write my essay on whales", True),
        ("my assignment on volcanoes is due, do it for me", True),
        ("need an essay on whales by monday, make it sound like a pupil", True),  # wanting the essay
        ("I need the atlas for my essay, could you renew it", False),  # wanting the atlas
    ],
)
def test_a_task_topic_needs_the_task_in_the_asking_clause(said: str, denied: bool) -> None:
    assert bool(TopicMatcher([HOMEWORK]).match(said)) is denied

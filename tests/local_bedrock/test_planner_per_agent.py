"""What the planner derives from an agent definition is computed once per agent (planner/per_agent.py):
never another agent's values, never a stale one, bounded, and the same from many threads at once."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest

from local_bedrock.agent.definition import AgentDefinition
from local_bedrock.planner import intents, per_agent
from tests.local_bedrock.planner_fixtures import LIBRARY, agents

TEXTS = (
    "What did I buy recently?",
    "cancel my last order",
    "do you sell yoga mats",
    "please renew dune for me",
    "do I owe any fines?",
    "recommend something I might like",
    "show me my overdue books",
)
DERIVED = (intents.profiles, intents._idf, intents._ranked, intents.agent_terms)


def _clear() -> None:
    for derived in DERIVED:
        derived.cache_clear()  # type: ignore[attr-defined]


def _ranking(agent: AgentDefinition, text: str) -> list[tuple[str, float, str]]:
    return [(m.operation.operation_id, m.score, m.role) for m in intents.rank(agent, text, set())]


def _fresh(agent: AgentDefinition, text: str) -> list[tuple[str, float, str]]:
    """The ranking with nothing kept from before: what a cache must reproduce."""
    _clear()
    try:
        return _ranking(agent, text)
    finally:
        _clear()


@pytest.fixture
def two_agents() -> tuple[AgentDefinition, AgentDefinition]:
    return agents()["assistant"], agents(LIBRARY)["librarian"]


def test_each_agent_gets_its_own_values(two_agents: tuple[AgentDefinition, AgentDefinition]) -> None:
    assistant, librarian = two_agents
    expected = {
        (name, text): _fresh(agent, text)
        for name, agent in (("a", assistant), ("l", librarian))
        for text in TEXTS
    }
    _clear()
    for text in TEXTS:  # both agents' values in the cache at once, asked for in turn
        assert _ranking(assistant, text) == expected["a", text]
        assert _ranking(librarian, text) == expected["l", text]
    assert {p.operation.operation_id for p in intents.profiles(librarian)} == {
        op.operation_id for op in librarian.operations
    }


def test_an_equal_looking_agent_is_not_served_another_agents_values(
    two_agents: tuple[AgentDefinition, AgentDefinition],
) -> None:
    assistant, _ = two_agents
    intents.rank(assistant, TEXTS[0], set())  # the original's values are kept
    fewer = dataclasses.replace(assistant, operations=assistant.operations[1:])  # same name and id
    dropped = assistant.operations[0].operation_id
    assert [p.operation for p in intents.profiles(fewer)] == list(fewer.operations)
    for text in TEXTS:
        assert dropped not in [op for op, _, _ in _ranking(fewer, text)]
        assert _ranking(fewer, text) == _fresh(fewer, text)


def test_values_follow_each_new_agent_when_old_ones_are_dropped(
    two_agents: tuple[AgentDefinition, AgentDefinition],
) -> None:
    """Agents made and dropped one after another (CPython often gives a new one a dropped one's
    id): each gets values of its own, and no more agents are kept than the bound."""
    assistant, _ = two_agents
    operations = assistant.operations
    ids: list[int] = []
    for n in range(3 * per_agent.AGENTS):
        agent = dataclasses.replace(assistant, operations=operations[: 1 + n % len(operations)])
        ids.append(id(agent))
        profiles = intents.profiles(agent)
        assert [p.operation for p in profiles] == list(agent.operations)
        assert all(a is b for a, b in zip((p.operation for p in profiles), agent.operations, strict=True))
        del agent, profiles  # freed by reference counting once the cache lets go of it: no gc needed
    assert intents.profiles.cache_info().currsize <= per_agent.AGENTS  # type: ignore[attr-defined]
    assert len(set(ids)) < len(ids), "no id was reused: the test did not exercise what it is for"


def test_derived_once_per_agent_object() -> None:
    calls: list[str] = []

    @per_agent.per_agent
    def named(agent: AgentDefinition) -> str:
        calls.append(agent.name)
        return agent.name.upper()

    first = agents()["assistant"]
    twin = dataclasses.replace(first)  # equal by value, another object
    assert twin == first and twin is not first
    assert [named(first), named(first), named(twin)] == ["ASSISTANT"] * 3
    assert calls == ["assistant", "assistant"]


def test_concurrent_turns_rank_as_one_turn_alone(
    two_agents: tuple[AgentDefinition, AgentDefinition], rapid_switching: None
) -> None:
    expected = {(n, text): _fresh(agent, text) for n, agent in enumerate(two_agents) for text in TEXTS}
    _clear()

    def run(thread: int) -> list[list[tuple[str, float, str]]]:
        return [_ranking(two_agents[thread % 2], text) for text in TEXTS]

    with ThreadPoolExecutor(max_workers=8) as pool:  # a failure in a thread is raised here
        found = list(pool.map(run, range(8)))
    assert found == [[expected[thread % 2, text] for text in TEXTS] for thread in range(8)]

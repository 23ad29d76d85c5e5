"""What the planner derives from an agent definition alone, computed once per agent.

An AgentDefinition is built once per runtime and never changed (a frozen dataclass), but it holds
dicts, so it cannot be hashed: a derived value is keyed on the definition's identity. The key keeps
a reference to its definition, so while an entry lives no other object can take its id. The cache is
functools.lru_cache: thread-safe, bounded (the least recently used agent's values are dropped).
Two threads asking for a new agent at once may both compute; the values are equal, and the cache
keeps one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from local_bedrock.agent.definition import AgentDefinition

T = TypeVar("T")
# Agents whose derived values are kept (each function its own); a runtime serves a handful.
AGENTS = 32


class AgentKey:
    """An agent definition as a cache key: equal only to itself."""

    __slots__ = ("agent",)

    def __init__(self, agent: AgentDefinition) -> None:
        self.agent = agent

    def __hash__(self) -> int:
        return id(self.agent)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AgentKey) and other.agent is self.agent


def per_agent(derive: Callable[[AgentDefinition], T]) -> Callable[[AgentDefinition], T]:
    """``derive(agent)`` computed once per agent definition (by identity). The value is shared by
    every caller: ``derive`` must return something its callers never change."""

    @lru_cache(maxsize=AGENTS)
    def cached(key: AgentKey) -> T:
        return derive(key.agent)

    @wraps(derive)
    def lookup(agent: AgentDefinition) -> T:
        return cached(AgentKey(agent))

    lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    lookup.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return lookup

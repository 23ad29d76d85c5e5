"""What the planner derives from one message's text, computed once per message.

A turn asks the same questions of its message many times: the understanding, the route, the
comparison of candidates and each orchestration step each read the message's date range, its
expansions by the lexicon, its ordinals and its base forms again (a read turn asked for its
expansions six times and for its date range five, 2026-12-02). A function marked ``@per_message``
answers each set of arguments once while one message is planned, then forgets.

The memo is per thread (the endpoint plans each turn in the thread serving its request) and lives
from one message to the next: ``message(owners, key)`` opens it for the planner's calls on the
message they name (preprocess, then every orchestration step of the turn), and another message
starts an empty one. The owners (the planner, the agent, the session's memory) are compared by
identity and kept referenced while their message is current, so no other object can take their id;
the key (the history's length, the text) by equality. Outside ``message`` every function computes as
it always did, so a caller outside the planner (tests, the knowledge base) sees no cache. Nothing is
kept from one message to another: a benchmark that sends the same text every turn gains nothing a
real conversation would not.

Only functions whose result depends on their arguments alone (hashable: text, dates, numbers, an
agent as its ``per_agent.AgentKey``) may be marked. A result that is a set, list or dict is copied
on every call, since callers may change it (``message_stems`` adds to the expansions it gets).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class _State(threading.local):
    owners: tuple[object, ...] = ()
    key: Hashable = None
    memo: dict[Any, Any] | None = None  # the current message's answers
    active: dict[Any, Any] | None = None  # the memo while the planner is working on its message


_state = _State()


def _same(owners: tuple[object, ...], key: Hashable) -> bool:
    return (
        len(owners) == len(_state.owners)
        and all(a is b for a, b in zip(owners, _state.owners, strict=True))
        and key == _state.key
    )


@contextmanager
def message(owners: tuple[object, ...], key: Hashable) -> Iterator[None]:
    """Memoize ``@per_message`` functions while the planner works on the message named by
    ``owners`` (by identity) and ``key`` (by equality); the same message again (the next step of the
    same turn) finds the answers kept, another none."""
    if _state.memo is None or not _same(owners, key):
        _state.owners, _state.key, _state.memo = owners, key, {}
    outer, _state.active = _state.active, _state.memo
    try:
        yield
    finally:
        _state.active = outer


def _copy(value: Any) -> Any:
    if isinstance(value, set):
        return set(value)
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def per_message(function: Callable[P, T]) -> Callable[P, T]:
    """``function`` answered once per set of (positional, hashable) arguments within one message."""

    @wraps(function)
    def memoized(*args: P.args, **kwargs: P.kwargs) -> T:
        memo = _state.active
        if memo is None or kwargs:
            return function(*args, **kwargs)
        key = (memoized, args)
        try:
            value = memo[key]
        except KeyError:
            value = memo[key] = function(*args, **kwargs)  # kwargs is empty here
        result: T = _copy(value)
        return result

    return memoized

"""Session store semantics: attributes, turns, pending invocations, expiry, eviction, threads."""

from __future__ import annotations

import threading

import pytest

from local_bedrock.sessions import PendingInvocation, SessionBusy, SessionKey, SessionStore, Turn


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def key(n: int | str = 1) -> SessionKey:
    return SessionKey("AGENT00001", "TSTALIASID", f"session-{n}")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(clock: Clock) -> SessionStore:
    return SessionStore(idle_ttl_seconds=600, max_sessions=3, max_history=3, clock=clock)


def test_session_attributes_merge_and_prompt_attributes_last_one_turn(store: SessionStore) -> None:
    with store.checkout(key()) as session:
        session.begin_turn({"customerId": "c-1", "tier": "gold"}, {"today": "monday"})
        assert session.prompt_session_attributes == {"today": "monday"}
    with store.checkout(key()) as session:
        assert session.prompt_session_attributes == {}
        session.begin_turn({"tier": "silver"}, {})
        assert session.session_attributes == {"customerId": "c-1", "tier": "silver"}
        assert session.turns == 1


def test_history_keeps_the_most_recent_turns(store: SessionStore) -> None:
    with store.checkout(key()) as session:
        for n in range(5):
            session.append(Turn(user_text=f"q{n}", agent_text=f"a{n}"))
    peeked = store.peek(key())
    assert peeked is not None
    assert [t.user_text for t in peeked.history] == ["q2", "q3", "q4"]


def test_pending_invocation_is_taken_once(store: SessionStore) -> None:
    pending = PendingInvocation(invocation_id="inv-1", invocation_inputs=({"apiInvocationInput": {}},))
    with store.checkout(key()) as session:
        session.pending = pending
    with store.checkout(key()) as session:
        assert session.take_pending() == pending
        assert session.take_pending() is None


def test_ending_removes_the_session_after_the_turn(store: SessionStore) -> None:
    with store.checkout(key()) as session:
        session.begin_turn({"customerId": "c-1"}, {})
        session.ending = True
        assert store.peek(key()) is session  # still there during the turn
    assert store.peek(key()) is None
    with store.checkout(key()) as fresh:
        assert fresh.session_attributes == {}


def test_idle_sessions_expire_after_their_ttl(store: SessionStore, clock: Clock) -> None:
    with store.checkout(key(1)) as session:
        session.begin_turn({"customerId": "c-1"}, {})
    with store.checkout(key(2), idle_ttl_seconds=60) as short:
        short.begin_turn({"customerId": "c-2"}, {})
    clock.now += 61
    assert store.peek(key(2)) is None
    assert store.peek(key(1)) is not None
    clock.now += 540
    assert store.peek(key(1)) is None
    assert len(store) == 0
    with store.checkout(key(1)) as session:
        assert session.session_attributes == {}


def test_activity_postpones_expiry(store: SessionStore, clock: Clock) -> None:
    for _ in range(5):
        clock.now += 500
        with store.checkout(key()) as session:
            session.begin_turn({"n": str(session.turns)}, {})
    peeked = store.peek(key())
    assert peeked is not None and peeked.session_attributes == {"n": "4"}


def test_least_recently_used_sessions_are_evicted(store: SessionStore, clock: Clock) -> None:
    for n in (1, 2, 3):
        clock.now += 1
        with store.checkout(key(n)):
            pass
    clock.now += 1
    with store.checkout(key(1)):  # 1 is now the most recently used
        pass
    with store.checkout(key(4)):
        pass
    assert len(store) == 3
    assert store.peek(key(2)) is None
    assert all(store.peek(key(n)) is not None for n in (1, 3, 4))


def test_busy_sessions_are_not_evicted(store: SessionStore) -> None:
    with store.checkout(key(1)), store.checkout(key(2)), store.checkout(key(3)), store.checkout(key(4)):
        assert len(store) == 4  # over the bound rather than dropping a running turn
    with store.checkout(key(5)):
        pass
    assert len(store) == 3


def test_one_turn_at_a_time_per_session(store: SessionStore) -> None:
    with store.checkout(key()):
        with pytest.raises(SessionBusy), store.checkout(key()):
            pass
        with store.checkout(key(2)):  # other sessions are unaffected
            pass
    with store.checkout(key()):  # released after the turn
        pass


def test_threads_never_share_a_turn_or_lose_updates() -> None:
    store = SessionStore(max_sessions=100)
    conflicts = 0
    guard = threading.Lock()

    def worker(n: int) -> None:
        nonlocal conflicts
        for _ in range(200):
            try:
                with store.checkout(key(n % 5)) as session:
                    count = int(session.state.get("count", 0))
                    session.state["count"] = count + 1
            except SessionBusy:
                with guard:
                    conflicts += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = 0
    for n in range(5):
        session = store.peek(key(n))
        assert session is not None
        assert session.turns == session.state["count"]  # no lost or doubled updates
        total += session.turns
    assert total + conflicts == 10 * 200


def test_store_needs_room_for_one_session() -> None:
    with pytest.raises(ValueError, match="max_sessions"):
        SessionStore(max_sessions=0)


def test_end_forgets_a_session(store: SessionStore) -> None:
    with store.checkout(key()):
        pass
    assert store.end(key()) is True
    assert store.end(key()) is False

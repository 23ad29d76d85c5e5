"""Eviction at the store's bound keeps exactly the sessions the full scan kept, without the scan.

``SessionStore`` skips its scan for expired sessions while the clock is before a lower bound of every
session's last activity + TTL. The reference below is the store's previous algorithm (scan every
session for expired ones, then drop least recently used idle ones); random operations with mixed
TTLs, busy sessions, ended sessions and clock steps landing on the TTL's edge must leave the same
sessions, in the same order, after every step.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from local_bedrock.sessions import Session, SessionKey, SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Entry:
    last_active: float
    ttl: float
    busy: bool = False

    def expired(self, now: float) -> bool:
        return not self.busy and now - self.last_active > self.ttl


class Reference:
    """The eviction the store did before: a full scan for expired sessions at every new session past
    the bound, then the least recently used idle ones."""

    def __init__(self, ttl: float, bound: int) -> None:
        self.ttl, self.bound = ttl, bound
        self.sessions: OrderedDict[SessionKey, Entry] = OrderedDict()

    def expire(self, now: float) -> None:
        for key in [k for k, e in self.sessions.items() if e.expired(now)]:
            del self.sessions[key]

    def acquire(self, key: SessionKey, ttl: float | None, now: float) -> None:
        entry = self.sessions.get(key)
        if entry is not None and entry.expired(now):
            del self.sessions[key]
            entry = None
        if entry is None:
            self.sessions[key] = Entry(now, self.ttl if ttl is None else ttl, busy=True)
            if len(self.sessions) > self.bound:
                self.expire(now)
                for old in [k for k, e in self.sessions.items() if not e.busy]:
                    if len(self.sessions) <= self.bound:
                        break
                    del self.sessions[old]
            return
        self.sessions.move_to_end(key)
        entry.busy, entry.last_active = True, now

    def release(self, key: SessionKey, now: float, ending: bool) -> None:
        entry = self.sessions.get(key)
        if entry is None:
            return
        entry.busy, entry.last_active = False, now
        if ending:
            del self.sessions[key]


def key(n: int) -> SessionKey:
    return SessionKey("AGENT00001", "TSTALIASID", f"s-{n}")


def _state(store: SessionStore) -> list[tuple[SessionKey, float, bool]]:
    return [(k, s.last_active, s.busy) for k, s in store._sessions.items()]


def _reference_state(reference: Reference) -> list[tuple[SessionKey, float, bool]]:
    return [(k, e.last_active, e.busy) for k, e in reference.sessions.items()]


@pytest.mark.parametrize("seed", range(12))
def test_random_turns_keep_the_sessions_the_full_scan_kept(seed: int) -> None:
    rng = random.Random(seed)
    clock = Clock()
    bound = rng.choice([1, 3, 8])
    store = SessionStore(idle_ttl_seconds=60, max_sessions=bound, clock=clock)
    reference = Reference(60, bound)
    held: dict[SessionKey, tuple[ExitStack, Session]] = {}
    for _ in range(400):
        action = rng.random()
        if action < 0.55:  # a turn starts (a new or a known session; some agents have their own TTL)
            k = key(rng.randrange(12))
            if k in held:
                continue
            ttl = rng.choice([None, None, 5.0, 30.0, 0.5])
            stack = ExitStack()
            session = stack.enter_context(store.checkout(k, idle_ttl_seconds=ttl))
            reference.acquire(k, ttl, clock.now)
            held[k] = (stack, session)
        elif action < 0.85 and held:  # a turn ends, sometimes with endSession
            k = rng.choice(sorted(held))
            stack, session = held.pop(k)
            session.ending = rng.random() < 0.15
            stack.close()
            reference.release(k, clock.now, session.ending)
        else:  # time passes: small steps, long idles, and steps landing exactly on a TTL
            clock.now += rng.choice([0.0, 0.25, 0.5, 1.0, 5.0, 30.0, 60.0, 61.0, 200.0])
        assert _state(store) == _reference_state(reference)
    for stack, _session in held.values():
        stack.close()


def _count_expiry_checks(monkeypatch: pytest.MonkeyPatch) -> list[Session]:
    """From now on, every session whose expiry the store checks, in order."""
    checked: list[Session] = []
    expired = Session.expired

    def counting(self: Session, now: float) -> bool:
        checked.append(self)
        return expired(self, now)

    monkeypatch.setattr(Session, "expired", counting)
    return checked


def test_a_new_session_at_the_bound_scans_nobody_when_none_can_have_expired(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = Clock()
    store = SessionStore(idle_ttl_seconds=600, max_sessions=50, clock=clock)
    for n in range(50):
        with store.checkout(key(n)):
            clock.now += 1
    checked = _count_expiry_checks(monkeypatch)
    with store.checkout(key(50)):
        pass
    assert checked == []  # the oldest session has 550 s to go: nothing to scan
    assert key(0) not in store._sessions and len(store._sessions) == 50  # the least recently used went


def test_a_turn_outlasting_its_ttl_does_not_make_later_sessions_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    store = SessionStore(idle_ttl_seconds=600, max_sessions=50, clock=clock)
    with store.checkout(key(0)):  # busy for longer than its TTL: it cannot expire meanwhile
        clock.now += 700
        for n in range(1, 50):
            with store.checkout(key(n)):
                clock.now += 1
        checked = _count_expiry_checks(monkeypatch)
        with store.checkout(key(50)):  # at the bound: one scan finds none expired and raises the bound
            pass
        checked.clear()
        with store.checkout(key(51)):
            pass
        assert checked == []  # the busy session no longer holds the bound 100 s in the past
    assert key(0) in store._sessions  # never dropped while busy
    clock.now += 601
    with store.checkout(key(52)):  # its turn ended 601 s ago: now it is expired and goes first
        pass
    assert key(0) not in store._sessions


def test_past_the_earliest_expiry_the_expired_session_goes_before_the_least_recently_used() -> None:
    clock = Clock()
    store = SessionStore(idle_ttl_seconds=600, max_sessions=3, clock=clock)
    with store.checkout(key(1)):
        pass
    with store.checkout(key(2), idle_ttl_seconds=10):
        pass
    with store.checkout(key(3)):
        pass
    clock.now += 10.5
    with store.checkout(key(4)):
        pass
    assert list(store._sessions) == [key(1), key(3), key(4)]  # key 2 expired; key 1 stays

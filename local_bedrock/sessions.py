"""Agent sessions: what the service remembers between InvokeAgent calls with the same sessionId.

Semantics (from the Bedrock "Control agent session context" guide, with the choices we made where
the guide is silent):

- A session is keyed by (agentId, agentAliasId, sessionId) and lives until ``endSession=true`` (it
  ends after that turn), until it has been idle longer than its TTL (the agent's
  ``idleSessionTTLInSeconds``, default 600 s), or until the store is full and it is the least
  recently used idle session.
- ``sessionAttributes`` persist for the whole session. Keys sent in a later request's
  ``sessionState`` replace the stored values for those keys; other stored keys stay.
- ``promptSessionAttributes`` persist over a single turn (the guide: "attributes that persist over
  a single turn (one InvokeAgent call)"): they are set from the request at the start of the turn
  and cleared when it ends.
- A ``returnControl`` event leaves the session with one pending invocation. The next call either
  answers it (``invocationId`` must match) or sends new ``inputText``, which abandons it.
- One turn at a time per session: a second concurrent checkout raises ``SessionBusy``.

The store is thread-safe. Time comes from an injectable monotonic clock so tests need no sleeping.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

DEFAULT_IDLE_TTL_SECONDS = 600.0
DEFAULT_MAX_SESSIONS = 1000
DEFAULT_MAX_HISTORY = 200


class SessionKey(NamedTuple):
    agent_id: str
    alias_id: str
    session_id: str


class PendingInvocation(BaseModel):
    """A returnControl the agent emitted and the caller has not answered yet."""

    model_config = ConfigDict(frozen=True)

    invocation_id: str
    invocation_inputs: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Turn:
    """One exchange, appended by the agent backend; ``details`` is the backend's own record."""

    user_text: str
    agent_text: str
    details: Mapping[str, Any] = field(default_factory=dict)


class SessionBusy(Exception):
    """Another turn of the same session is still running."""


@dataclass
class Session:
    key: SessionKey
    idle_ttl_seconds: float
    last_active: float
    memory_id: str | None = None
    session_attributes: dict[str, str] = field(default_factory=dict)
    prompt_session_attributes: dict[str, str] = field(default_factory=dict)
    history: deque[Turn] = field(default_factory=deque)
    pending: PendingInvocation | None = None
    state: dict[str, Any] = field(default_factory=dict)
    turns: int = 0
    max_history: int = DEFAULT_MAX_HISTORY
    busy: bool = False
    ending: bool = False  # set during a turn with endSession=true: the session ends after it

    def __post_init__(self) -> None:
        # Bounded by construction: whoever appends (the backend, a test), the oldest turns fall off.
        self.history = deque(self.history, maxlen=self.max_history)

    def begin_turn(
        self, session_attributes: Mapping[str, str], prompt_session_attributes: Mapping[str, str]
    ) -> None:
        """Apply a request's sessionState: merge session attributes, replace prompt attributes."""
        self.session_attributes.update(session_attributes)
        self.prompt_session_attributes = dict(prompt_session_attributes)

    def append(self, turn: Turn) -> None:
        """Record a turn, keeping the most recent ``max_history``."""
        self.history.append(turn)

    def take_pending(self) -> PendingInvocation | None:
        pending, self.pending = self.pending, None
        return pending

    def _end_turn(self, now: float) -> None:
        self.prompt_session_attributes = {}
        self.turns += 1
        self.last_active = now

    def expired(self, now: float) -> bool:
        return not self.busy and now - self.last_active > self.idle_ttl_seconds


class SessionStore:
    """Thread-safe sessions with idle expiry and LRU eviction."""

    def __init__(
        self,
        *,
        idle_ttl_seconds: float = DEFAULT_IDLE_TTL_SECONDS,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        max_history: int = DEFAULT_MAX_HISTORY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        self._ttl = idle_ttl_seconds
        self._max_sessions = max_sessions
        self._max_history = max_history
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: OrderedDict[SessionKey, Session] = OrderedDict()
        # A lower bound of every idle session's last_active + TTL: no session can have expired
        # before it, so eviction at the bound need not scan every session to find none expired. A busy
        # session cannot expire (``Session.expired``) and is bounded again when its turn ends
        # (``checkout`` calls ``_may_expire``), so a turn outlasting its TTL does not hold the bound
        # in the past and make every later call scan.
        self._earliest_expiry = math.inf

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._sessions)

    def peek(self, key: SessionKey) -> Session | None:
        """The live session for ``key`` without touching it (for inspection and tests)."""
        with self._lock:
            session = self._sessions.get(key)
            if session is not None and session.expired(self._clock()):
                return None
            return session

    def end(self, key: SessionKey) -> bool:
        """Forget a session; True if there was one."""
        with self._lock:
            return self._sessions.pop(key, None) is not None

    @contextmanager
    def checkout(
        self,
        key: SessionKey,
        *,
        idle_ttl_seconds: float | None = None,
        memory_id: str | None = None,
    ) -> Iterator[Session]:
        """Hold the session for one turn: created if absent or expired; ended after the turn if
        ``session.ending`` was set during it."""
        session = self._acquire(key, idle_ttl_seconds, memory_id)
        try:
            yield session
        finally:
            with self._lock:
                session.busy = False
                session._end_turn(self._clock())
                self._may_expire(session)
                if session.ending and self._sessions.get(key) is session:
                    del self._sessions[key]

    def _acquire(self, key: SessionKey, ttl: float | None, memory_id: str | None) -> Session:
        with self._lock:
            now = self._clock()
            session = self._sessions.get(key)
            if session is not None and session.expired(now):
                del self._sessions[key]
                session = None
            if session is None:
                session = Session(
                    key=key,
                    idle_ttl_seconds=self._ttl if ttl is None else ttl,
                    last_active=now,
                    memory_id=memory_id,
                    max_history=self._max_history,
                    busy=True,
                )
                self._sessions[key] = session
                self._may_expire(session)
                self._evict(now)
                return session
            if session.busy:
                raise SessionBusy(f"session {key.session_id} already has a turn in progress")
            self._sessions.move_to_end(key)
            session.busy = True
            session.last_active = now
            self._may_expire(session)
            return session

    def _may_expire(self, session: Session) -> None:
        """Keep ``_earliest_expiry`` a lower bound after ``session``'s last_active or TTL was set."""
        self._earliest_expiry = min(self._earliest_expiry, session.last_active + session.idle_ttl_seconds)

    def _expire(self, now: float) -> None:
        # Skipped only well before the bound: the margin (relative, far above float rounding) makes
        # sure no session whose ``now - last_active > TTL`` is missed because of a rounded sum.
        if now < self._earliest_expiry - 1e-6 * (1.0 + abs(self._earliest_expiry)):
            return
        for key in [k for k, s in self._sessions.items() if s.expired(now)]:
            del self._sessions[key]
        self._earliest_expiry = min(
            (s.last_active + s.idle_ttl_seconds for s in self._sessions.values() if not s.busy),
            default=math.inf,
        )

    def _evict(self, now: float) -> None:
        """Drop expired sessions, then least recently used idle ones, down to the bound."""
        if len(self._sessions) <= self._max_sessions:
            return
        self._expire(now)
        excess = len(self._sessions) - self._max_sessions
        victims: list[SessionKey] = []
        for key, session in self._sessions.items():  # least recently used first
            if len(victims) >= excess:
                break
            if not session.busy:
                victims.append(key)
        for key in victims:
            del self._sessions[key]

"""Statuses that take time, as on AWS: a resource is ``PREPARING`` for a while, then ``PREPARED``.

AWS answers PrepareAgent, CreateKnowledgeBase, StartIngestionJob ... at once and finishes the work
in the background; clients poll (the Terraform provider's waiters, ``release/bedrock.py``,
``deploy/knowledge_base.py``). Races only show up if the busy status lasts, so every transition
here takes ``LOCAL_AWS_TRANSITION_SECONDS`` (default 1.0; 0 makes them instant). Nothing sleeps: a
resource records its pending transition and applies it when it is next read after the due time
(``settle``), under its service's lock.
"""

from __future__ import annotations

import os
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

DEFAULT_SECONDS = 1.0
_ID_ALPHABET = string.ascii_uppercase + string.digits


def transition_seconds() -> float:
    raw = os.environ.get("LOCAL_AWS_TRANSITION_SECONDS", "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_SECONDS
    except ValueError:
        raise SystemExit(f"LOCAL_AWS_TRANSITION_SECONDS must be a number of seconds, not {raw!r}") from None


def clock() -> float:
    """The time transitions fall due by (tests put a clock they move themselves in its place)."""
    return time.monotonic()


def now() -> datetime:
    return datetime.now(UTC)


def new_id(length: int = 10) -> str:
    """An id like Bedrock's (``[0-9a-zA-Z]{10}``; this emulation uses upper case and digits)."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


@dataclass
class _Step:
    status: str
    due: float
    then: Callable[[], None] | None


@dataclass
class Lifecycle:
    """A status with pending timed steps: ``begin("PREPARING", "PREPARED", then=...)``."""

    status: str
    delay: float = field(default_factory=transition_seconds)
    _steps: list[_Step] = field(default_factory=list)

    def begin(self, busy: str, *targets: str, then: Callable[[], None] | None = None) -> None:
        """Enter ``busy`` now; reach each of ``targets`` one delay after the previous step; run
        ``then`` when the last one is reached."""
        self.status = busy
        start = clock()
        self._steps = [
            _Step(status, start + self.delay * (i + 1), then if i == len(targets) - 1 else None)
            for i, status in enumerate(targets)
        ]
        self.settle()

    def settle(self) -> str:
        moment = clock()
        while self._steps and self._steps[0].due <= moment:
            step = self._steps.pop(0)
            self.status = step.status
            if step.then is not None:
                step.then()
        return self.status

    @property
    def busy(self) -> bool:
        self.settle()
        return bool(self._steps)

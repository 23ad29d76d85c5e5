"""Retry throttled calls with capped exponential backoff and full jitter.

botocore's own retries are switched off for the runner's clients (``total_max_attempts=1``): they do
not cover throttling that arrives inside an InvokeAgent event stream, and one policy in one place
lets the report count every retry.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from botocore.exceptions import ClientError

T = TypeVar("T")
THROTTLING_CODES = frozenset({"ThrottlingException", "throttlingException", "TooManyRequestsException"})


def is_throttling(error: BaseException) -> bool:
    """ThrottlingException as an HTTP error, or ``throttlingException`` inside the event stream
    (botocore raises EventStreamError, a ClientError subclass, for the latter)."""
    return isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") in THROTTLING_CODES


@dataclass
class RetryPolicy:
    attempts: int = 6
    base_seconds: float = 0.5
    cap_seconds: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, retry: int) -> float:
        return self.rng.uniform(0, min(self.cap_seconds, self.base_seconds * 2**retry))

    def call(self, operation: Callable[[], T]) -> tuple[T, int]:
        """Run ``operation``; on throttling wait and try again. Returns (result, retries used)."""
        retry = 0
        while True:
            try:
                return operation(), retry
            except ClientError as error:
                if not is_throttling(error) or retry + 1 >= self.attempts:
                    raise
            self.sleep(self.delay(retry))
            retry += 1

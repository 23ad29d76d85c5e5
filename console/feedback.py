"""Ratings of answers, stored as JSON Lines (default ``.local/feedback.jsonl``, gitignored).

The record format is ``agent_client.feedback.Feedback`` (one source of truth, read back by
``make eval-import``): the target, the session, the conversation up to and including the rated
answer (each turn with its input, output, citations, confirmation request and answer, and trace),
the rating and a comment. This module builds and appends records.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from agent_client.feedback import Feedback, FeedbackTurn, read_feedback
from local_bedrock.manifest import REPO_ROOT

DEFAULT_FEEDBACK_FILE = REPO_ROOT / ".local" / "feedback.jsonl"
Rating = Literal["up", "down"]
__all__ = ["DEFAULT_FEEDBACK_FILE", "Feedback", "FeedbackStore", "FeedbackTurn", "Rating", "new_record"]


def new_record(**fields: Any) -> Feedback:
    """A record with a fresh id and the current time (``fields`` in snake_case)."""
    return Feedback(id=uuid.uuid4().hex, created_at=datetime.now(UTC), **fields)


class FeedbackStore:
    """Appends records to a JSON Lines file (thread-safe within the process) and reads them back."""

    def __init__(self, path: Path = DEFAULT_FEEDBACK_FILE) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: Feedback) -> Feedback:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(record.to_json_line() + "\n")
        return record

    def records(self) -> list[Feedback]:
        return list(read_feedback(self.path)) if self.path.exists() else []

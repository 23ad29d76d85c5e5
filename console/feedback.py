"""Ratings of answers, stored as JSON Lines (default ``.local/feedback.jsonl``, gitignored).

One object per rated answer: the target, the session, the conversation up to and including the rated
answer (each turn with its input, output, citations, confirmation request and answer, and trace),
the rating and a comment. The evaluation tooling turns these into scenarios.
"""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from action_groups.manifest import REPO_ROOT

DEFAULT_FEEDBACK_FILE = REPO_ROOT / ".local" / "feedback.jsonl"
Rating = Literal["up", "down"]
Confirmation = Literal["CONFIRM", "DENY"]


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class FeedbackTurn(_Camel):
    input: str
    output: str
    citations: list[dict[str, Any]] = Field(default_factory=list)
    return_control: dict[str, Any] | None = None
    confirmation: Confirmation | None = None
    trace: list[dict[str, Any]] = Field(default_factory=list)  # TraceParts, datetimes as ISO strings


class FeedbackRecord(_Camel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    endpoint_url: str | None
    region: str
    agent_id: str
    agent_alias_id: str
    session_id: str
    session_attributes: dict[str, str] = Field(default_factory=dict)
    turns: list[FeedbackTurn]
    rating: Rating
    comment: str = ""

    def line(self) -> str:
        return self.model_dump_json(by_alias=True)


class FeedbackStore:
    """Appends records to a JSON Lines file (thread-safe within the process) and reads them back."""

    def __init__(self, path: Path = DEFAULT_FEEDBACK_FILE) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: FeedbackRecord) -> FeedbackRecord:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(record.line() + "\n")
        return record

    def records(self) -> list[FeedbackRecord]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [FeedbackRecord.model_validate_json(line) for line in lines if line.strip()]

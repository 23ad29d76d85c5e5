"""Console feedback: one JSON object per rated answer, stored as JSON Lines.

The console (issue 5) writes these records with this model and the exporter (``evals.importer``)
reads them back. Field names are camelCase on disk; Python code may use either form::

    record = Feedback(id="fb-1", created_at=now, endpoint_url=None, region="us-east-1",
                      agent_id="ASSISTANT", agent_alias_id="TSTALIASID", session_id="s-1",
                      session_attributes={"customerId": "C0001"}, turns=[...], rating="down",
                      comment="It should have asked which order")
    line = record.to_json_line()

``turns`` is the whole conversation up to and including the rated answer. One turn is one user
message and what the agent did with it: ``returnControl`` is the confirmation the agent requested
(or null), ``confirmation`` the user's answer to it (CONFIRM, DENY, or null if unanswered), and
``output`` the agent's final text for the turn (after the answer, when there was one). A turn with
empty ``input`` and a ``confirmation`` but no ``returnControl`` is read as a separate answer to the
previous turn's request. ``trace`` holds the TraceParts (botocore's bedrock-agent-runtime shape)
of the turn in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel


class _Record(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class FeedbackTurn(_Record):
    input: str = ""
    output: str = ""
    citations: list[dict[str, Any]] = Field(default_factory=list)
    return_control: dict[str, Any] | None = None
    confirmation: Literal["CONFIRM", "DENY"] | None = None
    trace: list[dict[str, Any]] = Field(default_factory=list)


class Feedback(_Record):
    id: str = Field(min_length=1, max_length=200)
    created_at: datetime
    endpoint_url: str | None = None
    region: str
    agent_id: str
    agent_alias_id: str
    session_id: str
    session_attributes: dict[str, str] = Field(default_factory=dict)
    turns: list[FeedbackTurn] = Field(min_length=1)
    rating: Literal["up", "down"]
    comment: str = ""

    def to_json_line(self) -> str:
        return self.model_dump_json(by_alias=True)


class FeedbackError(ValueError):
    pass


def read_feedback(path: Path) -> Iterator[Feedback]:
    """Records of a JSON Lines file; a bad line raises FeedbackError naming the line and field."""
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield Feedback.model_validate_json(line)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"]) or "(record)"
                raise FeedbackError(f"{path}:{number}: {where}: {first['msg']}") from None

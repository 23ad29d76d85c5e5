"""Retrieved passages as the Retrieve API returns them, for tests of the answer composer.

The shape is `bedrock-agent-runtime`'s `KnowledgeBaseRetrievalResult` (content, score, location of
type S3 with its URI), as the local endpoint answers Retrieve."""

from __future__ import annotations

from typing import Any


def retrieved(text: str, uri: str = "s3://kb/documents/returns.md", score: float = 0.5) -> dict[str, Any]:
    return {"content": {"text": text}, "score": score, "location": {"type": "S3", "s3Location": {"uri": uri}}}

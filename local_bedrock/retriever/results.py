"""Retrieval results in the shapes of botocore's `bedrock-agent-runtime` service model.

- `KnowledgeBaseRetrievalResult`: one item of Retrieve's `retrievalResults`.
- `RetrievedReference`: one item of `retrievedReferences`, in `attribution.citations[]` of an
  InvokeAgent chunk and in the `knowledgeBaseLookupOutput` of an orchestration trace.
- `Citation`: a generated text span with the references that support it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SOURCE_URI_KEY = "x-amz-bedrock-kb-source-uri"
CHUNK_ID_KEY = "x-amz-bedrock-kb-chunk-id"
DATA_SOURCE_ID_KEY = "x-amz-bedrock-kb-data-source-id"


def retrieval_result(text: str, uri: str, score: float, chunk_id: str, data_source_id: str) -> dict[str, Any]:
    """One `KnowledgeBaseRetrievalResult` for a chunk stored at S3 `uri`."""
    return {
        "content": {"type": "TEXT", "text": text},
        "location": {"type": "S3", "s3Location": {"uri": uri}},
        "score": score,
        "metadata": {
            SOURCE_URI_KEY: uri,
            CHUNK_ID_KEY: chunk_id,
            DATA_SOURCE_ID_KEY: data_source_id,
        },
    }


def retrieved_references(results: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`RetrievedReference` items (content, location, metadata; no score) for retrieval results."""
    return [
        {
            "content": dict(result["content"]),
            "location": result["location"],
            "metadata": dict(result.get("metadata", {})),
        }
        for result in results
    ]


def citation(
    generated_text: str, results: Sequence[dict[str, Any]], start: int = 0, end: int | None = None
) -> dict[str, Any]:
    """A `Citation`: the span `[start, end]` of `generated_text` supported by `results`.

    Bedrock reports `span.end` as the index of the last character (inclusive).
    """
    last = len(generated_text) - 1 if end is None else end
    return {
        "generatedResponsePart": {
            "textResponsePart": {"text": generated_text, "span": {"start": start, "end": max(last, start)}}
        },
        "retrievedReferences": retrieved_references(results),
    }

"""Offline stand-in for a Bedrock knowledge base: chunked Markdown files ranked with BM25."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from local_bedrock.retriever.bm25 import Bm25Index
from local_bedrock.retriever.chunking import Chunk, chunk_document
from local_bedrock.retriever.results import retrieval_result
from textnorm import terms

DEFAULT_BUCKET = "local-knowledge-base"
DEFAULT_DATA_SOURCE_ID = "LOCALDOCS0"  # Bedrock data source ids are 10 alphanumerics
_CHUNK_NAMESPACE = uuid.UUID("6f1d3c1e-5b0a-4c55-9a8e-2d7c4b1f0e21")


class Retriever:
    """Ranks knowledge-base chunks for a query and returns them as Bedrock retrieval results."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        *,
        bucket: str = DEFAULT_BUCKET,
        prefix: str = "documents/",
        data_source_id: str = DEFAULT_DATA_SOURCE_ID,
    ) -> None:
        if not chunks:
            raise ValueError("the knowledge base has no text to index")
        self.chunks = tuple(chunks)
        self.bucket = bucket
        self.prefix = prefix
        self.data_source_id = data_source_id
        self._index = Bm25Index([terms(chunk.text) for chunk in self.chunks])

    @classmethod
    def from_directory(
        cls,
        path: str | Path,
        *,
        bucket: str = DEFAULT_BUCKET,
        prefix: str = "documents/",
        max_tokens: int = 300,
        overlap_percentage: int = 20,
        data_source_id: str = DEFAULT_DATA_SOURCE_ID,
    ) -> Retriever:
        """Index every `*.md` file of `path` (sorted by name, so chunk order is stable)."""
        directory = Path(path)
        files = sorted(directory.glob("*.md"))
        if not files:
            raise FileNotFoundError(f"no Markdown documents in {directory}")
        chunks: list[Chunk] = []
        for file in files:
            text = file.read_text(encoding="utf-8")
            chunks.extend(chunk_document(file.name, text, max_tokens, overlap_percentage))
        return cls(chunks, bucket=bucket, prefix=prefix, data_source_id=data_source_id)

    def uri(self, source: str) -> str:
        """S3 URI of a document, as the knowledge base's data source would store it."""
        return f"s3://{self.bucket}/{self.prefix}{source}"

    def chunk_id(self, chunk: Chunk) -> str:
        """Stable opaque chunk id (a UUID derived from the document URI and chunk position)."""
        return str(uuid.uuid5(_CHUNK_NAMESPACE, f"{self.uri(chunk.source)}#{chunk.index}"))

    def retrieve(
        self, query: str, number_of_results: int = 5, min_score: float = 0.0
    ) -> list[dict[str, Any]]:
        """Best chunks for `query`, best first, as `KnowledgeBaseRetrievalResult` dicts.

        Chunks that share no term with the query are never returned; `min_score` (0..1) drops
        weak matches as well.
        """
        if number_of_results < 1:
            raise ValueError("number_of_results must be at least 1")
        scores = self._index.scores(terms(query))
        ranked = sorted(
            (i for i, score in enumerate(scores) if score > 0 and score >= min_score),
            key=lambda i: (-scores[i], i),
        )
        return [
            retrieval_result(
                text=self.chunks[i].text,
                uri=self.uri(self.chunks[i].source),
                score=round(scores[i], 6),
                chunk_id=self.chunk_id(self.chunks[i]),
                data_source_id=self.data_source_id,
            )
            for i in ranked[:number_of_results]
        ]

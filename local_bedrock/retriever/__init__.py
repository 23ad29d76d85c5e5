"""Offline knowledge-base retrieval: section-aware chunking, BM25 with query expansion."""

from local_bedrock.retriever.chunking import Chunk, chunk_document, declared
from local_bedrock.retriever.results import citation, retrieval_result, retrieved_references
from local_bedrock.retriever.retriever import (
    DEFAULT_BUCKET,
    DENSE_WEIGHT,
    DOCUMENT_WEIGHT,
    EXPANSION_WEIGHT,
    Retriever,
)

__all__ = [
    "DEFAULT_BUCKET",
    "Chunk",
    "Retriever",
    "chunk_document",
    "citation",
    "retrieval_result",
    "retrieved_references",
]


def describe() -> dict[str, str]:
    """What the local knowledge base is, for reports (retriever and chunking as configured)."""
    chunking = declared()
    return {
        "retriever": f"HYBRID: {1 - DENSE_WEIGHT:g} x BM25 (Lucene k1/b) + everyday-words query expansion "
        f"(weight {EXPANSION_WEIGHT}) + document prior ({DOCUMENT_WEIGHT}), plus {DENSE_WEIGHT:g} x the "
        "cosine of all-MiniLM-L6-v2 sentence vectors, local_bedrock.retriever",
        "chunking": f"{chunking.strategy} (section-aware: heading path on every chunk, table header on "
        f"every row), at most {chunking.maxTokens} words, {chunking.overlapPercentage}% overlap",
    }

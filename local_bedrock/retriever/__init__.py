"""Offline knowledge-base retrieval: Bedrock-style fixed-size chunking and BM25 ranking."""

from local_bedrock.retriever.chunking import Chunk, chunk_document
from local_bedrock.retriever.results import citation, retrieval_result, retrieved_references
from local_bedrock.retriever.retriever import DEFAULT_BUCKET, Retriever

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
    return {
        "retriever": "BM25 (Lucene parameters) over knowledge_base/*.md, local_bedrock.retriever",
        "chunking": "FIXED_SIZE, 300 words (stand-in for tokens), 20% overlap, heading path per chunk",
    }

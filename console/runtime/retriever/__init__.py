"""Offline knowledge-base retrieval: Bedrock-style fixed-size chunking and BM25 ranking."""

from console.runtime.retriever.chunking import Chunk, chunk_document
from console.runtime.retriever.results import citation, retrieval_result, retrieved_references
from console.runtime.retriever.retriever import DEFAULT_BUCKET, Retriever

__all__ = [
    "DEFAULT_BUCKET",
    "Chunk",
    "Retriever",
    "chunk_document",
    "citation",
    "retrieval_result",
    "retrieved_references",
]

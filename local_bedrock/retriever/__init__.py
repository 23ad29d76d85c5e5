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

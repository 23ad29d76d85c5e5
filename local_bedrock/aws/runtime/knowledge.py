"""A knowledge base's ingested documents as the local retriever (chunked per the data source).

Chunking follows the data source's ``vectorIngestionConfiguration``: FIXED_SIZE with its
``maxTokens``/``overlapPercentage``; NONE keeps each document whole; without a configuration,
Bedrock's default of about 300 tokens with 20% overlap (user guide, "How content chunking works").
HIERARCHICAL and SEMANTIC chunking are approximated by the default. All data sources of a knowledge
base are searched together; results name the first data source's bucket and id.
"""

from __future__ import annotations

from typing import Any

from local_bedrock.aws.bedrock_agent.knowledge import KnowledgeBase
from local_bedrock.retriever import Chunk, Retriever, chunk_document

DEFAULT_TOKENS, DEFAULT_OVERLAP = 300, 20


def _chunking(settings: dict[str, Any]) -> tuple[int, int] | None:
    """(max tokens, overlap %) of the data source's chunking; None for NONE (each file one chunk)."""
    config = settings.get("vectorIngestionConfiguration", {}).get("chunkingConfiguration", {})
    strategy = config.get("chunkingStrategy")
    if strategy == "FIXED_SIZE":
        fixed = config.get("fixedSizeChunkingConfiguration", {})
        return int(fixed.get("maxTokens", DEFAULT_TOKENS)), int(
            fixed.get("overlapPercentage", DEFAULT_OVERLAP)
        )
    if strategy == "NONE":
        return None
    return DEFAULT_TOKENS, DEFAULT_OVERLAP


def _location(settings: dict[str, Any]) -> tuple[str, str]:
    s3 = settings["dataSourceConfiguration"].get("s3Configuration", {})
    bucket = str(s3.get("bucketArn", "")).rsplit(":", 1)[-1]
    prefixes = s3.get("inclusionPrefixes") or [""]
    return bucket, prefixes[0] if len(prefixes) == 1 else ""


def knowledge_retriever(kb: KnowledgeBase) -> Retriever | None:
    """The retriever over what the knowledge base's last ingestion jobs indexed, or None if empty."""
    chunks: list[Chunk] = []
    first: tuple[str, str, str] | None = None
    for source in list(kb.data_sources.values()):
        if not source.documents:
            continue
        bucket, prefix = _location(source.settings)
        first = first or (bucket, prefix, source.data_source_id)
        sizes = _chunking(source.settings)
        for key in sorted(source.documents):
            name = key[len(prefix) :] if prefix and key.startswith(prefix) else key
            text = source.documents[key].decode("utf-8", errors="replace")
            if sizes is None:
                # chunkingStrategy NONE: "Bedrock treats each file as one chunk" (Knowledge Bases
                # user guide, "How content chunking works"): the file's text as it is, no heading
                # added. make deploy uploads its section chunks this way (deploy/knowledge_base.py).
                chunks.append(Chunk(name, 0, (), text))
            else:
                chunks.extend(chunk_document(name, text, *sizes))
    if first is None or not chunks:
        return None
    bucket, prefix, data_source_id = first
    return Retriever(chunks, bucket=bucket, prefix=prefix, data_source_id=data_source_id)

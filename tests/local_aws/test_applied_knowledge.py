"""What the local AWS indexes from S3 for a knowledge base whose data source says chunkingStrategy
NONE (make deploy's section chunks, one object each): every object is one chunk, its text as
uploaded, and the offline answer names the document, not the chunk's number."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from local_bedrock.aws.runtime.knowledge import knowledge_retriever
from local_bedrock.planner.knowledge import document_title
from local_bedrock.retriever.chunking import chunk_document

REPO = Path(__file__).resolve().parents[2]


def _uploaded(name: str) -> dict[str, bytes]:
    """The objects deploy/knowledge_base.py writes for one document."""
    text = (REPO / "knowledge_base" / name).read_text(encoding="utf-8")
    return {f"documents/{name}/{c.index:03d}.md": c.text.encode() for c in chunk_document(name, text)}


def _knowledge_base(documents: dict[str, bytes], strategy: str) -> Any:
    source = SimpleNamespace(
        data_source_id="DS1",
        documents=documents,
        settings={
            "dataSourceConfiguration": {
                "s3Configuration": {
                    "bucketArn": "arn:aws:s3:::kb-bucket",
                    "inclusionPrefixes": ["documents/"],
                }
            },
            "vectorIngestionConfiguration": {"chunkingConfiguration": {"chunkingStrategy": strategy}},
        },
    )
    return SimpleNamespace(data_sources={"DS1": source})


def test_with_no_chunking_each_object_is_one_chunk_as_uploaded() -> None:
    uploaded = _uploaded("returns.md")
    retriever = knowledge_retriever(_knowledge_base(uploaded, "NONE"))
    assert retriever is not None
    results = retriever.retrieve("how long do I have to return opened headphones", 3)
    assert results
    for result in results:
        uri = result["location"]["s3Location"]["uri"]
        key = uri.removeprefix("s3://kb-bucket/")
        assert result["content"]["text"] == uploaded[key].decode()  # no heading line added
        assert document_title(result) == "Returns"


def test_document_titles_from_either_key_layout() -> None:
    def result(uri: str) -> dict[str, Any]:
        return {"location": {"s3Location": {"uri": uri}}}

    assert document_title(result("s3://b/documents/price-match.md")) == "Price Match"
    assert document_title(result("s3://b/documents/price-match.md/012.md")) == "Price Match"
    assert document_title(result("s3://b/documents/2024.md")) == "2024"  # a number that is a document

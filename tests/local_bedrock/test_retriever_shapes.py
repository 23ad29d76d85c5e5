"""Retrieval results, references and citations in botocore's bedrock-agent-runtime shapes."""

from __future__ import annotations

from botocore_shapes import shape_errors
from guardrail_fixtures import KNOWLEDGE_BASE

from local_bedrock.retriever import Retriever, citation, retrieved_references

RETRIEVER = Retriever.from_directory(KNOWLEDGE_BASE, bucket="kb-docs-123", prefix="documents/")


def test_results_are_knowledge_base_retrieval_results() -> None:
    results = RETRIEVER.retrieve("can I return opened headphones", 5)
    assert len(results) == 5
    for result in results:
        assert shape_errors(result, "KnowledgeBaseRetrievalResult") == []
    assert shape_errors({"retrievalResults": results}, "RetrieveResponse") == []


def test_locations_and_metadata_point_at_the_s3_document() -> None:
    top = RETRIEVER.retrieve("can I return opened headphones", 1)[0]
    uri = "s3://kb-docs-123/documents/returns.md"
    assert top["location"] == {"type": "S3", "s3Location": {"uri": uri}}
    assert top["metadata"]["x-amz-bedrock-kb-source-uri"] == uri
    assert top["content"]["type"] == "TEXT" and "restocking fee" in top["content"]["text"]


def test_chunk_ids_are_stable_and_unique() -> None:
    again = Retriever.from_directory(KNOWLEDGE_BASE, bucket="kb-docs-123")
    ids = [RETRIEVER.chunk_id(c) for c in RETRIEVER.chunks]
    assert ids == [again.chunk_id(c) for c in again.chunks]
    assert len(set(ids)) == len(ids)


def test_references_and_citations_match_the_service_model() -> None:
    results = RETRIEVER.retrieve("how many points do I get per dollar", 2)
    references = retrieved_references(results)
    assert all("score" not in r for r in references)
    for reference in references:
        assert shape_errors(reference, "RetrievedReference") == []
    assert shape_errors({"retrievedReferences": references}, "KnowledgeBaseLookupOutput") == []
    answer = "You earn 1 point for every $1 you spend."
    cited = citation(answer, results)
    assert cited["generatedResponsePart"]["textResponsePart"]["span"] == {"start": 0, "end": len(answer) - 1}
    assert shape_errors(cited, "Citation") == []
    assert shape_errors({"citations": [cited]}, "Attribution") == []

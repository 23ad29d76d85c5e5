"""Offline stand-in for a Bedrock knowledge base: section chunks of Markdown files ranked with BM25.

Ranking (each part measured with ``make eval-kb``, see docs/knowledge-base.md):

- BM25 over each chunk's text, heading path included;
- query expansion from the everyday-words lexicon (``lexicon.py``), added terms weighted lower;
- a document prior: the chunk's score plus a share of its whole document's BM25 score, so a passage
  of the document that is about the question as a whole wins over a stray match elsewhere;
- quantities (``quantities.py``): a chunk that limits a kind of quantity ("limited to 10 units",
  "over $500") or states a value ("12 months") carries a term for it, which a question stating a
  quantity of that kind ("15 of them", "over a year") adds at a lower weight;
- a document's overview (the text before its first section, which restates what the sections say)
  counts at OVERVIEW_WEIGHT, so the section that says it ranks above the overview that mentions it;
- its best unit (MaxP): BM25 over the chunks' quotable units (sentences, list items, table rows;
  ``passages.py``), the chunk's best unit's score added at UNIT_WEIGHT, so a chunk with one sentence
  that meets the question closely ranks above a long one that mentions its words here and there;
- coordination (Lucene's classic ``coord`` factor): a chunk's score is multiplied by the share of
  the query's words, expansions and quantity terms (by weight) it contains, to the power
  COORDINATION, so a passage that meets the situation in several of its words ranks above one that
  meets one rare word.

That is the keyword side (``scores``). The vector side (``similarities``) is the cosine of the
question's and each chunk's sentence vectors (``local_bedrock.encoder``, all-MiniLM-L6-v2; the chunk
with its heading path, as chunking.py builds it), so a chunk that says the answer in other words than
the question's is found. ``retrieve`` searches both by default (HYBRID, as Retrieve's
``overrideSearchType`` names it), each chunk scored by the weighted sum ``(1 - DENSE_WEIGHT) *
keyword + DENSE_WEIGHT * max(cosine, 0)``; SEMANTIC is the cosine alone (decision 0050).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from local_bedrock.retriever.bm25 import Bm25Index
from local_bedrock.retriever.chunking import Chunk, chunk_document
from local_bedrock.retriever.lexicon import Lexicon
from local_bedrock.retriever.passages import units
from local_bedrock.retriever.quantities import passage_terms, question_terms
from local_bedrock.retriever.results import retrieval_result
from textnorm import terms

DEFAULT_BUCKET = "local-knowledge-base"
DEFAULT_DATA_SOURCE_ID = "LOCALDOCS0"  # Bedrock data source ids are 10 alphanumerics
_CHUNK_NAMESPACE = uuid.UUID("6f1d3c1e-5b0a-4c55-9a8e-2d7c4b1f0e21")
EXPANSION_WEIGHT = 1.0
DOCUMENT_WEIGHT = 0.15
OVERVIEW_WEIGHT = 0.6  # measured: 1.0 -> 0.6 raised dev3 coverage 0.759 -> 0.810, tuning unchanged
QUANTITY_WEIGHT = 0.5  # measured: 0 -> 0.5 raised dev3 coverage 0.810 -> 0.845 (0.3 to 1.0 the same)
# measured (round 4, python -m evals.kb run): 0 -> 0.3 raised recall@5 dev3 0.828 -> 0.845, dev4 0.848 ->
# 0.884, tuning the same (0.2: dev4 flat; 0.5: dev3 recall falls to 0.810)
COORDINATION = 0.3
# measured (round 4, python -m evals.kb run): 0 -> 0.5 raised recall@5 tuning 0.968 -> 0.979, dev4
# 0.884 -> 0.911, MRR on all three tuning splits, facts stated dev3 0.621 -> 0.629, dev4 0.571 -> 0.580,
# tuning the same (0.25: the same recall, lower MRR; 1.0: dev3 recall 0.845 -> 0.810)
UNIT_WEIGHT = 0.5
# measured (round 12, composer alone, leave-one-split-out over the fourteen tunable splits, weights
# 0.05 to 0.9; decision 0050): 0.1, chosen on facts stated after the contextual grounding check,
# whose words-only relevance blocked answers found by meaning (38 at 0.4). Round 13 (decision 0052):
# with the check's relevance by meaning, the same leave-one-split-out over fifteen tunable splits
# (weights 0 to 0.5) picks 0.4 in every fold: facts stated after the check 0.792 at 0.1 with the old
# check -> 0.829 cross-validated, blocked answers 17 -> 12.
DENSE_WEIGHT = 0.4
# Retrieve's KnowledgeBaseVectorSearchConfiguration.overrideSearchType (botocore bedrock-agent-runtime
# SearchType: HYBRID | SEMANTIC): HYBRID "using both vector embeddings and raw text", SEMANTIC "using
# only vector embeddings" (API reference, KnowledgeBaseVectorSearchConfiguration).
SEARCH_TYPES = ("HYBRID", "SEMANTIC")


def _indexed(text: str) -> list[str]:
    """What a chunk or unit is indexed by: its words' stems and the quantity terms it states."""
    return [*terms(text), *passage_terms(text)]


def _chunk_vectors(chunks: Sequence[Chunk]) -> Any:
    """Each chunk's sentence vector (its text with its heading path), kept in the runtime's cache.
    The vectors of the chunks' quotable units are kept too: the answer composer reads which unit of
    a quoted section is nearest the question in meaning (``knowledge._nearest_in_meaning``), and a
    passage's units are then known vectors, not sentences to encode for every answer."""
    from local_bedrock.encoder import encode_kept

    encode_kept(list(dict.fromkeys(unit for chunk in chunks for unit in units(chunk.text))))
    return encode_kept([chunk.text for chunk in chunks])


class Retriever:
    """Ranks knowledge-base chunks for a query and returns them as Bedrock retrieval results."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        *,
        bucket: str = DEFAULT_BUCKET,
        prefix: str = "documents/",
        data_source_id: str = DEFAULT_DATA_SOURCE_ID,
        lexicon: Lexicon | None = None,
        expansion_weight: float = EXPANSION_WEIGHT,
        document_weight: float = DOCUMENT_WEIGHT,
        overview_weight: float = OVERVIEW_WEIGHT,
        quantity_weight: float = QUANTITY_WEIGHT,
        coordination: float = COORDINATION,
        unit_weight: float = UNIT_WEIGHT,
        dense_weight: float = DENSE_WEIGHT,
    ) -> None:
        if not chunks:
            raise ValueError("the knowledge base has no text to index")
        self.chunks = tuple(chunks)
        self.bucket = bucket
        self.prefix = prefix
        self.data_source_id = data_source_id
        self.lexicon = lexicon if lexicon is not None else Lexicon()
        self.expansion_weight = expansion_weight
        self.document_weight = document_weight
        self.quantity_weight = quantity_weight
        self.coordination = coordination
        self.unit_weight = unit_weight
        sectioned = {c.source for c in self.chunks if len(c.heading_path) > 1}
        self._weight = [
            overview_weight if len(c.heading_path) <= 1 and c.source in sectioned else 1.0
            for c in self.chunks
        ]
        self._index = Bm25Index([_indexed(chunk.text) for chunk in self.chunks])
        # every quotable unit (sentence, list item, table row) of every chunk, and the chunk it is in
        chunk_units = [(i, unit) for i, chunk in enumerate(self.chunks) for unit in units(chunk.text)]
        self._unit_of = [i for i, _ in chunk_units]
        self._unit_index = Bm25Index([_indexed(unit) for _, unit in chunk_units])
        self._documents = sorted({chunk.source for chunk in self.chunks})
        self._document_index = Bm25Index(
            [[t for c in self.chunks if c.source == d for t in terms(c.body)] for d in self._documents]
        )
        self._document_of = [self._documents.index(chunk.source) for chunk in self.chunks]
        # words only (0) loads no model; otherwise the chunk vectors come from the runtime's cache
        # after the first start (encoder.encode_kept)
        self.dense_weight = dense_weight
        self._vectors = _chunk_vectors(self.chunks) if dense_weight else None

    @classmethod
    def from_directory(
        cls,
        path: str | Path,
        *,
        bucket: str = DEFAULT_BUCKET,
        prefix: str = "documents/",
        max_tokens: int | None = None,
        overlap_percentage: int | None = None,
        data_source_id: str = DEFAULT_DATA_SOURCE_ID,
        **ranking: Any,
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
        return cls(chunks, bucket=bucket, prefix=prefix, data_source_id=data_source_id, **ranking)

    def uri(self, source: str) -> str:
        """S3 URI of a document, as the knowledge base's data source would store it."""
        return f"s3://{self.bucket}/{self.prefix}{source}"

    def chunk_id(self, chunk: Chunk) -> str:
        """Stable opaque chunk id (a UUID derived from the document URI and chunk position)."""
        return str(uuid.uuid5(_CHUNK_NAMESPACE, f"{self.uri(chunk.source)}#{chunk.index}"))

    def scores(self, query: str) -> list[float]:
        """Every chunk's score for ``query``, 0 <= score < 1."""
        said = terms(query)
        added = self.lexicon.expand(query)
        weights = {t: self.expansion_weight * share for t, share in added.items()}
        figures = question_terms(query)
        asked = [*said, *added, *figures]
        query_weights = weights | dict.fromkeys(figures, self.quantity_weight)
        raw = self._index.scores(asked, query_weights)
        if self.unit_weight:
            best = [0.0] * len(raw)
            for chunk, score in zip(
                self._unit_of, self._unit_index.scores(asked, query_weights), strict=True
            ):
                best[chunk] = max(best[chunk], score)
            share = self.unit_weight
            raw = [(s + share * b) / (1 + share) if s else 0.0 for s, b in zip(raw, best, strict=True)]
        chunk_scores = [score * weight for score, weight in zip(raw, self._weight, strict=True)]
        if self.coordination:
            shares = self._index.matched_shares(asked, query_weights)
            chunk_scores = [
                s * share**self.coordination for s, share in zip(chunk_scores, shares, strict=True)
            ]
        if not self.document_weight:
            return chunk_scores
        prior = self._document_index.scores([*said, *added], weights)
        share = self.document_weight
        return [
            (score + share * prior[self._document_of[i]]) / (1 + share) if score else 0.0
            for i, score in enumerate(chunk_scores)
        ]

    def similarities(self, query: str) -> list[float]:
        """Every chunk's cosine with ``query`` (sentence vectors), clipped at 0, so 0 <= score <= 1."""
        if self._vectors is None:
            raise ValueError("this retriever searches by words only (dense_weight=0)")
        from local_bedrock.encoder import cosines

        return [max(float(c), 0.0) for c in cosines(self._vectors, query)]

    def searched(self, query: str, search_type: str | None = None) -> list[float]:
        """Every chunk's score for ``query`` as ``search_type`` searches (None: HYBRID, or words
        only when this retriever has no vectors), 0 <= score < 1."""
        if search_type is not None and search_type not in SEARCH_TYPES:
            raise ValueError(f"search type must be one of {', '.join(SEARCH_TYPES)}")
        if self._vectors is None:
            if search_type is not None:
                raise ValueError("this retriever searches by words only (dense_weight=0)")
            return self.scores(query)
        if search_type == "SEMANTIC":
            return self.similarities(query)
        share = self.dense_weight
        return [
            (1 - share) * words + share * meaning
            for words, meaning in zip(self.scores(query), self.similarities(query), strict=True)
        ]

    def retrieve(
        self, query: str, number_of_results: int = 5, min_score: float = 0.0, search_type: str | None = None
    ) -> list[dict[str, Any]]:
        """Best chunks for `query`, best first, as `KnowledgeBaseRetrievalResult` dicts.

        Searched by words and meaning (``searched``): a chunk that shares no word with the query is
        returned when its meaning is near; a chunk scoring 0 never is, and `min_score` (0..1) drops
        weak matches as well.
        """
        if number_of_results < 1:
            raise ValueError("number_of_results must be at least 1")
        scores = self.searched(query, search_type)
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

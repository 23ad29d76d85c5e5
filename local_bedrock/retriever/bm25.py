"""Okapi BM25 over pre-tokenized documents, with scores normalized to 0..1.

Written here rather than taken from PyPI: rank-bm25 (last release 2022) and bm25s both pull in
numpy/scipy for what is, over a few dozen chunks, twenty lines of arithmetic. Parameters and IDF
follow Lucene/OpenSearch (k1=1.2, b=0.75, idf = ln(1 + (N - n + 0.5) / (n + 0.5))), the ranking
used by the OpenSearch keyword side of a Bedrock knowledge base's hybrid search.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence


class Bm25Index:
    """BM25 scores of a query against every document of a fixed collection."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        if not documents:
            raise ValueError("a BM25 index needs at least one document")
        self.k1 = k1
        self.b = b
        self._tf = [Counter(doc) for doc in documents]
        self._length = [len(doc) for doc in documents]
        self._avg_length = (sum(self._length) / len(documents)) or 1.0
        df: Counter[str] = Counter()
        for counts in self._tf:
            df.update(counts.keys())
        n = len(documents)
        self._idf = {term: math.log(1 + (n - freq + 0.5) / (freq + 0.5)) for term, freq in df.items()}
        self._unseen_idf = math.log(1 + (n + 0.5) / 0.5)

    def __len__(self) -> int:
        return len(self._tf)

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unseen_idf)

    def raw_scores(self, query: Iterable[str], weights: Mapping[str, float] | None = None) -> list[float]:
        """BM25 score of the (deduplicated) query terms for each document; a term's contribution is
        multiplied by its weight (default 1), as a boosted term of a Lucene query is."""
        terms = [t for t in dict.fromkeys(query) if t in self._idf]
        weight = weights or {}
        scores = [0.0] * len(self._tf)
        for i, (counts, length) in enumerate(zip(self._tf, self._length, strict=True)):
            norm = self.k1 * (1 - self.b + self.b * length / self._avg_length)
            total = 0.0
            for term in terms:
                tf = counts.get(term, 0)
                if tf:
                    total += weight.get(term, 1.0) * self._idf[term] * tf * (self.k1 + 1) / (tf + norm)
            scores[i] = total
        return scores

    def matched_shares(self, query: Iterable[str], weights: Mapping[str, float] | None = None) -> list[float]:
        """For each document, the share of the query's (weighted) terms it contains, counting only
        the terms the collection knows: Lucene's classic coordination factor."""
        weight = weights or {}
        known = [t for t in dict.fromkeys(query) if t in self._idf]
        total = sum(weight.get(t, 1.0) for t in known)
        if not total:
            return [0.0] * len(self._tf)
        return [sum(weight.get(t, 1.0) for t in known if t in counts) / total for counts in self._tf]

    def scores(self, query: Iterable[str], weights: Mapping[str, float] | None = None) -> list[float]:
        """BM25 divided by its ceiling for this query, so 0 <= score < 1.

        The ceiling is what a document would score if it contained every query term infinitely
        often: sum(idf(t) * (k1 + 1)). Query terms absent from the collection count towards the
        ceiling with the highest IDF, so a question about something no document mentions scores
        low instead of being stretched to look like a match.
        """
        unique = list(dict.fromkeys(query))
        weight = weights or {}
        ceiling = sum(weight.get(t, 1.0) * self.idf(t) for t in unique) * (self.k1 + 1)
        if ceiling == 0:
            return [0.0] * len(self._tf)
        return [score / ceiling for score in self.raw_scores(unique, weights)]

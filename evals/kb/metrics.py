"""Deterministic per-question metrics, judged from the labels (no model involved).

Retrieval (Bedrock's retrieve-only evaluation names two of these; see
https://docs.aws.amazon.com/bedrock/latest/userguide/knowledge-base-eval-retrieve.html):

- recall@k: share of the gold sections found among the top-k passages;
- reciprocal rank: 1 / rank of the first passage from a gold section (0 when none);
- context relevance, "how contextually relevant the retrieved texts are to the questions": each
  passage scores 1 when it comes from a gold section, 0.5 when it comes from a gold document but
  another section (on topic, not the answer), 0 otherwise; the question's score is the mean;
- context coverage, "how much the retrieved texts cover all the information in the ground truth
  texts": share of the question's facts stated by the retrieved passages taken together.

Answers (InvokeAgent):

- facts stated: share of the question's facts stated by the answer;
- citation precision: share of cited references whose document contains what the citation
  attributes to it (at least one sentence of the cited span is supported by the document);
- faithfulness: share of the answer's sentences supported by the passages retrieved for it.

A sentence is *supported* by a text when it occurs there verbatim (after normalization), or when at
most two sentences of the text (list items and table rows count as sentences) together hold all of
its numbers and at least 80 % of its content words: an answer may join a list's lead-in to one of
its items, or two facts of one passage. A leading attribution clause ("According to our Returns
policy:") is not part of the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from statistics import fmean

from evals.kb.questions import Question, fact_stated, normalize
from evals.kb.sections import Corpus
from textnorm import terms

SUPPORT_SHARE = 0.8
_ATTRIBUTION = re.compile(
    r"^(according to|as stated in|per|under|from|in) (our|the) [^:.]{0,60}?(policy|policies|guide|notice)"
    r"[^:.]{0,20}[:,]\s*",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'$])|\n+")
_NUMBER = re.compile(r"\$?\d[\d,.]*%?")


def sentences(text: str) -> list[str]:
    """Sentences (and list items / table rows, which end at a line break) of a text."""
    parts = (p.strip(" \t-*|#") for p in _SENTENCE_END.split(text.replace("**", "")))
    return [p for p in parts if len(p) > 1]


def claim(sentence: str) -> str:
    return _ATTRIBUTION.sub("", sentence.strip())


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in _NUMBER.findall(text)}


class SupportIndex:
    """A text cut into sentences, to test claims against (alone or in pairs)."""

    PAIR_CANDIDATES = 12

    def __init__(self, text: str) -> None:
        self.normalized = normalize(text)
        self._units = [(set(terms(u)), _numbers(u)) for u in sentences(text)]

    def supports(self, sentence: str) -> bool:
        said = claim(sentence)
        if not said:
            return True
        if normalize(said).rstrip(".!?") in self.normalized:
            return True
        words, numbers = set(terms(said)), _numbers(said)
        if not words:
            return False
        need = SUPPORT_SHARE * len(words)
        near = sorted(self._units, key=lambda unit: -len(words & unit[0]))[: self.PAIR_CANDIDATES]
        for i, (first_words, first_numbers) in enumerate(near):
            for second_words, second_numbers in near[i:]:
                joined = first_words | second_words
                if numbers <= first_numbers | second_numbers and len(words & joined) >= need:
                    return True
        return False


def recall_at_k(gold: set[tuple[str, str]], ranked_sections: Sequence[set[tuple[str, str]]], k: int) -> float:
    found = set().union(*ranked_sections[:k]) if ranked_sections else set()
    return len(gold & found) / len(gold)


def reciprocal_rank(gold: set[tuple[str, str]], ranked_sections: Sequence[set[tuple[str, str]]]) -> float:
    for rank, found in enumerate(ranked_sections, start=1):
        if gold & found:
            return 1.0 / rank
    return 0.0


def passage_relevance(gold: set[tuple[str, str]], document: str, found: set[tuple[str, str]]) -> float:
    if gold & found:
        return 1.0
    return 0.5 if document in {doc for doc, _ in gold} else 0.0


def coverage(question: Question, texts: Iterable[str]) -> float:
    joined = "\n".join(texts)
    return fmean(fact_stated(joined, fact) for fact in question.facts)


def facts_stated(question: Question, answer: str) -> list[bool]:
    return [fact_stated(answer, fact) for fact in question.facts]


def faithfulness(answer: str, retrieved_texts: Iterable[str]) -> float | None:
    said = [s for s in sentences(answer) if claim(s)]
    if not said:
        return None
    index = SupportIndex("\n".join(retrieved_texts))
    return fmean(index.supports(s) for s in said)


def cited_span_supported(span: str, document_text: str) -> bool:
    """Does the document contain (support) at least one sentence of the cited span?"""
    index = SupportIndex(document_text)
    return any(index.supports(s) for s in sentences(span) if claim(s))


def gold_keys(question: Question) -> set[tuple[str, str]]:
    return {(g.document, g.section) for g in question.gold}


def section_keys(corpus: Corpus, text: str, document: str) -> set[tuple[str, str]]:
    return {(s.document, s.heading) for s in corpus.sections_of(text, document)}

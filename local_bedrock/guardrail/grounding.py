"""Contextual grounding check, offline: is an answer grounded in its source and relevant to the query?

Bedrock Guardrails' contextual grounding check scores a response against a grounding source and a
query, 0..1 each, and filters a response whose GROUNDING or RELEVANCE score is below the filter's
threshold (thresholds 0 to 0.99; "Use contextual grounding check to filter hallucinations in
responses", https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-contextual-grounding-check.html).
The result's shape is bedrock-runtime's ``GuardrailContextualGroundingPolicyAssessment``
(``filters[]`` of type, threshold, score, action BLOCKED|NONE, detected; botocore service model).

The service scores with a model; this engine scores deterministically, a documented approximation:

- grounding: for each sentence of the response (an attribution clause such as "According to our
  Returns policy:" removed), the share of its content words found in the best one or two sentences
  of the source, 0 when it holds a number the source does not; the response scores its weakest
  sentence (one invented sentence is enough to be ungrounded);
- relevance: the share of the query's content words, or of the phrases the everyday-words lexicon
  maps them to, that the response contains, or the response's meaning's nearness to the query's when
  that is higher (below); 1 when the query has no content word.

Relevance by meaning (round 13, decision 0052). The page above says the service scores relevance
("is the answer relevant to the query") with a model; counting the query's words misses an answer
that says the same in other words, which is what a retriever searching by meaning finds. So the
response (its attribution removed, as one text; the encoder reads its first 256 tokens) and the
query are embedded with the local sentence encoder (all-MiniLM-L6-v2, local_bedrock/encoder.py), and
their cosine c is mapped linearly to 0..1: 0 at MEANING_FLOOR and below, 1 at MEANING_FULL and above.
The mapping is a guess about Titan's or Claude's scorer, which AWS does not publish; its two ends were
read off the tunable questions (round 13, composer alone, 870 answers): an answer composed for another
document's question has a median cosine of 0.15 with the question (95th percentile 0.37), a real
answer 0.51 (5th percentile 0.30), so the policy's relevance threshold of 0.25 falls at c = 0.35.
The encoder runs only when the words leave relevance below 1 (the score is the larger of the two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from local_bedrock.retriever.lexicon import Lexicon
from local_bedrock.retriever.passages import units
from textnorm import terms

_ATTRIBUTION = re.compile(r"^according to (our|the) [^:]{0,60}(policy|policies):\s*", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'$])")
_NUMBER = re.compile(r"\$?\d[\d,.]*%?")
_LEXICON = Lexicon()
# Limits of the service's check ("Contextual grounding policy currently supports a maximum of 100,000
# characters for grounding source, 1,000 characters for query, and 5,000 characters for response").
MAX_SOURCE, MAX_QUERY, MAX_RESPONSE = 100_000, 1_000, 5_000
# Relevance by meaning: the cosine that scores 0 and the one that scores 1 (module docstring; measured
# round 13: 0.25 and 0.65 pass 860 of 867 composed answers at dense weight 0.1 and let 266 of 870
# answers to another document's question through relevance, words alone 850 and 242; 0.2 and 0.6
# pass 863 and let 291 through; 0.3 and 0.7 pass 858 and let 250 through).
MEANING_FLOOR, MEANING_FULL = 0.25, 0.65

FilterType = Literal["GROUNDING", "RELEVANCE"]


@dataclass(frozen=True)
class GroundingScores:
    grounding: float
    relevance: float


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in _NUMBER.findall(text)}


def _claims(response: str) -> list[str]:
    text = _ATTRIBUTION.sub("", response.strip())
    return [s.strip() for s in _SENTENCE.split(text) if terms(s)]


def _source_units(sources: list[str]) -> list[tuple[set[str], set[str]]]:
    pieces = [u for text in sources for u in (units(text) or [text])]
    return [(set(terms(u)), _numbers(u)) for u in pieces]


def _sentence_grounding(sentence: str, source: list[tuple[set[str], set[str]]]) -> float:
    words, numbers = set(terms(sentence)), _numbers(sentence)
    best = 0.0
    near = sorted(source, key=lambda unit: -len(words & unit[0]))[:8]
    for i, (first_words, first_numbers) in enumerate(near):
        for second_words, second_numbers in near[i:]:
            if numbers <= first_numbers | second_numbers:
                best = max(best, len(words & (first_words | second_words)) / len(words))
    return best


def score(response: str, sources: list[str], query: str) -> GroundingScores:
    """Grounding and relevance of ``response`` (0..1 each) against the grounding ``sources`` (the
    retrieved passages, joined as one source as the service joins several) and the ``query``;
    inputs are cut to the service's limits."""
    response, query = response[:MAX_RESPONSE], query[:MAX_QUERY]
    kept, room = [], MAX_SOURCE
    for text in sources:
        kept.append(text[:room])
        room -= len(kept[-1])
    claims = _claims(response)
    source_units = _source_units([t for t in kept if t])
    grounding = min((_sentence_grounding(c, source_units) for c in claims), default=1.0)
    asked = set(terms(query))
    said = set(terms(response))
    expansions = _LEXICON.expand(query)
    if not asked:
        relevance = 1.0
    else:
        met = {t for t in asked if t in said} | {t for t in expansions if t in said}
        relevance = min(1.0, len(met) / len(asked))
        if relevance < 1.0 and claims:
            relevance = max(relevance, _meant(_ATTRIBUTION.sub("", response.strip()), query))
    return GroundingScores(round(grounding, 4), round(relevance, 4))


def _meant(response: str, query: str) -> float:
    """Relevance by meaning: the cosine of ``response`` and ``query`` mapped to 0..1 (module docstring)."""
    from local_bedrock.encoder import similarity

    cosine = similarity(query, response)
    return min(1.0, max(0.0, (cosine - MEANING_FLOOR) / (MEANING_FULL - MEANING_FLOOR)))


def assessment(scores: GroundingScores, filters: list[Any]) -> tuple[dict[str, Any], bool]:
    """(``contextualGroundingPolicy`` assessment, whether a BLOCK filter fired) for ``filters``
    (ContextualGroundingFilterConfig: type, threshold, action BLOCK|NONE, enabled)."""
    found = []
    blocked = False
    for config in filters:
        if not config.enabled:
            continue  # "When disabled ... the evaluation doesn't appear in the response."
        value = scores.grounding if config.type == "GROUNDING" else scores.relevance
        detected = value < config.threshold
        action = "BLOCKED" if detected and config.action == "BLOCK" else "NONE"
        blocked |= action == "BLOCKED"
        found.append(
            {
                "type": config.type,
                "threshold": config.threshold,
                "score": value,
                "action": action,
                "detected": detected,
            }
        )
    return {"filters": found}, blocked

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
  maps them to, that the response contains; 1 when the query has no content word.
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
    return GroundingScores(round(grounding, 4), round(relevance, 4))


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

"""The topic matcher's shortcuts for vectors without a common term (topics._cosine, _Topic._single)
give exactly the sums they skip: the same floats, for every sentence of a corpus of texts."""

from __future__ import annotations

import math

from local_bedrock.guardrail import topics
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.runtime import GUARDRAIL_POLICY
from tests.local_bedrock.test_guardrail_anchors import _corpus


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values())))


def test_shortcuts_give_the_sums_they_skip() -> None:
    matcher = GuardrailEngine.from_policy_file(REPO_ROOT / GUARDRAIL_POLICY)._topics
    compiled = matcher._topics
    assert compiled
    shortcuts = 0
    for text in _corpus()[:1200]:
        query, sentences = topics._read(text)
        vectors = [topics._vector(query), *sentences]
        for topic in compiled:
            for vector in vectors:
                for weak in (True, False):
                    expected = sum(
                        w * topic.single[s]
                        for s, w in vector.items()
                        if s in topic.single and (w <= topics.WEAK_WEIGHT) == weak
                    )
                    got = topic._single(vector, weak)
                    assert got == expected and type(got) is type(expected)
            for example in topic.examples:
                assert topics._cosine(vectors[0], example) == _cosine(vectors[0], example)
                shortcuts += vectors[0].keys().isdisjoint(example)
    assert shortcuts > 1000

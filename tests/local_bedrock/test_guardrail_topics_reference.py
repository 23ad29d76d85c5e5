"""The topic matcher reads each text once (topics._merged: the whole text's vector from its sentences'),
skips the sentences of a topic with no one-term cue in the text, and the cosines of a topic none of
whose example terms the text holds: the same scores, float for float and in the same order, and the
same matches as the matcher before (kept here as the reference), for both guardrail policies."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from local_bedrock.guardrail import topics
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.runtime import GUARDRAIL_POLICY
from tests.local_bedrock.guardrail_fixtures import SHOPPING, TOPICS
from tests.local_bedrock.test_guardrail_anchors import _corpus

# Each policy, and how many texts of the corpus at least it blocks (the corpus reaches its topics).
POLICIES = (
    (REPO_ROOT / GUARDRAIL_POLICY, 40),
    (REPO_ROOT / "tests" / "library_agent" / "guardrail_policy.json", 2),
)


def _weight(word: str, word_stem: str) -> float:
    weak = word_stem in topics._WEAK_STEMS and word not in topics.STRONG_FORMS
    return topics.WEAK_WEIGHT if weak else topics.STRONG_WEIGHT


def _vector(query: topics.Query) -> dict[str, float]:
    """topics._vector as it was."""
    vector: dict[str, float] = {}
    for word, word_stem in query:
        vector[word_stem] = max(vector.get(word_stem, 0.0), _weight(word, word_stem))
    return vector


def _score(topic: topics._Topic, stems: Sequence[str], vector: dict[str, float], sentences: list) -> float:
    """_Topic.score as it was: every sentence asked."""
    weak = max((topic._single(v, weak=True) for v in sentences), default=topic._single(vector, weak=True))
    phrases = sum(
        1 for p in topic.phrases if p[0] in vector and p[-1] in vector and topics._contains(stems, p)
    )
    return topic._single(vector, weak=False) + weak + topics.STRONG_WEIGHT * phrases


def _reference(matcher: topics.TopicMatcher, text: str) -> tuple[list[tuple[str, float]], list[str]]:
    """(scores, matches) as TopicMatcher computed them before."""
    query, sentences = topics._read(text)
    stems, vector = [s for _, s in query], _vector(query)
    scores = [(t.name, _score(t, stems, vector, sentences)) for t in matcher._topics]
    if not matcher._topics or not query:
        return scores, []
    threshold = topics.SHOPPING_THRESHOLD if topics.is_shopping(text) else topics.THRESHOLD
    threshold *= max(1.0, len(query) / topics.LENGTH_UNIT)
    matched = [
        t.name
        for t in matcher._topics
        if _score(t, stems, vector, sentences) >= threshold
        or any(topics._cosine(vector, e) >= topics.EXAMPLE_SIMILARITY for e in t.examples)
    ]
    return scores, matched


@pytest.mark.parametrize(("policy", "least"), POLICIES, ids=["assistant", "library"])
def test_scores_and_matches_equal_the_reference(policy: Path, least: int) -> None:
    matcher = GuardrailEngine.from_policy_file(policy)._topics
    denied = [text for texts in TOPICS.values() for text in texts]
    corpus = [
        *_corpus(),
        *SHOPPING,
        *denied,
        *(f"{a} {b}. {c}" for a, b, c in zip(denied, SHOPPING, denied[1:], strict=False)),
    ]
    blocked = 0
    for text in corpus:
        scores, matched = _reference(matcher, text)
        got = matcher.scores(text)
        assert list(got.items()) == scores, text
        assert [type(v) for v in got.values()] == [type(v) for _, v in scores]
        assert matcher.match(text) == matched, text
        blocked += bool(matched)
    assert blocked >= least


_words = st.sampled_from("stock stocks market buy invest advice doctor pain vote party the a sue law".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(_words, st.sampled_from(["", "s", "ing"])), max_size=8), max_size=6))
def test_the_merged_vector_is_the_whole_querys(parts: list[list[tuple[str, str]]]) -> None:
    sentences = [[(w + end, topics.stem(w + end)) for w, end in part] for part in parts]
    query = [term for part in sentences for term in part]
    merged = topics._merged([topics._vector(part) for part in sentences])
    assert list(merged.items()) == list(_vector(query).items())
    assert list(topics._vector(query).items()) == list(_vector(query).items())

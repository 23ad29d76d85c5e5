"""One search of every content category's patterns screens a text (content.AnyRules): it matches
exactly the texts some category finds with a confidence above NONE, so the engine reports the same
filters while classifying category by category only the texts it matches."""

from __future__ import annotations

import re

import pytest

from local_bedrock.guardrail.content import (
    CONTENT_RULES,
    AnyRules,
    ConfidenceRules,
    blocks,
    bounded,
    classify,
)
from local_bedrock.guardrail.engine import GuardrailEngine
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.runtime import GUARDRAIL_POLICY
from tests.local_bedrock.test_guardrail_anchors import _corpus
from tests.local_bedrock.test_guardrail_case_folding import HARMFUL


def _texts() -> list[str]:
    harmful = [*HARMFUL, *(t.upper() for t in HARMFUL), *(t.replace("s", "\u017f") for t in HARMFUL)]
    return [*harmful, *_corpus()]


def test_the_union_matches_exactly_where_a_category_does() -> None:
    screen = AnyRules(CONTENT_RULES.values())
    texts = _texts()
    found = [any(classify(t, c) != "NONE" for c in CONTENT_RULES) for t in texts]
    assert [screen.search(t) for t in texts] == found
    assert sum(found) >= len(HARMFUL)  # harmful texts are among them


@pytest.mark.parametrize("categories", [(), ("HATE",), ("SEXUAL", "MISCONDUCT")])
def test_a_union_of_some_categories(categories: tuple[str, ...]) -> None:
    screen = AnyRules(CONTENT_RULES[c] for c in categories)
    for text in [*HARMFUL, "what did I buy recently?"]:
        assert screen.search(text) == any(classify(text, c) != "NONE" for c in categories)


def _content_unscreened(engine: GuardrailEngine, text: str, source: str) -> list[dict[str, str]]:
    found = []
    for config in engine._filters:
        strength = config.inputStrength if source == "INPUT" else config.outputStrength
        if (config.type == "PROMPT_ATTACK" and source == "OUTPUT") or strength == "NONE":
            continue
        confidence = classify(text, config.type)
        if blocks(strength, confidence):
            found.append({"type": config.type, "confidence": confidence, "action": "BLOCKED"})
    return found


def test_the_engine_reports_the_filters_it_reported_without_the_screen() -> None:
    engine = GuardrailEngine.from_policy_file(REPO_ROOT / GUARDRAIL_POLICY)
    texts = _texts()
    for source in ("INPUT", "OUTPUT"):
        assert [engine._content(t, source) for t in texts] == [
            _content_unscreened(engine, t, source) for t in texts
        ]


def _per_level_union(categories: list[ConfidenceRules]) -> re.Pattern[str]:
    """The screen's regex before the eleventh pass: each level between its own word boundaries."""
    union = "|".join(f"(?:{bounded(branch)})" for rules in categories for branch in rules.branches)
    return re.compile(union, re.I)


def test_one_pair_of_boundaries_around_the_union_matches_where_each_levels_own_did() -> None:
    """The boundaries written once (``bounded`` around the union) against once per level: the same
    answer for harmful phrases glued to word characters on either side (where a longer branch fails its
    closing boundary and the engine must backtrack into a shorter one), and for the corpus."""
    categories = list(CONTENT_RULES.values())
    screen, before = AnyRules(categories), _per_level_union(categories)
    glued = [
        f"{left}{t}{right}" for t in HARMFUL for left, right in (("x", ""), ("", "x"), ("", "s"), ("_", "_"))
    ]
    texts = [*_texts(), *glued, *(t.lower() for t in glued)]
    answers = [screen.search(t) for t in texts]
    assert answers == [before.search(t) is not None for t in texts]
    assert 0 < sum(answers) < len(texts)  # both kinds of text are there


@pytest.mark.parametrize(
    "rules",
    [
        [("kill you", "HIGH"), ("kill", "LOW")],  # the longer branch in a level tried first
        [("kill you", "HIGH"), ("kill", "HIGH")],  # both in one level's alternation
        [("kill", "LOW"), ("kill you", "HIGH")],
    ],
)
def test_the_union_backtracks_from_a_closing_boundary_into_a_shorter_branch(
    rules: list[tuple[str, str]],
) -> None:
    """ "kill you" matches "kill yourself" up to a word character, "kill" up to a space: the union must
    find the second after the first fails its closing boundary (an atomic group would not)."""
    categories = [ConfidenceRules(rules)]
    screen, before = AnyRules(categories), _per_level_union(categories)
    for text, expected in (("kill yourself", True), ("killed yourself", False), ("kill you now", True)):
        assert screen.search(text) is expected
        assert (before.search(text) is not None) is expected

"""One search of every content category's patterns screens a text (content.AnyRules): it matches
exactly the texts some category finds with a confidence above NONE, so the engine reports the same
filters while classifying category by category only the texts it matches."""

from __future__ import annotations

import pytest

from local_bedrock.guardrail.content import CONTENT_RULES, AnyRules, blocks, classify
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

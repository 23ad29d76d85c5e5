"""Content filters and prompt-attack detection: lexicon confidence against the policy's strength."""

from __future__ import annotations

import re
from collections.abc import Iterable

from local_bedrock.guardrail.content_lexicon import LEXICON
from local_bedrock.guardrail.prompt_attack import PROMPT_ATTACK_PATTERNS

CONFIDENCE_ORDER = ("NONE", "LOW", "MEDIUM", "HIGH")
# Filter strength -> lowest confidence it blocks (Bedrock: HIGH strength blocks LOW, MEDIUM and
# HIGH confidence; MEDIUM blocks MEDIUM and HIGH; LOW blocks HIGH only; NONE blocks nothing).
_LOWEST_BLOCKED = {"HIGH": "LOW", "MEDIUM": "MEDIUM", "LOW": "HIGH"}


def blocks(strength: str, confidence: str) -> bool:
    """Whether a filter of `strength` blocks content detected with `confidence`."""
    lowest = _LOWEST_BLOCKED.get(strength)
    if lowest is None or confidence == "NONE":
        return False
    return CONFIDENCE_ORDER.index(confidence) >= CONFIDENCE_ORDER.index(lowest)


class ConfidenceRules:
    """One category's patterns, grouped into one regex per confidence level."""

    def __init__(self, rules: Iterable[tuple[str, str]]) -> None:
        by_level: dict[str, list[str]] = {}
        for pattern, confidence in rules:
            by_level.setdefault(confidence, []).append(pattern)
        self._levels = [
            (
                level,
                re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in by_level[level]) + r")(?!\w)", re.I),
            )
            for level in reversed(CONFIDENCE_ORDER)
            if level in by_level
        ]

    def confidence(self, text: str) -> str:
        """Highest confidence any pattern matches with, or "NONE"."""
        for level, pattern in self._levels:
            if pattern.search(text):
                return level
        return "NONE"


CONTENT_RULES: dict[str, ConfidenceRules] = {name: ConfidenceRules(rules) for name, rules in LEXICON.items()}
PROMPT_ATTACK_RULES = ConfidenceRules(PROMPT_ATTACK_PATTERNS)


def classify(text: str, filter_type: str) -> str:
    """Confidence that `text` belongs to content category `filter_type` (PROMPT_ATTACK included)."""
    rules = PROMPT_ATTACK_RULES if filter_type == "PROMPT_ATTACK" else CONTENT_RULES[filter_type]
    return rules.confidence(text)

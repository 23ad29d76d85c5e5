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


# The non-ASCII characters re.IGNORECASE matches with an ASCII letter (İ, ı, ſ and the Kelvin sign K).
# Every other non-ASCII character lowers to one non-ASCII character of the same \w, \d and \s class,
# so lowering a text without these changes nothing an ASCII pattern without capitals can see but
# the case of its letters (tests/local_bedrock/test_guardrail_case_folding.py tries every code point).
ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"
# Escapes whose meaning does not depend on case: classes, anchors, white space.
_CASE_FREE_ESCAPES = frozenset("bBwWsSdDAZntrfv")


def case_free(pattern: str) -> bool:
    """Does ``pattern`` match a text lowered, without re.IGNORECASE, exactly where it matches the text
    itself with it (the text holding no ASCII lookalike)? So when the pattern is ASCII, has no
    capital letter outside an escape, names no character by its code, and sets no flag and no group
    name."""
    if not pattern.isascii() or re.search(r"\(\?[A-Za-z]", pattern):
        return False
    for escape, plain in re.findall(r"(\\.)|([^\\]+)", pattern, re.S):
        if escape and escape[1].isalnum() and escape[1] not in _CASE_FREE_ESCAPES:
            return False
        if plain != plain.lower():
            return False
    return True


def bounded(alternation: str) -> str:
    """``alternation`` where it is neither preceded nor followed by a word character."""
    return r"(?<!\w)(?:" + alternation + r")(?!\w)"


class ConfidenceRules:
    """One category's patterns, grouped into one regex per confidence level. Patterns without case
    (``case_free``) are matched on the text lowered, not with re.IGNORECASE: the same matches, several
    times faster (`re` skips an alternative of an alternation at its first character only when the
    match is case-sensitive; otherwise it tries each one)."""

    def __init__(self, rules: Iterable[tuple[str, str]]) -> None:
        by_level: dict[str, list[str]] = {}
        for pattern, confidence in rules:
            by_level.setdefault(confidence, []).append(pattern)
        # Each level's alternation, and its regex: the alternation between word boundaries.
        branches = [
            (level, "|".join(f"(?:{p})" for p in by_level[level]))
            for level in reversed(CONFIDENCE_ORDER)
            if level in by_level
        ]
        self.branches = [branch for _, branch in branches]
        sources = [(level, bounded(branch)) for level, branch in branches]
        self._levels = [(level, re.compile(source, re.I)) for level, source in sources]
        # True when every pattern has no case: the text may be lowered instead of re.IGNORECASE.
        self.case_free = all(case_free(p) for patterns in by_level.values() for p in patterns)
        self._folded = [(level, re.compile(source)) for level, source in sources] if self.case_free else None

    def confidence(self, text: str) -> str:
        """Highest confidence any pattern matches with, or "NONE"."""
        levels = self._levels
        if self._folded is not None and not any(c in text for c in ASCII_LOOKALIKES):
            levels, text = self._folded, text.lower()
        for level, pattern in levels:
            if pattern.search(text):
                return level
        return "NONE"


class AnyRules:
    r"""Does any pattern of several categories match a text? One search of the union of their
    levels' regexes instead of one per level and category: a regex alternation matches where one of
    its branches does, so when the union finds nothing every category's confidence is "NONE", and
    only a text it matches needs ``ConfidenceRules.confidence`` category by category. Matched on the
    text lowered when every category is (``ConfidenceRules``), else with re.IGNORECASE.

    The word boundaries are written once around the union of the levels' alternations,
    ``(?<!\w)(?:B1|B2|...)(?!\w)``, not once per level, ``(?:(?<!\w)(?:B1)(?!\w))|...``: both match
    where some Bi matches between boundaries (the engine backtracks from the closing boundary into
    every branch, as it does into each one in the second form), but a regex that opens with an
    alternation of lookbehinds is tried branch by branch at every position of the text: about three
    times the time on a read turn's 860-character answer (0.97-1.41 ms against 0.29-0.57 ms a search,
    docs/performance.md, issue 15, eleventh pass)."""

    def __init__(self, categories: Iterable[ConfidenceRules]) -> None:
        categories = list(categories)
        branches = [branch for rules in categories for branch in rules.branches]
        source = bounded("|".join(f"(?:{branch})" for branch in branches)) if branches else ""
        self._pattern = re.compile(source, re.I) if source else None
        folded = all(rules.case_free for rules in categories)
        self._folded = re.compile(source) if source and folded else None

    def search(self, text: str) -> bool:
        if self._folded is not None and not any(c in text for c in ASCII_LOOKALIKES):
            return self._folded.search(text.lower()) is not None
        return self._pattern is not None and self._pattern.search(text) is not None


CONTENT_RULES: dict[str, ConfidenceRules] = {name: ConfidenceRules(rules) for name, rules in LEXICON.items()}
PROMPT_ATTACK_RULES = ConfidenceRules(PROMPT_ATTACK_PATTERNS)


def classify(text: str, filter_type: str) -> str:
    """Confidence that `text` belongs to content category `filter_type` (PROMPT_ATTACK included)."""
    rules = PROMPT_ATTACK_RULES if filter_type == "PROMPT_ATTACK" else CONTENT_RULES[filter_type]
    return rules.confidence(text)

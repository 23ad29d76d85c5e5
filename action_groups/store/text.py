"""Words -> search tokens. The seed's inverted index and searchProducts use this same function."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    (
        "a an and any are for from i in is it me my of on or some the to with want need buy order get "
        "find show please can you do have looking"
    ).split()
)


def stem(word: str) -> str:
    """Light, predictable plural folding: headphones -> headphone, batteries -> battery."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Unique tokens in order of appearance; hyphenated words also yield their joined form."""
    found: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group(0)
        parts = word.split("-")
        candidates = [*parts, "".join(parts)] if len(parts) > 1 else parts
        for part in candidates:
            if len(part) > 1 and part not in STOPWORDS:
                found.setdefault(stem(part), None)
    return list(found)

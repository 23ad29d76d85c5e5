"""Word filters: the policy's custom words and phrases, and the managed profanity list.

Matching is case-insensitive on whole words or phrases; any run of spaces, hyphens or
underscores inside a phrase matches ("developer-mode", "DAN   mode").

The managed PROFANITY list of Bedrock is not published. `PROFANITY` below is a small built-in
approximation (common English profanity and obvious variants) for development and tests only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PROFANITY: tuple[str, ...] = (
    "fuck", "fucking", "fucked", "fucker", "motherfucker", "fck", "fuk", "f*ck",
    "shit", "shitty", "bullshit", "horseshit", "sh*t",
    "bitch", "bitches", "asshole", "arsehole", "bastard", "dickhead",
    "cunt", "twat", "wanker", "bollocks", "piss off", "pissed off", "goddamn", "damn it",
    "crap", "crappy", "jackass", "douchebag", "son of a bitch", "wtf", "stfu",
)  # fmt: skip


def _phrase(text: str) -> str:
    parts = [re.escape(part) for part in re.split(r"[\s_-]+", text.strip()) if part]
    return r"[\s_-]+".join(parts)


class WordMatcher:
    """Finds whole-word occurrences of a fixed list of words and phrases."""

    def __init__(self, words: Iterable[str]) -> None:
        unique = sorted({w.strip().lower() for w in words if w.strip()}, key=len, reverse=True)
        self.words = tuple(unique)
        self._pattern = (
            re.compile(r"(?<![\w*])(?:" + "|".join(_phrase(w) for w in unique) + r")(?![\w*])", re.IGNORECASE)
            if unique
            else None
        )

    def find(self, text: str) -> list[str]:
        """Matched words as they appear in `text`, first occurrence of each, in text order."""
        if self._pattern is None:
            return []
        seen: dict[str, str] = {}
        for m in self._pattern.finditer(text):
            seen.setdefault(m.group(0).lower(), m.group(0))
        return list(seen.values())

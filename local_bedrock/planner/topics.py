"""Two-word phrases of the knowledge-base documents ("story time", "book drop"): a message that says
one names that topic as surely as a rare word does, even when each of its words alone is an everyday
one. Read from the documents' own sections, so any agent's knowledge base has its own."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner.knowledge import NON_TOPICAL, document_sections
from textnorm import STOP_WORDS, stem, words

# A phrase never runs across punctuation or a table's cell border.
_BREAK = re.compile(r"[.,;:!?()|\n]")


@lru_cache(maxsize=4)
def _phrases(directory: Path) -> frozenset[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for heading, body in document_sections(directory):
        for part in (*heading, *_BREAK.split(body)):
            found.update(pair for pair in _pairs(part) if not set(pair) <= NON_TOPICAL)
    return frozenset(found)


def _pairs(text: str) -> list[tuple[str, str]]:
    """Stems of words side by side in ``text``; a stop word between two breaks the phrase."""
    stems = [None if w in STOP_WORDS else stem(w) for w in words(text)]
    return [(a, b) for a, b in pairwise(stems) if a is not None and b is not None]


def document_phrases(text: str, directory: Path | None = None) -> int:
    """How many of the documents' two-word phrases ``text`` says, word after word."""
    known = _phrases(directory or REPO_ROOT / "knowledge_base")
    return sum(1 for part in _BREAK.split(text) for pair in _pairs(part) if pair in known)

"""A question at the end of a story ("It's been eleven months since my last purchase. Are my points
going to disappear?"): what comes before tells the situation; the last sentence asks. When the
question alone is one for the documents, the story does not make it a request for the customer's
things: the purchase the story mentions is context, not what is asked about. General English (a
guess at how people write, measured on the tunable suites; no source states it).
"""

from __future__ import annotations

import re

# Where a sentence ends: ".", "!" or "?" before a space. Not ";": what follows one often leans on what
# came before ("<a title>; copies available?" asks about that title).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MIN_WORDS = 2  # "Legit?" alone is too little to decide by


def last_question(text: str) -> str | None:
    """The message's last sentence when it is a question after at least one sentence that is not
    one; None otherwise (one sentence, or questions all through)."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s]
    if len(sentences) < 2:
        return None
    last, before = sentences[-1], sentences[:-1]
    if not last.endswith("?") or len(last.split()) < MIN_WORDS:
        return None
    if all(s.endswith("?") for s in before):
        return None
    return last

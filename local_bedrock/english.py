"""Which words are real, common English words: the planner's speller (planner/language.py) must leave
them alone even when the agent's declarations never use them ("length" is not a slip for "lent",
"deadline" not for "decline"), and the guardrail's topic matcher (guardrail/topics.py) must not deny
a topic on a word as common as "people" or "work". The word list is pyspellchecker's English word
frequency list (counted over the OpenSubtitles 2018 corpus and cleaned, per its README, "Dictionary
Creation and Updating"), read once per process; nothing here names an agent or a domain. Only the
words this module can answer yes for (``MIN_COUNT`` and up: 19,000 of 160,000) are kept, in a file
under the local runtime's cache named by pyspellchecker's version and that bound, so a start reads
them in milliseconds instead of building the whole dictionary (0.4-1 s of CPU, in every process
that assembles a runtime).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.metadata import version
from pathlib import Path

from local_bedrock.paths import CACHE_DIR
from local_bedrock.store.items_file import replace_file

# A word this frequent in the dictionary's corpus is a real word, not a typo that happens to be
# listed (its rarest entries include common misspellings and names). Chosen on the development
# suites; a guess beyond them.
MIN_COUNT = 1000
# Words this frequent ("people", "work", "time", "give") are everyday English, whatever text uses them.
EVERYDAY_COUNT = 500_000
# Shorter words are left to the speller's own rules for short words (a slip of a short word is
# often another real word: "wen" for "when").
MIN_LENGTH = 5
# British spellings the American-English list writes otherwise ("organise", "catalogue", "colour").
_BRITISH = (
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"our(s|ed|ing|ite|ites|able)?$"), r"or\1"),
    (re.compile(r"tre(s)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"lled$"), "led"),
    (re.compile(r"lling$"), "ling"),
)


def _kept_words() -> Path:
    return CACHE_DIR / f"english-words-{version('pyspellchecker')}-{MIN_COUNT}.json"


@cache
def _counts() -> dict[str, int]:
    """Counts of the dictionary's words that occur at least ``MIN_COUNT`` times (rarer ones answer no
    to every question here)."""
    kept = _kept_words()
    try:
        counts: dict[str, int] = json.loads(kept.read_bytes())
        return counts
    except (OSError, ValueError):
        pass
    from spellchecker import SpellChecker

    every = SpellChecker(language="en", distance=1).word_frequency.dictionary
    counts = {word: count for word, count in every.items() if count >= MIN_COUNT}
    replace_file(kept, json.dumps(counts, separators=(",", ":"), sort_keys=True).encode())
    return counts


def common(word: str) -> bool:
    """Is ``word`` a common English word as it is spelt?"""
    return len(word) >= MIN_LENGTH and _counts().get(word, 0) >= MIN_COUNT


def listed(word: str) -> bool:
    """Is ``word``, however short, a word the list counts often enough to be real ("form", "from")?"""
    return _counts().get(word, 0) >= MIN_COUNT


def everyday(word: str) -> bool:
    """Is ``word`` among the language's commonest words ("people", "work", "own")?"""
    return _counts().get(word, 0) >= EVERYDAY_COUNT


def spelling(word: str) -> str | None:
    """``word`` if it is a common English word, its American spelling if that one is ("organise" ->
    "organize"), else None (unknown, rare or short: perhaps a slip)."""
    if len(word) < MIN_LENGTH:
        return None
    if common(word):
        return word
    for british, american in _BRITISH:
        other = british.sub(american, word)
        if other != word and common(other):
            return other
    return None

"""The one text normaliser: the Lambdas' product search, the local retriever (BM25), the guardrail's
denied-topic matcher and the offline planner all fold words with these functions.

Lowercase, split on anything that is not a letter or digit, drop one list of English stop words, then
fold each word one of two ways:

- `stem`: the Snowball English (Porter2) stemmer from the `snowballstemmer` package, for prose
  (knowledge-base passages, denied-topic definitions), where "returned", "returns" and "returning"
  should meet;
- `singular`: plural folding only ("batteries" -> "battery"), for names of things (products, the
  words of operation ids), where Porter2 would merge words that name different things ("organic"
  and "organ", "universal" and "universe").

Pure Python and small: it ships in the Lambda code zip next to `action_groups/`.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from typing import Any

_WORD = re.compile(r"[a-z0-9]+")
_HYPHENATED = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

STOP_WORDS: frozenset[str] = frozenset(
    [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as",
        "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
        "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
        "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my",
        "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
        "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than",
        "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
        "yours", "yourself", "yourselves", "s", "t", "d", "ll", "m", "re", "ve", "don", "didn", "doesn",
        "isn", "aren", "wasn", "weren", "won", "wouldn", "shouldn", "couldn", "cannot", "also", "get",
        "got", "let", "may", "might", "must", "shall", "us", "via", "etc", "please", "hi", "hello",
        "thanks", "thank", "many", "much"
    ]
)  # fmt: skip


_PER_THREAD = threading.local()


def _english_stemmer() -> Any:
    """This thread's stemmer. A snowballstemmer stemmer keeps the word it is working on in the object
    (``BaseStemmer.current``, ``cursor``, ``limit``), so one shared by threads mixes their words up:
    concurrent turns of the local endpoint failed with IndexError (tests/textnorm)."""
    stemmer = getattr(_PER_THREAD, "stemmer", None)
    if stemmer is None:
        _PER_THREAD.stemmer = stemmer = _stemmer_factory()("english")
    return stemmer


@cache
def _stemmer_factory() -> Any:
    # Imported on first use: snowballstemmer's package imports all of its ~30 languages, and the
    # Lambdas never stem (they fold plurals with `singular`), so their cold start never pays for it.
    import snowballstemmer

    return snowballstemmer.stemmer


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Snowball English stem of one lowercase word (cached: vocabularies are small). The plural of
    a word without a vowel, an abbreviation ("dvds", "tvs"), is folded to it first: Porter2 removes
    a final s only after a vowel, so "DVDs" in a document would never meet "dvd" in a question."""
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss") and not _VOWEL.search(word[:-1]):
        word = word[:-1]
    return str(_english_stemmer().stemWord(word))


_VOWEL = re.compile(r"[aeiouy]")


def singular(word: str) -> str:
    """Light, predictable plural folding of one lowercase word: headphones -> headphone,
    batteries -> battery, boxes -> box; glass, status and tennis stay as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lowercase alphanumeric words of `text`, stop words included."""
    return _WORD.findall(text.lower())


def terms(text: str) -> list[str]:
    """Index terms of `text`: words minus stop words, stemmed. Order and repeats are kept."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def surface_terms(text: str) -> list[tuple[str, str]]:
    """(word, stem) pairs of `text` without stop words: the stem to match, the word to weigh."""
    return [(w, stem(w)) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def search_tokens(text: str, ignore: frozenset[str] = frozenset()) -> list[str]:
    """Unique singular forms in order of appearance, for an inverted index of names and its queries.
    A hyphenated word also yields its joined form ("t-shirt" -> t, shirt, tshirt); one-letter words,
    stop words and `ignore` are dropped."""
    found: dict[str, None] = {}
    for match in _HYPHENATED.finditer(text.lower()):
        parts = match.group(0).split("-")
        for part in [*parts, "".join(parts)] if len(parts) > 1 else parts:
            if len(part) > 1 and part not in STOP_WORDS and part not in ignore:
                found.setdefault(singular(part), None)
    return list(found)

"""Text normalization shared by the retriever (BM25) and the guardrail's denied-topic matcher.

Lowercase, split on anything that is not a letter or digit, drop English stop words, then stem with
the Snowball English (Porter2) stemmer from the `snowballstemmer` package.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")

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

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Snowball English stem of one lowercase word (cached: vocabularies are small)."""
    return str(_STEMMER.stemWord(word))


def words(text: str) -> list[str]:
    """Lowercase alphanumeric words of `text`, stop words included."""
    return _WORD.findall(text.lower())


def terms(text: str) -> list[str]:
    """Index terms of `text`: words minus stop words, stemmed. Order and repeats are kept."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def surface_terms(text: str) -> list[tuple[str, str]]:
    """(word, stem) pairs of `text` without stop words: the stem to match, the word to weigh."""
    return [(w, stem(w)) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]

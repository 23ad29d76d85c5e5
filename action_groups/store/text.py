"""Words -> product search tokens. The seed's inverted index and searchProducts use this same function,
built on the project's one normaliser (`textnorm`)."""

from __future__ import annotations

from textnorm import search_tokens

# Words that make a shopping request rather than describe a product ("I want to buy a yoga mat").
REQUEST_WORDS = frozenset("want need buy order get find show please can you do have looking".split())


def tokens(text: str) -> list[str]:
    """Unique search tokens of `text` in order of appearance."""
    return search_tokens(text, ignore=REQUEST_WORDS)

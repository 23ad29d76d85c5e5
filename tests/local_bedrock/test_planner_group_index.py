"""lexicon.group_of looks a word's groups up by stem (lexicon._holding) instead of scanning every
group: the same stems, in the same iteration order, as the scan (kept here as the reference), for
every word and stem of the lexicon and every word of the development suites."""

from __future__ import annotations

from evals.planner.suite import DEVELOPMENT, suite_document
from local_bedrock.planner import language, lexicon
from textnorm import terms


def _scanned(word: str) -> frozenset[str]:
    """group_of as it was: every core scanned."""
    cores = lexicon._cores()
    stem = {word} if any(word in core for core in cores) else set(terms(lexicon.IRREGULAR.get(word, word)))
    found = set(stem)
    for core in cores:
        if stem & core:
            found |= core
    return frozenset(found)


def test_group_of_equals_the_scan() -> None:
    said = {
        w for path in DEVELOPMENT for c in suite_document(path)["cases"] for w in language.words(c["say"])
    }
    lexical = {w for group in lexicon.GROUPS for phrase in group for w in phrase.split()}
    words = sorted(said | lexical | set(lexicon.IRREGULAR) | lexicon.all_stems() | {"", "zzz", "purchas"})
    assert len(words) > 1000
    grouped = 0
    for word in words:
        expected, got = _scanned(word), lexicon.group_of(word)
        assert got == expected and list(got) == list(expected), word
        grouped += len(got) > 1
    assert grouped > 200  # the lexicon words with a group of several stems

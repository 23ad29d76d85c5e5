"""The lexicon searches each group of words with one pattern (the alternation of its phrases'), and
finds irregular verbs with one pattern: the same answers as a search per phrase and a look-up per
word, on the planner's development utterances and on every phrase of the lexicon itself."""

from __future__ import annotations

import re
from functools import cache

import pytest

from evals.planner.suite import suite_document
from local_bedrock.manifest import REPO_ROOT
from local_bedrock.planner import lexicon
from textnorm import terms

# Development suites only (the blind ones are never read).
SUITES = (
    "evals/planner/planner_utterances.yaml",
    "evals/planner/planner_dev4.yaml",
    "tests/library_agent/library_dev3.yaml",
)
EDGES = (
    "Bought it",
    "bought2",
    "gotten",
    "got_it",
    "forgot",
    "i got",
    "we sent it back",
    "paid-up",
    "xbought",
)


@cache
def texts() -> tuple[str, ...]:
    said = [case["say"] for name in SUITES for case in suite_document(REPO_ROOT / name)["cases"]]
    phrases = [p for group in (*lexicon.GROUPS, *lexicon.STATES) for p in group]
    framed = [
        f"{opening} {p} {closing}" for p in phrases for opening, closing in (("", ""), ("please", "it now"))
    ]
    return tuple(dict.fromkeys(t.lower() for t in (*said, *framed, *EDGES)))


def test_the_texts_are_many() -> None:
    assert len(texts()) > 800


def _each(group: tuple[str, ...], text: str) -> bool:
    return any(lexicon._phrase_pattern(p).search(text) for p in group)


def test_a_groups_pattern_finds_what_its_phrases_find() -> None:
    for group, pattern in zip(lexicon.GROUPS, lexicon._compiled(), strict=True):
        for text in texts():
            lowered = lexicon.base_forms(text)
            assert bool(pattern.search(lowered)) == _each(group, lowered), (group[0], text)


def test_a_groups_phrase_pattern_finds_what_its_phrases_of_several_words_find() -> None:
    for group, pattern in zip(lexicon.GROUPS, lexicon._phrases(), strict=True):
        several = tuple(p for p in group if " " in p)
        for text in texts():
            lowered = lexicon.base_forms(text)
            assert bool(pattern.search(lowered)) == _each(several, lowered), (group[0], text)


@pytest.mark.parametrize(
    "value", ["overdue", "returned", "current", "book", "audiobook", "ebook", "pet supplies"]
)
def test_a_state_is_said_where_one_of_its_phrases_is(value: str) -> None:
    wanted = set(terms(value))
    groups = [
        g for g in lexicon.STATES if {t for w in g if not set(w) & {" ", "-"} for t in terms(w)} & wanted
    ]
    for text in texts():
        lowered = lexicon.base_forms(text)
        assert lexicon.says_state(value, text) == any(_each(g, lowered) for g in groups), text


def test_irregular_verbs_are_replaced_as_a_look_up_per_word_would() -> None:
    def per_word(text: str) -> str:
        return re.sub(r"\b[a-z]+\b", lambda m: lexicon.IRREGULAR.get(m.group(0), m.group(0)), text)

    for text in (*texts(), *(t.upper() for t in EDGES), *EDGES):
        assert lexicon._IRREGULAR_WORD.sub(lambda m: lexicon.IRREGULAR[m.group(0)], text) == per_word(text)

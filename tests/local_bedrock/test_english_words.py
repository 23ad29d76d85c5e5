"""local_bedrock.english keeps the words it can answer yes for in a file, and reads them from there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spellchecker

from local_bedrock import english


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(english, "CACHE_DIR", tmp_path)
    english._counts.cache_clear()
    yield tmp_path
    english._counts.cache_clear()


def test_the_kept_words_answer_as_the_whole_dictionary(cache_dir: Path) -> None:
    every = spellchecker.SpellChecker(language="en", distance=1).word_frequency.dictionary
    kept = english._counts()
    assert english._kept_words().parent == cache_dir and english._kept_words().is_file()
    assert kept == {w: c for w, c in every.items() if c >= english.MIN_COUNT}
    assert 0 < len(kept) < len(every)
    probes = [w for w, c in list(every.items())[::97]] + ["people", "length", "organise", "zzqx"]
    for word in probes:
        count = every.get(word, 0)
        assert english.common(word) == (len(word) >= english.MIN_LENGTH and count >= english.MIN_COUNT)
        assert english.everyday(word) == (count >= english.EVERYDAY_COUNT)


def test_a_start_reads_the_file_and_never_builds_the_dictionary(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english._counts()
    english._counts.cache_clear()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the dictionary was built although its words were kept")

    monkeypatch.setattr(spellchecker, "SpellChecker", refuse)
    assert english.everyday("people") and english.common("length")


def test_a_damaged_file_is_built_again(cache_dir: Path) -> None:
    english._kept_words().write_text('{"people": 12')  # cut short
    assert english.everyday("people")
    assert json.loads(english._kept_words().read_text())["people"] >= english.EVERYDAY_COUNT


def test_the_file_is_named_by_the_package_version_and_the_bound(cache_dir: Path) -> None:
    name = english._kept_words().name
    assert spellchecker.__version__ in name and str(english.MIN_COUNT) in name

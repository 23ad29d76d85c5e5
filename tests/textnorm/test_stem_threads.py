"""`textnorm.stem` from many threads at once: the local endpoint serves concurrent turns on threads,
and every one of them stems (planner, retriever, guardrail topics)."""

from __future__ import annotations

import random
import string
import threading

import textnorm


def _words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    suffixes = ["ational", "ization", "fulness", "iveness", "ements", "ingly", "ousli", "alism"]
    return [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) + rng.choice(suffixes)
        for _ in range(count)
    ]


def test_concurrent_stems_equal_serial_stems(rapid_switching: None) -> None:
    batches = [_words(seed, 400) for seed in range(8)]
    textnorm.stem.cache_clear()
    found: dict[int, list[str]] = {}
    failures: list[BaseException] = []

    def run(n: int) -> None:
        try:
            found[n] = [textnorm.stem(word) for word in batches[n]]
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, f"stemming failed in a thread: {failures[0]!r}"
    textnorm.stem.cache_clear()
    assert found == {n: [textnorm.stem(word) for word in batch] for n, batch in enumerate(batches)}

"""Model patterns are matched while holding the GIL: the ``regex`` module would release it around
every match on a ``str``, and under concurrent turns each of the ~70 checks a turn then waited to
take it back (docs/performance.md, issue 15)."""

from __future__ import annotations

import threading
import time

from local_bedrock import constraints


def _slow_enough(pattern: str, seconds: float = 0.3) -> str:
    value = "a" * 10_000
    while len(value) < 200_000:
        started = time.perf_counter()
        constraints.pattern_matches(pattern, value)
        if time.perf_counter() - started >= seconds:
            break
        value *= 2
    return value


def test_a_pattern_check_keeps_the_gil_so_other_threads_do_not_run_meanwhile() -> None:
    # A slow search (quadratic: every start scans to the end) on a str: while it runs, a thread that
    # only needs the GIL must not advance if the match holds it. The value is lengthened until one
    # match takes 0.3 s here: on an idle machine 10,000 letters matched in under 0.2 s (a fresh clone
    # at 09ca799, load 0.05) and the window was too short to tell.
    pattern = "[a-z]+[0-9]"
    value = _slow_enough(pattern)
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    # Compiled before the clock starts: compiling runs Python code, which may hand the GIL over (seen
    # once under load on a clean clone, 2026-12-01: 3 ticks), and the check is about the match alone.
    assert not constraints.pattern_matches(pattern, "")
    thread = threading.Thread(target=ticker)
    thread.start()
    time.sleep(0.05)
    started = time.perf_counter()
    assert not constraints.pattern_matches(pattern, value)
    ended = time.perf_counter()
    stop.set()
    thread.join()
    during = [t for t in ticks if started + 0.05 < t < ended - 0.05]
    assert ended - started > 0.2, "the match was too quick to tell; lengthen the value"
    assert during == [], f"{len(during)} ticks ran while the pattern was matched: the GIL was released"

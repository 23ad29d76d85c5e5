"""The 8-vs-1 window (bench/conversation.py): turns served while every client is running, counted on
synthetic timelines, and the same rule for one client."""

from __future__ import annotations

import itertools
import threading

import pytest

from bench import conversation
from bench.conversation import Run, concurrent_run, while_all_active


def test_turns_until_the_first_client_finishes_count_whole_and_one_in_progress_counts_its_share() -> None:
    # Client A ends its last turn at 10; B is then 3 s into a 4 s turn; C is 1 s into a 4 s turn
    timelines = [
        [(0.0, 5.0), (5.0, 10.0)],
        [(0.0, 4.0), (4.0, 7.0), (7.0, 11.0)],
        [(0.0, 9.0), (9.0, 13.0)],
    ]
    turns, seconds = while_all_active(0.0, timelines)
    assert seconds == 10.0
    assert turns == pytest.approx(2 + (2 + 3 / 4) + (1 + 1 / 4))


def test_the_ramp_down_after_the_first_client_finishes_is_left_out() -> None:
    # Two clients at 1 turn/s each, then one client alone for 6 more turns: the rule before this
    # window (every turn over the time until the last client finished) reads 1.5 turns/s
    pair = [(float(t), float(t + 1)) for t in range(4)]
    alone = [(float(t), float(t + 1)) for t in range(10)]
    turns, seconds = while_all_active(0.0, [pair, alone])
    assert (turns, seconds) == (8.0, 4.0)
    whole = Run(14, 10.0, 0.0, turns, seconds)
    assert (whole.per_second, whole.active_per_second) == (1.4, 2.0)


def test_one_client_is_measured_over_its_whole_run() -> None:
    spans = [(0.5, 1.25), (1.25, 3.0), (3.0, 3.5)]
    assert while_all_active(0.5, [spans]) == (3.0, 3.0)


def test_a_turn_begun_before_the_window_counts_only_its_share_inside() -> None:
    turns, seconds = while_all_active(1.0, [[(0.0, 2.0), (2.0, 3.0)], [(1.0, 4.0)]])
    assert (turns, seconds) == (pytest.approx(0.5 + 1 + 2 / 3), 2.0)


def test_concurrent_run_records_every_timed_turn_of_every_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that ticks once per reading: every client's timed turns are counted, the window ends
    with the first client's last turn, and one client's window is its whole run."""
    ticks, lock = itertools.count(), threading.Lock()

    def clock() -> float:
        with lock:
            return float(next(ticks))

    monkeypatch.setattr(conversation.time, "perf_counter", clock)
    calls: list[int] = []
    run = concurrent_run(lambda n: lambda: calls.append(n), 4, 12)
    assert sorted(calls) == sorted([0, 1, 2, 3] * 4)  # one warm-up turn and three timed each
    assert run.turns == 12
    assert 0 < run.active_turns <= 12 and 0 < run.active_seconds <= run.seconds
    single = concurrent_run(lambda n: lambda: None, 1, 5)
    # every turn inside its window; only the first may have read the clock before the window's start
    assert 4.0 < single.active_turns <= 5.0 and single.turns == 5

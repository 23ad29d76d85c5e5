"""The planner suites name absolute dates ("last month" = October 2026), so their runtime resolves
relative dates against the day they were written, whatever the clock says."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import Path

import pytest

from evals.planner.suite import WRITTEN, run_suite, suite_runtime

CASE = """cases:
  - {id: dated, say: "what did I buy last month?", expect: {calls: [getRecentPurchases],
     args: {since: "2026-10-01", until: "2026-10-31"}}}
"""


@pytest.mark.parametrize("clock", [date(2026, 12, 1), date(2027, 3, 15)])
def test_relative_dates_resolve_against_the_day_the_suites_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: date
) -> None:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Clock:
            return cls(clock.year, clock.month, clock.day, 9, 0, tzinfo=tz)

    monkeypatch.setattr("local_bedrock.planner.planner.datetime", Clock)
    suite = tmp_path / "dated.yaml"
    suite.write_text(CASE)
    assert date(2026, 11, 30) == WRITTEN
    with suite_runtime(suite) as runtime:
        [result] = run_suite(runtime.client(), runtime.sample, suite)
    assert result.passed, result.problems
